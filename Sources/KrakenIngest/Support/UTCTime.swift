import Foundation

/// Formatting of unix seconds as ISO-8601 UTC, the only time zone this tool ever shows.
public enum UTCTime {
    /// `2024-01-01T00:00:00Z` for `1704067200`.
    public static func iso(_ unixSeconds: Int64) -> String {
        var t = time_t(unixSeconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// The current time in unix seconds.
    public static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
}
