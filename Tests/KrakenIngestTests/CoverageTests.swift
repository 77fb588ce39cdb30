import Foundation
import GRDB
import KrakenIngestSamples
import Testing

@testable import KrakenIngest

@Suite("Coverage ranges", .blocking)
struct CoverageTests {
    static func r(_ start: Int64, _ end: Int64, _ source: CoverageSource = .csv, rows: Int64 = 0) -> CoverageRange {
        CoverageRange(range: TimeRange(start: start, end: end), source: source, rows: rows)
    }

    @Test("ranges that overlap or touch merge into one; disjoint ones stay apart")
    func mergeRules() {
        let ranges = [
            TimeRange(start: 200, end: 300), TimeRange(start: 0, end: 100), TimeRange(start: 100, end: 150),
            TimeRange(start: 400, end: 500), TimeRange(start: 410, end: 420),
        ]
        #expect(
            ranges.merged() == [
                TimeRange(start: 0, end: 150), TimeRange(start: 200, end: 300),
                TimeRange(start: 400, end: 500),
            ])
        #expect(
            TimeRange(start: 0, end: 100).clipped(to: TimeRange(start: 50, end: 200)) == TimeRange(start: 50, end: 100))
        #expect(TimeRange(start: 0, end: 100).clipped(to: TimeRange(start: 100, end: 200)) == nil)
        #expect(CoverageSource.csv.merged(with: .api) == .mixed)
        #expect(CoverageSource.api.merged(with: .api) == .api)
    }

    @Test("files covering [t0, tn + interval) merge in the store when they touch, and count their candles")
    func storeMerging() throws {
        let h = try ImportHarness()
        let hour: Int64 = 3600
        let t0: Int64 = 1_704_067_200
        let a = try h.dir.write("a/XBTUSD_60.csv", candleCSV(start: t0, count: 10))
        let b = try h.dir.write("b/XBTUSD_60.csv", candleCSV(start: t0 + 10 * hour, count: 10))  // touches a
        let c = try h.dir.write("c/XBTUSD_60.csv", candleCSV(start: t0 + 30 * hour, count: 5))  // 10 h hole
        try h.importPaths([a])
        try h.importPaths([c])
        let p = try h.probe()
        #expect(try p.int("SELECT COUNT(*) FROM coverage") == 2)
        try h.importPaths([b])
        let ranges = try h.read { try CoverageTracker.ranges(in: $0) }
        #expect(ranges.count == 1)
        #expect(
            ranges[0].ranges.map(\.range) == [
                TimeRange(start: t0, end: t0 + 20 * hour), TimeRange(start: t0 + 30 * hour, end: t0 + 35 * hour),
            ])
        #expect(ranges[0].ranges.map(\.rows) == [20, 5])
        let tradesOf = { (text: String) in
            text.split(separator: "\n").reduce(Int64(0)) { $0 + Int64($1.split(separator: ",")[6])! }
        }
        let expectedTrades = tradesOf(candleCSV(start: t0, count: 20))
        #expect(ranges[0].ranges[0].trades == expectedTrades, "the merged range adds up the counts of its parts")
        #expect(ranges[0].ranges[1].trades == tradesOf(candleCSV(start: t0 + 30 * hour, count: 5)))
    }

    @Test("a range from another source merges into a MIXED range whose counts add up")
    func mixedSources() throws {
        let h = try ImportHarness()
        let t0: Int64 = 1_704_067_200
        let csv = try h.dir.write("XBTUSD_60.csv", candleCSV(start: t0, count: 24))
        try h.importPaths([csv])
        try h.write { tx in
            let series = SeriesKey(pairID: try tx.ensurePair("XBTUSD"), interval: CandleInterval(minutes: 60)!)
            let candles = (24..<30).map {
                Candle(openTime: t0 + Int64($0) * 3600, open: 1, high: 1, low: 1, close: 1, volume: 1, trades: 1)
            }
            #expect(try tx.upsertCandles(candles, into: series, source: .api) == 6)
            try CoverageTracker.add(
                TimeRange(start: t0 + 24 * 3600, end: t0 + 30 * 3600), source: .api, series: series,
                written: .init(insertedRows: 6, tradesDelta: 6, rangeStats: nil), in: tx)
        }
        let p = try h.probe()
        #expect(
            try p.strings("SELECT source || ' ' || rows || ' ' || start_utc || ' ' || end_utc FROM v_coverage")
                == ["mixed 30 2024-01-01T00:00:00Z 2024-01-02T06:00:00Z"])
    }

    /// The longest run of missing slots between consecutive candles of a CSV.
    static func longestRun(_ text: String, step: Int64) -> Int64 {
        let times = text.split(separator: "\n").map { Int64($0.split(separator: ",")[0])! }
        return zip(times, times.dropFirst()).map { ($1 - $0) / step - 1 }.max() ?? 0
    }

    @Test("no-trade omissions inside a file stay inside its range: rows, trades and the longest run are kept")
    func noTradeOmissions() throws {
        let h = try ImportHarness()
        let text = candleCSV(start: 1_704_067_200, count: 1000, noTradeShare: 0.1)
        let rows = text.split(separator: "\n").count
        try h.importPaths([try h.dir.write("XBTUSD_60.csv", text)])
        let p = try h.probe()
        #expect(try p.int("SELECT COUNT(*) FROM coverage") == 1)
        #expect(try p.int("SELECT rows FROM coverage") == Int64(rows))
        #expect(rows < 950)
        let longest = Self.longestRun(text, step: 3600)
        #expect(longest >= 2)
        #expect(try p.int("SELECT longest_no_trade FROM coverage") == longest)
        #expect(try p.int("SELECT no_trade_slots FROM v_coverage") == 1000 - Int64(rows))
    }

    @Test("a merged range is recounted exactly: rows, trades and the longest no-trade run across the junction")
    func recountAfterMerge() throws {
        let h = try ImportHarness()
        let t0: Int64 = 1_704_067_200
        let all = candleCSV(start: t0, count: 3000, noTradeShare: 0.2).split(separator: "\n").map(String.init)
        // Two overlapping files: [0, 2000) and [1500, 3000) of the same rows.
        let first = all.filter { Int64($0.split(separator: ",")[0])! < t0 + 2000 * 3600 }
        let second = all.filter { Int64($0.split(separator: ",")[0])! >= t0 + 1500 * 3600 }
        try h.importPaths([try h.dir.write("a/XBTUSD_60.csv", first.joined(separator: "\n") + "\n")])
        try h.importPaths([try h.dir.write("b/XBTUSD_60.csv", second.joined(separator: "\n") + "\n")])
        let p = try h.probe()
        #expect(try p.int("SELECT COUNT(*) FROM coverage") == 1)
        #expect(try p.int("SELECT rows FROM coverage") == Int64(all.count))
        #expect(try p.int("SELECT trades FROM coverage") == all.reduce(0) { $0 + Int64($1.split(separator: ",")[6])! })
        #expect(
            try p.int("SELECT longest_no_trade FROM coverage")
                == Self.longestRun(all.joined(separator: "\n"), step: 3600))
    }
}
