/// One normalised column of a synced resource, declared as data: its name, its kind and where its value comes from.
/// The raw JSON is always kept beside the columns, so a column is a convenience for queries, never the only copy.
///
/// ```swift
/// FuturesColumn.decimal("price", "price")                               // first path with a value
/// FuturesColumn.text("symbol", "takerOrder.tradeable", "makerOrder.tradeable")
/// FuturesColumn.millis("time_ms")                                        // the record's resolved time
/// FuturesColumn.iso("fill_time", "fillTime")                             // a time field as ISO-8601 text
/// ```
public struct FuturesColumn: Sendable, Hashable {
    /// What a column holds; a value of another shape leaves the column empty (null).
    public enum Kind: String, Sendable, Hashable {
        /// A scalar as text (strings as they are, numbers as their literal).
        case text
        /// A number from a JSON number or numeric string, kept as its exact literal (`JSONNumber`).
        case decimal
        /// A whole number.
        case integer
        /// `true`/`false` (also the strings `"true"`/`"false"`).
        case bool
        /// A time in unix milliseconds (from ms numbers or RFC 3339 text).
        case millis
        /// A time as `2024-01-01T00:00:00.000Z`.
        case iso
    }

    /// Where the value is read.
    public enum Source: Sendable, Hashable {
        /// The first of these paths holding a value other than null or `""`.
        case paths([JSONPath])
        /// The record's time, as resolved from `FuturesResource.timeFields`.
        case recordTime
        /// The record's natural key.
        case naturalKey
    }

    public var name: String
    public var kind: Kind
    public var source: Source

    public init(_ name: String, _ kind: Kind, _ source: Source) {
        self.name = name
        self.kind = kind
        self.source = source
    }

    public static func text(_ name: String, _ paths: JSONPath...) -> FuturesColumn { .init(name, .text, .paths(paths)) }
    public static func decimal(_ name: String, _ paths: JSONPath...) -> FuturesColumn {
        .init(name, .decimal, .paths(paths))
    }
    public static func integer(_ name: String, _ paths: JSONPath...) -> FuturesColumn {
        .init(name, .integer, .paths(paths))
    }
    public static func bool(_ name: String, _ paths: JSONPath...) -> FuturesColumn { .init(name, .bool, .paths(paths)) }

    /// Milliseconds from `paths`, or the record's time when no path is given.
    public static func millis(_ name: String, _ paths: JSONPath...) -> FuturesColumn {
        .init(name, .millis, paths.isEmpty ? .recordTime : .paths(paths))
    }

    /// ISO-8601 text from `paths`, or of the record's time when no path is given.
    public static func iso(_ name: String, _ paths: JSONPath...) -> FuturesColumn {
        .init(name, .iso, paths.isEmpty ? .recordTime : .paths(paths))
    }

    /// The natural key as text.
    public static func key(_ name: String) -> FuturesColumn { .init(name, .text, .naturalKey) }
}

/// A normalised column's value.
public enum FuturesFieldValue: Sendable, Hashable, CustomStringConvertible {
    case text(String)
    case decimal(JSONNumber)
    case integer(Int64)
    case bool(Bool)

    public var description: String {
        switch self {
        case .text(let s): return s
        case .decimal(let n): return n.text
        case .integer(let n): return String(n)
        case .bool(let b): return b ? "true" : "false"
        }
    }

    /// Reads `value` as `kind`; nil when it has another shape.
    static func read(_ value: JSONValue, as kind: FuturesColumn.Kind) -> FuturesFieldValue? {
        switch kind {
        case .text: return value.text.map(FuturesFieldValue.text)
        case .decimal: return value.number.map(FuturesFieldValue.decimal)
        case .integer: return value.integer.map(FuturesFieldValue.integer)
        case .bool:
            if let b = value.bool { return .bool(b) }
            switch value.string {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case .millis: return value.millis.map(FuturesFieldValue.integer)
        case .iso: return value.millis.map { .text(UnixMillis($0).iso) }
        }
    }
}
