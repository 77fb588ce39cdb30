import Foundation
import Testing

@testable import KrakenIngest

/// The paging planner: the request that follows each committed cursor.
@Suite("Futures paging")
struct FuturesPagingTests {
    /// A decoded executions page with one element per time in `times`, and `token` in the body when given.
    static func executions(_ times: [Int64], token: String? = nil) throws -> FuturesPage {
        let elements = times.enumerated().map { n, t in
            #"{"uid": "e\#(t)-\#(n)", "timestamp": \#(t), "event": {"Execution": {"execution": "#
                + #"{"uid": "x\#(t)-\#(n)", "timestamp": "\#(t)"}}}}"#
        }
        let tokenMember = token.map { #", "continuationToken": "\#($0)""# } ?? ""
        let body = #"{"elements": [\#(elements.joined(separator: ","))]\#(tokenMember)}"#
        return try FuturesPage.decode(.executions, body: Data(body.utf8))
    }

    /// A decoded account-log page: one entry per `(id, time)`; a nil id leaves `id` out.
    static func accountLog(_ entries: [(id: Int64?, millis: Int64)], token: String? = nil) throws -> FuturesPage {
        let logs = entries.enumerated().map { n, entry in
            let id = entry.id.map { #""id": \#($0), "# } ?? ""
            return #"{\#(id)"booking_uid": "b\#(entry.millis)-\#(n)", "date": "\#(UnixMillis(entry.millis).iso)"}"#
        }
        let tokenMember = token.map { #", "continuation_token": "\#($0)""# } ?? ""
        let body = #"{"accountUid": "a", "logs": [\#(logs.joined(separator: ","))]\#(tokenMember)}"#
        return try FuturesPage.decode(.accountLog, body: Data(body.utf8))
    }

    @Test("parameters always go out in one order: since, before, sort, count, from, continuation_token")
    func order() {
        let query = FuturesPaging.ordered(since: "1", before: "2", sort: "asc", count: "3", from: "4", token: "t")
        #expect(query.items.map(\.name) == ["since", "before", "sort", "count", "from", "continuation_token"])
        #expect(FuturesPaging.ordered(sort: "asc", from: "5").encoded == "sort=asc&from=5")
    }

    // MARK: Continuation tokens (executions)

    @Test("executions: first request from --since or from the start of history")
    func executionsFirstRequest() {
        #expect(FuturesPaging.query(for: .executions, cursor: nil).encoded == "sort=asc&count=500")
        #expect(
            FuturesPaging.query(for: .executions, cursor: nil, start: UnixMillis(1_700_000_000_000)).encoded
                == "since=1700000000000&sort=asc&count=500")
        let stored = SyncCursor(resource: "executions", cursor: "1772026472238")
        #expect(
            FuturesPaging.query(for: .executions, cursor: stored, start: UnixMillis(1)).encoded
                == "since=1772026472238&sort=asc&count=500")
    }

    @Test("executions: follow the token, committing the highest time with each page, then stop")
    func executionsWindow() throws {
        let page = try Self.executions([10, 30, 20], token: "T1")
        let first = FuturesPaging.advance(.executions, cursor: nil, page: page)
        #expect(first.cursor == SyncCursor(resource: "executions", cursor: "30", token: "T1"))
        #expect(first.next?.encoded == "sort=asc&count=500&continuation_token=T1")
        #expect(first.next == FuturesPaging.query(for: .executions, cursor: first.cursor))

        let second = FuturesPaging.advance(.executions, cursor: first.cursor, page: try Self.executions([40]))
        #expect(second.cursor == SyncCursor(resource: "executions", cursor: "40", token: nil))
        #expect(second.next == nil)
        #expect(second.warnings.isEmpty)
        #expect(
            FuturesPaging.query(for: .executions, cursor: second.cursor).encoded
                == "since=40&sort=asc&count=500")
    }

    @Test("executions: an empty last page or older records never lower the cursor; rows are left alone")
    func executionsCursorNeverLowers() throws {
        let stored = SyncCursor(resource: "executions", cursor: "100", token: "T", rows: 7)
        let empty = FuturesPaging.advance(.executions, cursor: stored, page: try Self.executions([]))
        #expect(empty.cursor == SyncCursor(resource: "executions", cursor: "100", rows: 7))
        let older = FuturesPaging.advance(.executions, cursor: stored, page: try Self.executions([50], token: "U"))
        #expect(older.cursor.cursor == "100")
        #expect(older.cursor.token == "U")
    }

    @Test("executions: a token equal to the one sent stops paging with a warning")
    func repeatedToken() throws {
        let stored = SyncCursor(resource: "executions", cursor: "100", token: "SAME")
        let step = FuturesPaging.advance(.executions, cursor: stored, page: try Self.executions([100], token: "SAME"))
        #expect(step.next == nil)
        #expect(step.cursor.token == nil)
        #expect(step.warnings == [.repeatedToken])
    }

    @Test("snapshots: one request without parameters, nothing to page")
    func snapshots() throws {
        #expect(FuturesPaging.query(for: .tickers, cursor: nil).isEmpty)
        let page = try FuturesPage.decode(.tickers, body: Data(#"{"tickers": [{"symbol": "PI_XBTUSD"}]}"#.utf8))
        let step = FuturesPaging.advance(.tickers, cursor: nil, page: page)
        #expect(step.next == nil)
        #expect(step.cursor == SyncCursor(resource: "tickers"))
    }

    // MARK: Sequential ids (account log)

    @Test("account log: from = last id + 1 with sort=asc; full pages continue, a partial page ends the run")
    func accountLogIDs() throws {
        #expect(FuturesPaging.query(for: .accountLog, cursor: nil).encoded == "sort=asc&count=500")
        let stored = SyncCursor(resource: "account_log", cursor: "9")
        #expect(FuturesPaging.query(for: .accountLog, cursor: stored).encoded == "sort=asc&count=500&from=10")

        let full = try Self.accountLog([(10, 1_000), (12, 1_002), (11, 1_001)])
        let step = FuturesPaging.advance(.accountLog, cursor: stored, page: full, pageSize: 3)
        #expect(step.cursor == SyncCursor(resource: "account_log", cursor: "12"))
        #expect(step.next?.encoded == "sort=asc&count=3&from=13")

        let partial = try Self.accountLog([(13, 1_003)])
        let last = FuturesPaging.advance(.accountLog, cursor: step.cursor, page: partial, pageSize: 3)
        #expect(last.cursor.cursor == "13")
        #expect(last.next == nil)
        #expect(last.warnings.isEmpty)
    }

    @Test("account log: ids that do not pass the stored one stop paging with a warning")
    func accountLogNoProgress() throws {
        let stored = SyncCursor(resource: "account_log", cursor: "20")
        let page = try Self.accountLog([(18, 1), (19, 2), (20, 3)])
        let step = FuturesPaging.advance(.accountLog, cursor: stored, page: page, pageSize: 3)
        #expect(step.next == nil)
        #expect(step.cursor.cursor == "20")
        #expect(step.warnings == [.noProgress(lastID: 20)])
    }

    @Test("account log: no ids but a token: the token is followed")
    func accountLogToken() throws {
        let page = try Self.accountLog([(nil, 5_000)], token: "LOGTOKEN")
        let step = FuturesPaging.advance(.accountLog, cursor: nil, page: page, pageSize: 3)
        #expect(step.cursor.token == "LOGTOKEN")
        #expect(step.next?.encoded == "sort=asc&count=3&continuation_token=LOGTOKEN")
    }

    @Test("account log: a full page with neither ids nor token pages backwards with before, with a warning")
    func beforeFallback() throws {
        let stored = SyncCursor(resource: "account_log", cursor: "9")
        let page = try Self.accountLog([(nil, 5_002), (nil, 5_000), (nil, 5_001)])
        let step = FuturesPaging.advance(.accountLog, cursor: stored, page: page, pageSize: 3)
        #expect(step.warnings == [.beforeFallbackStarted(before: 5_000, maxPages: 50)])
        #expect(step.cursor == SyncCursor(resource: "account_log", cursor: "9", token: "before:5000:1"))
        #expect(step.next?.encoded == "before=5000&sort=desc&count=3")
        #expect(step.next == FuturesPaging.query(for: .accountLog, cursor: step.cursor, pageSize: 3))

        let older = try Self.accountLog([(nil, 4_990), (nil, 4_980), (nil, 5_000)])
        let next = FuturesPaging.advance(.accountLog, cursor: step.cursor, page: older, pageSize: 3)
        #expect(next.cursor.token == "before:4980:2")
        #expect(next.next?.encoded == "before=4980&sort=desc&count=3")
        #expect(next.warnings.isEmpty)

        let partial = try Self.accountLog([(nil, 4_000)])
        let done = FuturesPaging.advance(.accountLog, cursor: next.cursor, page: partial, pageSize: 3)
        #expect(done.next == nil)
        #expect(done.cursor == SyncCursor(resource: "account_log", cursor: "9"))
        #expect(done.warnings.isEmpty)
    }

    @Test("account log: the before fallback stops after 50 requests with a warning")
    func beforeFallbackCap() throws {
        var cursor: SyncCursor? = nil
        var newest: Int64 = 1_000_000
        var fallbackRequests = 0
        var warnings: [FuturesPagingWarning] = []
        var query: FuturesQuery? = FuturesPaging.query(for: .accountLog, cursor: cursor, pageSize: 2)
        while let sent = query, fallbackRequests < 1_000 {
            if sent["before"] != nil { fallbackRequests += 1 }
            let page = try Self.accountLog([(nil, newest), (nil, newest - 1)])  // always full, always older
            newest -= 10
            let step = FuturesPaging.advance(.accountLog, cursor: cursor, page: page, pageSize: 2)
            warnings += step.warnings
            cursor = step.cursor
            query = step.next
        }
        #expect(fallbackRequests == 50)
        #expect(cursor?.token == nil)
        #expect(warnings.count == 2)
        #expect(warnings.first == .beforeFallbackStarted(before: 999_999, maxPages: 50))
        #expect(warnings.last == .beforeFallbackLimit(maxPages: 50, reached: 1_000_000 - 500 - 1))
        #expect(warnings.last?.description.contains("50 pages") == true)
    }

    @Test("account log: a full page that brings nothing older than before stops (one-millisecond page)")
    func beforeFallbackStuck() throws {
        let stored = SyncCursor(resource: "account_log", token: "before:5000:3")
        let page = try Self.accountLog([(nil, 5_000), (nil, 5_000), (nil, 5_000)])
        let step = FuturesPaging.advance(.accountLog, cursor: stored, page: page, pageSize: 3)
        #expect(step.next == nil)
        #expect(step.cursor.token == nil)
        #expect(step.warnings == [.beforeFallbackStuck(at: 5_000)])
    }

    @Test("a stored Kraken token is never mistaken for the before fallback")
    func continuationText() {
        #expect(FuturesContinuation("before:5:2") == .before(millis: 5, number: 2))
        #expect(FuturesContinuation("YmVmb3Jl==") == .token("YmVmb3Jl=="))
        #expect(FuturesContinuation("before:x") == .token("before:x"))
        #expect(FuturesContinuation("") == nil)
        #expect(FuturesContinuation.before(millis: 7, number: 1).text == "before:7:1")
    }
}
