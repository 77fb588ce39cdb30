import Foundation
import KrakenTestServer
import Testing

@testable import KrakenIngest

/// `scripts/bench-backfill.sh`: a tier of 50 pairs × 4 intervals backfilled from the imitation with 50 ms of latency
/// per call, under the default limits (1 call/s per pair, 5 calls/s overall) on the real clock. Runs only when
/// `KRAKEN_BENCH_BACKFILL=1`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["KRAKEN_BENCH_BACKFILL"] == "1"))
struct BackfillBenchmarkTests {
    @Test func fiftyPairsTimesFourIntervals() async throws {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let names = (0..<50).map { "B\(letters[$0 / 26])\(letters[$0 % 26])USD" }
        let specs = names.map {
            SpotPairSpec(
                key: "X\($0.dropLast(3))ZUSD", altname: $0, wsname: "\($0.dropLast(3))/USD",
                base: "X\($0.dropLast(3))", quote: "ZUSD", priceDecimals: 2, basePriceTicks: 100_000)
        }
        let latency = Double(ProcessInfo.processInfo.environment["KRAKEN_BENCH_LATENCY_MS"] ?? "50") ?? 50
        let server = try await KrakenTestServer.started(.init(pairs: specs))
        defer { Task { await server.stop() } }
        server.route(SpotRoutes.ohlcPath) { request, context in
            try await Task.sleep(nanoseconds: UInt64(latency * 1_000_000))
            return SpotRoutes.ohlc(request, context)
        }
        let clock = SystemClock()
        let now = clock.nowSeconds
        let harness = try ImportHarness()
        let intervals = [1, 5, 60, 1440]
        var paths: [String] = []
        for name in names {
            for minutes in intervals {
                let step = Int64(minutes * 60)
                let end = now / step * step - 100 * step
                paths.append(
                    try harness.dir.write(
                        "in/\(name)_\(minutes).csv",
                        candleCSV(
                            pair: name, minutes: minutes, start: end - 50 * step,
                            count: 50)))
            }
        }
        let imported = try harness.importPaths([harness.dir.file("in")])
        try #require(imported.filesFailed == 0)
        let tiers = TierCatalog(tiers: [("TIER1", names)])
        let perPair = TokenBucket.Rule.spotPerPair
        let global = TokenBucket.Rule.perSecond(5, burst: 5)
        let http = KrakenHTTPClient(
            transport: URLSessionTransport(),
            rateLimits: .spot(clock: clock, perPair: perPair, global: global), clock: clock)
        let spot = SpotClient(http: http, baseURL: server.baseURL)
        let store = harness.store
        let started = Date()
        let summary = try await onOwnThread { () -> BackfillSummary in
            let analyzer = CompletenessAnalyzer(classifier: GapClassifier(now: now), tiers: tiers)
            let scope = AnalysisScope(tiers: .all)
            let phase = BackfillPhase(client: spot, tiers: tiers, analyzer: analyzer, scope: scope)
            let session = try store.openWriterSession()
            defer { session.close() }
            _ = try JobRunner(session: session).run(
                JobSpec(
                    kind: BackfillPhase.kind, options: "bench",
                    phases: [GapDetectionPhase(analyzer: analyzer, scope: scope), phase]))
            return phase.result.value!
        }
        let wall = Date().timeIntervalSince(started)
        let ohlc = server.log.count(path: SpotRoutes.ohlcPath)
        let ideal = Double(ohlc) / global.refillPerSecond
        let line = String(
            format: "bench-backfill: %d series, %d OHLC requests (+%d AssetPairs), wall %.2f s, "
                + "ideal %.2f s (requests / %.0f per s), ratio %.3f, max in flight %d, latency %.0f ms",
            names.count * intervals.count, ohlc, server.log.count(path: SpotRoutes.assetPairsPath),
            wall, ideal, global.refillPerSecond, wall / ideal, server.log.maxInFlight, latency)
        print(line)
        #expect(summary.seriesDone == 200 && summary.failures.isEmpty)
        #expect(ohlc == 200)
    }
}
