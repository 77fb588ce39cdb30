/// One decoded OHLC answer: only its finished candles, and the span the answer vouches for.
///
/// Every slot of `span` without a candle had no trades (Kraken omits such slots or sends zero-trade rows; both
/// are dropped here), so writing the page with `CoveredWrite` records those slots as no-trade, not as gaps.
public struct SpotOHLCPage: Sendable, Equatable {
    /// The result key the answer used (`XXBTZUSD`).
    public var resultKey: String
    /// The interval asked for.
    public var interval: CandleInterval
    /// Kraken's `last`: the open time of the newest finished candle.
    public var last: Int64
    /// Finished candles with trades (`time <= last`), in time order, VWAP kept.
    public var candles: [Candle]
    /// Open times `[start, end)` the answer vouches for; nil when it vouches for nothing.
    public var span: TimeRange?
    /// Rows in the answer, the unfinished one included.
    public var rowsReturned: Int
    /// Zero-trade rows seen among the finished ones (dropped: the span covers them).
    public var zeroTradeRows: Int

    public init(
        resultKey: String, interval: CandleInterval, last: Int64, candles: [Candle], span: TimeRange?,
        rowsReturned: Int, zeroTradeRows: Int
    ) {
        self.resultKey = resultKey
        self.interval = interval
        self.last = last
        self.candles = candles
        self.span = span
        self.rowsReturned = rowsReturned
        self.zeroTradeRows = zeroTradeRows
    }
}
