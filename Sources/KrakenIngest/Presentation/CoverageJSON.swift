/// `coverage --json`: one object per series with its ranges flat, times as unix seconds beside ISO-8601
/// (`start`, `startUTC`), sources in the words the views use (`archive`, `api`, `trades`, `mixed`).
public struct CoverageJSON: Sendable, Encodable, Equatable {
    public struct Range: Sendable, Encodable, Equatable {
        public var start: Int64
        public var startUTC: String
        /// Exclusive.
        public var end: Int64
        public var endUTC: String
        public var source: String
        /// Candles inside the range.
        public var candles: Int64
        /// Slots without a candle inside the range (no trades).
        public var noTradeSlots: Int64
        public var trades: Int64
        public var longestNoTrade: Int64
    }

    public var pair: String
    public var tier: String
    public var interval: Int
    public var ranges: [Range]

    public init(series: SeriesCoverage, tier: String) {
        pair = series.pair
        self.tier = tier
        interval = series.interval.minutes
        let step = series.interval.seconds
        ranges = series.ranges.map { r in
            Range(
                start: r.range.start, startUTC: UTCTime.iso(r.range.start), end: r.range.end,
                endUTC: UTCTime.iso(r.range.end), source: r.source.word, candles: r.rows,
                noTradeSlots: r.noTradeSlots(stepSeconds: step), trades: r.trades, longestNoTrade: r.longestNoTrade)
        }
    }
}
