import Foundation

/// Byte-level number parsing for CSV fields, without building a `String`.
///
/// Decimals become the nearest double (correctly rounded, as `strtod` does): digits accumulate into an integer
/// mantissa, and when it is below 2^53 with a power of ten of at most 22 a single multiply or divide by an exact
/// power of ten is correctly rounded (Clinger's fast path). Everything else falls back to `strtod`.
enum DecimalParser {
    private static let exactPowersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }
    private static let maxExactMantissa: UInt64 = 1 << 53

    /// Parses a decimal such as `30306.1`, `-0.5`, `1e-3`, `+7`, `.5`; nil when the bytes are not a finite number.
    static func parseDouble(_ start: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        guard count > 0 else { return nil }
        var i = 0
        var negative = false
        if start[0] == UInt8(ascii: "-") || start[0] == UInt8(ascii: "+") {
            negative = start[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var digitsSeen = 0
        var exponent = 0
        while i < count, case let d = start[i] &- 48, d < 10 {
            if mantissa != 0 || d != 0 { significantDigits += 1 }
            if significantDigits <= 19 { mantissa = mantissa &* 10 &+ UInt64(d) } else { exponent += 1 }
            digitsSeen += 1
            i += 1
        }
        if i < count && start[i] == UInt8(ascii: ".") {
            i += 1
            while i < count, case let d = start[i] &- 48, d < 10 {
                if mantissa != 0 || d != 0 { significantDigits += 1 }
                if significantDigits <= 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    exponent -= 1
                }
                digitsSeen += 1
                i += 1
            }
        }
        guard digitsSeen > 0 else { return nil }
        if i < count && (start[i] == UInt8(ascii: "e") || start[i] == UInt8(ascii: "E")) {
            i += 1
            var expNegative = false
            if i < count && (start[i] == UInt8(ascii: "-") || start[i] == UInt8(ascii: "+")) {
                expNegative = start[i] == UInt8(ascii: "-")
                i += 1
            }
            var expValue = 0
            var expDigits = 0
            while i < count, case let d = start[i] &- 48, d < 10 {
                if expValue < 100_000 { expValue = expValue * 10 + Int(d) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -expValue : expValue
        }
        guard i == count else { return nil }
        if significantDigits <= 19 && mantissa <= maxExactMantissa && exponent >= -22 && exponent <= 22 {
            let m = Double(mantissa)
            let value = exponent < 0 ? m / exactPowersOfTen[-exponent] : m * exactPowersOfTen[exponent]
            return negative ? -value : value
        }
        return slowPath(start, count)
    }

    /// Exactly rounded conversion through `strtod` on a NUL-terminated copy; rejects infinities and NaN. Any
    /// length is accepted (a field is at most `CandleCSVReader.maxLineLength` bytes): the copy lives on the stack
    /// when it is small and on the heap otherwise, and only rows with more than 19 digits or a large exponent
    /// come here.
    private static func slowPath(_ start: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer -> Double? in
            for k in 0..<count { buffer[k] = CChar(bitPattern: start[k]) }
            buffer[count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, end - buffer.baseAddress! == count, value.isFinite else { return nil }
            return value
        }
    }

    /// Parses a base-10 integer (optional sign, at most 18 digits); nil otherwise.
    static func parseInt(_ start: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
        guard count > 0 else { return nil }
        var i = 0
        var negative = false
        if start[0] == UInt8(ascii: "-") || start[0] == UInt8(ascii: "+") {
            negative = start[0] == UInt8(ascii: "-")
            i = 1
        }
        guard i < count, count - i <= 18 else { return nil }
        var value: Int64 = 0
        while i < count {
            let d = start[i] &- 48
            guard d < 10 else { return nil }
            value = value * 10 + Int64(d)
            i += 1
        }
        return negative ? -value : value
    }
}
