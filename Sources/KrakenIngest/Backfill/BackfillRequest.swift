/// One planned OHLC call: a series with API-servable gaps, the `since` that reaches its oldest API-servable gap
/// (and the last few closed candles before it, which late trades may have revised), and the gap records it serves.
///
/// In JSON (`backfill --dry-run --json`), `since` is unix seconds beside `sinceUTC`, as every `--json` output gives
/// times.
public struct BackfillRequest: Sendable, Encodable, Equatable {
    /// The pair's altname.
    public var pair: String
    /// Its tier.
    public var tier: String
    /// The interval in minutes.
    public var interval: Int
    /// The exclusive `since` sent: the first candle asked for opens one interval later. Nil asks for the newest
    /// candles the endpoint serves (a series with nothing stored yet).
    public var since: Int64?
    /// API-servable gap candles this call is meant to fill.
    public var apiCandles: Int64
    /// The stored gap records it serves (empty in a dry run planned from a fresh detection).
    public var gapIDs: [Int64]

    public init(pair: String, tier: String, interval: Int, since: Int64?, apiCandles: Int64, gapIDs: [Int64]) {
        self.pair = pair
        self.tier = tier
        self.interval = interval
        self.since = since
        self.apiCandles = apiCandles
        self.gapIDs = gapIDs
    }

    /// `XBTUSD/60`: the unit name of the call in checkpoints and messages.
    public var unit: String { "\(pair)/\(interval)" }

    enum CodingKeys: String, CodingKey {
        case pair, tier, interval, since, sinceUTC, apiCandles, gapIDs
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pair, forKey: .pair)
        try c.encode(tier, forKey: .tier)
        try c.encode(interval, forKey: .interval)
        try c.encodeIfPresent(since, forKey: .since)
        try c.encodeIfPresent(since.map(UTCTime.iso), forKey: .sinceUTC)
        try c.encode(apiCandles, forKey: .apiCandles)
        try c.encode(gapIDs, forKey: .gapIDs)
    }
}
