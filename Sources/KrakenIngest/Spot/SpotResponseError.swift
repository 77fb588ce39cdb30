/// A spot answer that passed the HTTP layer (no `error` entries) but does not have the shape Kraken documents.
public struct SpotResponseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the answer.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { "unexpected spot response: \(message)" }
}
