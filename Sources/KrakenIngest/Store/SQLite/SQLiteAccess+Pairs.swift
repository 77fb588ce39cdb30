import GRDB

extension SQLiteAccess: PairReading, PairWriting {
    func pairIDs() throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT altname, id FROM pairs")) {
            ids[row[0]] = row[1]
        }
        return ids
    }

    func pairID(_ altname: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM pairs WHERE altname = ?"), arguments: [altname])
    }

    func ensurePair(_ altname: String) throws -> Int64 {
        if let id = try pairID(altname) { return id }
        try db.cachedStatement(sql: "INSERT INTO pairs (altname, first_seen_at) VALUES (?, ?)")
            .execute(arguments: [altname, now])
        let id = db.lastInsertedRowID
        try SQLitePairAliases.write(db, pairID: id, altname: altname)
        return id
    }
}
