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

/// A row of the ledger.
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

    public init(
        id: Int64, path: String, member: String, size: Int64, modifiedAt: Int64?, crc32: UInt32?,
        sha256: String?, status: LedgerStatus, jobID: Int64?, error: String?
    ) {
        self.id = id
        self.path = path
        self.member = member
        self.size = size
        self.modifiedAt = modifiedAt
        self.crc32 = crc32
        self.sha256 = sha256
        self.status = status
        self.jobID = jobID
        self.error = error
    }
}

/// What an import committed for one file, written with the file's candles in one transaction.
public struct FileOutcome: Sendable, Equatable {
    public var sha256: String
    public var firstOpenTime: Int64?
    public var lastOpenTime: Int64?
    /// Rows read, written, duplicate and rejected (see `FileRowCounts`).
    public var rows: Int64
    public var rowsWritten: Int64
    public var duplicateRows: Int64
    public var rejectedRows: Int64
    /// Rows that lost to a stored candle taking precedence.
    public var outrankedRows: Int64 = 0
}

/// A ZIP member the ledger holds as COMPLETED or DUPLICATE, with its candle span (a duplicate's span is its
/// original's). Archive spans and the archive chain are read from these.
public struct ArchiveMemberRecord: Sendable, Equatable {
    public var archivePath: String
    public var pair: String
    public var minutes: Int
    public var firstOpenTime: Int64?
    public var lastOpenTime: Int64?
    public var finishedAt: Int64?

    public init(
        archivePath: String, pair: String, minutes: Int, firstOpenTime: Int64?, lastOpenTime: Int64?,
        finishedAt: Int64?
    ) {
        self.archivePath = archivePath
        self.pair = pair
        self.minutes = minutes
        self.firstOpenTime = firstOpenTime
        self.lastOpenTime = lastOpenTime
        self.finishedAt = finishedAt
    }
}

/// A job's file counters as the ledger shows them.
public struct LedgerCounts: Sendable, Equatable {
    public var completed = 0
    public var failed = 0
    public var duplicate = 0
    public var rowsWritten: Int64 = 0
    public var rowsRejected: Int64 = 0
    /// Rows read of every finished record; duplicates of COMPLETED and DUPLICATE ones; outranked of COMPLETED
    /// ones; rejected (above) of COMPLETED and FAILED ones; the valid rows of FAILED ones as discarded.
    public var rowsRead: Int64 = 0
    public var rowsDuplicate: Int64 = 0
    public var rowsOutranked: Int64 = 0
    public var rowsDiscarded: Int64 = 0

    public init() {}
}

/// Reads of the file ledger.
public protocol LedgerReading {
    /// The newest record for a file path and member ("" for plain files).
    func latestLedgerRecord(path: String, member: String) throws -> LedgerRecord?
    /// The COMPLETED record of `series` with this content hash, other than `excluding`. The hash alone is not
    /// enough: two pairs' files with identical bytes still hold different pairs' candles.
    func completedFile(sha256: String, series: SeriesKey, excluding id: Int64) throws -> Int64?
    /// The COMPLETED record of a member with the same file name, size and CRC-32.
    func completedMember(contentName: String, size: Int64, crc32: UInt32) throws -> Int64?
    /// Every ZIP member recorded COMPLETED or DUPLICATE.
    func archiveMembers() throws -> [ArchiveMemberRecord]
    /// The counters of the ledger records owned by job `jobID`.
    func ledgerCounts(jobID: Int64) throws -> LedgerCounts
}

/// Writes of the file ledger.
public protocol LedgerWriting {
    /// Records a planned file as PENDING for `jobID`, reusing its unfinished record if it has one (its counters
    /// and rejected rows from the earlier attempt are cleared).
    func recordPending(_ candidate: ImportCandidate, pairID: Int64, jobID: Int64) throws -> Int64
    func markCompleted(_ id: Int64, outcome: FileOutcome) throws
    /// Marks a record FAILED with what was read of it (its rows and rejected rows; nothing of it is stored).
    func markFailed(_ id: Int64, error: String, rows: FileRowCounts) throws
    /// Marks a record as a copy of `original` (with the hash when it was computed) with what was read of it;
    /// rejected rows recorded by an earlier attempt are removed.
    func markDuplicate(_ id: Int64, of original: Int64, sha256: String?, rows: FileRowCounts) throws
    /// Stores one rejected row of file `fileID`.
    func recordRejectedRow(fileID: Int64, line: Int, reason: String, raw: String) throws
}

extension LedgerWriting {
    /// Marks a record FAILED with nothing read of it.
    public func markFailed(_ id: Int64, error: String) throws {
        try markFailed(id, error: error, rows: FileRowCounts())
    }

    /// Marks a record as a copy of `original` with nothing read of it.
    public func markDuplicate(_ id: Int64, of original: Int64, sha256: String?) throws {
        try markDuplicate(id, of: original, sha256: sha256, rows: FileRowCounts())
    }
}
