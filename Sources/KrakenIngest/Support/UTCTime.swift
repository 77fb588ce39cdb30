import Foundation

/// Formatting of unix seconds as ISO-8601 UTC, the only time zone this tool ever shows.
public enum UTCTime {
    /// `2024-01-01T00:00:00Z` for `1704067200`. Built by hand: reports format tens of thousands of times and
    /// `String(format:)` is slow on Linux.
    public static func iso(_ unixSeconds: Int64) -> String {
        let (year, month, day) = CivilDate.from(unixSeconds)
        guard (0...9999).contains(year) else { return "\(year)-\(month)-\(day)T?Z" }
        let secondOfDay = Int(((unixSeconds % 86_400) + 86_400) % 86_400)
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func two(_ n: Int, at i: Int) {
                buffer[i] = UInt8(48 + n / 10)
                buffer[i + 1] = UInt8(48 + n % 10)
            }
            two(year / 100, at: 0)
            two(year % 100, at: 2)
            buffer[4] = 45
            two(month, at: 5)
            buffer[7] = 45
            two(day, at: 8)
            buffer[10] = 84
            two(secondOfDay / 3600, at: 11)
            buffer[13] = 58
            two(secondOfDay / 60 % 60, at: 14)
            buffer[16] = 58
            two(secondOfDay % 60, at: 17)
            buffer[19] = 90
            return 20
        }
    }

    /// Parses what `TimeInput` accepts and returns unix seconds; nil when it is not a time.
    public static func parse(_ text: String) -> Int64? { (try? TimeInput.parse(text))?.seconds }

    /// Times the tool reasons about: 1970-01-01 to 9999-12-31 (candle times are never negative).
    public static let supportedRange: ClosedRange<Int64> = 0...253_402_300_799
}
