/// The lifecycle state of a job.
public enum JobStatus: String, Sendable, Codable {
    case pending = "PENDING"
    case running = "RUNNING"
    case completed = "COMPLETED"
    case failed = "FAILED"
    case paused = "PAUSED"
}

/// A row of the jobs table.
public struct JobRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var kind: String
    public var options: String
    public var status: JobStatus
    public var pid: Int32?
    /// The job's phases in order (`import`, `detect`, …).
    public var phases: [String]
    /// The phase it is in, or stopped in; nil before the first and after the last.
    public var phase: String?
    /// The last unit the phase finished (a file, a page, a request), when the phase keeps one.
    public var checkpoint: String?
    public var filesTotal: Int
    public var filesDone: Int
    public var filesSkipped: Int
    public var filesFailed: Int
    /// Row counters of an import job (see `FileRowCounts` for what each counts); 0 for other kinds.
    public var rowsWritten: Int64
    public var rowsRejected: Int64
    public var rowsRead: Int64 = 0
    public var rowsDuplicate: Int64 = 0
    public var rowsOutranked: Int64 = 0
    public var rowsDiscarded: Int64 = 0
    public var error: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var finishedAt: Int64?

    public init(
        id: Int64, kind: String, options: String, status: JobStatus, pid: Int32?, phases: [String],
        phase: String?, checkpoint: String?, filesTotal: Int, filesDone: Int, filesSkipped: Int,
        filesFailed: Int, rowsWritten: Int64, rowsRejected: Int64, error: String?, createdAt: Int64,
        updatedAt: Int64, finishedAt: Int64?
    ) {
        self.id = id
        self.kind = kind
        self.options = options
        self.status = status
        self.pid = pid
        self.phases = phases
        self.phase = phase
        self.checkpoint = checkpoint
        self.filesTotal = filesTotal
        self.filesDone = filesDone
        self.filesSkipped = filesSkipped
        self.filesFailed = filesFailed
        self.rowsWritten = rowsWritten
        self.rowsRejected = rowsRejected
        self.error = error
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
    }

    /// The one wording of a job a dead process left behind.
    public static func staleMessage(pid: Int32?, jobID: Int64) -> String {
        "stale: process \(pid.map(String.init) ?? "?") stopped without closing the job; "
            + "re-run the same command or --resume \(jobID)"
    }
}

/// A job's counters, set from the ledger and the run. The row counters add up as the ledger's do:
/// `rowsRead = rowsWritten + rowsDuplicate + rowsOutranked + rowsRejected + rowsDiscarded`.
public struct JobCounters: Sendable, Equatable {
    public var filesDone = 0
    public var filesSkipped = 0
    public var filesFailed = 0
    public var rowsWritten: Int64 = 0
    public var rowsRejected: Int64 = 0
    public var rowsRead: Int64 = 0
    public var rowsDuplicate: Int64 = 0
    public var rowsOutranked: Int64 = 0
    public var rowsDiscarded: Int64 = 0

    public init() {}

    public init(filesDone: Int, filesSkipped: Int, filesFailed: Int, rowsWritten: Int64, rowsRejected: Int64) {
        self.filesDone = filesDone
        self.filesSkipped = filesSkipped
        self.filesFailed = filesFailed
        self.rowsWritten = rowsWritten
        self.rowsRejected = rowsRejected
    }

    /// Adds one file's row counters.
    public mutating func add(_ rows: FileRowCounts) {
        rowsRead += rows.read
        rowsWritten += rows.written
        rowsDuplicate += rows.duplicate
        rowsOutranked += rows.outranked
        rowsRejected += rows.rejected
        rowsDiscarded += rows.discarded
    }
}

/// Reads of the jobs table.
public protocol JobReading {
    func job(_ id: Int64) throws -> JobRecord?
    /// The newest jobs first.
    func jobs(limit: Int) throws -> [JobRecord]
    /// Jobs marked RUNNING (live, or stale when no writer holds the lock).
    func runningJobs() throws -> [JobRecord]
    /// The newest unfinished (PAUSED, FAILED or PENDING) job of `kind` with exactly these options.
    func resumableJob(kind: String, options: String) throws -> JobRecord?
}

/// Writes of the jobs table.
public protocol JobWriting {
    /// Creates a PENDING job with its phases and returns its id.
    func createJob(kind: String, options: String, phases: [String]) throws -> Int64
    /// Marks job `id` RUNNING in this process.
    func markJobRunning(_ id: Int64, pid: Int32) throws
    /// Marks jobs left RUNNING by a dead process PAUSED. Only the writer session calls it, holding the lock.
    func recoverStaleJobs() throws -> [Int64]
    /// Moves job `id` to `phase` with `checkpoint` (nil at the phase's start).
    func setJobPhase(_ id: Int64, phase: String?, checkpoint: String?) throws
    func setJobFilesTotal(_ id: Int64, _ total: Int) throws
    func setJobCounters(_ id: Int64, _ counters: JobCounters) throws
    /// Sets the final (or paused) status; `finished_at` only for COMPLETED and FAILED.
    func finishJob(_ id: Int64, status: JobStatus, error: String?) throws
}
