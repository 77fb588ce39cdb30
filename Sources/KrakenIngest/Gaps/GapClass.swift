/// How a gap can be filled.
public enum GapClass: String, Sendable, Codable, CaseIterable {
    /// The REST OHLC endpoint can serve every candle of the gap.
    case apiFillable = "API_FILLABLE"
    /// Older than the API reaches, but the public trades history could rebuild it within the request budget.
    case tradesRebuildable = "TRADES_REBUILDABLE"
    /// Needs a Kraken OHLCVT archive (the suggested ZIP and member).
    case archiveRequired = "ARCHIVE_REQUIRED"
}

/// The lifecycle of a stored gap record.
public enum GapStatus: String, Sendable, Codable, CaseIterable {
    case detected = "DETECTED"
    case backfilling = "BACKFILLING"
    case filled = "FILLED"
    case unfillable = "UNFILLABLE"
    case failed = "FAILED"
    /// Its gap merged into another record's; kept because it carries backfill attempts.
    case superseded = "SUPERSEDED"
}

/// One uncovered range of a pair and interval, classified.
public struct ClassifiedGap: Sendable, Equatable, Codable {
    public var range: TimeRange
    public var candles: Int64
    public var gapClass: GapClass
    /// Start of the newest part the API can serve (nil when none); for API_FILLABLE it is `range.start`.
    public var apiStart: Int64?
    /// Candles of that API-servable part.
    public var apiCandles: Int64
    /// The archive and member that carry the rest (nil for API_FILLABLE gaps and intervals no archive carries).
    public var suggestion: ArchiveSuggestion?
    /// Estimated public Trades requests to rebuild the part the API cannot serve.
    public var tradesRequests: Int64?
    /// What made (part of) this stretch a gap rather than no-trade time: the candle of another interval of the
    /// pair that shows trades there ("XBTUSD 60m candle at 2024-01-01T02:00:00Z has 12 trades"); nil otherwise.
    public var evidence: String? = nil

    /// Candles that need an archive or a trades rebuild.
    public var nonAPICandles: Int64 { candles - apiCandles }
}
