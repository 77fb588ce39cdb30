import GRDB

extension SQLiteAccess: SeriesSummaryReading {
    func seriesSummaries(alias: String?) throws -> [SeriesSummary] {
        let columns = """
            SELECT s.pair, s.interval_minutes, s.first_open_time, s.last_open_time, s.candles, s.no_trade_slots,
                   s.ranges, s.covered_slots, s.span_slots, s.source, s.open_gaps, s.api_fillable_candles,
                   s.trades_rebuildable_candles, s.archive_required_candles, s.updated_at
            FROM v_series s
            """
        let rows: [Row]
        if let alias {
            rows = try Row.fetchAll(
                db,
                sql: columns + """
                     WHERE s.pair_id IN (SELECT pair_id FROM v_pair_aliases WHERE alias = ?)
                    ORDER BY s.pair, s.interval_minutes
                    """, arguments: [alias])
        } else {
            rows = try Row.fetchAll(db, sql: columns + " ORDER BY s.pair, s.interval_minutes")
        }
        return rows.map { row in
            SeriesSummary(
                pair: row[0], minutes: row[1], firstOpenTime: row[2], lastOpenTime: row[3], candles: row[4],
                noTradeSlots: row[5], ranges: row[6], coveredSlots: row[7], spanSlots: row[8], source: row[9],
                openGaps: row[10], apiFillableCandles: row[11], tradesRebuildableCandles: row[12],
                archiveRequiredCandles: row[13], updatedAt: row[14])
        }
    }

    func altnames(alias: String) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT DISTINCT altname FROM v_pair_aliases WHERE alias = ? ORDER BY altname",
            arguments: [alias])
    }
}
