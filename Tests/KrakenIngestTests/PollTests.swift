import Foundation
import KrakenTestServer
import Testing

@testable import KrakenIngest

/// The clock-aligned scheduler `poll` and `futures sync --every` share, on a manual clock (nothing sleeps). The
/// scheduler blocks its thread while the clock's async sleep runs, so each run gets a thread of its own.
@Suite struct CycleSchedulerTests {
    private final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    /// 2024-05-24T11:20:34Z: five minutes and 34 seconds past the :15 boundary.
    private let start = UnixMillis(seconds: 1_716_549_634)

    /// Runs `scheduler` on a thread of its own; returns its summary and the boundaries of the cycles it ran.
    private func run(
        _ scheduler: CycleScheduler, _ body: @escaping @Sendable (CycleScheduler.Cycle) -> Bool
    ) async throws -> (CycleScheduler.Summary, [String]) {
        let boundaries = Lines()
        let summary = try await onOwnThread {
            try scheduler.run { cycle in
                boundaries.append(cycle.boundary.isoSeconds)
                return body(cycle)
            }
        }
        return (summary, boundaries.all)
    }

    @Test func theFirstCycleRunsAtOnceAndLaterOnesAtQuarterHours() async throws {
        let clock = ManualClock(now: start)
        let lines = Lines()
        let scheduler = CycleScheduler(
            schedule: try RunSchedule.parse("15m"), clock: clock, stop: StopRequest(), log: lines.append)
        let (summary, boundaries) = try await run(scheduler) { cycle in
            clock.advance(seconds: 40)  // the cycle's own work
            return cycle.number < 4
        }
        #expect(
            boundaries == [
                "2024-05-24T11:20:34Z", "2024-05-24T11:30:00Z", "2024-05-24T11:45:00Z", "2024-05-24T12:00:00Z",
            ])
        #expect(summary == CycleScheduler.Summary(cycles: 4, missed: 0, stopped: false))
        #expect(lines.all.filter { $0.hasPrefix("next cycle at") }.count == 3)
        #expect(!lines.all.contains { $0.contains("warning") })
    }

    @Test func aCycleThatRunsPastBoundariesWarnsAndTheNextStartsAtTheFollowingBoundary() async throws {
        let clock = ManualClock(now: UnixMillis(seconds: 1_716_548_400))  // 11:00:00, a boundary
        let lines = Lines()
        let scheduler = CycleScheduler(
            schedule: try RunSchedule.parse("15m"), clock: clock, stop: StopRequest(), log: lines.append)
        let (summary, boundaries) = try await run(scheduler) { cycle in
            if cycle.number == 1 { clock.advance(seconds: 31 * 60) }  // runs past 11:15 and 11:30
            return cycle.number < 2
        }
        #expect(boundaries == ["2024-05-24T11:00:00Z", "2024-05-24T11:45:00Z"])
        #expect(summary.missed == 2)
        let warning = try #require(lines.all.first { $0.hasPrefix("warning") })
        #expect(warning.contains("cycle 1 took 1860 s") && warning.contains("2 cycle(s) missed"))
        #expect(lines.all.contains("next cycle at 2024-05-24T11:45:00Z"))
    }

    @Test func aStopDuringACycleEndsAfterItAndAStopWhileWaitingEndsAtOnce() async throws {
        let stop = StopRequest()
        let (first, ran) = try await run(
            CycleScheduler(
                schedule: try RunSchedule.parse("15m"), clock: ManualClock(now: start), stop: stop, log: { _ in })
        ) { _ in
            stop.requestStop()  // the first Ctrl-C arrives during the cycle: the cycle still finishes
            return true
        }
        #expect(first == CycleScheduler.Summary(cycles: 1, missed: 0, stopped: true))
        #expect(ran.count == 1)

        // On the real clock a stop while waiting for the next hour ends the wait within a slice.
        let waiting = StopRequest()
        let began = Date()
        let (second, _) = try await run(
            CycleScheduler(schedule: try RunSchedule.parse("1h"), clock: SystemClock(), stop: waiting, log: { _ in })
        ) { _ in
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: 0.3)
                waiting.requestStop()
            }
            return true
        }
        #expect(second == CycleScheduler.Summary(cycles: 1, missed: 0, stopped: true))
        #expect(Date().timeIntervalSince(began) < 60)
    }

    /// A manual clock whose first sleep lasts 40 minutes longer than asked (a laptop lid closed meanwhile).
    private final class SuspendingClock: WallClock, @unchecked Sendable {
        let base: ManualClock
        private let lock = NSLock()
        private var suspended = false
        init(_ base: ManualClock) { self.base = base }
        func now() -> UnixMillis { base.now() }
        func sleep(seconds: Double) async throws {
            try await base.sleep(seconds: seconds)
            let first = lock.withLock { () -> Bool in
                defer { suspended = true }
                return !suspended
            }
            if first { base.advance(seconds: 40 * 60) }
        }
    }

    @Test func aMachineThatSleptThroughBoundariesRunsTheLatestAndCountsTheRest() async throws {
        let lines = Lines()
        let scheduler = CycleScheduler(
            schedule: try RunSchedule.parse("15m"), clock: SuspendingClock(ManualClock(now: start)),
            stop: StopRequest(), checkEvery: 3_600, log: lines.append)
        let (summary, boundaries) = try await run(scheduler) { $0.number < 2 }
        // Due at 11:30, awake at 12:10: 11:45 and 12:00 passed asleep; the 12:00 cycle runs.
        #expect(boundaries == ["2024-05-24T11:20:34Z", "2024-05-24T12:00:00Z"])
        #expect(summary.missed == 2)
        #expect(lines.all.contains { $0.hasPrefix("warning: woke 2 cycle(s) late") })
    }

    @Test func periodsMustDivideADay() throws {
        #expect(try RunSchedule.parse("15m").seconds == 900)
        #expect(try RunSchedule.parse("1h").seconds == 3_600)
        #expect(throws: KrakenIngestError.self) { try RunSchedule.parse("7m") }
        #expect(throws: KrakenIngestError.self) { try RunSchedule.parse("30s") }
        #expect(throws: KrakenIngestError.self) { try RunSchedule.parse("25h") }
    }
}

/// A poll cycle over real HTTP against the imitation: one request per series from the end of coverage.
@Suite(.serialized) struct PollCycleTests {
    private func cycle(_ rig: BackfillRig, scope: AnalysisScope, clock: ManualClock) -> PollCycle {
        let spot = rig.spot
        return PollCycle(
            storePath: rig.harness.dbPath, tiers: rig.tiers, scope: scope, clock: clock,
            makeClient: { spot })
    }

    @Test func pollingAsksFromTheEndOfCoverageAndStoresOnlyFinishedCandles() async throws {
        let serverClock = ManualClock(seconds: httpTestNow)
        try await withBackfillRig(server: { $0.clock = serverClock }) { rig in
            try rig.importArchive("XBTUSD", hoursBeforeNow: 10, count: 40)
            let archiveEnd = backfillCurrentHour - 10 * 3600
            let clock = ManualClock(seconds: httpTestNow)
            let poll = cycle(rig, scope: AnalysisScope(pairs: ["XBTUSD"]), clock: clock)

            let first = try await onOwnThread { try poll.run(boundary: clock.now()) }
            #expect(first.status == .completed && first.series == 1 && first.requests == 1)
            let asked = rig.server.log.entries(path: SpotRoutes.ohlcPath, pair: "XBTUSD")
            #expect(asked.map { $0.query["since"] } == ["\(archiveEnd - 4 * 3600)"])
            let series = try rig.series("XBTUSD")
            let stored = try rig.harness.read {
                try $0.candles(series, in: TimeRange(start: 0, end: backfillCurrentHour + 7_200))
            }
            #expect(stored.last?.openTime == backfillLastHour)  // the unfinished 11:00 candle is not stored
            #expect(stored.count == 50)
            // The re-fetched candles overlapping the archive keep the archive's values.
            let lastArchive = try #require(stored.first { $0.openTime == archiveEnd - 3600 })
            #expect(lastArchive != BackfillRig.served(.xbtusd, open: archiveEnd - 3600))
            #expect(stored.first { $0.openTime == archiveEnd } == BackfillRig.served(.xbtusd, open: archiveEnd))
            let covered = try rig.harness.read { try $0.coverage(pairs: ["XBTUSD"], intervals: [60]) }
            #expect(covered.first?.ranges.last?.range.end == backfillCurrentHour)

            // Two hours later the next cycle asks only from there and adds the two candles that closed.
            serverClock.advance(seconds: 7_200)
            clock.advance(seconds: 7_200)
            let second = try await onOwnThread { try poll.run(boundary: clock.now()) }
            #expect(second.status == .completed && second.candlesWritten >= 2)
            let since = rig.server.log.entries(path: SpotRoutes.ohlcPath, pair: "XBTUSD").last?.query["since"]
            #expect(since == "\(backfillCurrentHour - 4 * 3600)")
            let newest = try rig.harness.read {
                try $0.candles(series, in: TimeRange(start: backfillCurrentHour, end: backfillCurrentHour + 10_800))
            }
            #expect(newest.map(\.openTime) == [backfillCurrentHour, backfillCurrentHour + 3600])
            #expect(second.behindAPIWindow.isEmpty)
        }
    }

    @Test func explicitIntervalsStartTheTiersSeriesAndAPermanentErrorSkipsOnlyThatSeries() async throws {
        try await withBackfillRig(server: { $0.pairs = [.xbtusd, .ethusd, .solusd] }) { rig in
            let clock = ManualClock(seconds: httpTestNow)
            let poll = cycle(rig, scope: AnalysisScope(tiers: .some(["TIER1"]), intervals: [60, 1440]), clock: clock)
            let outcome = try await onOwnThread { try poll.run(boundary: clock.now()) }
            // TIER1 is XBTUSD, ETHUSD, SOLUSD and XBTUSDT: 8 series; the imitation does not know XBTUSDT.
            #expect(outcome.series == 8)
            #expect(outcome.status == .failed)
            #expect(Set(outcome.failures.map(\.pair)) == ["XBTUSDT"])
            #expect(rig.server.log.count(path: SpotRoutes.ohlcPath, pair: "XBTUSD") == 2)
            #expect(rig.server.log.entries(path: SpotRoutes.ohlcPath).allSatisfy { $0.query["since"] == nil })
            let jobs = try rig.harness.read { try $0.jobs(limit: 5) }
            #expect(jobs.first?.kind == PollCycle.kind)
        }
    }

    @Test func aStoreHeldByAnotherWriterSkipsTheCycle() async throws {
        try await withBackfillRig { rig in
            try rig.importArchive("XBTUSD", hoursBeforeNow: 1, count: 5)
            let clock = ManualClock(seconds: httpTestNow)
            let poll = cycle(rig, scope: AnalysisScope(), clock: clock)
            let holder = try rig.harness.store.openWriterSession()
            defer { holder.close() }
            let outcome = try await onOwnThread { try poll.run(boundary: clock.now()) }
            #expect(outcome.status == .busy && outcome.exitCode == 75)
            #expect(PollCycleText.lines(outcome).contains("skipped, another writer holds the store"))
            #expect(rig.server.log.count(path: SpotRoutes.ohlcPath) == 0)
        }
    }
}

/// The built `kraken-ingest poll` against the imitation (real clock, real HTTP, real signals).
@Suite(.serialized) struct PollCLITests {
    @Test func pollOnceStoresTheNewCandlesAndPrintsAJSONLine() async throws {
        let server = try await KrakenTestServer.started(.init())
        defer { Task { await server.stop() } }
        let dir = try TempDir()
        let db = try Binary.storeWithRecentTail(dir)
        let env = ["KRAKEN_SPOT_API_URL": server.baseURL.absoluteString]
        let result = try await onOwnThread {
            try Binary.run(["poll", "--once", "--json", "--db", db], environment: env)
        }
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "completed")
        #expect(json["requests"] as? Int == 1)
        #expect(server.log.count(path: SpotRoutes.ohlcPath, pair: "XBTUSD") == 1)
        let probe = try StoreProbe(path: db)
        #expect(try probe.int("SELECT COUNT(*) FROM v_candles WHERE source = 'api'") >= 10)
        #expect(try probe.strings("SELECT status FROM jobs WHERE kind = 'poll'") == ["COMPLETED"])
        // The shared vocabulary: the job is `id`, times are unix seconds with a `UTC` sibling.
        let pollJob = try probe.int("SELECT id FROM jobs WHERE kind = 'poll'")
        #expect(json["id"] as? Int == Int(pollJob))
        let boundary = try #require(json["boundary"] as? Int)
        #expect(json["boundaryUTC"] as? String == UTCTime.iso(Int64(boundary)))
        #expect(json["durationSeconds"] is Double && json["jobID"] == nil && json["boundaryISO"] == nil)
    }

    @Test func pollSaysNoToNothingToPollAndToPeriodsThatDoNotDivideADay() async throws {
        let dir = try TempDir()
        let db = try Binary.storeWithRecentTail(dir)
        let nothing = try Binary.run(["poll", "--once", "--db", db, "--pairs", "ETHUSD"])
        #expect(nothing.status == 64)
        #expect(nothing.stderr.contains("nothing to poll"))
        let drifting = try Binary.run(["poll", "--every", "7m", "--db", db])
        #expect(drifting.status == 64 && drifting.stderr.contains("does not divide a day"))
        let both = try Binary.run(["poll", "--once", "--every", "15m", "--db", db])
        #expect(both.status == 64)
    }

    @Test func ctrlCStopsAfterTheCycleInHandWithExitZero() async throws {
        let server = try await KrakenTestServer.started(.init())
        defer { Task { await server.stop() } }
        let dir = try TempDir()
        let db = try Binary.storeWithRecentTail(dir)
        let running = try Binary.start(
            ["poll", "--every", "1h", "--db", db], environment: ["KRAKEN_SPOT_API_URL": server.baseURL.absoluteString])
        // Wait for the first cycle's request (the first cycle runs at once), then send SIGINT while it waits.
        for _ in 0..<200 where server.log.count(path: SpotRoutes.ohlcPath) == 0 {
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        try await Task.sleep(nanoseconds: 500_000_000)
        kill(running.process.processIdentifier, SIGINT)
        let result = try await onOwnThread { running.wait() }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(" poll: 1 series, 1 request(s)"))
        #expect(result.stderr.contains("next cycle at") && result.stderr.contains("poll stopped after 1 cycle(s)"))
    }
}
