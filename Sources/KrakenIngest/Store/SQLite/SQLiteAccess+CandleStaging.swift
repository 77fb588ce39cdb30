import GRDB
import GRDBSQLite

/// Staged archive rows and their merge by data end (see `CandleStaging`). Only the rows of a file that meet stored
/// coverage come here; the merge is a handful of set-based statements per file.
extension SQLiteAccess: CandleStaging {
    func storedCandles(_ series: SeriesKey, openTimes: TimeRange, limit: Int) throws -> [StoredCandle] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT open_time, open, high, low, close, volume, trades, vwap, source FROM candles
                WHERE pair_id = ? AND interval_minutes = ? AND open_time >= ? AND open_time < ? ORDER BY open_time
                LIMIT ?
                """)
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        sqlite3_bind_int64(s, 1, series.pairID)
        sqlite3_bind_int64(s, 2, Int64(series.interval.minutes))
        sqlite3_bind_int64(s, 3, openTimes.start)
        sqlite3_bind_int64(s, 4, openTimes.end)
        sqlite3_bind_int64(s, 5, Int64(limit))
        var stored: [StoredCandle] = []
        while true {
            let code = sqlite3_step(s)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw KrakenIngestError.store("reading the stored candles failed: \(lastErrorMessage)")
            }
            let candle = Candle(
                openTime: sqlite3_column_int64(s, 0), open: sqlite3_column_double(s, 1),
                high: sqlite3_column_double(s, 2), low: sqlite3_column_double(s, 3),
                close: sqlite3_column_double(s, 4), volume: sqlite3_column_double(s, 5),
                trades: sqlite3_column_int64(s, 6),
                vwap: sqlite3_column_type(s, 7) == SQLITE_NULL ? nil : sqlite3_column_double(s, 7))
            let source = CandleSource(rawValue: Int(sqlite3_column_int64(s, 8))) ?? .trades
            stored.append(StoredCandle(candle: candle, source: source))
        }
        return stored
    }

    func claimIdenticalCandles(
        fileID: Int64, series: SeriesKey, source: CandleSource, runs: [TimeRange], dataEnd: Int64
    ) throws {
        let statement = try db.cachedStatement(
            sql: """
                UPDATE candles SET file_id = ?1
                WHERE pair_id = ?2 AND interval_minutes = ?3 AND open_time >= ?4 AND open_time < ?5 AND source = ?6
                    AND file_id IS NOT ?1 AND COALESCE(\(Self.storedEnd), ?7 - 1) < ?7
                """)
        let s = statement.sqliteStatement
        for run in runs {
            sqlite3_bind_int64(s, 1, fileID)
            sqlite3_bind_int64(s, 2, series.pairID)
            sqlite3_bind_int64(s, 3, Int64(series.interval.minutes))
            sqlite3_bind_int64(s, 4, run.start)
            sqlite3_bind_int64(s, 5, run.end)
            sqlite3_bind_int64(s, 6, Int64(source.rawValue))
            sqlite3_bind_int64(s, 7, dataEnd)
            let code = sqlite3_step(s)
            sqlite3_reset(s)
            guard code == SQLITE_DONE else { throw writeError(code, "crediting identical candles failed") }
        }
    }

    /// Stored candles at the staged open times of `fileID`: how many, and their summed trades (saturated).
    private func stagedOverlap(_ arguments: StatementArguments) throws -> (rows: Int64, trades: Int64) {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT COUNT(c.open_time), TOTAL(c.trades) FROM candle_staging s JOIN candles c
                        ON c.pair_id = :pair AND c.interval_minutes = :interval AND c.open_time = s.open_time
                    WHERE s.file_id = :file
                    """), arguments: arguments)
        let trades: Double = row?[1] ?? 0
        return (row?[0] ?? 0, Int64(saturating: trades))
    }
    func stageCandles(_ candles: [Candle], fileID: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO candle_staging (file_id, open_time, open, high, low, close, volume, trades)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let s = statement.sqliteStatement
        for candle in candles {
            sqlite3_bind_int64(s, 1, fileID)
            sqlite3_bind_int64(s, 2, candle.openTime)
            sqlite3_bind_double(s, 3, candle.open)
            sqlite3_bind_double(s, 4, candle.high)
            sqlite3_bind_double(s, 5, candle.low)
            sqlite3_bind_double(s, 6, candle.close)
            sqlite3_bind_double(s, 7, candle.volume)
            sqlite3_bind_int64(s, 8, candle.trades)
            let code = sqlite3_step(s)
            sqlite3_reset(s)
            guard code == SQLITE_DONE else {
                throw writeError(code, "staging the candle at \(UTCTime.iso(candle.openTime)) failed")
            }
        }
    }

    func stagedCandle(fileID: Int64, openTime: Int64) throws -> Candle? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT open_time, open, high, low, close, volume, trades FROM candle_staging
                    WHERE file_id = ? AND open_time = ?
                    """), arguments: [fileID, openTime]
        ).map {
            Candle(
                openTime: $0[0], open: $0[1], high: $0[2], low: $0[3], close: $0[4], volume: $0[5], trades: $0[6])
        }
    }

    func mergeStagedCandles(
        fileID: Int64, into series: SeriesKey, source: CandleSource, dataEnd: Int64
    ) throws -> StagedMerge {
        let arguments: StatementArguments = [
            "file": fileID, "pair": series.pairID, "interval": series.interval.minutes,
            "source": Int64(source.rawValue), "end": dataEnd,
        ]
        let staged =
            try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM candle_staging WHERE file_id = :file"),
                arguments: arguments) ?? 0
        guard staged > 0 else { return StagedMerge() }
        var merge = StagedMerge()
        let before = try stagedOverlap(arguments)
        merge.duplicate =
            try Int64.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT COUNT(*) FROM candle_staging s JOIN candles c
                            ON c.pair_id = :pair AND c.interval_minutes = :interval AND c.open_time = s.open_time
                        WHERE s.file_id = :file AND c.source >= :source AND \(Self.sameValues("c"))
                        """), arguments: arguments) ?? 0
        // Same values from a file that ends earlier: this file becomes the candle's provenance.
        try db.cachedStatement(
            sql: """
                UPDATE candles SET file_id = :file FROM candle_staging s
                WHERE s.file_id = :file AND candles.pair_id = :pair AND candles.interval_minutes = :interval
                    AND candles.open_time = s.open_time AND candles.source = :source
                    AND candles.file_id IS NOT :file AND \(Self.sameValues("candles"))
                    AND COALESCE(\(Self.storedEnd), :end - 1) < :end
                """
        ).execute(arguments: arguments)
        try db.cachedStatement(
            sql: """
                INSERT INTO candles (pair_id, interval_minutes, open_time, open, high, low, close, volume, trades,
                                     vwap, source, file_id)
                SELECT :pair, :interval, open_time, open, high, low, close, volume, trades, NULL, :source, :file
                FROM candle_staging WHERE file_id = :file
                ON CONFLICT (pair_id, interval_minutes, open_time) DO UPDATE SET
                    open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
                    volume = excluded.volume, trades = excluded.trades, vwap = excluded.vwap,
                    source = excluded.source, file_id = excluded.file_id
                WHERE excluded.source > candles.source
                   OR (excluded.source = candles.source
                       AND (candles.open <> excluded.open OR candles.high <> excluded.high
                            OR candles.low <> excluded.low OR candles.close <> excluded.close
                            OR candles.volume <> excluded.volume OR candles.trades <> excluded.trades
                            OR candles.vwap IS NOT NULL)
                       AND COALESCE(\(Self.storedEnd), :end) <= :end)
                """
        ).execute(arguments: arguments)
        merge.written = Int64(db.changesCount)
        merge.outranked = staged - merge.duplicate - merge.written
        let after = try stagedOverlap(arguments)
        merge.inserted = after.rows - before.rows
        merge.tradesDelta = after.trades &- before.trades
        try db.cachedStatement(sql: "DELETE FROM candle_staging WHERE file_id = :file").execute(arguments: arguments)
        return merge
    }

    /// The stored candle `c` has the staged row `s`'s values (archives carry no VWAP).
    private static func sameValues(_ c: String) -> String {
        """
        \(c).open = s.open AND \(c).high = s.high AND \(c).low = s.low AND \(c).close = s.close
        AND \(c).volume = s.volume AND \(c).trades = s.trades AND \(c).vwap IS NULL
        """
    }

    /// The data end of the file the stored candle's values came from (NULL when unknown).
    private static let storedEnd = "(SELECT f.last_open_time FROM ingested_files f WHERE f.id = candles.file_id)"
}
