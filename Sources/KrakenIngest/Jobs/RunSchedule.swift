import Foundation

/// A repeating schedule aligned to the clock: every 15 minutes runs at :00, :15, :30 and :45 UTC, whatever time
/// the process started. Runs never overlap: the next run is the first boundary after the previous one ended.
///
/// ```swift
/// let schedule = try RunSchedule.parse("15m")
/// schedule.next(after: UnixMillis(seconds: 1_767_225_700))    // 2026-01-01T00:15:00Z
/// ```
public struct RunSchedule: Sendable, Equatable {
    /// The period in seconds.
    public let seconds: Int64

    public init(seconds: Int64) { self.seconds = max(1, seconds) }

    /// `15m`, `1h`, `900s` or `900` (seconds); at least one minute, at most one day, and a divisor of a day so
    /// every day's boundaries fall at the same times.
    public static func parse(_ text: String) throws -> RunSchedule {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Int64)] = [("min", 60), ("m", 60), ("h", 3_600), ("s", 1)]
        var value: Int64?
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            value = Int64(t.dropLast(suffix.count)).map { $0 * factor }
            break
        }
        if value == nil { value = Int64(t) }
        guard let value, (60...86_400).contains(value) else {
            throw KrakenIngestError.usage("--every '\(text)' is not a period between 1m and 24h (e.g. 15m, 1h)")
        }
        guard 86_400 % value == 0 else {
            throw KrakenIngestError.usage(
                "--every '\(text)' does not divide a day, so cycles would drift from day to day; "
                    + "use e.g. 1m, 5m, 10m, 15m, 20m, 30m, 1h, 2h, 4h, 6h, 12h or 24h")
        }
        return RunSchedule(seconds: value)
    }

    /// The first boundary strictly after `time`.
    public func next(after time: UnixMillis) -> UnixMillis {
        let period = seconds * 1_000
        let value = time.value
        let floor = value >= 0 ? value / period * period : (value - period + 1) / period * period
        return UnixMillis(floor + period)
    }
}
