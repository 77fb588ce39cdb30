/// A dotted path into a JSON value: object member names, or decimal indexes into arrays.
///
/// Resource declarations name fields with it. A leading `@` says "in the item as the response listed it", as
/// opposed to the record unwrapped from it (see `FuturesResource.wrappers`): for an execution element,
/// `timestamp` is the execution's own time and `@timestamp` the element's.
///
/// ```swift
/// let path: JSONPath = "event.Execution.execution"
/// path.components        // ["event", "Execution", "execution"]
/// JSONPath("@uid").inItem   // true
/// ```
public struct JSONPath: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The steps, outermost first.
    public var components: [String]
    /// True when the path starts at the listed item rather than at the unwrapped record.
    public var inItem: Bool

    /// Parses `"a.b.0.c"`; a leading `@` sets `inItem`. Member names containing `.` cannot be spelled.
    public init(_ text: String) {
        var body = Substring(text)
        inItem = body.hasPrefix("@")
        if inItem { body = body.dropFirst() }
        components = body.isEmpty ? [] : body.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { (inItem ? "@" : "") + components.joined(separator: ".") }
}
