import Foundation
import GRDB
import KrakenIngestSamples
import Testing

@testable import KrakenIngest

/// Commands say no clearly: unknown pairs and intervals, imports with nothing to import, missing or mistyped
/// databases, read-only locations, and files corrected in place (`--recheck`). Runs the built binary.
@Suite("CLI says no (built binary)", .blocking)
struct SayNoCLITests {
    static let validIntervals = "1, 5, 15, 30, 60, 240, 720, 1440, 10080, 21600"

    /// A store holding 50 hourly XBTUSD candles, in a fresh temporary directory.
    static func smallStore() throws -> (dir: TempDir, db: String) {
        let dir = try TempDir()
        let csv = try dir.write("in/XBTUSD_60.csv", candleCSV(count: 50))
        let db = dir.file("k.sqlite")
        let run = try Binary.run(["import", "--db", db, csv])
        #expect(run.status == 0, "\(run.stderr)")
        return (dir, db)
    }

    @Test(
        "a pair in neither the store nor the tiers file is a usage error for every command that selects pairs",
        arguments: [
            ["coverage"], ["gaps"], ["gaps", "--now", "2024-02-01"], ["report", "--no-files"],
            ["backfill", "--dry-run"], ["backfill", "--spot-api-url", "http://127.0.0.1:9"],
            ["run", "--no-api-backfill"], ["poll", "--once", "--spot-api-url", "http://127.0.0.1:9"],
        ])
    func unknownPair(command: [String]) throws {
        let (dir, db) = try Self.smallStore()
        let run = try Binary.run(command + ["--db", db, "--pairs", "NOPE"], cwd: dir.path)
        #expect(run.status == 64, "\(command): \(run.status) \(run.stdout) \(run.stderr)")
        #expect(run.stderr.contains("unknown pair 'NOPE': not in the store or the tiers file"), "\(run.stderr)")
        // What is known: the store's pair and the tiers file's.
        #expect(run.stderr.contains("XBTUSD") && run.stderr.contains("SOLEUR"), "\(run.stderr)")
        #expect(!run.stdout.contains("No gaps") && !run.stdout.contains("100.00%"), "\(run.stdout)")
        #expect(try StoreProbe(path: db).int("SELECT COUNT(*) FROM jobs") == 1)
    }

    @Test("a near miss is suggested; aliases and tier pairs not stored yet are accepted")
    func suggestionsAndAliases() throws {
        let (dir, db) = try Self.smallStore()
        let typo = try Binary.run(["gaps", "--db", db, "--pairs", "XBTUSE"], cwd: dir.path)
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("unknown pair 'XBTUSE' (did you mean XBTUSD?)"), "\(typo.stderr)")
        for alias in ["BTC/USD", "XXBTZUSD", "XBTUSD", "btc-usd"] {
            let run = try Binary.run(["coverage", "--db", db, "--pairs", alias], cwd: dir.path)
            #expect(run.status == 0, "\(alias): \(run.stderr)")
            #expect(run.stdout.contains("XBTUSD"), "\(alias): \(run.stdout)")
        }
        // SOLEUR is in the tiers file: known, with nothing stored yet.
        let tiered = try Binary.run(["coverage", "--db", db, "--pairs", "SOLEUR"], cwd: dir.path)
        #expect(tiered.status == 0, "\(tiered.stderr)")
    }

    @Test(
        "an interval Kraken does not have is a usage error listing the valid ones",
        arguments: [["import", "in"], ["coverage"], ["gaps"], ["report", "--no-files"], ["backfill", "--dry-run"]])
    func unknownInterval(command: [String]) throws {
        let (dir, db) = try Self.smallStore()
        let run = try Binary.run(command + ["--db", db, "--intervals", "60,7"], cwd: dir.path)
        #expect(run.status == 64, "\(command): \(run.status) \(run.stderr)")
        #expect(run.stderr.contains("7 is not a Kraken interval; valid intervals in minutes: \(Self.validIntervals)"))
        #expect(try StoreProbe(path: db).int("SELECT COUNT(*) FROM jobs") == 1)
    }

    @Test("import --pairs naming a pair no file in the paths has is a usage error listing the pairs they hold")
    func importPairNotInFiles() throws {
        let dir = try TempDir()
        try dir.write("in/XBTUSD_60.csv", candleCSV(count: 5))
        try dir.write("in/ETHUSD_60.csv", candleCSV(pair: "ETHUSD", count: 5))
        let db = dir.file("k.sqlite")
        // SOLEUR is a tier pair, but no file has it.
        let run = try Binary.run(["import", "--db", db, "--pairs", "BTC/USD,SOLEUR", dir.file("in")])
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("unknown pair 'SOLEUR'"), "\(run.stderr)")
        #expect(run.stderr.contains("known pairs (2): ETHUSD, XBTUSD"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db))
        // A filter that leaves no file: nothing to import (exit 66), nothing recorded.
        let none = try Binary.run(["import", "--db", db, "--intervals", "1440", dir.file("in")])
        #expect(none.status == 66, "\(none.stderr)")
        #expect(none.stderr.contains("are all left out by"), "\(none.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test("an import that finds no candle file exits 66, says why, and records no job")
    func nothingToImport() throws {
        let (dir, db) = try Self.smallStore()
        let readme = try dir.write("README.md", "# not candles\n")
        let run = try Binary.run(["import", "--db", db, readme])
        #expect(run.status == 66, "\(run.status) \(run.stdout) \(run.stderr)")
        #expect(run.stderr.contains("nothing to import: no candle file"), "\(run.stderr)")
        #expect(run.stderr.contains("skipped \(readme): not a .csv, .csv.zst or .csv.gz file"), "\(run.stderr)")
        #expect(!run.stdout.contains("COMPLETED"))
        let missing = try Binary.run(["import", "--db", db, dir.file("not/here")])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("cannot read \(dir.file("not/here")): no such file or directory"))
        #expect(try StoreProbe(path: db).int("SELECT COUNT(*) FROM jobs") == 1)
        // No database is created for an import that cannot start.
        let fresh = dir.file("fresh.sqlite")
        #expect(try Binary.run(["import", "--db", fresh, readme]).status == 66)
        #expect(!FileManager.default.fileExists(atPath: fresh))
        // run with such paths stops the same way, before any job.
        let composed = try Binary.run(["run", "--db", db, "--no-api-backfill", "--out", dir.file("r"), readme])
        #expect(composed.status == 66, "\(composed.stderr)")
        #expect(try StoreProbe(path: db).int("SELECT COUNT(*) FROM jobs") == 1)
    }

    @Test("unreadable paths (missing, a corrupt ZIP) exit 3 with the path and reason; the others are imported")
    func unreadablePaths() throws {
        let dir = try TempDir()
        let good = try dir.write("XBTUSD_60.csv", candleCSV(count: 20))
        let corrupt = try dir.write("broken.zip", Data("PK\u{3}\u{4} this is no zip archive".utf8))
        let missing = dir.file("gone/Kraken_OHLCVT.zip")
        let db = dir.file("k.sqlite")
        let run = try Binary.run(["import", "--db", db, good, missing, corrupt])
        #expect(run.status == 3, "\(run.status) \(run.stdout) \(run.stderr)")
        #expect(run.stderr.contains("error: cannot read \(missing): no such file or directory"), "\(run.stderr)")
        #expect(run.stderr.contains("error: cannot read \(corrupt): not a readable ZIP archive"), "\(run.stderr)")
        #expect(run.stdout.contains("CANNOT READ \(corrupt)"), "\(run.stdout)")
        #expect(run.stdout.contains("1 imported"), "\(run.stdout)")
        let probe = try StoreProbe(path: db)
        #expect(try probe.int("SELECT COUNT(*) FROM candles") == 20)
        #expect(try probe.strings("SELECT error FROM jobs").first?.contains("2 path(s) could not be read") == true)
        let json = try Binary.run(["import", "--db", db, "--json", good, corrupt])
        #expect(json.status == 3)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["unreadable"] as? [[String: Any]])?.first?["path"] as? String == corrupt)
        // The plan says the same: it lists the unreadable path and exits 3, writing nothing.
        let plan = try Binary.run(["import", "--db", dir.file("plan.sqlite"), "--dry-run", good, corrupt])
        #expect(plan.status == 3 && plan.stderr.contains("cannot read \(corrupt)"), "\(plan.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("plan.sqlite")))
        // An empty KRAKEN_INGEST_DB is refused like an empty --db, not taken for the default store.
        let empty = try Binary.run(["coverage"], cwd: dir.path, environment: ["KRAKEN_INGEST_DB": ""])
        #expect(empty.status == 64 && empty.stderr.contains("KRAKEN_INGEST_DB is set but empty"), "\(empty.stderr)")
    }

    @Test(
        "commands that only read need an existing database: exit 66 naming the path, nothing created",
        arguments: [
            ["coverage"], ["gaps"], ["report", "--no-files"], ["jobs"], ["futures", "state"],
            ["backfill"], ["futures", "reset"], ["import", "--resume", "1"],
        ])
    func missingDatabase(command: [String]) throws {
        let dir = try TempDir()
        for db in [dir.file("typo/x.sqlite"), dir.file("x.sqlite")] {
            let run = try Binary.run(command + ["--db", db], cwd: dir.path)
            #expect(run.status == 66, "\(command): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains("no database at \(db)"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: db))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("typo")))
    }

    @Test("import creates the database file, never its folder, and says so; --db '' is a usage error")
    func creatingTheStore() throws {
        let dir = try TempDir()
        let csv = try dir.write("XBTUSD_60.csv", candleCSV(count: 5))
        let typo = dir.file("no/such/dir/x.sqlite")
        let refused = try Binary.run(["import", "--db", typo, csv])
        #expect(refused.status == 73, "\(refused.stderr)")
        #expect(refused.stderr.contains("the folder \(dir.file("no/such/dir")) does not exist"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("no")))
        let db = dir.file("new.sqlite")
        let created = try Binary.run(["import", "--db", db, csv])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stderr.contains("created a new database at \(db)"), "\(created.stderr)")
        let again = try Binary.run(["import", "--db", db, csv])
        #expect(again.status == 0)
        #expect(!again.stderr.contains("created a new database"))
        let noJob = try Binary.run(["import", "--db", db, "--resume", "99"])
        #expect(noJob.status == 64)
        #expect(noJob.stderr.contains("no job 99"), "\(noJob.stderr)")
        for command in [["coverage"], ["import", csv], ["jobs"]] {
            let empty = try Binary.run(command + ["--db", ""], cwd: dir.path)
            #expect(empty.status == 64, "\(command): \(empty.stderr)")
            #expect(empty.stderr.contains("--db needs a database path"), "\(empty.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("data")))
    }

    @Test("on a read-only location readers work and writers say it is read-only (run as an unprivileged user)")
    func readOnlyLocation() throws {
        // Permission bits do not bind root: the binary runs as `nobody` through setpriv when the tests run as root.
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
        let (dir, db) = try Self.smallStore()
        let folder = dir.file("ro")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let store = folder + "/k.sqlite"
        try FileManager.default.copyItem(atPath: db, toPath: store)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: store)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
        func asNobody(_ arguments: [String]) throws -> CommandResult {
            let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups", Binary.krakenIngest]
            return try Binary.runProgram("/usr/bin/setpriv", nobody + arguments, cwd: folder)
        }
        let coverage = try asNobody(["coverage", "--db", store])
        #expect(coverage.status == 0, "\(coverage.stderr)")
        #expect(coverage.stdout.contains("XBTUSD"))
        let report = try asNobody(["report", "--db", store, "--no-files", "--now", "2024-01-03"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("XBTUSD"))
        let jobs = try asNobody(["jobs", "--db", store])
        #expect(jobs.status == 0, "\(jobs.stderr)")
        let gaps = try asNobody(["gaps", "--db", store, "--now", "2024-01-03"])
        #expect(gaps.status == 0, "\(gaps.stderr)")
        let write = try asNobody(["import", "--db", store, dir.file("in")])
        #expect(write.status == 73, "\(write.stderr)")
        #expect(write.stderr.contains("the database \(store) is read-only"), "\(write.stderr)")
        let create = try asNobody(["import", "--db", folder + "/new.sqlite", dir.file("in")])
        #expect(create.status == 73, "\(create.stderr)")
        #expect(create.stderr.contains("the folder \(folder) is read-only"), "\(create.stderr)")
        // Nothing was written next to the store.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["k.sqlite"])

        // A database this user may not read: exit 66 with the reason, not "unable to open database file".
        let secret = dir.file("secret.sqlite")
        try FileManager.default.copyItem(atPath: db, toPath: secret)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret)
        let unreadable = try asNobody(["coverage", "--db", secret])
        #expect(unreadable.status == 66, "\(unreadable.stderr)")
        #expect(unreadable.stderr.contains("cannot read the database \(secret): Permission denied"))

        // A -wal file with changes a reader there cannot see (no -shm, none can be created): refused, not ignored.
        let walFolder = dir.file("rowal")
        try FileManager.default.createDirectory(atPath: walFolder, withIntermediateDirectories: false)
        let source = dir.file("wal-source.sqlite")
        try FileManager.default.copyItem(atPath: db, toPath: source)
        do {
            let queue = try DatabaseQueue(path: source)
            try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
            try queue.write { try $0.execute(sql: "UPDATE jobs SET error = 'pending in the WAL'") }
            try FileManager.default.copyItem(atPath: source, toPath: walFolder + "/k.sqlite")
            try FileManager.default.copyItem(atPath: source + "-wal", toPath: walFolder + "/k.sqlite-wal")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: walFolder)
        let pending = try asNobody(["jobs", "--db", walFolder + "/k.sqlite"])
        #expect(pending.status == 1, "\(pending.stdout) \(pending.stderr)")
        #expect(pending.stderr.contains("holds changes not yet in the database file"), "\(pending.stderr)")
    }

    @Test("import --recheck re-reads a file corrected in place with the same size and time; unchanged stays a no-op")
    func recheck() throws {
        let dir = try TempDir()
        let start: Int64 = 1_704_067_200
        func csv(close: String) -> String {
            (0..<3).map { "\(start + Int64($0) * 3600),100.0,101.0,99.0,\($0 == 1 ? close : "100.5"),1.0,3\n" }
                .joined()
        }
        let path = try dir.write("XBTUSD_60.csv", csv(close: "100.5"))
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date
        let db = dir.file("k.sqlite")
        #expect(try Binary.run(["import", "--db", db, path]).status == 0)
        let probe = try StoreProbe(path: db)
        let middle = "SELECT close FROM candles WHERE open_time = \(start + 3600)"
        #expect(try probe.strings("SELECT CAST(close AS TEXT) FROM (\(middle))") == ["100.5"])
        // Corrected in place: same size, same modification time.
        try csv(close: "100.7").write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        let plain = try Binary.run(["import", "--db", db, path])
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("0 imported, 1 skipped"), "\(plain.stdout)")
        #expect(try probe.strings("SELECT CAST(close AS TEXT) FROM (\(middle))") == ["100.5"])
        let rechecked = try Binary.run(["import", "--db", db, "--recheck", path])
        #expect(rechecked.status == 0, "\(rechecked.stderr)")
        #expect(rechecked.stdout.contains("1 imported"), "\(rechecked.stdout)")
        #expect(try probe.strings("SELECT CAST(close AS TEXT) FROM (\(middle))") == ["100.7"])
        // Unchanged content: hashed again, found identical, nothing written.
        let again = try Binary.run(["import", "--db", db, "--recheck", path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("0 imported"), "\(again.stdout)")
        #expect(again.stdout.contains("1 duplicate"), "\(again.stdout)")
        #expect(try probe.int("SELECT COUNT(*) FROM candles") == 3)
        let statuses = try probe.strings("SELECT status FROM ingested_files ORDER BY id")
        #expect(statuses == ["COMPLETED", "COMPLETED", "DUPLICATE"])
    }
}
