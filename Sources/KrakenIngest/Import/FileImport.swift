import Foundation

/// Imports one planned file as one unit (a savepoint of the caller's transaction): its candles, rejected rows,
/// coverage, ledger record and the job's counters are kept together, or the file is rolled back and marked FAILED
/// (or DUPLICATE) on its own.
struct FileImport {
    let entry: ImportPlan.Entry
    /// The file's place in the parsing pipeline.
    let index: Int
    let pipeline: ParsingPipeline
    let fileID: Int64
    let context: JobContext
    let options: ImportOptions
    /// Bytes read and rows parsed so far in this file, about five times a second.
    let progress: (Int64, Int64) -> Void

    func run(counters: inout JobCounters, in tx: any StoreTransaction) throws -> FileResult {
        let candidate = entry.candidate
        var result = FileResult(
            file: candidate.displayName, pair: candidate.pair, interval: candidate.interval.minutes,
            status: .imported, rows: 0, rowsWritten: 0, rejectedRows: 0, message: nil)
        do {
            var updated = counters
            try tx.savepoint {
                try write(into: tx, result: &result)
                updated.filesDone += 1
                updated.rowsWritten += result.rowsWritten
                updated.rowsRejected += result.rejectedRows
                try tx.setJobCounters(context.jobID, updated)
                try context.markUnitDone(candidate.displayName, in: tx)
            }
            counters = updated
            return result
        } catch let duplicate as DuplicateContent {
            counters.filesSkipped += 1
            try settle(counters, in: tx) {
                try $0.markDuplicate(fileID, of: duplicate.original, sha256: duplicate.sha256)
            }
            result.status = .duplicate
            result.rowsWritten = 0
            result.message = "same content (SHA-256) as ledger file \(duplicate.original); nothing written"
            return result
        } catch let aborted as JobAborted {
            throw aborted
        } catch {
            // Library errors already name the file; others get its name in front.
            let message = error is KrakenIngestError ? "\(error)" : "\(candidate.displayName): \(error)"
            counters.filesFailed += 1
            try settle(counters, in: tx) { try $0.markFailed(fileID, error: message) }
            result.status = .failed
            result.rowsWritten = 0
            result.message = message
            return result
        }
    }

    private func write(into tx: any StoreTransaction, result: inout FileResult) throws {
        let candidate = entry.candidate
        let series = SeriesKey(pairID: try tx.ensurePair(candidate.pair), interval: candidate.interval)
        var writer = try FileRowWriter(tx: tx, fileID: fileID, series: series, maxRejectRatio: options.maxRejectRatio)
        var sha256 = ""
        var lastReport = DispatchTime.now().uptimeNanoseconds
        try pipeline.consume(file: index) { message in
            switch message {
            case .batch(let batch):
                for i in batch.candles.indices { try writer.accept(batch.candles[i], line: batch.lines[i]) }
                for r in batch.rejections { try writer.reject(line: r.line, reason: r.reason, raw: r.raw) }
                let now = DispatchTime.now().uptimeNanoseconds
                if now - lastReport > 200_000_000 {
                    lastReport = now
                    progress(min(batch.inputBytes, candidate.size), writer.rows)
                }
            case .finished(let digest):
                sha256 = digest
            case .failed(let error):
                throw error
            }
        }
        try writer.finish()
        result.rows = writer.rows
        result.rejectedRows = writer.rejectedRows

        let total = writer.rows + writer.rejectedRows
        if writer.rejectedRows > 0 && Double(writer.rejectedRows) > options.maxRejectRatio * Double(total) {
            let share = ReportFormat.fixed(100 * Double(writer.rejectedRows) / Double(total), digits: 2) + "%"
            throw FileFailure(
                "\(writer.rejectedRows) of \(total) rows rejected (\(share), more than "
                    + "--max-reject-ratio \(options.maxRejectRatio)); first: \(writer.firstRejection ?? "?")")
        }
        if let original = try tx.completedFile(sha256: sha256, series: series, excluding: fileID) {
            throw DuplicateContent(original: original, sha256: sha256)
        }
        if let range = writer.coveredRange {
            try CoverageTracker.add(range, source: .csv, series: series, written: writer.written, in: tx)
        }
        result.rowsWritten = writer.rowsWritten
        try tx.markCompleted(
            fileID,
            outcome: FileOutcome(
                sha256: sha256, firstOpenTime: writer.firstOpenTime, lastOpenTime: writer.lastOpenTime,
                rows: writer.rows, rowsWritten: writer.rowsWritten, duplicateRows: writer.duplicateRows,
                rejectedRows: writer.rejectedRows))
        if writer.rejectedRows > 0 {
            result.message = "\(writer.rejectedRows) row(s) rejected; first: \(writer.firstRejection ?? "?")"
        }
    }

    /// Records a file's failure or duplicate status with the job's counters, after its savepoint was undone.
    private func settle(
        _ counters: JobCounters, in tx: any StoreTransaction,
        _ mark: (any StoreTransaction) throws -> Void
    ) throws {
        try mark(tx)
        try tx.setJobCounters(context.jobID, counters)
        try context.markUnitDone(entry.candidate.displayName, in: tx)
    }
}

/// A file that cannot be imported as a whole (too many rejected rows).
struct FileFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Ends a file's transaction when its content is already stored under another ledger record.
struct DuplicateContent: Error {
    let original: Int64
    let sha256: String
}
