import ArgumentParser
import Foundation
import KrakenIngest

/// `kraken-ingest futures state`: each resource's stored cursor, token, rows, last run and lag.
struct FuturesStateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state", abstract: "Show each futures resource's cursor, rows, last run and lag behind now.")

    @OptionGroup var store: StoreOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    struct Entry: Codable {
        var resource: String
        var cursor: String?
        var continuationToken: String?
        var rows: Int64
        var lastRunAt: String?
        var lagSeconds: Int64?
        var lastError: String?
    }

    func run() throws {
        try reportingErrors {
            let now = SystemClock().now()
            let opened = try SQLiteStore.open(path: store.databasePath)
            let entries = try opened.read { reader in
                try FuturesResource.all.map { resource -> Entry in
                    let state = try reader.syncCursor(resource.name)
                    var lag: Int64?
                    if resource.cursorKind == .time, let ms = state?.cursor.flatMap({ Int64($0) }) {
                        lag = (now.value - ms) / 1000
                    } else if let last = state?.lastRunAt {
                        lag = (now.value - last) / 1000
                    }
                    return Entry(
                        resource: resource.name, cursor: state?.cursor, continuationToken: state?.token,
                        rows: try reader.futuresRowCount(resource),
                        lastRunAt: state?.lastRunAt.map { UnixMillis($0).iso }, lagSeconds: lag,
                        lastError: state?.lastError)
                }
            }
            if json { return emit(try jsonText(entries)) }
            var lines: [String] = []
            for entry in entries {
                lines.append(
                    "\(entry.resource): cursor \(entry.cursor ?? "-"), "
                        + "token \(entry.continuationToken ?? "-"), "
                        + "rows \(entry.rows), last run \(entry.lastRunAt ?? "never"), "
                        + "lag \(entry.lagSeconds.map { "\($0) s" } ?? "-")"
                        + (entry.lastError.map { ", last error: \($0)" } ?? ""))
            }
            emit(lines.joined(separator: "\n") + "\n")
        }
    }
}
