import ArgumentParser
import Foundation
import KrakenIngest

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The whole job: import archives, detect gaps, backfill from the API, write the report.",
        discussion: """
            One resumable job of phases: import the given archives (none: skip), update coverage, detect and classify \
            gaps, backfill what the REST OHLC endpoint can fill (--no-api-backfill skips it), then print the \
            completeness report and write its files and the archive download list (download-list.csv) under --out. \
            When Kraken cannot be reached, one line says so, API gaps stay DETECTED, every other phase completes, and \
            the exit code is 69. Ctrl-C pauses the job; re-run the same command or use --resume.
            Example: kraken-ingest run ~/Downloads/Kraken_OHLCVT_Q3_2024.zip --tier TIER1 --out reports
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp("Directories, ZIP archives or candle files to import first.", valueName: "path"))
    var paths: [String] = []
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var api: SpotAPIOptions
    @Flag(name: .customLong("no-api-backfill"), help: "Skip the API backfill (no network).")
    var noAPIBackfill = false
    @Option(name: .customLong("max-requests"), help: "Send at most this many OHLC requests.")
    var maxRequests: Int?
    @Option(name: .long, help: ArgumentHelp("Folder for the report files and the download list.", valueName: "dir"))
    var out = "reports"
    @Option(name: .long, help: ArgumentHelp("Continue the paused or failed job with this id.", valueName: "job-id"))
    var resume: Int64?
    @Flag(name: .customLong("dry-run"), help: "Print the whole plan (files, API requests and time, archives) only.")
    var dryRun = false
    @Flag(name: .long, help: "Print one JSON summary of the job instead of the text summaries and the table.")
    var json = false

    func run() throws {
        try reportingErrors {
            let catalog = try store.loadTiers()
            let clock = SystemClock()
            let analyzer = CompletenessAnalyzer(classifier: GapClassifier(now: clock.nowSeconds), tiers: catalog)
            let scope = try selection.analysisScope(catalog)
            let importOptions = ImportOptions(
                paths: paths, tiers: try selection.tierNames(catalog),
                pairs: try selection.pairNames(),
                intervals: try selection.intervalMinutes(), maxRejectRatio: 0.01)
            // Checked before the database is opened or created: nothing is recorded for a run that cannot start.
            let existing = try SQLiteStore.openReadOnly(path: store.databasePath)
            let storedPairs = try existing?.read { Set(try $0.pairIDs().keys) } ?? []
            let known = storedPairs.union(catalog.tiers.flatMap(\.pairs))
            var scan: ArchiveScanner.Result?
            if !paths.isEmpty {
                scan = try ImportPreflight(tiers: catalog, alsoKnownPairs: known, requireSelectedFile: false)
                    .check(importOptions)
            } else {
                try selection.checkPairsKnown(catalog, store: existing)
            }
            if dryRun {
                return try printPlan(
                    catalog, importOptions: importOptions, scan: scan, analyzer: analyzer, scope: scope)
            }
            let printer = ImportProgressPrinter()
            let importPhase = ImportPhase(options: importOptions, tiers: catalog, scan: scan, onEvent: printer.handle)
            let client = try api.makeClient(clock: clock)
            let backfill = BackfillPhase(
                client: client, tiers: catalog, analyzer: analyzer, scope: scope, maxRequests: maxRequests,
                onProgress: { FileHandle.standardError.write(Data("backfill \($0)\n".utf8)) })
            let report = ReportPhase(analyzer: analyzer, scope: scope, label: selection.label, directory: out)
            var phases: [any JobPhase] = []
            if !paths.isEmpty { phases.append(importPhase) }
            phases.append(GapDetectionPhase(analyzer: analyzer, scope: scope))
            if !noAPIBackfill { phases.append(backfill) }
            phases.append(report)

            let session = try store.openForWriting(create: true).openWriterSession()
            defer { session.close() }
            let stop = StopRequest()
            let signals = SignalStop.install(stop) { _ in
                FileHandle.standardError.write(
                    Data(
                        "\nstopping after the unit in flight (it will be committed); Ctrl-C again stops at once\n".utf8)
                )
            }
            defer { signals.restore() }
            let options =
                "{\"import\":\(importOptions.canonicalJSON()),\"scope\":\(scope.canonicalJSON()),"
                + "\"backfill\":\(!noAPIBackfill),\"out\":\(try CanonicalJSON.string(out))}"
            let dbArgument = store.dbArgument
            let run = try JobRunner(session: session, stop: stop).run(
                JobSpec(
                    kind: "run", options: options, phases: phases, resumeJobID: resume,
                    resumeHint: { Self.resumeHint(jobID: $0, dbArgument: dbArgument) }))
            printer.finish()
            var imported = importPhase.summary.value
            if imported != nil {
                imported?.status = run.status == .paused && run.stoppedIn == "import" ? .paused : .completed
            }
            var summary = backfill.result.value
            summary?.jobID = run.jobID
            if json {
                emit(
                    try CanonicalJSON.pretty(
                        RunSummaryJSON(
                            run: run, imported: imported, backfill: summary, backfillSkipped: noAPIBackfill,
                            report: report.report.value, files: report.files.value ?? [])))
            }
            if let imported {
                if !json { emit(ImportReportText.summary(imported, resumeArguments: dbArgument)) }
                for item in imported.unreadable {
                    FileHandle.standardError.write(Data("error: cannot read \(item.path): \(item.reason)\n".utf8))
                }
            }
            if let summary, !summary.unreachable, !json { emit(BackfillReportText.summary(summary, jobID: nil)) }
            if noAPIBackfill { FileHandle.standardError.write(Data("API backfill skipped (--no-api-backfill)\n".utf8)) }
            if let built = report.report.value {
                if !json {
                    emit(ReportTextWriters.table(built, colour: ConsoleSettings.shared.colour(for: STDOUT_FILENO)))
                }
                let files = report.files.value ?? []
                FileHandle.standardError.write(Data(("wrote " + files.joined(separator: ", ") + "\n").utf8))
            }
            if run.status == .paused {
                let hint = Self.resumeHint(jobID: run.jobID, dbArgument: dbArgument)
                FileHandle.standardError.write(
                    Data("job \(run.jobID) paused in \(run.stoppedIn ?? "?"); \(hint)\n".utf8))
                throw ExitCode(130)
            }
            if let summary, let line = SpotAPIOptions.unreachableLine(summary, client) {
                FileHandle.standardError.write(Data(line.utf8))
                throw ExitCode(BackfillSummary.unreachableExitCode)
            }
            let importFailed = (importPhase.summary.value?.exitCode ?? 0) != 0
            if importFailed || (summary?.exitCode ?? 0) != 0 { throw ExitCode(3) }
        }
    }

    /// How to continue a paused run (with `--db PATH` when it was given).
    static func resumeHint(jobID: Int64, dbArgument: String) -> String {
        "resume with `kraken-ingest run --resume \(jobID)\(dbArgument)` or re-run the same command"
    }

    /// Files to import, API requests with their estimated time, and archives still needed; writes nothing. The
    /// requests and archives are those of the store as it is (the import may close some of them).
    private func printPlan(
        _ catalog: TierCatalog, importOptions: ImportOptions, scan: ArchiveScanner.Result?,
        analyzer: CompletenessAnalyzer, scope: AnalysisScope
    ) throws {
        let reader = try SQLiteStore.openReadOnly(path: store.databasePath)
        var importPlan: ImportPlan?
        if !paths.isEmpty {
            let planner = ImportPlanner(tiers: catalog)
            importPlan =
                try reader?.read { try planner.plan(importOptions, store: $0, scan: scan) }
                ?? planner.plan(importOptions, store: nil, scan: scan)
        }
        let found = try reader?.read { try GapDetectionPhase.detect(scope, analyzer: analyzer, in: $0) }
        var backfillPlan: BackfillPlan?
        if !noAPIBackfill {
            let selection = SeriesSelection(tiers: scope.tiers, pairs: scope.pairs, intervals: Set(scope.intervals))
            let targets = BackfillTarget.from(series: found?.series ?? [], selection: selection)
            backfillPlan = BackfillPlan(
                targets: targets, maxRequests: maxRequests, perPair: api.perPair,
                global: api.global)
        }
        let archives = found?.archivesToFetch ?? []
        if json {
            return emit(
                try CanonicalJSON.pretty(
                    RunPlanJSON(
                        import: importPlan.map(ImportPlanJSON.init), backfill: backfillPlan,
                        archivesToFetch: archives)))
        }
        if let importPlan { emit(ImportReportText.plan(importPlan)) }
        if let backfillPlan {
            emit(BackfillReportText.plan(backfillPlan))
        } else {
            emit("API backfill: skipped (--no-api-backfill)\n")
        }
        emit("archives still needed (as the store is now): \(archives.count)\n")
        for archive in archives {
            emit("  \(archive.archive): \(archive.members.count) member(s), \(archive.candles) candle(s)\n")
        }
        if !paths.isEmpty { emit("(requests and archives are counted before the import; it may close some gaps)\n") }
    }
}
