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

    public init(range: TimeRange, source: CoverageSource, rows: Int64, trades: Int64 = 0, longestNoTrade: Int64 = 0) {
        self.range = range
        self.source = source
        self.rows = rows
        self.trades = trades
        self.longestNoTrade = longestNoTrade
    }


    /// Merges `added` into sorted, disjoint, non-touching `existing` ranges. Ranges that overlap or touch
    /// `added` fold into one whose source is `MIXED` when the sources differ. Returns the merged range and the
    /// ranges it absorbed; the caller recounts rows for the merged span.
    public static func absorb(_ added: TimeRange, source: CoverageSource, into existing: [CoverageRange])
        -> (merged: TimeRange, source: CoverageSource, absorbed: [CoverageRange]) {
        var merged = added
        var mergedSource = source
        var absorbed: [CoverageRange] = []
        for candidate in existing where candidate.range.overlapsOrTouches(added) {
            merged = merged.union(candidate.range)
            mergedSource = mergedSource.merged(with: candidate.source)
            absorbed.append(candidate)
        }
        return (merged, mergedSource, absorbed)
    }
}

/// Aggregates of the candles inside one covered range.
public struct CoverageStats: Sendable, Equatable {
    public var rows: Int64
    public var trades: Int64
    public var longestNoTrade: Int64
}
