extension JSONValue {
    /// The value as compact, deterministic JSON: the text stored in a record's raw JSON column.
    ///
    /// - Object members sorted by the UTF-8 bytes of their names (the same order on every platform), no spaces.
    /// - Numbers written with the literal they arrived with (`66155.0`, `1.129880786375e-06`), never re-formatted:
    ///   the same response always gives the same bytes, and no digit is lost. Numbers that Kraken sent as strings
    ///   stay strings.
    /// - Strings escaped minimally: `"` and `\`, control characters as `\n`, `\t`… or `\u00XX`; `/` and non-ASCII
    ///   characters written as they are (UTF-8), like `CanonicalJSON`.
    ///
    /// Two responses that differ only in member order or whitespace give identical text.
    ///
    /// ```swift
    /// try JSONValue.parse(#"{ "b": 1.50, "a": ["x/y"] }"#).canonicalText   // {"a":["x/y"],"b":1.50}
    /// ```
    public var canonicalText: String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        writeCanonical(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func writeCanonical(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (n, element) in elements.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                element.writeCanonical(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let names = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (n, name) in names.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(name, into: &out)
                out.append(UInt8(ascii: ":"))
                members[name]!.writeCanonical(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0x08: out.append(contentsOf: #"\b"#.utf8)
            case 0x0C: out.append(contentsOf: #"\f"#.utf8)
            case 0..<0x20:
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
