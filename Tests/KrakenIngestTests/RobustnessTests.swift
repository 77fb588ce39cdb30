import Foundation
import KrakenIngestSamples
import Testing

@testable import KrakenIngest

/// Inputs that real files carry and that once went wrong.
@Suite("Robust input handling", .blocking)
struct RobustnessTests {
    @Test("a .zst whose content is exactly 1 MiB or 2 MiB (the decoder fills its output buffer on the last call)")
    func zstdExactBufferMultiples() throws {
        for size in [byteChunkSize, 2 * byteChunkSize] {
            let h = try ImportHarness()
            var text = candleCSV(minutes: 1, count: size / 40)
            text = String(text.prefix(size))
            if let cut = text.lastIndex(of: "\n") { text = String(text[...cut]) }
            // Pad with blank lines (tolerated) up to the exact size.
            text += String(repeating: "\n", count: size - text.utf8.count)
            #expect(text.utf8.count == size)
            let path = try h.dir.write("XBTUSD_1.csv.zst", try Compressor.zstd(Data(text.utf8)))
            let summary = try h.importPaths([path])
            #expect(summary.status == .completed, "\(size): \(summary.failures)")
        }
    }

    @Test("a large file that is mostly not candles is given up on early, with a clear message, storing no candles")
    func earlyAbortOnGarbage() throws {
        let h = try ImportHarness()
        var text = ""
        for i in 0..<200_000 { text += i % 3 == 0 ? "1688670000,1,2,0.5,1.5,1,1\n" : "PK\u{3}\u{4} binary junk \(i)\n" }
        let path = try h.dir.write("XBTUSD_60.csv", text)
        let summary = try h.importPaths([path])
        #expect(summary.filesFailed == 1)
        let message = summary.failures.first?.message ?? ""
        #expect(message.contains("stopped reading after"), "\(message)")
        #expect(message.contains("is this a Kraken OHLCVT file?"))
        #expect(try h.probe().int("SELECT COUNT(*) FROM candles") == 0)
        #expect(try h.probe().int("SELECT COUNT(*) FROM rejected_rows") == 5_000, "its rejected rows stay visible")
        // With --max-reject-ratio 1 the user accepts anything: the file is read to the end.
        let lenient = try h.importPaths([path], maxRejectRatio: 1)
        #expect(lenient.filesImported == 1)
    }

    @Test("a UTF-8 byte order mark before the first row is ignored")
    func byteOrderMark() throws {
        let sink = try parse("\u{FEFF}" + candleCSV(count: 10), chunkSize: 2)
        #expect(sink.rejections.isEmpty)
        #expect(sink.candles.count == 10)
        let header = try parse("\u{FEFF}timestamp,open,high,low,close,volume,trades\n" + candleCSV(count: 3))
        #expect(header.rejections.isEmpty)
        #expect(header.candles.count == 3)
    }

    @Test("a CRLF line of exactly the length limit is accepted wherever a chunk boundary falls")
    func longCRLFLineAtChunkBoundary() throws {
        // Leading zeros in the volume field stretch the row to exactly the limit.
        let head = "1688670000,1,2,0.5,1.5,"
        let tail = "1,1"
        let padded =
            head + String(repeating: "0", count: CandleCSVReader.maxLineLength - head.count - tail.count) + tail
        #expect(padded.utf8.count == CandleCSVReader.maxLineLength)
        let text = padded + "\r\n" + "1688673600,1,2,0.5,1.5,1,1\r\n"
        for chunk in [
            1, 100, CandleCSVReader.maxLineLength - 1, CandleCSVReader.maxLineLength, CandleCSVReader.maxLineLength + 1,
            1 << 20,
        ] {
            let sink = try parse(text, chunkSize: chunk)
            #expect(sink.rejections.isEmpty, "chunk \(chunk): \(sink.rejections.map(\.reason))")
            #expect(sink.candles.count == 2, "chunk \(chunk)")
        }
    }

    @Test("zero padding after the last gzip member is ignored; other trailing bytes fail with the offset")
    func gzipTrailingBytes() throws {
        let h = try ImportHarness()
        let data = Data(candleCSV(count: 100).utf8)
        let padded = try h.dir.write("XBTUSD_60.csv.gz", try Compressor.gzip(data) + Data(count: 100))
        #expect(try h.importPaths([padded]).status == .completed)
        let junk = try h.dir.write("ETHUSD_60.csv.gz", try Compressor.gzip(data) + Data("junk after".utf8))
        let failed = try h.importPaths([junk])
        #expect(failed.filesFailed == 1)
        #expect(failed.failures.first?.message?.contains("not a valid gzip stream near byte") == true)
    }

    @Test("files sorted newest-first keep the seen-timestamps bitmap compact")
    func descendingTimestamps() {
        var seen = SeenTimestamps(interval: CandleInterval(minutes: 1)!)
        let start: Int64 = 1_700_000_000 - 1_700_000_000 % 60
        var allNew = true
        for i in stride(from: 500_000, through: 0, by: -1) where !seen.insert(start + Int64(i) * 60) { allNew = false }
        #expect(allNew)
        #expect(seen.overflowCount == 0)
        #expect(seen.bitmapBytes < 200_000)
        let repeated = seen.insert(start + 60)
        let earlier = seen.insert(start - 60)
        #expect(repeated == false)
        #expect(earlier)
    }

    @Test("a descending file imports with every candle and no repeats flagged")
    func descendingFileImports() throws {
        let h = try ImportHarness()
        let lines = candleCSV(minutes: 1, count: 5000).split(separator: "\n").reversed()
        let path = try h.dir.write("XBTUSD_1.csv", lines.joined(separator: "\n") + "\n")
        let summary = try h.importPaths([path])
        #expect(summary.status == .completed)
        #expect(summary.rows == 5000)
        #expect(try h.probe().int("SELECT duplicate_rows FROM ingested_files") == 0)
        #expect(try h.probe().int("SELECT rows FROM coverage") == 5000)
    }

    @Test("a second member with the same path in one ZIP is skipped with a reason, not silently merged")
    func duplicateMemberPaths() throws {
        let dir = try TempDir()
        let zip = dir.file("dup.zip")
        try SampleArchives.writeZip(
            zip,
            entries: [
                ("a/XBTUSD_60.csv", Data(candleCSV(count: 5).utf8)),
                ("a/XBTUSD_60.csv", Data(candleCSV(count: 9).utf8)),
            ])
        let result = try ArchiveScanner().scan([zip])
        #expect(result.candidates.count == 1)
        #expect(result.skipped.map(\.reason) == ["a second member with the same path; only the first is read"])
    }

    @Test("a member that failed in one archive and arrived whole through another is settled as a duplicate")
    func failedMemberSettledByAnotherArchive() throws {
        let h = try ImportHarness()
        let text = candleCSV(count: 300)
        let broken = h.dir.file("a.zip")
        try SampleArchives.writeZip(broken, entries: [("XBTUSD_60.csv", Data(text.utf8))])
        var bytes = try Data(contentsOf: URL(fileURLWithPath: broken))
        for i in 200..<240 { bytes[i] ^= 0x33 }
        try bytes.write(to: URL(fileURLWithPath: broken))
        #expect(try h.importPaths([broken]).filesFailed == 1)
        let good = h.dir.file("b.zip")
        try SampleArchives.writeZip(good, entries: [("XBTUSD_60.csv", Data(text.utf8))])
        #expect(try h.importPaths([good]).filesImported == 1)
        // The broken archive was re-downloaded whole under the same name.
        try FileManager.default.removeItem(atPath: broken)
        try FileManager.default.copyItem(atPath: good, toPath: broken)
        let again = try h.importPaths([broken])
        #expect(again.status == .completed)
        #expect(again.filesFailed == 0)
        #expect(try h.probe().strings("SELECT status FROM ingested_files ORDER BY id") == ["DUPLICATE", "COMPLETED"])
    }
}
