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
    static func contradictions(
        in area: TimeRange, series: SeriesKey, others: [CandleInterval: [CoverageRange]],
        store: some CandleReading
    ) throws -> [Contradiction] {
        let mine = series.interval
        var found: [Contradiction] = []
        for (other, ranges) in others.sorted(by: { $0.key < $1.key }) where other != mine {
            let coarser = other.minutes > mine.minutes && other.minutes % mine.minutes == 0
            let finer = other.minutes < mine.minutes && mine.minutes % other.minutes == 0
            guard coarser || finer else { continue }
            let key = SeriesKey(pairID: series.pairID, interval: other)
            // Candles live inside coverage: only the parts of the area the other interval covers, with trades.
            for range in ranges where range.trades > 0 {
                guard let part = area.clipped(to: range.range) else { continue }
                if coarser {
                    for seen in try store.coarserTradesMissingFrom(series, coarser: key, reaching: part) {
                        let span = TimeRange(start: seen.openTime, end: seen.openTime + other.seconds)
                        guard let missing = span.clipped(to: area) else { continue }
                        found.append(Contradiction(range: missing, evidenceMinutes: other.minutes, evidence: seen))
                    }
                } else {
                    for seen in try store.finerTradesInEmptySlots(of: series, finer: key, in: part) {
                        let slot = mine.floor(seen.openTime)
                        guard let missing = TimeRange(start: slot, end: slot + mine.seconds).clipped(to: area)
                        else { continue }
                        found.append(Contradiction(range: missing, evidenceMinutes: other.minutes, evidence: seen))
                    }
                }
            }
        }
        return found.sorted { ($0.range.start, $0.evidenceMinutes) < ($1.range.start, $1.evidenceMinutes) }
    }

    /// `range` without the parts any of `cuts` covers.
    static func subtracting(_ cuts: [TimeRange], from range: TimeRange) -> [TimeRange] {
        GapClassifier.uncovered(range, by: cuts.merged())
    }
}
