/// Writes the candles of one archive file (see `CandleStaging`): batches that reach into nothing stored are upserted
/// at once (the hot path, credited to the file). A batch that reaches into stored coverage is compared with the
/// stored candles: rows where nothing or only a lower source is stored are upserted at once, rows with the same
/// values as a stored archive candle write nothing (their stretches are credited to the file at its end when it
/// ends later), and only rows that differ from a stored archive candle are staged and merged by data end when the
/// file ends. Measures what the writes added, for coverage, without rescanning.
struct ArchiveCandleWriter {
    let series: SeriesKey
    let fileID: Int64
    /// The series' stored ranges before this file's first write.
    private let storedBefore: [TimeRange]
    private(set) var insertedRows: Int64 = 0
    private(set) var tradesDelta: Int64 = 0
    /// Rows inserted or changed.
    private(set) var rowsWritten: Int64 = 0
    /// Staged rows that lost to a stored candle taking precedence.
    private(set) var outrankedRows: Int64 = 0
    /// True once some rows wait in staging.
    private(set) var hasStaged = false
    /// Stretches of stored archive candles that all equal rows of this file, to credit to it at its end.
    private var identicalRuns: [TimeRange] = []

    init(series: SeriesKey, fileID: Int64, in tx: some CoverageReading) throws {
        self.series = series
        self.fileID = fileID
        storedBefore = try tx.coverageRanges(series, touching: TimeRange(start: .min / 2, end: .max / 2)).map(\.range)
    }

    /// Writes, stages or drops `candles` (one batch, any order, each open time once in the file).
    mutating func write(_ candles: [Candle], in tx: any StoreTransaction) throws {
        guard let first = candles.min(by: { $0.openTime < $1.openTime })?.openTime,
            let last = candles.max(by: { $0.openTime < $1.openTime })?.openTime
        else { return }
        let span = TimeRange(start: first, end: last + 1)
        guard storedBefore.contains(where: { $0.overlapsStrictly(span) }) else {
            return try upsert(candles, in: tx)
        }
        // A batch whose span holds far more stored candles than rows (a file out of time order) is staged whole
        // rather than compared: reading the stored candles must stay about as cheap as the batch.
        let limit = 4 * candles.count
        let stored = try tx.storedCandles(series, openTimes: span, limit: limit + 1)
        guard !stored.isEmpty else { return try upsert(candles, in: tx) }
        guard stored.count <= limit else { return try stage(candles, in: tx) }
        var direct: [Candle] = []
        var replaced: [StoredCandle] = []
        var differing: [Candle] = []
        var storedIndex = 0
        // The run of stored candles equal to this batch's rows, ended by a stored candle that is not.
        var run: TimeRange?
        func endRun() {
            if let open = run { identicalRuns.append(open) }
            run = nil
        }
        for candle in candles.sorted(by: { $0.openTime < $1.openTime }) {
            while storedIndex < stored.count && stored[storedIndex].candle.openTime < candle.openTime {
                endRun()  // a stored candle this file does not have
                storedIndex += 1
            }
            guard storedIndex < stored.count, stored[storedIndex].candle.openTime == candle.openTime else {
                direct.append(candle)  // nothing stored here: inserted whatever the data ends
                continue
            }
            let here = stored[storedIndex]
            storedIndex += 1
            if here.source.rawValue < CandleSource.archive.rawValue {
                direct.append(candle)  // an archive row outranks the API and trades
                replaced.append(here)
            } else if here.candle.hasSameValues(as: candle) && here.candle.vwap == nil {
                // A duplicate: nothing to write; credited to this file at its end if it ends later.
                run = run.map { TimeRange(start: $0.start, end: candle.openTime + 1) }
                    ?? TimeRange(start: candle.openTime, end: candle.openTime + 1)
            } else {
                endRun()
                differing.append(candle)
            }
        }
        endRun()
        if !direct.isEmpty { try upsert(direct, replacing: replaced, in: tx) }
        if !differing.isEmpty { try stage(differing, in: tx) }
    }

    private mutating func stage(_ candles: [Candle], in tx: any StoreTransaction) throws {
        try tx.stageCandles(candles, fileID: fileID)
        hasStaged = true
    }

    /// Upserts `candles`; `replaced` are the stored candles among their keys (the others are new).
    private mutating func upsert(
        _ candles: [Candle], replacing replaced: [StoredCandle] = [], in tx: any StoreTransaction
    ) throws {
        rowsWritten += try tx.upsertCandles(candles, into: series, source: .archive, fileID: fileID)
        insertedRows += Int64(candles.count - replaced.count)
        for candle in candles { tradesDelta = tradesDelta.addingSaturated(candle.trades) }
        for old in replaced { tradesDelta = tradesDelta.addingSaturated(-old.candle.trades) }
    }

    /// Credits the identical stretches and merges the staged rows, the file's data ending at `dataEnd` (its last
    /// open time); call once, at the end.
    mutating func finish(dataEnd: Int64?, in tx: any StoreTransaction) throws {
        guard let dataEnd else { return }
        if !identicalRuns.isEmpty {
            try tx.claimIdenticalCandles(
                fileID: fileID, series: series, source: .archive, runs: identicalRuns, dataEnd: dataEnd)
            identicalRuns = []
        }
        guard hasStaged else { return }
        let merge = try tx.mergeStagedCandles(fileID: fileID, into: series, source: .archive, dataEnd: dataEnd)
        insertedRows += merge.inserted
        tradesDelta = tradesDelta.addingSaturated(merge.tradesDelta)
        rowsWritten += merge.written
        outrankedRows += merge.outranked
        hasStaged = false
    }
}
