import Foundation

/// A candle interval in minutes, as Kraken names it in archive file names (`XBTUSD_60.csv`) and in the
/// `interval` parameter of the REST OHLC endpoint.
public struct CandleInterval: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Length of one candle in minutes.
    public let minutes: Int

    /// Creates an interval of `minutes` minutes; `minutes` must be positive.
    public init?(minutes: Int) {
        guard minutes > 0, minutes <= 60 * 24 * 366 else { return nil }
        self.minutes = minutes
    }

    /// Length of one candle in seconds, the unit of candle timestamps.
    public var seconds: Int64 { Int64(minutes) * 60 }

    /// Intervals that appear in Kraken's OHLCVT archives (older releases lack 30 and 240).
    public static let archiveMinutes: Set<Int> = [1, 5, 15, 30, 60, 240, 720, 1440]
    /// Intervals the REST OHLC endpoint serves (720 exists only in archives; 10080 and 21600 only here).
    public static let apiMinutes: Set<Int> = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600]

    /// True when Kraken's archives carry this interval.
    public var isInArchives: Bool { Self.archiveMinutes.contains(minutes) }
    /// True when the REST OHLC endpoint serves this interval.
    public var isServedByAPI: Bool { Self.apiMinutes.contains(minutes) }

    /// The candle open time that contains `timestamp` (floor to the interval boundary).
    public func floor(_ timestamp: Int64) -> Int64 {
        let s = seconds
        let r = timestamp % s
        return r >= 0 ? timestamp - r : timestamp - r - s
    }

    /// True when `timestamp` is an interval boundary.
    public func isAligned(_ timestamp: Int64) -> Bool { timestamp % seconds == 0 }

    public var description: String { "\(minutes)" }
    public static func < (a: CandleInterval, b: CandleInterval) -> Bool { a.minutes < b.minutes }

    /// Parses a comma-separated list such as `60,1440` (used by `--intervals`).
    public static func parseList(_ text: String) throws -> [CandleInterval] {
        try text.split(separator: ",").map { part in
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let m = Int(trimmed), let interval = CandleInterval(minutes: m) else {
                throw KrakenIngestError.usage("'\(trimmed)' is not an interval in minutes (expected e.g. 60 or 1440)")
            }
            return interval
        }
    }
}
