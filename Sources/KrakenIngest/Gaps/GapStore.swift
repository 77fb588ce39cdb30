import GRDB

/// A stored gap record (`gaps` table).
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

    /// The columns `init(row:)` reads, by position (name lookups cost more than the rest of detection).
    static let selection = """
        SELECT g.id, p.altname, g.interval_minutes, g.start_time, g.end_time, g.candles, g.class, g.api_candles,
               g.suggested_archive, g.suggested_member, g.trades_requests, g.status, g.attempts, g.last_error
        FROM gaps g JOIN pairs p ON p.id = g.pair_id
        """

    init(row: Row) {
        id = row[0]
        pair = row[1]
        interval = row[2]
        range = TimeRange(start: row[3], end: row[4])
        candles = row[5]
        gapClass = GapClass(rawValue: row[6]) ?? .archiveRequired
        apiCandles = row[7]
        suggestedArchive = row[8]
        suggestedMember = row[9]
        tradesRequests = row[10]
        status = GapStatus(rawValue: row[11]) ?? .detected
        attempts = row[12]
        lastError = row[13]
    }
}

/// What a detection changed in the stored gap records.
public struct GapReconciliation: Sendable, Equatable, Codable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public var filled = 0
}

/// Keeps the `gaps` table in step with detections, idempotently: an unchanged gap keeps its record, a changed
/// (shrunk, grown or reclassified) one is updated in place, a new one is inserted, and an open record that the
/// coverage now closes becomes FILLED. Records are never duplicated.
public enum GapStore {
    static let openStatuses: Set<GapStatus> = [.detected, .backfilling, .failed, .unfillable]

    /// Reconciles the stored records with `series` (the output of one analysis) in the caller's transaction.
    public static func reconcile(_ series: [SeriesCompleteness], in db: Database) throws -> GapReconciliation {
        var outcome = GapReconciliation()
        let now = UTCTime.now()
        let pairIDs = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT altname, id FROM pairs").map {
            ($0[0] as String, $0[1] as Int64)
        })
        var openByKey: [String: [GapRecord]] = [:]
        for record in try fetch(statuses: openStatuses, in: db) { openByKey["\(record.pair)|\(record.interval)", default: []].append(record) }

        for s in series {
            guard let window = s.window, let pairID = pairIDs[s.pair] else { continue }
            let key = "\(s.pair)|\(s.interval)"
            var open = openByKey[key] ?? []
            var matched = Set<Int64>()
            for gap in s.gaps {
                if let index = open.firstIndex(where: { !matched.contains($0.id) && $0.range.overlapsStrictly(gap.range) }) {
                    let record = open[index]
                    matched.insert(record.id)
                    if record.matches(gap) {
                        outcome.unchanged += 1
                    } else {
                        try update(record.id, to: gap, now: now, in: db)
                        open[index].range = gap.range
                        outcome.updated += 1
                    }
                } else {
                    try insert(gap, pairID: pairID, interval: s.interval, now: now, in: db)
                    outcome.inserted += 1
                }
            }
            for record in open where !matched.contains(record.id) && record.range.start >= window.start && record.range.end <= window.end {
                // No gap of this detection overlaps it: coverage (or an archive's proof of no trades) closed it.
                if !s.gaps.contains(where: { $0.range.overlapsStrictly(record.range) }) {
                    try db.execute(sql: "UPDATE gaps SET status = 'FILLED', updated_at = ? WHERE id = ?", arguments: [now, record.id])
                    outcome.filled += 1
                } else {
                    // Its uncovered part is represented by another record now: drop it rather than duplicate.
                    try db.execute(sql: "DELETE FROM gaps WHERE id = ?", arguments: [record.id])
                }
            }
        }
        return outcome
    }

    /// Records with the given statuses (all when nil), by pair, interval and start.
    public static func fetch(statuses: Set<GapStatus>? = nil, in db: Database) throws -> [GapRecord] {
        let rows = try Row.fetchAll(db, sql: GapRecord.selection + " ORDER BY p.altname, g.interval_minutes, g.start_time")
        return rows.map(GapRecord.init(row:)).filter { statuses?.contains($0.status) ?? true }
    }

    private static func insert(_ gap: ClassifiedGap, pairID: Int64, interval: Int, now: Int64, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO gaps (pair_id, interval_minutes, start_time, end_time, candles, class, api_start_time, api_candles,
                suggested_archive, suggested_member, trades_requests, status, detected_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'DETECTED', ?, ?)
            """).execute(arguments: [pairID, interval, gap.range.start, gap.range.end, gap.candles, gap.gapClass.rawValue,
                             gap.apiStart, gap.apiCandles, gap.suggestion?.archive, gap.suggestion?.member,
                             gap.tradesRequests, now, now])
    }

    private static func update(_ id: Int64, to gap: ClassifiedGap, now: Int64, in db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE gaps SET start_time = ?, end_time = ?, candles = ?, class = ?, api_start_time = ?, api_candles = ?,
                suggested_archive = ?, suggested_member = ?, trades_requests = ?, updated_at = ? WHERE id = ?
            """).execute(arguments: [gap.range.start, gap.range.end, gap.candles, gap.gapClass.rawValue, gap.apiStart,
                             gap.apiCandles, gap.suggestion?.archive, gap.suggestion?.member, gap.tradesRequests, now, id])
    }
}

extension GapRecord {
    /// True when the record already says what `gap` says.
    func matches(_ gap: ClassifiedGap) -> Bool {
        range == gap.range && candles == gap.candles && gapClass == gap.gapClass && apiCandles == gap.apiCandles
            && suggestedArchive == gap.suggestion?.archive && suggestedMember == gap.suggestion?.member
            && tradesRequests == gap.tradesRequests
    }
}

extension TimeRange {
    /// True when the ranges share at least one second (touching is not enough).
    func overlapsStrictly(_ other: TimeRange) -> Bool { start < other.end && other.start < end }
}
