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

        -- One row per pair and interval from the coverage ranges and the open gap records: no candle is read.
        CREATE VIEW v_series AS
        WITH cov AS (
            SELECT pair_id, interval_minutes, MIN(start_time) AS first_start, MAX(end_time) AS last_end,
                   SUM(rows) AS candles, SUM((end_time - start_time) / (60 * interval_minutes)) AS covered_slots,
                   COUNT(*) AS ranges, SUM(trades) AS trades, MAX(longest_no_trade) AS longest_no_trade,
                   CASE WHEN MIN(source) = MAX(source) THEN MIN(source) ELSE 'MIXED' END AS source,
                   MAX(updated_at) AS updated_at
            FROM coverage GROUP BY pair_id, interval_minutes
        ), gap AS (
            SELECT pair_id, interval_minutes, COUNT(*) AS open_gaps, SUM(candles) AS gap_candles,
                   SUM(CASE class WHEN 'API_FILLABLE' THEN candles ELSE 0 END) AS api_fillable,
                   SUM(CASE class WHEN 'TRADES_REBUILDABLE' THEN candles ELSE 0 END) AS trades_rebuildable,
                   SUM(CASE class WHEN 'ARCHIVE_REQUIRED' THEN candles ELSE 0 END) AS archive_required
            FROM gaps WHERE status IN ('DETECTED', 'BACKFILLING', 'FAILED', 'UNFILLABLE')
            GROUP BY pair_id, interval_minutes
        ), series AS (
            SELECT pair_id, interval_minutes FROM cov UNION SELECT pair_id, interval_minutes FROM gap
        )
        SELECT p.altname AS pair, k.interval_minutes,
               strftime('%Y-%m-%dT%H:%M:%SZ', c.first_start, 'unixepoch') AS first_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', c.last_end - 60 * k.interval_minutes, 'unixepoch') AS last_utc,
               COALESCE(c.candles, 0) AS candles, COALESCE(c.covered_slots - c.candles, 0) AS no_trade_slots,
               COALESCE(c.ranges, 0) AS ranges, COALESCE(c.covered_slots, 0) AS covered_slots,
               COALESCE((c.last_end - c.first_start) / (60 * k.interval_minutes), 0) AS span_slots,
               COALESCE(c.trades, 0) AS trades, COALESCE(c.longest_no_trade, 0) AS longest_no_trade,
               COALESCE(s.name, lower(c.source)) AS source,
               COALESCE(g.open_gaps, 0) AS open_gaps, COALESCE(g.gap_candles, 0) AS gap_candles,
               COALESCE(g.api_fillable, 0) AS api_fillable_candles,
               COALESCE(g.trades_rebuildable, 0) AS trades_rebuildable_candles,
               COALESCE(g.archive_required, 0) AS archive_required_candles,
               strftime('%Y-%m-%dT%H:%M:%SZ', c.updated_at, 'unixepoch') AS updated_utc,
               c.first_start AS first_open_time, c.last_end - 60 * k.interval_minutes AS last_open_time,
               c.last_end AS end_time, c.updated_at, k.pair_id
        FROM series k JOIN pairs p ON p.id = k.pair_id
        LEFT JOIN cov c ON c.pair_id = k.pair_id AND c.interval_minutes = k.interval_minutes
        LEFT JOIN gap g ON g.pair_id = k.pair_id AND g.interval_minutes = k.interval_minutes
        LEFT JOIN coverage_sources s ON s.code = c.source;
        """
}
