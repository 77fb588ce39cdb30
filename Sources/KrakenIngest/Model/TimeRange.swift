/// A half-open span of unix seconds `[start, end)`.
public struct TimeRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var start: Int64
    public var end: Int64

    public init(start: Int64, end: Int64) {
        precondition(start <= end, "TimeRange start \(start) is after end \(end)")
        self.start = start
        self.end = end
    }

    /// True when the ranges share a point or touch end to start, so that they merge into one.
    public func overlapsOrTouches(_ other: TimeRange) -> Bool { start <= other.end && other.start <= end }

    /// The smallest range containing both.
    public func union(_ other: TimeRange) -> TimeRange {
        TimeRange(start: Swift.min(start, other.start), end: Swift.max(end, other.end))
    }

    public var isEmpty: Bool { start == end }
    public var description: String { "[\(UTCTime.iso(start)), \(UTCTime.iso(end)))" }
}
