/// The verdict on one failed exchange: its class, why, and any wait the server asked for.
/// A `ResponseClassifier` returns nil for a success and one of these otherwise.
public struct FailureVerdict: Sendable, Equatable {
    /// Retryable, permanent or auth.
    public var failureClass: FailureClass
    /// Why, for retryable failures.
    public var reason: RetryReason?
    /// The wait the server asked for, if it said.
    public var serverWait: ServerWait?
    /// What went wrong, in words (redacted before it is logged or thrown).
    public var message: String
    /// The Kraken error behind it, when the body carried one.
    public var apiError: KrakenAPIError?

    public init(
        _ failureClass: FailureClass, reason: RetryReason? = nil, serverWait: ServerWait? = nil,
        message: String, apiError: KrakenAPIError? = nil
    ) {
        self.failureClass = failureClass
        self.reason = reason
        self.serverWait = serverWait
        self.message = message
        self.apiError = apiError
    }

    /// A retryable verdict.
    public static func retry(_ reason: RetryReason, _ message: String, wait: ServerWait? = nil) -> FailureVerdict {
        FailureVerdict(.retryable, reason: reason, serverWait: wait, message: message)
    }
}
