import Foundation

/// What happened to one file in a run.
public struct FileResult: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case imported, skipped, duplicate, failed
    }
    public var file: String
    public var pair: String
    public var interval: Int
    public var status: Status
    /// Rows read, written and rejected, and below the other buckets (see `FileRowCounts`).
    public var rows: Int64
    public var rowsWritten: Int64
    public var rejectedRows: Int64
    public var message: String?
    public var duplicateRows: Int64 = 0
    public var outrankedRows: Int64 = 0
    public var discardedRows: Int64 = 0

    /// The file's row counters.
    public var rowCounts: FileRowCounts {
        FileRowCounts(
            read: rows, written: rowsWritten, duplicate: duplicateRows, outranked: outrankedRows,
            rejected: rejectedRows, discarded: discardedRows)
    }

    mutating func set(_ counts: FileRowCounts) {
        rows = counts.read
        rowsWritten = counts.written
        duplicateRows = counts.duplicate
        outrankedRows = counts.outranked
        rejectedRows = counts.rejected
        discardedRows = counts.discarded
    }
}

/// Progress of a running import, for a terminal line or log lines.
public enum ImportEvent: Sendable {
    /// The job starts (or resumes) with `filesToImport` files of `bytesToImport` bytes; `skipped` are the paths
    /// found that are not candle files.
    case started(
        jobID: Int64, resumed: Bool, filesToImport: Int, bytesToImport: Int64, alreadyIngested: Int,
        skipped: [SkippedPath])
    /// A file begins; `index` counts from 1.
    case fileStarted(index: Int, total: Int, name: String)
    /// Bytes read so far across the run and candle rows parsed so far across the run.
    case progress(bytesDone: Int64, rowsDone: Int64)
    case fileFinished(FileResult)
}

/// The closing summary of an import run. Its row counters are those of the job (`jobs`, `v_jobs`) and the sums of
/// the ledger records the run finished: `rows` (read) counts every data row of every file read, failed and
/// DUPLICATE files included, and `rows = rowsWritten + rowsDuplicate + rowsOutranked + rowsRejected +
/// rowsDiscarded` (see `FileRowCounts`).
public struct ImportSummary: Sendable, Codable, Equatable {
    public var jobID: Int64
    public var status: JobStatus
    public var resumed: Bool
    public var filesPlanned: Int
    public var filesImported: Int
    public var filesSkipped: Int
    public var filesDuplicate: Int
    public var filesFailed: Int
    public var rows: Int64
    public var rowsWritten: Int64
    public var rowsRejected: Int64
    public var rowsDuplicate: Int64 = 0
    public var rowsOutranked: Int64 = 0
    public var rowsDiscarded: Int64 = 0
    public var bytesRead: Int64
    public var durationSeconds: Double
    public var rowsPerSecond: Double
    public var failures: [FileResult]
    /// Paths given (or found) that could not be read at all, with the reason; the others were imported.
    public var unreadable: [SkippedPath] = []

    /// JSON names shared with `jobs --json`: the job is `id`, rows read are `rowsRead`, the files planned
    /// `filesTotal`.
    enum CodingKeys: String, CodingKey {
        case jobID = "id"
        case rows = "rowsRead"
        case filesPlanned = "filesTotal"
        case status, resumed, filesImported, filesSkipped, filesDuplicate, filesFailed, rowsWritten, rowsRejected
        case rowsDuplicate, rowsOutranked, rowsDiscarded, bytesRead, durationSeconds, rowsPerSecond, failures
        case unreadable
    }

    /// The run's row counters.
    public var rowCounts: FileRowCounts {
        FileRowCounts(
            read: rows, written: rowsWritten, duplicate: rowsDuplicate, outranked: rowsOutranked,
            rejected: rowsRejected, discarded: rowsDiscarded)
    }

    /// Exit status convention of the CLI: 0 all good, 3 some files failed or some paths could not be read,
    /// 130 interrupted (job PAUSED).
    public var exitCode: Int32 {
        if status == .paused { return 130 }
        return filesFailed > 0 || !unreadable.isEmpty ? 3 : 0
    }
}
