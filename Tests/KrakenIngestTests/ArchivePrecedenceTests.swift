import Foundation
import KrakenIngestSamples
import Testing

@testable import KrakenIngest

/// Between two archives that disagree on a candle, the one whose data ends later wins, whatever the import order.
@Suite("Archive precedence by data end", .blocking)
struct ArchivePrecedenceTests {
    static let start: Int64 = 1_704_067_200

    /// Hourly XBTUSD candles `[from, from + count)` (in hours from `start`); `altered` hours carry other trade
    /// counts and volumes (still valid candles).
    static func csv(from: Int, count: Int, altered: Range<Int> = 0..<0, bump: Int = 1000) -> String {
        let lines = candleCSV(start: start + Int64(from) * 3600, count: count).split(separator: "\n")
        return lines.enumerated().map { offset, line in
            guard altered.contains(from + offset) else { return String(line) }
            var fields = line.split(separator: ",").map(String.init)
            fields[5] = "\(Double(fields[5])! + Double(bump))"
            fields[6] = "\(Int(fields[6])! + bump)"
            return fields.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }

    /// Imports `files` (name → content) in `order` into a fresh store; returns the candle dump and the summaries.
    static func importInOrder(_ files: [(String, String)], order: [Int]) throws -> ([String], [ImportSummary]) {
        let h = try ImportHarness()
        var summaries: [ImportSummary] = []
        for index in order {
            let path = try h.dir.write("\(files[index].0)/XBTUSD_60.csv", files[index].1)
            let summary = try h.importPaths([path])
            try #require(summary.status == .completed, "\(summary.failures)")
            summaries.append(summary)
        }
        return (try h.probe().candleDump(), summaries)
    }

    @Test("the archive whose data ends later wins the overlap in both orders; the loser's rows are outranked")
    func laterEndWins() throws {
        // A: hours 0..<100. B: hours 50..<200, disagreeing with A on 60..<80.
        let a = ("a", Self.csv(from: 0, count: 100))
        let b = ("b", Self.csv(from: 50, count: 150, altered: 60..<80))
        let (abDump, ab) = try Self.importInOrder([a, b], order: [0, 1])
        let (baDump, ba) = try Self.importInOrder([a, b], order: [1, 0])
        #expect(abDump == baDump)
        #expect(abDump.count == 200)
        let changed = abDump.first { $0.contains(",\(Self.start + 70 * 3600),") } ?? ""
        let fromB = Self.csv(from: 70, count: 1, altered: 70..<71).dropLast().split(separator: ",")
        #expect(changed.split(separator: ",")[8] == fromB[6], "B's trade count, not A's: \(changed)")
        // A then B: B replaces 20 candles and finds 30 identical. B then A: A's 20 are outranked.
        #expect(RowCounterTests.summary(ab[1]) == [150, 120, 30, 0, 0, 0])
        #expect(RowCounterTests.summary(ba[1]) == [100, 50, 30, 20, 0, 0])
        for s in ab + ba { RowCounterTests.expectAddsUp(RowCounterTests.summary(s)) }
    }

    @Test("three archives in every order give one store: an identical row keeps the later file as provenance")
    func everyOrderOfThree() throws {
        // A (ends hour 99) and C (ends 149) agree on 60..<80; B (ends 119) disagrees with both there.
        let files = [
            ("a", Self.csv(from: 0, count: 100)),
            ("b", Self.csv(from: 40, count: 80, altered: 60..<80)),
            ("c", Self.csv(from: 50, count: 100)),
        ]
        var dumps: [[Int]: [String]] = [:]
        for order in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
            dumps[order] = try Self.importInOrder(files, order: order).0
        }
        let reference = try #require(dumps[[0, 1, 2]])
        for (order, dump) in dumps { #expect(dump == reference, "order \(order) differs") }
        // C ends last: its values (A's too) are stored, not B's.
        let original = Self.csv(from: 70, count: 1).dropLast().split(separator: ",")
        let stored = reference.first { $0.contains(",\(Self.start + 70 * 3600),") } ?? ""
        #expect(stored.split(separator: ",")[8] == original[6])
    }

    @Test("a longer copy of an archive writes only its new and corrected rows and becomes every candle's file")
    func longerCopy() throws {
        // A: hours 0..<100. B: the same plus hour 100, with hour 50 corrected. An API candle sits at hour 100.
        let a = Self.csv(from: 0, count: 100)
        let b = Self.csv(from: 0, count: 101, altered: 50..<51)
        var dumps: [[String]] = []
        for bFirst in [false, true] {
            let h = try ImportHarness()
            let pathA = try h.dir.write("a/XBTUSD_60.csv", a)
            let pathB = try h.dir.write("b/XBTUSD_60.csv", b)
            try h.write { tx in
                let series = SeriesKey(pairID: try tx.ensurePair("XBTUSD"), interval: CandleInterval(minutes: 60)!)
                let api = Candle(
                    openTime: Self.start + 100 * 3600, open: 1, high: 2, low: 1, close: 2, volume: 1, trades: 1,
                    vwap: 1.5)
                _ = try tx.upsertCandles([api], into: series, source: .api)
                try CoverageTracker.add(
                    TimeRange(start: api.openTime, end: api.openTime + 3600), source: .api, series: series,
                    written: .init(insertedRows: 1, tradesDelta: 1, rangeStats: nil), in: tx)
            }
            let first = try h.importPaths([bFirst ? pathB : pathA])
            let second = try h.importPaths([bFirst ? pathA : pathB])
            if bFirst {
                // A ends earlier: its corrected-away hour 50 is outranked, the other 99 are duplicates.
                #expect(RowCounterTests.summary(second) == [100, 0, 99, 1, 0, 0])
            } else {
                // B writes hour 50 (it ends later) and hour 100 (over the API candle); 99 are duplicates.
                #expect(RowCounterTests.summary(first) == [100, 100, 0, 0, 0, 0])
                #expect(RowCounterTests.summary(second) == [101, 2, 99, 0, 0, 0])
            }
            let p = try h.probe()
            let fileB = try p.int("SELECT id FROM ingested_files WHERE path LIKE '%/b/XBTUSD_60.csv'")
            #expect(try p.int("SELECT COUNT(*) FROM candles WHERE file_id IS NOT ?", [fileB]) == 0)
            #expect(try p.int("SELECT COUNT(*) FROM candles WHERE source <> 3") == 0)
            #expect(try p.int("SELECT rows FROM coverage") == 101)
            #expect(try p.int("SELECT trades FROM coverage") == (try p.int("SELECT SUM(trades) FROM candles")))
            dumps.append(try p.candleDump())
        }
        #expect(dumps[0] == dumps[1])
    }

    @Test("a few rows far apart over a long stored series are staged whole, with the same outcome")
    func sparseRowsOverALongSeries() throws {
        // A: hours 0..<1000. B: hours 999, 0, 500 (corrected) and 250 — one batch whose span holds 1,000 stored
        // candles, far more than its rows: staged rather than compared.
        let lines = Self.csv(from: 0, count: 1000, altered: 500..<501).split(separator: "\n")
        let b = [999, 0, 500, 250].map { String(lines[$0]) }.joined(separator: "\n") + "\n"
        let (dump, summaries) = try Self.importInOrder([("a", Self.csv(from: 0, count: 1000)), ("b", b)], order: [0, 1])
        // B ends where A ends: a tie goes to the later import, so hour 500 takes B's values.
        #expect(RowCounterTests.summary(summaries[1]) == [4, 1, 3, 0, 0, 0])
        let changed = dump.first { $0.contains(",\(Self.start + 500 * 3600),") } ?? ""
        let fromB = String(lines[500]).split(separator: ",")
        #expect(changed.split(separator: ",")[8] == fromB[6], "\(changed)")
        #expect(dump.count == 1000)
    }

    @Test("the overlap of a later quarterly update with the complete archive: the same store in both orders")
    func sampleOrders() throws {
        var dumps: [[String]] = []
        for reversed in [false, true] {
            let h = try ImportHarness()
            var paths = try SampleArchives.write(to: h.dir.file("sample"))
            if reversed { paths.reverse() }
            for path in paths { try #require(try h.importPaths([path]).filesFailed == 0) }
            dumps.append(try h.probe().candleDump())
        }
        #expect(dumps[0] == dumps[1])
    }
}
