import Foundation

/// The `import` phase: plans the candle files of `options` and imports each in its own transaction.
///
/// Per file, the bytes are read once: the same chunks feed the SHA-256 and the parser, and parsed rows go straight
/// into the store's bulk upsert. Candles, rejected rows, coverage, the ledger record and the job counters commit
/// together; a failure rolls the file back and leaves only its FAILED status. A stop request is honoured between
/// files: the file in hand is finished and committed first.
public struct ImportPhase: JobPhase {
    public static let kind = "import"
    /// The message of a write that failed while committing `group`: which files, that they stay PENDING, and the
    /// room the rest needs (the write-ahead log can grow to about the size of the largest file still to import).
    static func writeFault(_ message: String, group: ArraySlice<ImportPlan.Entry>, rest: ArraySlice<ImportPlan.Entry>)
        -> String
    {
        let names = group.prefix(3).map(\.candidate.displayName).joined(separator: ", ")
        let more = group.count > 3 ? " and \(group.count - 3) more" : ""
        let largest = rest.map(\.candidate.size).max() ?? 0
        let total = rest.reduce(Int64(0)) { $0 + $1.candidate.size }
        return "\(message), while committing \(names)\(more) (they stay PENDING and are imported again). The "
            + "\(rest.count) file(s) still to import hold \(Humanize.bytes(total)); the write-ahead log can grow to "
            + "about the largest of them (\(Humanize.bytes(largest))) before a checkpoint, so leave at least that "
            + "much free beyond the data"
    }

    /// A group of small files commits once it holds this many rows, or after this many seconds.
    static let groupRows: Int64 = 200_000
    static let groupSeconds = 1.0

    public let name = "import"
    public let options: ImportOptions
    public let tiers: TierCatalog
    /// The run's summary, once the phase has run.
    public let summary = Box<ImportSummary>()
    private let onEvent: (ImportEvent) -> Void
    /// The scan `ImportPreflight` made of the paths, used by the first run instead of scanning again.
    private let scan: Box<ArchiveScanner.Result>

    public init(
        options: ImportOptions, tiers: TierCatalog, scan: ArchiveScanner.Result? = nil,
        onEvent: @escaping (ImportEvent) -> Void = { _ in }
    ) {
        self.options = options
        self.tiers = tiers
        self.scan = Box(scan)
        self.onEvent = onEvent
    }

    public func run(_ context: JobContext) throws -> PhaseOutcome {
        let started = context.clock.now()
        let jobID = context.jobID
        let given = scan.value
        scan.value = nil
        let plan = try context.session.read {
            try ImportPlanner(tiers: tiers).plan(options, store: $0, scan: given)
        }
        let work = plan.toImport
        var fileIDs: [Int64] = []
        var pairIDs: [Int64] = []
        var counters = JobCounters()
        try context.session.transaction { tx in
            var skippedElsewhere = 0
            for entry in plan.entries {
                if case .alreadyIngested(let original, _) = entry.state {
                    try settleAlreadyIngested(
                        entry, original: original, jobID: jobID, tx: tx,
                        skippedElsewhere: &skippedElsewhere)
                    continue
                }
                let pairID = try tx.ensurePair(entry.candidate.pair)
                fileIDs.append(try tx.recordPending(entry.candidate, pairID: pairID, jobID: jobID))
                pairIDs.append(pairID)
            }
            let ledger = try tx.ledgerCounts(jobID: jobID)
            counters = JobCounters(
                filesDone: ledger.completed, filesSkipped: skippedElsewhere + ledger.duplicate,
                filesFailed: ledger.failed, rowsWritten: ledger.rowsWritten,
                rowsRejected: ledger.rowsRejected)
            counters.rowsRead = ledger.rowsRead
            counters.rowsDuplicate = ledger.rowsDuplicate
            counters.rowsOutranked = ledger.rowsOutranked
            counters.rowsDiscarded = ledger.rowsDiscarded
            try tx.setJobFilesTotal(jobID, plan.entries.count)
            try tx.setJobCounters(jobID, counters)
        }
        onEvent(
            .started(
                jobID: jobID, resumed: context.resumed, filesToImport: work.count,
                bytesToImport: plan.bytesToImport, alreadyIngested: plan.entries.count - work.count,
                skipped: plan.skipped))

        var result = ImportSummary.empty(jobID: jobID)
        result.filesPlanned = plan.entries.count
        result.filesSkipped = plan.entries.count - work.count
        result.unreadable = plan.unreadable
        var stopped = false
        // Read once: no clock call per row. Rows opening later cannot be real candles.
        let latestOpenTime = context.clock.nowSeconds + CandleCSVReader.futureMargin
        let pipeline = ParsingPipeline(work.map(\.candidate), stop: context.stop, latestOpenTime: latestOpenTime)
        defer { pipeline.close() }
        var next = 0
        while next < work.count && !stopped {
            // Small files commit in groups (each file still a unit of its own, a savepoint): a commit per member
            // of a Kraken archive would write the shared pages thousands of times.
            var finished: [(FileResult, bytes: Int64)] = []
            let groupStart = context.clock.now()
            var groupRows: Int64 = 0
            var groupBytes: Int64 = 0
            let groupFirst = next
            do {
                try context.session.transaction { tx in
                    repeat {
                        if context.stop.isStopRequested {
                            stopped = true
                            break
                        }
                        let entry = work[next]
                        onEvent(.fileStarted(index: next + 1, total: work.count, name: entry.candidate.displayName))
                        let rowsBefore = result.rows + groupRows
                        let bytesBefore = result.bytesRead + groupBytes
                        let file = FileImport(
                            entry: entry, index: next, pipeline: pipeline, fileID: fileIDs[next],
                            pairID: pairIDs[next], options: options,
                            progress: { bytes, rows in
                                onEvent(.progress(bytesDone: bytesBefore + bytes, rowsDone: rowsBefore + rows))
                            })
                        let outcome = try file.run(counters: &counters, in: tx)
                        next += 1
                        groupRows += outcome.rows
                        groupBytes += entry.candidate.size
                        finished.append((outcome, entry.candidate.size))
                    } while next < work.count && groupRows < Self.groupRows
                        && context.clock.secondsSince(groupStart) < Self.groupSeconds
                    // Once per group, committed with its files: the job's counters and the last file done.
                    if next > groupFirst {
                        try tx.setJobCounters(jobID, counters)
                        try context.markUnitDone(work[next - 1].candidate.displayName, in: tx)
                    }
                }
            } catch KrakenIngestError.writeFailed(let message) {
                let group = work[groupFirst..<min(next + 1, work.count)]
                throw KrakenIngestError.writeFailed(Self.writeFault(message, group: group, rest: work[groupFirst...]))
            }
            // Counted and told only once committed: what the process says is what the store holds.
            for (outcome, bytes) in finished {
                result.add(outcome, bytes: bytes)
                onEvent(.fileFinished(outcome))
            }
        }
        result.durationSeconds = context.clock.secondsSince(started)
        result.rowsPerSecond = result.durationSeconds > 0 ? (Double(result.rows) / result.durationSeconds).rounded() : 0
        summary.value = result
        if stopped { return .stopped }
        var failures: [String] = []
        if result.filesFailed > 0 {
            failures.append("\(result.filesFailed) file(s) failed; re-run the same command to retry them")
        }
        if !plan.unreadable.isEmpty {
            failures.append(
                "\(plan.unreadable.count) path(s) could not be read: "
                    + plan.unreadable.map { "\($0.path) (\($0.reason))" }.joined(separator: ", "))
        }
        if !failures.isEmpty { return .completedWithFailures(failures.joined(separator: "; ")) }
        return .completed
    }

    /// A file whose content is already stored: note it in the ledger (an identical member under another archive
    /// gets its own DUPLICATE record; an old unfinished record of this path is settled).
    private func settleAlreadyIngested(
        _ entry: ImportPlan.Entry, original: Int64, jobID: Int64,
        tx: any StoreTransaction, skippedElsewhere: inout Int
    ) throws {
        let candidate = entry.candidate
        if entry.ownRecordID == nil {
            let pairID = try tx.ensurePair(candidate.pair)
            let id = try tx.recordPending(candidate, pairID: pairID, jobID: jobID)
            try tx.markDuplicate(id, of: original, sha256: nil)
        } else if let own = try tx.latestLedgerRecord(path: candidate.ledgerPath, member: candidate.ledgerMember) {
            if own.status == .failed || own.status == .pending {
                try tx.markDuplicate(own.id, of: original, sha256: nil)
            }
            if own.jobID != jobID { skippedElsewhere += 1 }
        }
    }
}

/// A reference cell, for results a phase hands back to whoever built it.
public final class Box<Value>: @unchecked Sendable {
    public var value: Value?
    public init(_ value: Value? = nil) { self.value = value }
}

extension ImportSummary {
    mutating func add(_ outcome: FileResult, bytes: Int64) {
        bytesRead += bytes
        rows += outcome.rows
        rowsWritten += outcome.rowsWritten
        rowsRejected += outcome.rejectedRows
        rowsDuplicate += outcome.duplicateRows
        rowsOutranked += outcome.outrankedRows
        rowsDiscarded += outcome.discardedRows
        switch outcome.status {
        case .imported: filesImported += 1
        case .duplicate: filesDuplicate += 1
        case .failed:
            filesFailed += 1
            failures.append(outcome)
        case .skipped: filesSkipped += 1
        }
    }

    static func empty(jobID: Int64) -> ImportSummary {
        ImportSummary(
            jobID: jobID, status: .running, resumed: false, filesPlanned: 0, filesImported: 0,
            filesSkipped: 0, filesDuplicate: 0, filesFailed: 0, rows: 0, rowsWritten: 0, rowsRejected: 0,
            bytesRead: 0, durationSeconds: 0, rowsPerSecond: 0, failures: [])
    }
}
