import Foundation

/// The `backfill` phase: fills the API-servable gaps of the stored gap records (run `GapDetectionPhase` first)
/// with one OHLC call per (pair, interval), independent pairs fetched concurrently within the rate limits.
///
/// Each answer is written in its own transaction once it has arrived (never a transaction across the network)
/// through `CoveredWrite` with source API: archive candles are never replaced, a revised API candle replaces the
/// older one, and the span the answer vouches for becomes coverage. Afterwards the records are reconciled with a
/// fresh detection, so the gaps coverage closed become FILLED. A failed call marks its records FAILED with the
/// attempt and the error (a permanent error is not retried; the other series go on); when no call reached Kraken
/// at all, the records stay DETECTED and the summary says Kraken was unreachable. A stop request is honoured
/// between calls.
///
/// ```swift
/// let phase = BackfillPhase(client: spot, tiers: catalog, analyzer: analyzer, scope: scope)
/// _ = try JobRunner(session: session).run(JobSpec(kind: BackfillPhase.kind, options: json,
///     phases: [GapDetectionPhase(analyzer: analyzer, scope: scope), phase]))
/// phase.result.value!.exitCode
/// ```
public final class BackfillPhase: JobPhase, @unchecked Sendable {
    /// The job kind of the `backfill` command.
    public static let kind = "backfill"
    /// `backfill`, or `poll` for the phase of a poll cycle.
    public let name: String
    /// The spot client (its HTTP client's counters go into the summary).
    public let client: SpotClient
    /// Tiers of the pairs.
    public let tiers: TierCatalog
    /// The detection re-run after writing, to move closed records to FILLED.
    public let analyzer: CompletenessAnalyzer
    /// Which series to work on.
    public let scope: AnalysisScope
    /// At most this many OHLC calls (nil: all).
    public let maxRequests: Int?
    /// Calls in flight at most (the rate limits space them further).
    public let concurrency: Int
    /// Closed candles re-fetched before each call's oldest gap.
    public let refetchCandles: Int64
    /// Receives one line per finished call and per skipped series.
    public let onProgress: @Sendable (String) -> Void
    /// Where the calls come from (the stored gap records unless told otherwise).
    public let planner: any BackfillPlanning
    /// The summary, once the phase has run.
    public let result = Box<BackfillSummary>()
    /// The plan the phase worked from.
    public let plan = Box<BackfillPlan>()

    public init(
        client: SpotClient, tiers: TierCatalog, analyzer: CompletenessAnalyzer, scope: AnalysisScope,
        maxRequests: Int? = nil, concurrency: Int = 16,
        refetchCandles: Int64 = BackfillPlan.defaultRefetchCandles, name: String = "backfill",
        planner: (any BackfillPlanning)? = nil,
        onProgress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.name = name
        self.client = client
        self.tiers = tiers
        self.analyzer = analyzer
        self.scope = scope
        self.maxRequests = maxRequests
        self.concurrency = max(1, concurrency)
        self.refetchCandles = refetchCandles
        self.onProgress = onProgress
        self.planner =
            planner
            ?? GapRecordPlanner(
                selection: SeriesSelection(tiers: scope.tiers, pairs: scope.pairs, intervals: Set(scope.intervals)),
                tiers: tiers, refetchCandles: refetchCandles, maxRequests: maxRequests)
    }

    /// The calls to make for the store as it is now.
    public func makePlan(in store: any StoreReader) throws -> BackfillPlan { try planner.plan(in: store) }

    public func run(_ context: JobContext) throws -> PhaseOutcome {
        let session = context.session
        let plan = try session.read { try makePlan(in: $0) }
        self.plan.value = plan
        var summary = BackfillSummary()
        summary.planned = plan.requests.count
        summary.deferred = plan.deferred.count
        defer { result.value = summary }
        guard !plan.requests.isEmpty else {
            summary.http = BackfillSummary.Requests(try AsyncBridge.wait { [client] in await client.http.stats })
            return .completed
        }
        let names = Array(Set(plan.requests.map(\.pair))).sorted()
        let (directory, lookupError) = try SpotPairCache.resolving(names, client: client, session: session)
        if let lookupError, Self.describe(lookupError).0 == "unreachable" {
            // The name look-up found no way to Kraken: no OHLC call would get through either.
            let message = Self.describe(lookupError).1
            for request in plan.requests {
                try fail(
                    request, kind: "unreachable", message: message, status: .detected, summary: &summary,
                    session: session, quietly: true)
            }
            summary.unreachable = true
            summary.unreachableMessage = message
            summary.http = BackfillSummary.Requests(try AsyncBridge.wait { [client] in await client.http.stats })
            return .completedWithFailures("Kraken could not be reached: \(message)")
        }
        var runnable: [(BackfillRequest, String)] = []
        for request in plan.requests {
            if directory.isEmpty {
                runnable.append((request, request.pair))
            } else if let pair = directory.resolve(request.pair) {
                runnable.append((request, pair.altname))
            } else {
                try fail(
                    request, kind: "permanent",
                    message: "\(request.pair) is not a Kraken spot pair (not in "
                        + "AssetPairs); skipped", status: .failed, summary: &summary, session: session)
            }
        }
        try session.transaction { tx in
            for (request, _) in runnable {
                for id in request.gapIDs { try tx.setGapStatus(id, .backfilling, lastError: nil, attempted: false) }
            }
        }
        var pending = Set(runnable.map(\.0.unit))
        for outcome in fetchAll(runnable, stop: context.stop) {
            switch outcome.result {
            case .success(let page):
                summary.ohlcRequests += 1
                pending.remove(outcome.request.unit)
                let written = try write(page, for: outcome.request, context: context)
                summary.seriesDone += 1
                summary.candlesWritten += written
                onProgress("\(outcome.request.unit): \(page.candles.count) closed candle(s), \(written) written")
            case .failure(let error) where error is CancellationError:
                continue  // cancelled by a stop request: the call stays pending for the next run
            case .failure(let error):
                summary.ohlcRequests += 1
                pending.remove(outcome.request.unit)
                let (kind, message) = Self.describe(error)
                try fail(
                    outcome.request, kind: kind, message: message,
                    status: kind == "unreachable" ? .detected : .failed, summary: &summary, session: session)
            }
        }
        try session.transaction { tx in
            for (request, _) in runnable where pending.contains(request.unit) {
                for id in request.gapIDs { try tx.setGapStatus(id, .detected, lastError: nil, attempted: false) }
            }
        }
        if summary.seriesDone > 0, plan.requests.contains(where: { !$0.gapIDs.isEmpty }) {
            summary.gapsFilled = try session.transaction { tx in
                try GapReconciler.reconcile(try analyzer.analyze(scope, in: tx), in: tx).filled
            }
        }
        summary.http = BackfillSummary.Requests(try AsyncBridge.wait { [client] in await client.http.stats })
        if summary.seriesDone == 0, !summary.failures.isEmpty,
            summary.failures.allSatisfy({ $0.kind == "unreachable" })
        {
            summary.unreachable = true
            summary.unreachableMessage = summary.failures.first?.message
        }
        if !pending.isEmpty, context.stop.isStopRequested {
            summary.stopped = true
            return .stopped
        }
        guard summary.failures.isEmpty else {
            let list = summary.failures.map { "\($0.pair)/\($0.interval)" }.joined(separator: ", ")
            return .completedWithFailures("backfill failed for \(summary.failures.count) series: \(list)")
        }
        return .completed
    }

    // MARK: - Steps

    private struct Outcome: Sendable {
        var request: BackfillRequest
        var result: Result<SpotOHLCPage, any Error>
    }

    /// Fetches every call concurrently (at most `concurrency` in flight; the rate limits space them) and yields
    /// each answer as it arrives. Once a stop is requested no call starts and the unanswered ones are cancelled.
    private func fetchAll(_ runnable: [(BackfillRequest, String)], stop: StopRequest) -> AnyIterator<Outcome> {
        let queue = PageQueue<Outcome>()
        let client = client
        let concurrency = concurrency
        let work = Self.interleaved(runnable).map { (request: $0.0, pair: $0.1) }
        Task.detached {
            let fetching = Task {
                await withTaskGroup(of: Void.self) { group in
                    var inFlight = 0
                    for item in work {
                        if inFlight >= concurrency {
                            await group.next()
                            inFlight -= 1
                        }
                        if stop.isStopRequested { break }
                        group.addTask {
                            let since = item.request.since
                            guard let interval = CandleInterval(minutes: item.request.interval) else { return }
                            do {
                                let page = try await client.ohlc(pair: item.pair, interval: interval, since: since)
                                queue.push(Outcome(request: item.request, result: .success(page)))
                            } catch {
                                queue.push(Outcome(request: item.request, result: .failure(error)))
                            }
                        }
                        inFlight += 1
                    }
                    await group.waitForAll()
                }
            }
            // A stop request cancels the calls still waiting for tokens or an answer; answers already in are kept.
            let watcher = Task {
                while !Task.isCancelled {
                    if stop.isStopRequested {
                        fetching.cancel()
                        return
                    }
                    try? await Task.sleep(nanoseconds: 20_000_000)
                }
            }
            await fetching.value
            watcher.cancel()
            queue.finish()
        }
        return AnyIterator { queue.pop() }
    }

    /// `runnable` reordered round-robin over pairs (every pair's first call, then every pair's second, …), so the
    /// calls in flight belong to different pairs and none waits on its pair's bucket while others could go.
    static func interleaved<T>(_ runnable: [(BackfillRequest, T)]) -> [(BackfillRequest, T)] {
        var seen: [String: Int] = [:]
        let ranked = runnable.enumerated().map { index, item -> (Int, Int, (BackfillRequest, T)) in
            let round = seen[item.0.pair, default: 0]
            seen[item.0.pair] = round + 1
            return (round, index, item)
        }
        return ranked.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    /// Writes one answer in one transaction: its candles and span, the records' attempt, the checkpoint.
    private func write(_ page: SpotOHLCPage, for request: BackfillRequest, context: JobContext) throws -> Int64 {
        try context.session.transaction { tx in
            var written: Int64 = 0
            if let span = page.span, let interval = CandleInterval(minutes: request.interval) {
                let series = SeriesKey(pairID: try tx.ensurePair(request.pair), interval: interval)
                let candles = page.candles.filter { $0.openTime >= span.start && $0.openTime < span.end }
                written = try CoveredWrite.write(candles, series: series, source: .api, covering: span, in: tx)
            }
            for id in request.gapIDs { try tx.setGapStatus(id, .detected, lastError: nil, attempted: true) }
            try context.markUnitDone(request.unit, in: tx)
            return written
        }
    }

    private func fail(
        _ request: BackfillRequest, kind: String, message: String, status: GapStatus,
        summary: inout BackfillSummary, session: any WriterSession, quietly: Bool = false
    ) throws {
        summary.failures.append(.init(pair: request.pair, interval: request.interval, kind: kind, message: message))
        if !quietly { onProgress("\(request.unit): skipped (\(kind)): \(message)") }
        try session.transaction { tx in
            for id in request.gapIDs { try tx.setGapStatus(id, status, lastError: message, attempted: true) }
        }
    }

    /// The failure kind (`permanent`, `retryable`, `unreachable`, `response`) and message of `error`.
    static func describe(_ error: any Error) -> (String, String) {
        if let failure = error as? HTTPFailure {
            switch failure.kind {
            case .permanent, .auth: return ("permanent", failure.description)
            case .circuitOpen: return ("unreachable", failure.description)
            case .retryable(let reason):
                let noAnswer =
                    failure.status == nil && (reason == .connection || reason == .timeout || reason == .noRoute)
                return (noAnswer ? "unreachable" : "retryable", failure.description)
            }
        }
        if let response = error as? SpotResponseError { return ("response", response.description) }
        return ("retryable", "\(error)")
    }
}
