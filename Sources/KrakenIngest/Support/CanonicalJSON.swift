import Foundation

/// The one JSON encoding of the tool: keys sorted, slashes unescaped, so equal values give byte-identical text
/// (job options compare by it; `--json` output and stored raw records are reproducible).
///
/// ```swift
/// try CanonicalJSON.string(["b": 1, "a": 2])   // {"a":2,"b":1}
/// ```
public enum CanonicalJSON {
    /// Compact text of `value`.
    public static func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder(pretty: false).encode(value), as: UTF8.self)
    }

    /// Indented text of `value` with a trailing newline, for people.
    public static func pretty<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder(pretty: true).encode(value), as: UTF8.self) + "\n"
    }

    private static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty
            ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
