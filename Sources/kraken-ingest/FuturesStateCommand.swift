import ArgumentParser
import Foundation
import KrakenIngest

/// `kraken-ingest futures state`: each resource's stored cursor, token, rows, last run, lag and lag warnings.
struct FuturesStateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state", abstract: "Show each futures resource's cursor, rows, last run and lag behind now.",
        discussion: """
            The lag runs from when the resource was last synced through (the last complete run, else the cursor). \
            History resources warn when the lag nears the endpoint's retention (from \
            \(Int(FuturesLagCheck.nearShare * 100))% of it) and, whenever the lag is not zero, about Kraken \
            decommissioning the Futures REST API on 1 March 2027. Kraken publishes no retention figure, so \
            \(FuturesLagCheck.assumedRetentionDays) days is assumed unless --retention-days says otherwise.
            Example: kraken-ingest futures state --json
            """)

    @OptionGroup var store: StoreOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "How many days back Kraken keeps history (default: the published figure, else "
                + "\(FuturesLagCheck.assumedRetentionDays), assumed).",
            valueName: "days"))
    var retentionDays: Int?

    func validate() throws {
        if let days = retentionDays, days < 1 { throw ValidationError("--retention-days must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            let now = SystemClock().now()
            let check = FuturesLagCheck(retentionOverride: retentionDays)
            let opened = try store.openForReading()
            let entries = try opened.read { try FuturesStateEntry.all($0, now: now, check: check) }
            if json { return emit(try jsonText(entries)) }
            var lines: [String] = []
            for entry in entries {
                lines.append(
                    "\(entry.resource): cursor \(entry.cursor ?? "-"), "
                        + "token \(entry.continuationToken ?? "-"), "
                        + "rows \(entry.rows), last run \(entry.lastRunAtUTC ?? "never"), "
                        + "lag \(entry.lagSeconds.map { "\($0) s" } ?? "-")"
                        + (entry.lastError.map { ", last error: \($0)" } ?? ""))
                lines += entry.warnings.map { "  warning: \($0)" }
            }
            emit(lines.joined(separator: "\n") + "\n")
        }
    }
}
