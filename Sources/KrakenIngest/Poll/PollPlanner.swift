/// Plans one poll cycle: one OHLC call per series of the selection, with `since` just before the end of the
/// series' stored coverage, so only the newest candles come back (plus the last few closed ones, which late trades
/// may have revised). A series with nothing stored asks for the newest candles the endpoint serves.
///
/// The series are the stored ones the selection admits, at the intervals the API serves; with explicit intervals,
/// every pair of the selected tiers and every named pair is polled at each of them, stored or not.
///
/// ```swift
/// let planner = PollPlanner(scope: AnalysisScope(tiers: .some(["TIER1"])), tiers: catalog, now: clock.nowSeconds)
/// let calls = try store.read { try planner.plan(in: $0) }.requests
/// ```
public struct PollPlanner: BackfillPlanning {
    /// Tiers, pairs and intervals to poll.
    public var scope: AnalysisScope
    /// Tiers of the pairs.
    public var tiers: TierCatalog
    /// Closed candles re-fetched before the end of coverage.
    public var refetchCandles: Int64
    /// The time the plan is made (unix seconds), to tell series that fell out of the API's window.
    public var now: Int64

    public init(
        scope: AnalysisScope, tiers: TierCatalog, now: Int64,
        refetchCandles: Int64 = BackfillPlan.defaultRefetchCandles
    ) {
        self.scope = scope
        self.tiers = tiers
        self.now = now
        self.refetchCandles = refetchCandles
    }

    public func plan(in store: any StoreReader) throws -> BackfillPlan {
        BackfillPlan(requests: try series(in: store).map(request))
    }

    /// One series to poll and where its stored coverage ends (nil: nothing stored).
    public struct Series: Sendable, Equatable {
        public var pair: String
        public var tier: String
        public var interval: CandleInterval
        public var coveredUntil: Int64?

        /// True when the coverage ends before the oldest closed candle the endpoint still serves: the candles
        /// between can only come from an archive or from trades (`run` and `gaps` report them).
        public func isBehindAPIWindow(now: Int64) -> Bool {
            guard let coveredUntil else { return false }
            let newestClosed = interval.floor(now) - interval.seconds
            return coveredUntil < newestClosed - (SpotOHLCDecoder.closedCandlesServed - 1) * interval.seconds
        }
    }

    /// The series of the selection, by tier, pair and interval.
    public func series(in store: any StoreReader) throws -> [Series] {
        let selection = SeriesSelection(tiers: scope.tiers, pairs: scope.pairs)
        var coveredUntil: [SeriesName: Int64] = [:]
        var storedIntervals: [String: Set<Int>] = [:]
        for stored in try store.coverage(pairs: nil, intervals: nil) {
            guard let end = stored.ranges.last?.range.end else { continue }
            coveredUntil[SeriesName(pair: stored.pair, minutes: stored.interval.minutes)] = end
            storedIntervals[stored.pair, default: []].insert(stored.interval.minutes)
        }
        var pairs = Set(storedIntervals.keys)
        if !scope.intervals.isEmpty {
            pairs.formUnion(scope.pairs)
            for tier in tiers.tiers where scope.tiers?.contains(tier.name) ?? false { pairs.formUnion(tier.pairs) }
        }
        var result: [Series] = []
        for pair in pairs {
            let tier = tiers.tier(of: pair)
            guard selection.admits(pair: pair, tier: tier) else { continue }
            let minutes = scope.intervals.isEmpty ? storedIntervals[pair, default: []] : Set(scope.intervals)
            for minute in minutes {
                guard let interval = CandleInterval(minutes: minute), interval.isServedByAPI else { continue }
                result.append(
                    Series(
                        pair: pair, tier: tier, interval: interval,
                        coveredUntil: coveredUntil[SeriesName(pair: pair, minutes: minute)]))
            }
        }
        return result.sorted { ($0.tier, $0.pair, $0.interval) < ($1.tier, $1.pair, $1.interval) }
    }

    /// The call of one series: `since` is exclusive, so the first candle asked for is the oldest re-fetched one.
    func request(_ series: Series) -> BackfillRequest {
        let step = series.interval.seconds
        return BackfillRequest(
            pair: series.pair, tier: series.tier, interval: series.interval.minutes,
            since: series.coveredUntil.map { $0 - (refetchCandles + 1) * step }, apiCandles: 0, gapIDs: [])
    }
}
