/// The token buckets of one client, by name. A request names the buckets it draws from; each name resolves to a
/// declared rule, either exactly or through a family ending in `*` (one bucket per distinct name), so spot can
/// draw from a per-pair bucket *and* a global one, and futures from Kraken's history pool.
///
/// ```swift
/// let limits = RateLimits.spot(clock: clock, global: .perSecond(5, burst: 10))
/// try await limits.acquire(RateLimits.spotKeys(pair: "XBTUSD"))   // pair bucket, then the global one
/// ```
public actor RateLimits {
    /// Bucket names used by the presets.
    public enum Key {
        /// Every spot public call.
        public static let spotGlobal = "spot.global"
        /// The family of per-pair spot buckets.
        public static let spotPairFamily = "spot.pair:*"
        /// Kraken Futures' history pool (`/api/history/...`).
        public static let futuresHistory = "futures.history"
        /// Kraken Futures' `/derivatives/...` endpoints.
        public static let futuresDerivatives = "futures.derivatives"

        /// The bucket of one spot pair.
        public static func spotPair(_ pair: String) -> String { "spot.pair:\(pair)" }
    }

    private let clock: any WallClock
    private let rules: [String: TokenBucket.Rule]
    private var buckets: [String: TokenBucket] = [:]

    /// Buckets for `rules`: a name, or a family `prefix*` that gives each matching name its own bucket.
    public init(clock: any WallClock, rules: [String: TokenBucket.Rule]) {
        self.clock = clock
        self.rules = rules
    }

    /// Spot public calls: one bucket per pair (default 1 call/s) and, when given, a global bucket over all pairs.
    public static func spot(
        clock: any WallClock, perPair: TokenBucket.Rule = .spotPerPair, global: TokenBucket.Rule? = nil
    ) -> RateLimits {
        var rules = [Key.spotPairFamily: perPair]
        if let global { rules[Key.spotGlobal] = global }
        return RateLimits(clock: clock, rules: rules)
    }

    /// Kraken Futures: the history pool (100 tokens, 100 per 10 minutes) and the `/derivatives` budget.
    public static func futures(
        clock: any WallClock, history: TokenBucket.Rule = .futuresHistory,
        derivatives: TokenBucket.Rule = .futuresDerivatives
    ) -> RateLimits {
        RateLimits(clock: clock, rules: [Key.futuresHistory: history, Key.futuresDerivatives: derivatives])
    }

    /// The keys a spot call for `pair` draws from (the global one is skipped when no global rule exists).
    public static func spotKeys(pair: String) -> [String] { [Key.spotPair(pair), Key.spotGlobal] }

    /// The bucket named `key`, created on first use. Throws `KrakenIngestError.usage` for an undeclared name.
    public func bucket(_ key: String) throws -> TokenBucket {
        if let bucket = buckets[key] { return bucket }
        guard let rule = rule(for: key) else {
            let known = rules.keys.sorted().joined(separator: ", ")
            throw KrakenIngestError.usage("no rate limit is declared for bucket \"\(key)\" (declared: \(known))")
        }
        let bucket = TokenBucket(rule, clock: clock)
        buckets[key] = bucket
        return bucket
    }

    /// True when `key` names a declared bucket.
    public func isDeclared(_ key: String) -> Bool { rule(for: key) != nil }

    /// Takes `cost` tokens from each bucket in `keys`, in order, waiting as each requires; keys that resolve to
    /// no rule are skipped only when they are `Key.spotGlobal` (a spot client without a global cap). Returns the
    /// seconds waited in all.
    @discardableResult
    public func acquire(_ keys: [String], cost: Double = 1) async throws -> Double {
        var waited = 0.0
        for key in keys {
            if key == Key.spotGlobal, rule(for: key) == nil { continue }
            waited += try await bucket(key).acquire(cost: cost)
        }
        return waited
    }

    private func rule(for key: String) -> TokenBucket.Rule? {
        if let exact = rules[key] { return exact }
        let family = rules.filter { $0.key.hasSuffix("*") && key.hasPrefix($0.key.dropLast()) }
        return family.max { $0.key.count < $1.key.count }?.value
    }
}
