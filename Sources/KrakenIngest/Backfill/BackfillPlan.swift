/// The OHLC calls of one backfill — exactly one per (pair, interval) with API-servable gaps, since one answer
/// covers every such gap in its window — and the wall time they need under the rate limits.
public struct BackfillPlan: Sendable, Encodable, Equatable {
    /// The calls, by tier, pair and interval.
    public var requests: [BackfillRequest]
    /// Calls planned but left out by `--max-requests`.
    public var deferred: [BackfillRequest]
    /// Estimated seconds the calls need under the per-pair and global limits (network time not included).
    public var estimatedSeconds: Double

    /// Closed candles re-fetched before the oldest gap of each call (late trades revise recent candles).
    public static let defaultRefetchCandles: Int64 = 3

    public init(
        targets: [BackfillTarget], refetchCandles: Int64 = BackfillPlan.defaultRefetchCandles,
        maxRequests: Int? = nil, perPair: TokenBucket.Rule = .spotPerPair, global: TokenBucket.Rule? = nil
    ) {
        var bySeries: [SeriesName: [BackfillTarget]] = [:]
        for target in targets {
            bySeries[SeriesName(pair: target.pair, minutes: target.interval.minutes), default: []].append(target)
        }
        let all = bySeries.keys.map { name -> BackfillRequest in
            let parts = bySeries[name]!
            let step = parts[0].interval.seconds
            let from = parts.map(\.apiStart).min()!
            return BackfillRequest(
                pair: name.pair, tier: parts[0].tier, interval: name.minutes,
                since: from - (refetchCandles + 1) * step,
                apiCandles: parts.reduce(0) { $0 + $1.apiCandles },
                gapIDs: parts.compactMap(\.recordID).sorted())
        }.sorted { ($0.tier, $0.pair, $0.interval) < ($1.tier, $1.pair, $1.interval) }
        let kept = maxRequests.map { min(max($0, 0), all.count) } ?? all.count
        requests = Array(all.prefix(kept))
        deferred = Array(all.dropFirst(kept))
        estimatedSeconds = Self.estimate(requests, perPair: perPair, global: global)
    }

    /// A plan of `requests` as given (a poll cycle's calls).
    public init(
        requests: [BackfillRequest], perPair: TokenBucket.Rule = .spotPerPair, global: TokenBucket.Rule? = nil
    ) {
        self.requests = requests
        deferred = []
        estimatedSeconds = Self.estimate(requests, perPair: perPair, global: global)
    }

    /// Seconds the calls need when every bucket starts full: the busiest pair's calls beyond its burst at its rate,
    /// or all calls beyond the global burst at the global rate, whichever is longer.
    public static func estimate(
        _ requests: [BackfillRequest], perPair: TokenBucket.Rule,
        global: TokenBucket.Rule?
    ) -> Double {
        var perPairCount: [String: Int] = [:]
        for request in requests { perPairCount[request.pair, default: 0] += 1 }
        func seconds(_ calls: Int, _ rule: TokenBucket.Rule) -> Double {
            max(0, Double(calls) - rule.capacity) / rule.refillPerSecond
        }
        let pairs = perPairCount.values.map { seconds($0, perPair) }.max() ?? 0
        return max(pairs, global.map { seconds(requests.count, $0) } ?? 0)
    }
}
