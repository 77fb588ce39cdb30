import Foundation
import Testing

@testable import KrakenIngest

@Suite("Futures state: lag, retention and decommissioning warnings")
struct FuturesStateTests {
    static let day: Double = 86_400

    /// A store on a real file whose clock is `clock`, with `cursors` saved.
    private func makeStore(_ clock: ManualClock, _ cursors: [SyncCursor]) throws -> (SQLiteStore, TempDir) {
        let dir = try TempDir()
        let store = try SQLiteStore.open(path: dir.file("state.sqlite"), clock: clock)
        let session = try store.openWriterSession()
        defer { session.close() }
        try session.transaction { tx in for cursor in cursors { try tx.saveSyncCursor(cursor) } }
        return (store, dir)
    }

    private func entries(
        _ store: SQLiteStore, _ clock: ManualClock, check: FuturesLagCheck = FuturesLagCheck()
    ) throws -> [String: FuturesStateEntry] {
        let list = try store.read { try FuturesStateEntry.all($0, now: clock.now(), check: check) }
        return Dictionary(uniqueKeysWithValues: list.map { ($0.resource, $0) })
    }

    @Test("a complete sync ages on the injected clock: decommissioning only, then near, then beyond retention")
    func warningsFollowTheClock() throws {
        let clock = ManualClock(now: try TimeInput.parse("2026-09-01T00:00:00Z"))
        let synced = clock.now()
        let quiet = SyncCursor(
            resource: "executions", cursor: String(synced.value - Int64(200 * Self.day * 1000)), rows: 3,
            lastRunAt: synced.value)
        let (store, dir) = try makeStore(clock, [quiet])
        _ = dir

        // Just synced: no lag, nothing to say (the quiet account's old cursor does not count).
        var executions = try #require(try entries(store, clock)["executions"])
        #expect(executions.lagSeconds == 0)
        #expect(executions.syncedThrough == synced.seconds)
        #expect(executions.syncedThroughUTC == synced.iso)
        #expect(executions.cursorUTC == UnixMillis(synced.value - Int64(200 * Self.day * 1000)).iso)
        #expect(executions.warnings.isEmpty)
        #expect(executions.retentionDays == 90)
        #expect(executions.retentionSource == "assumed")

        clock.advance(seconds: 60 * Self.day)
        executions = try #require(try entries(store, clock)["executions"])
        #expect(executions.lagSeconds == Int64(60 * Self.day))
        #expect(executions.warnings.count == 1)
        #expect(executions.warnings[0].contains("1 March 2027 (121 days left)"))

        clock.advance(seconds: 7.5 * Self.day)  // 67.5 days: three quarters of 90
        executions = try #require(try entries(store, clock)["executions"])
        #expect(executions.warnings.count == 2)
        #expect(
            executions.warnings[0]
                == "lag 67.5 days is near the 90-day retention assumed (Kraken publishes none; set "
                + "--retention-days): entries after 2026-09-01T00:00:00.000Z are not synced yet and may be dropped "
                + "from 2026-11-30T00:00:00.000Z on; run `kraken-ingest futures sync` soon")

        clock.advance(seconds: 23 * Self.day)  // 90.5 days
        executions = try #require(try entries(store, clock)["executions"])
        #expect(executions.warnings[0].hasPrefix("lag 90.5 days exceeds the 90-day retention assumed"))
        #expect(
            executions.warnings[0].contains(
                "entries between 2026-09-01T00:00:00.000Z and 2026-09-01T12:00:00.000Z may already be gone"))

        // The user's figure replaces the assumption.
        let overridden = try entries(store, clock, check: FuturesLagCheck(retentionOverride: 365))
        let year = try #require(overridden["executions"])
        #expect(year.retentionDays == 365)
        #expect(year.retentionSource == "option")
        #expect(year.warnings.count == 1)
        #expect(year.warnings[0].contains("decommissions"))
    }

    @Test("lag from the cursor after a failed or unfinished run, from the last run for snapshots; never synced")
    func lagSources() throws {
        let clock = ManualClock(now: try TimeInput.parse("2026-12-04T00:00:00Z"))
        let now = clock.now().value
        let dayMs = Int64(Self.day * 1000)
        let (store, dir) = try makeStore(
            clock,
            [
                SyncCursor(
                    resource: "executions", cursor: String(now - 70 * dayMs), lastRunAt: now - 1_000,
                    lastError: "HTTP 500"),
                SyncCursor(resource: "position_history", cursor: String(now - 95 * dayMs), token: "c+/abc="),
                SyncCursor(resource: "account_log", cursor: "41", token: "before:1:2", lastRunAt: now),
                SyncCursor(resource: "tickers", lastRunAt: now - 400 * dayMs),
            ])
        _ = dir
        let all = try entries(store, clock)
        let executions = try #require(all["executions"])
        #expect(executions.lagSeconds == Int64(70 * 86_400))
        #expect(executions.warnings.count == 2)
        #expect(executions.warnings[0].hasPrefix("lag 70.0 days is near"))
        #expect(executions.warnings[1].contains("(87 days left)"))
        let positions = try #require(all["position_history"])
        #expect(positions.warnings[0].hasPrefix("lag 95.0 days exceeds"))
        // The account log's cursor is an id: an unfinished run leaves no time to measure from.
        let log = try #require(all["account_log"])
        #expect(log.lagSeconds == nil)
        #expect(log.warnings.count == 1)
        #expect(log.warnings[0].contains("decommissions"))
        // Snapshots keep no history: no retention, no warning, however old.
        let tickers = try #require(all["tickers"])
        #expect(tickers.lagSeconds == Int64(400 * 86_400))
        #expect(tickers.retentionDays == nil)
        #expect(tickers.warnings.isEmpty)
        // Never synced history: the decommissioning warning.
        let open = try #require(all["open_positions"])
        #expect(open.warnings.isEmpty)
        #expect(FuturesLagCheck().warnings(for: .positionHistory, lagSeconds: nil, now: clock.now()).count == 1)
    }

    @Test("after 1 March 2027 the warning says the API was decommissioned")
    func afterTheDecommissioning() throws {
        let march = try TimeInput.parse("2027-03-01T00:00:00Z")
        #expect(FuturesLagCheck.decommissioning == march)
        let check = FuturesLagCheck()
        #expect(
            check.warnings(for: .executions, lagSeconds: 60, now: march.adding(seconds: -1)) == [
                .decommissioning(daysLeft: 1)
            ])
        #expect(check.warnings(for: .executions, lagSeconds: 60, now: march) == [.decommissioned])
        #expect(check.warnings(for: .executions, lagSeconds: 0, now: march).isEmpty)
        #expect(check.warnings(for: .tickers, lagSeconds: 400 * 86_400, now: march).isEmpty)
    }

    @Test("retention is declared per resource as data: nil for every history endpoint (Kraken publishes none)")
    func declaredRetention() {
        for resource in FuturesResource.all {
            #expect(resource.retentionDays == nil, "\(resource.name)")
        }
        var declared = FuturesResource.executions
        declared.retentionDays = 30
        #expect(FuturesLagCheck().retention(for: declared) == FuturesRetention(days: 30, source: .declared))
        #expect(FuturesLagCheck(retentionOverride: 10).retention(for: declared)?.source == .option)
        #expect(FuturesLagCheck().retention(for: .openPositions) == nil)
    }
}
