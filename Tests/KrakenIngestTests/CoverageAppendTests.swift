import Foundation
import Testing

@testable import KrakenIngest

@Suite("Coverage merges without rescanning", .blocking)
struct CoverageAppendTests {
    static let step: Int64 = 60
    static let t0: Int64 = 1_704_067_200

    static func candle(_ slot: Int64, trades: Int64 = 3, price: Double = 100) -> Candle {
        Candle(
            openTime: t0 + slot * step, open: price, high: price, low: price, close: price, volume: 1, trades: trades)
    }

    static func span(_ from: Int64, _ to: Int64) -> TimeRange {
        TimeRange(start: t0 + from * step, end: t0 + to * step)
    }

    /// Every stored range's counts must equal a recount of its candles, and its longest run must be a real run.
    func expectExact(_ h: ImportHarness, _ series: SeriesKey, _ label: String) throws {
        try h.read { reader in
            for range in try reader.coverage(pairs: nil, intervals: nil).flatMap(\.ranges) {
                let recount = try reader.candleStats(series, in: range.range)
                #expect(range.rows == recount.rows, "\(label): rows")
                #expect(range.trades == recount.trades, "\(label): trades")
                #expect(range.longestNoTrade == recount.longestNoTrade, "\(label): longest run")
                if range.longestNoTrade > 0, let start = range.longestNoTradeStart {
                    let run = TimeRange(start: start, end: start + range.longestNoTrade * Self.step)
                    #expect(try reader.candles(series, in: run).isEmpty, "\(label): the run holds no candle")
                    #expect(run.start >= range.range.start && run.end <= range.range.end, "\(label): run inside range")
                }
            }
        }
    }

    @Test("appends, re-fetched tails, writes into the longest quiet run and bridges keep every count exact")
    func mergesStayExact() throws {
        let h = try ImportHarness()
        let session = try h.store.openWriterSession()
        defer { session.close() }
        let series = try session.transaction {
            SeriesKey(pairID: try $0.ensurePair("XBTUSD"), interval: CandleInterval(minutes: 1)!)
        }
        func write(_ candles: [Candle], _ span: TimeRange, _ source: CandleSource = .api, _ label: String) throws {
            try session.transaction {
                try CoveredWrite.write(candles, series: series, source: source, covering: span, in: $0)
            }
            try expectExact(h, series, label)
        }
        // A block with quiet slots: 0..<100 without 10..<13 and 40..<60 (the longest run, 20 slots).
        let block = (0..<100).filter { !(10..<13).contains($0) && !(40..<60).contains($0) }.map { Self.candle($0) }
        try write(block, Self.span(0, 100), .archive, "first block")
        // One new candle touching the end, then a span ending in quiet slots.
        try write([Self.candle(100)], Self.span(100, 101), .api, "touching append")
        try write([Self.candle(101)], Self.span(101, 105), .api, "append with a quiet tail")
        // The poll re-fetches the last closed candles (revised values) and adds the next one.
        try write(
            [Self.candle(101, trades: 9, price: 101), Self.candle(103), Self.candle(105)],
            Self.span(100, 106), .api, "re-fetched tail")
        // New candles land inside the longest quiet run: the untouched parts are recounted.
        try write([Self.candle(45), Self.candle(50)], Self.span(44, 52), .api, "inside the longest run")
        // A separate range later, then a write bridging the hole between them.
        try write([Self.candle(200), Self.candle(210)], Self.span(200, 220), .api, "apart")
        try write([Self.candle(106), Self.candle(150)], Self.span(106, 200), .api, "bridge")
        let ranges = try h.read { try $0.coverage(pairs: nil, intervals: nil).flatMap(\.ranges) }
        #expect(ranges.map(\.range) == [Self.span(0, 220)])
        #expect(ranges[0].source == .mixed)
    }

    @Test("an archive file overlapping stored coverage adds exactly the rows it inserted")
    func overlappingFiles() throws {
        let h = try ImportHarness()
        let text = (0..<300).filter { $0 % 7 != 3 }.map { i -> String in
            "\(Self.t0 + Int64(i) * 60),1.0,2.0,0.5,1.5,10.0,\(i % 5 + 1)"
        }
        try h.importPaths([try h.dir.write("a/XBTUSD_1.csv", text[0..<150].joined(separator: "\n") + "\n")])
        try h.importPaths([try h.dir.write("b/XBTUSD_1.csv", text[100...].joined(separator: "\n") + "\n")])
        let series = try h.read { SeriesKey(pairID: try $0.pairID("XBTUSD")!, interval: CandleInterval(minutes: 1)!) }
        try expectExact(h, series, "overlapping files")
        #expect(try h.probe().int("SELECT rows FROM coverage") == Int64(text.count))
    }
}
