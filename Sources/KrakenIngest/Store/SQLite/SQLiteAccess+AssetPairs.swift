import GRDB

extension SQLiteAccess: AssetPairReading, AssetPairWriting {
    func assetPairs() throws -> [AssetPair] {
        let sql = "SELECT key, altname, wsname, base, quote FROM asset_pairs ORDER BY key"
        return try Row.fetchAll(db.cachedStatement(sql: sql))
            .map { AssetPair(key: $0[0], altname: $0[1], wsname: $0[2], base: $0[3], quote: $0[4]) }
    }

    func replaceAssetPairs(_ pairs: [AssetPair]) throws {
        try db.execute(sql: "DELETE FROM asset_pairs")
        let insert = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO asset_pairs (key, altname, wsname, base, quote, fetched_at) VALUES (?, ?, ?,
                ?, ?, ?)
                """)
        for pair in pairs {
            try insert.execute(arguments: [pair.key, pair.altname, pair.wsname, pair.base, pair.quote, now])
        }
        // Keys and websocket names are aliases of the stored pairs.
        try SQLitePairAliases.refreshAll(db)
    }
}
