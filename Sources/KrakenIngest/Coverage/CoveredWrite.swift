/// Writes candles of one series with the span they vouch for and merges that span into coverage, in the caller's
/// transaction: the path of every writer other than the file import (API backfill, polls, trades rebuilds).
///
/// The cost follows the candles written and the span, never the series: appending one candle to a ten-year
/// 1-minute series costs what appending it to an empty one does.
///
/// ```swift
/// try session.transaction { tx in
///     let series = SeriesKey(pairID: try tx.ensurePair("XBTUSD"), interval: CandleInterval(minutes: 1)!)
///     try CoveredWrite.write(closedCandles, series: series, source: .api, covering: vouchedSpan, in: tx)
/// }
/// ```
public enum CoveredWrite {
    /// Upserts `candles` (each open time once) and adds `span` to the series' coverage; slots of `span` without
    /// a candle become no-trade slots. Returns the rows inserted or changed.
    @discardableResult
    public static func write(
        _ candles: [Candle], series: SeriesKey, source: CandleSource, covering span: TimeRange,
        in tx: any StoreTransaction
    ) throws -> Int64 {
        var writer = try SeriesCandleWriter(series: series, source: source, within: span, in: tx)
        try writer.write(candles, in: tx)
        let written = CoverageTracker.Written(
            insertedRows: writer.insertedRows, tradesDelta: writer.tradesDelta,
            rangeStats: nil)
        try CoverageTracker.add(span, source: source.coverageSource, series: series, written: written, in: tx)
        return writer.rowsWritten
    }
}
