import ArgumentParser
import Foundation
import KrakenIngest

struct BackfillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Fill the gaps the REST OHLC endpoint can still serve (its latest 720 candles per series).",
        discussion: """
            Runs gap detection first, then makes one OHLC request per (pair, interval) with API-fillable gaps (or the \
            API-servable tail of older gaps), independent pairs concurrently within the per-pair and global rate \
            limits. Only finished candles are stored (source api; archive candles are never replaced), the span each \
            answer vouches for becomes coverage, and gap records become FILLED, or FAILED with the attempt and the \
            error. Ctrl-C pauses the job after the requests in flight; re-run the same command or use --resume. \
            Exit codes: 0 done, 3 some series failed, 69 Kraken could not be reached (gaps stay DETECTED), \
            130 paused.
            Example: kraken-ingest backfill --tier TIER1 --intervals 60,1440 --dry-run
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var selection: SelectionOptions

    @Flag(name: .customLong("dry-run"), help: "Print the requests per tier, pair and interval and the estimated time.")
    var dryRun = false
    @Option(name: .customLong("max-requests"), help: "Send at most this many OHLC requests (the rest wait a re-run).")
    var maxRequests: Int?
    @OptionGroup var api: SpotAPIOptions
    @Option(name: .long, help: ArgumentHelp("Continue the paused or failed job with this id.", valueName: "job-id"))
    var resume: Int64?
    @Flag(name: .long, help: "Print the closing summary as JSON.")
    var json = false

    func validate() throws {
        if let maxRequests, maxRequests < 0 { throw ValidationError("--max-requests must not be negative") }
    }

    func run() throws {
        try reportingErrors {
            let catalog = try store.loadTiers()
            let clock = SystemClock()
            let analyzer = CompletenessAnalyzer(classifier: GapClassifier(now: clock.nowSeconds), tiers: catalog)
            let scope = try selection.analysisScope(catalog)
            try selection.checkPairsKnown(catalog, store: try store.openForReading())
            if dryRun {
                return try printPlan(
                    catalog, analyzer: analyzer, scope: scope, perPair: api.perPair,
                    global: api.global)
            }
            let client = try api.makeClient(clock: clock)
            let phase = BackfillPhase(
                client: client, tiers: catalog, analyzer: analyzer, scope: scope,
                maxRequests: maxRequests,
                onProgress: { FileHandle.standardError.write(Data("backfill \($0)\n".utf8)) })
            let session = try store.openForWriting(create: false).openWriterSession()
            defer { session.close() }
            let stop = StopRequest()
            let signals = SignalStop.install(stop) { _ in
                FileHandle.standardError.write(
                    Data(
                        "\nstopping after the requests in flight (they will be stored); Ctrl-C again stops at once\n"
                            .utf8))
            }
            defer { signals.restore() }
            let spec = JobSpec(
                kind: BackfillPhase.kind, options: options(scope),
                phases: [GapDetectionPhase(analyzer: analyzer, scope: scope), phase],
                resumeJobID: resume,
                resumeHint: { [dbArgument = store.dbArgument] id in
                    "resume with `kraken-ingest backfill --resume \(id)\(dbArgument)` or re-run the same command"
                })
            let run = try JobRunner(session: session, stop: stop).run(spec)
            var summary = phase.result.value ?? BackfillSummary()
            summary.jobID = run.jobID
            emit(json ? try jsonText(summary) : BackfillReportText.summary(summary, jobID: run.jobID))
            if let line = SpotAPIOptions.unreachableLine(summary, client) {
                FileHandle.standardError.write(Data(line.utf8))
                throw ExitCode(BackfillSummary.unreachableExitCode)
            }
            if run.status == .paused { throw ExitCode(130) }
            if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
        }
    }

    private func printPlan(
        _ catalog: TierCatalog, analyzer: CompletenessAnalyzer, scope: AnalysisScope,
        perPair: TokenBucket.Rule, global: TokenBucket.Rule
    ) throws {
        let targets: [BackfillTarget] =
            try store.openForReading().read { reader in
                let found = try GapDetectionPhase.detect(scope, analyzer: analyzer, in: reader)
                let selection = SeriesSelection(
                    tiers: scope.tiers, pairs: scope.pairs,
                    intervals: Set(scope.intervals))
                return BackfillTarget.from(series: found.series, selection: selection)
            }
        let plan = BackfillPlan(targets: targets, maxRequests: maxRequests, perPair: perPair, global: global)
        emit(json ? try jsonText(plan) : BackfillReportText.plan(plan))
    }

    /// The job's canonical options: a re-run with the same selection continues the same job.
    private func options(_ scope: AnalysisScope) -> String {
        "{\"scope\":\(scope.canonicalJSON()),\"maxRequests\":\(maxRequests.map(String.init) ?? "null")}"
    }
}
