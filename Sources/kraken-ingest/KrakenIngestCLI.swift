import ArgumentParser
import Foundation
import KrakenIngest
import Logging

@main
struct KrakenIngestCLI: ParsableCommand {
    /// Sends swift-log output to standard error, once, before any command runs.
    static func main() {
        LoggingSystem.bootstrap { _ in LogLineHandler() }
        main(nil)
    }

    static let configuration = CommandConfiguration(
        commandName: "kraken-ingest",
        abstract: "Keep a complete, verified local history of Kraken OHLCV candles.",
        discussion: """
            Start with `kraken-ingest run Fixtures/sample` (import, gaps, backfill, report). Every command takes \
            --db, --quiet, --verbose and --no-color; `kraken-ingest help COMMAND` shows its options and an example; \
            `kraken-ingest --generate-completion-script bash` (or zsh, fish) prints shell completion. \
            Exit codes: 0 success, 1 error, 3 some files (or backfilled series) failed, 64 usage error, \
            69 Kraken unreachable (backfill), 75 database busy, \
            130 interrupted (job paused, resumable).
            """,
        version: KrakenIngestVersion.current,
        subcommands: [
            ImportCommand.self, CoverageCommand.self, GapsCommand.self, ReportCommand.self, JobsCommand.self,
            TiersCommand.self, FuturesCommand.self,
            BackfillCommand.self, RunCommand.self, PollCommand.self,
        ]
    )
}

/// Options every command that touches the store shares.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "SQLite database path (default: $KRAKEN_INGEST_DB or data/kraken.sqlite).", valueName: "path"))
    var db: String?

    @Option(
        name: .customLong("tiers-file"),
        help: ArgumentHelp("Tier definitions (default: data/tiers.json, else built-in).", valueName: "path"))
    var tiersFile: String?

    @OptionGroup var output: OutputOptions

    var databasePath: String { SQLiteStore.resolvePath(flag: db) }

    /// The store for a command that only reads; a missing database is an error that says how to make one.
    func openForReading() throws -> SQLiteStore {
        guard let store = try SQLiteStore.openReadOnly(path: databasePath) else {
            throw KrakenIngestError.usage("no database at \(databasePath); run `kraken-ingest import PATH` first")
        }
        return store
    }

    func loadTiers() throws -> TierCatalog {
        try TierCatalog.load(from: tiersFile.map { URL(fileURLWithPath: $0) })
    }
}

/// Runs a command body, turning library errors into a message on standard error and the documented exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as KrakenIngestError {
        FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
        switch error {
        case .usage: throw ExitCode(64)
        case .databaseBusy: throw ExitCode(75)
        case .store, .input: throw ExitCode(1)
        }
    }
}

/// Prints `text` to standard output without an extra newline.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Pretty, key-sorted JSON of `value`, with a trailing newline.
func jsonText<T: Encodable>(_ value: T) throws -> String { try CanonicalJSON.pretty(value) }
