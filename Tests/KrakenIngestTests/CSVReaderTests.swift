import Foundation
import KrakenIngestSamples
import Testing

@testable import KrakenIngest

@Suite("CSV reader")
struct CSVReaderTests {
    @Test("plain Kraken rows parse into exact candles with line numbers")
    func plainRows() throws {
        let sink = try parse("1688670000,30306.1,30306.2,30305.7,30305.7,3.39243896,23\n1688673600,1,2,0.5,1.5,0,0\n")
        #expect(sink.rejections.isEmpty)
        #expect(sink.candles.count == 2)
        let first = sink.candles[0].0
        #expect(
            first
                == Candle(
                    openTime: 1_688_670_000, open: 30306.1, high: 30306.2, low: 30305.7, close: 30305.7,
                    volume: 3.39243896, trades: 23))
        #expect(sink.candles.map(\.1) == [1, 2])
    }

    @Test("a header line, CRLF, blank trailing lines, a missing final newline and exponents are tolerated")
    func tolerated() throws {
        let text =
            "timestamp,open,high,low,close,volume,trades\r\n1688670000,1e2,1.5E2,5e1,100,2.5e-3,"
                + "7\r\n\r\n\n1688673600,1,2,0.5,1.5,1,1"
        let sink = try parse(text)
        #expect(sink.rejections.isEmpty)
        #expect(sink.candles.count == 2)
        #expect(sink.candles[0].0.open == 100)
        #expect(sink.candles[0].0.high == 150)
        #expect(sink.candles[0].0.volume == 0.0025)
        #expect(sink.candles[0].1 == 2)
        #expect(sink.candles[1].1 == 5)
    }

    @Test("a header is only tolerated as the first line")
    func headerOnlyFirst() throws {
        let sink = try parse("1688670000,1,2,0.5,1.5,1,1\ntimestamp,open,high,low,close,volume,trades\n")
        #expect(sink.candles.count == 1)
        #expect(sink.rejections.count == 1)
        #expect(sink.rejections[0].line == 2)
    }

    @Test(
        "invalid rows are rejected with line and reason",
        arguments: [
            ("1688670000,1,2,0.5,1.5,1", "expected 7 columns, found 6"),
            ("1688670000,1,2,0.5,1.5,1,1,9", "expected 7 columns, found 8"),
            ("1688670000,abc,2,0.5,1.5,1,1", "column 2 (open) is not a number: 'abc'"),
            ("1688670000,1,2,0.5,1.5,1,1.5", "column 7 (trades) is not an integer: '1.5'"),
            ("1688670000,1,2,,1.5,1,1", "column 4 (low) is not a number: ''"),
            ("1688670000,1,2,3,1.5,1,1", "high 2.0 is below low 3.0"),
            ("1688670000,1,2,0.5,1.5,-1,1", "negative volume -1.0"),
            ("1688670000,1,2,0.5,1.5,1,-3", "negative trade count -3"),
            (
                "1688670060,1,2,0.5,1.5,1,1",
                "timestamp 1688670060 (2023-07-06T19:01:00Z) is not aligned to the 60-minute interval"
            ),
            ("1688670000,nan,2,0.5,1.5,1,1", "column 2 (open) is not a number: 'nan'"),
            ("1688670000,1e999,2,0.5,1.5,1,1", "column 2 (open) is not a number: '1e999'"),
        ])
    func rejected(line: String, reason: String) throws {
        let sink = try parse("1688666400,1,2,0.5,1.5,1,1\n" + line + "\n")
        #expect(sink.candles.count == 1)
        #expect(sink.rejections.count == 1)
        #expect(sink.rejections.first?.line == 2)
        #expect(sink.rejections.first?.reason == reason)
        #expect(sink.rejections.first?.raw == line)
    }

    @Test("chunk boundaries anywhere give the same rows, including one byte at a time")
    func chunkBoundaries() throws {
        let text =
            candleCSV(count: 300) + "garbage line\n" + candleCSV(start: 1_705_000_000 - 1_705_000_000 % 3600, count: 50)
        let whole = try parse(text)
        for size in [1, 2, 7, 64, 4093] {
            let chunked = try parse(text, chunkSize: size)
            #expect(chunked.candles.map(\.0) == whole.candles.map(\.0))
            #expect(chunked.candles.map(\.1) == whole.candles.map(\.1))
            #expect(chunked.rejections.map(\.line) == whole.rejections.map(\.line))
        }
        #expect(whole.candles.count == 350)
        #expect(whole.rejections.count == 1)
    }

    @Test("a line longer than the limit is rejected without being buffered whole")
    func overlongLine() throws {
        let long = String(repeating: "9", count: CandleCSVReader.maxLineLength * 3)
        let sink = try parse("1688670000,1,2,0.5,1.5,1,1\n\(long)\n1688673600,1,2,0.5,1.5,1,1\n", chunkSize: 1000)
        #expect(sink.candles.count == 2)
        #expect(sink.rejections.count == 1)
        #expect(sink.rejections[0].line == 2)
        #expect(sink.rejections[0].reason.contains("longer than"))
        #expect(sink.rejections[0].raw.utf8.count == 256)
    }

    @Test("decimal parsing matches strtod exactly, fast path and fallback")
    func decimalsMatchStrtod() throws {
        var rng = SplitMix64(seed: 42)
        var samples = [
            "0", "0.0", "-0.5", "+7", ".5", "5.", "123456789012345678901234567890", "0.1", "0.3",
            "9007199254740993", "1.7976931348623157e308", "4.9e-324", "2.2250738585072014e-308",
            "67692.80000000", "0.00000001", "1e22", "1e23", "123.456e-7", "30306.1",
        ]
        for _ in 0..<20_000 {
            let digits = Int(rng.next() % 18) + 1
            let point = Int(rng.next() % UInt64(digits + 1))
            var s = ""
            for i in 0..<digits {
                if i == point && i > 0 { s += "." }
                s += String(rng.next() % 10)
            }
            if rng.next() % 5 == 0 { s += "e\(Int(rng.next() % 60) - 30)" }
            samples.append(s)
        }
        for s in samples {
            let bytes = Array(s.utf8)
            let ours = bytes.withUnsafeBufferPointer { DecimalParser.parseDouble($0.baseAddress!, $0.count) }
            let reference = strtod(s, nil)
            #expect(ours?.bitPattern == reference.bitPattern, "\(s)")
        }
    }

    @Test("numbers that are not finite decimals are refused")
    func notNumbers() {
        for s in ["", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "0x10", "inf", "1 ", " 1", "1,5"] {
            let bytes = Array(s.utf8)
            let value = bytes.withUnsafeBufferPointer { buffer -> Double? in
                guard let base = buffer.baseAddress else { return nil }
                return DecimalParser.parseDouble(base, buffer.count)
            }
            #expect(value == nil, "\(s)")
        }
    }
}
