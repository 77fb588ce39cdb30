import GRDB
import GRDBSQLite

extension SQLiteAccess: GapRecordReading, GapRecordWriting {
    func gapRecords(statuses: Set<GapStatus>?) throws -> [GapRecord] {
        // Columns by position: name lookups cost more than the rest of detection.
        try Row.fetchAll(
            db,
            sql: """
                SELECT g.id, p.altname, g.interval_minutes, g.start_time, g.end_time, g.candles, g.class, g.api_candles,
                       g.suggested_archive, g.suggested_member, g.trades_requests, g.status, g.attempts, g.last_error,
                       g.evidence
                FROM gaps g JOIN pairs p ON p.id = g.pair_id
                ORDER BY p.altname, g.interval_minutes, g.start_time
                """
        ).compactMap { row in
            let status = GapStatus(rawValue: row[11]) ?? .detected
            if let statuses, !statuses.contains(status) { return nil }
            return GapRecord(
                id: row[0], pair: row[1], interval: row[2], range: TimeRange(start: row[3], end: row[4]),
                candles: row[5], gapClass: GapClass(rawValue: row[6]) ?? .archiveRequired,
                apiCandles: row[7], suggestedArchive: row[8], suggestedMember: row[9],
                tradesRequests: row[10], status: status, attempts: row[12], lastError: row[13],
                evidence: row[14])
        }
    }

    func insertGap(_ gap: ClassifiedGap, series: SeriesKey, history: GapHistory) throws -> Int64 {
        // Bound through the C API: a first detection inserts tens of thousands of records, and GRDB's boxed
        // arguments cost more than the insert itself.
        let statement: Statement
        if let prepared = store.statements.gapInsert {
            statement = prepared
        } else {
            statement = try db.makeStatement(
                sql: """
                    INSERT INTO gaps (pair_id, interval_minutes, start_time, end_time, candles, class, api_start_time,
                        api_candles, suggested_archive, suggested_member, trades_requests, status, attempts, last_error,
                        detected_at, updated_at, evidence)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16)
                    """)
            store.statements.gapInsert = statement
        }
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        sqlite3_bind_int64(s, 1, series.pairID)
        sqlite3_bind_int64(s, 2, Int64(series.interval.minutes))
        sqlite3_bind_int64(s, 3, gap.range.start)
        sqlite3_bind_int64(s, 4, gap.range.end)
        sqlite3_bind_int64(s, 5, gap.candles)
        bind(s, 6, gap.gapClass.rawValue)
        bind(s, 7, gap.apiStart)
        sqlite3_bind_int64(s, 8, gap.apiCandles)
        bind(s, 9, gap.suggestion?.archive)
        bind(s, 10, gap.suggestion?.member)
        bind(s, 11, gap.tradesRequests)
        bind(s, 12, history.status.rawValue)
        sqlite3_bind_int64(s, 13, Int64(history.attempts))
        bind(s, 14, history.lastError)
        sqlite3_bind_int64(s, 15, now)
        bind(s, 16, gap.evidence)
        guard sqlite3_step(s) == SQLITE_DONE else {
            throw KrakenIngestError.store("storing the gap record \(gap.range) failed: \(lastErrorMessage)")
        }
        return db.lastInsertedRowID
    }

    private func bind(_ s: OpaquePointer?, _ index: Int32, _ value: String?) {
        guard let value else {
            _ = sqlite3_bind_null(s, index)
            return
        }
        // SQLITE_TRANSIENT: SQLite copies the text before this call returns.
        _ = sqlite3_bind_text(s, index, value, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }

    private func bind(_ s: OpaquePointer?, _ index: Int32, _ value: Int64?) {
        guard let value else {
            _ = sqlite3_bind_null(s, index)
            return
        }
        _ = sqlite3_bind_int64(s, index, value)
    }

    func updateGap(_ id: Int64, to gap: ClassifiedGap) throws {
        try db.cachedStatement(
            sql: """
                UPDATE gaps SET start_time = ?, end_time = ?, candles = ?, class = ?, api_start_time = ?,
                api_candles = ?,
                    suggested_archive = ?, suggested_member = ?, trades_requests = ?, evidence = ?, updated_at = ?
                WHERE id = ?
                """
        ).execute(arguments: [
            gap.range.start, gap.range.end, gap.candles, gap.gapClass.rawValue, gap.apiStart,
            gap.apiCandles, gap.suggestion?.archive, gap.suggestion?.member,
            gap.tradesRequests, gap.evidence, now, id,
        ])
    }

    func setGapStatus(_ id: Int64, _ status: GapStatus, lastError: String?, attempted: Bool) throws {
        try db.cachedStatement(
            sql: """
                UPDATE gaps SET status = ?, last_error = COALESCE(?, last_error), attempts = attempts + ?,
                updated_at = ?
                WHERE id = ?
                """
        ).execute(arguments: [status.rawValue, lastError, attempted ? 1 : 0, now, id])
    }

    func supersedeGap(_ id: Int64, by survivor: Int64) throws {
        try db.cachedStatement(
            sql: """
                UPDATE gaps SET status = 'SUPERSEDED', superseded_by = ?, updated_at = ? WHERE id = ?
                """
        ).execute(arguments: [survivor, now, id])
    }

    func deleteGapWithoutHistory(_ id: Int64) throws -> Bool {
        try db.cachedStatement(sql: "DELETE FROM gaps WHERE id = ? AND attempts = 0").execute(arguments: [id])
        return db.changesCount > 0
    }

    func resetStaleBackfilling() throws -> Int {
        try db.execute(
            sql: "UPDATE gaps SET status = 'DETECTED', updated_at = ? WHERE status = 'BACKFILLING'",
            arguments: [now])
        return db.changesCount
    }
}
