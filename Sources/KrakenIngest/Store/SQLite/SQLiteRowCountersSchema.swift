extension SQLiteSchema {
    /// One definition of the import's row counters for the summary, the ledger and the job: every data row read
    /// lands in exactly one of written, duplicate, outranked, rejected or discarded (see `FileRowCounts`).
    /// The ledger learns `outranked_rows`; jobs learn the counters they lacked; both views show them.
    static let v6RowCounters = """
        ALTER TABLE ingested_files ADD COLUMN outranked_rows INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN rows_read INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN rows_duplicate INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN rows_outranked INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN rows_discarded INTEGER NOT NULL DEFAULT 0;

        DROP VIEW v_ingested_files;
        CREATE VIEW v_ingested_files AS
        SELECT f.id, f.path, f.member, f.content_name, p.altname AS pair, f.interval_minutes, f.size, f.sha256,
               f.status, f.rows, f.rows_written, f.duplicate_rows, f.rejected_rows, f.duplicate_of, f.job_id, f.error,
               strftime('%Y-%m-%dT%H:%M:%SZ', f.first_open_time, 'unixepoch') AS first_candle_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', f.last_open_time, 'unixepoch') AS last_candle_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', f.finished_at, 'unixepoch') AS finished_utc,
               f.outranked_rows
        FROM ingested_files f JOIN pairs p ON p.id = f.pair_id;

        DROP VIEW v_jobs;
        CREATE VIEW v_jobs AS
        SELECT id, kind, status, phase, checkpoint, phases, pid, files_total, files_done, files_skipped, files_failed,
               rows_written, rows_rejected, error, options,
               strftime('%Y-%m-%dT%H:%M:%SZ', created_at, 'unixepoch') AS created_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, 'unixepoch') AS updated_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', finished_at, 'unixepoch') AS finished_utc,
               rows_read, rows_duplicate, rows_outranked, rows_discarded
        FROM jobs;
        """
}
