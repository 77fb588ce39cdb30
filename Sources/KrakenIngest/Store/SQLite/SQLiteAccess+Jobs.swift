import GRDB

extension SQLiteAccess: JobReading, JobWriting {
    private static let columns = """
        id, kind, options, status, pid, phases, phase, checkpoint, files_total, files_done, files_skipped,
        files_failed, rows_written, rows_rejected, error, created_at, updated_at, finished_at, rows_read,
        rows_duplicate, rows_outranked, rows_discarded
        """

    private static func job(from row: Row) -> JobRecord {
        let phases: String = row[5]
        var record = JobRecord(
            id: row[0], kind: row[1], options: row[2], status: JobStatus(rawValue: row[3]) ?? .failed,
            pid: row[4], phases: phases.split(separator: ",").map(String.init), phase: row[6],
            checkpoint: row[7], filesTotal: row[8], filesDone: row[9], filesSkipped: row[10],
            filesFailed: row[11], rowsWritten: row[12], rowsRejected: row[13], error: row[14],
            createdAt: row[15], updatedAt: row[16], finishedAt: row[17])
        record.rowsRead = row[18]
        record.rowsDuplicate = row[19]
        record.rowsOutranked = row[20]
        record.rowsDiscarded = row[21]
        return record
    }

    func job(_ id: Int64) throws -> JobRecord? {
        try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM jobs WHERE id = ?", arguments: [id]).map(Self.job(from:))
    }

    func jobs(limit: Int) throws -> [JobRecord] {
        try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM jobs ORDER BY id DESC LIMIT ?", arguments: [limit])
            .map(Self.job(from:))
    }

    func runningJobs() throws -> [JobRecord] {
        try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM jobs WHERE status = 'RUNNING' ORDER BY id DESC")
            .map(Self.job(from:))
    }

    func resumableJob(kind: String, options: String) throws -> JobRecord? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT \(Self.columns) FROM jobs WHERE kind = ? AND options = ? AND status IN ('PAUSED', 'FAILED',
                'PENDING')
                ORDER BY id DESC LIMIT 1
                """, arguments: [kind, options]
        ).map(Self.job(from:))
    }

    func createJob(kind: String, options: String, phases: [String]) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO jobs (kind, options, phases, status, created_at, updated_at) VALUES (?, ?, ?, 'PENDING',
                ?, ?)
                """, arguments: [kind, options, phases.joined(separator: ","), now, now])
        return db.lastInsertedRowID
    }

    func markJobRunning(_ id: Int64, pid: Int32) throws {
        try db.execute(
            sql: """
                UPDATE jobs SET status = 'RUNNING', pid = ?, error = NULL, started_at = COALESCE(started_at, ?),
                    updated_at = ?, finished_at = NULL WHERE id = ?
                """, arguments: [pid, now, now, id])
    }

    func recoverStaleJobs() throws -> [Int64] {
        let stale = try runningJobs()
        for job in stale {
            try db.execute(
                sql: "UPDATE jobs SET status = 'PAUSED', pid = NULL, updated_at = ?, error = ? WHERE id = ?",
                arguments: [now, JobRecord.staleMessage(pid: job.pid, jobID: job.id), job.id])
        }
        return stale.map(\.id)
    }

    func setJobPhase(_ id: Int64, phase: String?, checkpoint: String?) throws {
        try db.cachedStatement(sql: "UPDATE jobs SET phase = ?, checkpoint = ?, updated_at = ? WHERE id = ?")
            .execute(arguments: [phase, checkpoint, now, id])
    }

    func setJobFilesTotal(_ id: Int64, _ total: Int) throws {
        try db.execute(
            sql: "UPDATE jobs SET files_total = ?, updated_at = ? WHERE id = ?", arguments: [total, now, id])
    }

    func setJobCounters(_ id: Int64, _ counters: JobCounters) throws {
        try db.cachedStatement(
            sql: """
                UPDATE jobs SET files_done = ?, files_skipped = ?, files_failed = ?, rows_written = ?,
                    rows_rejected = ?, rows_read = ?, rows_duplicate = ?, rows_outranked = ?, rows_discarded = ?,
                    updated_at = ? WHERE id = ?
                """
        ).execute(arguments: [
            counters.filesDone, counters.filesSkipped, counters.filesFailed,
            counters.rowsWritten, counters.rowsRejected, counters.rowsRead, counters.rowsDuplicate,
            counters.rowsOutranked, counters.rowsDiscarded, now, id,
        ])
    }

    func finishJob(_ id: Int64, status: JobStatus, error: String?) throws {
        let finished = status == .completed || status == .failed ? now : nil
        try db.execute(
            sql: """
                UPDATE jobs SET status = ?, error = ?, pid = NULL, updated_at = ?, finished_at = ? WHERE id = ?
                """, arguments: [status.rawValue, error, now, finished, id])
    }
}
