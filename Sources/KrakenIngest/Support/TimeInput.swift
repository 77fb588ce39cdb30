import Foundation

/// Parses the times users type into `--start`, `--end`, `--now` and `--since`: ISO-8601 dates and times, or unix
/// seconds and milliseconds told apart by their number of digits (or an explicit `s`/`ms` suffix).
///
/// ```swift
/// try TimeInput.parse("2024-07-01")                  // 2024-07-01T00:00:00.000Z
/// try TimeInput.parse("2024-07-01T12:30:00+02:00")   // 2024-07-01T10:30:00.000Z
/// try TimeInput.parse("1719792000")                  // 10 digits: seconds
/// try TimeInput.parse("1719792000000")               // 13 digits: milliseconds
/// try TimeInput.parse("2024")                        // throws: looks like a year, with a hint
/// ```
public enum TimeInput {
    /// The parsed instant, or a usage error that says what is accepted.
    public static func parse(_ text: String, flag: String = "time") throws -> UnixMillis {
        let t = text.trimmingCharacters(in: .whitespaces)
        let result: UnixMillis
        if let number = try number(t, flag: flag) {
            result = number
        } else if let iso = iso8601(t) {
            result = iso
        } else {
            throw KrakenIngestError.usage("\(flag) '\(text)' is not a time; \(accepted)")
        }
        guard UTCTime.supportedRange.contains(result.seconds) else {
            throw KrakenIngestError.usage("\(flag) '\(text)' is outside the years 1970 to 9999")
        }
        return result
    }

    /// What the parser accepts, for messages.
    public static let accepted =
        "use an ISO-8601 date or time (2024-07-01, 2024-07-01T12:00:00Z, "
        + "2024-07-01T14:00:00+02:00), unix seconds (10 digits, e.g. 1719792000) or milliseconds (13 digits)"

    /// Unix seconds (9–10 digits or an `s` suffix) or milliseconds (12–13 digits or an `ms` suffix); nil when
    /// `t` is not made of digits. Other lengths are refused: `2024` is a year, not 1970-01-01T00:33:44Z.
    private static func number(_ t: String, flag: String) throws -> UnixMillis? {
        var digits = Substring(t)
        var unit: String?
        if digits.hasSuffix("ms") {
            unit = "ms"
            digits = digits.dropLast(2)
        } else if digits.hasSuffix("s") {
            unit = "s"
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard digits.count <= 15, let value = Int64(digits) else {
            throw KrakenIngestError.usage("\(flag) '\(t)' is too large to be a time")
        }
        switch (unit, digits.count) {
        case ("s", _), (nil, 9...10): return UnixMillis(seconds: value)
        case ("ms", _), (nil, 12...13): return UnixMillis(value)
        default:
            let hint =
                digits.count == 4
                ? "it looks like a year: write \(digits)-01-01"
                : "bare numbers are unix seconds (9–10 digits) or milliseconds (12–13 digits); "
                    + "add s or ms to say which"
            throw KrakenIngestError.usage("\(flag) '\(t)' is ambiguous: \(hint)")
        }
    }

    /// `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH[:MM]]`; no zone means UTC.
    private static func iso8601(_ t: String) -> UnixMillis? {
        let b = Array(t.utf8)
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= b.count else { return nil }
            var n = 0
            for k in i..<i + count {
                guard (48...57).contains(b[k]) else { return nil }
                n = n * 10 + Int(b[k] - 48)
            }
            i += count
            return n
        }
        func take(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), take("-"), let month = digits(2), take("-"), let day = digits(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let date = CivilDate.toUnix(year: year, month: month, day: day)
        guard CivilDate.from(date) == (year, month, day) else { return nil }
        var millis = date * 1000
        if i == b.count { return UnixMillis(millis) }
        guard take("T") || take("t") || take(" ") else { return nil }
        guard let hour = digits(2), take(":"), let minute = digits(2), hour < 24, minute < 60 else { return nil }
        var second = 0
        if take(":") {
            guard let s = digits(2), s < 60 else { return nil }
            second = s
            if take(".") || take(",") {
                var fraction = 0
                var places = 0
                while i < b.count, (48...57).contains(b[i]) {
                    if places < 3 { fraction = fraction * 10 + Int(b[i] - 48) }
                    places += 1
                    i += 1
                }
                guard places > 0 else { return nil }
                if places < 3 { for _ in places..<3 { fraction *= 10 } }
                millis += Int64(fraction)
            }
        }
        millis += Int64(hour * 3600 + minute * 60 + second) * 1000
        if i == b.count || take("Z") || take("z") { return i == b.count ? UnixMillis(millis) : nil }
        let sign: Int64
        if take("+") { sign = 1 } else if take("-") { sign = -1 } else { return nil }
        guard let offsetHours = digits(2), offsetHours < 24 else { return nil }
        var offsetMinutes = 0
        if i < b.count {
            _ = take(":")
            guard let m = digits(2), m < 60 else { return nil }
            offsetMinutes = m
        }
        guard i == b.count else { return nil }
        return UnixMillis(millis - sign * Int64(offsetHours * 3600 + offsetMinutes * 60) * 1000)
    }
}
