/// What merging a file's staged candles did (see `CandleStaging.mergeStagedCandles`).
public struct StagedMerge: Sendable, Equatable {
    /// Rows inserted, or that changed a stored candle.
    public var written: Int64 = 0
    /// Rows whose stored candle has the same values (and a source at least as high).
    public var duplicate: Int64 = 0
    /// Rows that differ from a stored candle that takes precedence.
    public var outranked: Int64 = 0

    public init(written: Int64 = 0, duplicate: Int64 = 0, outranked: Int64 = 0) {
        self.written = written
        self.duplicate = duplicate
        self.outranked = outranked
    }
}

/// Archive candles that meet stored candles, held aside until their file's data end is known.
///
/// Between two archives the one whose data ends later wins, whatever the import order; a file's data end is known
/// only once it has been read to the end, so the rows of a file that reach into stored coverage are staged and
/// merged when the file ends. Rows that reach into nothing stored are written at once (the hot path).
public protocol CandleStaging {
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
