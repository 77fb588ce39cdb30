/// A client-side rate-limit wait ahead of a futures request: how long, until when, and in which pool, so that a
/// long first sync says when it goes on instead of looking stuck (or running into 429s).
///
/// ```swift
/// let wait = FuturesRateWait(seconds: 6, until: now.adding(seconds: 6), pool: "futures.history",
///                            rule: .futuresHistory)
/// wait.line(resource: "executions", pages: 100, rows: 50_000)
/// // executions: waiting 6 s for Kraken's history pool (futures.history: 100 tokens, refilled over 10 min),
/// // resuming at 2026-01-01 00:10:06 UTC; so far 100 pages, 50000 rows
/// ```
public struct FuturesRateWait: Sendable, Equatable {
    /// Seconds until the request may go out.
    public var seconds: Double
    /// When it goes out.
    public var until: UnixMillis
    /// The bucket's name (`RateLimits.Key`).
    public var pool: String
    /// The bucket's shape.
    public var rule: TokenBucket.Rule

    public init(seconds: Double, until: UnixMillis, pool: String, rule: TokenBucket.Rule) {
        self.seconds = seconds
        self.until = until
        self.pool = pool
        self.rule = rule
    }

    /// The one line announcing the wait, with the resource's progress so far in this run.
    public func line(resource: String, pages: Int, rows: Int) -> String {
        let name = pool == RateLimits.Key.futuresHistory ? "Kraken's history pool" : "Kraken's /derivatives budget"
        let capacity = Self.number(rule.capacity)
        let period = Self.duration(rule.capacity / rule.refillPerSecond)
        let resume = UTCTime.iso(UnixMillis(until.value + 999).seconds).replacingOccurrences(of: "T", with: " ")
            .replacingOccurrences(of: "Z", with: " UTC")
        return "\(resource): waiting \(Self.duration(seconds)) for \(name) (\(pool): \(capacity) tokens, refilled "
            + "over \(period)), resuming at \(resume); so far \(pages) pages, \(rows) rows"
    }

    /// `6 s`, `5 min 40 s`, `1 h 2 min`: whole seconds rounded up, at least 1, ignoring float noise below 1 ms
    /// (6.000000001 s is `6 s`).
    static func duration(_ seconds: Double) -> String {
        let total = max(1, Int64((seconds - 0.001).rounded(.up)))
        if total < 60 { return "\(total) s" }
        if total < 3_600 { return total % 60 == 0 ? "\(total / 60) min" : "\(total / 60) min \(total % 60) s" }
        let minutes = (total % 3_600) / 60
        return minutes == 0 ? "\(total / 3_600) h" : "\(total / 3_600) h \(minutes) min"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(value)
    }
}

/// Which waits get a line: the first of a resource's run, any wait of `interval` or more, and otherwise at most
/// one per `interval` of clock time. While the pool refills one request at a time (6 s apart for the history
/// pool), every request waits: this keeps that to a line a minute instead of a line a request.
struct FuturesWaitAnnouncer {
    /// Seconds of clock time between lines.
    static let interval: Double = 60

    private var last: UnixMillis?

    /// True when `wait`, starting at `now`, gets a line (and counts it as the last one).
    mutating func shouldAnnounce(_ wait: FuturesRateWait, now: UnixMillis) -> Bool {
        let due = last.map { Double(now.value - $0.value) / 1000 >= Self.interval } ?? true
        guard due || wait.seconds >= Self.interval else { return false }
        last = now
        return true
    }
}
