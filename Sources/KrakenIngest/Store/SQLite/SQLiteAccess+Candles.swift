import GRDB
import GRDBSQLite

/// The bulk-insert hot path: candles are written 512 at a time through one prepared multi-row upsert kept for the
/// store's life, with values bound straight into the raw `sqlite3_stmt` (GRDB's argument binding halves the insert
/// rate; multi-row statements cut SQLite's per-statement overhead).
///
/// Precedence is enforced in SQL: an incoming candle replaces a stored one only when its source ranks higher, or
/// ranks the same and differs in value. Writing the same data twice changes nothing.
extension SQLiteAccess: CandleWriting {
    /// Rows per multi-row statement (SQLite allows 32,766 bound parameters; this uses 4 + 8 per row). Measured on
    /// 5M rows: 1 row 8.0 s, 16 rows 6.8 s, 64 rows 5.7 s, 256 rows 5.1 s, 512 rows 4.9 s, 1024 rows 4.9 s,
    /// 4096 rows 5.6 s. Must be a power of two (the rest of a batch is written by its binary digits).
    static let batchSize = 512

    func upsertCandles(
        _ candles: [Candle], into series: SeriesKey, source: CandleSource, fileID: Int64?
    ) throws -> Int64 {
        var written: Int64 = 0
        var index = 0
        // Full batches of 512, then the rest by its binary digits (256, 128, …, 1 rows): a file of a few hundred
        // rows (most of a Kraken archive) costs at most nine statement steps.
        var rows = Self.batchSize
        while index < candles.count {
            while candles.count - index < rows { rows /= 2 }
            let statement = try self.upsertStatement(rows: rows)
            written += try execute(statement, candles[index..<index + rows], series, source, fileID)
            index += rows
        }
        return written
    }

    private func upsertStatement(rows: Int) throws -> Statement {
        if let prepared = store.statements.candleUpserts[rows] { return prepared }
        let prepared = try db.makeStatement(sql: Self.upsertSQL(rows: rows))
        store.statements.candleUpserts[rows] = prepared
        return prepared
    }

    /// `INSERT … VALUES (…), (…) ON CONFLICT …` for `rows` rows; ?1 pair, ?2 interval, ?3 source, ?4 file are
    /// shared.
    private static func upsertSQL(rows: Int) -> String {
        let values = (0..<rows).map { r in
            let p = 5 + r * 8
            let row = (p..<p + 8).map { "?\($0)" }.joined(separator: ", ")
            return "(?1, ?2, \(row), ?3, ?4)"
        }
        return """
            INSERT INTO candles (pair_id, interval_minutes, open_time, open, high, low, close, volume, trades, vwap,
                                 source, file_id)
            VALUES \(values.joined(separator: ", "))
            ON CONFLICT (pair_id, interval_minutes, open_time) DO UPDATE SET
                open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
                volume = excluded.volume, trades = excluded.trades, vwap = excluded.vwap, source = excluded.source,
                file_id = excluded.file_id
            WHERE excluded.source > candles.source
               OR (excluded.source = candles.source AND (candles.open <> excluded.open OR candles.high <> excluded.high
                   OR candles.low <> excluded.low OR candles.close <> excluded.close
                   OR candles.volume <> excluded.volume OR candles.trades <> excluded.trades
                   OR candles.vwap IS NOT excluded.vwap))
            """
    }

    private func execute(
        _ statement: Statement, _ candles: ArraySlice<Candle>, _ series: SeriesKey,
        _ source: CandleSource, _ fileID: Int64?
    ) throws -> Int64 {
        let s = statement.sqliteStatement
        sqlite3_bind_int64(s, 1, series.pairID)
        sqlite3_bind_int64(s, 2, Int64(series.interval.minutes))
        sqlite3_bind_int64(s, 3, Int64(source.rawValue))
        if let fileID { sqlite3_bind_int64(s, 4, fileID) } else { sqlite3_bind_null(s, 4) }
        var p: Int32 = 5
        for candle in candles {
            sqlite3_bind_int64(s, p, candle.openTime)
            sqlite3_bind_double(s, p + 1, candle.open)
            sqlite3_bind_double(s, p + 2, candle.high)
            sqlite3_bind_double(s, p + 3, candle.low)
            sqlite3_bind_double(s, p + 4, candle.close)
            sqlite3_bind_double(s, p + 5, candle.volume)
            sqlite3_bind_int64(s, p + 6, candle.trades)
            if let vwap = candle.vwap { sqlite3_bind_double(s, p + 7, vwap) } else { sqlite3_bind_null(s, p + 7) }
            p += 8
        }
        let code = sqlite3_step(s)
        sqlite3_reset(s)
        guard code == SQLITE_DONE else {
            let first = candles.first.map { UTCTime.iso($0.openTime) } ?? "?"
            throw writeError(code, "writing candles from \(first) failed")
        }
        return Int64(sqlite3_changes(db.sqliteConnection))
    }
}

extension SQLiteAccess: CandleReading {
    func candle(_ series: SeriesKey, openTime: Int64) throws -> Candle? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT open_time, open, high, low, close, volume, trades, vwap FROM candles
                    WHERE pair_id = ? AND interval_minutes = ? AND open_time = ?
                    """), arguments: [series.pairID, series.interval.minutes, openTime]
        ).map(Self.candle(from:))
    }

    func candles(_ series: SeriesKey, in range: TimeRange) throws -> [Candle] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT open_time, open, high, low, close, volume, trades, vwap FROM candles
                    WHERE pair_id = ? AND interval_minutes = ? AND open_time >= ? AND open_time < ? ORDER BY open_time
                    """), arguments: [series.pairID, series.interval.minutes, range.start, range.end]
        ).map(Self.candle(from:))
    }

    /// One ordered pass over the primary key (no window functions: they cost twenty times more on millions of rows).
    func candleStats(_ series: SeriesKey, in range: TimeRange) throws -> CoverageStats {
        let cursor = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT open_time, trades FROM candles
                    WHERE pair_id = ? AND interval_minutes = ? AND open_time >= ? AND open_time < ? ORDER BY open_time
                    """), arguments: [series.pairID, series.interval.minutes, range.start, range.end])
        let step = series.interval.seconds
        var stats = CoverageStats()
        var expected = range.start
        while let row = try cursor.next() {
            let time: Int64 = row[0]
            stats.noteRun(start: expected, length: (time - expected) / step)
            stats.rows += 1
            stats.trades = stats.trades.addingSaturated(row[1])
            expected = time + step
        }
        stats.noteRun(start: expected, length: (range.end - expected) / step)
        return stats
    }

    /// Trades are summed with `TOTAL` (a double: exact below 2^53) and saturated: `SUM` fails the whole import
    /// with "integer overflow" once file trade counts add up past `Int64.max`.
    func candleTotals(_ series: SeriesKey, openTimes: TimeRange) throws -> (rows: Int64, trades: Int64) {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT COUNT(*), TOTAL(trades) FROM candles
                    WHERE pair_id = ? AND interval_minutes = ? AND open_time >= ? AND open_time < ?
                    """), arguments: [series.pairID, series.interval.minutes, openTimes.start, openTimes.end])
        let trades: Double = row?[1] ?? 0
        return (row?[0] ?? 0, Int64(saturating: trades))
    }

    /// A count over a key range runs about four times faster than a GROUP BY on a computed cell, which sorts; the
    /// values are bound through the C API (the HTML report asks one count per strip cell).
    func candleCounts(_ series: SeriesKey, openTimes: [TimeRange]) throws -> [Int64] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT COUNT(*) FROM candles
                WHERE pair_id = ? AND interval_minutes = ? AND open_time >= ? AND open_time < ?
                """)
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        sqlite3_bind_int64(s, 1, series.pairID)
        sqlite3_bind_int64(s, 2, Int64(series.interval.minutes))
        return try openTimes.map { range in
            sqlite3_reset(s)
            sqlite3_bind_int64(s, 3, range.start)
            sqlite3_bind_int64(s, 4, range.end)
            guard sqlite3_step(s) == SQLITE_ROW else {
                throw KrakenIngestError.store("counting candles failed: \(lastErrorMessage)")
            }
            return sqlite3_column_int64(s, 0)
        }
    }

    func hasCandleWithTrades(_ series: SeriesKey, openTimes: TimeRange) throws -> Bool {
        try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT 1 FROM candles WHERE pair_id = ? AND interval_minutes = ? AND open_time >= ? AND
                    open_time < ?
                        AND trades > 0 LIMIT 1
                    """), arguments: [series.pairID, series.interval.minutes, openTimes.start, openTimes.end]) != nil
    }

    func lastOpenTime(_ series: SeriesKey, before time: Int64) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT MAX(open_time) FROM candles WHERE pair_id = ? AND interval_minutes = ? AND open_time < ?
                    """), arguments: [series.pairID, series.interval.minutes, time])
    }

    func firstOpenTime(_ series: SeriesKey, atOrAfter time: Int64) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT MIN(open_time) FROM candles WHERE pair_id = ? AND interval_minutes = ? AND open_time >= ?
                    """), arguments: [series.pairID, series.interval.minutes, time])
    }

    /// Intervals per statement: every interval Kraken has fits.
    private static let evidenceIntervals = 10

    /// `?3, ?4, …` for `count` intervals, then the named bounds follow as ?13, ?14 and ?15.
    private static func placeholders(_ count: Int) -> String {
        (3..<(3 + count)).map { "?\($0)" }.joined(separator: ", ")
    }

    /// By interval count (index 0 holds one interval): ?1 pair, ?2 the finer interval, ?3… the coarser intervals,
    /// ?13…?14 the open-time bounds. One statement per count: an IN list padded with unused values costs an index
    /// seek per value.
    private static let coarserTradesSQL = (1...evidenceIntervals).map { count in
        """
        SELECT e.interval_minutes, e.open_time, e.trades FROM candles e
        WHERE e.pair_id = ?1 AND e.interval_minutes IN (\(placeholders(count)))
          AND e.open_time > ?13 AND e.open_time < ?14 AND e.trades > 0
          AND NOT EXISTS (
              SELECT 1 FROM candles q WHERE q.pair_id = ?1 AND q.interval_minutes = ?2
              AND q.open_time >= e.open_time AND q.open_time < e.open_time + 60 * e.interval_minutes
              AND q.trades > 0)
        """
    }

    /// By interval count: ?1 pair, ?2 the coarser interval, ?3… the finer intervals, ?13…?14 the open-time bounds,
    /// ?15 the coarser interval in seconds. MIN() makes SQLite take the bare columns from the row holding the
    /// minimum.
    private static let finerTradesSQL = (1...evidenceIntervals).map { count in
        """
        SELECT e.interval_minutes, MIN(e.open_time), e.trades, e.open_time - (e.open_time % ?15) AS slot
        FROM candles e
        WHERE e.pair_id = ?1 AND e.interval_minutes IN (\(placeholders(count)))
          AND e.open_time >= ?13 AND e.open_time < ?14 AND e.trades > 0
          AND NOT EXISTS (
              SELECT 1 FROM candles q WHERE q.pair_id = ?1 AND q.interval_minutes = ?2
              AND q.open_time = e.open_time - (e.open_time % ?15))
        GROUP BY slot
        """
    }

    /// Runs an evidence statement with its integer parameters bound through the C API (detection asks tens of
    /// thousands of these, and GRDB's boxed arguments would cost more than the queries).
    private func evidence(
        _ sql: [String], _ series: SeriesKey, _ intervals: ArraySlice<CandleInterval>, _ tail: [Int64]
    ) throws -> [TradesSeen] {
        let statement = try db.cachedStatement(sql: sql[intervals.count - 1])
        let s = statement.sqliteStatement
        defer {
            sqlite3_reset(s)
            sqlite3_clear_bindings(s)
        }
        sqlite3_bind_int64(s, 1, series.pairID)
        sqlite3_bind_int64(s, 2, Int64(series.interval.minutes))
        for (offset, interval) in intervals.enumerated() {
            sqlite3_bind_int64(s, Int32(3 + offset), Int64(interval.minutes))
        }
        for (offset, value) in tail.enumerated() {
            sqlite3_bind_int64(s, Int32(3 + Self.evidenceIntervals + offset), value)
        }
        var found: [TradesSeen] = []
        while true {
            let code = sqlite3_step(s)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw KrakenIngestError.store("reading the evidence of other intervals failed: \(lastErrorMessage)")
            }
            found.append(
                TradesSeen(
                    minutes: Int(sqlite3_column_int64(s, 0)), openTime: sqlite3_column_int64(s, 1),
                    trades: sqlite3_column_int64(s, 2)))
        }
        return found
    }

    func coarserTradesMissingFrom(
        _ finer: SeriesKey, coarser: [CandleInterval], reaching range: TimeRange
    ) throws -> [TradesSeen] {
        var found: [TradesSeen] = []
        var rest = coarser[...]
        while !rest.isEmpty {
            let chunk = rest.prefix(Self.evidenceIntervals)
            rest = rest.dropFirst(chunk.count)
            // A constant lower bound (the longest span back) keeps the open-time range on the index.
            let longest = chunk.map(\.seconds).max()!
            for seen in try evidence(Self.coarserTradesSQL, finer, chunk, [range.start - longest, range.end])
            where seen.openTime + Int64(seen.minutes) * 60 > range.start {
                found.append(seen)
            }
        }
        return found.sorted { ($0.openTime, $0.minutes) < ($1.openTime, $1.minutes) }
    }

    func finerTradesInEmptySlots(
        of coarser: SeriesKey, finer: [CandleInterval], in range: TimeRange
    ) throws -> [TradesSeen] {
        var found: [TradesSeen] = []
        var rest = finer[...]
        while !rest.isEmpty {
            let chunk = rest.prefix(Self.evidenceIntervals)
            rest = rest.dropFirst(chunk.count)
            found += try evidence(
                Self.finerTradesSQL, coarser, chunk, [range.start, range.end, coarser.interval.seconds])
        }
        // One per slot across chunks too: the earliest.
        var bySlot: [Int64: TradesSeen] = [:]
        for seen in found {
            let slot = coarser.interval.floor(seen.openTime)
            if let kept = bySlot[slot], kept.openTime <= seen.openTime { continue }
            bySlot[slot] = seen
        }
        return bySlot.values.sorted { $0.openTime < $1.openTime }
    }

    private static func candle(from row: Row) -> Candle {
        Candle(
            openTime: row[0], open: row[1], high: row[2], low: row[3], close: row[4], volume: row[5], trades: row[6],
            vwap: row[7])
    }
}
