import GRDB

/// Keeps the `coverage` table: merged, half-open covered ranges per (pair, interval).
///
/// A file whose candles run from `t0` to `tn` covers `[t0, tn + interval)`. Ranges that overlap or touch merge;
/// a merge across sources is labelled MIXED. Each range carries the exact count of candles inside it, so gap
/// and no-trade figures never need to scan the candles table.
public enum CoverageTracker {
    /// Adds `range` for a pair and interval and merges it with the stored ranges. Run inside the transaction
    /// that wrote the candles, so coverage and data commit together. `stats` are the counts of the candles just
    /// written when they describe the whole range; when the range merges with stored ones (or `stats` is nil) the
    /// merged range is recounted from the candles table.
    public static func add(_ range: TimeRange, source: CoverageSource, pairID: Int64, interval: CandleInterval,
                           stats: CoverageStats? = nil, in db: Database) throws {
        guard !range.isEmpty else { return }
        let nearby = try Row.fetchAll(db, sql: """
            SELECT start_time, end_time, source, rows, trades, longest_no_trade FROM coverage
            WHERE pair_id = ? AND interval_minutes = ? AND start_time <= ? AND end_time >= ?
            ORDER BY start_time
            """, arguments: [pairID, interval.minutes, range.end, range.start]).map(Self.range(from:))
        let merge = CoverageRange.absorb(range, source: source, into: nearby)
        for old in merge.absorbed {
            try db.execute(sql: "DELETE FROM coverage WHERE pair_id = ? AND interval_minutes = ? AND start_time = ?",
                           arguments: [pairID, interval.minutes, old.range.start])
        }
        let counted: CoverageStats
        if let stats, merge.absorbed.isEmpty {
            counted = stats
        } else {
            counted = try recount(merge.merged, pairID: pairID, interval: interval, in: db)
        }
        try db.execute(sql: """
            INSERT INTO coverage (pair_id, interval_minutes, start_time, end_time, source, rows, trades, longest_no_trade,
                                  updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [pairID, interval.minutes, merge.merged.start, merge.merged.end, merge.source.rawValue,
                             counted.rows, counted.trades, counted.longestNoTrade, UTCTime.now()])
    }

    /// Counts the candles of `range` in one ordered pass over the primary key (no window functions: they cost
    /// twenty times more on millions of rows).
    static func recount(_ range: TimeRange, pairID: Int64, interval: CandleInterval, in db: Database) throws -> CoverageStats {
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT open_time, trades FROM candles
            WHERE pair_id = ? AND interval_minutes = ? AND open_time >= ? AND open_time < ? ORDER BY open_time
            """, arguments: [pairID, interval.minutes, range.start, range.end])
        var stats = CoverageStats(rows: 0, trades: 0, longestNoTrade: 0)
        var expected = range.start
        while let row = try cursor.next() {
            let time: Int64 = row[0]
            stats.longestNoTrade = max(stats.longestNoTrade, (time - expected) / interval.seconds)
            stats.rows += 1
            stats.trades += row[1] as Int64
            expected = time + interval.seconds
        }
        stats.longestNoTrade = max(stats.longestNoTrade, (range.end - expected) / interval.seconds)
        return stats
    }

    /// Stored ranges, by pair altname and interval, optionally limited to some pairs and intervals.
    public static func ranges(pairs: Set<String>? = nil, intervals: Set<Int>? = nil, in db: Database) throws
        -> [(pair: String, interval: CandleInterval, ranges: [CoverageRange])] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT p.altname, c.interval_minutes, c.start_time, c.end_time, c.source, c.rows, c.trades, c.longest_no_trade
            FROM coverage c JOIN pairs p ON p.id = c.pair_id
            ORDER BY p.altname, c.interval_minutes, c.start_time
            """)
        var result: [(pair: String, interval: CandleInterval, ranges: [CoverageRange])] = []
        for row in rows {
            let pair: String = row[0]
            let minutes: Int = row[1]
            if let pairs, !pairs.contains(pair) { continue }
            if let intervals, !intervals.contains(minutes) { continue }
            guard let interval = CandleInterval(minutes: minutes) else { continue }
            if result.last?.pair != pair || result.last?.interval != interval {
                result.append((pair, interval, []))
            }
            result[result.count - 1].ranges.append(CoverageRange(
                range: TimeRange(start: row[2], end: row[3]), source: CoverageSource(rawValue: row[4]) ?? .mixed,
                rows: row[5], trades: row[6], longestNoTrade: row[7]))
        }
        return result
    }

    private static func range(from row: Row) -> CoverageRange {
        CoverageRange(range: TimeRange(start: row["start_time"], end: row["end_time"]),
                      source: CoverageSource(rawValue: row["source"]) ?? .mixed, rows: row["rows"],
                      trades: row["trades"], longestNoTrade: row["longest_no_trade"])
    }
}
