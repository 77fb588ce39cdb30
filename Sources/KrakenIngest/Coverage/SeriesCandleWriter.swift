/// Writes the candles of one series in batches and measures exactly what the writes added, so coverage can merge
/// counts without rescanning: the rows inserted and the change in summed trades.
///
/// A batch that lies outside the series' stored coverage only inserts (every stored candle lies inside coverage),
/// so its delta is its own rows and trades; a batch that reaches into stored coverage is counted before and after
/// its upsert over its own span only, so the cost follows the batch, never the series.
struct SeriesCandleWriter {
    let series: SeriesKey
    let source: CandleSource
    /// The series' stored ranges before this writer's first write.
    private let storedBefore: [TimeRange]
    private(set) var insertedRows: Int64 = 0
    private(set) var tradesDelta: Int64 = 0
    /// Rows inserted or changed.
    private(set) var rowsWritten: Int64 = 0
    /// True when some write reached into coverage stored before.
    private(set) var overlappedStored = false

    /// A writer for `series`; `within`, when the writes are known to stay inside it, limits what is looked up.
    init(series: SeriesKey, source: CandleSource, within: TimeRange? = nil, in store: some CoverageReading) throws {
        self.series = series
        self.source = source
        storedBefore = try store.coverageRanges(series, touching: within ?? TimeRange(start: .min / 2, end: .max / 2))
            .map(\.range)
    }

    /// Upserts `candles` (one batch, any order).
    mutating func write(_ candles: [Candle], in tx: some CandleReading & CandleWriting) throws {
        guard let first = candles.min(by: { $0.openTime < $1.openTime })?.openTime,
            let last = candles.max(by: { $0.openTime < $1.openTime })?.openTime
        else { return }
        let span = TimeRange(start: first, end: last + 1)
        if storedBefore.contains(where: { $0.overlapsStrictly(span) }) {
            overlappedStored = true
            let before = try tx.candleTotals(series, openTimes: span)
            rowsWritten += try tx.upsertCandles(candles, into: series, source: source)
            let after = try tx.candleTotals(series, openTimes: span)
            insertedRows += after.rows - before.rows
            tradesDelta = tradesDelta.addingSaturated(after.trades &- before.trades)
        } else {
            rowsWritten += try tx.upsertCandles(candles, into: series, source: source)
            insertedRows += Int64(candles.count)
            for candle in candles { tradesDelta = tradesDelta.addingSaturated(candle.trades) }
        }
    }
}
