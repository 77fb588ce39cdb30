import Foundation
import KrakenTestServer
import Logging
import Testing

@testable import KrakenIngest

/// The open time of the hourly candle in progress at `httpTestNow` (11:00), never to be stored.
let backfillCurrentHour: Int64 = httpTestNow / 3600 * 3600
/// The newest finished hourly candle at `httpTestNow`: Kraken's `last`.
let backfillLastHour: Int64 = backfillCurrentHour - 3600

/// A store with archive candles, a Kraken imitation on 127.0.0.1 and a spot client over real HTTP, all as of
/// `httpTestNow` (the server and the client keep clocks of their own, so client waits never move the server).
struct BackfillRig {
    let harness: ImportHarness
    let server: KrakenTestServer
    let clientClock: ManualClock
    let http: KrakenHTTPClient
    let spot: SpotClient
    let logs: LogCapture
    let tiers = TierCatalog(tiers: [("TIER1", ["XBTUSD", "ETHUSD", "SOLUSD", "XBTUSDT"])])

    /// Imports an archive file of `count` hourly candles of `pair` ending `hoursBeforeNow` hours before the
    /// current candle (values from the samples generator, so they differ from what the API serves).
    func importArchive(_ pair: String, minutes: Int = 60, hoursBeforeNow: Int64, count: Int) throws {
        let step = Int64(minutes) * 60
        let end = backfillCurrentHour - hoursBeforeNow * 3600
        let start = end - Int64(count) * step
        let path = try harness.dir.write(
            "archives/\(pair)_\(minutes).csv",
            candleCSV(pair: pair, minutes: minutes, start: start, count: count))
        let summary = try harness.importPaths([path])
        try #require(summary.filesFailed == 0)
    }

    var analyzer: CompletenessAnalyzer {
        CompletenessAnalyzer(classifier: GapClassifier(now: httpTestNow), tiers: tiers)
    }

    /// Runs the `backfill` job (detection, then backfill) on a thread of its own, as the CLI does.
    func backfill(
        _ scope: AnalysisScope = AnalysisScope(), maxRequests: Int? = nil, concurrency: Int = 8,
        stop: StopRequest = StopRequest(), now: Int64 = httpTestNow
    )
        async throws -> (JobRun, BackfillSummary)
    {
        let analyzer = CompletenessAnalyzer(classifier: GapClassifier(now: now), tiers: tiers)
        let phase = BackfillPhase(
            client: spot, tiers: tiers, analyzer: analyzer, scope: scope,
            maxRequests: maxRequests, concurrency: concurrency)
        let store = harness.store
        let tiers = tiers
        let run = try await onOwnThread {
            let analyzer = CompletenessAnalyzer(classifier: GapClassifier(now: now), tiers: tiers)
            let detection = GapDetectionPhase(analyzer: analyzer, scope: scope)
            let session = try store.openWriterSession()
            defer { session.close() }
            return try JobRunner(session: session, stop: stop).run(
                JobSpec(kind: BackfillPhase.kind, options: scope.canonicalJSON(), phases: [detection, phase]))
        }
        return (run, try #require(phase.result.value))
    }

    func series(_ pair: String, minutes: Int = 60) throws -> SeriesKey {
        let id = try #require(try harness.read { try $0.pairID(pair) })
        return SeriesKey(pairID: id, interval: CandleInterval(minutes: minutes)!)
    }

    /// The candle the imitation serves for `spec` at `open`, as the client decodes it.
    static func served(_ spec: SpotPairSpec, minutes: Int = 60, open: Int64) -> Candle {
        let c = SyntheticCandles.candle(spec, intervalMinutes: minutes, open: open)
        var scale = 1.0
        for _ in 0..<spec.priceDecimals { scale *= 10 }
        return Candle(
            openTime: open, open: Double(c.open) / scale, high: Double(c.high) / scale,
            low: Double(c.low) / scale, close: Double(c.close) / scale, volume: Double(c.volume) / 1e8,
            trades: Int64(c.count), vwap: c.count == 0 ? nil : Double(c.vwap) / scale)
    }
}

/// Runs blocking work (a job whose phases wait on async HTTP) on a dedicated thread, off the test's executor.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// Starts a rig, runs `body`, stops the server whatever happens.
func withBackfillRig<T>(
    server configure: (inout KrakenTestServer.Configuration) -> Void = { _ in },
    perPair: TokenBucket.Rule = .perSecond(1), global: TokenBucket.Rule? = .perSecond(50, burst: 50),
    retry: RetryPolicy = RetryPolicy(jitter: .constant(0.5)),
    _ body: (BackfillRig) async throws -> T
) async throws -> T {
    var configuration = KrakenTestServer.Configuration(clock: ManualClock(seconds: httpTestNow))
    configure(&configuration)
    let server = try await KrakenTestServer.started(configuration)
    do {
        let clientClock = ManualClock(seconds: httpTestNow)
        let logs = LogCapture()
        let http = KrakenHTTPClient(
            transport: URLSessionTransport(timeouts: .init(connect: 30, read: 30, total: 60)),
            rateLimits: .spot(clock: clientClock, perPair: perPair, global: global), retryPolicy: retry,
            clock: clientClock, logger: logs.logger())
        let rig = BackfillRig(
            harness: try ImportHarness(clock: ManualClock(seconds: httpTestNow)), server: server,
            clientClock: clientClock, http: http, spot: SpotClient(http: http, baseURL: server.baseURL), logs: logs)
        let result = try await body(rig)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}
