import GRDB
import GRDBSQLite

/// The bulk-insert hot path: candles are buffered and written `batchSize` at a time through one reused, prepared
/// multi-row upsert, with values bound straight into the raw `sqlite3_stmt` (GRDB's argument binding halves the
/// insert rate; this matches the C API, and multi-row statements cut SQLite's per-statement overhead).
///
/// Precedence is enforced in SQL: an incoming candle replaces a stored one only when its source ranks higher,
/// or ranks the same and differs in value. Writing the same data twice changes nothing.
final class CandleUpsert {
    /// Rows per multi-row statement (SQLite allows 32,766 bound parameters; this uses 3 + 7 per row). Measured on
    /// 5M rows: 1 row 8.0 s, 16 rows 6.8 s, 64 rows 5.7 s, 256 rows 5.1 s, 512 rows 4.9 s, 1024 rows 4.9 s, 4096 rows 5.6 s.
    static let batchSize = 512

    private let pairID: Int64
    private let interval: Int
    private let source: CandleSource
    private let batchStatement: Statement
    private let singleStatement: Statement
    private let lookup: Statement
    private let connection: OpaquePointer
    private var pending: [Candle] = []
    /// Rows inserted or replaced so far (unchanged duplicates are not counted).
    private(set) var rowsWritten: Int64 = 0

    init(_ db: Database, pairID: Int64, interval: CandleInterval, source: CandleSource) throws {
        self.pairID = pairID
        self.interval = interval.minutes
        self.source = source
        batchStatement = try db.makeStatement(sql: Self.sql(rows: Self.batchSize))
        singleStatement = try db.makeStatement(sql: Self.sql(rows: 1))
        lookup = try db.makeStatement(sql: """
            SELECT open, high, low, close, volume, trades FROM candles
            WHERE pair_id = ? AND interval_minutes = ? AND open_time = ?
            """)
        connection = db.sqliteConnection!
        pending.reserveCapacity(Self.batchSize)
    }

    /// `INSERT … VALUES (…), (…) ON CONFLICT …` for `rows` rows; ?1 pair, ?2 interval, ?3 source are shared.
    private static func sql(rows: Int) -> String {
        let values = (0..<rows).map { r in
            let p = 4 + r * 7
            return "(?1, ?2, ?\(p), ?\(p + 1), ?\(p + 2), ?\(p + 3), ?\(p + 4), ?\(p + 5), ?\(p + 6), ?3)"
        }
        return """
            INSERT INTO candles (pair_id, interval_minutes, open_time, open, high, low, close, volume, trades, source)
            VALUES \(values.joined(separator: ", "))
            ON CONFLICT (pair_id, interval_minutes, open_time) DO UPDATE SET
                open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
                volume = excluded.volume, trades = excluded.trades, source = excluded.source
            WHERE excluded.source > candles.source
               OR (excluded.source = candles.source AND (candles.open <> excluded.open OR candles.high <> excluded.high
                   OR candles.low <> excluded.low OR candles.close <> excluded.close
                   OR candles.volume <> excluded.volume OR candles.trades <> excluded.trades))
            """
    }

    /// Queues one candle; it is written when the batch fills or on `flush()`.
    @inline(__always)
    func write(_ candle: Candle) throws {
        pending.append(candle)
        if pending.count == Self.batchSize { try flush() }
    }

    /// Writes every queued candle.
    func flush() throws {
        if pending.count == Self.batchSize {
            try execute(batchStatement, pending)
        } else {
            for candle in pending { try execute(singleStatement, CollectionOfOne(candle)) }
        }
        pending.removeAll(keepingCapacity: true)
    }

    private func execute<C: Collection>(_ statement: Statement, _ candles: C) throws where C.Element == Candle {
        let s = statement.sqliteStatement
        sqlite3_bind_int64(s, 1, pairID)
        sqlite3_bind_int64(s, 2, Int64(interval))
        sqlite3_bind_int64(s, 3, Int64(source.rawValue))
        var p: Int32 = 4
        for candle in candles {
            sqlite3_bind_int64(s, p, candle.openTime)
            sqlite3_bind_double(s, p + 1, candle.open)
            sqlite3_bind_double(s, p + 2, candle.high)
            sqlite3_bind_double(s, p + 3, candle.low)
            sqlite3_bind_double(s, p + 4, candle.close)
            sqlite3_bind_double(s, p + 5, candle.volume)
            sqlite3_bind_int64(s, p + 6, candle.trades)
            p += 7
        }
        let code = sqlite3_step(s)
        sqlite3_reset(s)
        guard code == SQLITE_DONE else {
            let first = candles.first.map { "\($0.openTime)" } ?? "?"
            throw KrakenIngestError.store("writing candles from \(first) failed: \(String(cString: sqlite3_errmsg(connection)))")
        }
        rowsWritten += Int64(sqlite3_changes(connection))
    }

    /// The stored (or still queued) candle for `openTime`, if any.
    func stored(openTime: Int64) throws -> Candle? {
        if let queued = pending.last(where: { $0.openTime == openTime }) { return queued }
        let s = lookup.sqliteStatement
        defer { sqlite3_reset(s) }
        sqlite3_bind_int64(s, 1, pairID)
        sqlite3_bind_int64(s, 2, Int64(interval))
        sqlite3_bind_int64(s, 3, openTime)
        let code = sqlite3_step(s)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else {
            throw KrakenIngestError.store("reading candle \(openTime) failed: \(String(cString: sqlite3_errmsg(connection)))")
        }
        return Candle(openTime: openTime, open: sqlite3_column_double(s, 0), high: sqlite3_column_double(s, 1),
                      low: sqlite3_column_double(s, 2), close: sqlite3_column_double(s, 3),
                      volume: sqlite3_column_double(s, 4), trades: sqlite3_column_int64(s, 5))
    }
}
