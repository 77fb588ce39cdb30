/// A point in time in unix milliseconds UTC: the unit of Kraken Futures history. Candles use unix seconds
/// (`Int64`, formatted by `UTCTime`); this type sits beside them so the two units are never mixed up.
///
/// ```swift
/// let t = UnixMillis(seconds: 1_704_067_200)
/// t.value    // 1_704_067_200_000
/// t.iso      // "2024-01-01T00:00:00.000Z"
/// ```
public struct UnixMillis: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var value: Int64

    public init(_ value: Int64) { self.value = value }

    /// The instant `seconds` unix seconds.
    public init(seconds: Int64) { value = seconds &* 1000 }

    /// Whole unix seconds, rounded down (also before 1970).
    public var seconds: Int64 {
        let quotient = value / 1000
        return value % 1000 < 0 ? quotient - 1 : quotient
    }

    /// `2024-01-01T00:00:00.123Z`.
    public var iso: String {
        let ms = Int(((value % 1000) + 1000) % 1000)
        let whole = UTCTime.iso(seconds)
        let digits = String(ms)
        return whole.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// `2024-01-01T00:00:00Z`: whole seconds, for lines a person reads (schedules, cycles).
    public var isoSeconds: String { UTCTime.iso(seconds) }

    public var description: String { iso }

    public static func < (a: UnixMillis, b: UnixMillis) -> Bool { a.value < b.value }

    public func adding(seconds: Double) -> UnixMillis { UnixMillis(value &+ Int64((seconds * 1000).rounded())) }
}
