extension SQLiteSchema {
    /// Gap records say what made a stretch that looked quiet a gap: the candle of another interval of the pair
    /// that shows trades there (NULL for gaps no coverage or archive claimed).
    static let v6GapEvidence = """
        ALTER TABLE gaps ADD COLUMN evidence TEXT;
        DROP VIEW v_gaps;
        CREATE VIEW v_gaps AS
        SELECT g.id, p.altname AS pair, g.interval_minutes,
               strftime('%Y-%m-%dT%H:%M:%SZ', g.start_time, 'unixepoch') AS start_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', g.end_time, 'unixepoch') AS end_utc,
               g.candles, g.class, g.api_candles, g.suggested_archive, g.suggested_member, g.trades_requests, g.status,
               g.attempts, g.last_error, g.superseded_by, g.evidence, g.start_time, g.end_time
        FROM gaps g JOIN pairs p ON p.id = g.pair_id;
        """
}
