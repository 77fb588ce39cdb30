import Foundation
import KrakenIngestSamples
import Testing

@testable import KrakenIngest

@Suite("Writer lock and signals (built binary)", .blocking, .serialized)
struct WriterLockTests {
    @Test("`jobs` in a loop while an import runs: the import succeeds and its job is never called stale")
    func jobsWhileImporting() throws {
        let dir = try TempDir()
        let bulk = try CLITests.manyFiles(in: dir, files: 12, rows: 30_000)
        let db = dir.file("live.sqlite")
        let importing = try Binary.start(["import", "--db", db, bulk])
        #expect(CLITests.waitFor(db) { try $0.int("SELECT COUNT(*) FROM jobs WHERE status = 'RUNNING'") == 1 })
        var runs = 0
        var sawStale = false
        while importing.process.isRunning && runs < 60 {
            let jobs = try Binary.run(["jobs", "--db", db])
            #expect(jobs.status == 0, "\(jobs.stderr)")
            if jobs.stdout.contains("stale") { sawStale = true }
            runs += 1
        }
        let result = importing.wait()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(runs > 0)
        #expect(!sawStale, "a live job was reported stale")
        #expect(try StoreProbe(path: dir.file("live.sqlite")).strings("SELECT status FROM jobs") == ["COMPLETED"])
    }

    @Test("a second import through a symlink to the same database is refused as busy, and the first finishes alone")
    func symlinkedDatabase() throws {
        let dir = try TempDir()
        let bulk = try CLITests.manyFiles(in: dir, files: 12, rows: 30_000)
        let db = dir.file("real.sqlite")
        let link = dir.file("link.sqlite")
        let importing = try Binary.start(["import", "--db", db, bulk])
        #expect(CLITests.waitFor(db) { try $0.int("SELECT COUNT(*) FROM jobs WHERE status = 'RUNNING'") == 1 })
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: db)
        let second = try Binary.run(["import", "--db", link, bulk])
        #expect(second.status == 75, "\(second.stderr)")
        #expect(second.stderr.contains("database busy"), "\(second.stderr)")
        let first = importing.wait()
        #expect(first.status == 0, "\(first.stderr)")
        let probe = try StoreProbe(path: db)
        #expect(
            try probe.strings("SELECT status FROM jobs") == ["COMPLETED"],
            "the live job was neither taken over nor paused")
        #expect(try probe.int("SELECT COUNT(*) FROM candles") == 12 * 30_000)
    }

    @Test("a second Ctrl-C stops at once: nothing uncommitted stays, the job shows as stale, and a re-run completes it")
    func secondSignalStopsAtOnce() throws {
        let dir = try TempDir()
        let bulk = try CLITests.manyFiles(in: dir, files: 6, rows: 250_000)
        let db = dir.file("twice.sqlite")
        let importing = try Binary.start(["import", "--db", db, bulk])
        #expect(CLITests.waitFor(db) { try $0.int("SELECT COUNT(*) FROM jobs WHERE status = 'RUNNING'") == 1 })
        usleep(300_000)
        kill(importing.process.processIdentifier, SIGINT)
        usleep(100_000)
        kill(importing.process.processIdentifier, SIGINT)
        let result = importing.wait()
        #expect(result.status == 130, "\(result.stderr)")
        #expect(result.stderr.contains("stopping after the file in flight"), "\(result.stderr)")
        #expect(result.stderr.contains("stopped at once"), "\(result.stderr)")
        let probe = try StoreProbe(path: db)
        let completed = try probe.int("SELECT COUNT(*) FROM ingested_files WHERE status = 'COMPLETED'")
        #expect(completed < 6)
        #expect(try probe.int("SELECT COUNT(*) FROM candles") == completed * 250_000, "only committed files are stored")
        #expect(try Binary.run(["jobs", "--db", db]).stdout.contains("stale"))
        let resumed = try Binary.run(["import", "--db", db, bulk])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try probe.int("SELECT COUNT(*) FROM candles") == 6 * 250_000)
        #expect(try probe.strings("SELECT status FROM jobs") == ["COMPLETED"])
    }
}
