/// A covered span of one pair and interval, labelled with where its candles came from.
public struct CoverageRange: Sendable, Equatable, Codable {
    public var range: TimeRange
    public var source: CoverageSource
    /// Candles stored inside the range (slots without a candle are no-trade intervals).
    public var rows: Int64
    /// Sum of the candles' trade counts.
    public var trades: Int64
    /// The longest run of consecutive slots without a candle inside the range.
    public var longestNoTrade: Int64
    /// Where that run starts (nil when there is none, or for ranges stored before this was kept).
    public var longestNoTradeStart: Int64?

    public init(
        range: TimeRange, source: CoverageSource, rows: Int64, trades: Int64 = 0, longestNoTrade: Int64 = 0,
        longestNoTradeStart: Int64? = nil
    ) {
        self.range = range
        self.source = source
        self.rows = rows
        self.trades = trades
        self.longestNoTrade = longestNoTrade
        self.longestNoTradeStart = longestNoTradeStart
    }

    /// Candle slots of `stepSeconds` the range spans.
    public func slots(stepSeconds: Int64) -> Int64 { stepSeconds > 0 ? (range.end - range.start) / stepSeconds : 0 }

    /// Slots without a candle: no-trade intervals.
    public func noTradeSlots(stepSeconds: Int64) -> Int64 { max(0, slots(stepSeconds: stepSeconds) - rows) }

    public init(range: TimeRange, source: CoverageSource, stats: CoverageStats) {
        self.init(
            range: range, source: source, rows: stats.rows, trades: stats.trades,
            longestNoTrade: stats.longestNoTrade, longestNoTradeStart: stats.longestNoTradeStart)
    }

    /// The range's counts.
    public var stats: CoverageStats {
        CoverageStats(
            rows: rows, trades: trades, longestNoTrade: longestNoTrade, longestNoTradeStart: longestNoTradeStart)
    }
}

/// Aggregates of the candles inside one covered range.
public struct CoverageStats: Sendable, Equatable {
    public var rows: Int64
    public var trades: Int64
    /// The longest run of slots without a candle, and where it starts.
    public var longestNoTrade: Int64
    public var longestNoTradeStart: Int64?

    public init(rows: Int64 = 0, trades: Int64 = 0, longestNoTrade: Int64 = 0, longestNoTradeStart: Int64? = nil) {
        self.rows = rows
        self.trades = trades
        self.longestNoTrade = longestNoTrade
        self.longestNoTradeStart = longestNoTradeStart
    }

    /// Keeps the run `[start, start + length slots)` when it is longer than the longest so far.
    public mutating func noteRun(start: Int64, length: Int64) {
        if length > longestNoTrade {
            longestNoTrade = length
            longestNoTradeStart = start
        }
    }
}
