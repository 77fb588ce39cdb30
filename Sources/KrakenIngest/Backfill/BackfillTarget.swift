/// The API-servable part of one gap: what backfill plans from, whether it comes from a stored gap record or from
/// a fresh detection (a dry run writes no records).
public struct BackfillTarget: Sendable, Equatable {
    /// The pair's altname.
    public var pair: String
    /// Its tier.
    public var tier: String
    /// The series' interval.
    public var interval: CandleInterval
    /// First open time of the part the API serves.
    public var apiStart: Int64
    /// Candles of that part.
    public var apiCandles: Int64
    /// The stored record, when planned from one.
    public var recordID: Int64?

    public init(
        pair: String, tier: String, interval: CandleInterval, apiStart: Int64, apiCandles: Int64,
        recordID: Int64?
    ) {
        self.pair = pair
        self.tier = tier
        self.interval = interval
        self.apiStart = apiStart
        self.apiCandles = apiCandles
        self.recordID = recordID
    }

    /// Statuses of the records backfill works on.
    public static let openStatuses: Set<GapStatus> = [.detected, .failed, .backfilling]

    /// Targets of the open stored records that have an API-servable part and pass `selection`.
    public static func from(records: [GapRecord], selection: SeriesSelection, tiers: TierCatalog) -> [BackfillTarget] {
        records.compactMap { record in
            let tier = tiers.tier(of: record.pair)
            guard openStatuses.contains(record.status), record.apiCandles > 0,
                let interval = CandleInterval(minutes: record.interval), interval.isServedByAPI,
                selection.admits(pair: record.pair, tier: tier, minutes: record.interval)
            else { return nil }
            return BackfillTarget(
                pair: record.pair, tier: tier, interval: interval,
                apiStart: record.range.end - record.apiCandles * interval.seconds,
                apiCandles: record.apiCandles, recordID: record.id)
        }
    }

    /// Targets of a fresh detection (nothing stored), for a dry run.
    public static func from(series: [SeriesCompleteness], selection: SeriesSelection) -> [BackfillTarget] {
        series.flatMap { s -> [BackfillTarget] in
            guard let interval = CandleInterval(minutes: s.interval), interval.isServedByAPI,
                selection.admits(pair: s.pair, tier: s.tier, minutes: s.interval)
            else { return [] }
            return s.gaps.compactMap { gap in
                guard gap.apiCandles > 0, let start = gap.apiStart else { return nil }
                return BackfillTarget(
                    pair: s.pair, tier: s.tier, interval: interval, apiStart: start,
                    apiCandles: gap.apiCandles, recordID: nil)
            }
        }
    }
}
