import Foundation
import KrakenTestServer
import Testing

@testable import KrakenIngest

@Suite("Futures sync over HTTP: the before fallback and time coalescing")
struct FuturesFallbackHTTPTests {
    /// An account log without ids or token, newest first: the first full page starts the fallback, which pages
    /// backwards with `before` = each page's earliest time until a partial page, with one warning.
    @Test func aFullPageWithoutIDsOrTokenPagesBackwardsWithBefore() async throws {
        var spec = FuturesAccountSpec(accountLogEntries: 10)
        spec.accountLogWithoutIDs = true
        try await withFuturesHarness(spec) { h in
            let lines = LogCapture()
            let report = try await h.sync([.accountLog], pageSize: 3, log: lines)
            let summary = report.resources[0]
            #expect(summary.status == .completed)
            #expect(summary.pages == 4)
            #expect(summary.rows == 10)
            #expect(Set(try h.rows(.accountLog).keys) == Set((1...10).map { "bk-\($0)" }))
            let queries = h.server.log.entries(path: FuturesRoutes.accountLogPath).map(\.rawQuery)
            #expect(
                queries == [
                    "sort=asc&count=3", "before=\(spec.time(7))&sort=desc&count=3",
                    "before=\(spec.time(4))&sort=desc&count=3", "before=\(spec.time(1))&sort=desc&count=3",
                ])
            #expect(summary.warnings.count == 1)
            #expect(summary.warnings.first?.contains("paging backwards") == true)
            #expect(lines.lines.filter { $0.hasPrefix("warning: account_log:") }.count == 1)
            let cursor = try h.cursor(.accountLog)
            #expect(cursor?.token == nil)
            #expect(cursor?.rows == 10)
            #expect(h.futures.authFailures == 0)
        }
    }

    /// A run stopped in the middle of the fallback stores where it was (`before:<ms>:<n>`) and the next run goes
    /// on from there: no hole, no duplicate.
    @Test func aStopDuringTheFallbackResumesWhereItWas() async throws {
        var spec = FuturesAccountSpec(accountLogEntries: 10)
        spec.accountLogWithoutIDs = true
        try await withFuturesHarness(spec) { h in
            let stop = StopRequest()
            let source = StoppingSource(inner: try h.source(), stop: stop, pages: 2)
            let first = try await h.sync([.accountLog], pageSize: 3, source: source, stop: stop)
            #expect(first.stopped)
            #expect(try h.cursor(.accountLog)?.token == "before:\(spec.time(4)):2")
            #expect(try h.rows(.accountLog).count == 6)
            let second = try await h.sync([.accountLog], pageSize: 3)
            #expect(second.resources[0].newRows == 4)
            #expect(second.resources[0].pages == 2)
            #expect(
                h.server.log.entries(path: FuturesRoutes.accountLogPath).dropFirst(2).first?.rawQuery
                    == "before=\(spec.time(4))&sort=desc&count=3")
            #expect(Set(try h.rows(.accountLog).keys) == Set((1...10).map { "bk-\($0)" }))
        }
    }

    /// 60 entries, one a page: the first page and 50 fallback pages, then a warning that older entries may be
    /// missing; the 9 oldest are not fetched.
    @Test func theFallbackStopsAfterFiftyPagesWithAWarning() async throws {
        var spec = FuturesAccountSpec(accountLogEntries: 60)
        spec.accountLogWithoutIDs = true
        try await withFuturesHarness(spec) { h in
            let report = try await h.sync([.accountLog], pageSize: 1)
            let summary = report.resources[0]
            #expect(summary.status == .completed)
            #expect(summary.pages == 51)
            let queries = h.server.log.entries(path: FuturesRoutes.accountLogPath).map(\.rawQuery)
            #expect(queries.count == 51)
            #expect(queries.filter { $0.hasPrefix("before=") }.count == 50)
            #expect(Set(try h.rows(.accountLog).keys) == Set((10...60).map { "bk-\($0)" }))
            #expect(summary.warnings.count == 2)
            #expect(summary.warnings.last?.contains("after 50 pages") == true)
            #expect(summary.warnings.last?.contains(UnixMillis(spec.time(9)).iso) == true)
            #expect(try h.cursor(.accountLog)?.token == nil)
        }
    }

    /// Times spread over every coalesced field (the later ones and the element's own `timestamp` holding decoys
    /// hours later), executions in all four wrappers: every record is stored at its true time.
    @Test func timestampsCoalesceInTheDeclaredOrderForEachResource() async throws {
        var spec = FuturesAccountSpec(executions: 16, accountLogEntries: 9)
        spec.scatteredTimes = true
        try await withFuturesHarness(spec) { h in
            let report = try await h.sync([.executions, .accountLog], pageSize: 5)
            #expect(report.resources.map(\.status) == [.completed, .completed])
            #expect(report.resources.map(\.skipped) == [0, 0])
            let probe = try StoreProbe(path: h.store.path)
            let executions = try probe.strings("SELECT uid || '=' || time_ms FROM futures_executions")
            #expect(executions.sorted() == (0..<16).map { "fill-\($0)=\(spec.time($0))" }.sorted())
            let log = try probe.strings("SELECT booking_uid || '=' || time_ms FROM futures_account_log ORDER BY id")
            #expect(log == (1...9).map { "bk-\($0)=\(spec.time($0 - 1))" })
            #expect(try h.cursor(.executions)?.cursor == String(spec.time(15)))
            #expect(try h.cursor(.accountLog)?.cursor == "9")
            let raw = try h.rows(.executions)
            #expect(raw["fill-3"]?.contains(#""trade":{"timestamp":""#) == true)
            #expect(raw["fill-9"]?.contains(#""event":{"Execution":{"info""#) == true)
            #expect(h.futures.authFailures == 0)
        }
    }
}
