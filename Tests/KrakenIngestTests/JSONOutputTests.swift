import Foundation
import Testing

/// `--json` outputs a program can read without a second parse: options as objects, times as unix seconds with an
/// ISO-8601 sibling, whole rates, JSON for the dry-run plan and the tiers.
@Suite(.serialized) struct JSONOutputTests {
    @Test func jobsTiersAndTheDryRunPlanAreJSON() async throws {
        try await onOwnThread { try self.body() }
    }

    private func object(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    func body() throws {
        let dir = try TempDir()
        let csv = try dir.write("in/XBTUSD_60.csv", candleCSV(pair: "XBTUSD", start: 1_704_067_200, count: 24))
        let db = dir.file("k.sqlite")
        let imported = try Binary.run(["import", csv, "--db", db, "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let summary = try #require(try object(imported.stdout) as? [String: Any])
        let rate = try #require(summary["rowsPerSecond"] as? Double)
        #expect(rate == rate.rounded(), "a whole number of rows per second, not 12 decimals")

        let jobs = try #require(try object(try Binary.run(["jobs", "--db", db, "--json"]).stdout) as? [[String: Any]])
        let job = try #require(jobs.first)
        let options = try #require(job["options"] as? [String: Any], "options is an object, not a string")
        #expect((options["paths"] as? [String]) == [csv])
        let created = try #require(job["createdAt"] as? Int)
        #expect(job["createdAtUTC"] as? String == UTCTimeProbe.iso(Int64(created)))

        let plan = try Binary.run(["import", csv, "--db", db, "--dry-run", "--json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let planObject = try #require(try object(plan.stdout) as? [String: Any])
        let files = try #require(planObject["files"] as? [[String: Any]])
        #expect(files.count == 1 && files.first?["action"] as? String == "skip")
        #expect(planObject["filesToImport"] as? Int == 0)

        // gaps --json and the report's JSON are one document: the same series, field names and time pairs.
        let now = "2024-01-05T00:00:00Z"
        let gaps = try Binary.run(["gaps", "--db", db, "--now", now, "--json"])
        #expect(gaps.status == 0, "\(gaps.stderr)")
        let out = dir.file("reports")
        let report = try Binary.run(["report", "--db", db, "--now", now, "--format", "json", "--out", out])
        #expect(report.status == 0, "\(report.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: out)
        let file = try #require(written.first { $0.hasSuffix(".json") })
        let fromReport = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/" + file)))
                as? [String: Any])
        let fromGaps = try #require(try object(gaps.stdout) as? [String: Any])
        #expect((fromGaps["tiers"] as? NSArray) == (fromReport["tiers"] as? NSArray))
        #expect(fromGaps["generatedAt"] as? Int == 1_704_412_800 && fromGaps["generatedAtUTC"] as? String == now)

        let coverage = try Binary.run(["coverage", "--db", db, "--json"])
        let series = try #require(try object(coverage.stdout) as? [[String: Any]])
        let range = try #require((series.first?["ranges"] as? [[String: Any]])?.first)
        #expect(range["start"] as? Int == 1_704_067_200 && range["startUTC"] as? String == "2024-01-01T00:00:00Z")
        #expect(range["source"] as? String == "archive" && range["candles"] as? Int == 24)

        let tiers = try #require(try object(try Binary.run(["tiers", "--json"]).stdout) as? [String: Any])
        #expect((tiers["tiers"] as? [String: [String]])?["TIER1"]?.contains("XBTUSD") == true)
    }
}

/// ISO-8601 of unix seconds, written independently of the code under test.
enum UTCTimeProbe {
    static func iso(_ seconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
