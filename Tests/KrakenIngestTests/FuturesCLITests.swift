import Foundation
import KrakenTestServer
import Testing

@testable import KrakenIngest

/// Runs the built binary on a thread of its own, so the imitation keeps serving while the test waits.
private func runBinary(_ arguments: [String], environment: [String: String]) async throws -> CommandResult {
    let running = UncheckedSendable(try Binary.start(arguments, environment: environment))
    return await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: UncheckedSendable(running.value.wait())) }.start()
    }.value
}

@Suite("Futures CLI", .serialized)
struct FuturesCLITests {
    /// A started imitation with `spec` and the environment pointing the binary at it.
    private func withServer(
        _ spec: FuturesAccountSpec, secret: String = FuturesAccountSpec.testSecret,
        _ body: (KrakenTestServer, [String: String], TempDir) async throws -> Void
    ) async throws {
        let server = try await KrakenTestServer.started()
        FuturesRoutes(spec).install(on: server)
        let dir = try TempDir()
        let environment = [
            "KRAKEN_API_PUBLIC_KEY": FuturesAccountSpec.testAPIKey, "KRAKEN_API_SECRET_KEY": secret,
            "KRAKEN_FUTURES_API_URL": server.baseURL.absoluteString,
            "KRAKEN_INGEST_DB": dir.file("kraken.sqlite"),
        ]
        do {
            try await body(server, environment, dir)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    @Test func syncStateAndResetWorkEndToEnd() async throws {
        let spec = FuturesAccountSpec(executions: 4, accountLogEntries: 3, positionUpdates: 2)
        try await withServer(spec) { _, env, dir in
            let sync = try await runBinary(["futures", "sync", "--json"], environment: env)
            #expect(sync.status == 0, "\(sync.stderr)")
            let report = try JSONDecoder().decode(FuturesSyncReport.self, from: Data(sync.stdout.utf8))
            #expect(report.resources.map(\.rows) == [4, 3, 2, 3, 2])
            let probe = try StoreProbe(path: dir.file("kraken.sqlite"))
            #expect(
                try probe.int("SELECT COUNT(*) FROM jobs WHERE kind = 'futures-sync' AND status = 'COMPLETED'")
                    == 1)
            let syncJob = try probe.int("SELECT id FROM jobs WHERE kind = 'futures-sync'")
            #expect(report.jobID == Int64(syncJob))

            let state = try await runBinary(["futures", "state", "--json"], environment: env)
            #expect(state.status == 0)
            let entries = try #require(
                try JSONSerialization.jsonObject(with: Data(state.stdout.utf8))
                    as? [[String: Any]])
            #expect(entries.first { $0["resource"] as? String == "account_log" }?["cursor"] as? String == "3")
            #expect(entries.first { $0["resource"] as? String == "executions" }?["rows"] as? Int == 4)

            let reset = try await runBinary(
                ["futures", "reset", "executions", "--drop-data", "--json"], environment: env)
            #expect(reset.status == 0, "\(reset.stderr)")
            let said = try JSONSerialization.jsonObject(with: Data(reset.stdout.utf8)) as? [String: Any]
            #expect(said?["resources"] as? [String] == ["executions"] && said?["dropData"] as? Bool == true)
            #expect(try probe.int("SELECT COUNT(*) FROM futures_executions") == 0)
            #expect(try probe.int("SELECT COUNT(*) FROM sync_state WHERE resource = 'executions'") == 0)
            #expect(try probe.int("SELECT COUNT(*) FROM futures_account_log") == 3)

            let unknown = try await runBinary(["futures", "reset", "fills"], environment: env)
            #expect(unknown.status == 64)
            #expect(unknown.stderr.contains("known: executions, account_log"))
        }
    }

    /// The built binary on the real clock: a cursor 80 days old after a failed run is near the assumed 90-day
    /// retention, beyond a 60-day one given with --retention-days, and fine against 365 days; the 1 March 2027
    /// decommissioning is always mentioned while the lag is not zero.
    @Test func stateWarnsWhenTheLagNearsTheRetention() async throws {
        try await withServer(FuturesAccountSpec(positionUpdates: 2)) { _, env, dir in
            let synced = try await runBinary(["futures", "sync", "--resources", "position_history"], environment: env)
            #expect(synced.status == 0, "\(synced.stderr)")
            let old = SystemClock().now().value - 80 * 86_400_000
            let store = try SQLiteStore.open(path: dir.file("kraken.sqlite"))
            let session = try store.openWriterSession()
            try session.transaction {
                try $0.saveSyncCursor(
                    SyncCursor(resource: "executions", cursor: String(old), lastRunAt: old, lastError: "HTTP 500"))
            }
            session.close()

            let assumed = try await runBinary(["futures", "state"], environment: env)
            #expect(assumed.status == 0, "\(assumed.stderr)")
            let lines = assumed.stdout.split(separator: "\n").map(String.init)
            let index = try #require(lines.firstIndex { $0.hasPrefix("executions:") })
            #expect(lines[index + 1].hasPrefix("  warning: lag 80.0 days is near the 90-day retention assumed"))
            #expect(lines[index + 2].hasPrefix("  warning: Kraken decommission"))
            #expect(lines[index + 2].contains("1 March 2027"))
            let positions = lines.drop { !$0.hasPrefix("position_history:") }.dropFirst()
                .prefix { $0.hasPrefix("  ") }
            #expect(!positions.contains { $0.contains("retention") }, "\(assumed.stdout)")

            let short = try await runBinary(["futures", "state", "--retention-days", "60"], environment: env)
            #expect(short.stdout.contains("lag 80.0 days exceeds the 60-day retention given with --retention-days"))

            let long = try await runBinary(["futures", "state", "--retention-days", "365", "--json"], environment: env)
            #expect(long.status == 0, "\(long.stderr)")
            let entries = try JSONDecoder().decode([FuturesStateEntry].self, from: Data(long.stdout.utf8))
            let executions = try #require(entries.first { $0.resource == "executions" })
            #expect(executions.retentionDays == 365)
            #expect(executions.retentionSource == "option")
            #expect(executions.warnings.count == 1)
            #expect(executions.warnings.first?.contains("1 March 2027") == true)
            #expect(entries.first { $0.resource == "tickers" }?.warnings == [])

            let zero = try await runBinary(["futures", "state", "--retention-days", "0"], environment: env)
            #expect(zero.status == 64)
        }
    }

    @Test func theAPIURLFlagWinsOverTheEnvironmentAndBadURLsAreUsageErrors() async throws {
        try await withServer(FuturesAccountSpec()) { server, env, _ in
            var elsewhere = env
            elsewhere["KRAKEN_FUTURES_API_URL"] = "http://127.0.0.1:9"
            let flagged = try await runBinary(
                ["futures", "sync", "--resources", "tickers", "--futures-api-url", server.baseURL.absoluteString],
                environment: elsewhere)
            #expect(flagged.status == 0, "\(flagged.stderr)")
            #expect(server.log.entries(path: FuturesRoutes.tickersPath).count == 1)
            let bad = try await runBinary(
                ["futures", "sync", "--resources", "tickers", "--futures-api-url", "ftp://example.com"],
                environment: env)
            #expect(bad.status == 64)
            #expect(bad.stderr.contains("not an http(s) address"))
        }
    }

    @Test func sinceBoundsTheFirstSyncAndOnceRunsOnce() async throws {
        try await withServer(FuturesAccountSpec(executions: 7)) { server, env, _ in
            let result = try await runBinary(
                [
                    "futures", "sync", "--once", "--since", "2026-01-01T00:03:00Z", "--resources", "executions",
                    "--json",
                ],
                environment: env)
            #expect(result.status == 0, "\(result.stderr)")
            let report = try JSONDecoder().decode(FuturesSyncReport.self, from: Data(result.stdout.utf8))
            #expect(report.resources.map(\.resource) == ["executions"])
            #expect(report.resources[0].rows == 4)
            let queries = server.log.entries(path: FuturesRoutes.executionsPath).map(\.rawQuery)
            #expect(queries == ["since=1767225780000&sort=asc&count=500"])
            let both = try await runBinary(["futures", "sync", "--once", "--every", "15m"], environment: env)
            #expect(both.status == 64)
        }
    }

    @Test func aSyncTakesTheWriterLockAndABadSecretStopsBeforeAnyCall() async throws {
        try await withServer(FuturesAccountSpec()) { server, env, dir in
            let store = try SQLiteStore.open(path: dir.file("kraken.sqlite"))
            let held = try store.openWriterSession()
            let busy = try await runBinary(["futures", "sync", "--resources", "tickers"], environment: env)
            held.close()
            #expect(busy.status == 75, "\(busy.stderr)")
            #expect(server.log.entries.isEmpty)

            var malformed = env
            malformed["KRAKEN_API_SECRET_KEY"] = "not-base64-at-all!"
            let refused = try await runBinary(["futures", "sync"], environment: malformed)
            #expect(refused.status == 64)
            #expect(refused.stderr.contains("KRAKEN_API_SECRET_KEY"))
            #expect(!refused.stderr.contains("not-base64-at-all!"))
            #expect(server.log.entries.isEmpty)
        }
    }

    @Test func strictFailsTheRunOnAPermissionProblem() async throws {
        var spec = FuturesAccountSpec()
        spec.deniedPaths = [FuturesRoutes.positionsPath]
        try await withServer(spec) { _, env, _ in
            let lenient = try await runBinary(["futures", "sync"], environment: env)
            #expect(lenient.status == 0, "\(lenient.stderr)")
            #expect(lenient.stderr.contains("position_history"))
            let strict = try await runBinary(["futures", "sync", "--strict"], environment: env)
            #expect(strict.status == 3)
        }
    }

    @Test func secretsNeverAppearInOutputOrTheDatabase() async throws {
        let secret = FuturesHarness.wrongSecret
        try await withServer(FuturesAccountSpec(), secret: secret) { _, env, dir in
            let refused = try await runBinary(["futures", "sync", "--json"], environment: env)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("Likely causes"))
            var outputs = [refused.stdout, refused.stderr]
            var goodEnv = env
            goodEnv["KRAKEN_API_SECRET_KEY"] = FuturesAccountSpec.testSecret
            let ok = try await runBinary(["futures", "sync", "--json"], environment: goodEnv)
            #expect(ok.status == 0, "\(ok.stderr)")
            let state = try await runBinary(["futures", "state", "--json"], environment: goodEnv)
            outputs += [ok.stdout, ok.stderr, state.stdout, state.stderr]
            let database = try Data(contentsOf: URL(fileURLWithPath: dir.file("kraken.sqlite")))
            for text in outputs + [String(decoding: database, as: UTF8.self)] {
                #expect(!text.contains(secret))
                #expect(!text.contains(FuturesAccountSpec.testSecret))
                #expect(!text.contains(FuturesAccountSpec.testAPIKey))
            }
        }
    }

    @Test func missingCredentialsAreAUsageErrorBeforeAnyCall() async throws {
        try await withServer(FuturesAccountSpec()) { server, env, _ in
            var bare = env
            bare["KRAKEN_API_PUBLIC_KEY"] = ""
            bare["KRAKEN_API_SECRET_KEY"] = ""
            let result = try await runBinary(["futures", "sync", "--resources", "executions"], environment: bare)
            #expect(result.status == 64)
            #expect(result.stderr.contains("KRAKEN_API_PUBLIC_KEY"))
            #expect(server.log.entries.isEmpty)
            let tickers = try await runBinary(["futures", "sync", "--resources", "tickers"], environment: bare)
            #expect(tickers.status == 0, "\(tickers.stderr)")
        }
    }

    @Test func everyRunsOnAScheduleAndStopsCleanlyOnSIGINT() async throws {
        try await withServer(FuturesAccountSpec(executions: 3)) { server, env, dir in
            let running = try Binary.start(
                ["futures", "sync", "--every", "15m", "--resources", "executions"],
                environment: env)
            let path = dir.file("kraken.sqlite")
            let deadline = ContinuousClock.now + .seconds(30)
            var synced = false
            while !synced, ContinuousClock.now < deadline {
                try await Task.sleep(nanoseconds: 100_000_000)
                synced =
                    FileManager.default.fileExists(atPath: path)
                    && (try? StoreProbe(path: path).int(
                        "SELECT COUNT(*) FROM jobs WHERE kind = 'futures-sync' AND status = 'COMPLETED'")) == 1
            }
            #expect(synced)
            // Give the finished run a moment to announce the next one (the job row commits just before).
            try await Task.sleep(nanoseconds: 500_000_000)
            kill(running.process.processIdentifier, SIGINT)
            let box = UncheckedSendable(running)
            let result = await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: UncheckedSendable(box.value.wait())) }.start()
            }.value
            // A stop between runs ends the schedule cleanly (exit 0); only one that pauses a run in flight exits 130.
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("next cycle at"), "\(result.stderr)")
            #expect(server.log.entries(path: FuturesRoutes.executionsPath).count == 1)
        }
    }

    @Test(arguments: [SIGINT, SIGKILL])
    func aProcessStoppedBetweenPagesResumesWithNoHoleOrDuplicate(signal: Int32) async throws {
        try await withServer(FuturesAccountSpec(executions: 1_200)) { server, env, dir in
            server.faults.enqueue([.delay(seconds: 0), .delay(seconds: 3)], path: FuturesRoutes.executionsPath)
            let running = try Binary.start(["futures", "sync", "--resources", "executions"], environment: env)
            let path = dir.file("kraken.sqlite")
            let deadline = ContinuousClock.now + .seconds(30)
            var firstPage = false
            while !firstPage, ContinuousClock.now < deadline {
                try await Task.sleep(nanoseconds: 50_000_000)
                firstPage =
                    FileManager.default.fileExists(atPath: path)
                    && (try? StoreProbe(path: path).int("SELECT COUNT(*) FROM futures_executions")) == 500
            }
            #expect(firstPage)
            kill(running.process.processIdentifier, signal)
            let box = UncheckedSendable(running)
            let stopped = await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: UncheckedSendable(box.value.wait())) }.start()
            }.value
            let probe = try StoreProbe(path: path)
            let kept = try probe.int("SELECT COUNT(*) FROM futures_executions")
            if signal == SIGINT {
                #expect(stopped.status == 130, "\(stopped.stderr)")
                // The page in flight is finished and stored; on a loaded machine the stop can also land before
                // the second request was sent. Either way nothing is half stored.
                #expect(kept == 1_000 || kept == 500)
            } else {
                #expect(kept == 500)
            }
            #expect(
                try probe.strings("SELECT continuation_token FROM sync_state WHERE resource = 'executions'")
                    .count == 1)
            let resumed = try await runBinary(
                ["futures", "sync", "--resources", "executions", "--json"],
                environment: env)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(try probe.int("SELECT COUNT(*) FROM futures_executions") == 1_200)
            #expect(try probe.int("SELECT COUNT(DISTINCT uid) FROM futures_executions") == 1_200)
            let report = try JSONDecoder().decode(FuturesSyncReport.self, from: Data(resumed.stdout.utf8))
            #expect(report.resources[0].newRows == Int(1_200 - kept))
            #expect(report.resources[0].rows == Int(1_200 - kept))
        }
    }
}
