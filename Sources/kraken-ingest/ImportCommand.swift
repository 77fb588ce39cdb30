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
            Example: kraken-ingest import ~/Downloads/Kraken_OHLCVT.zip --tier TIER1 --intervals 60,1440
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
        if paths.isEmpty && resume == nil {
            throw ValidationError("give at least one path to import, or --resume JOB_ID")
        }
        if !paths.isEmpty && resume != nil {
            throw ValidationError("--resume continues a job with its own paths; give no paths with it")
        }
        if !(0...1).contains(maxRejectRatio) {
            throw ValidationError("--max-reject-ratio must be between 0 and 1, got \(maxRejectRatio)")
        }
    }

    func run() throws {
        try reportingErrors {
            let catalog = try store.loadTiers()
            let options = try makeOptions(catalog)
            if dryRun {
                let planner = ImportPlanner(tiers: catalog)
                let plan =
                    try SQLiteStore.openReadOnly(path: store.databasePath)?.read {
                        try planner.plan(options, store: $0)
                    }
                    ?? planner.plan(options, store: nil)
                emit(ImportReportText.plan(plan))
                return
            }
            let opened = try SQLiteStore.open(path: store.databasePath)
            let stop = StopRequest()
            let signals = SignalStop.install(stop) { _ in
                FileHandle.standardError.write(
                    Data(
                        ("\nstopping after the file in flight (it will be committed); press Ctrl-C again to stop at "
                            + "once\n").utf8))
            }
            defer { signals.restore() }
            let printer = ImportProgressPrinter()
            let importer = Importer(store: opened, tiers: catalog, stop: stop, onEvent: printer.handle)
            let summary = try resume.map { try importer.resume(jobID: $0) } ?? importer.run(options)
            printer.finish()
            emit(json ? try jsonText(summary) : ImportReportText.summary(summary))
            if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
        }
    }

    private func makeOptions(_ catalog: TierCatalog) throws -> ImportOptions {
        ImportOptions(
            paths: paths, tiers: try selection.tierNames(catalog), pairs: try selection.pairNames(),
            intervals: try selection.intervalMinutes(), maxRejectRatio: maxRejectRatio)
    }
}
