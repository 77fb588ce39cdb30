import ArgumentParser
import Foundation
import KrakenIngest

/// What `futures reset --json` prints: the resources whose cursors were forgotten, and whether their rows went too.
struct FuturesResetJSON: Encodable {
    let resources: [String]
    let dropData: Bool
}

/// `kraken-ingest futures reset`: forget cursors (and with `--drop-data`, the rows) so the next sync starts over.
struct FuturesResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Forget futures cursors so the next sync starts from the beginning (or --since).",
        discussion: "Example: kraken-ingest futures reset executions --drop-data")

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("Resources to reset (default: all).", valueName: "resource"))
    var resources: [String] = []

    @Flag(name: .customLong("drop-data"), help: "Also delete the stored rows of these resources.")
    var dropData = false

    @Flag(name: .long, help: "Print what was reset as JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let chosen = try FuturesResourceNames.resolve(resources)
            let session = try store.openForWriting(create: false).openWriterSession()
            defer { session.close() }
            try session.transaction { tx in
                for resource in chosen {
                    try tx.deleteSyncCursor(resource.name)
                    if dropData { try tx.deleteFuturesRows(resource) }
                }
            }
            if json {
                return emit(try jsonText(FuturesResetJSON(resources: chosen.map(\.name), dropData: dropData)))
            }
            let what = dropData ? "cursors and rows" : "cursors"
            emit("reset \(what) of \(chosen.map(\.name).joined(separator: ", "))\n")
        }
    }
}
