import Foundation
import GRDB

/// The lifecycle state of a job.
public enum JobStatus: String, Sendable, Codable {
    case pending = "PENDING", running = "RUNNING", completed = "COMPLETED", failed = "FAILED", paused = "PAUSED"
}

/// A row of the `jobs` table.
public struct JobRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var kind: String
    public var options: String
    public var status: JobStatus
    public var pid: Int32?
    public var filesTotal: Int
    public var filesDone: Int
    public var filesSkipped: Int
    public var filesFailed: Int
    public var rowsWritten: Int64
    public var rowsRejected: Int64
    public var error: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var finishedAt: Int64?

    init(row: Row) {
        id = row["id"]
        kind = row["kind"]
        options = row["options"]
        status = JobStatus(rawValue: row["status"]) ?? .failed
        pid = row["pid"]
        filesTotal = row["files_total"]
        filesDone = row["files_done"]
        filesSkipped = row["files_skipped"]
        filesFailed = row["files_failed"]
        rowsWritten = row["rows_written"]
        rowsRejected = row["rows_rejected"]
        error = row["error"]
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
        finishedAt = row["finished_at"]
    }
}

/// Reads and writes the `jobs` table.
public enum JobStore {
    /// Creates a PENDING job and returns its id.
    public static func create(kind: String, options: String, in db: Database) throws -> Int64 {
        let now = UTCTime.now()
        try db.execute(sql: """
            INSERT INTO jobs (kind, options, status, created_at, updated_at) VALUES (?, ?, 'PENDING', ?, ?)
            """, arguments: [kind, options, now, now])
        return db.lastInsertedRowID
    }

    public static func fetch(_ id: Int64, in db: Database) throws -> JobRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]).map(JobRecord.init(row:))
    }

    /// All jobs, newest first.
    public static func all(limit: Int = 50, in db: Database) throws -> [JobRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM jobs ORDER BY id DESC LIMIT ?", arguments: [limit]).map(JobRecord.init(row:))
    }

    /// The job currently marked RUNNING, if any.
    public static func running(in db: Database) throws -> JobRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE status = 'RUNNING' ORDER BY id DESC LIMIT 1").map(JobRecord.init(row:))
    }

    /// The newest unfinished (PAUSED or FAILED) job of `kind` with exactly these options.
    public static func resumable(kind: String, options: String, in db: Database) throws -> JobRecord? {
        try Row.fetchOne(db, sql: """
            SELECT * FROM jobs WHERE kind = ? AND options = ? AND status IN ('PAUSED', 'FAILED', 'PENDING')
            ORDER BY id DESC LIMIT 1
            """, arguments: [kind, options]).map(JobRecord.init(row:))
    }

    /// Marks jobs left RUNNING by a process that died as PAUSED, so they can be resumed. Only call with the
    /// writer lock held: then no live process can be running them. Returns the ids recovered.
    public static func recoverStale(in db: Database) throws -> [Int64] {
        let stale = try Row.fetchAll(db, sql: "SELECT id, pid FROM jobs WHERE status = 'RUNNING'")
        for row in stale {
            let id: Int64 = row["id"]
            let pid: Int64? = row["pid"]
            try db.execute(sql: """
                UPDATE jobs SET status = 'PAUSED', pid = NULL, updated_at = ?,
                    error = ? WHERE id = ?
                """, arguments: [UTCTime.now(), "stale: process \(pid.map(String.init) ?? "?") stopped without closing the job; resumable", id])
        }
        return stale.map { $0["id"] }
    }

    public static func markRunning(_ id: Int64, filesTotal: Int, in db: Database) throws {
        let now = UTCTime.now()
        try db.execute(sql: """
            UPDATE jobs SET status = 'RUNNING', pid = ?, files_total = ?, error = NULL,
                started_at = COALESCE(started_at, ?), updated_at = ?, finished_at = NULL WHERE id = ?
            """, arguments: [getpid(), filesTotal, now, now, id])
    }

    /// Recomputes the job's counters from the ledger rows it owns, plus `skippedElsewhere` files the run found
    /// already ingested by other jobs. Called inside each file's transaction so the counters match the data,
    /// and correct across resumes.
    public static func refreshCounters(_ id: Int64, skippedElsewhere: Int, in db: Database) throws {
        try db.execute(sql: """
            UPDATE jobs SET
                files_done = (SELECT COUNT(*) FROM ingested_files WHERE job_id = ?1 AND status = 'COMPLETED'),
                files_failed = (SELECT COUNT(*) FROM ingested_files WHERE job_id = ?1 AND status = 'FAILED'),
                files_skipped = ?2 + (SELECT COUNT(*) FROM ingested_files WHERE job_id = ?1 AND status = 'DUPLICATE'),
                rows_written = (SELECT COALESCE(SUM(rows_written), 0) FROM ingested_files
                                WHERE job_id = ?1 AND status = 'COMPLETED'),
                rows_rejected = (SELECT COALESCE(SUM(rejected_rows), 0) FROM ingested_files
                                 WHERE job_id = ?1 AND status = 'COMPLETED'),
                updated_at = ?3
            WHERE id = ?1
            """, arguments: [id, skippedElsewhere, UTCTime.now()])
    }

    /// Sets the final (or paused) status.
    public static func finish(_ id: Int64, status: JobStatus, error: String?, in db: Database) throws {
        let now = UTCTime.now()
        try db.execute(sql: """
            UPDATE jobs SET status = ?, error = ?, pid = NULL, updated_at = ?,
                finished_at = CASE WHEN ? IN ('COMPLETED', 'FAILED') THEN ? ELSE NULL END WHERE id = ?
            """, arguments: [status.rawValue, error, now, status.rawValue, now, id])
    }
}
