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
            skipped (same SHA-256, or same ZIP member name, size and CRC-32; --recheck hashes them again). Ctrl-C \
            pauses the job; re-run the same command or use --resume to continue. Exit codes: 0 done, 3 some files \
            failed or some paths could not be read (the others were imported), 64 usage error (also a --pairs pair \
            no file has), 66 no candle file to import (nothing is recorded), 73 the database cannot be created or \
            written there, 75 busy, 130 paused.
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

    @Flag(
        name: .long,
        help: "Read and hash again the files the ledger already knows (a corrected file of the same size and time).")
    var recheck = false

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
            // Checked before the database is opened: an import that cannot start records and creates nothing.
            let scan = try resume == nil ? ImportPreflight(tiers: catalog).check(options) : nil
            if dryRun {
                let planner = ImportPlanner(tiers: catalog)
                let plan =
                    try SQLiteStore.openReadOnly(path: store.databasePath)?.read {
                        try planner.plan(options, store: $0, scan: scan)
                    }
                    ?? planner.plan(options, store: nil, scan: scan)
                emit(json ? try jsonText(ImportPlanJSON(plan)) : ImportReportText.plan(plan))
                reportUnreadable(plan.unreadable)
                // As the import itself would: some paths cannot be read.
                if !plan.unreadable.isEmpty { throw ExitCode(3) }
                return
            }
            let opened = try store.openForWriting(create: resume == nil)
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
            let dbArgument = store.dbArgument
            importer.resumeHint = {
                "resume with `kraken-ingest import --resume \($0)\(dbArgument)` or re-run the same command"
            }
            let summary: ImportSummary
            if let resume {
                summary = try importer.resume(jobID: resume)
            } else {
                summary = try scan.map { try importer.run(options, scan: $0) } ?? importer.run(options)
            }
            printer.finish()
            emit(json ? try jsonText(summary) : ImportReportText.summary(summary, resumeArguments: dbArgument))
            reportUnreadable(summary.unreadable)
            if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
        }
    }

    private func makeOptions(_ catalog: TierCatalog) throws -> ImportOptions {
        ImportOptions(
            paths: paths, tiers: try selection.tierNames(catalog), pairs: try selection.pairNames(),
            intervals: try selection.intervalMinutes(), maxRejectRatio: maxRejectRatio, recheck: recheck)
    }

    /// One line per path that could not be read, on standard error (also under --json).
    private func reportUnreadable(_ unreadable: [SkippedPath]) {
        for item in unreadable {
            FileHandle.standardError.write(Data("error: cannot read \(item.path): \(item.reason)\n".utf8))
        }
    }
}
