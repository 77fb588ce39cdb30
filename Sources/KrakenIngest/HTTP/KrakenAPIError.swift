/// An error Kraken reported in a response body, with its classification. Spot sends these with HTTP 200 and a
/// non-empty `error` array; futures with HTTP 200 and `"result":"error"`.
///
/// ```swift
/// let error = SpotErrors.classify(body: Data(#"{"error":["EService:Busy"]}"#.utf8))?.apiError
/// error?.messages        // ["EService:Busy"]
/// error?.failureClass    // .retryable
/// ```
public struct KrakenAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which Kraken API sent it.
    public enum Venue: String, Sendable, Codable, Equatable {
        case spot
        case futures
    }

    /// Which Kraken API sent it.
    public var venue: Venue
    /// The error strings exactly as sent (spot warnings, which start with `W`, left out).
    public var messages: [String]
    /// Retryable, permanent or auth.
    public var failureClass: FailureClass
    /// Why, for retryable errors.
    public var reason: RetryReason?
    /// The wait Kraken asked for (`EService: Throttled: <unix time>`).
    public var serverWait: ServerWait?

    public init(
        venue: Venue, messages: [String], failureClass: FailureClass, reason: RetryReason? = nil,
        serverWait: ServerWait? = nil
    ) {
        self.venue = venue
        self.messages = messages
        self.failureClass = failureClass
        self.reason = reason
        self.serverWait = serverWait
    }

    public var description: String { "Kraken \(venue.rawValue) error: \(messages.joined(separator: ", "))" }

    /// The verdict a classifier hands to the client.
    public var verdict: FailureVerdict {
        FailureVerdict(failureClass, reason: reason, serverWait: serverWait, message: description, apiError: self)
    }
}
