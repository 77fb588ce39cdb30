import GRDB

/// The status of one file or ZIP member in the ledger.
public enum LedgerStatus: String, Sendable, Codable {
    /// Planned by a job, not yet committed (also what an interrupted file is left as).
    case pending = "PENDING"
    /// Its candles, coverage and ledger record were committed together.
    case completed = "COMPLETED"
    /// It could not be imported; `error` says why. Nothing of it was stored.
    case failed = "FAILED"
    /// Its content equals a COMPLETED file's (same SHA-256, or same member name, size and CRC-32).
    case duplicate = "DUPLICATE"
}

/// A row of `ingested_files`.
public struct LedgerRecord: Sendable, Equatable {
    public var id: Int64
    public var path: String
    public var member: String
    public var size: Int64
    public var modifiedAt: Int64?
    public var crc32: UInt32?
    public var sha256: String?
    public var status: LedgerStatus
    public var jobID: Int64?
    public var error: String?

    init(row: Row) {
        id = row["id"]
        path = row["path"]
        member = row["member"]
        size = row["size"]
        modifiedAt = row["modified_at"]
        crc32 = (row["crc32"] as Int64?).map { UInt32(truncatingIfNeeded: $0) }
        sha256 = row["sha256"]
        status = LedgerStatus(rawValue: row["status"]) ?? .failed
        jobID = row["job_id"]
        error = row["error"]
    }
}

/// What an import committed for one file, written with the file's candles in one transaction.
public struct FileOutcome: Sendable, Equatable {
    public var sha256: String
    public var firstOpenTime: Int64?
    public var lastOpenTime: Int64?
    public var rows: Int64
    public var rowsWritten: Int64
    public var duplicateRows: Int64
    public var rejectedRows: Int64
}

/// Reads and writes the file ledger (`ingested_files`).
public enum FileLedger {
    /// The newest record for a file path and member ("" for plain files).
    public static func latest(path: String, member: String, in db: Database) throws -> LedgerRecord? {
        try Row.fetchOne(db, sql: """
            SELECT * FROM ingested_files WHERE path = ? AND member = ? ORDER BY id DESC LIMIT 1
            """, arguments: [path, member]).map(LedgerRecord.init(row:))
    }

    /// The COMPLETED record of the same pair and interval with this content hash, if any. The hash alone is
    /// not enough: two pairs' files with identical bytes still hold different pairs' candles.
    public static func completed(sha256: String, pairID: Int64, interval: CandleInterval, excluding id: Int64,
                                 in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: """
            SELECT id FROM ingested_files WHERE sha256 = ? AND status = 'COMPLETED' AND pair_id = ?
                AND interval_minutes = ? AND id != ? LIMIT 1
            """, arguments: [sha256, pairID, interval.minutes, id])
    }

    /// The COMPLETED record of a member with the same file name, size and CRC-32 (read from a ZIP central
    /// directory, so no byte needs decompressing to know it is already stored).
    public static func completedMember(contentName: String, size: Int64, crc32: UInt32, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: """
            SELECT id FROM ingested_files
            WHERE content_name = ? AND size = ? AND crc32 = ? AND status = 'COMPLETED' LIMIT 1
            """, arguments: [contentName, size, Int64(crc32)])
    }

    /// Records a planned file as PENDING for `jobID`, reusing its unfinished record if it has one.
    public static func recordPending(_ candidate: ImportCandidate, pairID: Int64, jobID: Int64, in db: Database) throws -> Int64 {
        if let existing = try latest(path: candidate.ledgerPath, member: candidate.ledgerMember, in: db),
           existing.status == .pending || existing.status == .failed {
            try db.execute(sql: """
                UPDATE ingested_files SET status = 'PENDING', job_id = ?, size = ?, modified_at = ?, crc32 = ?,
                    error = NULL, finished_at = NULL WHERE id = ?
                """, arguments: [jobID, candidate.size, candidate.modifiedAt, candidate.crc32.map { Int64($0) }, existing.id])
            return existing.id
        }
        try db.execute(sql: """
            INSERT INTO ingested_files (path, member, content_name, size, modified_at, crc32, pair_id, interval_minutes,
                status, job_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)
            """, arguments: [candidate.ledgerPath, candidate.ledgerMember, candidate.contentName, candidate.size,
                             candidate.modifiedAt, candidate.crc32.map { Int64($0) }, pairID, candidate.interval.minutes,
                             jobID, UTCTime.now()])
        return db.lastInsertedRowID
    }

    public static func markCompleted(_ id: Int64, outcome: FileOutcome, in db: Database) throws {
        try db.execute(sql: """
            UPDATE ingested_files SET status = 'COMPLETED', sha256 = ?, first_open_time = ?, last_open_time = ?,
                rows = ?, rows_written = ?, duplicate_rows = ?, rejected_rows = ?, error = NULL, finished_at = ?
            WHERE id = ?
            """, arguments: [outcome.sha256, outcome.firstOpenTime, outcome.lastOpenTime, outcome.rows,
                             outcome.rowsWritten, outcome.duplicateRows, outcome.rejectedRows, UTCTime.now(), id])
    }

    public static func markFailed(_ id: Int64, error: String, in db: Database) throws {
        try db.execute(sql: """
            UPDATE ingested_files SET status = 'FAILED', error = ?, finished_at = ? WHERE id = ?
            """, arguments: [error, UTCTime.now(), id])
    }

    /// Marks a record as a copy of `original` (with the hash when it was computed).
    public static func markDuplicate(_ id: Int64, of original: Int64, sha256: String?, in db: Database) throws {
        try db.execute(sql: """
            UPDATE ingested_files SET status = 'DUPLICATE', duplicate_of = ?, sha256 = COALESCE(?, sha256),
                error = NULL, finished_at = ? WHERE id = ?
            """, arguments: [original, sha256, UTCTime.now(), id])
    }

    /// Stores one rejected row of file `fileID`.
    public static func recordRejectedRow(fileID: Int64, line: Int, reason: String, raw: String, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO rejected_rows (file_id, line, reason, raw) VALUES (?, ?, ?, ?)")
            .execute(arguments: [fileID, line, reason, raw])
    }
}
