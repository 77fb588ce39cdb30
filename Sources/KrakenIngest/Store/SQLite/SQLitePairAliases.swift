import GRDB

/// Writes the `pair_aliases` rows: a new pair's when it is inserted, every pair's when the `AssetPairs` cache is
/// replaced (its keys and websocket names are aliases) and when migration `v6-data-source` runs.
enum SQLitePairAliases {
    /// Writes the aliases of pair `pairID` (`altname`), from `PairAliases` and the cached entry of the altname.
    static func write(_ db: Database, pairID: Int64, altname: String) throws {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT key, wsname, base, quote FROM asset_pairs WHERE altname = ?"),
            arguments: [altname])
        let cached = row.map { AssetPair(key: $0[0], altname: altname, wsname: $0[1], base: $0[2], quote: $0[3]) }
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO pair_aliases (alias, pair_id) VALUES (?, ?)")
        for alias in PairAliases.of(altname: altname, assetPair: cached) {
            try insert.execute(arguments: [alias, pairID])
        }
    }

    /// Rewrites the aliases of every stored pair.
    static func refreshAll(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM pair_aliases")
        for row in try Row.fetchAll(db, sql: "SELECT id, altname FROM pairs ORDER BY id") {
            try write(db, pairID: row[0], altname: row[1])
        }
    }
}
