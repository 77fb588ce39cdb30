import GRDB

/// The spans Kraken's own archives vouch for, per series.
///
/// Kraken omits candles without trades, so inside the period an archive covers, a pair's missing candle means no
/// trades happened, even before the member's first or after its last candle. For each ingested archive named
/// `Kraken_OHLCVT*.zip` and each interval, the period runs from the earliest candle of any of its members of that
/// interval to one interval past the latest; every member (pair) of that interval in the archive is vouched for
/// over that period. Without this, a quiet pair whose last trade of a quarter came minutes before its end would show
/// a gap at every archive junction that no download can ever fill.
public enum ArchiveSpans {
    /// Vouched spans keyed by `PAIR|MINUTES`, sorted and merged.
    public static func load(in db: Database) throws -> [String: [TimeRange]] {
        let members = try Row.fetchAll(db, sql: """
            SELECT f.path, p.altname, f.interval_minutes,
                   COALESCE(f.first_open_time, o.first_open_time), COALESCE(f.last_open_time, o.last_open_time)
            FROM ingested_files f JOIN pairs p ON p.id = f.pair_id LEFT JOIN ingested_files o ON o.id = f.duplicate_of
            WHERE f.member != '' AND f.status IN ('COMPLETED', 'DUPLICATE')
            """)
        var periods: [String: (first: Int64, last: Int64)] = [:]
        var series: [String: Set<String>] = [:]
        for row in members {
            let path: String = row[0]
            let name = path.split(separator: "/").last.map(String.init) ?? path
            guard name.hasPrefix("Kraken_OHLCVT"), let first: Int64 = row[3], let last: Int64 = row[4] else { continue }
            let minutes: Int = row[2]
            let key = "\(path)|\(minutes)"
            let current = periods[key]
            periods[key] = (min(current?.first ?? first, first), max(current?.last ?? last, last))
            series[key, default: []].insert(row[1])
        }
        var spans: [String: [TimeRange]] = [:]
        for (key, period) in periods {
            let minutes = Int(key.split(separator: "|").last!)!
            let span = TimeRange(start: period.first, end: period.last + Int64(minutes) * 60)
            for pair in series[key] ?? [] { spans["\(pair)|\(minutes)", default: []].append(span) }
        }
        return spans.mapValues(merge)
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
