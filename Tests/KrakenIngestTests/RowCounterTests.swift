import Foundation
import KrakenIngestSamples
import Testing

@testable import KrakenIngest

/// The row counters of an import: one definition, and the summary, the ledger and the job say the same numbers.
@Suite("Row counters that add up", .blocking)
struct RowCounterTests {
    /// read, written, duplicate, outranked, rejected, discarded as the ledger records of job `job` sum them.
    static func ledger(_ p: StoreProbe, job: Int64) throws -> [Int64] {
        try numbers(
            p.strings(
                """
                SELECT TOTAL(rows) || ',' || TOTAL(rows_written) || ',' || TOTAL(duplicate_rows) || ','
                    || TOTAL(outranked_rows) || ',' || TOTAL(rejected_rows) || ','
                    || TOTAL(CASE status WHEN 'FAILED' THEN rows - rejected_rows ELSE 0 END)
                FROM v_ingested_files WHERE job_id = ?
                """, [job]))
    }

    /// The same counters as job `job` holds them (through `v_jobs`).
    static func job(_ p: StoreProbe, _ job: Int64) throws -> [Int64] {
        try numbers(
            p.strings(
                """
                SELECT rows_read || ',' || rows_written || ',' || rows_duplicate || ',' || rows_outranked || ','
                    || rows_rejected || ',' || rows_discarded FROM v_jobs WHERE id = ?
                """, [job]))
    }

    static func numbers(_ lines: [String]) throws -> [Int64] {
        let line = try #require(lines.first)
        return line.split(separator: ",").map { Int64(Double($0) ?? -1) }
    }

    static func summary(_ s: ImportSummary) -> [Int64] {
        [s.rows, s.rowsWritten, s.rowsDuplicate, s.rowsOutranked, s.rowsRejected, s.rowsDiscarded]
    }

    static func expectAddsUp(_ n: [Int64], _ label: String = "") {
        #expect(n.count == 6 && n[0] == n[1...].reduce(0, +), "\(label): \(n) does not add up")
    }

    @Test("the sample: the summary, the ledger and the job say the same rows, and read = the five buckets")
    func sampleAddsUp() async throws {
        try await onOwnThread {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let dir = try TempDir()
            let db = dir.file("kraken.sqlite")
            let sample = root.appendingPathComponent("Fixtures/sample").path
            let run = try Binary.run(["import", "--db", db, "--quiet", sample])
            #expect(run.status == 0, "\(run.stderr)")
            let line = try #require(run.stdout.split(separator: "\n").first { $0.contains(" read = ") })
            // "  rows: 32,285 read = 31,327 written + 958 duplicate + 0 outranked + 0 rejected + 0 discarded"
            let shown = line.replacingOccurrences(of: ",", with: "").split(separator: " ").compactMap { Int64($0) }
            Self.expectAddsUp(shown, "summary")
            #expect(shown[2] > 0, "the overlap of the update with the complete archive is counted as duplicate")
            #expect(run.stdout.contains("duplicate: already stored with the same values, or repeated in its file"))
            let p = try StoreProbe(path: db)
            let jobID = try p.int("SELECT MAX(id) FROM jobs")
            #expect(try Self.ledger(p, job: jobID) == shown)
            #expect(try Self.job(p, jobID) == shown)
            #expect(try p.int("SELECT COUNT(*) FROM candles") == shown[1], "a fresh store: every write is an insert")
            let jobs = try Binary.run(["jobs", "--db", db])
            #expect(jobs.stdout.contains(Humanize.count(shown[0])) && jobs.stdout.contains(Humanize.count(shown[2])))
        }
    }

    @Test("a failed file keeps its rejected rows visible and counted; a retry replaces them")
    func failedFileRejectedRows() throws {
        let h = try ImportHarness()
        var lines = candleCSV(count: 1000).split(separator: "\n").map(String.init)
        for i in 0..<70 { lines.insert("garbage \(i)", at: 10 + i * 13) }
        let path = try h.dir.write("XBTUSD_60.csv", lines.joined(separator: "\n") + "\n")
        let failed = try h.importPaths([path])
        #expect(failed.filesFailed == 1)
        #expect(Self.summary(failed) == [1070, 0, 0, 0, 70, 1000])
        let p = try h.probe()
        #expect(try p.int("SELECT COUNT(*) FROM candles") == 0)
        #expect(try p.int("SELECT COUNT(*) FROM v_rejected_rows") == 70)
        #expect(try p.strings("SELECT DISTINCT status FROM v_ingested_files") == ["FAILED"])
        #expect(try Self.ledger(p, job: failed.jobID) == Self.summary(failed))
        #expect(try Self.job(p, failed.jobID) == Self.summary(failed))
        // Let in by a looser ratio: the same record, its rejected rows once.
        let passed = try h.importPaths([path], maxRejectRatio: 0.1)
        #expect(Self.summary(passed) == [1070, 1000, 0, 0, 70, 0])
        #expect(try p.int("SELECT COUNT(*) FROM v_rejected_rows") == 70)
        #expect(try Self.job(p, passed.jobID) == Self.summary(passed))
    }

    @Test("a failed file stores at most 10,000 rejected rows but counts them all")
    func failedFileRejectedRowsBounded() throws {
        let h = try ImportHarness()
        var lines = candleCSV(minutes: 1, count: 36_000).split(separator: "\n").map(String.init)
        // Not the first line: a first line that is not a candle is taken for a header.
        for i in stride(from: 1, to: lines.count, by: 3) { lines[i] = "bad,\(i)" }
        let path = try h.dir.write("XBTUSD_1.csv", lines.joined(separator: "\n") + "\n")
        let failed = try h.importPaths([path])
        #expect(failed.filesFailed == 1)
        #expect(failed.rowsRejected == 12_000)
        let p = try h.probe()
        #expect(try p.int("SELECT COUNT(*) FROM rejected_rows") == 10_000)
        #expect(try p.int("SELECT rejected_rows FROM ingested_files") == 12_000)
        #expect(try Self.job(p, failed.jobID) == Self.summary(failed))
        Self.expectAddsUp(Self.summary(failed))
    }

    @Test("a member of one row repeated thousands of times reports every repeat as a duplicate")
    func repeatedRowIsCounted() throws {
        let h = try ImportHarness()
        let row = "1704067200,100,101,99,100.5,3.25,17\n"
        let zip = h.dir.file("one-row.zip")
        try SampleArchives.writeZip(
            zip, entries: [("Kraken_OHLCVT/XBTUSD_60.csv", Data(String(repeating: row, count: 4_000).utf8))])
        let summary = try h.importPaths([zip])
        #expect(summary.status == .completed)
        #expect(Self.summary(summary) == [4_000, 1, 3_999, 0, 0, 0])
        let p = try h.probe()
        #expect(try p.int("SELECT rows FROM ingested_files") == 4_000)
        #expect(try p.int("SELECT duplicate_rows FROM ingested_files") == 3_999)
        #expect(try Self.job(p, summary.jobID) == Self.summary(summary))
        #expect(ImportReportText.summary(summary).contains("4,000 read = 1 written + 3,999 duplicate"))
    }

    @Test("rows already stored with the same values are duplicates; a DUPLICATE file's rows are all duplicates")
    func storedDuplicates() throws {
        let h = try ImportHarness()
        let text = candleCSV(count: 300)
        let first = try h.importPaths([try h.dir.write("a/XBTUSD_60.csv", text)])
        #expect(Self.summary(first) == [300, 300, 0, 0, 0, 0])
        // The same candles and 100 more, in another file: 200 stored already.
        let longer = candleCSV(start: 1_704_067_200 + 100 * 3600, count: 300)
        let second = try h.importPaths([try h.dir.write("b/XBTUSD_60.csv", longer)])
        #expect(Self.summary(second) == [300, 100, 200, 0, 0, 0])
        // The first file's bytes again under another name: nothing written, every row a duplicate.
        let copy = try h.importPaths([try h.dir.write("c/XBTUSD_60.csv", text)])
        #expect(copy.filesDuplicate == 1)
        #expect(Self.summary(copy) == [300, 0, 300, 0, 0, 0])
        let p = try h.probe()
        for s in [first, second, copy] {
            #expect(try Self.ledger(p, job: s.jobID) == Self.summary(s))
            #expect(try Self.job(p, s.jobID) == Self.summary(s))
        }
    }
}
