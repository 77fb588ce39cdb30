import GRDB

extension SQLiteAccess: CoverageReading, CoverageWriting {
    private static func range(from row: Row, offset: Int) -> CoverageRange {
        CoverageRange(
            range: TimeRange(start: row[offset], end: row[offset + 1]),
            source: CoverageSource(rawValue: row[offset + 2]) ?? .mixed, rows: row[offset + 3],
            trades: row[offset + 4], longestNoTrade: row[offset + 5], longestNoTradeStart: row[offset + 6])
    }

    func coverage(pairs: Set<String>?, intervals: Set<Int>?) throws -> [SeriesCoverage] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT p.altname, c.interval_minutes, c.start_time, c.end_time, c.source, c.rows, c.trades,
                       c.longest_no_trade, c.longest_no_trade_start
                FROM coverage c JOIN pairs p ON p.id = c.pair_id
                ORDER BY p.altname, c.interval_minutes, c.start_time
                """)
        var result: [SeriesCoverage] = []
        for row in rows {
            let pair: String = row[0]
            let minutes: Int = row[1]
            if let pairs, !pairs.contains(pair) { continue }
            if let intervals, !intervals.contains(minutes) { continue }
            guard let interval = CandleInterval(minutes: minutes) else { continue }
            if result.last?.pair != pair || result.last?.interval != interval {
                result.append(SeriesCoverage(pair: pair, interval: interval, ranges: []))
            }
            result[result.count - 1].ranges.append(Self.range(from: row, offset: 2))
        }
        return result
    }

    func coverageRanges(_ series: SeriesKey, touching range: TimeRange) throws -> [CoverageRange] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT start_time, end_time, source, rows, trades, longest_no_trade, longest_no_trade_start FROM
                    coverage
                    WHERE pair_id = ? AND interval_minutes = ? AND start_time <= ? AND end_time >= ?
                    ORDER BY start_time
                    """), arguments: [series.pairID, series.interval.minutes, range.end, range.start]
        )
        .map { Self.range(from: $0, offset: 0) }
    }

    func coverageLastUpdates() throws -> [SeriesName: Int64] {
        var updates: [SeriesName: Int64] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT p.altname, c.interval_minutes, MAX(c.updated_at) FROM coverage c JOIN pairs p ON p.id = c.pair_id
                GROUP BY c.pair_id, c.interval_minutes
                """)
        {
            updates[SeriesName(pair: row[0], minutes: row[1])] = row[2]
        }
        return updates
    }

    func replaceCoverage(_ series: SeriesKey, removing starts: [Int64], with merged: CoverageRange) throws {
        let delete = try db.cachedStatement(
            sql: """
                DELETE FROM coverage WHERE pair_id = ? AND interval_minutes = ? AND start_time = ?
                """)
        for start in starts {
            try delete.execute(arguments: [series.pairID, series.interval.minutes, start])
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO coverage (pair_id, interval_minutes, start_time, end_time, source, rows, trades,
                longest_no_trade,
                                      longest_no_trade_start, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            series.pairID, series.interval.minutes, merged.range.start, merged.range.end,
            merged.source.rawValue, merged.rows, merged.trades, merged.longestNoTrade,
            merged.longestNoTradeStart, now,
        ])
    }
}
