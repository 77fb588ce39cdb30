/// One pair and interval as the store summarises it from its coverage ranges and open gap records, never from
/// its candles: what the `v_series` view shows.
public struct SeriesSummary: Sendable, Equatable {
    public var pair: String
    public var minutes: Int
    /// Open time of the first and of the last covered slot (the first and last candle of an archive import; an
    /// API span may start or end with no-trade slots). Nil when the series has gap records but no coverage.
    public var firstOpenTime: Int64?
    public var lastOpenTime: Int64?
    /// Candles stored inside the covered ranges.
    public var candles: Int64
    /// Covered slots without a candle (no trades in that interval).
    public var noTradeSlots: Int64
    /// Covered ranges, and the slots they hold (candles + no-trade slots).
    public var ranges: Int64
    public var coveredSlots: Int64
    /// Slots from the first to the last covered slot, both included; minus `coveredSlots`, the uncovered ones.
    public var spanSlots: Int64
    /// Where the candles came from: `archive`, `api`, `trades`, or `mixed` (the words `v_candles` uses).
    public var source: String?
    /// Open gap records (DETECTED, BACKFILLING, FAILED, UNFILLABLE) and their candles, by class.
    public var openGaps: Int64
    public var apiFillableCandles: Int64
    public var tradesRebuildableCandles: Int64
    public var archiveRequiredCandles: Int64
    /// When the series' coverage last changed (unix seconds); nil without coverage.
    public var updatedAt: Int64?

    public init(
        pair: String, minutes: Int, firstOpenTime: Int64?, lastOpenTime: Int64?, candles: Int64,
        noTradeSlots: Int64, ranges: Int64, coveredSlots: Int64, spanSlots: Int64, source: String?,
        openGaps: Int64, apiFillableCandles: Int64, tradesRebuildableCandles: Int64, archiveRequiredCandles: Int64,
        updatedAt: Int64?
    ) {
        self.pair = pair
        self.minutes = minutes
        self.firstOpenTime = firstOpenTime
        self.lastOpenTime = lastOpenTime
        self.candles = candles
        self.noTradeSlots = noTradeSlots
        self.ranges = ranges
        self.coveredSlots = coveredSlots
        self.spanSlots = spanSlots
        self.source = source
        self.openGaps = openGaps
        self.apiFillableCandles = apiFillableCandles
        self.tradesRebuildableCandles = tradesRebuildableCandles
        self.archiveRequiredCandles = archiveRequiredCandles
        self.updatedAt = updatedAt
    }

    /// Candles of the open gap records, every class.
    public var gapCandles: Int64 { apiFillableCandles + tradesRebuildableCandles + archiveRequiredCandles }
}

/// Reads of the series summaries and of the pairs' aliases (the spellings `PairAliases` makes).
///
/// ```swift
/// let rows = try store.read { try $0.seriesSummaries(alias: "BTC/USD") }   // XBTUSD's series
/// ```
public protocol SeriesSummaryReading {
    /// One summary per series, by pair and interval; only the pair known under `alias` (any case) when given.
    func seriesSummaries(alias: String?) throws -> [SeriesSummary]
    /// The altnames of the stored pairs known under `alias` (any case).
    func altnames(alias: String) throws -> [String]
}
