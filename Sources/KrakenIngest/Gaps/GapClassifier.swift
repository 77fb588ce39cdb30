/// Finds and classifies the gaps of one series (pair and interval): its expected window minus its coverage.
public struct GapClassifier: Sendable {
    /// Closed candles the REST OHLC endpoint serves: it returns the latest 720 rows, and the last one is the
    /// current, unfinished candle.
    public static let apiClosedCandles: Int64 = 719
    /// Public Trades rows per request.
    public static let tradesPerRequest: Int64 = 1000

    /// The evaluation time (unix seconds).
    public let now: Int64
    /// Largest trades-request estimate for which an archive-required gap counts as trades-rebuildable.
    public let tradesRequestBudget: Int64

    public init(now: Int64, tradesRequestBudget: Int64 = 500) {
        self.now = now
        self.tradesRequestBudget = tradesRequestBudget
    }

    /// The expected window of a series: from the pair's first known candle (floored to the interval) to the open
    /// time of the current, unfinished candle, narrowed by `bounds`. Nil when it is empty.
    public func window(pairFirstCandle: Int64, interval: CandleInterval, bounds: TimeRange? = nil) -> TimeRange? {
        var start = interval.floor(pairFirstCandle)
        var end = interval.floor(now)
        if let bounds {
            start = max(start, interval.floor(bounds.start) + (interval.isAligned(bounds.start) ? 0 : interval.seconds))
            end = min(end, interval.floor(bounds.end))
        }
        return start < end ? TimeRange(start: start, end: end) : nil
    }

    /// The parts of `window` no range covers, in time order. `ranges` must be sorted and disjoint.
    public static func uncovered(_ window: TimeRange, by ranges: [TimeRange]) -> [TimeRange] {
        var gaps: [TimeRange] = []
        var cursor = window.start
        for range in ranges where range.end > window.start {
            if range.start >= window.end { break }
            if range.start > cursor { gaps.append(TimeRange(start: cursor, end: range.start)) }
            cursor = max(cursor, range.end)
            if cursor >= window.end { break }
        }
        if cursor < window.end { gaps.append(TimeRange(start: cursor, end: window.end)) }
        return gaps
    }

    /// The first open time the API still serves as a closed candle.
    public func apiWindowStart(_ interval: CandleInterval) -> Int64 {
        interval.floor(now) - Self.apiClosedCandles * interval.seconds
    }

    /// Classifies one gap. `tradesPerCandle` (the series' average) drives the trades-request estimate.
    public func classify(
        _ gap: TimeRange, pair: String, interval: CandleInterval, tradesPerCandle: Double
    ) -> ClassifiedGap {
        let candles = (gap.end - gap.start) / interval.seconds
        let apiFrom = max(gap.start, apiWindowStart(interval))
        let apiCandles = interval.isServedByAPI && apiFrom < gap.end ? (gap.end - apiFrom) / interval.seconds : 0
        if apiCandles == candles {
            return ClassifiedGap(
                range: gap, candles: candles, gapClass: .apiFillable, apiStart: gap.start,
                apiCandles: candles, suggestion: nil, tradesRequests: nil)
        }
        let older = TimeRange(start: gap.start, end: apiCandles > 0 ? apiFrom : gap.end)
        let olderCandles = candles - apiCandles
        // Saturating: the average comes from file values (a trade count of 10^18 is a valid integer).
        let requests = Int64(
            saturating: (Double(olderCandles) * max(tradesPerCandle, 1) / Double(Self.tradesPerRequest)).rounded(.up))
        return ClassifiedGap(
            range: gap, candles: candles,
            gapClass: requests <= tradesRequestBudget ? .tradesRebuildable : .archiveRequired,
            apiStart: apiCandles > 0 ? apiFrom : nil, apiCandles: apiCandles,
            suggestion: ArchiveSuggestion.forRange(older, pair: pair, interval: interval, now: now),
            tradesRequests: requests)
    }
}
