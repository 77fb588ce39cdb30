/// The store: where candles, coverage, the ledger, jobs, gap records and sync cursors live.
///
/// Domain code never sees SQL or a database library: it reads through `read` (a `StoreReader`) and writes through
/// the one `WriterSession` of the process, whose `transaction` makes "these writes commit together" explicit.
/// The SQLite engine (`SQLiteStore`) is the only implementation today; another engine implements the same
/// protocols.
///
/// ```swift
/// let store = try SQLiteStore.open(path: "data/kraken.sqlite")
/// let session = try store.openWriterSession()          // the writer lock, once per process
/// defer { session.close() }
/// try session.transaction { tx in
///     let pairID = try tx.ensurePair("XBTUSD")
///     _ = try tx.upsertCandles(candles, into: SeriesKey(pairID: pairID, interval: .init(minutes: 60)!), source: .api)
/// }
/// ```
public protocol KrakenStore: AnyObject, Sendable {
    /// Where the store lives, for messages (a file path for SQLite).
    var location: String { get }
    /// The clock that stamps every record this store writes.
    var clock: any WallClock { get }
    /// Runs `body` on a consistent snapshot of what is committed. A reader never makes a writer fail, and another
    /// process's writer never blocks it. Inside this process a read may wait for the transaction in progress on the
    /// same store handle to end; inside a transaction, read through the transaction itself, never through `read`.
    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T
    /// Takes the writer lock of this store; throws `databaseBusy` naming the holder when another process has it.
    /// Jobs a dead process left RUNNING become PAUSED, and gap records it left BACKFILLING become DETECTED.
    func openWriterSession() throws -> any WriterSession
}

/// The one writer of a store in this process. Whoever runs a job opens it and hands it down, so composed jobs
/// (import, then gap detection, then backfill) never contend with themselves.
public protocol WriterSession: AnyObject {
    var store: any KrakenStore { get }
    /// Runs `body` in one transaction: everything it writes commits together, or nothing does when it throws.
    func transaction<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
    /// Reads on the writer's own connection (sees what this session committed).
    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T
    /// Releases the writer lock (also done when the session is released).
    func close()
}

/// Everything a reader may ask of the store.
public typealias StoreReader = PairReading & CandleReading & LedgerReading & JobReading & CoverageReading
    & GapRecordReading & SyncCursorReading & FuturesHistoryReading & AssetPairReading & SeriesSummaryReading

/// Everything a transaction may read and write.
public typealias StoreTransaction = StoreReader & PairWriting & CandleWriting & LedgerWriting & JobWriting
    & CoverageWriting & GapRecordWriting & SyncCursorWriting & FuturesHistoryWriting & AssetPairWriting
    & Savepoints & CandleStaging

/// Nested units inside one transaction.
public protocol Savepoints {
    /// Runs `body` as a nested unit: when it throws, what it wrote is undone and the transaction goes on.
    func savepoint<T>(_ body: () throws -> T) throws -> T
}

/// One pair and interval, by the pair's store id.
public struct SeriesKey: Hashable, Sendable {
    public var pairID: Int64
    public var interval: CandleInterval

    public init(pairID: Int64, interval: CandleInterval) {
        self.pairID = pairID
        self.interval = interval
    }
}

/// One pair and interval, by the pair's altname.
public struct SeriesName: Hashable, Sendable, Comparable {
    public var pair: String
    public var minutes: Int

    public init(pair: String, minutes: Int) {
        self.pair = pair
        self.minutes = minutes
    }

    public static func < (a: SeriesName, b: SeriesName) -> Bool { (a.pair, a.minutes) < (b.pair, b.minutes) }
}
