import KrakenIngest

/// Fills a store with realistic coverage fragments (and no candles) for benchmarking gap detection and reports
/// over many series: pairs listed at different dates, archives ending a quarter ago, holes, no-trade slots.
public enum SyntheticCoverage {
    /// Writes `series` series (pairs × the 8 archive intervals) ending near `now`; returns the pair count.
    @discardableResult
    public static func populate(_ store: any KrakenStore, series: Int, now: Int64, seed: UInt64 = 7) throws -> Int {
        let intervals = CandleInterval.archiveMinutes.sorted().map { CandleInterval(minutes: $0)! }
        let pairCount = (series + intervals.count - 1) / intervals.count
        var rng = SplitMix64(seed: seed)
        let archiveEnd = Quarter(containing: now).previous.start
        let session = try store.openWriterSession()
        defer { session.close() }
        try session.transaction { tx in
            var written = 0
            for p in 0..<pairCount {
                let pairID = try tx.ensurePair("SYN\(p)USD")
                let listing = now - Int64(30 + rng.next() % 3000) * 86_400
                for interval in intervals where written < series {
                    written += 1
                    var cursor = interval.floor(listing)
                    let end = interval.floor(rng.next() % 3 == 0 ? now - Int64(rng.next() % 40) * 3600 : archiveEnd)
                    let fragments = 1 + Int(rng.next() % 6)
                    for f in 0..<fragments where cursor < end {
                        let remaining = (end - cursor) / interval.seconds
                        let length =
                            f == fragments - 1 ? remaining : max(1, remaining * Int64(20 + rng.next() % 60) / 100)
                        let rangeEnd = cursor + length * interval.seconds
                        let noTrade = length * Int64(rng.next() % 5) / 100
                        let source: CoverageSource = f == fragments - 1 && end > archiveEnd ? .mixed : .csv
                        let range = CoverageRange(
                            range: TimeRange(start: cursor, end: rangeEnd), source: source,
                            rows: length - noTrade, trades: (length - noTrade) * 40,
                            longestNoTrade: min(noTrade, 1 + Int64(rng.next() % 12)))
                        try tx.replaceCoverage(SeriesKey(pairID: pairID, interval: interval), removing: [], with: range)
                        cursor = rangeEnd + Int64(1 + rng.next() % 500) * interval.seconds
                    }
                }
            }
        }
        return pairCount
    }
}
