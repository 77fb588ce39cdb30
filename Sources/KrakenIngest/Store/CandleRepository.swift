/// Reads of stored candles.
public protocol CandleReading {
    /// The stored candle of `series` opening at `openTime`.
    func candle(_ series: SeriesKey, openTime: Int64) throws -> Candle?
    /// The stored candles of `series` whose open time lies in `range`, in time order.
    func candles(_ series: SeriesKey, in range: TimeRange) throws -> [Candle]
    /// Counts of the candles of `series` inside `range` (one ordered pass over the range only).
    func candleStats(_ series: SeriesKey, in range: TimeRange) throws -> CoverageStats
    /// How many candles of `series` open at a time in `openTimes`, and their summed trade counts.
    func candleTotals(_ series: SeriesKey, openTimes: TimeRange) throws -> (rows: Int64, trades: Int64)
    /// How many candles of `series` open in each of `openTimes`, in the same order (one range count each).
    func candleCounts(_ series: SeriesKey, openTimes: [TimeRange]) throws -> [Int64]
    /// True when a candle of `series` with trades opens at a time in `openTimes`.
    func hasCandleWithTrades(_ series: SeriesKey, openTimes: TimeRange) throws -> Bool
    /// The open time of the newest candle of `series` before `time`.
    func lastOpenTime(_ series: SeriesKey, before time: Int64) throws -> Int64?
    /// The open time of the oldest candle of `series` at or after `time`.
    func firstOpenTime(_ series: SeriesKey, atOrAfter time: Int64) throws -> Int64?
    /// Candles of the `coarser` intervals of `finer`'s pair (each a multiple of `finer`'s interval) with trades,
    /// whose span reaches into `range`, inside whose span `finer` has no candle with trades: their trades are
    /// missing from `finer`. One statement whatever the number of intervals, one indexed look-up per coarse
    /// candle, never a scan of `finer`.
    func coarserTradesMissingFrom(
        _ finer: SeriesKey, coarser: [CandleInterval], reaching range: TimeRange
    ) throws -> [TradesSeen]
    /// Candles of the `finer` intervals of `coarser`'s pair (each dividing `coarser`'s interval) with trades,
    /// opening in `range`, whose `coarser` slot has no candle: the first such candle of each slot, in time order.
    func finerTradesInEmptySlots(
        of coarser: SeriesKey, finer: [CandleInterval], in range: TimeRange
    ) throws -> [TradesSeen]
}

/// A stored candle with trades, named by its open time: evidence that trades happened in its span.
public struct TradesSeen: Sendable, Equatable {
    /// The candle's interval.
    public var minutes: Int
    public var openTime: Int64
    public var trades: Int64

    public init(minutes: Int, openTime: Int64, trades: Int64) {
        self.minutes = minutes
        self.openTime = openTime
        self.trades = trades
    }
}

/// Candle writes: the hot bulk path is this one method.
public protocol CandleWriting {
    /// Upserts `candles` (any order, any count) into `series` from `source`, from ledger file `fileID` when they
    /// come from an archive file. A stored candle is replaced only by a higher-ranked source, or by the same
    /// source with different values, so writing the same data twice changes nothing (between archives that
    /// disagree, `CandleStaging` decides by data end). Returns the rows inserted or changed. Statements live for
    /// the whole session.
    func upsertCandles(
        _ candles: [Candle], into series: SeriesKey, source: CandleSource, fileID: Int64?
    ) throws
        -> Int64
}

extension CandleWriting {
    /// Upserts candles that come from no file (the API, trades).
    public func upsertCandles(_ candles: [Candle], into series: SeriesKey, source: CandleSource) throws -> Int64 {
        try upsertCandles(candles, into: series, source: source, fileID: nil)
    }
}
