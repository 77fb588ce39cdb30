import Foundation
import KrakenTestServer
import Testing

@testable import KrakenIngest

/// The built `kraken-ingest backfill` against the imitation over real HTTP (server and binary on the real clock).
@Suite(.serialized) struct BackfillCLITests {
    private func run(_ arguments: [String], url: String) async throws -> CommandResult {
        try await onOwnThread { try Binary.run(arguments, environment: ["KRAKEN_SPOT_API_URL": url]) }
    }

    @Test func backfillFillsTheTailAndPrintsTheSummary() async throws {
        let server = try await KrakenTestServer.started(.init())
        defer { Task { await server.stop() } }
        let dir = try TempDir()
        let db = try Binary.storeWithRecentTail(dir)
        let url = server.baseURL.absoluteString

        let plan = try await run(["backfill", "--dry-run", "--db", db], url: url)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("1 OHLC request(s)") && plan.stdout.contains("XBTUSD"))
        #expect(plan.stdout.contains("estimated wall time"))
        let planJSON = try await run(["backfill", "--dry-run", "--json", "--db", db], url: url)
        let planned = try JSONSerialization.jsonObject(with: Data(planJSON.stdout.utf8)) as? [String: Any]
        let request = try #require((planned?["requests"] as? [[String: Any]])?.first)
        let since = try #require(request["since"] as? Int)
        #expect(request["sinceUTC"] as? String == UTCTime.iso(Int64(since)))
        #expect(server.log.count(path: SpotRoutes.ohlcPath) == 0)

        let result = try await run(["backfill", "--db", db, "--json"], url: url)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["seriesDone"] as? Int == 1)
        #expect((json["http"] as? [String: Any])?["retries"] as? Int == 0)
        #expect(server.log.count(path: SpotRoutes.ohlcPath, pair: "XBTUSD") == 1)
        let probe = try StoreProbe(path: db)
        let backfillJob = try probe.int("SELECT id FROM jobs WHERE kind = 'backfill'")
        #expect(json["id"] as? Int == Int(backfillJob))
        #expect(try probe.int("SELECT COUNT(*) FROM v_candles WHERE source = 'api'") >= 10)
        #expect(try probe.int("SELECT COUNT(*) FROM gaps WHERE status <> 'FILLED'") == 0)
        #expect(try probe.strings("SELECT status FROM jobs WHERE kind = 'backfill'") == ["COMPLETED"])

        let text = try await run(["backfill", "--db", db], url: url)
        #expect(text.status == 0)
        #expect(text.stdout.contains("0/0 series fetched") && text.stdout.contains("breaker opens 0"))
    }

    @Test func anUnreachableKrakenIsOneLineADistinctExitCodeAndGapsStayDetected() async throws {
        let dir = try TempDir()
        let db = try Binary.storeWithRecentTail(dir)
        let result = try await run(
            [
                "backfill", "--db", db, "--max-retries", "0", "--spot-api-url",
                "http://127.0.0.1:9",
            ], url: "http://unused.invalid")
        #expect(result.status == 69)
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("could not be reached") }
        #expect(lines.count == 1)
        let probe = try StoreProbe(path: db)
        #expect(try probe.strings("SELECT status FROM gaps") == ["DETECTED"])
        #expect(try probe.int("SELECT COUNT(*) FROM candles WHERE source = 2") == 0)
    }

    /// A machine without network (or a mistyped host): the name does not resolve, nothing is retried, and the
    /// whole run says so in one line instead of a line per series.
    @Test func aHostThatDoesNotResolveIsOneLineWithoutRetries() async throws {
        let dir = try TempDir()
        let hour = Int64(Date().timeIntervalSince1970) / 3600 * 3600
        for pair in ["XBTUSD", "ETHUSD", "SOLUSD"] {
            for minutes in [60, 240] {
                let step = Int64(minutes * 60)
                _ = try dir.write(
                    "in/\(pair)_\(minutes).csv",
                    candleCSV(pair: pair, minutes: minutes, start: hour / step * step - 50 * step, count: 40))
            }
        }
        let began = Date()
        let result = try await run(
            [
                "run", dir.file("in"), "--db", dir.file("k.sqlite"), "--out", dir.file("out"),
                "--spot-api-url", "http://kraken-ingest-offline.invalid",
            ], url: "")
        #expect(result.status == 69, "\(result.stderr)")
        #expect(Date().timeIntervalSince(began) < 30)  // no 2 + 4 + 8 s of backoff per call
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.filter { $0.contains("could not be reached") }.count == 1)
        #expect(!lines.contains { $0.contains("retry") || $0.contains("skipped (unreachable)") })
        #expect(FileManager.default.fileExists(atPath: dir.file("out/download-list.csv")))
        let probe = try StoreProbe(path: dir.file("k.sqlite"))
        #expect(try probe.strings("SELECT DISTINCT status FROM gaps") == ["DETECTED"])
        #expect(try probe.int("SELECT COUNT(DISTINCT pair_id || '/' || interval_minutes) FROM gaps") == 6)
        // The job records why it did not complete cleanly; every other phase ran.
        #expect(try probe.strings("SELECT status FROM jobs WHERE kind = 'run'") == ["FAILED"])
        #expect(try probe.strings("SELECT error FROM jobs WHERE kind = 'run'").first?.contains("reached") == true)
    }

    @Test func runImportsDetectsBackfillsAndReportsOnlineAndOffline() async throws {
        let server = try await KrakenTestServer.started(.init())
        defer { Task { await server.stop() } }
        let dir = try TempDir()
        let hour = Int64(Date().timeIntervalSince1970) / 3600 * 3600
        let csv = try dir.write("in/XBTUSD_60.csv", candleCSV(pair: "XBTUSD", start: hour - 50 * 3600, count: 40))

        let online = try await run(
            ["run", csv, "--db", dir.file("a.sqlite"), "--out", dir.file("a")],
            url: server.baseURL.absoluteString)
        #expect(online.status == 0, "\(online.stderr)")
        #expect(online.stdout.contains("1/1 series fetched"))
        #expect(FileManager.default.fileExists(atPath: dir.file("a/download-list.csv")))
        let a = try StoreProbe(path: dir.file("a.sqlite"))
        #expect(try a.int("SELECT COUNT(*) FROM candles WHERE source = 3") == 40)
        #expect(try a.int("SELECT COUNT(*) FROM candles WHERE source = 2") >= 10)
        #expect(try a.strings("SELECT status FROM jobs WHERE kind = 'run'") == ["COMPLETED"])
        #expect(try a.strings("SELECT phases FROM jobs WHERE kind = 'run'").first?.contains("backfill") == true)

        let offline = try await run(
            [
                "run", csv, "--db", dir.file("b.sqlite"), "--out", dir.file("b"),
                "--max-retries", "0", "--spot-api-url", "http://127.0.0.1:9",
            ], url: "")
        #expect(offline.status == 69)
        #expect(offline.stderr.split(separator: "\n").filter { $0.contains("could not be reached") }.count == 1)
        #expect(FileManager.default.fileExists(atPath: dir.file("b/download-list.csv")))
        let b = try StoreProbe(path: dir.file("b.sqlite"))
        #expect(try b.int("SELECT COUNT(*) FROM candles WHERE source = 3") == 40)
        #expect(try b.strings("SELECT status FROM gaps") == ["DETECTED"])

        let plan = try await run(["run", csv, "--db", dir.file("d.sqlite"), "--dry-run"], url: "")
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("XBTUSD") && plan.stdout.contains("estimated wall time"))
        #expect(plan.stdout.contains("archives still needed"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("d.sqlite")))

        let skipped = try await run(
            [
                "run", csv, "--db", dir.file("c.sqlite"), "--out", dir.file("c"),
                "--no-api-backfill",
            ], url: server.baseURL.absoluteString)
        #expect(skipped.status == 0)
        #expect(skipped.stderr.contains("API backfill skipped"))
        #expect(server.log.count(path: SpotRoutes.ohlcPath) == 1)
    }

    @Test func runJSONIsOneSummaryInTheSharedNamesAndItsDryRunIsThePlan() async throws {
        let server = try await KrakenTestServer.started(.init())
        defer { Task { await server.stop() } }
        let dir = try TempDir()
        let hour = Int64(Date().timeIntervalSince1970) / 3600 * 3600
        let csv = try dir.write("in/XBTUSD_60.csv", candleCSV(pair: "XBTUSD", start: hour - 50 * 3600, count: 40))
        let db = dir.file("j.sqlite")
        let plan = try await run(["run", csv, "--db", db, "--dry-run", "--json"], url: "")
        #expect(plan.status == 0, "\(plan.stderr)")
        let planned = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        #expect(((planned["import"] as? [String: Any])?["files"] as? [Any])?.count == 1)
        #expect(planned["backfill"] is [String: Any] && planned["archivesToFetch"] is [Any])

        let result = try await run(
            ["run", csv, "--db", db, "--out", dir.file("j"), "--json"], url: server.baseURL.absoluteString)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let probe = try StoreProbe(path: db)
        let job = try probe.int("SELECT id FROM jobs WHERE kind = 'run'")
        #expect(json["id"] as? Int == Int(job) && json["status"] as? String == "COMPLETED")
        #expect((json["import"] as? [String: Any])?["rowsRead"] as? Int == 40)
        #expect((json["backfill"] as? [String: Any])?["seriesDone"] as? Int == 1)
        #expect((json["total"] as? [String: Any])?["series"] as? Int == 1)
        #expect((json["files"] as? [String])?.contains { $0.hasSuffix("download-list.csv") } == true)
    }

    @Test func runInterruptedDuringTheBackfillPausesAndResumes() async throws {
        let server = try await KrakenTestServer.started(.init())
        defer { Task { await server.stop() } }
        server.faults.enqueue(.delay(seconds: 5), path: SpotRoutes.ohlcPath, pair: "XBTUSD")
        let dir = try TempDir()
        let hour = Int64(Date().timeIntervalSince1970) / 3600 * 3600
        let csv = try dir.write("in/XBTUSD_60.csv", candleCSV(pair: "XBTUSD", start: hour - 50 * 3600, count: 40))
        let arguments = ["run", csv, "--db", dir.file("k.sqlite"), "--out", dir.file("k")]
        let environment = ["KRAKEN_SPOT_API_URL": server.baseURL.absoluteString]
        let running = try Binary.start(arguments, environment: environment)
        let deadline = Date().addingTimeInterval(20)
        while server.log.inFlight == 0 && Date() < deadline { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(server.log.inFlight == 1)
        running.process.interrupt()
        nonisolated(unsafe) let process = running
        let first = try await onOwnThread { process.wait() }
        #expect(first.status == 130, "\(first.stderr)")
        // The resume hint names the database given with --db.
        let hint = "kraken-ingest run --resume 1 --db \(dir.file("k.sqlite"))"
        #expect(first.stderr.contains("job 1 paused in backfill; resume with `\(hint)`"), "\(first.stderr)")
        let probe = try StoreProbe(path: dir.file("k.sqlite"))
        #expect(try probe.strings("SELECT status || ' ' || phase FROM jobs WHERE kind = 'run'") == ["PAUSED backfill"])
        #expect(try probe.int("SELECT COUNT(*) FROM candles WHERE source = 3") == 40)
        #expect(try probe.strings("SELECT status FROM gaps") == ["DETECTED"])

        let second = try await onOwnThread { try Binary.run(arguments, environment: environment) }
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try probe.strings("SELECT status FROM jobs WHERE kind = 'run'") == ["COMPLETED"])
        #expect(try probe.int("SELECT COUNT(*) FROM candles WHERE source = 3") == 40)
        #expect(try probe.strings("SELECT status FROM gaps") == ["FILLED"])
        #expect(try probe.int("SELECT COUNT(*) FROM ingested_files") >= 1)
    }
}
