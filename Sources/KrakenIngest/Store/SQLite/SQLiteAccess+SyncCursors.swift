import GRDB

extension SQLiteAccess: SyncCursorReading, SyncCursorWriting {
    private static func cursor(from row: Row) -> SyncCursor {
        SyncCursor(resource: row[0], cursor: row[1], token: row[2], rows: row[3], lastRunAt: row[4], lastError: row[5])
    }

    func syncCursor(_ resource: String) throws -> SyncCursor? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT resource, cursor, continuation_token, rows, last_run_at, last_error FROM sync_state WHERE
                resource = ?
                """, arguments: [resource]
        ).map(Self.cursor(from:))
    }

    func syncCursors() throws -> [SyncCursor] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT resource, cursor, continuation_token, rows, last_run_at, last_error FROM sync_state ORDER BY
                resource
                """
        ).map(Self.cursor(from:))
    }

    func saveSyncCursor(_ cursor: SyncCursor) throws {
        try db.execute(
            sql: """
                INSERT INTO sync_state (resource, cursor, continuation_token, rows, last_run_at, last_error, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (resource) DO UPDATE SET cursor = excluded.cursor,
                    continuation_token = excluded.continuation_token, rows = excluded.rows,
                    last_run_at = excluded.last_run_at, last_error = excluded.last_error, updated_at =
                    excluded.updated_at
                """,
            arguments: [
                cursor.resource, cursor.cursor, cursor.token, cursor.rows, cursor.lastRunAt,
                cursor.lastError, store.clock.now().value,
            ])
    }

    func deleteSyncCursor(_ resource: String) throws {
        try db.execute(sql: "DELETE FROM sync_state WHERE resource = ?", arguments: [resource])
    }
}
