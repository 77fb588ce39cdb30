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
            Exit codes: 0 success, 1 error, 3 some files (or backfilled series) failed or some paths could not be \
            read, 64 usage error (also an unknown pair or interval), 66 no database (commands that only read) or \
            no candle file to import, 69 Kraken unreachable (backfill), 73 the database cannot be created or \
            written there (missing folder, read-only location), 75 database busy, 130 interrupted (job paused, \
            resumable).
            """,
        version: KrakenIngestVersion.current,
        subcommands: [
            ImportCommand.self, CoverageCommand.self, GapsCommand.self, ReportCommand.self, JobsCommand.self,
            TiersCommand.self, FuturesCommand.self,
            BackfillCommand.self, RunCommand.self, PollCommand.self,
        ]
    )
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
        case .noInput: throw ExitCode(ExitCodes.noInput)
        case .cannotWrite: throw ExitCode(ExitCodes.cannotWrite)
        case .writeFailed: throw ExitCode(ExitCodes.writeFailed)
        }
    }
}

/// Exit codes of conditions that have their own (from sysexits.h).
enum ExitCodes {
    /// EX_NOINPUT: no database for a command that only reads, or nothing importable in the paths given.
    static let noInput: Int32 = 66
    /// EX_CANTCREAT: the database cannot be created or written where it is.
    static let cannotWrite: Int32 = 73
    /// EX_IOERR: a write to the database failed part-way (disk full); the job is paused and resumable.
    static let writeFailed: Int32 = 74
}

/// Prints `text` to standard output without an extra newline.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Pretty, key-sorted JSON of `value`, with a trailing newline.
func jsonText<T: Encodable>(_ value: T) throws -> String { try CanonicalJSON.pretty(value) }
