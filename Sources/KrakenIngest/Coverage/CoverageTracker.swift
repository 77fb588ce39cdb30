/// Keeps the coverage table: merged, half-open covered ranges per (pair, interval).
///
/// A write whose candles run from `t0` to `tn` covers `[t0, tn + interval)`. Ranges that overlap or touch merge;
/// a merge across sources is labelled MIXED. Each range carries the exact count of candles inside it, their
/// trades and its longest no-trade run (with where it starts), so gap and no-trade figures never scan candles.
///
/// Merging costs what the new range costs, never what the series holds: rows and trades add up from what the
/// writer measured, and the longest run comes from the new range, the two junctions (one indexed lookup each) and
/// the stored ranges' own longest runs. Only when a stored range's longest run lies where the new candles landed
/// is that range's untouched part recounted.
public enum CoverageTracker {
    /// What a writer knows about the range it just wrote.
    public struct Written: Sendable {
        /// Candles inserted (not replaced) by the write, and the change in summed trades.
        public var insertedRows: Int64
        public var tradesDelta: Int64
        /// Exact counts of the new range when the write reached into no stored range and its rows came in time
        /// order; nil to recount the new range (its own span only).
        public var rangeStats: CoverageStats?

        public init(insertedRows: Int64, tradesDelta: Int64, rangeStats: CoverageStats?) {
            self.insertedRows = insertedRows
            self.tradesDelta = tradesDelta
            self.rangeStats = rangeStats
        }
    }

    /// Adds `range` to `series` and merges it with the stored ranges it overlaps or touches. Call in the
    /// transaction that wrote the candles, so coverage and data commit together.
    public static func add(
        _ range: TimeRange, source: CoverageSource, series: SeriesKey, written: Written,
        in tx: some CoverageReading & CoverageWriting & CandleReading
    ) throws {
        guard !range.isEmpty else { return }
        let olds = try tx.coverageRanges(series, touching: range)
        guard !olds.isEmpty else {
            let stats = try written.rangeStats ?? tx.candleStats(series, in: range)
            try tx.replaceCoverage(
                series, removing: [], with: CoverageRange(range: range, source: source, stats: stats))
            return
        }
        let merged = olds.reduce(range) { $0.union($1.range) }
        var mergedSource = source
        var stats = CoverageStats()
        for old in olds {
            mergedSource = mergedSource.merged(with: old.source)
            stats.rows = stats.rows.addingSaturated(old.rows)
            stats.trades = stats.trades.addingSaturated(old.trades)
        }
        stats.rows = stats.rows.addingSaturated(written.insertedRows)
        stats.trades = stats.trades.addingSaturated(written.tradesDelta)

        let step = series.interval.seconds
        // Runs inside the new range (after the write); the writer's own counts miss stored candles inside it.
        let reachesIntoStored = olds.contains { $0.range.overlapsStrictly(range) }
        let inside = try (reachesIntoStored ? nil : written.rangeStats) ?? tx.candleStats(series, in: range)
        if let start = inside.longestNoTradeStart { stats.noteRun(start: start, length: inside.longestNoTrade) }
        // Runs in the stored ranges' parts outside the new range.
        for old in olds {
            let outside = [
                (old.range.start, min(old.range.end, range.start)), (max(old.range.start, range.end), old.range.end),
            ]
            .filter { $0.0 < $0.1 }.map { TimeRange(start: $0.0, end: $0.1) }
            guard !outside.isEmpty, old.longestNoTrade > 0 else { continue }
            if let start = old.longestNoTradeStart,
                !TimeRange(start: start, end: start + old.longestNoTrade * step).overlapsStrictly(range)
            {
                stats.noteRun(start: start, length: old.longestNoTrade)
            } else {
                // The longest run was where new candles landed (or is unknown): recount the untouched parts.
                for part in outside {
                    let counted = try tx.candleStats(series, in: part)
                    if let start = counted.longestNoTradeStart {
                        stats.noteRun(start: start, length: counted.longestNoTrade)
                    }
                }
            }
        }
        // The runs that cross the new range's edges.
        for edge in [range.start, range.end] where edge > merged.start && edge < merged.end {
            let before = try tx.lastOpenTime(series, before: edge).map { max($0 + step, merged.start) } ?? merged.start
            let after = try tx.firstOpenTime(series, atOrAfter: edge).map { min($0, merged.end) } ?? merged.end
            let runStart = max(before, merged.start)
            stats.noteRun(start: runStart, length: (max(after, runStart) - runStart) / step)
        }
        try tx.replaceCoverage(
            series, removing: olds.map(\.range.start),
            with: CoverageRange(range: merged, source: mergedSource, stats: stats))
    }

    /// Stored ranges by pair and interval, optionally limited to some pairs and intervals.
    public static func ranges(
        pairs: Set<String>? = nil, intervals: Set<Int>? = nil,
        in store: some CoverageReading
    ) throws -> [SeriesCoverage] {
        try store.coverage(pairs: pairs, intervals: intervals)
    }
}
