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
            two(year / 100, at: 0); two(year % 100, at: 2); buffer[4] = 45
            two(month, at: 5); buffer[7] = 45; two(day, at: 8); buffer[10] = 84
            two(secondOfDay / 3600, at: 11); buffer[13] = 58; two(secondOfDay / 60 % 60, at: 14); buffer[16] = 58
            two(secondOfDay % 60, at: 17); buffer[19] = 90
            return 20
        }
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

    /// Times the tool reasons about: 1970-01-01 to 9999-12-31 (candle times are never negative).
    public static let supportedRange: ClosedRange<Int64> = 0...253_402_300_799

    /// The current time in unix seconds.
    public static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
}
