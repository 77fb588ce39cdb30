import Foundation

/// Any JSON value, as Kraken Futures sent it. Numbers keep their literal text (`66155.0` stays `66155.0`, an id of
/// 2^60 stays exact), so a record's raw JSON can be stored as received, only re-ordered and compacted.
///
/// ```swift
/// let page = try JSONValue.parse(#"{"len":"1","elements":[{"uid":"a","timestamp":1772026472238}]}"#)
/// page["len"]?.number?.double                              // 1.0   (numbers may arrive as strings)
/// page[path: "elements.0.timestamp"]?.millis                // 1772026472238
/// page[path: "elements.0"]?.canonicalText                   // {"timestamp":1772026472238,"uid":"a"}
/// ```
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number's literal text, checked against JSON's number grammar (`-0.5e-3`, `66155.0`, `1772026472238`).
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members by name. When a name repeats in the text, the last value wins (as in JSONSerialization).
    case object([String: JSONValue])

    /// The member `key` of an object; nil for other values and absent members.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The value at `path` (see `JSONPath`); nil when any step is missing or of the wrong kind.
    public subscript(path path: JSONPath) -> JSONValue? {
        var current = self
        for component in path.components {
            switch current {
            case .object(let members):
                guard let next = members[component] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Int(component), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// The first of `paths` that holds a value other than `null` and `""`, in order.
    public func first(_ paths: [JSONPath]) -> JSONValue? {
        for path in paths {
            if let value = self[path: path], value.isPresent { return value }
        }
        return nil
    }

    /// False for `null` and the empty string (Kraken sends `""` for "no value", e.g. `takerReducedQuantity`).
    public var isPresent: Bool {
        switch self {
        case .null: return false
        case .string(let s): return !s.isEmpty
        default: return true
        }
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var object: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// A scalar as text: strings as they are, numbers as their literal, booleans as `true`/`false`; nil for null,
    /// arrays and objects. Ids arrive as strings (`uid`) or numbers (`id`); this reads both the same way.
    public var text: String? {
        switch self {
        case .string(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// A number sent as a JSON number or as a JSON string holding one (`"66155.0"`); nil otherwise (also `""`).
    public var number: JSONNumber? {
        switch self {
        case .number(let text): return JSONNumber(text)
        case .string(let text): return JSONNumber(text)
        default: return nil
        }
    }

    /// A whole number from a JSON number or numeric string (`9`, `"1772026472238"`, `1.7e12`); nil when it has a
    /// fraction or does not fit in 64 bits.
    public var integer: Int64? { number?.int64 }

    /// A time in unix milliseconds: a whole number of milliseconds (`1772026472238`, `"1772026472238"`) or an
    /// RFC 3339 / ISO-8601 string (`2026-08-11T19:55:24.251Z`, fractions beyond milliseconds dropped); nil otherwise.
    /// Kraken Futures never sends seconds, so numbers are always read as milliseconds.
    public var millis: Int64? {
        if let whole = integer { return whole }
        guard case .string(let text) = self, text.contains("-"), text.count >= 10,
            let parsed = try? TimeInput.parse(text)
        else { return nil }
        return parsed.value
    }
}
