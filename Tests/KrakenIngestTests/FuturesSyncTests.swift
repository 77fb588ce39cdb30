import Foundation
import KrakenTestServer
import Testing

@testable import KrakenIngest

@Suite("Futures sync over HTTP")
struct FuturesSyncTests {
    @Test func followsContinuationTokensAcrossPages() async throws {
        try await withFuturesHarness(FuturesAccountSpec(executions: 7)) { h in
            let report = try await h.sync([.executions], pageSize: 3)
            let summary = try #require(report.resources.first)
            #expect(summary.status == .completed)
            #expect(summary.pages == 3)
            #expect(summary.rows == 7)
            #expect(summary.newRows == 7)
            let rows = try h.rows(.executions)
            #expect(Set(rows.keys) == Set((0..<7).map { "fill-\($0)" }))
            #expect(rows["fill-0"]?.hasPrefix(#"{"event":{"Execution""#) == true)
            let cursor = try #require(try h.cursor(.executions))
            #expect(cursor.cursor == String(FuturesAccountSpec().time(6)))
            #expect(cursor.token == nil)
            #expect(cursor.rows == 7)
            let queries = h.server.log.entries(path: FuturesRoutes.executionsPath).map(\.rawQuery)
            #expect(queries.count == 3)
            #expect(queries[1].contains("continuation_token=c%2B%2F"))
            #expect(h.futures.authFailures == 0)
            let probe = try StoreProbe(path: h.store.path)
            #expect(try probe.strings("SELECT price FROM futures_executions WHERE uid = 'fill-1'") == ["60001.5"])
            #expect(
                try probe.strings("SELECT time FROM v_futures_executions WHERE uid = 'fill-0'")
                    == ["2026-01-01T00:00:00.000Z"])
        }
    }

    @Test func accountLogPagesForwardByID() async throws {
        try await withFuturesHarness(FuturesAccountSpec(accountLogEntries: 9)) { h in
            let first = try await h.sync([.accountLog], pageSize: 4)
            #expect(first.resources[0].pages == 3)
            #expect(try h.cursor(.accountLog)?.cursor == "9")
            h.futures.configure { $0.accountLogEntries = 12 }
            let second = try await h.sync([.accountLog], pageSize: 4)
            #expect(second.resources[0].rows == 3)
            #expect(second.resources[0].cursorBefore == "9")
            #expect(second.resources[0].cursorAfter == "12")
            let froms = h.server.log.entries(path: FuturesRoutes.accountLogPath).compactMap { $0.query["from"] }
            #expect(froms == ["5", "9", "10"])
            #expect(try h.rows(.accountLog).count == 12)
        }
    }

    @Test func rerunningAWindowCreatesNoDuplicates() async throws {
        try await withFuturesHarness(FuturesAccountSpec(executions: 5, positionUpdates: 4)) { h in
            _ = try await h.sync([.executions, .positionHistory], pageSize: 2)
            let again = try await h.sync([.executions, .positionHistory], pageSize: 2)
            #expect(again.resources.map(\.newRows) == [0, 0])
            #expect(try h.rows(.executions).count == 5)
            #expect(try h.rows(.positionHistory).count == 4)
            _ = try await h.sync([.executions], pageSize: 2, since: UnixMillis(0))
            #expect(try h.rows(.executions).count == 5)
        }
    }

    @Test func aRunStoppedBetweenPagesResumesWithoutHoleOrDuplicate() async throws {
        try await withFuturesHarness(FuturesAccountSpec(executions: 7)) { h in
            let stop = StopRequest()
            let source = StoppingSource(inner: try h.source(), stop: stop, pages: 1)
            let first = try await h.sync([.executions], pageSize: 3, source: source, stop: stop)
            #expect(first.stopped)
            #expect(first.resources[0].status == .stopped)
            #expect(try h.rows(.executions).count == 3)
            #expect(try h.cursor(.executions)?.token != nil)
            let second = try await h.sync([.executions], pageSize: 3)
            #expect(second.resources[0].status == .completed)
            #expect(second.resources[0].newRows == 4)
            #expect(Set(try h.rows(.executions).keys) == Set((0..<7).map { "fill-\($0)" }))
        }
    }

    @Test func aRunThatDiesMidWindowKeepsItsCommittedPagesAndCursor() async throws {
        var spec = FuturesAccountSpec(executions: 7)
        spec.failAfter = [FuturesRoutes.executionsPath: 1]
        try await withFuturesHarness(spec) { h in
            let first = try await h.sync([.executions], pageSize: 3)
            #expect(first.resources[0].status == .failed)
            #expect(first.resources[0].retries == 1)
            let committed = try #require(try h.cursor(.executions))
            #expect(committed.cursor == String(spec.time(2)))
            #expect(committed.lastError != nil)
            #expect(try h.rows(.executions).count == 3)
            h.futures.configure { $0.failAfter = [:] }
            _ = try await h.sync([.executions], pageSize: 3)
            #expect(Set(try h.rows(.executions).keys) == Set((0..<7).map { "fill-\($0)" }))
            #expect(try h.cursor(.executions)?.lastError == nil)
        }
    }

    @Test func aFailedRunLeavesTheCursorUnchanged() async throws {
        try await withFuturesHarness(FuturesAccountSpec(executions: 4)) { h in
            _ = try await h.sync([.executions])
            let before = try #require(try h.cursor(.executions))
            h.futures.configure {
                $0.executions = 9
                $0.failAfter = [FuturesRoutes.executionsPath: 1]
            }
            let failed = try await h.sync([.executions])
            #expect(failed.resources[0].status == .failed)
            let after = try #require(try h.cursor(.executions))
            #expect(after.cursor == before.cursor)
            #expect(after.token == before.token)
            #expect(after.rows == 4)
        }
    }

    @Test func aBadSignatureStopsWithTheLikelyCauses() async throws {
        try await withFuturesHarness { h in
            for resource in [FuturesResource.executions, .openPositions] {
                do {
                    _ = try await h.sync([resource], source: try h.source(secret: FuturesHarness.wrongSecret))
                    Issue.record("expected an authentication error for \(resource.name)")
                } catch let error as FuturesSyncError {
                    #expect(error.description.contains("Likely causes"))
                    #expect(error.description.contains("spot"))
                    #expect(error.description.contains("clock"))
                    #expect(!error.description.contains(FuturesHarness.wrongSecret))
                }
            }
            #expect(h.futures.authFailures == 2)
            #expect(try h.cursor(.executions)?.cursor == nil)
        }
    }

    @Test func aPermissionErrorSkipsOneResourceAndTheOthersGoOn() async throws {
        var spec = FuturesAccountSpec(executions: 3, accountLogEntries: 2, positionUpdates: 2)
        spec.deniedPaths = [FuturesRoutes.positionsPath, FuturesRoutes.openPositionsPath]
        try await withFuturesHarness(spec) { h in
            let report = try await h.sync(FuturesResource.all)
            let status = Dictionary(uniqueKeysWithValues: report.resources.map { ($0.resource, $0.status) })
            #expect(
                status == [
                    "executions": .completed, "account_log": .completed,
                    "position_history": .permissionDenied, "tickers": .completed,
                    "open_positions": .permissionDenied,
                ])
            #expect(report.failures.count == 2)
            #expect(try h.rows(.executions).count == 3)
            #expect(try h.rows(.positionHistory).isEmpty)
        }
    }

    @Test func snapshotsReplaceTheirTableStampedWithTheCaptureTime() async throws {
        try await withFuturesHarness { h in
            _ = try await h.sync([.tickers, .openPositions])
            h.clock.advance(seconds: 60)
            _ = try await h.sync([.tickers, .openPositions])
            #expect(try h.rows(.tickers).count == 3)
            #expect(Set(try h.rows(.openPositions).keys) == ["PF_XBTUSD|long", "PF_ETHUSD|short"])
            let probe = try StoreProbe(path: h.store.path)
            let stamps = try probe.strings("SELECT DISTINCT captured_time FROM v_futures_tickers")
            #expect(stamps == [UnixMillis(h.clock.now().value).iso])
        }
    }

    @Test func rateLimitedRequestsBackOffAsTheServerAsks() async throws {
        let retry = RetryPolicy(jitter: .constant(0.5))
        try await withFuturesHarness(FuturesAccountSpec(executions: 2), retry: retry) { h in
            h.server.faults.enqueue(
                .status(429, headers: ["rate-limit-reset": "3"], body: "Too many requests"),
                path: FuturesRoutes.executionsPath)
            h.server.faults.enqueue(.futuresError("apiLimitExceeded"), path: FuturesRoutes.executionsPath)
            let report = try await h.sync([.executions])
            #expect(report.resources[0].status == .completed)
            #expect(report.resources[0].retries == 2)
            #expect(h.clock.sleeps.contains(3))
            #expect(h.clock.sleeps.contains(4))
        }
    }
}

@Suite("Futures sync: response shapes over HTTP")
struct FuturesSyncShapeTests {
    @Test func variantShapesSyncLikeTheSchemaOnes() async throws {
        var spec = FuturesAccountSpec(executions: 8, accountLogEntries: 5, positionUpdates: 5)
        spec.variantShapes = true
        try await withFuturesHarness(spec) { h in
            let report = try await h.sync([.executions, .accountLog, .positionHistory], pageSize: 2)
            #expect(report.resources.map(\.status) == [.completed, .completed, .completed])
            #expect(report.resources[0].pages == 4)
            #expect(Set(try h.rows(.executions).keys) == Set((0..<8).map { "fill-\($0)" }))
            #expect(Set(try h.rows(.positionHistory).keys) == Set((0..<5).map { "pos-\($0)" }))
            #expect(try h.cursor(.accountLog)?.cursor == "5")
            let queries = h.server.log.entries(path: FuturesRoutes.executionsPath).map(\.rawQuery)
            #expect(queries.filter { $0.contains("continuation_token=") }.count == 3)
            let probe = try StoreProbe(path: h.store.path)
            #expect(
                try probe.strings("SELECT time_ms FROM futures_position_history WHERE key = 'pos-1'")
                    == [String(spec.time(1))])
        }
    }
}

@Suite("Futures sync: skipped records")
struct FuturesSyncSkipTests {
    @Test func recordsWithoutATimestampAreSkippedAndCounted() async throws {
        var spec = FuturesAccountSpec(executions: 6)
        spec.untimedExecutions = [1, 4]
        try await withFuturesHarness(spec) { h in
            let report = try await h.sync([.executions], pageSize: 3)
            #expect(report.resources[0].skipped == 2)
            #expect(report.resources[0].rows == 4)
            #expect(Set(try h.rows(.executions).keys) == ["fill-0", "fill-2", "fill-3", "fill-5"])
        }
    }
}

@Suite("Futures sync: schedule")
struct FuturesScheduleTests {
    @Test func everyFifteenMinutesAlignsToTheQuarterHours() throws {
        let schedule = try RunSchedule.parse("15m")
        #expect(schedule.seconds == 900)
        let start = try TimeInput.parse("2026-01-01T00:01:40Z")
        #expect(schedule.next(after: start).iso == "2026-01-01T00:15:00.000Z")
        #expect(schedule.next(after: try TimeInput.parse("2026-01-01T00:15:00Z")).iso == "2026-01-01T00:30:00.000Z")
        #expect(try RunSchedule.parse("1h").seconds == 3_600)
        #expect(throws: KrakenIngestError.self) { try RunSchedule.parse("5s") }
        #expect(throws: KrakenIngestError.self) { try RunSchedule.parse("soon") }
    }
}

@Suite("Futures sync: schema")
struct FuturesSchemaTests {
    @Test func theFrozenTablesMatchTheDeclarations() throws {
        let dir = try TempDir()
        let store = try SQLiteStore.open(path: dir.file("schema.sqlite"))
        let probe = try StoreProbe(path: store.path)
        for resource in FuturesResource.all {
            let table = "futures_" + resource.name
            let columns = try probe.strings("SELECT name FROM pragma_table_info('\(table)') ORDER BY cid")
            let key = resource.columns.first { $0.source == .naturalKey }!.name
            let declared = [key] + resource.columns.map(\.name).filter { $0 != key }
            #expect(columns == declared + ["raw_json", "captured_at", "updated_at"], "\(table)")
            #expect(try probe.strings("SELECT name FROM pragma_table_info('\(table)') WHERE pk = 1") == [key])
            #expect(
                try probe.int("SELECT COUNT(*) FROM sqlite_master WHERE type = 'view' AND name = 'v_\(table)'")
                    == 1)
        }
    }
}
