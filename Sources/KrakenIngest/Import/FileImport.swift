import Foundation

/// Imports one planned file as one unit (a savepoint of the caller's transaction): its candles, rejected rows,
/// coverage and ledger record are kept together, or the file is rolled back and marked FAILED (or DUPLICATE) on its
/// own. The job's counters are updated in memory; the caller writes them with the transaction that commits the
/// file.
struct FileImport {
    let entry: ImportPlan.Entry
    /// The file's place in the parsing pipeline.
    let index: Int
    let pipeline: ParsingPipeline
    let fileID: Int64
    let pairID: Int64
    let options: ImportOptions
    /// Bytes read and rows parsed so far in this file, about five times a second.
    let progress: (Int64, Int64) -> Void

    func run(counters: inout JobCounters, in tx: any StoreTransaction) throws -> FileResult {
        let candidate = entry.candidate
        var result = FileResult(
            file: candidate.displayName, pair: candidate.pair, interval: candidate.interval.minutes,
            status: .imported, rows: 0, rowsWritten: 0, rejectedRows: 0, message: nil)
        // What the file's rows became, kept outside the savepoint: a failed file's counts and rejected rows are
        // recorded again after its unit was undone.
        var read = ReadRows()
        do {
            var updated = counters
            try tx.savepoint {
                let rows = try write(into: tx, result: &result, read: &read)
                try record(read.rejections, in: tx)
                updated.filesDone += 1
                updated.add(rows)
            }
            counters = updated
            return result
        } catch let duplicate as DuplicateContent {
            // The whole content is stored already: every row read is a duplicate.
            let rows = FileRowCounts(read: read.rows, duplicate: read.rows)
            counters.filesSkipped += 1
            counters.add(rows)
            try tx.markDuplicate(fileID, of: duplicate.original, sha256: duplicate.sha256, rows: rows)
            result.status = .duplicate
            result.set(rows)
            result.message = "same content (SHA-256) as ledger file \(duplicate.original); nothing written"
            return result
        } catch let aborted as JobAborted {
            throw aborted
        } catch KrakenIngestError.writeFailed(let message) {
            // A full disk fails the whole group, not this file: the job pauses and every file stays PENDING.
            throw KrakenIngestError.writeFailed(message)
        } catch {
            // Library errors already name the file; others get its name in front.
            let message = error is KrakenIngestError ? "\(error)" : "\(candidate.displayName): \(error)"
            let rows = FileRowCounts(read: read.rows, rejected: read.rejected, discarded: read.rows - read.rejected)
            counters.filesFailed += 1
            counters.add(rows)
            try tx.markFailed(fileID, error: message, rows: rows)
            try record(read.rejections, in: tx)
            result.status = .failed
            result.set(rows)
            result.message = message
            return result
        }
    }

    /// What was read of the file, whatever becomes of it.
    private struct ReadRows {
        var rows: Int64 = 0
        var rejected: Int64 = 0
        var rejections: [FileRowWriter.RejectedRow] = []
    }

    private func record(_ rejections: [FileRowWriter.RejectedRow], in tx: any StoreTransaction) throws {
        for r in rejections { try tx.recordRejectedRow(fileID: fileID, line: r.line, reason: r.reason, raw: r.raw) }
    }

    /// Writes the file's candles and ledger record; returns what became of its rows. `read` follows the reading,
    /// also when this throws.
    private func write(
        into tx: any StoreTransaction, result: inout FileResult, read: inout ReadRows
    ) throws -> FileRowCounts {
        let candidate = entry.candidate
        let series = SeriesKey(pairID: pairID, interval: candidate.interval)
        var writer = try FileRowWriter(tx: tx, fileID: fileID, series: series, maxRejectRatio: options.maxRejectRatio)
        defer { read = ReadRows(rows: writer.readRows, rejected: writer.rejectedRows, rejections: writer.rejections) }
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
                    progress(min(batch.inputBytes, candidate.size), writer.readRows)
                }
            case .finished(let digest):
                sha256 = digest
            case .failed(let error):
                throw error
            }
        }
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
        // Only now, when the file is known to stay: its last rows and the merge of its staged ones.
        try writer.finish()
        if let range = writer.coveredRange {
            try CoverageTracker.add(range, source: .csv, series: series, written: writer.written, in: tx)
        }
        let rows = writer.counts
        result.set(rows)
        try tx.markCompleted(
            fileID,
            outcome: FileOutcome(
                sha256: sha256, firstOpenTime: writer.firstOpenTime, lastOpenTime: writer.lastOpenTime,
                rows: rows.read, rowsWritten: rows.written, duplicateRows: rows.duplicate,
                rejectedRows: rows.rejected, outrankedRows: rows.outranked))
        if writer.rejectedRows > 0 {
            result.message = "\(writer.rejectedRows) row(s) rejected; first: \(writer.firstRejection ?? "?")"
        }
        return rows
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
