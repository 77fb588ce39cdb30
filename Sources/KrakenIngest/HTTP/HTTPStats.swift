/// What a `KrakenHTTPClient` has done so far: calls, exchanges, retries by reason, breaker activity and waits.
///
/// ```swift
/// let stats = await client.stats
/// stats.retries[.tooManyRequests]    // 2
/// stats.rateLimitWaitSeconds         // 11.0
/// ```
public struct HTTPStats: Sendable, Equatable, CustomStringConvertible {
    /// Calls of `get`.
    public var requests = 0
    /// Exchanges sent on the wire (first attempts and retries).
    public var attempts = 0
    /// Calls that returned a response.
    public var succeeded = 0
    /// Calls that threw.
    public var failed = 0
    /// Retries made, by reason.
    public var retries: [RetryReason: Int] = [:]
    /// Times a breaker opened (from closed or from half-open).
    public var breakerOpens = 0
    /// Calls refused by an open breaker.
    public var breakerRejections = 0
    /// Calls that had to wait for rate-limit tokens.
    public var rateLimitWaits = 0
    /// Seconds spent waiting for tokens.
    public var rateLimitWaitSeconds = 0.0
    /// Seconds spent waiting between retries.
    public var retryWaitSeconds = 0.0

    public init() {}

    /// Retries of every reason.
    public var totalRetries: Int { retries.values.reduce(0, +) }

    public var description: String {
        let byReason = retries.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
        return "\(requests) requests, \(attempts) attempts, \(succeeded) ok, \(failed) failed, "
            + "retries \(totalRetries)" + (byReason.isEmpty ? "" : " (\(byReason.joined(separator: ", ")))")
            + ", breaker opens \(breakerOpens), rejections \(breakerRejections), "
            + "rate-limit waits \(rateLimitWaits) (\(rateLimitWaitSeconds) s), retry waits \(retryWaitSeconds) s"
    }
}
