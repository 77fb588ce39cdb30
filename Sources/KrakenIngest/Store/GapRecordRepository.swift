/// A stored gap record.
public struct GapRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var pair: String
    public var interval: Int
    public var range: TimeRange
    public var candles: Int64
    public var gapClass: GapClass
    public var apiCandles: Int64
    public var suggestedArchive: String?
    public var suggestedMember: String?
    public var tradesRequests: Int64?
    public var status: GapStatus
    public var attempts: Int
    public var lastError: String?
    /// What made the stretch a gap rather than no-trade time (see `ClassifiedGap.evidence`).
    public var evidence: String?

    public init(
        id: Int64, pair: String, interval: Int, range: TimeRange, candles: Int64, gapClass: GapClass,
        apiCandles: Int64, suggestedArchive: String?, suggestedMember: String?, tradesRequests: Int64?,
        status: GapStatus, attempts: Int, lastError: String?, evidence: String? = nil
    ) {
        self.id = id
        self.pair = pair
        self.interval = interval
        self.range = range
        self.candles = candles
        self.gapClass = gapClass
        self.apiCandles = apiCandles
        self.suggestedArchive = suggestedArchive
        self.suggestedMember = suggestedMember
        self.tradesRequests = tradesRequests
        self.status = status
        self.attempts = attempts
        self.lastError = lastError
        self.evidence = evidence
    }

    /// What backfill attempts left on the record; a split copies it to every part.
    public var history: GapHistory { GapHistory(status: status, attempts: attempts, lastError: lastError) }
}

/// The part of a gap record that detection must never lose: its status, attempts and last error.
public struct GapHistory: Sendable, Equatable {
    public var status: GapStatus
    public var attempts: Int
    public var lastError: String?

    public init(status: GapStatus = .detected, attempts: Int = 0, lastError: String? = nil) {
        self.status = status
        self.attempts = attempts
        self.lastError = lastError
    }

    public static let fresh = GapHistory()
}

/// Reads of the gap records.
public protocol GapRecordReading {
    /// Records with the given statuses (all when nil), by pair, interval and start.
    func gapRecords(statuses: Set<GapStatus>?) throws -> [GapRecord]
}

/// Writes of the gap records.
public protocol GapRecordWriting {
    /// Inserts a record for `gap` carrying `history`; returns its id.
    @discardableResult
    func insertGap(_ gap: ClassifiedGap, series: SeriesKey, history: GapHistory) throws -> Int64
    /// Rewrites record `id`'s range and classification; its status, attempts and last error stay.
    func updateGap(_ id: Int64, to gap: ClassifiedGap) throws
    /// Sets record `id`'s status (and last error); `attempted` counts one more attempt.
    func setGapStatus(_ id: Int64, _ status: GapStatus, lastError: String?, attempted: Bool) throws
    /// Marks record `id` as superseded by record `survivor` (it keeps its history and is no longer open).
    func supersedeGap(_ id: Int64, by survivor: Int64) throws
    /// Deletes record `id` only if it carries no history (no attempts); returns whether it was deleted.
    func deleteGapWithoutHistory(_ id: Int64) throws -> Bool
    /// Returns BACKFILLING records, whose process died, to DETECTED; returns how many.
    func resetStaleBackfilling() throws -> Int
}
