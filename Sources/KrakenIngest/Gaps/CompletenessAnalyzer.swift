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

    /// The scope as canonical JSON (stored as the options of a `gaps` job).
    public func canonicalJSON() -> String {
        struct Encoded: Encodable {
            var tiers: [String]?
            var pairs: [String]
            var intervals: [Int]
            var bounds: TimeRange?
        }
        let tierNames: [String]?
        switch tiers {
        case nil: tierNames = nil
        case .all?: tierNames = ["ALL"]
        case .some(let names)?: tierNames = names.sorted()
        }
        return
            (try? CanonicalJSON.string(
                Encoded(
                    tiers: tierNames, pairs: pairs.sorted(), intervals: intervals,
                    bounds: bounds))) ?? "{}"
    }
}

/// Computes gaps, no-trade counts and coverage per series from the coverage table and the ledger (the candles table
/// is read only to count candles of ranges cut by `--start`/`--end`). The spans Kraken archives vouch for
/// (`ArchiveSpans`) count as covered: a slot there without a candle is a no-trade slot, not a gap.
public struct CompletenessAnalyzer {
    public let classifier: GapClassifier
    public let tiers: TierCatalog

    public init(classifier: GapClassifier, tiers: TierCatalog) {
        self.classifier = classifier
        self.tiers = tiers
    }

    /// One entry per series in scope, sorted by tier, pair and interval.
    public func analyze(_ scope: AnalysisScope, in store: any StoreReader) throws -> [SeriesCompleteness] {
        let stored = try store.coverage(pairs: nil, intervals: nil)
        let vouched = try ArchiveSpans.load(in: store)
        let pairIDs = try store.pairIDs()
        let lastUpdate = try store.coverageLastUpdates()
        var firstCandleOfPair: [String: Int64] = [:]
        var seriesRanges: [String: [Int: [CoverageRange]]] = [:]
        for s in stored {
            if let start = s.ranges.first?.range.start {
                firstCandleOfPair[s.pair] = min(firstCandleOfPair[s.pair] ?? start, start)
            }
            seriesRanges[s.pair, default: [:]][s.interval.minutes] = s.ranges
        }
        let selection = SeriesSelection(tiers: scope.tiers, pairs: scope.pairs)
        var result: [SeriesCompleteness] = []
        for pair in firstCandleOfPair.keys.sorted() {
            let tier = tiers.tier(of: pair)
            guard selection.admits(pair: pair, tier: tier) else { continue }
            let minutesList = scope.intervals.isEmpty ? seriesRanges[pair, default: [:]].keys.sorted() : scope.intervals
            for minutes in minutesList {
                guard let interval = CandleInterval(minutes: minutes) else { continue }
                let name = SeriesName(pair: pair, minutes: minutes)
                let coarser = seriesRanges[pair, default: [:]].keys.sorted()
                    .filter { $0 > minutes && $0 % minutes == 0 }.compactMap { CandleInterval(minutes: $0) }
                let input = SeriesInput(
                    pair: pair, series: SeriesKey(pairID: pairIDs[pair] ?? -1, interval: interval),
                    tier: tier, ranges: seriesRanges[pair]?[minutes] ?? [],
                    vouched: vouched[name] ?? [], coarser: coarser,
                    pairFirst: firstCandleOfPair[pair]!, lastUpdate: lastUpdate[name])
                result.append(try series(input, bounds: scope.bounds, store: store))
            }
        }
        return result.sorted { ($0.tier, $0.pair, $0.interval) < ($1.tier, $1.pair, $1.interval) }
    }

    /// What the analysis of one series starts from.
    private struct SeriesInput {
        var pair: String
        var series: SeriesKey
        var tier: String
        var ranges: [CoverageRange]
        var vouched: [TimeRange]
        var coarser: [CandleInterval]
        var pairFirst: Int64
        var lastUpdate: Int64?
    }

    private func series(_ input: SeriesInput, bounds: TimeRange?, store: any StoreReader) throws -> SeriesCompleteness {
        let interval = input.series.interval
        var entry = SeriesCompleteness(
            pair: input.pair, tier: input.tier, interval: interval.minutes, window: nil,
            expected: 0, present: 0, noTrade: 0, longestNoTrade: 0, apiGapCandles: 0,
            tradesGapCandles: 0, archiveGapCandles: 0, gaps: [], covered: [],
            firstCandle: nil, lastCandle: nil, lastUpdate: input.lastUpdate)
        guard let window = classifier.window(pairFirstCandle: input.pairFirst, interval: interval, bounds: bounds)
        else {
            return entry
        }
        entry.window = window
        entry.expected = (window.end - window.start) / interval.seconds
        var rows: Int64 = 0
        var trades: Int64 = 0
        for r in input.ranges {
            rows = rows.addingSaturated(r.rows)
            trades = trades.addingSaturated(r.trades)
            // A range wholly outside the window (possible with --start, --end or --now) contributes nothing.
            guard let clipped = r.range.clipped(to: window) else { continue }
            // A range cut by the window is recounted over the part inside it (rows and the longest quiet run).
            let stats = clipped == r.range ? r.stats : try store.candleStats(input.series, in: clipped)
            entry.present = entry.present.addingSaturated(stats.rows)
            entry.noTrade = entry.noTrade.addingSaturated(
                (clipped.end - clipped.start) / interval.seconds - stats.rows)
            entry.longestNoTrade = max(entry.longestNoTrade, stats.longestNoTrade)
            entry.covered.append(CoverageRange(range: clipped, source: r.source, stats: stats))
            entry.firstCandle = min(entry.firstCandle ?? clipped.start, clipped.start)
            entry.lastCandle = max(entry.lastCandle ?? clipped.end - interval.seconds, clipped.end - interval.seconds)
        }
        // Slots an archive vouches for but no stored range covers: no trades happened there, unless a coarser
        // interval of the pair shows trades inside them.
        var quietSpans: [TimeRange] = []
        for span in input.vouched.merged() {
            for quiet in GapClassifier.uncovered(span, by: input.ranges.map(\.range))
            where
                !(try ArchiveSpans.contradicted(quiet, pairID: input.series.pairID, coarser: input.coarser, in: store))
            {
                quietSpans.append(quiet)
            }
        }
        let covered = (input.ranges.map(\.range) + quietSpans).merged()
        for quiet in quietSpans {
            guard let clipped = quiet.clipped(to: window) else { continue }
            let slots = (clipped.end - clipped.start) / interval.seconds
            entry.noTrade = entry.noTrade.addingSaturated(slots)
            entry.longestNoTrade = max(entry.longestNoTrade, slots)
            entry.covered.append(
                CoverageRange(
                    range: clipped, source: .csv, rows: 0, longestNoTrade: slots,
                    longestNoTradeStart: clipped.start))
        }
        entry.covered.sort { $0.range.start < $1.range.start }
        let tradesPerCandle = rows > 0 ? Double(trades) / Double(rows) : 1
        for gap in GapClassifier.uncovered(window, by: covered) {
            let classified = classifier.classify(
                gap, pair: input.pair, interval: interval, tradesPerCandle: tradesPerCandle)
            entry.gaps.append(classified)
            entry.apiGapCandles = entry.apiGapCandles.addingSaturated(classified.apiCandles)
            switch classified.gapClass {
            case .apiFillable: break
            case .tradesRebuildable:
                entry.tradesGapCandles = entry.tradesGapCandles.addingSaturated(classified.nonAPICandles)
            case .archiveRequired:
                entry.archiveGapCandles = entry.archiveGapCandles.addingSaturated(classified.nonAPICandles)
            }
        }
        return entry
    }
}
