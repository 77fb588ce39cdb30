import Foundation
import GRDB

/// Runs import jobs: takes the writer lock, plans, and imports each candle file in its own transaction.
///
/// Per file, the bytes are read once: the same chunks feed the SHA-256 and the parser, and parsed rows go
/// straight into the prepared upsert. Candles, rejected rows, coverage, the ledger record and the job counters
/// commit together; a failure or an interruption rolls the file back and leaves only its FAILED or PENDING status.
public final class Importer {
    public let store: KrakenStore
    public let tiers: TierCatalog
    public let cancellation: CancellationFlag
    private let onEvent: (ImportEvent) -> Void

    public init(store: KrakenStore, tiers: TierCatalog, cancellation: CancellationFlag = CancellationFlag(),
                onEvent: @escaping (ImportEvent) -> Void = { _ in }) {
        self.store = store
        self.tiers = tiers
        self.cancellation = cancellation
        self.onEvent = onEvent
    }

    /// Runs a new import with `options`, or continues the unfinished job with the same options when one exists.
    public func run(_ options: ImportOptions) throws -> ImportSummary {
        try withWriterLock {
            let json = options.canonicalJSON()
            let existing = try store.dbQueue.read { try JobStore.resumable(kind: "import", options: json, in: $0) }
            let jobID = try existing?.id ?? store.dbQueue.write { try JobStore.create(kind: "import", options: json, in: $0) }
            return try execute(jobID: jobID, options: options, resumed: existing != nil)
        }
    }

    /// Continues job `jobID` with the options it was started with.
    public func resume(jobID: Int64) throws -> ImportSummary {
        try withWriterLock {
            guard let job = try store.dbQueue.read({ try JobStore.fetch(jobID, in: $0) }) else {
                throw KrakenIngestError.usage("no job \(jobID) in \(store.path); `kraken-ingest jobs` lists them")
            }
            guard job.kind == "import" else { throw KrakenIngestError.usage("job \(jobID) is a \(job.kind) job, not an import") }
            guard job.status != .completed else {
                throw KrakenIngestError.usage("job \(jobID) is already COMPLETED; nothing to resume")
            }
            return try execute(jobID: jobID, options: try ImportOptions.decode(job.options), resumed: true)
        }
    }

    private func withWriterLock<T>(_ body: () throws -> T) throws -> T {
        let lock = try store.acquireWriterLock()
        defer { lock.release() }
        // Jobs a dead process left RUNNING become PAUSED (and so resumable); `jobs` shows why.
        _ = try store.dbQueue.write { try JobStore.recoverStale(in: $0) }
        return try body()
    }

    private func execute(jobID: Int64, options: ImportOptions, resumed: Bool) throws -> ImportSummary {
        let started = Date()
        let plan = try ImportPlanner(tiers: tiers).plan(options, store: store)
        let work = plan.toImport
        var fileIDs: [Int64] = []
        var skippedElsewhere = 0
        try store.dbQueue.write { db in
            for entry in plan.entries {
                if case .alreadyIngested(let original, _) = entry.state {
                    if entry.ownRecordID == nil {
                        // An identical member under another archive: note it so the ledger shows this archive too.
                        let pairID = try PairStore.id(for: entry.candidate.pair, in: db)
                        let id = try FileLedger.recordPending(entry.candidate, pairID: pairID, jobID: jobID, in: db)
                        try FileLedger.markDuplicate(id, of: original, sha256: nil, in: db)
                    } else if let own = try FileLedger.latest(path: entry.candidate.ledgerPath, member: entry.candidate.ledgerMember, in: db) {
                        if own.status == .failed || own.status == .pending {
                            // Its content arrived through another archive since: settle the old record.
                            try FileLedger.markDuplicate(own.id, of: original, sha256: nil, in: db)
                        }
                        if own.jobID != jobID { skippedElsewhere += 1 }
                    }
                    continue
                }
                let pairID = try PairStore.id(for: entry.candidate.pair, in: db)
                fileIDs.append(try FileLedger.recordPending(entry.candidate, pairID: pairID, jobID: jobID, in: db))
            }
            try JobStore.markRunning(jobID, filesTotal: plan.entries.count, in: db)
            try JobStore.refreshCounters(jobID, skippedElsewhere: skippedElsewhere, in: db)
        }
        onEvent(.started(jobID: jobID, resumed: resumed, filesToImport: work.count, bytesToImport: plan.bytesToImport,
                         alreadyIngested: plan.entries.count - work.count, skipped: plan.skipped))

        var summary = ImportSummary(
            jobID: jobID, status: .running, resumed: resumed, filesPlanned: plan.entries.count, filesImported: 0,
            filesSkipped: plan.entries.count - work.count, filesDuplicate: 0, filesFailed: 0, rows: 0, rowsWritten: 0,
            rowsRejected: 0, bytesRead: 0, durationSeconds: 0, rowsPerSecond: 0, failures: [])
        var interrupted = false
        for (index, entry) in work.enumerated() {
            if cancellation.isCancelled {
                interrupted = true
                break
            }
            onEvent(.fileStarted(index: index + 1, total: work.count, name: entry.candidate.displayName))
            let result: FileResult
            do {
                result = try importFile(entry, fileID: fileIDs[index], jobID: jobID, skippedElsewhere: skippedElsewhere,
                                        options: options, bytesBefore: summary.bytesRead, rowsBefore: summary.rows)
            } catch is ImportCancelled {
                interrupted = true
                break
            }
            summary.bytesRead += entry.candidate.size
            summary.rows += result.rows
            summary.rowsWritten += result.rowsWritten
            summary.rowsRejected += result.rejectedRows
            switch result.status {
            case .imported: summary.filesImported += 1
            case .duplicate: summary.filesDuplicate += 1
            case .failed:
                summary.filesFailed += 1
                summary.failures.append(result)
            case .skipped: summary.filesSkipped += 1
            }
            onEvent(.fileFinished(result))
        }

        summary.status = interrupted ? .paused : (summary.filesFailed > 0 ? .failed : .completed)
        let error: String? = interrupted
            ? "interrupted; resume with `kraken-ingest import --resume \(jobID)` or re-run the same command"
            : (summary.filesFailed > 0 ? "\(summary.filesFailed) file(s) failed; re-run the same command to retry them" : nil)
        try store.dbQueue.write { db in
            try JobStore.refreshCounters(jobID, skippedElsewhere: skippedElsewhere, in: db)
            try JobStore.finish(jobID, status: summary.status, error: error, in: db)
        }
        summary.durationSeconds = Date().timeIntervalSince(started)
        summary.rowsPerSecond = summary.durationSeconds > 0 ? Double(summary.rows) / summary.durationSeconds : 0
        return summary
    }

    /// Imports one file in one transaction; a cancellation propagates after the rollback.
    private func importFile(_ entry: ImportPlan.Entry, fileID: Int64, jobID: Int64, skippedElsewhere: Int,
                            options: ImportOptions, bytesBefore: Int64, rowsBefore: Int64) throws -> FileResult {
        let candidate = entry.candidate
        var result = FileResult(file: candidate.displayName, pair: candidate.pair, interval: candidate.interval.minutes,
                                status: .imported, rows: 0, rowsWritten: 0, rejectedRows: 0, message: nil)
        do {
            try store.dbQueue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let pairID = try PairStore.id(for: candidate.pair, in: db)
                    var writer = try FileRowWriter(db: db, fileID: fileID, pairID: pairID, interval: candidate.interval,
                                                   maxRejectRatio: options.maxRejectRatio)
                    var sha256 = ""
                    var lastReport = DispatchTime.now().uptimeNanoseconds
                    try ParsingPipeline.run(candidate, cancellation: cancellation) { message in
                        switch message {
                        case .batch(let batch):
                            for i in batch.candles.indices { try writer.accept(batch.candles[i], line: batch.lines[i]) }
                            for r in batch.rejections { try writer.reject(line: r.line, reason: r.reason, raw: r.raw) }
                            let now = DispatchTime.now().uptimeNanoseconds
                            if now - lastReport > 200_000_000 {
                                lastReport = now
                                onEvent(.progress(bytesDone: bytesBefore + min(batch.inputBytes, candidate.size),
                                                  rowsDone: rowsBefore + writer.rows))
                            }
                        case .finished(let digest):
                            sha256 = digest
                        }
                    }
                    try writer.finish()
                    result.rows = writer.rows
                    result.rejectedRows = writer.rejectedRows

                    let total = writer.rows + writer.rejectedRows
                    if writer.rejectedRows > 0 && Double(writer.rejectedRows) > options.maxRejectRatio * Double(total) {
                        let share = String(format: "%.2f%%", 100 * Double(writer.rejectedRows) / Double(total))
                        throw FileFailure("\(writer.rejectedRows) of \(total) rows rejected (\(share), more than "
                            + "--max-reject-ratio \(options.maxRejectRatio)); first: \(writer.firstRejection ?? "?")")
                    }
                    if let original = try FileLedger.completed(sha256: sha256, pairID: pairID, interval: candidate.interval,
                                                                 excluding: fileID, in: db) {
                        throw DuplicateContent(original: original, sha256: sha256)
                    }
                    if let range = writer.coveredRange {
                        try CoverageTracker.add(range, source: .csv, pairID: pairID, interval: candidate.interval,
                                                stats: writer.rangeStats, in: db)
                    }
                    result.rowsWritten = writer.rowsWritten
                    try FileLedger.markCompleted(fileID, outcome: FileOutcome(
                        sha256: sha256, firstOpenTime: writer.firstOpenTime, lastOpenTime: writer.lastOpenTime,
                        rows: writer.rows, rowsWritten: writer.rowsWritten, duplicateRows: writer.duplicateRows,
                        rejectedRows: writer.rejectedRows), in: db)
                    try JobStore.refreshCounters(jobID, skippedElsewhere: skippedElsewhere, in: db)
                    if writer.rejectedRows > 0 {
                        result.message = "\(writer.rejectedRows) row(s) rejected; first: \(writer.firstRejection ?? "?")"
                    }
                    return .commit
                }
            }
            return result
        } catch let duplicate as DuplicateContent {
            try store.dbQueue.write { db in
                try FileLedger.markDuplicate(fileID, of: duplicate.original, sha256: duplicate.sha256, in: db)
                try JobStore.refreshCounters(jobID, skippedElsewhere: skippedElsewhere, in: db)
            }
            result.status = .duplicate
            result.rowsWritten = 0
            result.message = "same content (SHA-256) as ledger file \(duplicate.original); nothing written"
            return result
        } catch let cancelled as ImportCancelled {
            throw cancelled
        } catch {
            // Library errors already name the file; others get its name in front.
            let message = error is KrakenIngestError ? "\(error)" : "\(candidate.displayName): \(error)"
            try store.dbQueue.write { db in
                try FileLedger.markFailed(fileID, error: message, in: db)
                try JobStore.refreshCounters(jobID, skippedElsewhere: skippedElsewhere, in: db)
            }
            result.status = .failed
            result.rowsWritten = 0
            result.message = message
            return result
        }
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
