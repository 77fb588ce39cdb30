/// One OHLCV candle as Kraken's archives carry it. `openTime` is the candle's open time in unix seconds UTC.
public struct Candle: Equatable, Sendable {
    public var openTime: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double
    public var trades: Int64
    /// The volume-weighted average price the REST API gives; nil for archive candles (archives carry none).
    public var vwap: Double?

    public init(
        openTime: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double, trades: Int64,
        vwap: Double? = nil
    ) {
        self.openTime = openTime
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.trades = trades
        self.vwap = vwap
    }

    /// True when both candles carry the same values bit for bit (NaN never appears: the parser rejects it).
    public func hasSameValues(as other: Candle) -> Bool {
        open == other.open && high == other.high && low == other.low && close == other.close
            && volume == other.volume && trades == other.trades
    }
}
