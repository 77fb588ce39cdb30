import Foundation

/// A decimal number as Kraken wrote it, with its nearest `Double` beside it.
///
/// Prices and sizes arrive as JSON numbers (`0.070914`) or strings (`"66155.0"`); `text` keeps the digits exactly
/// (store it when exactness matters), `double` is for arithmetic and comparisons.
///
/// ```swift
/// JSONNumber("66155.0")?.text      // "66155.0"
/// JSONNumber("1.129880786375e-06")?.double   // 1.129880786375e-06
/// JSONNumber("")                   // nil
/// JSONNumber("12abc")              // nil
/// ```
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal, exactly as received (JSON number grammar: `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`).
    public let text: String
    /// The nearest double; always finite.
    public let double: Double

    /// Nil unless `text` is a JSON number literal (no spaces, no `+`, no `NaN`) with a finite value.
    public init?(_ text: String) {
        guard JSONNumber.isLiteral(text.utf8), let value = Double(text), value.isFinite else { return nil }
        self.text = text
        double = value
    }

    public var description: String { text }

    /// The value as a whole number when it is one and fits in 64 bits: integer literals are read exactly (beyond
    /// 2^53 too); other forms (`1.7e12`, `5.0`) through the double.
    public var int64: Int64? {
        if let exact = Int64(text) { return exact }
        guard double == double.rounded(.towardZero), abs(double) < 9.2e18 else { return nil }
        return Int64(double)
    }

    /// True when `bytes` spell a JSON number.
    static func isLiteral<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var i = bytes.startIndex
        func at(_ predicate: (UInt8) -> Bool) -> Bool {
            guard i != bytes.endIndex, predicate(bytes[i]) else { return false }
            i = bytes.index(after: i)
            return true
        }
        func digits() -> Int {
            var count = 0
            while at({ $0 >= 48 && $0 <= 57 }) { count += 1 }
            return count
        }
        _ = at { $0 == UInt8(ascii: "-") }
        if at({ $0 == UInt8(ascii: "0") }) {
            // A leading zero stands alone.
        } else if digits() == 0 {
            return false
        }
        if at({ $0 == UInt8(ascii: ".") }), digits() == 0 { return false }
        if at({ $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            _ = at { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
            if digits() == 0 { return false }
        }
        return i == bytes.endIndex
    }
}
