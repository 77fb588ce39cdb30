import Foundation
import GRDB
import KrakenIngestSamples
import Testing

@testable import KrakenIngest

@Suite("Import into a real SQLite store", .blocking)
struct ImportTests {
    @Test("a CSV imports its candles, ledger record and coverage in one go")
    func importsCSV() throws {
        let h = try ImportHarness()
        let csv = try h.dir.write("in/XBTUSD_60.csv", candleCSV(count: 500))
        let summary = try h.importPaths([csv])
        #expect(summary.status == .completed)
        #expect(summary.filesImported == 1)
        #expect(summary.rows == 500)
        #expect(summary.rowsWritten == 500)
        let p = try h.probe()
        #expect(try p.int("SELECT COUNT(*) FROM candles") == 500)
        #expect(try p.strings("SELECT status FROM ingested_files") == ["COMPLETED"])
        #expect(try p.int("SELECT rows FROM ingested_files") == 500)
        #expect(
            try p.strings("SELECT start_utc || ' ' || end_utc || ' ' || source || ' ' || rows FROM v_coverage")
                == ["2024-01-01T00:00:00Z 2024-01-21T20:00:00Z archive 500"])
        #expect(try p.strings("SELECT status FROM jobs") == ["COMPLETED"])
        #expect(try p.int("SELECT files_done FROM jobs") == 1)
        #expect(try p.strings("PRAGMA journal_mode") == ["wal"])
    }

    @Test("the same file twice writes nothing the second time and keeps the rows")
    func sameFileTwice() throws {
        let h = try ImportHarness()
        let csv = try h.dir.write("in/XBTUSD_60.csv", candleCSV(count: 200))
        try h.importPaths([csv])
        let before = try h.probe().candleDump()
        let second = try h.importPaths([csv])
        #expect(second.filesImported == 0)
        #expect(second.filesSkipped == 1)
        #expect(second.rowsWritten == 0)
        #expect(try h.probe().candleDump() == before)
    }

    @Test("the same content under another name (and compressed) is recognised by SHA-256 and writes nothing")
    func sameContentTwoNames() throws {
        let h = try ImportHarness()
        let text = candleCSV(count: 300)
        let a = try h.dir.write("a/XBTUSD_60.csv", text)
        let b = try h.dir.write("b/XBTUSD_60.csv.zst", try Compressor.zstd(Data(text.utf8)))
        let c = try h.dir.write("c/XBTUSD_60.csv.gz", try Compressor.gzip(Data(text.utf8)))
        try h.importPaths([a])
        let summary = try h.importPaths([b, c])
        #expect(summary.filesDuplicate == 2)
        #expect(summary.rowsWritten == 0)
        let p = try h.probe()
        #expect(try p.int("SELECT COUNT(*) FROM candles") == 300)
        #expect(
            try p.strings("SELECT status FROM ingested_files ORDER BY id") == ["COMPLETED", "DUPLICATE", "DUPLICATE"])
        #expect(try p.int("SELECT COUNT(DISTINCT sha256) FROM ingested_files") == 1)
    }

    @Test("identical bytes for two different pairs are both imported: the hash is scoped to pair and interval")
    func sameBytesDifferentPairs() throws {
        let h = try ImportHarness()
        let text = candleCSV(count: 100)
        let a = try h.dir.write("XBTUSD_60.csv", text)
        let b = try h.dir.write("ETHUSD_60.csv", text)
        let summary = try h.importPaths([a, b])
        #expect(summary.filesImported == 2)
        #expect(try h.probe().int("SELECT COUNT(*) FROM candles") == 200)
    }

    @Test("overlapping complete and quarterly archives never duplicate a row")
    func overlappingArchives() throws {
        let h = try ImportHarness()
        let paths = try SampleArchives.write(to: h.dir.file("sample"))
        let summary = try h.importPaths(paths)
        #expect(summary.status == .completed)
        #expect(summary.filesImported == 35)
        let p = try h.probe()
        // Every candle of every member, counted once per distinct key.
        var expected = Set<String>()
        for member in SampleArchives.completeMembers + SampleArchives.quarterlyMembers {
            for line in SampleArchives.csv(member).split(separator: "\n") {
                expected.insert("\(member.pair),\(member.minutes),\(line.split(separator: ",")[0])")
            }
        }
        #expect(try p.int("SELECT COUNT(*) FROM candles") == Int64(expected.count))
        #expect(summary.rows > summary.rowsWritten, "the overlap rows are read twice but written once")
        // The overlap merges into one range per series.
        #expect(
            try p.int(
                "SELECT COUNT(*) FROM coverage WHERE pair_id = (SELECT id FROM pairs WHERE altname = 'XBTUSD') AND "
                    + "interval_minutes = 60"
            ) == 1)
        #expect(try p.int("SELECT COUNT(*) FROM coverage") == 19)
    }

    @Test("a member identical to one already imported is skipped from the central directory, without decompressing")
    func memberRecognisedByCRC() throws {
        let h = try ImportHarness()
        let text = candleCSV(count: 400)
        let first = h.dir.file("first.zip")
        try SampleArchives.writeZip(first, entries: [("Kraken_OHLCVT/XBTUSD_60.csv", Data(text.utf8))])
        try h.importPaths([first])
        // Same member under another folder prefix in another archive: recognised as already ingested.
        let second = h.dir.file("second.zip")
        try SampleArchives.writeZip(second, entries: [("master_q1/XBTUSD_60.csv", Data(text.utf8))])
        let plan = try h.read {
            try ImportPlanner(tiers: TierCatalog(tiers: [])).plan(ImportOptions(paths: [second]), store: $0)
        }
        guard case .alreadyIngested(_, let reason) = plan.entries.first?.state else {
            Issue.record(
                "expected the member to be recognised as ingested, got \(String(describing: plan.entries.first?.state))"
            )
            return
        }
        #expect(reason.contains("CRC-32"))
        let summary = try h.importPaths([second])
        #expect(summary.filesSkipped == 1)
        #expect(summary.bytesRead == 0)
        #expect(try h.probe().strings("SELECT status FROM ingested_files ORDER BY id") == ["COMPLETED", "DUPLICATE"])
    }

    @Test("plain, ZIP, zstd and gzip inputs of the same rows give the same store")
    func everyFormatSameRows() throws {
        let text = candleCSV(pair: "ETHUSD", minutes: 5, count: 5000, noTradeShare: 0.01)
        var dumps: [[String]] = []
        for format in ["csv", "zip", "zst", "gz", "zst-frames", "gz-members"] {
            let h = try ImportHarness()
            let path: String
            switch format {
            case "csv": path = try h.dir.write("ETHUSD_5.csv", text)
            case "zip":
                path = h.dir.file("a.zip")
                try SampleArchives.writeZip(path, entries: [("x/ETHUSD_5.csv", Data(text.utf8))])
            case "zst": path = try h.dir.write("ETHUSD_5.csv.zst", try Compressor.zstd(Data(text.utf8)))
            case "gz": path = try h.dir.write("ETHUSD_5.csv.gz", try Compressor.gzip(Data(text.utf8)))
            case "zst-frames":
                let half = text.utf8.count / 2
                let bytes = Data(text.utf8)
                path = try h.dir.write(
                    "ETHUSD_5.csv.zst", try Compressor.zstd(bytes.prefix(half)) + Compressor.zstd(bytes.dropFirst(half))
                )
            default:
                let bytes = Data(text.utf8)
                path = try h.dir.write(
                    "ETHUSD_5.csv.gz", try Compressor.gzip(bytes.prefix(1000)) + Compressor.gzip(bytes.dropFirst(1000)))
            }
            let summary = try h.importPaths([path])
            #expect(summary.status == .completed, "\(format): \(summary.failures)")
            dumps.append(try h.probe().candleDump())
        }
        #expect(dumps[0].count > 4900)
        for dump in dumps.dropFirst() { #expect(dump == dumps[0]) }
    }

    @Test("a corrupt ZIP member fails its CRC check and stores nothing")
    func corruptZipMember() throws {
        let h = try ImportHarness()
        let path = h.dir.file("bad.zip")
        try SampleArchives.writeZip(path, entries: [("XBTUSD_60.csv", Data(candleCSV(count: 2000).utf8))])
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // Flip bytes in the middle of the deflated data.
        for i in stride(from: 2000, to: 2040, by: 1) { bytes[i] ^= 0x5a }
        try bytes.write(to: URL(fileURLWithPath: path))
        let summary = try h.importPaths([path])
        #expect(summary.filesFailed == 1)
        let message = summary.failures.first?.message ?? ""
        #expect(message.contains("bad.zip"))
        #expect(message.contains("XBTUSD_60.csv"))
        let p = try h.probe()
        #expect(try p.int("SELECT COUNT(*) FROM candles") == 0)
        #expect(try p.int("SELECT COUNT(*) FROM coverage") == 0)
        #expect(try p.strings("SELECT status FROM ingested_files") == ["FAILED"])
    }

    @Test("truncated zstd and gzip files fail with a clear message and store nothing")
    func truncatedCompressed() throws {
        let h = try ImportHarness()
        let data = Data(candleCSV(count: 3000).utf8)
        let zst = try Compressor.zstd(data)
        let gz = try Compressor.gzip(data)
        let a = try h.dir.write("XBTUSD_60.csv.zst", zst.prefix(zst.count / 2))
        let b = try h.dir.write("ETHUSD_60.csv.gz", gz.prefix(gz.count / 2))
        let c = try h.dir.write("SOLUSD_60.csv.zst", Data("not zstd at all".utf8))
        let summary = try h.importPaths([a, b, c])
        #expect(summary.filesFailed == 3)
        let messages = summary.failures.compactMap(\.message).joined(separator: "\n")
        #expect(messages.contains("XBTUSD_60.csv.zst: truncated zstd stream"))
        #expect(messages.contains("ETHUSD_60.csv.gz: truncated gzip stream"))
        #expect(messages.contains("SOLUSD_60.csv.zst: not a valid zstd stream"))
        #expect(try h.probe().int("SELECT COUNT(*) FROM candles") == 0)
    }

    @Test("rejected rows are stored with file, line, reason and text; the file still imports under the ratio")
    func rejectedRowsStored() throws {
        let h = try ImportHarness()
        var lines = candleCSV(count: 300).split(separator: "\n").map(String.init)
        lines[10] = "1704103200,1,2,3,1,1,1"  // high below low, line 11
        lines.insert("oops,1,2,3", at: 100)  // line 101
        let path = try h.dir.write("XBTUSD_60.csv", lines.joined(separator: "\n") + "\n")
        let summary = try h.importPaths([path])
        #expect(summary.status == .completed)
        #expect(summary.rowsRejected == 2)
        let p = try h.probe()
        #expect(
            try p.strings("SELECT line || ': ' || reason FROM v_rejected_rows ORDER BY line")
                == ["11: high 2.0 is below low 3.0", "101: expected 7 columns, found 4"])
        #expect(
            try p.strings("SELECT raw FROM rejected_rows ORDER BY line") == ["1704103200,1,2,3,1,1,1", "oops,1,2,3"])
        #expect(try p.int("SELECT COUNT(*) FROM candles") == 299)
        #expect(try p.int("SELECT rejected_rows FROM ingested_files") == 2)
    }

    @Test("a file over --max-reject-ratio fails with a clear message, leaves no candles or coverage, shows its rejects")
    func rejectRatio() throws {
        let h = try ImportHarness()
        var lines = candleCSV(count: 100).split(separator: "\n").map(String.init)
        lines[5] = "garbage"
        lines[6] = "more garbage"
        let path = try h.dir.write("XBTUSD_60.csv", lines.joined(separator: "\n") + "\n")
        let failed = try h.importPaths([path])
        #expect(failed.filesFailed == 1)
        let message = failed.failures.first?.message ?? ""
        #expect(message.contains("2 of 100 rows rejected (2.00%"))
        #expect(message.contains("first: line 6"))
        let p = try h.probe()
        #expect(try p.int("SELECT COUNT(*) FROM candles") == 0)
        #expect(try p.int("SELECT COUNT(*) FROM coverage") == 0)
        #expect(try p.strings("SELECT line FROM rejected_rows ORDER BY line") == ["6", "7"])
        #expect(try p.strings("SELECT status FROM ingested_files") == ["FAILED"])
        // A looser ratio lets the same file in, reusing its ledger record (and its rejected rows once).
        let passed = try h.importPaths([path], maxRejectRatio: 0.05)
        #expect(passed.filesImported == 1)
        #expect(try p.int("SELECT COUNT(*) FROM candles") == 98)
        #expect(try p.int("SELECT COUNT(*) FROM rejected_rows") == 2)
        #expect(try p.strings("SELECT status FROM ingested_files") == ["COMPLETED"])
    }

    @Test("a timestamp repeated with different values is rejected; an identical repeat is only counted")
    func repeatedTimestamps() throws {
        let h = try ImportHarness()
        var lines = candleCSV(count: 200).split(separator: "\n").map(String.init)
        lines.append(lines[3])  // identical repeat, out of order
        lines.insert(lines[50], at: 51)  // identical repeat, adjacent
        var altered = lines[20].split(separator: ",").map(String.init)
        altered[6] = "999999"
        lines.append(altered.joined(separator: ","))  // same time, other values
        let path = try h.dir.write("XBTUSD_60.csv", lines.joined(separator: "\n") + "\n")
        let summary = try h.importPaths([path])
        #expect(summary.status == .completed)
        let p = try h.probe()
        #expect(try p.int("SELECT COUNT(*) FROM candles") == 200)
        #expect(try p.int("SELECT duplicate_rows FROM ingested_files") == 2)
        #expect(
            try p.strings("SELECT reason FROM rejected_rows").first?.contains("repeated with different values") == true)
        #expect(try p.int("SELECT trades FROM candles WHERE trades = 999999") == -1, "the first value is kept")
    }

    @Test("repeats are recognised across write batches and parse batches of a large file")
    func repeatedTimestampsLargeFile() throws {
        let h = try ImportHarness()
        var lines = candleCSV(minutes: 1, count: 20_000).split(separator: "\n").map(String.init)
        lines.append(lines[10])  // long flushed: read back from the store
        lines.insert(lines[19_990], at: 19_995)  // still queued in the write batch
        var altered = lines[5000].split(separator: ",").map(String.init)
        altered[1] = "1"
        altered[3] = "0.5"
        lines.append(altered.joined(separator: ","))  // same time, other values
        let path = try h.dir.write("XBTUSD_1.csv", lines.joined(separator: "\n") + "\n")
        let summary = try h.importPaths([path])
        #expect(summary.status == .completed)
        let p = try h.probe()
        #expect(try p.int("SELECT COUNT(*) FROM candles") == 20_000)
        #expect(try p.int("SELECT duplicate_rows FROM ingested_files") == 2)
        #expect(try p.strings("SELECT line FROM rejected_rows") == ["20003"])
    }

    @Test("a stop request finishes the file in hand, commits it and pauses the job with its checkpoint")
    func stopBetweenFiles() throws {
        let h = try ImportHarness()
        for pair in ["ADAUSD", "DOTUSD", "ETHUSD"] {
            try h.dir.write("in/\(pair)_1.csv", candleCSV(pair: pair, minutes: 1, count: 30_000))
        }
        let stop = StopRequest()
        let importer = Importer(store: h.store, tiers: TierCatalog(tiers: []), stop: stop) { event in
            if case .fileStarted(let index, _, _) = event, index == 1 { stop.requestStop() }
        }
        let summary = try importer.run(ImportOptions(paths: [h.dir.file("in")]))
        #expect(summary.status == .paused)
        #expect(summary.exitCode == 130)
        let p = try h.probe()
        #expect(try p.int("SELECT COUNT(*) FROM candles") == 30_000, "the file in hand was finished")
        #expect(try p.strings("SELECT status FROM ingested_files ORDER BY id") == ["COMPLETED", "PENDING", "PENDING"])
        #expect(
            try p.strings("SELECT phase || ':' || checkpoint FROM jobs") == ["import:\(h.dir.file("in"))/ADAUSD_1.csv"])
        #expect(try p.strings("SELECT status FROM jobs") == ["PAUSED"])
        let resumed = try Importer(store: h.store, tiers: TierCatalog(tiers: [])).resume(jobID: summary.jobID)
        #expect(resumed.status == .completed)
        #expect(resumed.filesImported == 2)
        #expect(try p.int("SELECT COUNT(*) FROM candles") == 90_000)
    }

    @Test("an abort inside a file rolls that file back and leaves the job PAUSED and resumable")
    func abortInsideFile() throws {
        let h = try ImportHarness()
        for pair in ["ADAUSD", "DOTUSD"] {
            try h.dir.write("in/\(pair)_1.csv", candleCSV(pair: pair, minutes: 1, count: 30_000))
        }
        let stop = StopRequest()
        let importer = Importer(store: h.store, tiers: TierCatalog(tiers: []), stop: stop) { event in
            if case .progress = event { stop.abort() }
            if case .fileStarted(let index, _, _) = event, index == 2 { stop.abort() }
        }
        let summary = try importer.run(ImportOptions(paths: [h.dir.file("in")]))
        #expect(summary.status == .paused)
        let p = try h.probe()
        let completed = try p.int("SELECT COUNT(*) FROM ingested_files WHERE status = 'COMPLETED'")
        #expect(
            try p.int("SELECT COUNT(*) FROM candles") == completed * 30_000, "nothing of the aborted file is stored")
        #expect(try p.strings("SELECT status FROM jobs") == ["PAUSED"])
        let resumed = try Importer(store: h.store, tiers: TierCatalog(tiers: [])).resume(jobID: summary.jobID)
        #expect(resumed.status == .completed)
        #expect(try p.int("SELECT COUNT(*) FROM candles") == 60_000)
    }

    @Test("an archive candle replaces an API or trades candle; never the reverse")
    func sourcePrecedence() throws {
        let h = try ImportHarness()
        let apiCandle = Candle(openTime: 1_704_067_200, open: 1, high: 1, low: 1, close: 1, volume: 1, trades: 1)
        try h.write { tx in
            let series = SeriesKey(pairID: try tx.ensurePair("XBTUSD"), interval: CandleInterval(minutes: 60)!)
            #expect(try tx.upsertCandles([apiCandle], into: series, source: .trades) == 1)
            var later = apiCandle
            later.openTime += 3600 * 400
            #expect(
                try tx.upsertCandles([apiCandle, later], into: series, source: .api) == 2,
                "api replaces trades, and adds a new candle")
        }
        let path = try h.dir.write("XBTUSD_60.csv", candleCSV(count: 10))
        try h.importPaths([path])
        let p = try h.probe()
        #expect(try p.strings("SELECT source FROM v_candles WHERE open_time = 1704067200") == ["archive"])
        #expect(try p.int("SELECT trades FROM candles WHERE open_time = 1704067200") != 1)
        // An API write over an archive candle changes nothing.
        try h.write { tx in
            let series = SeriesKey(pairID: try tx.ensurePair("XBTUSD"), interval: CandleInterval(minutes: 60)!)
            #expect(try tx.upsertCandles([apiCandle], into: series, source: .api) == 0)
        }
        #expect(try p.strings("SELECT source FROM v_candles WHERE open_time = 1704067200") == ["archive"])
        #expect(try p.int("SELECT COUNT(*) FROM candles WHERE source = 2") == 1)
    }

    @Test("filters: tiers, pairs (any spelling) and intervals")
    func filters() throws {
        let h = try ImportHarness()
        let paths = try SampleArchives.write(to: h.dir.file("sample"))
        let planner = ImportPlanner(
            tiers: try TierCatalog(jsonData: Data(TierCatalog.defaultJSON.utf8), origin: "test"))
        let tier1 = try planner.plan(ImportOptions(paths: paths, tiers: ["TIER1"]), store: nil)
        #expect(Set(tier1.entries.map(\.candidate.pair)) == ["XBTUSD", "ETHUSD"])
        let untiered = try planner.plan(ImportOptions(paths: paths, tiers: ["untiered"]), store: nil)
        #expect(Set(untiered.entries.map(\.candidate.pair)) == ["WIFUSD"])
        let pairs = try planner.plan(
            ImportOptions(
                paths: paths, pairs: ["BTC/USD", "SOLUSD"].compactMap(PairName.normalize),
                intervals: [1440]), store: nil)
        #expect(
            pairs.entries.map(\.candidate.displayName).sorted() == [
                "Kraken_OHLCVT.zip:Kraken_OHLCVT/SOLUSD_1440.csv", "Kraken_OHLCVT.zip:Kraken_OHLCVT/XBTUSD_1440.csv",
                "Kraken_OHLCVT_Q3_2024.zip:master_q3/XBTUSD_1440.csv",
            ])
        #expect(pairs.filteredOut == 35 - 3)
        #expect(throws: KrakenIngestError.self) {
            try planner.plan(ImportOptions(paths: paths, tiers: ["TIER9"]), store: nil)
        }
    }

    @Test("files are imported by pair, then interval; files of one series keep the order given")
    func importOrder() throws {
        let dir = try TempDir()
        for name in ["b/XBTUSD_1440.csv", "b/XBTUSD_15.csv", "b/AAVEUSD_60.csv", "a/XBTUSD_15.csv"] {
            try dir.write(name, candleCSV(count: 2))
        }
        let plan = try ImportPlanner(tiers: TierCatalog(tiers: [])).plan(
            ImportOptions(paths: [dir.file("b"), dir.file("a")]), store: nil)
        #expect(
            plan.entries.map { $0.candidate.displayName.split(separator: "/").suffix(2).joined(separator: "/") } == [
                "b/AAVEUSD_60.csv", "b/XBTUSD_15.csv", "b/XBTUSD_1440.csv", "a/XBTUSD_15.csv",
            ], "each folder whole, in the order given, sorted inside")
    }

    /// A clock that moves one second at every reading, so every file finishes at its own time.
    final class TickingClock: WallClock, @unchecked Sendable {
        private let lock = NSLock()
        private var seconds: Int64 = 1_800_000_000
        func now() -> UnixMillis {
            lock.withLock {
                seconds += 1
                return UnixMillis(seconds: seconds)
            }
        }
        func sleep(seconds: Double) async throws {}
    }

    @Test("archives are imported whole in the order given: a quarterly after the complete archive is not flagged")
    func archivesStayWhole() throws {
        let h = try ImportHarness(clock: TickingClock())
        // The complete archive also holds a pair that sorts after the quarterly's only pair.
        let complete = h.dir.file("Kraken_OHLCVT.zip")
        func member(_ path: String, _ pair: String, start: Int64 = 1_704_067_200) -> (path: String, data: Data) {
            (path, Data(candleCSV(pair: pair, start: start, count: 5).utf8))
        }
        try SampleArchives.writeZip(
            complete,
            entries: [member("Kraken_OHLCVT/ETHUSD_60.csv", "ETHUSD"), member("Kraken_OHLCVT/ZECUSD_60.csv", "ZECUSD")])
        let quarterly = h.dir.file("Kraken_OHLCVT_Q1_2024.zip")
        try SampleArchives.writeZip(quarterly, entries: [member("Q1/ETHUSD_60.csv", "ETHUSD", start: 1_704_085_200)])
        try h.importPaths([complete, quarterly])
        let chain = try h.read { try ArchiveChain.check(now: 1_900_000_000, in: $0) }
        #expect(chain.ingestedBeforeComplete.isEmpty)
    }

    @Test("names that are not candle files are listed as skipped with a reason")
    func skippedNames() throws {
        let dir = try TempDir()
        try dir.write("a/XBTUSD.csv", "1,2,3\n")
        try dir.write("a/notes.txt", "hello")
        try dir.write("a/XBTUSD_7.csv", "")
        try dir.write("a/deep/er/ETHUSD_1440.csv", candleCSV(minutes: 1440, count: 3))
        let zip = dir.file("a/archive.zip")
        try SampleArchives.writeZip(
            zip, entries: [("Kraken_OHLCVT/README.txt", Data("x".utf8)), ("Kraken_OHLCVT/XBTUSD_60.csv", Data())])
        let result = try ArchiveScanner().scan([dir.file("a")])
        #expect(result.candidates.map(\.contentName).sorted() == ["ETHUSD_1440.csv", "XBTUSD_60.csv"])
        let reasons = Dictionary(
            uniqueKeysWithValues: result.skipped.map { (($0.path as NSString).lastPathComponent, $0.reason) })
        #expect(reasons["XBTUSD.csv"]?.contains("trades file") == true)
        #expect(reasons["notes.txt"] == "not a .csv, .csv.zst or .csv.gz file")
        #expect(reasons["XBTUSD_7.csv"]?.contains("not a Kraken candle interval") == true)
        #expect(reasons["README.txt"] != nil)
        // A missing path no longer ends the scan: it is listed as unreadable, and the other paths are scanned.
        let mixed = try ArchiveScanner().scan([dir.file("missing"), dir.file("a")])
        #expect(mixed.unreadable == [SkippedPath(path: dir.file("missing"), reason: "no such file or directory")])
        #expect(mixed.candidates.count == 2)
    }
}
