import GRDB

/// The spans Kraken's own archives vouch for, per series.
///
/// Kraken omits candles without trades, so inside the period an archive covers, a pair's missing candle means no
/// trades happened, even before the member's first or after its last candle. Without this, a quiet pair whose last
/// trade of a quarter came minutes before its end would show a gap at every archive junction that no download can
/// ever fill. The periods are deliberately narrow:
/// - a quarterly update `Kraken_OHLCVT_Q{n}_{YYYY}.zip` vouches for its named quarter only, for every pair it has a
///   member of (an empty member included: the pair did not trade that quarter);
/// - the complete `Kraken_OHLCVT.zip` vouches for a pair from the pair's own first candle to the archive's end (one
///   interval past its newest candle of that interval).
/// `GapAnalysis` then refuses a vouched stretch that a coarser interval of the same pair contradicts (a coarser
/// candle with trades lying wholly inside it), so a truncated member is still reported as a gap.
public enum ArchiveSpans {
    /// Vouched spans keyed by `PAIR|MINUTES`, sorted and merged.
    public static func load(in db: Database) throws -> [String: [TimeRange]] {
        let members = try Row.fetchAll(db, sql: """
            SELECT f.path, p.altname, f.interval_minutes,
                   COALESCE(f.first_open_time, o.first_open_time), COALESCE(f.last_open_time, o.last_open_time)
            FROM ingested_files f JOIN pairs p ON p.id = f.pair_id LEFT JOIN ingested_files o ON o.id = f.duplicate_of
            WHERE f.member != '' AND f.status IN ('COMPLETED', 'DUPLICATE')
            """)
        // The end of each complete archive, per interval.
        var completeEnd: [String: Int64] = [:]
        for row in members {
            let path: String = row[0]
            let minutes: Int = row[2]
            guard KrakenArchiveName(path: path) == .complete, let last: Int64 = row[4] else { continue }
            let key = "\(path)|\(minutes)"
            completeEnd[key] = max(completeEnd[key] ?? Int64.min, last + Int64(minutes) * 60)
        }
        var spans: [String: [TimeRange]] = [:]
        for row in members {
            let path: String = row[0]
            let pair: String = row[1]
            let minutes: Int = row[2]
            switch KrakenArchiveName(path: path) {
            case .quarterly(let quarter):
                spans["\(pair)|\(minutes)", default: []].append(TimeRange(start: quarter.start, end: quarter.end))
            case .complete:
                guard let first: Int64 = row[3], let end = completeEnd["\(path)|\(minutes)"], first < end else { continue }
                spans["\(pair)|\(minutes)", default: []].append(TimeRange(start: first, end: end))
            case nil:
                continue
            }
        }
        return spans.mapValues(merge)
    }

    /// True when a candle of a coarser interval of `pair` with trades lies wholly inside `span`: then the finer
    /// series cannot have had no trades there, and its missing candles are a hole, not quiet time.
    static func contradicted(_ span: TimeRange, pairID: Int64, coarser: [CandleInterval], in db: Database) throws -> Bool {
        for interval in coarser where span.end - span.start >= interval.seconds {
            let hit = try Int64.fetchOne(db, sql: """
                SELECT 1 FROM candles WHERE pair_id = ? AND interval_minutes = ? AND open_time >= ? AND open_time <= ?
                    AND trades > 0 LIMIT 1
                """, arguments: [pairID, interval.minutes, span.start, span.end - interval.seconds])
            if hit != nil { return true }
        }
        return false
    }

    /// Sorted ranges with overlapping or touching ones merged.
    public static func merge(_ ranges: [TimeRange]) -> [TimeRange] {
        var merged: [TimeRange] = []
        for range in ranges.sorted(by: { $0.start < $1.start }) {
            if let last = merged.last, last.overlapsOrTouches(range) {
                merged[merged.count - 1] = last.union(range)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}
