/// Where a `BackfillPhase` gets its OHLC calls from: the stored gap records (`backfill`, `run`) or the newest
/// stored candle of each series (`poll`, see `PollPlanner`).
public protocol BackfillPlanning: Sendable {
    /// The calls to make for the store as it is now.
    func plan(in store: any StoreReader) throws -> BackfillPlan
}

/// Plans one call per series with open API-servable gap records (DETECTED, FAILED or stale BACKFILLING).
public struct GapRecordPlanner: BackfillPlanning {
    /// Which series to work on.
    public var selection: SeriesSelection
    /// Tiers of the pairs.
    public var tiers: TierCatalog
    /// Closed candles re-fetched before each call's oldest gap.
    public var refetchCandles: Int64
    /// At most this many calls (nil: all).
    public var maxRequests: Int?

    public init(
        selection: SeriesSelection, tiers: TierCatalog,
        refetchCandles: Int64 = BackfillPlan.defaultRefetchCandles, maxRequests: Int? = nil
    ) {
        self.selection = selection
        self.tiers = tiers
        self.refetchCandles = refetchCandles
        self.maxRequests = maxRequests
    }

    public func plan(in store: any StoreReader) throws -> BackfillPlan {
        let records = try store.gapRecords(statuses: BackfillTarget.openStatuses)
        return BackfillPlan(
            targets: BackfillTarget.from(records: records, selection: selection, tiers: tiers),
            refetchCandles: refetchCandles, maxRequests: maxRequests)
    }
}
