/// Completeness of one series (pair and interval) over its expected window.
public struct SeriesCompleteness: Sendable, Codable, Equatable {
    public var pair: String
    public var tier: String
    public var interval: Int
    /// The expected window, nil when the series has nothing expected (for example a pair listed after `--end`).
    public var window: TimeRange?
    /// Slots in the window.
    public var expected: Int64
    /// Candles stored inside the window.
    public var present: Int64
    /// Covered slots without a candle: no trades happened then. Never counted as missing.
    public var noTrade: Int64
    /// The longest run of consecutive no-trade slots in a covered range.
    public var longestNoTrade: Int64
    /// Gap candles the API can fill, that trades could rebuild, and that need an archive.
    public var apiGapCandles: Int64
    public var tradesGapCandles: Int64
    public var archiveGapCandles: Int64
    public var gaps: [ClassifiedGap]
    /// The covered ranges inside the window (clipped to it), with their counts.
    public var covered: [CoverageRange]
    /// Open time of the first and last stored candle slot in the window (nil without coverage).
    public var firstCandle: Int64?
    public var lastCandle: Int64?
    /// When the series' coverage last changed (unix seconds).
    public var lastUpdate: Int64?
    /// Where its no-trade slots lie on its tier's time axis (`CompletenessReport.withQuietProfiles`); nil when not
    /// counted.
    public var quietCells: [QuietCell]?

    /// Covered share of the window, 0…100 (no-trade slots count as covered).
    public var coveragePercent: Double {
        Self.coveragePercent(covered: present.addingSaturated(noTrade), expected: expected)
    }

    /// The one coverage percentage: covered slots (candles and no-trade slots) of expected slots, 100 when none
    /// are expected.
    public static func coveragePercent(covered: Int64, expected: Int64) -> Double {
        expected == 0 ? 100 : 100 * Double(covered) / Double(expected)
    }

    public var gapCandles: Int64 { apiGapCandles.addingSaturated(tradesGapCandles).addingSaturated(archiveGapCandles) }
}
