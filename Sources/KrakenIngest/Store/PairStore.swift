import GRDB

/// Pair altnames and their integer ids.
public enum PairStore {
    /// The id of `altname`, inserting the pair when it is new.
    public static func id(for altname: String, in db: Database) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM pairs WHERE altname = ?", arguments: [altname]) {
            return id
        }
        try db.execute(sql: "INSERT INTO pairs (altname, first_seen_at) VALUES (?, ?)", arguments: [altname, UTCTime.now()])
        return db.lastInsertedRowID
    }
}
