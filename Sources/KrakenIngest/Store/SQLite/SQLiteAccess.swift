import GRDB
import GRDBSQLite

/// A connection of a SQLite store inside one read or transaction: implements every store protocol. Domain code
/// sees it only as `StoreReader` or `StoreTransaction`.
struct SQLiteAccess {
    let db: Database
    let store: SQLiteStore

    /// Unix seconds from the store's clock, for the `*_at` columns.
    var now: Int64 { store.clock.nowSeconds }

    /// SQLite's message for the last failure on this connection.
    var lastErrorMessage: String { String(cString: sqlite3_errmsg(db.sqliteConnection)) }

    /// The error for a write that failed with SQLite result `code`: a full disk or a refused write is `writeFailed`
    /// (the job pauses, resumable), anything else `store` with `what` and SQLite's message.
    func writeError(_ code: Int32, _ what: String) -> KrakenIngestError {
        let error = DatabaseError(resultCode: ResultCode(rawValue: code), message: lastErrorMessage)
        return writeFault(error) ?? .store("\(what): \(lastErrorMessage)")
    }

    /// `writeFailed` for a full disk or a refused write, nil for any other error.
    func writeFault(_ error: any Error) -> KrakenIngestError? {
        guard let error = error as? DatabaseError, SQLiteWriterSession.isWriteFault(error) else { return nil }
        return .writeFailed(SQLiteWriterSession.describe(error, path: store.path))
    }
}

extension SQLiteAccess: Savepoints {
    /// Inside a transaction, the savepoint statements are prepared once and reused: an import of thousands of small
    /// files takes one savepoint per file, and compiling them each time cost about an eighth of its per-file work.
    func savepoint<T>(_ body: () throws -> T) throws -> T {
        guard db.isInsideTransaction else {
            var result: T?
            try db.inSavepoint {
                result = try body()
                return .commit
            }
            return result!
        }
        try db.cachedStatement(sql: "SAVEPOINT unit").execute()
        do {
            let result = try body()
            try db.cachedStatement(sql: "RELEASE SAVEPOINT unit").execute()
            return result
        } catch {
            // Rolling back is not enough to take the savepoint off SQLite's stack; it is released only once rolled
            // back, never with the unit's writes. Both fail when SQLite has already rolled the whole transaction
            // back (a full disk): the first error is the one to report, a full disk as such.
            do {
                try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT unit").execute()
                try db.cachedStatement(sql: "RELEASE SAVEPOINT unit").execute()
            } catch {}
            throw writeFault(error) ?? error
        }
    }
}
