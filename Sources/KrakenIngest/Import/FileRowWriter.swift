import GRDB

/// The sink between the CSV reader and the store for one file: upserts valid candles, records rejected rows,
/// and rejects a timestamp that repeats within the file with different values (an identical repeat is counted as
/// a duplicate and ignored).
struct FileRowWriter: CandleRowSink {
    /// Rejected rows stored per file; beyond this they are only counted.
    static let storedRejectionLimit = 10_000
    /// After this many rejected rows, a file where more than half the lines so far were rejected is given up on
    /// at once instead of being read to the end (a mislabelled binary or a different format).
    static let earlyAbortRejections: Int64 = 5_000

    let db: Database
    let upsert: CandleUpsert
    let fileID: Int64
    let interval: CandleInterval
    /// The file's allowed rejected share; early abort only applies when it is below one half.
    let maxRejectRatio: Double

    private(set) var rows: Int64 = 0
    private(set) var duplicateRows: Int64 = 0
    private(set) var rejectedRows: Int64 = 0
    private(set) var firstOpenTime: Int64?
    private(set) var lastOpenTime: Int64?
    private(set) var firstRejection: String?
    private var firstRejectionLine: Int?
    private var previous: Candle?
    private var tradesSum: Int64 = 0
    private var longestRun: Int64 = 0
    private var inOrder = true
    private var seen: SeenTimestamps

    init(db: Database, fileID: Int64, pairID: Int64, interval: CandleInterval, maxRejectRatio: Double) throws {
        self.db = db
        self.maxRejectRatio = maxRejectRatio
        upsert = try CandleUpsert(db, pairID: pairID, interval: interval, source: .archive)
        self.fileID = fileID
        self.interval = interval
        seen = SeenTimestamps(interval: interval)
    }

    mutating func accept(_ candle: Candle, line: Int) throws {
        if !seen.insert(candle.openTime) {
            let earlier = previous?.openTime == candle.openTime
                ? previous
                : try upsert.stored(openTime: candle.openTime)
            if let earlier, earlier.hasSameValues(as: candle) {
                duplicateRows += 1
                return
            }
            return try reject(line: line, reason: "timestamp \(candle.openTime) (\(UTCTime.iso(candle.openTime))) repeated with different values",
                              raw: Self.format(candle))
        }
        if let previous {
            let step = candle.openTime - previous.openTime
            if step <= 0 { inOrder = false } else { longestRun = max(longestRun, step / interval.seconds - 1) }
        }
        previous = candle
        rows += 1
        tradesSum += candle.trades
        try upsert.write(candle)
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
            try FileLedger.recordRejectedRow(fileID: fileID, line: line, reason: reason, raw: raw, in: db)
        }
        let linesSoFar = rows + duplicateRows + rejectedRows
        if maxRejectRatio < 0.5 && rejectedRows >= Self.earlyAbortRejections && rejectedRows * 2 > linesSoFar {
            throw FileFailure("stopped reading after \(linesSoFar) rows: \(rejectedRows) were rejected, more than half "
                + "(is this a Kraken OHLCVT file?); first: \(firstRejection ?? "?")")
        }
    }

    /// Rows inserted or replaced (call after `finish()`).
    var rowsWritten: Int64 { upsert.rowsWritten }

    /// Writes the candles still queued; call once the reader is done.
    func finish() throws { try upsert.flush() }

    /// Counts for the file's own covered range, valid when its rows arrived in time order (otherwise the tracker
    /// recounts from the store).
    var rangeStats: CoverageStats? {
        inOrder ? CoverageStats(rows: rows, trades: tradesSum, longestNoTrade: longestRun) : nil
    }

    /// The covered range `[first, last + interval)`, nil for a file without candles.
    var coveredRange: TimeRange? {
        guard let firstOpenTime, let lastOpenTime else { return nil }
        return TimeRange(start: firstOpenTime, end: lastOpenTime + interval.seconds)
    }

    private static func format(_ c: Candle) -> String {
        "\(c.openTime),\(c.open),\(c.high),\(c.low),\(c.close),\(c.volume),\(c.trades)"
    }
}
