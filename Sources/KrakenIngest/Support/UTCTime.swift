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

    /// Parses `2024-07-01`, `2024-07-01T12:00:00Z` (or without the `Z`) or unix seconds; UTC always.
    public static func parse(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Int64(t) { return seconds }
        let scanner = Array(t.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= scanner.count else { return nil }
            return Int(String(decoding: scanner[from..<from + count], as: UTF8.self))
        }
        guard scanner.count >= 10, scanner[4] == UInt8(ascii: "-"), scanner[7] == UInt8(ascii: "-"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var seconds = CivilDate.toUnix(year: year, month: month, day: day)
        guard CivilDate.from(seconds) == (year, month, day) else { return nil }
        if scanner.count == 10 { return seconds }
        var rest = t.dropFirst(10)
        guard rest.first == "T" || rest.first == " " else { return nil }
        rest = rest.dropFirst()
        if rest.hasSuffix("Z") { rest = rest.dropLast() }
        let parts = rest.split(separator: ":").map { Int($0) }
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }),
              let hour = parts[0], let minute = parts[1], (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        let second = parts.count == 3 ? parts[2]! : 0
        guard (0..<60).contains(second) else { return nil }
        seconds += Int64(hour * 3600 + minute * 60 + second)
        return seconds
    }

    /// The current time in unix seconds.
    public static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
}
