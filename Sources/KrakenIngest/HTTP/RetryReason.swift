/// Why a retryable exchange failed; `HTTPStats` counts retries by it.
public enum RetryReason: String, Sendable, Codable, Equatable, Hashable, CaseIterable, Comparable {
    /// No answer in time (connect, read or total timeout).
    case timeout
    /// Connection refused, reset or closed early (a truncated body too).
    case connection
    /// The host name does not resolve or the machine is offline: never retried (see `TransportError.noRoute`).
    case noRoute
    /// HTTP 5xx, e.g. 500, 502 or Cloudflare's 520.
    case serverError
    /// HTTP 429.
    case tooManyRequests
    /// Spot `EAPI:Rate limit exceeded` or `EGeneral:Too many requests`.
    case rateLimited
    /// Spot `EService: Throttled: <unix time>`.
    case throttled
    /// Spot `EService:Unavailable`.
    case unavailable
    /// Spot `EService:Busy`.
    case busy
    /// Spot `EGeneral:Internal error`.
    case internalError
    /// A 2xx body that is not the JSON expected (cut short or garbled on the way).
    case malformedBody
    /// Futures `apiLimitExceeded`.
    case apiLimitExceeded
    /// Futures `nonceBelowThreshold` and kin: a fresh nonce on the next attempt fixes it.
    case nonce

    public static func < (a: RetryReason, b: RetryReason) -> Bool { a.rawValue < b.rawValue }
}
