/// The error `KrakenHTTPClient.get` throws: what class of failure ended the call, after how many attempts, with
/// a message already cleared of secrets.
///
/// ```swift
/// do { _ = try await client.get(url, bucketKeys: keys, classify: .spot) }
/// catch let failure as HTTPFailure where failure.failureClass == .permanent { /* skip this pair */ }
/// ```
public struct HTTPFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// How the call ended.
    public enum Kind: Sendable, Equatable {
        /// A transient failure that outlasted the retries (or asked for a wait longer than the policy allows).
        case retryable(RetryReason)
        /// The request is wrong; it was not retried.
        case permanent
        /// Credentials missing, wrong or short of a permission; not retried.
        case auth
        /// The host's circuit breaker is open: nothing was sent. `retryAt` is when a probe will be allowed
        /// (nil while another call's probe is in flight).
        case circuitOpen(host: String, retryAt: UnixMillis?)
    }

    /// How the call ended.
    public var kind: Kind
    /// The last HTTP status seen, if any response arrived.
    public var status: Int?
    /// The Kraken error behind it, when a body carried one.
    public var apiError: KrakenAPIError?
    /// What went wrong, secrets removed.
    public var message: String
    /// The address asked for, secrets removed.
    public var url: String
    /// Exchanges sent for this call (0 when the breaker refused it).
    public var attempts: Int

    public init(
        kind: Kind, status: Int? = nil, apiError: KrakenAPIError? = nil, message: String, url: String,
        attempts: Int
    ) {
        self.kind = kind
        self.status = status
        self.apiError = apiError
        self.message = message
        self.url = url
        self.attempts = attempts
    }

    /// Retryable (a breaker refusal included), permanent or auth.
    public var failureClass: FailureClass {
        switch kind {
        case .retryable, .circuitOpen: return .retryable
        case .permanent: return .permanent
        case .auth: return .auth
        }
    }

    /// True when asking again later may succeed.
    public var isRetryable: Bool { failureClass == .retryable }

    public var description: String {
        let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
        switch kind {
        case .retryable(let reason):
            return "GET \(url) failed (\(reason.rawValue), \(tries)): \(message)"
        case .permanent:
            return "GET \(url) failed permanently: \(message)"
        case .auth:
            return "GET \(url) was refused (credentials): \(message)"
        case .circuitOpen(let host, let retryAt):
            let when = retryAt.map { " until \($0.iso)" } ?? " while a probe is in flight"
            return "GET \(url) not sent: circuit breaker for \(host) is open\(when). \(message)"
        }
    }
}
