import Crypto
import Foundation

/// One item of a futures response, ready to store: natural key, time, normalised columns and raw JSON.
///
/// ```swift
/// let record = page.records[0]
/// record.key                     // "73dd02fe-54f1-4ed8-a419-7e468357cd72"
/// record.millis                  // 1772026472238
/// record["price"]                // .decimal(66155.0)
/// record.raw                     // {"event":{"Execution":{…}},"timestamp":"1772026472238","uid":"1aa8…"}
/// ```
public struct FuturesRecord: Sendable, Hashable {
    /// The natural key (see `FuturesResource.naturalKey`).
    public var key: String
    /// The record's time in unix milliseconds; nil when none of the time fields holds one (only possible for
    /// resources that do not require a time).
    public var millis: Int64?
    /// The sequential id, for resources paged by id.
    public var sequenceID: Int64?
    /// Column values in the order of `FuturesResource.columns`; nil for a column without a value.
    public var values: [FuturesFieldValue?]
    /// The item exactly as listed in the response, as canonical JSON (`JSONValue.canonicalText`).
    public var raw: String
    /// Column names in the order of `values`.
    public var columnNames: [String]

    /// The value of the column called `name`.
    public subscript(name: String) -> FuturesFieldValue? {
        guard let index = columnNames.firstIndex(of: name) else { return nil }
        return values[index]
    }

    /// Builds the record for `item` under `resource`; nil when the resource requires a time and the item has
    /// none, or when `item` is not an object.
    static func make(_ item: JSONValue, resource: FuturesResource) -> FuturesRecord? {
        guard case .object = item else { return nil }
        let body =
            resource.wrappers.lazy.compactMap { path -> JSONValue? in
                guard let inner = item[path: path], case .object = inner else { return nil }
                return inner
            }.first ?? item
        func lookup(_ path: JSONPath) -> JSONValue? {
            let root = path.inItem ? item : body
            guard let value = root[path: path], value.isPresent else { return nil }
            return value
        }
        let millis = resource.timeFields.lazy.compactMap { lookup($0)?.millis }.first
        if resource.requiresTime && millis == nil { return nil }
        let raw = item.canonicalText
        let key = naturalKey(resource, lookup: lookup) ?? "sha256:" + sha256Hex(raw)
        var sequenceID: Int64?
        if case .sequentialID(let path) = resource.cursorKind { sequenceID = lookup(path)?.integer }
        let values = resource.columns.map { column -> FuturesFieldValue? in
            switch column.source {
            case .naturalKey:
                return .text(key)
            case .recordTime:
                guard let millis else { return nil }
                return column.kind == .iso ? .text(UnixMillis(millis).iso) : .integer(millis)
            case .paths(let paths):
                return paths.lazy.compactMap { lookup($0).flatMap { FuturesFieldValue.read($0, as: column.kind) } }
                    .first
            }
        }
        return FuturesRecord(
            key: key, millis: millis, sequenceID: sequenceID, values: values, raw: raw,
            columnNames: resource.columns.map(\.name))
    }

    /// The first key alternative whose parts all have scalar values, parts joined by `|` (a `|` or `\` inside a
    /// part is escaped with `\`, so different parts never give the same key).
    private static func naturalKey(_ resource: FuturesResource, lookup: (JSONPath) -> JSONValue?) -> String? {
        for alternative in resource.naturalKey where !alternative.isEmpty {
            let parts = alternative.compactMap { lookup($0)?.text }
            guard parts.count == alternative.count else { continue }
            if parts.count == 1 { return parts[0] }
            return parts.map { part in
                part.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
            }.joined(separator: "|")
        }
        return nil
    }

    private static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
