/// The sink between the CSV reader and the store for one file: upserts valid candles, keeps the rejected rows
/// (the first 10,000, for `FileImport` to record whatever becomes of the file), and rejects a timestamp that
/// repeats within the file with different values (an identical repeat is counted as a duplicate and ignored).
struct FileRowWriter: CandleRowSink {
    /// Rejected rows stored per file; beyond this they are only counted.
    static let storedRejectionLimit = 10_000
    /// After this many rejected rows, a file where more than half the lines so far were rejected is given up on
    /// at once instead of being read to the end (a mislabelled binary or a different format).
    static let earlyAbortRejections: Int64 = 5_000
    /// Candles handed to the store per call.
    static let batchSize = 512

    let tx: any StoreTransaction
    let fileID: Int64
    let interval: CandleInterval
    /// The file's allowed rejected share; early abort only applies when it is below one half.
    let maxRejectRatio: Double

    private var writer: ArchiveCandleWriter
    private var pending: [Candle] = []
    /// Valid rows, each timestamp once.
    private(set) var rows: Int64 = 0
    /// Rows repeating an earlier row of the file with the same values.
    private(set) var repeatedRows: Int64 = 0
    private(set) var rejectedRows: Int64 = 0
    /// The rejected rows to store (the first `storedRejectionLimit`).
    private(set) var rejections: [RejectedRow] = []
    private(set) var firstOpenTime: Int64?
    private(set) var lastOpenTime: Int64?
    private(set) var firstRejection: String?
    private var firstRejectionLine: Int?
    private var previous: Candle?
    private var inStream = CoverageStats()
    private var inOrder = true
    private var seen: SeenTimestamps

    init(tx: any StoreTransaction, fileID: Int64, series: SeriesKey, maxRejectRatio: Double) throws {
        self.tx = tx
        self.maxRejectRatio = maxRejectRatio
        writer = try ArchiveCandleWriter(series: series, fileID: fileID, in: tx)
        self.fileID = fileID
        interval = series.interval
        seen = SeenTimestamps(interval: series.interval)
        pending.reserveCapacity(Self.batchSize)
    }

    mutating func accept(_ candle: Candle, line: Int) throws {
        if !seen.insert(candle.openTime) {
            let earlier: Candle?
            if previous?.openTime == candle.openTime {
                earlier = previous
            } else {
                // Not queued: staged (then the store may hold another file's candle there) or written.
                earlier =
                    try pending.last(where: { $0.openTime == candle.openTime })
                    ?? (writer.hasStaged ? tx.stagedCandle(fileID: fileID, openTime: candle.openTime) : nil)
                    ?? tx.candle(writer.series, openTime: candle.openTime)
            }
            if let earlier, earlier.hasSameValues(as: candle) {
                repeatedRows += 1
                return
            }
            return try reject(
                line: line,
                reason: "timestamp \(candle.openTime) (\(UTCTime.iso(candle.openTime))) "
                    + "repeated with different values", raw: Self.format(candle))
        }
        if let previous {
            let step = candle.openTime - previous.openTime
            if step <= 0 {
                inOrder = false
            } else {
                inStream.noteRun(start: previous.openTime + interval.seconds, length: step / interval.seconds - 1)
            }
        }
        previous = candle
        rows += 1
        inStream.rows += 1
        inStream.trades = inStream.trades.addingSaturated(candle.trades)
        pending.append(candle)
        if pending.count == Self.batchSize { try flush() }
        if firstOpenTime == nil || candle.openTime < firstOpenTime! { firstOpenTime = candle.openTime }
        if lastOpenTime == nil || candle.openTime > lastOpenTime! { lastOpenTime = candle.openTime }
    }

    mutating func reject(line: Int, reason: String, raw: String) throws {
        rejectedRows += 1
        // Rows may arrive out of line order (parse rejections come batched after the batch's candles).
        if firstRejectionLine.map({ line < $0 }) ?? true {
            firstRejectionLine = line
            firstRejection = "line \(line): \(reason)"
        }
        if rejectedRows <= Self.storedRejectionLimit {
            rejections.append(RejectedRow(line: line, reason: reason, raw: raw))
        }
        let linesSoFar = readRows
        if maxRejectRatio < 0.5 && rejectedRows >= Self.earlyAbortRejections && rejectedRows * 2 > linesSoFar {
            throw FileFailure(
                "stopped reading after \(linesSoFar) rows: \(rejectedRows) were rejected, more than half "
                    + "(is this a Kraken OHLCVT file?); first: \(firstRejection ?? "?")")
        }
    }

    /// Every data row so far: valid, repeated and rejected.
    var readRows: Int64 { rows + repeatedRows + rejectedRows }

    /// Rows inserted or replaced (call after `finish()`).
    var rowsWritten: Int64 { writer.rowsWritten }

    /// What became of the file's rows once all were written (call after `finish()`): valid rows the store did not
    /// change are duplicates of what it holds (or outranked by it); identical repeats are duplicates too.
    var counts: FileRowCounts {
        let outranked = writer.outrankedRows
        return FileRowCounts(
            read: readRows, written: writer.rowsWritten,
            duplicate: repeatedRows + rows - writer.rowsWritten - outranked, outranked: outranked,
            rejected: rejectedRows)
    }

    /// Writes the candles still queued and merges the staged ones; call once the reader is done.
    mutating func finish() throws {
        try flush()
        try writer.finish(dataEnd: lastOpenTime, in: tx)
    }

    private mutating func flush() throws {
        guard !pending.isEmpty else { return }
        try writer.write(pending, in: tx)
        pending.removeAll(keepingCapacity: true)
    }

    /// What coverage needs to merge the file's range (call after `finish()`). The in-stream counts describe the
    /// file's own range when its rows arrived in time order; otherwise the tracker recounts that range.
    var written: CoverageTracker.Written {
        CoverageTracker.Written(
            insertedRows: writer.insertedRows, tradesDelta: writer.tradesDelta,
            rangeStats: inOrder ? inStream : nil)
    }

    /// The covered range `[first, last + interval)`, nil for a file without candles.
    var coveredRange: TimeRange? {
        guard let firstOpenTime, let lastOpenTime else { return nil }
        return TimeRange(start: firstOpenTime, end: lastOpenTime + interval.seconds)
    }

    /// A rejected row as stored in `rejected_rows`.
    struct RejectedRow {
        let line: Int
        let reason: String
        let raw: String
    }

    private static func format(_ c: Candle) -> String {
        "\(c.openTime),\(c.open),\(c.high),\(c.low),\(c.close),\(c.volume),\(c.trades)"
    }
}
