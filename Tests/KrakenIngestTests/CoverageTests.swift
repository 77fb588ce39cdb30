import Foundation
import GRDB
import Testing
@testable import KrakenIngest

@Suite("Coverage ranges")
struct CoverageTests {
    static func r(_ start: Int64, _ end: Int64, _ source: CoverageSource = .csv, rows: Int64 = 0) -> CoverageRange {
        CoverageRange(range: TimeRange(start: start, end: end), source: source, rows: rows)
    }

    @Test("ranges that overlap or touch merge; disjoint ones stay apart; mixed sources become MIXED")
    func absorbRules() {
        let existing = [Self.r(0, 100), Self.r(200, 300, .api), Self.r(400, 500)]
        let touching = CoverageRange.absorb(TimeRange(start: 100, end: 150), source: .csv, into: existing)
        #expect(touching.merged == TimeRange(start: 0, end: 150))
        #expect(touching.source == .csv)
        #expect(touching.absorbed == [Self.r(0, 100)])

        let bridging = CoverageRange.absorb(TimeRange(start: 50, end: 250), source: .csv, into: existing)
        #expect(bridging.merged == TimeRange(start: 0, end: 300))
        #expect(bridging.source == .mixed)
        #expect(bridging.absorbed.count == 2)

        let apart = CoverageRange.absorb(TimeRange(start: 320, end: 380), source: .trades, into: existing)
        #expect(apart.merged == TimeRange(start: 320, end: 380))
        #expect(apart.source == .trades)
        #expect(apart.absorbed.isEmpty)

        let inside = CoverageRange.absorb(TimeRange(start: 410, end: 420), source: .csv, into: existing)
        #expect(inside.merged == TimeRange(start: 400, end: 500))
    }

    @Test("files covering [t0, tn + interval) merge in the store when they touch, and count their candles")
    func storeMerging() throws {
        let h = try ImportHarness()
        let hour: Int64 = 3600
        let t0: Int64 = 1_704_067_200
        let a = try h.dir.write("a/XBTUSD_60.csv", candleCSV(start: t0, count: 10))
        let b = try h.dir.write("b/XBTUSD_60.csv", candleCSV(start: t0 + 10 * hour, count: 10))   // touches a
        let c = try h.dir.write("c/XBTUSD_60.csv", candleCSV(start: t0 + 30 * hour, count: 5))    // 10 h hole
        try h.importPaths([a])
        try h.importPaths([c])
        let p = try h.probe()
        #expect(try p.int("SELECT COUNT(*) FROM coverage") == 2)
        try h.importPaths([b])
        let ranges = try h.store.dbQueue.read { try CoverageTracker.ranges(in: $0) }
        #expect(ranges.count == 1)
        #expect(ranges[0].ranges == [Self.r(t0, t0 + 20 * hour, rows: 20), Self.r(t0 + 30 * hour, t0 + 35 * hour, rows: 5)])
    }

    @Test("a range from another source merges into a MIXED range whose row count is recounted")
    func mixedSources() throws {
        let h = try ImportHarness()
        let t0: Int64 = 1_704_067_200
        let csv = try h.dir.write("XBTUSD_60.csv", candleCSV(start: t0, count: 24))
        try h.importPaths([csv])
        try h.store.dbQueue.write { db in
            let pairID = try PairStore.id(for: "XBTUSD", in: db)
            let upsert = try CandleUpsert(db, pairID: pairID, interval: CandleInterval(minutes: 60)!, source: .api)
            for i in 24..<30 {
                try upsert.write(Candle(openTime: t0 + Int64(i) * 3600, open: 1, high: 1, low: 1, close: 1, volume: 1, trades: 1))
            }
            try upsert.flush()
            try CoverageTracker.add(TimeRange(start: t0 + 24 * 3600, end: t0 + 30 * 3600), source: .api, pairID: pairID,
                                    interval: CandleInterval(minutes: 60)!, in: db)
        }
        let p = try h.probe()
        #expect(try p.strings("SELECT source || ' ' || rows || ' ' || start_utc || ' ' || end_utc FROM v_coverage")
                == ["MIXED 30 2024-01-01T00:00:00Z 2024-01-02T06:00:00Z"])
    }

    @Test("no-trade omissions inside a file stay inside its range: rows count the candles, slots the span")
    func noTradeOmissions() throws {
        let h = try ImportHarness()
        let text = candleCSV(start: 1_704_067_200, count: 1000, noTradeShare: 0.1)
        let rows = text.split(separator: "\n").count
        try h.importPaths([try h.dir.write("XBTUSD_60.csv", text)])
        let p = try h.probe()
        #expect(try p.int("SELECT COUNT(*) FROM coverage") == 1)
        #expect(try p.int("SELECT rows FROM coverage") == Int64(rows))
        #expect(rows < 950)
    }
}
