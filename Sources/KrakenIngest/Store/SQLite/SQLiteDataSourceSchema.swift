import GRDB

/// Migration `v6-data-source`: the store as a data source for `sqlite3`, pandas or DuckDB.
///
/// - `v_series`: one row per pair and interval, answered from the coverage ranges and the open gap records (never
///   from the candles, so it costs what the coverage table holds, not what the candles do).
/// - `pair_aliases` and `v_pair_aliases (alias, pair_id, altname)`: every spelling of a pair (`BTC/USD`,
///   `XXBTZUSD`, …; `PairAliases`), matched without regard to case. The view also lists each altname itself, so a
///   pair inserted by an older binary (which writes no aliases) is still found under its altname.
/// - `coverage_sources` names the coverage codes with the words of `candle_sources`: `v_coverage` says `archive`,
///   `api`, `trades` or `mixed` as `v_candles` does (the table keeps its codes CSV / API / TRADES / MIXED).
///
/// Only tables and views are added or replaced, so a binary that predates it still reads and writes the store.
enum SQLiteDataSourceSchema {
    /// Runs the migration: the DDL, then the aliases of the pairs already stored.
    static func migrate(_ db: Database) throws {
        try db.execute(sql: v6DataSource)
        try SQLitePairAliases.refreshAll(db)
    }

    static let v6DataSource = """
        CREATE TABLE coverage_sources (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        ) WITHOUT ROWID;
        INSERT INTO coverage_sources (code, name) VALUES
            ('CSV', 'archive'), ('API', 'api'), ('TRADES', 'trades'), ('MIXED', 'mixed');

        DROP VIEW v_coverage;
        CREATE VIEW v_coverage AS
        SELECT p.altname AS pair, v.interval_minutes,
               strftime('%Y-%m-%dT%H:%M:%SZ', v.start_time, 'unixepoch') AS start_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', v.end_time, 'unixepoch') AS end_utc,
               COALESCE(s.name, lower(v.source)) AS source, v.rows,
               (v.end_time - v.start_time) / (60 * v.interval_minutes) AS slots,
               (v.end_time - v.start_time) / (60 * v.interval_minutes) - v.rows AS no_trade_slots, v.longest_no_trade,
               v.start_time, v.end_time
        FROM coverage v JOIN pairs p ON p.id = v.pair_id LEFT JOIN coverage_sources s ON s.code = v.source;

        -- Every spelling of a pair (written with the pair, refreshed with the AssetPairs cache), any case.
        CREATE TABLE pair_aliases (
            alias TEXT NOT NULL COLLATE NOCASE,
            pair_id INTEGER NOT NULL REFERENCES pairs (id),
            PRIMARY KEY (alias, pair_id)
        ) WITHOUT ROWID;
        CREATE INDEX pair_aliases_by_pair ON pair_aliases (pair_id);

        CREATE VIEW v_pair_aliases AS
        SELECT a.alias, a.pair_id, p.altname FROM pair_aliases a JOIN pairs p ON p.id = a.pair_id
        UNION
        SELECT p.altname, p.id, p.altname FROM pairs p;

        -- One row per pair and interval from the coverage ranges and the open gap records: no candle is read. One
        -- GROUP BY over both (ranges and gap records side by side), so it costs a sort of what they hold.
        CREATE VIEW v_series AS
        WITH parts AS (
            SELECT pair_id, interval_minutes, start_time, end_time, rows,
                   (end_time - start_time) / (60 * interval_minutes) AS slots, trades, longest_no_trade, source,
                   updated_at, NULL AS class, NULL AS gap_candles
            FROM coverage
            UNION ALL
            SELECT pair_id, interval_minutes, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, class, candles
            FROM gaps WHERE status IN ('DETECTED', 'BACKFILLING', 'FAILED', 'UNFILLABLE')
        ), series AS (
            SELECT pair_id, interval_minutes, MIN(start_time) AS first_start, MAX(end_time) AS last_end,
                   SUM(rows) AS candles, SUM(slots) AS covered_slots, COUNT(start_time) AS ranges,
                   SUM(trades) AS trades, MAX(longest_no_trade) AS longest_no_trade,
                   CASE WHEN COUNT(source) = 0 THEN NULL WHEN MIN(source) = MAX(source) THEN MIN(source)
                        ELSE 'MIXED' END AS source,
                   MAX(updated_at) AS updated_at, COUNT(class) AS open_gaps, SUM(gap_candles) AS gap_candles,
                   SUM(CASE class WHEN 'API_FILLABLE' THEN gap_candles ELSE 0 END) AS api_fillable,
                   SUM(CASE class WHEN 'TRADES_REBUILDABLE' THEN gap_candles ELSE 0 END) AS trades_rebuildable,
                   SUM(CASE class WHEN 'ARCHIVE_REQUIRED' THEN gap_candles ELSE 0 END) AS archive_required
            FROM parts GROUP BY pair_id, interval_minutes
        )
        SELECT p.altname AS pair, k.interval_minutes,
               strftime('%Y-%m-%dT%H:%M:%SZ', k.first_start, 'unixepoch') AS first_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', k.last_end - 60 * k.interval_minutes, 'unixepoch') AS last_utc,
               COALESCE(k.candles, 0) AS candles, COALESCE(k.covered_slots - k.candles, 0) AS no_trade_slots,
               k.ranges, COALESCE(k.covered_slots, 0) AS covered_slots,
               COALESCE((k.last_end - k.first_start) / (60 * k.interval_minutes), 0) AS span_slots,
               COALESCE(k.trades, 0) AS trades, COALESCE(k.longest_no_trade, 0) AS longest_no_trade,
               COALESCE(s.name, lower(k.source)) AS source,
               k.open_gaps, COALESCE(k.gap_candles, 0) AS gap_candles, k.api_fillable AS api_fillable_candles,
               k.trades_rebuildable AS trades_rebuildable_candles, k.archive_required AS archive_required_candles,
               strftime('%Y-%m-%dT%H:%M:%SZ', k.updated_at, 'unixepoch') AS updated_utc,
               k.first_start AS first_open_time, k.last_end - 60 * k.interval_minutes AS last_open_time,
               k.last_end AS end_time, k.updated_at, k.pair_id
        FROM series k JOIN pairs p ON p.id = k.pair_id LEFT JOIN coverage_sources s ON s.code = k.source;
        """
}
