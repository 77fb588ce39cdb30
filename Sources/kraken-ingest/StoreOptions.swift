import ArgumentParser
import Foundation
import KrakenIngest

/// Options every command that touches the store shares, and the one place the store is opened.
///
/// Only `import`, `run` and `futures sync` create a database (never its folder), and they say so on standard error;
/// every other command needs an existing one and otherwise exits 66 naming the path.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "SQLite database path (default: $KRAKEN_INGEST_DB or data/kraken.sqlite).", valueName: "path"))
    var db: String?

    @Option(
        name: .customLong("tiers-file"),
        help: ArgumentHelp("Tier definitions (default: data/tiers.json, else built-in).", valueName: "path"))
    var tiersFile: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let db, db.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError(
                "--db needs a database path; leave it out to use $KRAKEN_INGEST_DB or \(SQLiteStore.defaultPath)")
        }
        let env = ProcessInfo.processInfo.environment["KRAKEN_INGEST_DB"]
        if db == nil, let env, env.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError(
                "KRAKEN_INGEST_DB is set but empty; unset it to use \(SQLiteStore.defaultPath), or give --db PATH")
        }
    }

    var databasePath: String { SQLiteStore.resolvePath(flag: db) }

    /// The store for a command that only reads, opened read-only; a missing database is a `noInput` error that
    /// says how to make one.
    func openForReading() throws -> SQLiteStore {
        guard let store = try SQLiteStore.openReadOnly(path: databasePath) else { throw missingDatabase() }
        return store
    }

    /// The store for a command that writes. Only a command that may `create` one makes a new database file (and
    /// says so on standard error); the others need it to exist.
    func openForWriting(create: Bool) throws -> SQLiteStore {
        let path = databasePath
        let existed = FileManager.default.fileExists(atPath: path)
        if !existed && !create { throw missingDatabase() }
        let store = try SQLiteStore.open(path: path)
        if !existed {
            // Said even with --quiet: a mistyped --db must not go unnoticed.
            let now = UTCTime.iso(Int64(Date().timeIntervalSince1970))
            FileHandle.standardError.write(Data("\(now) created a new database at \(path)\n".utf8))
        }
        return store
    }

    /// ` --db PATH` (shell-quoted when needed) when `--db` was given, for the commands a message suggests.
    var dbArgument: String {
        guard let db else { return "" }
        return " --db " + ShellWord.quote(db)
    }

    func loadTiers() throws -> TierCatalog {
        try TierCatalog.load(from: tiersFile.map { URL(fileURLWithPath: $0) })
    }

    private func missingDatabase() -> KrakenIngestError {
        .noInput(
            "no database at \(databasePath); `kraken-ingest import PATH` or `kraken-ingest run PATH` creates it "
                + "(check --db or KRAKEN_INGEST_DB if it should exist)")
    }
}

/// Quoting for a word shown in a command the user may paste into a shell.
enum ShellWord {
    /// `word` as is when it holds only safe characters, else in single quotes.
    static func quote(_ word: String) -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./:=@%+,")
        if !word.isEmpty && word.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
