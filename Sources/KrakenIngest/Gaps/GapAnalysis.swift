import GRDB

/// What `gaps` and `report` look at: which tiers, pairs and intervals, and which time bounds.
public struct AnalysisScope: Sendable {
    public var tiers: TierSelection?
    public var pairs: Set<String>
    /// Intervals to analyse. When given, every known pair is analysed at each of them, even without coverage.
    public var intervals: [Int]
    public var bounds: TimeRange?

    public init(tiers: TierSelection? = nil, pairs: Set<String> = [], intervals: [Int] = [], bounds: TimeRange? = nil) {
        self.tiers = tiers
        self.pairs = pairs
        self.intervals = intervals
        self.bounds = bounds
    }
}

/// Computes gaps, no-trade counts and coverage per series from the coverage table and the ledger (the candles table
/// is read only to count candles of ranges cut by `--start`/`--end`). The spans Kraken archives vouch for
/// (`ArchiveSpans`) count as covered: a slot there without a candle is a no-trade slot, not a gap.
public struct GapAnalysis {
    public let detector: GapDetector
    public let tiers: TierCatalog

    public init(detector: GapDetector, tiers: TierCatalog) {
        self.detector = detector
        self.tiers = tiers
    }

    /// One entry per series in scope, sorted by tier, pair and interval.
    public func analyze(_ scope: AnalysisScope, in db: Database) throws -> [SeriesCompleteness] {
        let stored = try CoverageTracker.ranges(in: db)
        let vouched = try ArchiveSpans.load(in: db)
        let pairIDs = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT altname, id FROM pairs").map {
            ($0[0] as String, $0[1] as Int64)
        })
        var firstCandleOfPair: [String: Int64] = [:]
        var seriesRanges: [String: [Int: [CoverageRange]]] = [:]
        var lastUpdate: [String: Int64] = [:]
        for s in stored {
            if let start = s.ranges.first?.range.start { firstCandleOfPair[s.pair] = min(firstCandleOfPair[s.pair] ?? start, start) }
            seriesRanges[s.pair, default: [:]][s.interval.minutes] = s.ranges
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT p.altname, c.interval_minutes, MAX(c.updated_at) AS updated FROM coverage c JOIN pairs p ON p.id = c.pair_id
            GROUP BY c.pair_id, c.interval_minutes
            """) {
            lastUpdate["\(row[0] as String)|\(row[1] as Int)"] = row[2]
        }

        var result: [SeriesCompleteness] = []
        for pair in firstCandleOfPair.keys.sorted() {
            let tier = tiers.tier(of: pair)
            if let selection = scope.tiers, !selection.contains(tier) { continue }
            if !scope.pairs.isEmpty && !scope.pairs.contains(pair) { continue }
            let minutesList = scope.intervals.isEmpty ? seriesRanges[pair, default: [:]].keys.sorted() : scope.intervals
            for minutes in minutesList {
                guard let interval = CandleInterval(minutes: minutes) else { continue }
                let ranges = seriesRanges[pair]?[minutes] ?? []
                let coarser = seriesRanges[pair, default: [:]].keys.sorted()
                    .filter { $0 > minutes && $0 % minutes == 0 }.compactMap { CandleInterval(minutes: $0) }
                result.append(try series(pair: pair, pairID: pairIDs[pair] ?? -1, tier: tier, interval: interval,
                                         ranges: ranges, vouched: vouched["\(pair)|\(minutes)"] ?? [], coarser: coarser,
                                         pairFirst: firstCandleOfPair[pair]!, lastUpdate: lastUpdate["\(pair)|\(minutes)"],
                                         bounds: scope.bounds, db: db))
            }
        }
        return result.sorted { ($0.tier, $0.pair, $0.interval) < ($1.tier, $1.pair, $1.interval) }
    }

    private func series(pair: String, pairID: Int64, tier: String, interval: CandleInterval, ranges: [CoverageRange],
                        vouched: [TimeRange], coarser: [CandleInterval], pairFirst: Int64,
                        lastUpdate: Int64?, bounds: TimeRange?, db: Database) throws -> SeriesCompleteness {
        var entry = SeriesCompleteness(pair: pair, tier: tier, interval: interval.minutes, window: nil, expected: 0,
                                       present: 0, noTrade: 0, longestNoTrade: 0, apiGapCandles: 0, tradesGapCandles: 0,
                                       archiveGapCandles: 0, gaps: [], covered: [], firstCandle: nil, lastCandle: nil,
                                       lastUpdate: lastUpdate)
        guard let window = detector.window(pairFirstCandle: pairFirst, interval: interval, bounds: bounds) else { return entry }
        entry.window = window
        entry.expected = (window.end - window.start) / interval.seconds
        var rows: Int64 = 0
        var trades: Int64 = 0
        for r in ranges {
            rows += r.rows
            trades += r.trades
            // A range wholly outside the window (possible with --start, --end or --now) contributes nothing.
            guard r.range.end > window.start, r.range.start < window.end else { continue }
            let clipped = TimeRange(start: max(r.range.start, window.start), end: min(r.range.end, window.end))
            // A range cut by the window is recounted over the part inside it (rows and the longest quiet run).
            let stats = clipped == r.range
                ? CoverageStats(rows: r.rows, trades: r.trades, longestNoTrade: r.longestNoTrade)
                : try CoverageTracker.recount(clipped, pairID: pairID, interval: interval, in: db)
            entry.present += stats.rows
            entry.noTrade += (clipped.end - clipped.start) / interval.seconds - stats.rows
            entry.longestNoTrade = max(entry.longestNoTrade, stats.longestNoTrade)
            entry.covered.append(CoverageRange(range: clipped, source: r.source, rows: stats.rows, trades: stats.trades,
                                               longestNoTrade: stats.longestNoTrade))
            entry.firstCandle = min(entry.firstCandle ?? clipped.start, clipped.start)
            entry.lastCandle = max(entry.lastCandle ?? clipped.end - interval.seconds, clipped.end - interval.seconds)
        }
        // Slots an archive vouches for but no stored range covers: no trades happened there, unless a coarser
        // interval of the pair shows trades inside them.
        var quietSpans: [TimeRange] = []
        for span in ArchiveSpans.merge(vouched) {
            for quiet in GapDetector.uncovered(span, by: ranges.map(\.range))
            where !(try ArchiveSpans.contradicted(quiet, pairID: pairID, coarser: coarser, in: db)) {
                quietSpans.append(quiet)
            }
        }
        let covered = ArchiveSpans.merge(ranges.map(\.range) + quietSpans)
        for quiet in quietSpans where quiet.end > window.start && quiet.start < window.end {
            let clipped = TimeRange(start: max(quiet.start, window.start), end: min(quiet.end, window.end))
            let slots = (clipped.end - clipped.start) / interval.seconds
            entry.noTrade += slots
            entry.longestNoTrade = max(entry.longestNoTrade, slots)
            entry.covered.append(CoverageRange(range: clipped, source: .csv, rows: 0, longestNoTrade: slots))
        }
        entry.covered.sort { $0.range.start < $1.range.start }
        let tradesPerCandle = rows > 0 ? Double(trades) / Double(rows) : 1
        for gap in GapDetector.uncovered(window, by: covered) {
            let classified = detector.classify(gap, pair: pair, interval: interval, tradesPerCandle: tradesPerCandle)
            entry.gaps.append(classified)
            entry.apiGapCandles += classified.apiCandles
            switch classified.gapClass {
            case .apiFillable: break
            case .tradesRebuildable: entry.tradesGapCandles += classified.nonAPICandles
            case .archiveRequired: entry.archiveGapCandles += classified.nonAPICandles
            }
        }
        return entry
    }

}
