/// A stretch of a series that looked quiet (a slot without a candle inside coverage, or inside a span a Kraken
/// archive vouches for) while another interval of the same pair shows trades there: missing data, not quiet time.
public struct Contradiction: Sendable, Equatable {
    /// The slots of the quiet-looking series that are missing.
    public var range: TimeRange
    /// The interval (minutes) of the candle that says trades happened.
    public var evidenceMinutes: Int
    /// That candle.
    public var evidence: TradesSeen

    /// "XBTUSD 60m candle at 2024-01-01T02:00:00Z has 12 trades".
    public func text(pair: String) -> String {
        "\(pair) \(evidenceMinutes)m candle at \(UTCTime.iso(evidence.openTime)) has \(evidence.trades) trades"
    }

    /// What a gap says about the contradictions inside it: the first, and how many more; nil when none.
    public static func summary(_ contradictions: [Contradiction], pair: String) -> String? {
        guard let first = contradictions.min(by: { $0.range.start < $1.range.start }) else { return nil }
        let more = contradictions.count - 1
        return first.text(pair: pair) + (more > 0 ? " (and \(more) more such candle\(more == 1 ? "" : "s"))" : "")
    }
}

/// Evidence from the pair's other intervals, in both directions, against slots of one series looking quiet.
///
/// A slot is no-trade only if nothing of the same pair says there were trades in it:
/// - a coarser candle with trades (an interval the series' interval divides) contradicts the series' empty slots
///   inside its span when the series has no candle with trades anywhere in that span;
/// - a finer candle with trades (an interval dividing the series' interval) contradicts the empty slot it lies in.
///
/// Only intervals that divide one another are compared (Kraken's candles are aligned to the epoch, so their spans
/// nest). Every look-up is an indexed range query over the part of the quiet area the other interval covers with
/// trades (the stored coverage counts rule the rest out); nothing is scanned slot by slot.
enum TradeEvidence {
    /// The contradicted parts of `area` (slots of `series` without a candle there, or vouched for as quiet), by
    /// the other intervals of the pair in `others` (their stored coverage). In time order.
    ///
    /// `fileRange` carries the longest run of empty slots when `area` is a whole range that files wrote (it starts
    /// and ends with a candle, and Kraken writes no candle without trades): a coarser interval spanning more slots
    /// than that run cannot find a span without one of the series' candles, so it is not asked.
    static func contradictions(
        in area: TimeRange, series: SeriesKey, others: [CandleInterval: [CoverageRange]],
        fileRangeLongestEmptyRun: Int64? = nil, store: some CandleReading
    ) throws -> [Contradiction] {
        let mine = series.interval
        var coarser: [CandleInterval] = []
        var finer: [CandleInterval] = []
        var coarserHull: TimeRange?
        var finerHull: TimeRange?
        for (other, ranges) in others where other != mine {
            let isCoarser = other.minutes > mine.minutes && other.minutes % mine.minutes == 0
            let isFiner = other.minutes < mine.minutes && mine.minutes % other.minutes == 0
            guard isCoarser || isFiner else { continue }
            if isCoarser, let run = fileRangeLongestEmptyRun, run < other.seconds / mine.seconds { continue }
            // Candles live inside coverage: only the part of the area the other interval covers with trades.
            var start = Int64.max
            var end = Int64.min
            for r in ranges where r.trades > 0 && r.range.overlapsStrictly(area) {
                start = min(start, r.range.start)
                end = max(end, r.range.end)
            }
            guard start < end, let part = TimeRange(start: start, end: end).clipped(to: area) else { continue }
            if isCoarser {
                coarser.append(other)
                coarserHull = coarserHull.map { $0.union(part) } ?? part
            } else {
                finer.append(other)
                finerHull = finerHull.map { $0.union(part) } ?? part
            }
        }
        var found: [Contradiction] = []
        if let hull = coarserHull {
            for seen in try store.coarserTradesMissingFrom(series, coarser: coarser.sorted(), reaching: hull) {
                let span = TimeRange(start: seen.openTime, end: seen.openTime + Int64(seen.minutes) * 60)
                guard let missing = span.clipped(to: area) else { continue }
                found.append(Contradiction(range: missing, evidenceMinutes: seen.minutes, evidence: seen))
            }
        }
        if let hull = finerHull {
            for seen in try store.finerTradesInEmptySlots(of: series, finer: finer.sorted(), in: hull) {
                let slot = mine.floor(seen.openTime)
                guard let missing = TimeRange(start: slot, end: slot + mine.seconds).clipped(to: area) else { continue }
                found.append(Contradiction(range: missing, evidenceMinutes: seen.minutes, evidence: seen))
            }
        }
        return found.sorted { ($0.range.start, $0.evidenceMinutes) < ($1.range.start, $1.evidenceMinutes) }
    }

    /// `range` without the parts any of `cuts` covers.
    static func subtracting(_ cuts: [TimeRange], from range: TimeRange) -> [TimeRange] {
        GapClassifier.uncovered(range, by: cuts.merged())
    }
}
