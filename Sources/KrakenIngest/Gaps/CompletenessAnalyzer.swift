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
/// is read only through indexed range queries: to count candles of ranges cut by `--start`/`--end` or by a
/// contradiction, and for the evidence of the pair's other intervals). The spans Kraken archives vouch for
/// (`ArchiveSpans`) count as covered: a slot there without a candle is a no-trade slot, not a gap, unless another
/// interval of the pair shows trades in it (`TradeEvidence`), in plain files, folders and archives alike.
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
        var seriesRanges: [String: [CandleInterval: [CoverageRange]]] = [:]
        for s in stored {
            if let start = s.ranges.first?.range.start {
                firstCandleOfPair[s.pair] = min(firstCandleOfPair[s.pair] ?? start, start)
            }
            seriesRanges[s.pair, default: [:]][s.interval] = s.ranges
        }
        let selection = SeriesSelection(tiers: scope.tiers, pairs: scope.pairs)
        var result: [SeriesCompleteness] = []
        for pair in firstCandleOfPair.keys.sorted() {
            let tier = tiers.tier(of: pair)
            guard selection.admits(pair: pair, tier: tier) else { continue }
            let ofPair = seriesRanges[pair, default: [:]]
            let minutesList = scope.intervals.isEmpty ? ofPair.keys.map(\.minutes).sorted() : scope.intervals
            for minutes in minutesList {
                guard let interval = CandleInterval(minutes: minutes) else { continue }
                let name = SeriesName(pair: pair, minutes: minutes)
                let input = SeriesInput(
                    pair: pair, series: SeriesKey(pairID: pairIDs[pair] ?? -1, interval: interval),
                    tier: tier, ranges: ofPair[interval] ?? [],
                    vouched: vouched[name] ?? [], others: ofPair,
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
        /// The stored coverage of the pair's intervals (this one included, never asked): the evidence for and
        /// against quiet slots.
        var others: [CandleInterval: [CoverageRange]]
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
        var contradictions: [Contradiction] = []
        var coveredParts: [CoverageRange] = []
        for r in input.ranges {
            rows = rows.addingSaturated(r.rows)
            trades = trades.addingSaturated(r.trades)
            // A range wholly outside the window (possible with --start, --end or --now) contributes nothing.
            guard let clipped = r.range.clipped(to: window) else { continue }
            // A range cut by the window is recounted over the part inside it (rows and the longest quiet run).
            let stats = clipped == r.range ? r.stats : try store.candleStats(input.series, in: clipped)
            let slots = (clipped.end - clipped.start) / interval.seconds
            // Its slots without a candle are quiet only if no other interval of the pair shows trades there.
            let against =
                slots > stats.rows
                ? try TradeEvidence.contradictions(
                    in: clipped, series: input.series, others: input.others,
                    fileRangeLongestEmptyRun: clipped == r.range && r.source == .csv ? stats.longestNoTrade : nil,
                    store: store) : []
            if against.isEmpty {
                coveredParts.append(CoverageRange(range: clipped, source: r.source, stats: stats))
                continue
            }
            contradictions += against
            for part in TradeEvidence.subtracting(against.map(\.range), from: clipped) {
                let counted = try store.candleStats(input.series, in: part)
                coveredParts.append(CoverageRange(range: part, source: r.source, stats: counted))
            }
        }
        for part in coveredParts {
            let stats = part.stats
            entry.present = entry.present.addingSaturated(stats.rows)
            let slots = (part.range.end - part.range.start) / interval.seconds
            entry.noTrade = entry.noTrade.addingSaturated(slots - stats.rows)
            entry.longestNoTrade = max(entry.longestNoTrade, stats.longestNoTrade)
            entry.firstCandle = min(entry.firstCandle ?? part.range.start, part.range.start)
            entry.lastCandle = max(
                entry.lastCandle ?? part.range.end - interval.seconds, part.range.end - interval.seconds)
        }
        entry.covered = coveredParts
        // Slots an archive vouches for but no stored range covers: no trades happened there, unless another
        // interval of the pair shows trades in them.
        var quietSpans: [TimeRange] = []
        for span in input.vouched.merged() {
            for quiet in GapClassifier.uncovered(span, by: input.ranges.map(\.range)) {
                guard let inWindow = quiet.clipped(to: window) else { continue }
                let against = try TradeEvidence.contradictions(
                    in: inWindow, series: input.series, others: input.others, store: store)
                contradictions += against
                quietSpans += TradeEvidence.subtracting(against.map(\.range), from: inWindow)
            }
        }
        let covered = (coveredParts.map(\.range) + quietSpans).merged()
        for quiet in quietSpans {
            let slots = (quiet.end - quiet.start) / interval.seconds
            entry.noTrade = entry.noTrade.addingSaturated(slots)
            entry.longestNoTrade = max(entry.longestNoTrade, slots)
            entry.covered.append(
                CoverageRange(
                    range: quiet, source: .csv, rows: 0, longestNoTrade: slots, longestNoTradeStart: quiet.start))
        }
        entry.covered.sort { $0.range.start < $1.range.start }
        let tradesPerCandle =
            rows > 0
            ? Double(trades) / Double(rows)
            : Self.tradesPerSecond(of: input.others.filter { $0.key != interval }) * Double(interval.seconds)
        for gap in GapClassifier.uncovered(window, by: covered) {
            var classified = classifier.classify(
                gap, pair: input.pair, interval: interval, tradesPerCandle: tradesPerCandle)
            classified.evidence = Contradiction.summary(
                contradictions.filter { $0.range.overlapsStrictly(gap) }, pair: input.pair)
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

    /// The pair's trades per second over what its other intervals cover (their stored counts): the estimate for
    /// a series without candles of its own. 0 when they hold no trades (the classifier then assumes one trade per
    /// candle).
    static func tradesPerSecond(of others: [CandleInterval: [CoverageRange]]) -> Double {
        var trades = 0.0
        var seconds = 0.0
        for ranges in others.values {
            for r in ranges where r.rows > 0 {
                trades += Double(r.trades)
                seconds += Double(r.range.end - r.range.start)
            }
        }
        return seconds > 0 ? trades / seconds : 0
    }
}
