import Foundation
import KrakenTestServer
import Testing

@testable import KrakenIngest

/// `backfill` end to end: a real store file, the real client over HTTP, the imitation serving Kraken's rules.
@Suite(.serialized) struct BackfillTests {
    @Test func fillsAPIGapsWithExactCandlesAndLeavesArchiveAndUnfinishedCandleAlone() async throws {
        try await withBackfillRig { rig in
            try rig.importArchive("XBTUSD", hoursBeforeNow: 100, count: 200)
            try rig.importArchive("ETHUSD", hoursBeforeNow: 10, count: 50)
            let xbt = try rig.series("XBTUSD")
            let gapStart = backfillCurrentHour - 100 * 3600
            let archiveTail = TimeRange(start: gapStart - 3 * 3600, end: gapStart)
            let archiveBefore = try rig.harness.read { try $0.candles(xbt, in: archiveTail) }
            try #require(archiveBefore.count == 3)

            let (run, summary) = try await rig.backfill()

            #expect(run.status == .completed)
            #expect(summary.planned == 2 && summary.seriesDone == 2 && summary.failures.isEmpty)
            #expect(rig.server.log.count(path: SpotRoutes.ohlcPath, pair: "XBTUSD") == 1)
            #expect(rig.server.log.count(path: SpotRoutes.ohlcPath, pair: "ETHUSD") == 1)
            // The call reaches back over the last three closed archive candles (late trades revise candles).
            let since = rig.server.log.entries(path: SpotRoutes.ohlcPath, pair: "XBTUSD").first?.query["since"]
            #expect(since == "\(gapStart - 4 * 3600)")

            let stored = try rig.harness.read {
                try $0.candles(xbt, in: TimeRange(start: gapStart, end: backfillCurrentHour + 3600))
            }
            let expected = stride(from: gapStart, through: backfillLastHour, by: 3600).map {
                BackfillRig.served(.xbtusd, open: $0)
            }
            #expect(stored == expected)
            #expect(stored.allSatisfy { $0.vwap != nil })
            #expect(try rig.harness.read { try $0.candle(xbt, openTime: backfillCurrentHour) } == nil)
            #expect(try rig.harness.read { try $0.candles(xbt, in: archiveTail) } == archiveBefore)
            let probe = try rig.harness.probe()
            #expect(try probe.int("SELECT COUNT(*) FROM candles WHERE source = 3 AND vwap IS NOT NULL") == 0)
            #expect(try probe.int("SELECT COUNT(*) FROM v_candles WHERE pair = 'XBTUSD' AND source = 'api'") == 100)

            let records = try rig.harness.read { try $0.gapRecords(statuses: nil) }
            #expect(records.count == 2)
            #expect(records.allSatisfy { $0.status == .filled && $0.attempts == 1 && $0.lastError == nil })
            let after = try rig.harness.read {
                try GapDetectionPhase.detect(AnalysisScope(), analyzer: rig.analyzer, in: $0)
            }
            #expect(after.series.allSatisfy { $0.gaps.isEmpty && $0.coveragePercent == 100 })
            #expect(summary.gapsFilled == 2)

            // Nothing left to fill: a second run sends no OHLC request.
            let (_, again) = try await rig.backfill()
            #expect(again.planned == 0)
            #expect(rig.server.log.count(path: SpotRoutes.ohlcPath) == 2)
        }
    }

    @Test(arguments: [
        (KrakenTestServer.LastStyle.number, KrakenTestServer.NoTradeRows.omitted),
        (.string, .zeroRows), (.string, .omitted), (.number, .zeroRows),
    ])
    func everyAnswerVariantStoresTheSameCandlesAndNoTradeSlots(
        last: KrakenTestServer.LastStyle, noTrade: KrakenTestServer.NoTradeRows
    ) async throws {
        var sparse = SpotPairSpec.xbtusd
        sparse.noTradePermille = 300
        try await withBackfillRig(server: {
            $0.pairs = [sparse]
            $0.lastStyle = last
            $0.noTradeRows = noTrade
        }) { rig in
            try rig.importArchive("XBTUSD", hoursBeforeNow: 60, count: 100)
            let (run, summary) = try await rig.backfill()
            #expect(run.status == .completed && summary.failures.isEmpty)
            let xbt = try rig.series("XBTUSD")
            let gap = TimeRange(start: backfillCurrentHour - 60 * 3600, end: backfillCurrentHour + 3600)
            let expected = stride(from: gap.start, through: backfillLastHour, by: 3600)
                .map { BackfillRig.served(sparse, open: $0) }.filter { $0.trades > 0 }
            #expect(expected.count < 60)
            #expect(try rig.harness.read { try $0.candles(xbt, in: gap) } == expected)
            let after = try rig.harness.read {
                try GapDetectionPhase.detect(AnalysisScope(), analyzer: rig.analyzer, in: $0)
            }
            let series = try #require(after.series.first)
            #expect(series.gaps.isEmpty)
            #expect(series.noTrade >= Int64(60 - expected.count))
            #expect(try rig.harness.read { try $0.gapRecords(statuses: [.filled]) }.count == 1)
        }
    }

    @Test func aPermanentErrorSkipsItsSeriesWhileTheOthersComplete() async throws {
        try await withBackfillRig { rig in
            try rig.importArchive("XBTUSD", hoursBeforeNow: 20, count: 30)
            try rig.importArchive("ETHUSD", hoursBeforeNow: 20, count: 30)
            try rig.importArchive("SOLUSD", hoursBeforeNow: 20, count: 30)
            rig.server.faults.enqueue(
                .spotError("EQuery:Unknown asset pair"), path: SpotRoutes.ohlcPath,
                pair: "ETHUSD")

            let (run, summary) = try await rig.backfill()

            #expect(run.status == .failed)
            #expect(summary.seriesDone == 2)
            #expect(summary.exitCode == 3 && !summary.unreachable)
            let failure = try #require(summary.failures.first)
            #expect(summary.failures.count == 1 && failure.pair == "ETHUSD" && failure.kind == "permanent")
            #expect(failure.message.contains("EQuery:Unknown asset pair"))
            #expect(rig.server.log.count(path: SpotRoutes.ohlcPath, pair: "ETHUSD") == 1)
            let records = try rig.harness.read { try $0.gapRecords(statuses: nil) }
            let eth = try #require(records.first { $0.pair == "ETHUSD" })
            #expect(eth.status == .failed && eth.attempts == 1)
            #expect(eth.lastError?.contains("Unknown asset pair") == true)
            #expect(records.filter { $0.pair != "ETHUSD" }.allSatisfy { $0.status == .filled })
            #expect(summary.http.retries == 0)
        }
    }

    @Test func aPairKrakenDoesNotListIsSkippedWithoutAnOHLCRequest() async throws {
        try await withBackfillRig { rig in
            try rig.importArchive("XBTUSD", hoursBeforeNow: 20, count: 30)
            try rig.importArchive("ADAUSD", hoursBeforeNow: 20, count: 30)
            let (run, summary) = try await rig.backfill()
            #expect(run.status == .failed && summary.seriesDone == 1)
            #expect(summary.failures.map(\.pair) == ["ADAUSD"] && summary.failures.first?.kind == "permanent")
            #expect(rig.server.log.count(path: SpotRoutes.ohlcPath, pair: "ADAUSD") == 0)
            #expect(rig.server.log.count(path: SpotRoutes.assetPairsPath) == 1)
            let ada = try rig.harness.read { try $0.gapRecords(statuses: nil) }.first { $0.pair == "ADAUSD" }
            #expect(ada?.status == .failed && ada?.lastError?.contains("not a Kraken spot pair") == true)
        }
    }

    @Test func retriesAndBreakerActivityReachTheSummary() async throws {
        try await withBackfillRig { rig in
            try rig.importArchive("XBTUSD", hoursBeforeNow: 20, count: 30)
            rig.server.faults.enqueue(
                [.serverError(502), .rateLimitExceeded, .tooManyRequests(retryAfter: 3)],
                path: SpotRoutes.ohlcPath, pair: "XBTUSD")
            let (run, summary) = try await rig.backfill()
            #expect(run.status == .completed)
            #expect(summary.http.retries == 3)
            #expect(summary.http.attempts == summary.http.requests + 3)
            #expect(summary.http.retriesByReason.count == 3)
            #expect(rig.server.log.count(path: SpotRoutes.ohlcPath, pair: "XBTUSD") == 4)
            let text = BackfillReportText.summary(summary, jobID: run.jobID)
            #expect(text.contains("retries 3"))
        }
        try await withBackfillRig { rig in
            try rig.importArchive("XBTUSD", hoursBeforeNow: 20, count: 30)
            try rig.importArchive("ETHUSD", hoursBeforeNow: 20, count: 30)
            rig.server.faults.enqueue(.serverError(500), path: SpotRoutes.ohlcPath, times: 8)
            let (run, summary) = try await rig.backfill(concurrency: 1)
            #expect(run.status == .failed)
            #expect(summary.http.breakerOpens == 1)
            #expect(summary.failures.count == 2)
            #expect(BackfillReportText.summary(summary, jobID: nil).contains("breaker opens 1"))
            let records = try rig.harness.read { try $0.gapRecords(statuses: nil) }
            #expect(records.allSatisfy { $0.status != .filled && $0.attempts == 1 && $0.lastError != nil })
        }
    }

    @Test func independentPairsOverlapWithinTheLimits() async throws {
        try await withBackfillRig(global: .perSecond(2, burst: 2)) { rig in
            for pair in ["XBTUSD", "ETHUSD", "SOLUSD", "XBTUSDT"] {
                try rig.importArchive(pair, hoursBeforeNow: 20, count: 30)
                rig.server.faults.enqueue(.delay(seconds: 0.4), path: SpotRoutes.ohlcPath, pair: pair)
            }
            let (run, summary) = try await rig.backfill()
            #expect(run.status == .completed && summary.seriesDone == 4)
            #expect(rig.server.log.maxInFlight > 1)
            // Four calls through a global bucket of 2/s (burst 2): two waited, 1.5 s in all on the client's clock.
            #expect(summary.http.rateLimitWaitSeconds == 1.5)
            for pair in ["XBTUSD", "ETHUSD", "SOLUSD", "XBTUSDT"] {
                #expect(rig.server.log.count(path: SpotRoutes.ohlcPath, pair: pair) == 1)
            }
        }
    }

    @Test func maxRequestsAndStopRequestsLeaveTheRestForTheNextRun() async throws {
        try await withBackfillRig { rig in
            try rig.importArchive("XBTUSD", hoursBeforeNow: 20, count: 30)
            try rig.importArchive("ETHUSD", hoursBeforeNow: 20, count: 30)
            let (_, limited) = try await rig.backfill(maxRequests: 1)
            #expect(limited.planned == 1 && limited.deferred == 1 && limited.seriesDone == 1)
            #expect(rig.server.log.count(path: SpotRoutes.ohlcPath) == 1)

            try rig.importArchive("SOLUSD", hoursBeforeNow: 20, count: 30)
            let stop = StopRequest()
            stop.requestStop()
            let (paused, stopped) = try await rig.backfill(stop: stop)
            #expect(paused.status == .paused && paused.stoppedIn == "backfill" && stopped.stopped)
            #expect(rig.server.log.count(path: SpotRoutes.ohlcPath) == 1)
            #expect(try rig.harness.read { try $0.gapRecords(statuses: [.backfilling]) }.isEmpty)

            let (resumed, done) = try await rig.backfill()
            #expect(resumed.resumed && resumed.status == .completed && done.seriesDone == 2)
            #expect(rig.server.log.count(path: SpotRoutes.ohlcPath) == 3)
            #expect(try rig.harness.read { try $0.gapRecords(statuses: BackfillTarget.openStatuses) }.isEmpty)
        }
    }

    @Test func aRevisedAPICandleReplacesTheOlderOne() async throws {
        try await withBackfillRig { rig in
            try rig.importArchive("XBTUSD", hoursBeforeNow: 5, count: 30)
            _ = try await rig.backfill()
            let xbt = try rig.series("XBTUSD")
            let open = backfillLastHour
            // A late trade changed the candle at Kraken after it was stored: the stored one is now out of date.
            try rig.harness.executeSQL("UPDATE candles SET close = 1, vwap = 1 WHERE open_time = ?", [open])
            // An hour later the next run fetches the newly closed candle and re-fetches the three before it.
            rig.server.configure { $0.clock = ManualClock(seconds: httpTestNow + 3600) }
            let (_, summary) = try await rig.backfill(now: httpTestNow + 3600)
            #expect(summary.seriesDone == 1)
            let since = rig.server.log.entries(path: SpotRoutes.ohlcPath).last?.query["since"]
            #expect(since == "\(backfillCurrentHour - 4 * 3600)")
            let revised = try rig.harness.read { try $0.candle(xbt, openTime: open) }
            #expect(revised == BackfillRig.served(.xbtusd, open: open))
            let newest = BackfillRig.served(.xbtusd, open: backfillCurrentHour)
            #expect(try rig.harness.read { try $0.candle(xbt, openTime: backfillCurrentHour) } == newest)
        }
    }

    @Test func theDryRunPlanCountsOneRequestPerSeriesAndEstimatesTheTime() throws {
        var targets: [BackfillTarget] = []
        for p in 0..<50 {
            for m in [1, 5, 60, 1440] {
                let step = Int64(m * 60)
                targets.append(
                    BackfillTarget(
                        pair: "P\(p)USD", tier: "TIER1", interval: CandleInterval(minutes: m)!,
                        apiStart: 1_716_000_000 / step * step, apiCandles: 10, recordID: nil))
            }
        }
        targets.append(
            BackfillTarget(
                pair: "P0USD", tier: "TIER1", interval: CandleInterval(minutes: 60)!,
                apiStart: 1_715_000_400, apiCandles: 3, recordID: 9))
        let plan = BackfillPlan(targets: targets, perPair: .perSecond(1), global: .perSecond(5, burst: 5))
        #expect(plan.requests.count == 200)
        #expect(plan.estimatedSeconds == 39)
        let merged = plan.requests.first { $0.pair == "P0USD" && $0.interval == 60 }
        #expect(merged?.apiCandles == 13 && merged?.gapIDs == [9])
        #expect(merged?.since == Int64(1_715_000_400 - 4 * 3600))
        let limited = BackfillPlan(targets: targets, maxRequests: 10, perPair: .perSecond(1), global: nil)
        #expect(limited.requests.count == 10 && limited.deferred.count == 190 && limited.estimatedSeconds == 3)
        #expect(BackfillReportText.plan(limited).contains("estimated wall time"))
    }
}
