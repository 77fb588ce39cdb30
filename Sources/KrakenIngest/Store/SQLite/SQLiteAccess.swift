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
}

extension SQLiteAccess: Savepoints {
    func savepoint<T>(_ body: () throws -> T) throws -> T {
        var result: T?
        try db.inSavepoint {
            result = try body()
            return .commit
        }
        return result!
    }
}
