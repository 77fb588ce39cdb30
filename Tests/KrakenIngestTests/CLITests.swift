import Foundation
import KrakenIngestSamples
import Testing

@testable import KrakenIngest

/// End-to-end tests that run the built `kraken-ingest` binary.
@Suite("CLI (built binary)", .blocking)
struct CLITests {
    /// A directory of `files` 1-minute candle files of `rows` rows each (distinct pairs, sorted import order).
    static func manyFiles(in dir: TempDir, files: Int, rows: Int) throws -> String {
        let pairs = [
            "AAVEUSD", "ADAUSD", "ALGOUSD", "ATOMUSD", "AVAXUSD", "BCHUSD", "COMPUSD", "CRVUSD", "DOTUSD",
            "ENJUSD", "ETCUSD", "ETHUSD", "FILUSD", "FLOWUSD", "GRTUSD", "KAVAUSD", "KSMUSD", "LINKUSD",
            "LTCUSD", "MANAUSD", "SANDUSD", "SNXUSD", "SOLUSD", "TRXUSD",
        ]
        for i in 0..<files {
            try dir.write("bulk/\(pairs[i])_1.csv", candleCSV(pair: pairs[i], minutes: 1, count: rows))
        }
        return dir.file("bulk")
    }

    /// Polls the store until `condition` holds (or `seconds` pass); returns whether it held.
    static func waitFor(_ dbPath: String, seconds: Double = 60, _ condition: (StoreProbe) throws -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: dbPath), let probe = try? StoreProbe(path: dbPath),
                (try? condition(probe)) == true
            {
                return true
            }
            usleep(10_000)
        }
        return false
    }

    @Test("the README's first command: import the bundled-style sample and print its coverage")
    func importAndCoverage() throws {
        let dir = try TempDir()
        let sample = dir.file("sample")
        try SampleArchives.write(to: sample)
        let db = dir.file("k.sqlite")
        let run = try Binary.run(["import", "--db", db, sample])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Import job 1 COMPLETED"))
        #expect(run.stdout.contains("35 imported"))
        #expect(run.stderr.contains("imported: Kraken_OHLCVT.zip:Kraken_OHLCVT/XBTUSD_60.csv"))
        let coverage = try Binary.run(["coverage", "--db", db, "--pairs", "MANAUSD,BTC/USD", "--intervals", "60"])
        #expect(coverage.status == 0)
        let lines = coverage.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.contains {
                $0.hasPrefix("TIER4") && $0.contains("MANAUSD")
                    && $0.contains("2024-06-25T00:00:00Z  2024-10-01T00:00:00Z  archive")
            })
        #expect(
            lines.contains {
                $0.contains("XBTUSD")
                    && $0.contains("2024-04-01T00:00:00Z  2024-10-01T00:00:00Z  archive    4,392  4,392")
            })
        #expect(lines.count == 2 + 2)
    }

    @Test("--json prints a machine-readable summary; the environment variable chooses the database")
    func jsonAndEnvironment() throws {
        let dir = try TempDir()
        let csv = try dir.write("XBTUSD_60.csv", candleCSV(count: 50))
        let db = dir.file("env.sqlite")
        let run = try Binary.run(["import", "--json", csv], environment: ["KRAKEN_INGEST_DB": db])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(object?["status"] as? String == "COMPLETED")
        #expect(object?["rowsRead"] as? Int == 50)
        #expect(object?["filesImported"] as? Int == 1)
        #expect(object?["filesTotal"] as? Int == 1)
        #expect(object?["jobID"] == nil && object?["rows"] == nil)
        #expect(FileManager.default.fileExists(atPath: db))
        let jobs = try Binary.run(["jobs", "--json"], environment: ["KRAKEN_INGEST_DB": db])
        let list = try JSONSerialization.jsonObject(with: Data(jobs.stdout.utf8)) as? [[String: Any]]
        #expect(list?.first?["status"] as? String == "COMPLETED")
        // The same names for the same things: the summary's job is the listing's `id`, with the same row counts.
        #expect(object?["id"] as? Int != nil && object?["id"] as? Int == list?.first?["id"] as? Int)
        #expect(object?["rowsRead"] as? Int == list?.first?["rowsRead"] as? Int)
    }

    @Test("--dry-run prints the plan per tier, pair and interval and writes nothing")
    func dryRun() throws {
        let dir = try TempDir()
        let sample = dir.file("sample")
        try SampleArchives.write(to: sample)
        let db = dir.file("dry.sqlite")
        let run = try Binary.run(["import", "--db", db, "--dry-run", "--tier", "TIER1", sample])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("dry run, nothing written"))
        #expect(run.stdout.contains("TIER1  XBTUSD        15      1"))
        #expect(run.stdout.contains("13 candle file(s), 13 to import"))
        #expect(!FileManager.default.fileExists(atPath: db))
        // After a real import, the plan shows the files as already ingested, still writing nothing.
        #expect(try Binary.run(["import", "--db", db, "--tier", "TIER1", sample]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let again = try Binary.run(["import", "--db", db, "--dry-run", "--tier", "TIER1", sample])
        #expect(again.stdout.contains("13 candle file(s), 0 to import"))
        #expect(try StoreProbe(path: db).int("SELECT COUNT(*) FROM jobs") == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    }

    @Test("--tiers takes several tiers, --tier ALL takes every pair including the untiered ones")
    func tierSelections() throws {
        let dir = try TempDir()
        let sample = dir.file("sample")
        try SampleArchives.write(to: sample)
        let db = dir.file("t.sqlite")
        let two = try Binary.run([
            "import", "--db", db, "--dry-run", "--tiers", "TIER1,tier4", "--intervals", "1440", sample,
        ])
        let pairs = Set(
            two.stdout.split(separator: "\n").compactMap { line -> String? in
                let cells = line.split(separator: " ")
                return cells.count > 2 && cells[0].hasPrefix("TIER") ? String(cells[1]) : nil
            })
        #expect(pairs == ["XBTUSD", "ETHUSD", "MANAUSD"], "\(two.stdout)")
        let all = try Binary.run(["import", "--db", db, "--dry-run", "--tier", "ALL", "--intervals", "1440", sample])
        #expect(all.stdout.contains("UNTIERED  WIFUSD"))
        #expect(all.stdout.contains("11 candle file(s)"))
    }

    @Test(
        "bad flags and paths give a clear message and the usage exit code",
        arguments: [
            (["import"], "give at least one path"),
            (["import", "--tier", "TIER9", "."], "unknown tier 'TIER9'"),
            (["import", "--pairs", "BTC/USD/EUR", "."], "'BTC/USD/EUR' is not a pair name"),
            (["import", "--intervals", "60,abc", "."], "'abc' is not an interval in minutes"),
            (["import", "--max-reject-ratio", "2", "."], "--max-reject-ratio must be between 0 and 1"),
        ])
    func usageErrors(arguments: [String], message: String) throws {
        let dir = try TempDir()
        let run = try Binary.run(arguments + ["--db", dir.file("u.sqlite")], cwd: dir.path)
        #expect(run.status == 64, "\(arguments): \(run.status) \(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test("a file that fails gives the partial-failure exit code and names the file")
    func partialFailure() throws {
        let dir = try TempDir()
        try dir.write("in/XBTUSD_60.csv", candleCSV(count: 20))
        try dir.write("in/ETHUSD_60.csv", "1,2\n3,4\n")
        try dir.write("in/notes.txt", "not candles")
        let run = try Binary.run(["import", "--db", dir.file("p.sqlite"), dir.file("in")])
        #expect(
            run.stderr.components(separatedBy: "notes.txt: not a .csv").count == 2, "the skipped path is reported once")
        #expect(run.status == 3)
        #expect(run.stdout.contains("1 imported"))
        #expect(run.stdout.contains("1 failed"))
        #expect(run.stdout.contains("ETHUSD_60.csv: 2 of 2 rows rejected"))
    }

    @Test("a second writer on the same database gets a clear busy error naming the job")
    func secondWriterBusy() throws {
        let dir = try TempDir()
        let bulk = try Self.manyFiles(in: dir, files: 12, rows: 40_000)
        let db = dir.file("busy.sqlite")
        let first = try Binary.start(["import", "--db", db, bulk])
        #expect(Self.waitFor(db) { try $0.int("SELECT COUNT(*) FROM jobs WHERE status = 'RUNNING'") == 1 })
        let second = try Binary.run(["import", "--db", db, bulk])
        let firstResult = first.wait()
        #expect(second.status == 75)
        #expect(
            second.stderr.contains(
                "database busy: \(db) is held by job 1 (import, phase import, pid \(first.process.processIdentifier)"),
            "\(second.stderr)")
        #expect(firstResult.status == 0)
        #expect(try StoreProbe(path: db).int("SELECT COUNT(*) FROM jobs") == 1, "the busy writer created no job")
    }

    @Test("an import killed with SIGKILL mid-way, then resumed, holds exactly the rows of a one-shot import")
    func killedThenResumed() throws {
        let dir = try TempDir()
        let bulk = try Self.manyFiles(in: dir, files: 16, rows: 30_000)
        let db = dir.file("killed.sqlite")
        let first = try Binary.start(["import", "--db", db, bulk])
        #expect(Self.waitFor(db) { try $0.int("SELECT COUNT(*) FROM ingested_files WHERE status = 'COMPLETED'") >= 2 })
        kill(first.process.processIdentifier, SIGKILL)
        _ = first.wait()
        let probe = try StoreProbe(path: db)
        let completedAtKill = try probe.int("SELECT COUNT(*) FROM ingested_files WHERE status = 'COMPLETED'")
        #expect(completedAtKill < 16, "the kill came too late to test anything")
        #expect(try probe.strings("SELECT status FROM jobs") == ["RUNNING"])

        let jobs = try Binary.run(["jobs", "--db", db])
        #expect(jobs.stdout.contains("stale"), "\(jobs.stdout)")

        let resumed = try Binary.run(["import", "--db", db, bulk])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("Resuming import job 1"))
        #expect(resumed.stdout.contains("Import job 1 COMPLETED (resumed)"))

        let oneShot = dir.file("oneshot.sqlite")
        #expect(try Binary.run(["import", "--db", oneShot, bulk]).status == 0)
        let resumedDump = try StoreProbe(path: db).candleDump()
        #expect(resumedDump.count == 16 * 30_000)
        #expect(resumedDump == (try StoreProbe(path: oneShot).candleDump()))
        let after = try StoreProbe(path: db)
        #expect(try after.int("SELECT COUNT(*) FROM ingested_files WHERE status = 'COMPLETED'") == 16)
        #expect(try after.int("SELECT files_done FROM jobs WHERE id = 1") == 16)
        #expect(try after.int("SELECT rows_written FROM jobs WHERE id = 1") == 16 * 30_000)
        #expect(
            try after.strings("SELECT source || ':' || rows FROM coverage") == Array(repeating: "CSV:30000", count: 16))
    }

    @Test("Ctrl-C (SIGINT) rolls back the file in flight, pauses the job, and --resume finishes it")
    func interruptedThenResumed() throws {
        let dir = try TempDir()
        let bulk = try Self.manyFiles(in: dir, files: 16, rows: 30_000)
        let db = dir.file("paused.sqlite")
        let first = try Binary.start(["import", "--db", db, bulk])
        #expect(Self.waitFor(db) { try $0.int("SELECT COUNT(*) FROM ingested_files WHERE status = 'COMPLETED'") >= 1 })
        kill(first.process.processIdentifier, SIGINT)
        let result = first.wait()
        #expect(result.status == 130, "\(result.stderr)")
        // The hint names the database given with --db, so the command it shows continues the right job.
        #expect(result.stdout.contains("Paused: resume with `kraken-ingest import --resume 1 --db \(db)`"))
        let probe = try StoreProbe(path: db)
        #expect(try probe.strings("SELECT status FROM jobs") == ["PAUSED"])
        #expect(try probe.strings("SELECT error FROM jobs").first?.contains("--resume 1 --db \(db)") == true)
        let completed = try probe.int("SELECT COUNT(*) FROM ingested_files WHERE status = 'COMPLETED'")
        #expect(completed < 16)
        // Nothing of the rolled-back file is stored: every candle belongs to a completed file.
        #expect(try probe.int("SELECT COUNT(*) FROM candles") == completed * 30_000)
        #expect(try probe.int("SELECT COUNT(*) FROM ingested_files WHERE status = 'PENDING'") == 16 - completed)

        let resumed = try Binary.run(["import", "--db", db, "--resume", "1"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try probe.int("SELECT COUNT(*) FROM candles") == 16 * 30_000)
        #expect(try probe.strings("SELECT status FROM jobs") == ["COMPLETED"])
        let again = try Binary.run(["import", "--db", db, "--resume", "1"])
        #expect(again.status == 64)
        #expect(again.stderr.contains("already COMPLETED"))
    }

    @Test("tiers lists the shipped tier file, which equals the built-in default")
    func tiers() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let shipped = try TierCatalog(
            jsonData: Data(contentsOf: root.appendingPathComponent("data/tiers.json")), origin: "data/tiers.json")
        #expect(shipped == (try TierCatalog(jsonData: Data(TierCatalog.defaultJSON.utf8), origin: "default")))
        #expect(shipped.tiers.map(\.name) == ["TIER1", "TIER2", "TIER3", "TIER4"])
        let run = try Binary.run(["tiers"], cwd: root.path)
        #expect(run.status == 0)
        #expect(run.stdout.contains("TIER1  XBTUSD ETHUSD"))
    }

    @Test("the bundled sample archives are exactly what the generator produces")
    func bundledSampleIsGenerated() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let dir = try TempDir()
        for path in try SampleArchives.write(to: dir.path) {
            let name = (path as NSString).lastPathComponent
            let bundled = try Data(contentsOf: root.appendingPathComponent("Fixtures/sample/\(name)"))
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: path)) == bundled,
                "\(name) differs from the generator's output")
        }
    }
}
