import Foundation
import GRDB

/// The SQLite engine of the store: one database file in WAL mode, migrated on open.
///
/// Default location `data/kraken.sqlite`, overridable with `--db` or `KRAKEN_INGEST_DB`. Every SQL statement of
/// the tool lives in this folder.
///
/// ```swift
/// let store = try SQLiteStore.open(path: "data/kraken.sqlite")
/// let ranges = try store.read { try $0.coverage(pairs: ["XBTUSD"], intervals: nil) }
/// ```
public final class SQLiteStore: KrakenStore, @unchecked Sendable {
    /// The default database path, relative to the working directory.
    public static let defaultPath = "data/kraken.sqlite"

    public let path: String
    public let clock: any WallClock
    let dbQueue: DatabaseQueue
    let statements = SQLiteStatements()

    public var location: String { path }

    /// The path chosen by the flag, else the environment, else the default.
    public static func resolvePath(
        flag: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let env = environment["KRAKEN_INGEST_DB"], !env.isEmpty { return env }
        return defaultPath
    }

    private init(path: String, dbQueue: DatabaseQueue, clock: any WallClock) {
        self.path = path
        self.dbQueue = dbQueue
        self.clock = clock
    }

    /// Opens and migrates the database at `path`, creating the file (never its folder) when it does not exist.
    /// Throws `cannotWrite` when the folder is missing or the location is read-only.
    public static func open(path: String, clock: any WallClock = SystemClock()) throws -> SQLiteStore {
        let location = SQLiteLocation(path: path)
        if location.exists { try location.checkReadable() }
        try location.checkWritable()
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            // Larger pages make the WITHOUT ROWID candle B-tree shallower; only effective on a new file.
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -8192")
            // Statement journals of the multi-row upserts stay in memory instead of a temporary file per statement.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            try refuseNewer(queue, path: path)
            try SQLiteSchema.migrator.migrate(queue)
            return SQLiteStore(path: path, dbQueue: queue, clock: clock)
        } catch let error as KrakenIngestError {
            throw error
        } catch {
            throw KrakenIngestError.store("cannot open database \(path): \(error)")
        }
    }

    /// Throws when a newer kraken-ingest migrated the store (it holds migrations this version does not know):
    /// this version's statements would leave the newer columns unset.
    private static func refuseNewer(_ queue: DatabaseQueue, path: String) throws {
        let known = Set(SQLiteSchema.migrator.migrations)
        let unknown = try queue.read { try SQLiteSchema.migrator.appliedIdentifiers($0) }.subtracting(known)
        guard unknown.isEmpty else {
            throw KrakenIngestError.store(
                "database \(path) was written by a newer kraken-ingest (unknown migrations: "
                    + "\(unknown.sorted().joined(separator: ", "))); use that version or a newer one")
        }
    }

    /// Opens an existing database for reading only; nil when the file does not exist yet. On a location this process
    /// cannot write (read-only media, a folder without write permission) the file is opened immutable, since
    /// SQLite could not create the `-shm` file a WAL reader otherwise needs.
    public static func openReadOnly(path: String, clock: any WallClock = SystemClock()) throws -> SQLiteStore? {
        let location = SQLiteLocation(path: path)
        guard location.exists else { return nil }
        try location.checkReadable()
        do {
            return try openReadOnly(location: location, immutable: false, clock: clock)
        } catch let error as KrakenIngestError {
            throw error
        } catch {
            guard location.isReadOnlyFolder else {
                throw KrakenIngestError.store("cannot open database \(path): \(error)")
            }
            // Opened immutable, SQLite would ignore the -wal file: refuse rather than show older data.
            try location.checkNoPendingWAL()
            guard let store = try? openReadOnly(location: location, immutable: true, clock: clock) else {
                throw KrakenIngestError.store("cannot open database \(path): \(error)")
            }
            return store
        }
    }

    private static func openReadOnly(
        location: SQLiteLocation, immutable: Bool, clock: any WallClock
    ) throws -> SQLiteStore {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(30)
        let queue = try DatabaseQueue(path: immutable ? location.immutableURI : location.path, configuration: config)
        try refuseNewer(queue, path: location.path)
        let applied = try queue.read { try SQLiteSchema.migrator.hasCompletedMigrations($0) }
        guard applied else {
            throw KrakenIngestError.store(
                "database \(location.path) has not been migrated by this version; run `kraken-ingest import` to "
                    + "upgrade it")
        }
        return SQLiteStore(path: location.path, dbQueue: queue, clock: clock)
    }

    public func read<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        try dbQueue.read { db in try body(SQLiteAccess(db: db, store: self)) }
    }

    public func openWriterSession() throws -> any WriterSession {
        guard let lock = try WriterLock.tryAcquire(databasePath: path) else { throw busyError() }
        let session = SQLiteWriterSession(store: self, lock: lock)
        // Nobody else can be writing now: RUNNING jobs and BACKFILLING gaps belong to a process that died.
        _ = try session.transaction { tx in
            _ = try tx.recoverStaleJobs()
            return try tx.resetStaleBackfilling()
        }
        return session
    }

    /// True when a writer (in any process) holds this store's lock. Reading it never takes the lock.
    public var hasLiveWriter: Bool { WriterLock.isHeld(databasePath: path) }

    /// `databaseBusy`, naming the RUNNING job (id, kind, pid, phase, progress) when there is one.
    private func busyError() -> KrakenIngestError {
        if let job = try? read({ try $0.runningJobs().first }) {
            let phase = job.phase.map { ", phase \($0)" } ?? ""
            return .databaseBusy(
                "database busy: \(path) is held by job \(job.id) (\(job.kind)\(phase), pid "
                    + "\(job.pid.map(String.init) ?? "?"), files \(job.filesDone)/\(job.filesTotal)); wait for it to "
                    + "finish or stop it (Ctrl-C pauses it)")
        }
        let pid = WriterLock.holderPID(databasePath: path).map { " (pid \($0))" } ?? ""
        return .databaseBusy(
            "database busy: \(path) is held by another kraken-ingest process\(pid); wait for it to finish")
    }
}

/// The writer session of a SQLite store: the lock, and immediate transactions on the store's connection.
final class SQLiteWriterSession: WriterSession {
    let sqlite: SQLiteStore
    private let lock: WriterLock

    init(store: SQLiteStore, lock: WriterLock) {
        sqlite = store
        self.lock = lock
    }

    var store: any KrakenStore { sqlite }

    func transaction<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        var result: T?
        do {
            try sqlite.dbQueue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    result = try body(SQLiteAccess(db: db, store: sqlite))
                    return .commit
                }
            }
        } catch let error as DatabaseError where Self.isWriteFault(error) {
            throw KrakenIngestError.writeFailed(Self.describe(error, path: sqlite.path))
        }
        return result!
    }

    /// SQLITE_FULL, or an I/O error (a write refused by the device or by a file-size limit).
    static func isWriteFault(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_FULL || error.resultCode == .SQLITE_IOERR
    }

    /// What failed, in words, with the space left on the database's volume.
    static func describe(_ error: DatabaseError, path: String) -> String {
        let what =
            error.resultCode == .SQLITE_FULL
            ? "the disk is full"
            : "a write failed (the disk may be full, or the device or a file-size limit refused it)"
        let folder = (path as NSString).deletingLastPathComponent
        let attributes = try? FileManager.default.attributesOfFileSystem(forPath: folder.isEmpty ? "." : folder)
        let free = (attributes?[.systemFreeSize] as? NSNumber).map { "; \(Humanize.bytes($0.int64Value)) free there" }
        return "could not write to \(path): \(what) (SQLite error \(error.extendedResultCode.rawValue): "
            + "\(error.message ?? "no detail"))\(free ?? ""); the transaction was rolled back and nothing of it "
            + "was kept"
    }

    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T { try sqlite.read(body) }

    func close() { lock.release() }

    deinit { lock.release() }
}

/// Statements prepared once per connection and kept for the store's life: the multi-row candle upsert costs
/// milliseconds to prepare, which a Kraken archive of thousands of small members must not pay per file.
final class SQLiteStatements: @unchecked Sendable {
    /// Multi-row candle upserts by row count (a power of two up to `SQLiteAccess.batchSize`), prepared on first use.
    var candleUpserts: [Int: Statement] = [:]
    var gapInsert: Statement?
}
