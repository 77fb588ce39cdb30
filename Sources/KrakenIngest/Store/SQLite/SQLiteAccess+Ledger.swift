import GRDB

extension SQLiteAccess: LedgerReading, LedgerWriting {
    func latestLedgerRecord(path: String, member: String) throws -> LedgerRecord? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT id, path, member, size, modified_at, crc32, sha256, status, job_id, error FROM ingested_files
                    WHERE path = ? AND member = ? ORDER BY id DESC LIMIT 1
                    """), arguments: [path, member]
        ).map { row in
            LedgerRecord(
                id: row[0], path: row[1], member: row[2], size: row[3], modifiedAt: row[4],
                crc32: (row[5] as Int64?).map { UInt32(truncatingIfNeeded: $0) }, sha256: row[6],
                status: LedgerStatus(rawValue: row[7]) ?? .failed, jobID: row[8], error: row[9])
        }
    }

    func completedFile(sha256: String, series: SeriesKey, excluding id: Int64) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT id FROM ingested_files WHERE sha256 = ? AND status = 'COMPLETED' AND pair_id = ?
                        AND interval_minutes = ? AND id != ? LIMIT 1
                    """), arguments: [sha256, series.pairID, series.interval.minutes, id])
    }

    func completedMember(contentName: String, size: Int64, crc32: UInt32) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT id FROM ingested_files
                    WHERE content_name = ? AND size = ? AND crc32 = ? AND status = 'COMPLETED' LIMIT 1
                    """), arguments: [contentName, size, Int64(crc32)])
    }

    func archiveMembers() throws -> [ArchiveMemberRecord] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT f.path, p.altname, f.interval_minutes,
                           COALESCE(f.first_open_time, o.first_open_time), COALESCE(f.last_open_time, o.last_open_time),
                           f.finished_at
                    FROM ingested_files f JOIN pairs p ON p.id = f.pair_id LEFT JOIN ingested_files o ON o.id =
                    f.duplicate_of
                    WHERE f.member != '' AND f.status IN ('COMPLETED', 'DUPLICATE')
                    """)
        ).map { row in
            ArchiveMemberRecord(
                archivePath: row[0], pair: row[1], minutes: row[2], firstOpenTime: row[3],
                lastOpenTime: row[4], finishedAt: row[5])
        }
    }

    func ledgerCounts(jobID: Int64) throws -> LedgerCounts {
        var counts = LedgerCounts()
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT status, COUNT(*), TOTAL(rows), TOTAL(rows_written), TOTAL(duplicate_rows),
                           TOTAL(outranked_rows), TOTAL(rejected_rows)
                    FROM ingested_files WHERE job_id = ? GROUP BY status
                    """), arguments: [jobID])
        {
            let count: Int = row[1]
            let (read, written, duplicate, outranked, rejected) = (
                Int64(saturating: row[2] as Double), Int64(saturating: row[3] as Double),
                Int64(saturating: row[4] as Double), Int64(saturating: row[5] as Double),
                Int64(saturating: row[6] as Double)
            )
            switch LedgerStatus(rawValue: row[0]) {
            case .completed:
                counts.completed = count
                counts.rowsRead += read
                counts.rowsWritten = written
                counts.rowsDuplicate += duplicate
                counts.rowsOutranked = outranked
                counts.rowsRejected += rejected
            case .failed:
                counts.failed = count
                counts.rowsRead += read
                counts.rowsRejected += rejected
                counts.rowsDiscarded = read - rejected
            case .duplicate:
                counts.duplicate = count
                counts.rowsRead += read
                counts.rowsDuplicate += duplicate
            case .pending, nil: break
            }
        }
        return counts
    }

    func recordPending(_ candidate: ImportCandidate, pairID: Int64, jobID: Int64) throws -> Int64 {
        if let existing = try latestLedgerRecord(path: candidate.ledgerPath, member: candidate.ledgerMember),
            existing.status == .pending || existing.status == .failed
        {
            try db.cachedStatement(
                sql: """
                    UPDATE ingested_files SET status = 'PENDING', job_id = ?, size = ?, modified_at = ?, crc32 = ?,
                        error = NULL, finished_at = NULL, rows = 0, rows_written = 0, duplicate_rows = 0,
                        outranked_rows = 0, rejected_rows = 0 WHERE id = ?
                    """
            ).execute(arguments: [
                jobID, candidate.size, candidate.modifiedAt, candidate.crc32.map { Int64($0) },
                existing.id,
            ])
            try clearRejectedRows(fileID: existing.id)
            return existing.id
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO ingested_files (path, member, content_name, size, modified_at, crc32, pair_id,
                interval_minutes,
                    status, job_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)
                """
        ).execute(arguments: [
            candidate.ledgerPath, candidate.ledgerMember, candidate.contentName, candidate.size,
            candidate.modifiedAt, candidate.crc32.map { Int64($0) }, pairID,
            candidate.interval.minutes, jobID, now,
        ])
        return db.lastInsertedRowID
    }

    func markCompleted(_ id: Int64, outcome: FileOutcome) throws {
        try db.cachedStatement(
            sql: """
                UPDATE ingested_files SET status = 'COMPLETED', sha256 = ?, first_open_time = ?, last_open_time = ?,
                    rows = ?, rows_written = ?, duplicate_rows = ?, outranked_rows = ?, rejected_rows = ?, error = NULL,
                    finished_at = ?
                WHERE id = ?
                """
        ).execute(arguments: [
            outcome.sha256, outcome.firstOpenTime, outcome.lastOpenTime, outcome.rows,
            outcome.rowsWritten, outcome.duplicateRows, outcome.outrankedRows, outcome.rejectedRows, now, id,
        ])
    }

    func markFailed(_ id: Int64, error: String, rows: FileRowCounts) throws {
        try db.cachedStatement(
            sql: """
                UPDATE ingested_files SET status = 'FAILED', error = ?, finished_at = ?, rows = ?, rows_written = 0,
                    duplicate_rows = 0, outranked_rows = 0, rejected_rows = ? WHERE id = ?
                """
        )
        .execute(arguments: [error, now, rows.read, rows.rejected, id])
    }

    func markDuplicate(_ id: Int64, of original: Int64, sha256: String?, rows: FileRowCounts) throws {
        try db.cachedStatement(
            sql: """
                UPDATE ingested_files SET status = 'DUPLICATE', duplicate_of = ?, sha256 = COALESCE(?, sha256),
                    error = NULL, finished_at = ?, rows = ?, rows_written = 0, duplicate_rows = ?, outranked_rows = 0,
                    rejected_rows = 0 WHERE id = ?
                """
        ).execute(arguments: [original, sha256, now, rows.read, rows.duplicate, id])
        try clearRejectedRows(fileID: id)
    }

    private func clearRejectedRows(fileID: Int64) throws {
        try db.cachedStatement(sql: "DELETE FROM rejected_rows WHERE file_id = ?").execute(arguments: [fileID])
    }

    func recordRejectedRow(fileID: Int64, line: Int, reason: String, raw: String) throws {
        try db.cachedStatement(sql: "INSERT INTO rejected_rows (file_id, line, reason, raw) VALUES (?, ?, ?, ?)")
            .execute(arguments: [fileID, line, reason, raw])
    }
}
