import Foundation
import GRDB

/// The SQLite store: one database file in WAL mode, migrated on open.
///
/// Default location `data/kraken.sqlite`, overridable with `--db` or `KRAKEN_INGEST_DB`.
public final class KrakenStore: Sendable {
    /// The default database path, relative to the working directory.
    public static let defaultPath = "data/kraken.sqlite"

    public let path: String
    public let dbQueue: DatabaseQueue

    /// The path chosen by the flag, else the environment, else the default.
    public static func resolvePath(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let env = environment["KRAKEN_INGEST_DB"], !env.isEmpty { return env }
        return defaultPath
    }

    private init(path: String, dbQueue: DatabaseQueue) {
        self.path = path
        self.dbQueue = dbQueue
    }

    /// Opens (creating if needed) and migrates the database at `path`.
    public static func open(path: String) throws -> KrakenStore {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            // Larger pages make the WITHOUT ROWID candle B-tree shallower; only effective on a new file.
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -8192")
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
            try Schema.migrator.migrate(queue)
        } catch {
            throw KrakenIngestError.store("cannot open database \(path): \(error)")
        }
        return KrakenStore(path: path, dbQueue: queue)
    }

    /// Opens an existing database for reading only; nil when the file does not exist yet.
    public static func openReadOnly(path: String) throws -> KrakenStore? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(30)
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            let applied = try queue.read { try Schema.migrator.hasCompletedMigrations($0) }
            guard applied else {
                throw KrakenIngestError.store("database \(path) has not been migrated by this version; run an import first")
            }
            return KrakenStore(path: path, dbQueue: queue)
        } catch let error as KrakenIngestError {
            throw error
        } catch {
            throw KrakenIngestError.store("cannot open database \(path): \(error)")
        }
    }
}
