import Foundation
import KrakenIngestSamples
import Testing

/// A write that fails part-way (a full disk) pauses the job with a message that says what, where and how much room
/// the rest needs, keeps nothing of the failed group, and resumes cleanly once there is room. A file-size limit
/// (`ulimit -f`, with SIGXFSZ ignored) makes SQLite's writes fail the way a full disk does, without a real one.
@Suite(.serialized) struct WriteFaultTests {
    /// Runs the built binary under bash with a file-size limit of `kilobytes`.
    private func runLimited(_ arguments: [String], kilobytes: Int) throws -> CommandResult {
        let command = ([Binary.krakenIngest] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try Binary.runProgram("/bin/bash", ["-c", "trap '' XFSZ; ulimit -f \(kilobytes); exec \(command)"])
    }

    @Test func aFullDiskPausesTheImportWithWhatWhereAndHowMuchThenItResumes() async throws {
        try await onOwnThread { try self.body() }
    }

    @Test func aDiskThatFillsInsideABigFilePausesTheImportAndTheFileStaysPending() async throws {
        try await onOwnThread {
            let dir = try TempDir()
            // 300,000 minutes: about 20 MB of candle pages, far beyond the page cache and the 6 MB allowed.
            let csv = try dir.write(
                "in/XBTUSD_1.csv", candleCSV(minutes: 1, start: 1_600_000_000 / 60 * 60, count: 300_000))
            let db = dir.file("k.sqlite")
            let full = try runLimited(["import", csv, "--db", db], kilobytes: 6_000)
            #expect(full.status == 74, "\(full.stderr)")
            #expect(full.stderr.contains("could not write to \(db)"), "\(full.stderr)")
            #expect(full.stderr.contains("XBTUSD_1.csv (they stay PENDING"), "\(full.stderr)")
            let probe = try StoreProbe(path: db)
            #expect(try probe.strings("SELECT status FROM jobs") == ["PAUSED"])
            #expect(try probe.strings("SELECT status FROM ingested_files") == ["PENDING"])
            #expect(try probe.int("SELECT COUNT(*) FROM candles") == 0)
            let resumed = try Binary.run(["import", csv, "--db", db])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(try probe.int("SELECT COUNT(*) FROM candles") == 300_000)
        }
    }

    func body() throws {
        let dir = try TempDir()
        try SampleArchives.write(to: dir.file("sample"))
        let db = dir.file("k.sqlite")
        let full = try runLimited(["import", dir.file("sample"), "--db", db], kilobytes: 1_500)
        #expect(full.status == 74, "\(full.stderr)")
        #expect(full.stderr.contains("could not write to \(db)"))
        #expect(full.stderr.contains("while committing Kraken_OHLCVT.zip:Kraken_OHLCVT/"))
        #expect(full.stderr.contains("the write-ahead log can grow to about the largest of them"))
        #expect(full.stderr.contains("kraken-ingest import --resume 1 --db"))
        #expect(!full.stderr.contains("SQLite error 10: disk I/O error - while executing"), "no raw error alone")
        let probe = try StoreProbe(path: db)
        #expect(try probe.strings("SELECT status FROM jobs") == ["PAUSED"])
        #expect(try probe.int("SELECT COUNT(*) FROM ingested_files WHERE status <> 'PENDING'") == 0)
        #expect(try probe.int("SELECT COUNT(*) FROM candles") == 0)

        let resumed = try Binary.run(["import", dir.file("sample"), "--db", db])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try probe.strings("SELECT status FROM jobs") == ["COMPLETED"])
        #expect(try probe.int("SELECT COUNT(*) FROM ingested_files WHERE status = 'COMPLETED'") == 35)
        let once = dir.file("once.sqlite")
        #expect(try Binary.run(["import", dir.file("sample"), "--db", once]).status == 0)
        #expect(try probe.candleDump() == (try StoreProbe(path: once).candleDump()))
    }
}
