/// What a caller should do about a failed exchange: the three classes every Kraken error falls into.
///
/// ```swift
/// SpotErrors.classify(message: "EQuery:Unknown asset pair").failureClass   // .permanent
/// ```
public enum FailureClass: String, Sendable, Codable, Equatable {
    /// Transient: the same request may succeed later (timeouts, 5xx, rate limits, Kraken being busy).
    case retryable
    /// The request itself is wrong (unknown pair, bad arguments, other 4xx): sending it again cannot help.
    case permanent
    /// The credentials are missing, wrong or lack a permission (401/403, `authenticationError`).
    case auth
}
