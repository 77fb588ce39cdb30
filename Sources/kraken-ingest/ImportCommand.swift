import ArgumentParser
import Dispatch
import Foundation
import KrakenIngest

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import Kraken OHLCVT archives: directories, .zip archives, .csv, .csv.zst and .csv.gz files.",
        discussion: """
        Files are recognised by their name, {ALTNAME}_{MINUTES}.csv, in any folder. Files already ingested are \
        skipped (same SHA-256, or same ZIP member name, size and CRC-32). Ctrl-C pauses the job; re-run the same \
        command or use --resume to continue.
        """)

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("Directories, ZIP archives or candle files.", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var selection: SelectionOptions

    @Option(name: .customLong("max-reject-ratio"), help: "A file with a larger share of rejected rows fails (0 to 1).")
    var maxRejectRatio: Double = 0.01

    @Option(name: .long, help: ArgumentHelp("Continue the paused or stale job with this id.", valueName: "job-id"))
    var resume: Int64?

    @Flag(name: .customLong("dry-run"), help: "Print the plan (files per tier, pair and interval) and write nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Print the closing summary as JSON.")
    var json = false

    func validate() throws {
        if paths.isEmpty && resume == nil { throw ValidationError("give at least one path to import, or --resume JOB_ID") }
        if !paths.isEmpty && resume != nil { throw ValidationError("--resume continues a job with its own paths; give no paths with it") }
        if !(0...1).contains(maxRejectRatio) { throw ValidationError("--max-reject-ratio must be between 0 and 1, got \(maxRejectRatio)") }
    }

    func run() throws {
        try reportingErrors {
            let catalog = try store.loadTiers()
            let options = try makeOptions(catalog)
            if dryRun {
                let existing = try KrakenStore.openReadOnly(path: store.databasePath)
                let plan = try ImportPlanner(tiers: catalog).plan(options, store: existing)
                emit(ImportReportText.plan(plan))
                return
            }
            let opened = try KrakenStore.open(path: store.databasePath)
            let cancellation = CancellationFlag()
            let signals = SignalTrap(cancellation: cancellation)
            defer { signals.restore() }
            let printer = ImportProgressPrinter()
            let importer = Importer(store: opened, tiers: catalog, cancellation: cancellation, onEvent: printer.handle)
            let summary = try resume.map { try importer.resume(jobID: $0) } ?? importer.run(options)
            printer.finish()
            emit(json ? try jsonText(summary) : ImportReportText.summary(summary))
            if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
        }
    }

    private func makeOptions(_ catalog: TierCatalog) throws -> ImportOptions {
        ImportOptions(paths: paths, tiers: try selection.tierNames(catalog), pairs: try selection.pairNames(),
                      intervals: try selection.intervalMinutes(), maxRejectRatio: maxRejectRatio)
    }
}

/// Routes SIGINT and SIGTERM to a cancellation flag while an import runs, so the file in flight is rolled back
/// and the job is marked PAUSED instead of the process dying mid-transaction.
final class SignalTrap {
    private var sources: [DispatchSourceSignal] = []

    init(cancellation: CancellationFlag) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                FileHandle.standardError.write(Data("\nstopping: rolling back the file in flight…\n".utf8))
                cancellation.cancel()
            }
            source.resume()
            sources.append(source)
        }
    }

    func restore() {
        sources.forEach { $0.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
