/// Which series a command works on: the one place `--tier`/`--tiers`, `--pairs` and `--intervals` are applied.
public struct SeriesSelection: Sendable, Equatable {
    /// Selected tiers; nil selects every tier.
    public var tiers: TierSelection?
    /// Selected pair altnames; empty selects every pair.
    public var pairs: Set<String>
    /// Selected intervals in minutes; empty selects every interval.
    public var intervals: Set<Int>

    public init(tiers: TierSelection? = nil, pairs: Set<String> = [], intervals: Set<Int> = []) {
        self.tiers = tiers
        self.pairs = pairs
        self.intervals = intervals
    }

    /// True when `pair` (whose tier is `tier`) passes the tier and pair filters.
    public func admits(pair: String, tier: String) -> Bool {
        (tiers?.contains(tier) ?? true) && (pairs.isEmpty || pairs.contains(pair))
    }

    /// True when the series passes every filter.
    public func admits(pair: String, tier: String, minutes: Int) -> Bool {
        admits(pair: pair, tier: tier) && (intervals.isEmpty || intervals.contains(minutes))
    }
}
