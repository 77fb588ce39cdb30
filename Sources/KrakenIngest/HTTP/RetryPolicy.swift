/// When to try again: exponential backoff (2 s, 4 s, 8 s by default) with ±10% jitter, at most 3 retries, and
/// the server's own wait (`Retry-After`, `rate-limit-reset`, spot `EService: Throttled: <unix time>`) honoured
/// exactly in place of the backoff.
///
/// ```swift
/// let policy = RetryPolicy(jitter: .constant(0.5))   // factor 1: no jitter
/// policy.backoff(retry: 1)                            // 2.0
/// policy.delay(retry: 3, serverWait: nil)             // 8.0
/// policy.delay(retry: 1, serverWait: 5)               // 5.0
/// policy.delay(retry: 1, serverWait: 3_600)           // nil: longer than maxServerWait, give up now
/// ```
public struct RetryPolicy: Sendable {
    /// Retries after the first attempt.
    public var maxRetries: Int
    /// The wait before the first retry, in seconds.
    public var baseDelay: Double
    /// Each further retry waits this many times longer.
    public var multiplier: Double
    /// The jitter as a fraction: 0.1 spreads each backoff over ±10%.
    public var jitterFraction: Double
    /// A server-requested wait longer than this (seconds) ends the call at once instead of sleeping.
    public var maxServerWait: Double
    /// Where the jitter comes from.
    public var jitter: JitterSource

    public init(
        maxRetries: Int = 3, baseDelay: Double = 2, multiplier: Double = 2, jitterFraction: Double = 0.1,
        maxServerWait: Double = 300, jitter: JitterSource = .system
    ) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.multiplier = multiplier
        self.jitterFraction = jitterFraction
        self.maxServerWait = maxServerWait
        self.jitter = jitter
    }

    /// Never retries.
    public static var none: RetryPolicy { RetryPolicy(maxRetries: 0) }

    /// The jittered backoff before retry number `retry` (1 for the first retry).
    public func backoff(retry: Int) -> Double {
        var exponent = 1.0
        for _ in 1..<max(1, retry) { exponent *= multiplier }
        let factor = 1 + jitterFraction * (2 * jitter.next() - 1)
        return baseDelay * exponent * factor
    }

    /// The wait before retry number `retry`: the server's wait when it gave one, the backoff otherwise; nil when
    /// the server's wait exceeds `maxServerWait`.
    public func delay(retry: Int, serverWait: Double?) -> Double? {
        guard let serverWait else { return backoff(retry: retry) }
        return serverWait <= maxServerWait ? max(0, serverWait) : nil
    }
}
