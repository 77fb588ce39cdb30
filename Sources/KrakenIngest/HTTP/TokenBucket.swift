/// A token bucket on the injected clock: holds up to `capacity` tokens, gains `refillPerSecond` each second, and
/// makes a caller wait (on the clock) until the tokens it asks for have accrued. Callers are served in arrival
/// order: a caller that must wait reserves its tokens at once, so the next one waits behind it.
///
/// ```swift
/// let bucket = TokenBucket(.perSecond(1), clock: clock)
/// try await bucket.acquire()      // at once: the bucket starts full
/// try await bucket.acquire()      // waits 1 s on the clock
/// ```
public actor TokenBucket {
    /// The shape of a bucket.
    public struct Rule: Sendable, Equatable, Hashable, CustomStringConvertible {
        /// Most tokens held (the burst).
        public var capacity: Double
        /// Tokens gained per second.
        public var refillPerSecond: Double

        public init(capacity: Double, refillPerSecond: Double) {
            self.capacity = max(capacity, 0.000_001)
            self.refillPerSecond = max(refillPerSecond, 0.000_001)
        }

        /// `calls` per second with a burst of `burst` (default: one second's worth, at least 1).
        public static func perSecond(_ calls: Double, burst: Double? = nil) -> Rule {
            Rule(capacity: burst ?? max(1, calls), refillPerSecond: calls)
        }

        /// `tokens` refilled over `seconds`, holding at most `tokens`.
        public static func pool(_ tokens: Double, per seconds: Double) -> Rule {
            Rule(capacity: tokens, refillPerSecond: tokens / seconds)
        }

        /// Kraken spot's public endpoints, per pair: about 1 call per second.
        public static let spotPerPair = Rule.perSecond(1)
        /// Kraken Futures' history pool: 100 tokens, refilled at 100 per 10 minutes.
        public static let futuresHistory = Rule.pool(100, per: 600)
        /// Kraken Futures' `/derivatives` endpoints: 500 cost per 10 seconds.
        public static let futuresDerivatives = Rule.pool(500, per: 10)

        public var description: String { "capacity \(capacity), \(refillPerSecond)/s" }
    }

    /// The bucket's shape.
    public let rule: Rule
    private let clock: any WallClock
    private var tokens: Double
    private var updated: UnixMillis

    /// A full bucket.
    public init(_ rule: Rule, clock: any WallClock) {
        self.rule = rule
        self.clock = clock
        tokens = rule.capacity
        updated = clock.now()
    }

    /// Tokens available now (negative while callers wait on reserved tokens).
    public var available: Double {
        refill()
        return tokens
    }

    /// Takes `cost` tokens, waiting on the clock until they have accrued. Returns the seconds waited.
    /// Throws `CancellationError` when cancelled while waiting (the tokens are given back).
    @discardableResult
    public func acquire(cost: Double = 1) async throws -> Double {
        refill()
        tokens -= cost
        guard tokens < 0 else { return 0 }
        let wait = -tokens / rule.refillPerSecond
        do {
            try await clock.sleep(seconds: wait)
        } catch {
            tokens += cost
            throw error
        }
        return wait
    }

    private func refill() {
        let now = clock.now()
        let elapsed = Double(now.value - updated.value) / 1000
        if elapsed > 0 { tokens = min(rule.capacity, tokens + elapsed * rule.refillPerSecond) }
        updated = max(updated, now)
    }
}
