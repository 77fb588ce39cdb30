/// The merged covered ranges of one series, by pair altname.
public struct SeriesCoverage: Sendable, Equatable {
    public var pair: String
    public var interval: CandleInterval
    public var ranges: [CoverageRange]

    public init(pair: String, interval: CandleInterval, ranges: [CoverageRange]) {
        self.pair = pair
        self.interval = interval
        self.ranges = ranges
    }
}

/// Reads of the coverage table.
public protocol CoverageReading {
    /// Every series' ranges in pair, interval and time order, optionally limited to some pairs and intervals.
    func coverage(pairs: Set<String>?, intervals: Set<Int>?) throws -> [SeriesCoverage]
    /// The ranges of `series` that overlap or touch `range`, in time order.
    func coverageRanges(_ series: SeriesKey, touching range: TimeRange) throws -> [CoverageRange]
    /// When each series' coverage last changed (unix seconds).
    func coverageLastUpdates() throws -> [SeriesName: Int64]
}

/// Writes of the coverage table.
public protocol CoverageWriting {
    /// Removes the ranges of `series` starting at `starts` and stores `merged` in their place.
    func replaceCoverage(_ series: SeriesKey, removing starts: [Int64], with merged: CoverageRange) throws
}
