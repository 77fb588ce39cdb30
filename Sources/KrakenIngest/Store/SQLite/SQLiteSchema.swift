import GRDB

/// The versioned migrations of the SQLite store, applied in order by `SQLiteStore.open`.
///
/// Times are unix seconds UTC (`INTEGER`); the `v_*` views show pair names and ISO-8601 times for people and for
/// tools such as `sqlite3`, pandas or DuckDB that read the file directly.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-core-tables") { db in
            try db.execute(sql: v1Tables)
            try db.execute(sql: v1Views)
        }
        migrator.registerMigration("v2-gaps") { db in
            try db.execute(sql: v2Gaps)
        }
        migrator.registerMigration("v3-phases-history-cursors") { db in
            try db.execute(sql: v3PhasesHistoryCursors)
        }
        migrator.registerMigration("v4-futures") { db in
            try db.execute(sql: SQLiteFuturesSchema.v4Futures)
        }
        migrator.registerMigration("v5-spot-api") { db in
            try db.execute(sql: v5SpotAPI)
        }
        migrator.registerMigration("v6-data-source") { db in
            try SQLiteDataSourceSchema.migrate(db)
        }
        migrator.registerMigration("v7-row-counters") { db in
            try db.execute(sql: v6RowCounters)
        }
        migrator.registerMigration("v8-file-precedence") { db in
            try db.execute(sql: v7FilePrecedence)
        }
        migrator.registerMigration("v9-gap-evidence") { db in
            try db.execute(sql: v6GapEvidence)
        }
        return migrator
    }

    static let v1Tables = """
        CREATE TABLE pairs (
            id INTEGER PRIMARY KEY,
            altname TEXT NOT NULL UNIQUE,
            first_seen_at INTEGER NOT NULL
        );

        CREATE TABLE candle_sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        INSERT INTO candle_sources (id, name) VALUES (1, 'trades'), (2, 'api'), (3, 'archive');

        -- One row per (pair, interval, open time); source is the candle_sources id (higher wins on conflict).
        CREATE TABLE candles (
            pair_id INTEGER NOT NULL,
            interval_minutes INTEGER NOT NULL,
            open_time INTEGER NOT NULL,
            open REAL NOT NULL,
            high REAL NOT NULL,
            low REAL NOT NULL,
            close REAL NOT NULL,
            volume REAL NOT NULL,
            trades INTEGER NOT NULL,
            source INTEGER NOT NULL,
            PRIMARY KEY (pair_id, interval_minutes, open_time)
        ) WITHOUT ROWID;

        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            options TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'PAUSED')),
            pid INTEGER,
            files_total INTEGER NOT NULL DEFAULT 0,
            files_done INTEGER NOT NULL DEFAULT 0,
            files_skipped INTEGER NOT NULL DEFAULT 0,
            files_failed INTEGER NOT NULL DEFAULT 0,
            rows_written INTEGER NOT NULL DEFAULT 0,
            rows_rejected INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            created_at INTEGER NOT NULL,
            started_at INTEGER,
            updated_at INTEGER NOT NULL,
            finished_at INTEGER
        );

        -- The ledger: one row per file or ZIP member an import job took on.
        CREATE TABLE ingested_files (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            member TEXT NOT NULL DEFAULT '',
            content_name TEXT NOT NULL,
            size INTEGER NOT NULL,
            modified_at INTEGER,
            crc32 INTEGER,
            sha256 TEXT,
            pair_id INTEGER NOT NULL REFERENCES pairs (id),
            interval_minutes INTEGER NOT NULL,
            first_open_time INTEGER,
            last_open_time INTEGER,
            rows INTEGER NOT NULL DEFAULT 0,
            rows_written INTEGER NOT NULL DEFAULT 0,
            duplicate_rows INTEGER NOT NULL DEFAULT 0,
            rejected_rows INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'FAILED', 'DUPLICATE')),
            duplicate_of INTEGER REFERENCES ingested_files (id),
            job_id INTEGER REFERENCES jobs (id),
            error TEXT,
            created_at INTEGER NOT NULL,
            finished_at INTEGER
        );
        CREATE INDEX ingested_files_by_path ON ingested_files (path, member);
        CREATE INDEX ingested_files_by_sha256 ON ingested_files (sha256) WHERE status = 'COMPLETED';
        CREATE INDEX ingested_files_by_member ON ingested_files (content_name, size, crc32) WHERE status = 'COMPLETED';
        CREATE INDEX ingested_files_by_job ON ingested_files (job_id, status);

        -- Merged, half-open covered ranges [start_time, end_time) per pair and interval. rows = candles inside,
        -- trades = their summed trade counts, longest_no_trade = the longest run of slots without a candle inside.
        CREATE TABLE coverage (
            pair_id INTEGER NOT NULL REFERENCES pairs (id),
            interval_minutes INTEGER NOT NULL,
            start_time INTEGER NOT NULL,
            end_time INTEGER NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('CSV', 'API', 'TRADES', 'MIXED')),
            rows INTEGER NOT NULL,
            trades INTEGER NOT NULL DEFAULT 0,
            longest_no_trade INTEGER NOT NULL DEFAULT 0,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (pair_id, interval_minutes, start_time),
            CHECK (start_time < end_time)
        ) WITHOUT ROWID;

        CREATE TABLE rejected_rows (
            id INTEGER PRIMARY KEY,
            file_id INTEGER NOT NULL REFERENCES ingested_files (id),
            line INTEGER NOT NULL,
            reason TEXT NOT NULL,
            raw TEXT NOT NULL
        );
        CREATE INDEX rejected_rows_by_file ON rejected_rows (file_id, line);
        """

    static let v2Gaps = """
        -- Uncovered ranges [start_time, end_time) inside a pair's expected window, kept across detections.
        CREATE TABLE gaps (
            id INTEGER PRIMARY KEY,
            pair_id INTEGER NOT NULL REFERENCES pairs (id),
            interval_minutes INTEGER NOT NULL,
            start_time INTEGER NOT NULL,
            end_time INTEGER NOT NULL,
            candles INTEGER NOT NULL,
            class TEXT NOT NULL CHECK (class IN ('API_FILLABLE', 'TRADES_REBUILDABLE', 'ARCHIVE_REQUIRED')),
            api_start_time INTEGER,
            api_candles INTEGER NOT NULL DEFAULT 0,
            suggested_archive TEXT,
            suggested_member TEXT,
            trades_requests INTEGER,
            status TEXT NOT NULL CHECK (status IN ('DETECTED', 'BACKFILLING', 'FILLED', 'UNFILLABLE', 'FAILED')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            detected_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            CHECK (start_time < end_time)
        );
        CREATE INDEX gaps_by_series ON gaps (pair_id, interval_minutes, start_time);

        CREATE VIEW v_gaps AS
        SELECT g.id, p.altname AS pair, g.interval_minutes,
               strftime('%Y-%m-%dT%H:%M:%SZ', g.start_time, 'unixepoch') AS start_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', g.end_time, 'unixepoch') AS end_utc,
               g.candles, g.class, g.api_candles, g.suggested_archive, g.suggested_member, g.trades_requests, g.status,
               g.attempts, g.last_error, g.start_time, g.end_time
        FROM gaps g JOIN pairs p ON p.id = g.pair_id;
        """

    static let v1Views = """
        CREATE VIEW v_candles AS
        SELECT p.altname AS pair, c.interval_minutes, c.open_time,
               strftime('%Y-%m-%dT%H:%M:%SZ', c.open_time, 'unixepoch') AS open_time_utc,
               c.open, c.high, c.low, c.close, c.volume, c.trades, s.name AS source
        FROM candles c JOIN pairs p ON p.id = c.pair_id JOIN candle_sources s ON s.id = c.source;

        CREATE VIEW v_coverage AS
        SELECT p.altname AS pair, v.interval_minutes,
               strftime('%Y-%m-%dT%H:%M:%SZ', v.start_time, 'unixepoch') AS start_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', v.end_time, 'unixepoch') AS end_utc,
               v.source, v.rows, (v.end_time - v.start_time) / (60 * v.interval_minutes) AS slots,
               (v.end_time - v.start_time) / (60 * v.interval_minutes) - v.rows AS no_trade_slots, v.longest_no_trade,
               v.start_time, v.end_time
        FROM coverage v JOIN pairs p ON p.id = v.pair_id;

        CREATE VIEW v_ingested_files AS
        SELECT f.id, f.path, f.member, f.content_name, p.altname AS pair, f.interval_minutes, f.size, f.sha256,
               f.status, f.rows, f.rows_written, f.duplicate_rows, f.rejected_rows, f.duplicate_of, f.job_id, f.error,
               strftime('%Y-%m-%dT%H:%M:%SZ', f.first_open_time, 'unixepoch') AS first_candle_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', f.last_open_time, 'unixepoch') AS last_candle_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', f.finished_at, 'unixepoch') AS finished_utc
        FROM ingested_files f JOIN pairs p ON p.id = f.pair_id;

        CREATE VIEW v_jobs AS
        SELECT id, kind, status, pid, files_total, files_done, files_skipped, files_failed, rows_written, rows_rejected,
               error, options,
               strftime('%Y-%m-%dT%H:%M:%SZ', created_at, 'unixepoch') AS created_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, 'unixepoch') AS updated_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', finished_at, 'unixepoch') AS finished_utc
        FROM jobs;

        CREATE VIEW v_rejected_rows AS
        SELECT r.id, f.path, f.member, p.altname AS pair, f.interval_minutes, r.line, r.reason, r.raw
        FROM rejected_rows r JOIN ingested_files f ON f.id = r.file_id JOIN pairs p ON p.id = f.pair_id;
        """

    /// Jobs learn phases and checkpoints; coverage ranges remember where their longest no-trade run starts (so an
    /// append merges counts without rescanning); gap records gain SUPERSEDED (a record with backfill history is
    /// never deleted); and one state table holds the cursors of incremental syncs.
    static let v3PhasesHistoryCursors = """
        ALTER TABLE jobs ADD COLUMN phases TEXT NOT NULL DEFAULT '';
        ALTER TABLE jobs ADD COLUMN phase TEXT;
        ALTER TABLE jobs ADD COLUMN checkpoint TEXT;
        UPDATE jobs SET phases = 'import' WHERE kind = 'import';
        UPDATE jobs SET phase = 'import' WHERE kind = 'import' AND status NOT IN ('COMPLETED', 'FAILED');

        ALTER TABLE coverage ADD COLUMN longest_no_trade_start INTEGER;

        CREATE TABLE gaps_v3 (
            id INTEGER PRIMARY KEY,
            pair_id INTEGER NOT NULL REFERENCES pairs (id),
            interval_minutes INTEGER NOT NULL,
            start_time INTEGER NOT NULL,
            end_time INTEGER NOT NULL,
            candles INTEGER NOT NULL,
            class TEXT NOT NULL CHECK (class IN ('API_FILLABLE', 'TRADES_REBUILDABLE', 'ARCHIVE_REQUIRED')),
            api_start_time INTEGER,
            api_candles INTEGER NOT NULL DEFAULT 0,
            suggested_archive TEXT,
            suggested_member TEXT,
            trades_requests INTEGER,
            status TEXT NOT NULL CHECK (status IN ('DETECTED', 'BACKFILLING', 'FILLED', 'UNFILLABLE', 'FAILED',
                                                   'SUPERSEDED')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            superseded_by INTEGER,
            detected_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            CHECK (start_time < end_time)
        );
        INSERT INTO gaps_v3 (id, pair_id, interval_minutes, start_time, end_time, candles, class, api_start_time,
                             api_candles, suggested_archive, suggested_member, trades_requests, status, attempts,
                             last_error, detected_at, updated_at)
        SELECT id, pair_id, interval_minutes, start_time, end_time, candles, class, api_start_time, api_candles,
               suggested_archive, suggested_member, trades_requests, status, attempts, last_error, detected_at,
               updated_at
        FROM gaps;
        DROP VIEW v_gaps;
        DROP TABLE gaps;
        ALTER TABLE gaps_v3 RENAME TO gaps;
        CREATE INDEX gaps_by_series ON gaps (pair_id, interval_minutes, start_time);
        CREATE VIEW v_gaps AS
        SELECT g.id, p.altname AS pair, g.interval_minutes,
               strftime('%Y-%m-%dT%H:%M:%SZ', g.start_time, 'unixepoch') AS start_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', g.end_time, 'unixepoch') AS end_utc,
               g.candles, g.class, g.api_candles, g.suggested_archive, g.suggested_member, g.trades_requests, g.status,
               g.attempts, g.last_error, g.superseded_by, g.start_time, g.end_time
        FROM gaps g JOIN pairs p ON p.id = g.pair_id;

        -- One row per synced resource: its cursor and token, committed with the rows they describe.
        CREATE TABLE sync_state (
            resource TEXT PRIMARY KEY,
            cursor TEXT,
            continuation_token TEXT,
            rows INTEGER NOT NULL DEFAULT 0,
            last_run_at INTEGER,
            last_error TEXT,
            updated_at INTEGER NOT NULL
        );
        CREATE VIEW v_sync_state AS
        SELECT resource, cursor, continuation_token, rows, last_error,
               strftime('%Y-%m-%dT%H:%M:%SZ', last_run_at / 1000, 'unixepoch') AS last_run_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', updated_at / 1000, 'unixepoch') AS updated_utc
        FROM sync_state;

        DROP VIEW v_jobs;
        CREATE VIEW v_jobs AS
        SELECT id, kind, status, phase, checkpoint, phases, pid, files_total, files_done, files_skipped, files_failed,
               rows_written, rows_rejected, error, options,
               strftime('%Y-%m-%dT%H:%M:%SZ', created_at, 'unixepoch') AS created_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, 'unixepoch') AS updated_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', finished_at, 'unixepoch') AS finished_utc
        FROM jobs;
        """

    /// The spot API backfill: candles keep the VWAP the REST API gives (archives have none, so it stays NULL), and
    /// the AssetPairs answer is cached so that every spelling of a pair resolves without a request.
    static let v5SpotAPI = """
        ALTER TABLE candles ADD COLUMN vwap REAL;

        CREATE TABLE asset_pairs (
            key TEXT PRIMARY KEY,
            altname TEXT NOT NULL UNIQUE,
            wsname TEXT,
            base TEXT NOT NULL,
            quote TEXT NOT NULL,
            fetched_at INTEGER NOT NULL
        );
        """
}
