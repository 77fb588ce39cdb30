import GRDB

extension SQLiteAccess: FuturesHistoryReading, FuturesHistoryWriting {
    func futuresRowCount(_ resource: FuturesResource) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM \(SQLiteFuturesSchema.table(resource))") ?? 0
    }

    func futuresRawRows(_ resource: FuturesResource) throws -> [String: String] {
        let key = SQLiteFuturesSchema.keyColumn(resource)
        var rows: [String: String] = [:]
        let table = SQLiteFuturesSchema.table(resource)
        for row in try Row.fetchAll(db, sql: "SELECT \"\(key)\", raw_json FROM \(table)") {
            rows[row[0]] = row[1]
        }
        return rows
    }

    @discardableResult
    func upsertFuturesRecords(_ records: [FuturesRecord], resource: FuturesResource) throws -> Int {
        try write(records, resource: resource, capturedAt: nil)
    }

    func replaceFuturesSnapshot(_ records: [FuturesRecord], resource: FuturesResource, capturedAt: Int64) throws {
        try deleteFuturesRows(resource)
        _ = try write(records, resource: resource, capturedAt: capturedAt)
    }

    func deleteFuturesRows(_ resource: FuturesResource) throws {
        try db.execute(sql: "DELETE FROM \(SQLiteFuturesSchema.table(resource))")
    }

    /// Upserts by the key column; returns the rows that were new.
    private func write(_ records: [FuturesRecord], resource: FuturesResource, capturedAt: Int64?) throws -> Int {
        guard !records.isEmpty else { return 0 }
        let table = SQLiteFuturesSchema.table(resource)
        let key = SQLiteFuturesSchema.keyColumn(resource)
        let names = resource.columns.map(\.name) + ["raw_json", "captured_at", "updated_at"]
        let quoted = names.map { "\"\($0)\"" }
        let updates = quoted.filter { $0 != "\"\(key)\"" }.map { "\($0) = excluded.\($0)" }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO \(table) (\(quoted.joined(separator: ", ")))
                VALUES (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))
                ON CONFLICT (\"\(key)\") DO UPDATE SET \(updates.joined(separator: ", "))
                """)
        let exists = try db.cachedStatement(sql: "SELECT 1 FROM \(table) WHERE \"\(key)\" = ?")
        let updatedAt = store.clock.now().value
        var inserted = 0
        for record in records {
            if try Int.fetchOne(exists, arguments: [record.key]) == nil { inserted += 1 }
            var values: [(any DatabaseValueConvertible)?] = record.values.map { value in
                switch value {
                case .text(let text)?: return text
                case .decimal(let number)?: return number.text
                case .integer(let number)?: return number
                case .bool(let flag)?: return flag ? 1 : 0
                case nil: return nil
                }
            }
            values += [record.raw, capturedAt, updatedAt]
            try statement.execute(arguments: StatementArguments(values))
        }
        return inserted
    }
}
