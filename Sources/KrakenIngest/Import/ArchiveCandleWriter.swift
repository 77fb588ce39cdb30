/// Writes the candles of one archive file: batches that reach into nothing stored are upserted at once (the hot
/// path, credited to the file), batches that reach into stored coverage are staged and merged by data end when
/// the file ends (see `CandleStaging`). Measures what the writes added, for coverage, without rescanning.
struct ArchiveCandleWriter {
    let series: SeriesKey
    let fileID: Int64
    /// The series' stored ranges before this file's first write.
    private let storedBefore: [TimeRange]
    private(set) var insertedRows: Int64 = 0
    private(set) var tradesDelta: Int64 = 0
    /// Rows inserted or changed.
    private(set) var rowsWritten: Int64 = 0
    /// Staged rows that were the same as the stored candle.
    private(set) var duplicateRows: Int64 = 0
    /// Staged rows that lost to a stored candle taking precedence.
    private(set) var outrankedRows: Int64 = 0
    /// The span of the staged rows, nil while none.
    private var staged: TimeRange?

    init(series: SeriesKey, fileID: Int64, in tx: some CoverageReading) throws {
        self.series = series
        self.fileID = fileID
        storedBefore = try tx.coverageRanges(series, touching: TimeRange(start: .min / 2, end: .max / 2)).map(\.range)
    }

    /// True once some rows wait in staging.
    var hasStaged: Bool { staged != nil }

    /// Writes or stages `candles` (one batch, any order).
    mutating func write(_ candles: [Candle], in tx: any StoreTransaction) throws {
        guard let first = candles.min(by: { $0.openTime < $1.openTime })?.openTime,
            let last = candles.max(by: { $0.openTime < $1.openTime })?.openTime
        else { return }
        let span = TimeRange(start: first, end: last + 1)
        if storedBefore.contains(where: { $0.overlapsStrictly(span) }) {
            try tx.stageCandles(candles, fileID: fileID)
            staged = staged.map { $0.union(span) } ?? span
        } else {
            rowsWritten += try tx.upsertCandles(candles, into: series, source: .archive, fileID: fileID)
            insertedRows += Int64(candles.count)
            for candle in candles { tradesDelta = tradesDelta.addingSaturated(candle.trades) }
        }
    }

    /// Merges the staged rows, the file's data ending at `dataEnd` (its last open time); call once, at the end.
    mutating func finish(dataEnd: Int64?, in tx: any StoreTransaction) throws {
        guard let span = staged, let dataEnd else { return }
        let before = try tx.candleTotals(series, openTimes: span)
        let merge = try tx.mergeStagedCandles(fileID: fileID, into: series, source: .archive, dataEnd: dataEnd)
        let after = try tx.candleTotals(series, openTimes: span)
        insertedRows += after.rows - before.rows
        tradesDelta = tradesDelta.addingSaturated(after.trades &- before.trades)
        rowsWritten += merge.written
        duplicateRows += merge.duplicate
        outrankedRows += merge.outranked
        staged = nil
    }
}
