import Foundation
import KrakenTestServer
import Testing

@testable import KrakenIngest

@Suite("Futures rate-limit waits")
struct FuturesRateWaitTests {
    /// 250 one-item pages against Kraken's real history pool (100 tokens, 100 per 10 minutes), the imitation
    /// enforcing the same pool: the first 100 go at once, the other 150 wait 6 s each (900 s of modelled time, no
    /// real sleeping), nothing is refused with 429, and a line a minute says how long, until when, which pool and
    /// how far the run has got.
    @Test func aLongSyncWaitsThePoolsModelledTimeWithETALines() async throws {
        var spec = FuturesAccountSpec(executions: 250)
        spec.historyPool = .kraken
        try await withFuturesHarness(spec) { h in
            let start = h.clock.now()
            let lines = LogCapture()
            let report = try await h.sync([.executions], pageSize: 1, log: lines)
            #expect(report.resources[0].status == .completed)
            #expect(report.resources[0].pages == 250)
            #expect(report.resources[0].rows == 250)
            #expect(report.resources[0].retries == 0)
            #expect(h.futures.poolRefusals == 0)
            #expect(h.server.log.entries.allSatisfy { $0.status == 200 })
            let waited = h.clock.sleeps.reduce(0, +)
            #expect(abs(waited - 900) < 0.01, "waited \(waited) s")
            #expect(h.clock.now().value - start.value == 900_000)
            #expect(h.clock.sleeps.count == 150)

            // One line per minute of waiting (every 10th 6-second wait), never one per request.
            let waits = lines.lines.filter { $0.contains("waiting") }
            #expect(waits.count == 15, "\(lines.text)")
            for (index, line) in waits.enumerated() {
                let pages = 100 + 10 * index
                let resume = UTCTime.iso(start.seconds + 6 * Int64(10 * index + 1))
                    .replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
                #expect(
                    line
                        == "executions: waiting 6 s for Kraken's history pool (futures.history: 100 tokens, "
                        + "refilled over 10 min), resuming at \(resume); so far \(pages) pages, \(pages) rows")
            }
        }
    }

    /// The same sync without the client-side pool runs into the imitation's 429s: what the bucket is for.
    @Test func withoutTheModelledPoolTheServerRefuses() async throws {
        var spec = FuturesAccountSpec(executions: 102)
        spec.historyPool = .kraken
        let retry = RetryPolicy(maxRetries: 1, jitter: .constant(0.5))
        try await withFuturesHarness(spec, retry: retry, historyPool: .pool(1_000_000, per: 1)) { h in
            let report = try await h.sync([.executions], pageSize: 1)
            #expect(h.futures.poolRefusals >= 1)
            #expect(report.resources[0].retries >= 1)
            #expect(h.clock.sleeps.contains(6))  // rate-limit-reset honoured
        }
    }

    @Test("a wait of a minute or more always gets a line; durations read 6 s, 5 min 40 s, 1 h 2 min")
    func announcerAndDurations() {
        let now = UnixMillis(seconds: 1_767_225_600)
        let short = FuturesRateWait(seconds: 6, until: now, pool: RateLimits.Key.futuresHistory, rule: .futuresHistory)
        let long = FuturesRateWait(
            seconds: 340, until: now, pool: RateLimits.Key.futuresHistory, rule: .futuresHistory)
        var announcer = FuturesWaitAnnouncer()
        let asked: [(FuturesRateWait, Double)] = [
            (short, 0), (short, 59), (long, 59), (long, 60), (short, 100),
            (short, 120),
        ]
        let answers = asked.map { announcer.shouldAnnounce($0.0, now: now.adding(seconds: $0.1)) }
        #expect(answers == [true, false, true, true, false, true])
        #expect(FuturesRateWait.duration(6.000_000_1) == "6 s")
        #expect(FuturesRateWait.duration(0.2) == "1 s")
        #expect(FuturesRateWait.duration(340) == "5 min 40 s")
        #expect(FuturesRateWait.duration(3_720) == "1 h 2 min")
        let derivatives = FuturesRateWait(
            seconds: 0.4, until: now.adding(seconds: 0.4), pool: RateLimits.Key.futuresDerivatives,
            rule: .futuresDerivatives)
        #expect(
            derivatives.line(resource: "open_positions", pages: 0, rows: 0)
                == "open_positions: waiting 1 s for Kraken's /derivatives budget (futures.derivatives: 500 tokens, "
                + "refilled over 10 s), resuming at 2026-01-01 00:00:01 UTC; so far 0 pages, 0 rows")
    }

    @Test("open positions draw 2 from the /derivatives budget, history requests from the history pool")
    func buckets() {
        #expect(FuturesHTTPSource.bucket(.openPositions) == RateLimits.Key.futuresDerivatives)
        #expect(FuturesHTTPSource.bucket(.tickers) == RateLimits.Key.futuresDerivatives)
        #expect(FuturesHTTPSource.bucket(.executions) == RateLimits.Key.futuresHistory)
        #expect(FuturesHTTPSource.bucket(.accountLog) == RateLimits.Key.futuresHistory)
        #expect(FuturesHTTPSource.cost(.openPositions, query: FuturesQuery()) == 2)
        #expect(FuturesHTTPSource.cost(.accountLog, query: FuturesPaging.query(for: .accountLog, cursor: nil)) == 3)
        #expect(
            FuturesHTTPSource.cost(
                .accountLog,
                query: FuturesPaging.query(
                    for: .accountLog, cursor: nil,
                    pageSize: 25)) == 1)
    }
}
