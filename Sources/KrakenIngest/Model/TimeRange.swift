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

    /// The part of this range inside `window`, nil when they share no second.
    public func clipped(to window: TimeRange) -> TimeRange? {
        let s = Swift.max(start, window.start)
        let e = Swift.min(end, window.end)
        return s < e ? TimeRange(start: s, end: e) : nil
    }

    /// True when the ranges share at least one second (touching is not enough).
    public func overlapsStrictly(_ other: TimeRange) -> Bool { start < other.end && other.start < end }

    public var isEmpty: Bool { start == end }
    public var description: String { "[\(UTCTime.iso(start)), \(UTCTime.iso(end)))" }
}

extension Array where Element == TimeRange {
    /// Sorted, with overlapping or touching ranges merged into one: the one merge of ranges.
    public func merged() -> [TimeRange] {
        var result: [TimeRange] = []
        for range in sorted(by: { $0.start < $1.start }) {
            if let last = result.last, last.overlapsOrTouches(range) {
                result[result.count - 1] = last.union(range)
            } else {
                result.append(range)
            }
        }
        return result
    }
}
