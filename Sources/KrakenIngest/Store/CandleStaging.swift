/// What merging a file's staged candles did (see `CandleStaging.mergeStagedCandles`).
public struct StagedMerge: Sendable, Equatable {
    /// Rows inserted, or that changed a stored candle.
    public var written: Int64 = 0
    /// Rows whose stored candle has the same values (and a source at least as high).
    public var duplicate: Int64 = 0
    /// Rows that differ from a stored candle that takes precedence.
    public var outranked: Int64 = 0
    /// Candles the merge added where none was stored, and how much it changed the series' summed trade counts.
    public var inserted: Int64 = 0
    public var tradesDelta: Int64 = 0

    public init(
        written: Int64 = 0, duplicate: Int64 = 0, outranked: Int64 = 0, inserted: Int64 = 0, tradesDelta: Int64 = 0
    ) {
        self.written = written
        self.duplicate = duplicate
        self.outranked = outranked
        self.inserted = inserted
        self.tradesDelta = tradesDelta
    }
}

/// A stored candle and the source it came from.
public struct StoredCandle: Sendable, Equatable {
    public var candle: Candle
    public var source: CandleSource

    public init(candle: Candle, source: CandleSource) {
        self.candle = candle
        self.source = source
    }
}

/// Archive candles that meet stored candles, held aside until their file's data end is known.
///
/// Between two archives the one whose data ends later wins, whatever the import order; a file's data end is known
/// only once it has been read to the end. Rows that reach into nothing stored are written at once (the hot path).
/// The others are compared with the stored candles first: a row where nothing is stored, or only a lower source,
/// is written at once too (it wins whatever the data ends); a row with the same values as a stored archive candle
/// writes nothing, and the stretches of such rows are credited to the file at its end when it ends later
/// (`claimIdenticalCandles`); only a row that differs from a stored archive candle is staged and merged when the
/// file ends. Re-importing a longer copy of an archive so stages nothing.
public protocol CandleStaging {
    /// The stored candles of `series` opening in `openTimes`, with their sources, in time order: the first
    /// `limit` of them.
    func storedCandles(_ series: SeriesKey, openTimes: TimeRange, limit: Int) throws -> [StoredCandle]
    /// Credits ledger file `fileID` with the stored `source` candles of `series` opening in `runs` (stretches where
    /// every stored candle has the same values as one of the file's rows) whose own file's data ends before
    /// `dataEnd`, the provenance rule of `mergeStagedCandles` for rows that needed no staging.
    func claimIdenticalCandles(
        fileID: Int64, series: SeriesKey, source: CandleSource, runs: [TimeRange], dataEnd: Int64
    ) throws
    /// Holds `candles` of ledger file `fileID` aside (each open time once per file).
    func stageCandles(_ candles: [Candle], fileID: Int64) throws
    /// The staged candle of `fileID` opening at `openTime`.
    func stagedCandle(fileID: Int64, openTime: Int64) throws -> Candle?
    /// Merges the staged candles of `fileID` into `series` as `source`, the file's data ending at `dataEnd` (its
    /// last open time), and empties its staging. A stored candle of a lower source is replaced; one of the same
    /// source with other values is replaced when its file's data ends no later than `dataEnd` (a later import
    /// wins a tie; a candle stored before files were recorded counts as ending earlier), otherwise the staged row is
    /// outranked; a stored candle with the same values is kept and credited to this file when its own file ends
    /// earlier, so the later-ending file stays its provenance whatever the order.
    func mergeStagedCandles(
        fileID: Int64, into series: SeriesKey, source: CandleSource, dataEnd: Int64
    ) throws -> StagedMerge
}
