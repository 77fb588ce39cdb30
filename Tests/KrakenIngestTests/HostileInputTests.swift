import Foundation
import Testing

@testable import KrakenIngest

/// Inputs no real Kraken file carries but a file on disk can: none may crash or hang the tool (issue 7, point 2).
@Suite("Hostile input", .blocking)
struct HostileInputTests {
    /// The largest trade count a row can carry (18 digits); ten of them add up past `Int64.max`.
    static let hugeTrades = "999999999999999999"
    static let hour: Int64 = 1_704_067_200

    static func hugeTradeRows(from first: Int, to last: Int) -> String {
        (first..<last).map { "\(hour + Int64($0) * 3600),1,2,0.5,1.5,1,\(hugeTrades)\n" }.joined()
    }

    // MARK: a. sums and products of file values

    @Test("ten rows of 10^18 trades in one file: import, gaps and report succeed (built binary)")
    func hugeTradesOneFile() async throws {
        let dir = try TempDir()
        try dir.write("in/XBTUSD_60.csv", Self.hugeTradeRows(from: 0, to: 10))
        try await onOwnThread { try Self.importThenAnalyse(dir, expectedRows: 10) }
    }

    @Test("the same rows split over two files: import, gaps and report succeed (built binary)")
    func hugeTradesTwoFiles() async throws {
        let dir = try TempDir()
        try dir.write("in/a/XBTUSD_60.csv", Self.hugeTradeRows(from: 0, to: 5))
        try dir.write("in/b/XBTUSD_60.csv", Self.hugeTradeRows(from: 5, to: 10))
        try await onOwnThread { try Self.importThenAnalyse(dir, expectedRows: 10) }
    }

    /// Imports `dir/in` with the binary, then runs `gaps` and `report` in every format on the store.
    static func importThenAnalyse(_ dir: TempDir, expectedRows: Int64) throws {
        let db = dir.file("kraken.sqlite")
        let imported = try Binary.run(["import", dir.file("in"), "--db", db, "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try StoreProbe(path: db).int("SELECT COUNT(*) FROM candles") == expectedRows)
        #expect(try StoreProbe(path: db).int("SELECT trades FROM coverage") == Int64.max, "saturated, not wrapped")
        let gaps = try Binary.run(["gaps", "--db", db, "--save", "--export-unfillable", dir.file("dl.csv")])
        #expect(gaps.status == 0, "\(gaps.stderr)")
        #expect(gaps.stdout.contains("XBTUSD"))
        for format in ["table", "md", "csv", "json", "html"] {
            let report = try Binary.run(["report", "--db", db, "--format", format, "--out", dir.file("reports")])
            #expect(report.status == 0, "\(format): \(report.stderr)")
        }
    }

    @Test("a file over stored candles with 10^18 trades imports (the store sums without overflowing)")
    func hugeTradesOverStoredCoverage() throws {
        let h = try ImportHarness()
        let first = try h.dir.write("a/XBTUSD_60.csv", Self.hugeTradeRows(from: 0, to: 10))
        #expect(try h.importPaths([first]).filesImported == 1)
        // Same span, other values: the writer counts the stored candles before and after its upsert.
        let changed = Self.hugeTradeRows(from: 0, to: 12).replacingOccurrences(of: ",1.5,1,", with: ",1.5,2,")
        let second = try h.dir.write("b/XBTUSD_60.csv", changed)
        let summary = try h.importPaths([second])
        #expect(summary.filesImported == 1, "\(summary.failures)")
        #expect(try h.probe().int("SELECT rows FROM coverage") == 12)
        #expect(try h.probe().int("SELECT trades FROM coverage") == Int64.max)
    }

    @Test("the trades-request estimate saturates instead of trapping")
    func tradesEstimateSaturates() {
        let classifier = GapClassifier(now: Self.hour + 1000 * 86_400)
        let gap = TimeRange(start: Self.hour, end: Self.hour + 500 * 86_400)
        let classified = classifier.classify(
            gap, pair: "XBTUSD", interval: CandleInterval(minutes: 1)!, tradesPerCandle: 9.2e17)
        #expect(classified.tradesRequests == Int64.max)
        #expect(classified.gapClass == .archiveRequired)
    }

    @Test("saturating helpers: sums and doubles out of range hold at the bounds")
    func saturatingHelpers() {
        #expect(Int64.max.addingSaturated(1) == .max)
        #expect(Int64.min.addingSaturated(-1) == .min)
        #expect(Int64(saturating: 1e30) == .max)
        #expect(Int64(saturating: -1e30) == .min)
        #expect(Int64(saturating: .infinity) == .max)
        #expect(Int64(saturating: .nan) == 0)
        #expect(Int64(saturating: 0x1p63) == .max)
        #expect(Int64(saturating: 42.9) == 42)
        #expect(ReportFormat.percent(.infinity) == "92233720368547758.07%")
    }

    @Test("report totals and the archives to fetch saturate")
    func reportTotalsSaturate() {
        func series(_ pair: String) -> SeriesCompleteness {
            SeriesCompleteness(
                pair: pair, tier: "T", interval: 60, window: nil, expected: .max, present: .max, noTrade: .max,
                longestNoTrade: 0, apiGapCandles: .max, tradesGapCandles: .max, archiveGapCandles: .max,
                gaps: [
                    ClassifiedGap(
                        range: TimeRange(start: 0, end: 3600), candles: .max, gapClass: .archiveRequired,
                        apiStart: nil, apiCandles: 0,
                        suggestion: ArchiveSuggestion(archive: "A.zip", member: "m", note: nil),
                        tradesRequests: .max)
                ],
                covered: [], firstCandle: nil, lastCandle: nil, lastUpdate: nil)
        }
        let report = CompletenessReport.build(
            series: [series("A"), series("B")], scope: "T",
            chain: ArchiveChain(
                complete: nil, quarterlies: [], expected: [], missing: [], ingestedBeforeComplete: []),
            now: Self.hour)
        #expect(report.total.present == .max)
        #expect(report.total.archiveGapCandles == .max)
        #expect(report.archivesToFetch.first?.candles == .max)
        #expect(series("A").gapCandles == .max)
        #expect(series("A").coveragePercent.isFinite)
    }

    // MARK: b. decimals

    @Test("a decimal of 600 digits (and of 4,000) is read exactly as strtod reads it")
    func longDecimals() throws {
        for digits in [600, 4000] {
            let field = "3." + String(repeating: "14159265358979", count: digits / 14 + 1).prefix(digits)
            #expect(field.utf8.count >= 512)
            let bytes = Array(field.utf8)
            let ours = bytes.withUnsafeBufferPointer { DecimalParser.parseDouble($0.baseAddress!, $0.count) }
            #expect(ours?.bitPattern == strtod(field, nil).bitPattern, "\(digits) digits")
        }
        let field = "3." + String(repeating: "1", count: 600)
        let sink = try parse("1688670000,\(field),4,1,\(field),1,1\n")
        #expect(sink.rejections.isEmpty, "\(sink.rejections.map(\.reason))")
        #expect(sink.candles.first?.0.open.bitPattern == strtod(field, nil).bitPattern)
    }

    @Test("-0 is read as +0, so what is stored reads back bit for bit as parsed")
    func negativeZero() throws {
        let sink = try parse("1688670000,-0,-0.0,-0e5,-0.000,-0,0\n")
        let candle = try #require(sink.candles.first?.0)
        for value in [candle.open, candle.high, candle.low, candle.close, candle.volume] {
            #expect(value.bitPattern == 0, "\(value)")
        }
        let h = try ImportHarness()
        let text = "1688670000,-0,-0.0,-0e5,-0.000,-0,0\n1688673600,1,2,0.5,1.5,-0,3\n"
        let path = try h.dir.write("XBTUSD_60.csv", text)
        #expect(try h.importPaths([path]).filesImported == 1)
        let pairID = try #require(try h.read { try $0.pairIDs()["XBTUSD"] })
        let series = SeriesKey(pairID: pairID, interval: CandleInterval(minutes: 60)!)
        for (time, expected) in [(Int64(1_688_670_000), candle), (1_688_673_600, nil)] {
            let stored = try #require(try h.read { try $0.candle(series, openTime: time) })
            if let expected {
                #expect(stored.open.bitPattern == expected.open.bitPattern)
                #expect(stored.close.bitPattern == expected.close.bitPattern)
            }
            #expect(stored.volume.bitPattern == 0)
        }
    }

    // MARK: c. special files

    @Test("a FIFO named like a candle file is skipped with its path and reason; the other files import (binary)")
    func fifoIsSkipped() async throws {
        let dir = try TempDir()
        try dir.write("in/ETHUSD_60.csv", candleCSV(pair: "ETHUSD", count: 24))
        let fifo = dir.file("in/XBTUSD_1.csv")
        #expect(mkfifo(fifo, 0o644) == 0)
        let db = dir.file("kraken.sqlite")
        for paths in [[dir.file("in")], [dir.file("in"), fifo]] {
            let arguments = ["import"] + paths + ["--db", db]
            let result = try await onOwnThread { try Self.runWithDeadline(arguments, seconds: 60) }
            #expect(result.status == 0, "\(result.stderr)")
            let printed = result.stdout + result.stderr
            #expect(printed.contains("\(fifo): a FIFO (named pipe), not a regular file"), "\(printed)")
        }
        #expect(try StoreProbe(path: db).int("SELECT COUNT(*) FROM candles") == 24)
        #expect(try StoreProbe(path: db).int("SELECT COUNT(*) FROM ingested_files") == 1)
        let scan = try ArchiveScanner().scan([fifo])
        #expect(scan.candidates.isEmpty)
        #expect(scan.skipped.first?.reason.contains("FIFO") == true)
    }

    @Test("reading a FIFO directly fails at once instead of waiting for a writer")
    func fifoReadFailsFast() throws {
        let dir = try TempDir()
        let fifo = dir.file("XBTUSD_60.csv")
        #expect(mkfifo(fifo, 0o644) == 0)
        // A writer that shows up later, so that a reader blocked in open() ends (and this test fails, not hangs).
        Thread.detachNewThread {
            for _ in 0..<100 {
                let fd = open(fifo, O_WRONLY | O_NONBLOCK)
                if fd >= 0 {
                    close(fd)
                    return
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        let error = #expect(throws: KrakenIngestError.self) {
            try FileChunkSource(path: fifo).forEachChunk { _, _ in }
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains("not a regular file"))
    }

    @Test("a stop request is effective while the file in flight is blocked in a read")
    func stopWhileReadBlocks() async throws {
        try await onOwnThread { Self.stopWhileReadBlocksBody() }
    }

    static func stopWhileReadBlocksBody() {
        let release = DispatchSemaphore(value: 0)
        defer { release.signal() }
        let stop = StopRequest()
        let candidate = ImportCandidate(
            location: .file(path: "/blocked/XBTUSD_60.csv", compression: .none, modifiedAt: 0), pair: "XBTUSD",
            interval: CandleInterval(minutes: 60)!, size: 100)
        let pipeline = ParsingPipeline(
            [candidate], stop: stop, latestOpenTime: .max, source: { _ in BlockingSource(release: release) })
        let started = DispatchTime.now().uptimeNanoseconds
        stop.requestStop()
        #expect(throws: JobAborted.self) { try pipeline.consume(file: 0) { _ in } }
        pipeline.close()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        #expect(seconds < ParsingPipeline.stallGrace + ParsingPipeline.closeGrace + 3, "\(seconds) s")
    }

    /// A source whose read blocks until released, like a FIFO without a writer.
    struct BlockingSource: ByteChunkSource {
        let release: DispatchSemaphore
        func forEachChunk(_ body: (UnsafeRawBufferPointer, Int64) throws -> Void) throws { release.wait() }
    }

    /// Runs the binary, killing it (and failing) after `seconds`.
    static func runWithDeadline(_ arguments: [String], seconds: Double) throws -> CommandResult {
        let running = try Binary.start(arguments)
        let deadline = Date(timeIntervalSinceNow: seconds)
        while running.process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if running.process.isRunning {
            Issue.record("kraken-ingest \(arguments) still running after \(seconds) s")
            kill(running.process.processIdentifier, SIGKILL)
        }
        return running.wait()
    }

    // MARK: d. rows that cannot be real

    @Test(
        "rows that cannot be real candles are rejected with their reason",
        arguments: [
            ("1688670000,-1,2,0.5,1.5,1,1", "negative price: open -1.0"),
            ("1688670000,1,2,-0.5,1.5,1,1", "negative price: low -0.5"),
            ("1688670000,-3,-1,-4,-2,1,1", "negative price: open -3.0"),
            ("1688670000,1,2,0.5,1.5,-1,1", "negative volume -1.0"),
            ("1688670000,3,2,0.5,1.5,1,1", "open 3.0 is outside [low 0.5, high 2.0]"),
            ("1688670000,0.25,2,0.5,1.5,1,1", "open 0.25 is outside [low 0.5, high 2.0]"),
            ("1688670000,1,2,0.5,2.5,1,1", "close 2.5 is outside [low 0.5, high 2.0]"),
            ("1688670000,1,2,0.5,0.1,1,1", "close 0.1 is outside [low 0.5, high 2.0]"),
            ("1688670000,1,2,3,1.5,1,1", "high 2.0 is below low 3.0"),
            (
                "1688673600,1,2,0.5,1.5,1,1",
                "timestamp 1688673600 (2023-07-06T20:00:00Z) is in the future (later than 2023-07-06T19:00:00Z, "
                    + "the time of the import plus 24 hours)"
            ),
        ])
    func impossibleRows(line: String, reason: String) throws {
        var reader = CandleCSVReader(interval: CandleInterval(minutes: 60)!, latestOpenTime: 1_688_670_000)
        var sink = CollectingSink()
        let text = "1688666400,1,2,0.5,1.5,1,1\n" + line + "\n"
        try Array(text.utf8).withUnsafeBytes { try reader.feed($0, into: &sink) }
        try reader.finish(into: &sink)
        #expect(sink.candles.count == 1)
        #expect(sink.rejections.map(\.reason) == [reason])
        #expect(sink.rejections.first?.line == 2)
    }

    @Test("the benchmark's Kraken-shaped archive holds no row in the future: it imports without a rejection")
    func generatedMembersAreInThePast() throws {
        let dir = try TempDir()
        let datagen = Binary.productsDirectory.appendingPathComponent("kraken-datagen").path
        let made = try Binary.runProgram(datagen, ["members", "--count", "16", "--max-rows", "5000", "--out", dir.path])
        #expect(made.status == 0, "\(made.stderr)")
        let db = dir.file("k.sqlite")
        let imported = try Binary.run(["import", dir.file("members.zip"), "--db", db, "--quiet"])
        #expect(imported.status == 0, "\(imported.stdout)")
        #expect(try StoreProbe(path: db).int("SELECT COUNT(*) FROM rejected_rows") == 0)
        #expect(try StoreProbe(path: db).int("SELECT COUNT(*) FROM candles WHERE open_time >= 1704067200") == 0)
    }

    @Test("open and close equal to low or high, and a flat candle, are accepted")
    func boundaryRowsAccepted() throws {
        let sink = try parse("1688666400,0.5,2,0.5,2,1,1\n1688670000,2,2,0.5,0.5,0,0\n1688673600,1,1,1,1,0,0\n")
        #expect(sink.rejections.isEmpty, "\(sink.rejections.map(\.reason))")
        #expect(sink.candles.count == 3)
    }

    @Test("a row beyond now plus a day (by the injected clock) is rejected and recorded; one within it is kept")
    func futureRowsRejectedByInjectedClock() throws {
        let now: Int64 = 1_704_067_200
        let h = try ImportHarness(clock: ManualClock(seconds: now))
        let rows = [
            "\(now - 3600),1,2,0.5,1.5,1,1",
            "\(now + 12 * 3600),1,2,0.5,1.5,1,1",
            "\(now + 2 * 86_400),1,2,0.5,1.5,1,1",
            "253402297200,1,2,0.5,1.5,1,1",
        ]
        let path = try h.dir.write("XBTUSD_60.csv", rows.joined(separator: "\n") + "\n")
        let summary = try h.importPaths([path], maxRejectRatio: 1)
        #expect(summary.filesImported == 1)
        #expect(summary.rows == 4, "rows read count the rejected ones too")
        #expect(summary.rowsWritten == 2)
        #expect(summary.rowsRejected == 2)
        let probe = try h.probe()
        #expect(try probe.strings("SELECT CAST(line AS TEXT) FROM rejected_rows ORDER BY line") == ["3", "4"])
        let reasons = try probe.strings("SELECT reason FROM rejected_rows ORDER BY line")
        #expect(reasons.allSatisfy { $0.contains("is in the future") }, "\(reasons)")
        #expect(reasons.last?.contains("9999-12-31T23:00:00Z") == true)
        #expect(
            try probe.int("SELECT COUNT(*) FROM rejected_rows r JOIN ingested_files f ON f.id = r.file_id") == 2,
            "each rejection names its file")
        // Coverage ends with the last real candle, not in year 9999.
        #expect(try probe.int("SELECT MAX(end_time) FROM coverage") == now + 13 * 3600)
    }
}
