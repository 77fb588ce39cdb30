import Foundation
import KrakenIngestSamples
import Testing

@testable import KrakenIngest

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Completeness report", .blocking)
struct ReportTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Golden")

    /// The sample store with fixed bookkeeping times, so every output is reproducible.
    static func fixedSampleReport(
        scope: AnalysisScope = AnalysisScope(), label: String = "ALL"
    ) throws -> CompletenessReport {
        let h = try sampleHarness()
        try h.executeSQL("UPDATE coverage SET updated_at = ?", [t("2024-10-02T08:00:00Z")])
        try h.executeSQL(
            "UPDATE ingested_files SET finished_at = ? WHERE path LIKE '%/Kraken_OHLCVT.zip'",
            [t("2024-10-02T07:00:00Z")])
        try h.executeSQL(
            "UPDATE ingested_files SET finished_at = ? WHERE path LIKE '%Q3_2024.zip'", [t("2024-10-02T08:00:00Z")])
        return try CompletenessReport.read(from: h.store, analyzer: try analysis(), scope: scope, label: label)
    }

    /// Writes the sample archives into `dir` and imports them with the built binary; returns the database path.
    static func sampleDatabaseThroughCLI(in dir: TempDir) throws -> String {
        try SampleArchives.write(to: dir.file("sample"))
        let db = dir.file("sample.sqlite")
        let run = try Binary.run(["import", "--db", db, dir.file("sample")])
        #expect(run.status == 0, "\(run.stderr)")
        return db
    }

    /// Compares `text` with the golden file; `KRAKEN_UPDATE_GOLDEN=1 swift test` rewrites the files.
    static func assertGolden(_ text: String, _ name: String) throws {
        let url = goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["KRAKEN_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(
            text == golden, "\(name) differs from its golden file; inspect, then regenerate with KRAKEN_UPDATE_GOLDEN=1"
        )
    }

    @Test("Markdown, CSV and JSON outputs match their golden files")
    func goldenOutputs() throws {
        let report = try Self.fixedSampleReport()
        try Self.assertGolden(ReportTextWriters.markdown(report), "sample-report.md")
        try Self.assertGolden(ReportTextWriters.csv(report), "sample-report.csv")
        let json = ReportTextWriters.json(report)
        try Self.assertGolden(json, "sample-report.json")
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((parsed?["total"] as? [String: Any])?["series"] as? Int == 19)
        try Self.assertGolden(ReportTextWriters.table(report, colour: false), "sample-report.txt")
    }

    @Test("the JSON writer escapes what JSON requires and nests correctly")
    func jsonWriter() throws {
        let w = JSONWriter()
        w.object {
            w.key("a")
            w.string("quote \" backslash \\ newline \n tab \t bell \u{7} é")
            w.key("b")
            w.array([1, 2]) { w.number(Int64($0)) }
            w.key("c")
            w.array([Int]()) { w.number(Int64($0)) }
            w.key("d")
            w.object {}
            w.key("e")
            w.fixed(-0.5, digits: 2)
            w.key("f")
            w.number(nil)
        }
        let object = try JSONSerialization.jsonObject(with: Data(w.text.utf8)) as? [String: Any]
        #expect(object?["a"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{7} é")
        #expect(object?["b"] as? [Int] == [1, 2])
        #expect((object?["c"] as? [Any])?.isEmpty == true)
        #expect(object?["e"] as? Double == -0.5)
        #expect(object?["f"] is NSNull)
    }

    @Test("on a terminal the table is coloured: coverage by level, non-zero gap figures in red")
    func colours() throws {
        let report = try Self.fixedSampleReport(
            scope: AnalysisScope(pairs: ["MANAUSD"], intervals: [60]), label: "TIER4")
        let coloured = ReportTextWriters.table(report, colour: true)
        let plain = ReportTextWriters.table(report, colour: false)
        #expect(coloured.contains("\u{1B}[31m  50.91%\u{1B}[0m"), "coverage below 99% is red")
        #expect(coloured.contains("\u{1B}[31m     2,040\u{1B}[0m"), "non-zero trades gap candles are red")
        #expect(coloured.contains("\u{1B}[1m== TIER4 ==\u{1B}[0m"))
        #expect(!plain.contains("\u{1B}["))
        // Colours never change the alignment: stripping them gives the plain text back.
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9]+m", with: "", options: .regularExpression)
        #expect(stripped == plain)
    }

    @Test("the report never changes the store")
    func reportIsReadOnly() throws {
        let dir = try TempDir()
        let db = try Self.sampleDatabaseThroughCLI(in: dir)
        // gaps stores records; the report must leave them (and the file) as they are.
        #expect(try Binary.run(["gaps", "--db", db, "--now", "2024-10-10"]).status == 0)
        let probe = try StoreProbe(path: db)
        _ = try probe.int("SELECT COUNT(*) FROM gaps")
        let before = try probe.strings("SELECT id || status || updated_at FROM gaps")
        let size = try FileManager.default.attributesOfItem(atPath: db)[.size] as? Int
        #expect(try Binary.run(["report", "--db", db, "--now", "2025-01-01", "--no-files"]).status == 0)
        #expect(try probe.strings("SELECT id || status || updated_at FROM gaps") == before)
        #expect(try FileManager.default.attributesOfItem(atPath: db)[.size] as? Int == size)
    }

    @Test("a database path that is not a SQLite file gives a clear error")
    func notADatabase() throws {
        let dir = try TempDir()
        let bogus = try dir.write("notes.sqlite", "these are my notes, not a database\n")
        let run = try Binary.run(["import", "--db", bogus, try dir.write("XBTUSD_60.csv", candleCSV(count: 3))])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot open database \(bogus)"), "\(run.stderr)")
        #expect(try String(contentsOfFile: bogus, encoding: .utf8) == "these are my notes, not a database\n")
    }

    @Test("names with markup, commas or control characters cannot break the HTML or CSV outputs")
    func hostileNames() throws {
        var report = try Self.fixedSampleReport(scope: AnalysisScope(pairs: ["MANAUSD"]), label: "T<1>&\"x\"\u{1},y")
        report.tiers[0].tier = "A,B\u{1}<i>"
        let html = ReportHTMLWriter.html(report)
        final class Counter: NSObject, XMLParserDelegate {}
        let parser = XMLParser(data: Data(html.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(html.contains("A,B\u{FFFD}&lt;i&gt;"))
        let csv = ReportTextWriters.csv(report).split(separator: "\n")
        #expect(csv.dropFirst().allSatisfy { $0.hasPrefix("\"A,B\u{1}<i>\",MANAUSD,") })
    }

    @Test("fixed-point formatting: padding, rounding and signs")
    func fixedPoint() {
        #expect(ReportFormat.fixed(12.5, digits: 2) == "12.50")
        #expect(ReportFormat.fixed(0.005, digits: 2) == "0.01")
        #expect(ReportFormat.fixed(-0.5, digits: 2) == "-0.50")
        #expect(ReportFormat.fixed(-1.25, digits: 1) == "-1.3")
        #expect(ReportFormat.fixed(95.06493506, digits: 4) == "95.0649")
        #expect(ReportFormat.fixed(100, digits: 4) == "100.0000")
        #expect(ReportFormat.fixed(7.6, digits: 0) == "8")
        #expect(ReportFormat.percent(3.63604) == "3.64%")
    }

    @Test("a tier summary counts complete series and takes the median, so one gappy series cannot hide the rest")
    func completeAndMedian() {
        func series(_ pair: String, expected: Int64, present: Int64) -> SeriesCompleteness {
            SeriesCompleteness(
                pair: pair, tier: "T", interval: 15, window: nil, expected: expected, present: present, noTrade: 0,
                longestNoTrade: 0, apiGapCandles: 0, tradesGapCandles: 0, archiveGapCandles: expected - present,
                gaps: [], covered: [], firstCandle: nil, lastCandle: nil, lastUpdate: nil)
        }
        // Six whole series of 100 candles and one week-long series a tenth covered: the candle-weighted share
        // is low, but six of seven are complete and the median is 100%.
        let items = (1...6).map { series("P\($0)", expected: 100, present: 100) } + [
            series("LONG", expected: 6_720, present: 672)
        ]
        var totals = CompletenessReport.Totals()
        items.forEach { totals.add($0) }
        totals = totals.settingMedian(of: items)
        #expect(totals.complete == 6 && totals.medianCoverage == 100)
        #expect(totals.coveragePercent < 20)
        #expect(ReportFormat.summaryLine("T", totals).hasPrefix("T: 7 series, 6 complete, median coverage 100.00%, "))
        // An even count takes the mean of the middle two: 10% and 100%.
        #expect(CompletenessReport.Totals().settingMedian(of: [items[0], items[6]]).medianCoverage == 55)
    }

    @Test("totals add up per interval, per tier and overall")
    func totals() throws {
        let report = try Self.fixedSampleReport()
        #expect(report.tiers.map(\.tier) == ["TIER1", "TIER2", "TIER3", "TIER4", "UNTIERED"])
        var all = CompletenessReport.Totals()
        for tier in report.tiers {
            var sum = CompletenessReport.Totals()
            for section in tier.intervals {
                #expect(section.summary.series == section.series.count)
                #expect(section.summary.expected == section.series.reduce(0) { $0 + $1.expected })
                sum.add(section.summary)
            }
            let tierSeries = tier.intervals.flatMap(\.series)
            #expect(sum.settingMedian(of: tierSeries) == tier.summary)
            #expect(tier.summary.complete == tierSeries.filter { $0.coveragePercent >= 100 }.count)
            all.add(tier.summary)
        }
        #expect(all.settingMedian(of: report.tiers.flatMap(\.intervals).flatMap(\.series)) == report.total)
        for s in report.tiers.flatMap(\.intervals).flatMap(\.series) {
            #expect(
                s.present + s.noTrade + s.gapCandles == s.expected,
                "\(s.pair) \(s.interval): every slot is present, no-trade or a gap")
        }
    }

    @Test("the HTML page is self-contained, parses as XML and has one timeline per series")
    func htmlPage() throws {
        let report = try Self.fixedSampleReport()
        let html = ReportHTMLWriter.html(report)
        #expect(
            !html.contains("http://")
                || !html.replacingOccurrences(of: "http://www.w3.org/", with: "").contains("http://"),
            "no external assets")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        final class Collector: NSObject, XMLParserDelegate {
            var timelines: [String] = []
            var rects = 0
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                if name == "svg", attributes["class"] == "timeline", let id = attributes["data-series"] {
                    timelines.append(id)
                }
                if name == "rect" { rects += 1 }
            }
        }
        let parser = XMLParser(data: Data(html.utf8))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        let series = report.tiers.flatMap(\.intervals).flatMap(\.series)
        #expect(collector.timelines.count == series.count)
        #expect(Set(collector.timelines).count == series.count)
        #expect(collector.timelines.contains("MANAUSD-60"))
        // The overview links to every tier, each tier has one shared axis per table, and the longest quiet run of
        // a series with no-trade slots is marked where it is.
        for tier in report.tiers { #expect(html.contains("<a href=\"#\(ReportHTMLWriter.anchor(tier.tier))\">")) }
        #expect(html.contains("<svg class=\"axis\""))
        let quiet = report.tiers.flatMap(\.intervals).flatMap(\.series).filter { $0.longestNoTrade > 0 }
        #expect(!quiet.isEmpty)
        #expect(html.components(separatedBy: "<title>longest no-trade run: ").count > quiet.count)
        #expect(collector.rects > series.count * 2)
    }

    @Test("report writes Markdown, CSV, JSON and HTML files named with the tier and the UTC date")
    func reportFiles() throws {
        let report = try Self.fixedSampleReport(scope: AnalysisScope(tiers: .some(["TIER1"])), label: "TIER1")
        let dir = try TempDir()
        let paths = try ReportFiles.write(report, to: dir.path)
        #expect(
            paths.map { ($0 as NSString).lastPathComponent } == [
                "completeness_TIER1_2024-10-10.md", "completeness_TIER1_2024-10-10.csv",
                "completeness_TIER1_2024-10-10.json", "completeness_TIER1_2024-10-10.html",
            ])
        for path in paths { #expect(FileManager.default.fileExists(atPath: path)) }
        #expect(report.tiers.map(\.tier) == ["TIER1"])
    }

    @Test("the CLI: gaps stores records and the download list; report prints a plain table when piped, writes files")
    func cli() throws {
        let dir = try TempDir()
        let db = try Self.sampleDatabaseThroughCLI(in: dir)
        let export = dir.file("downloads.csv")
        let dryGaps = try Binary.run(["gaps", "--db", db, "--now", "2024-10-10T12:30:00Z"])
        #expect(dryGaps.status == 0, "\(dryGaps.stderr)")
        #expect(try StoreProbe(path: db).int("SELECT COUNT(*) FROM gaps") == 0, "--now alone evaluates, stores nothing")
        let gaps = try Binary.run([
            "gaps", "--db", db, "--now", "2024-10-10T12:30:00Z", "--save",
            "--export-unfillable", export,
        ])
        #expect(gaps.status == 0, "\(gaps.stderr)")
        #expect(gaps.stdout.contains("records: 21 new, 0 updated, 0 unchanged, 0 filled"))
        #expect(gaps.stdout.contains("No-trade intervals"))
        #expect(gaps.stdout.contains("missing quarterly updates: none"))
        #expect(try String(contentsOfFile: export, encoding: .utf8).split(separator: "\n").count == 4)
        let again = try Binary.run(["gaps", "--db", db, "--now", "2024-10-10T12:30:00Z", "--save", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
        #expect((object?["reconciliation"] as? [String: Int])?["unchanged"] == 21)
        #expect(try StoreProbe(path: db).int("SELECT COUNT(*) FROM gaps") == 21)

        let out = dir.file("reports")
        let report = try Binary.run([
            "report", "--db", db, "--now", "2024-10-10T12:30:00Z", "--tier", "TIER4", "--out", out,
        ])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("== TIER4 =="))
        #expect(report.stdout.contains("MANAUSD"))
        #expect(!report.stdout.contains("\u{1B}["), "no colour codes off a terminal")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [
                "completeness_TIER4_2024-10-10.csv", "completeness_TIER4_2024-10-10.html",
                "completeness_TIER4_2024-10-10.json", "completeness_TIER4_2024-10-10.md",
            ])
        let json = try Binary.run([
            "report", "--db", db, "--now", "2024-10-10T12:30:00Z", "--format", "json", "--no-files",
        ])
        #expect(
            (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["scope"] as? String
                == "ALL")
        let blocked = try Binary.run(["report", "--db", db, "--out", dir.file("sample/Kraken_OHLCVT.zip/reports")])
        #expect(blocked.status == 64)
        #expect(blocked.stderr.contains("cannot create the report folder"))
        let extreme = try Binary.run(["report", "--db", db, "--now=-9223372036854775808"])
        #expect(extreme.status == 64)
        #expect(extreme.stderr.contains("is not a time"))
        let year = try Binary.run(["report", "--db", db, "--now", "2024"])
        #expect(year.status == 64)
        #expect(
            year.stderr.contains("--now '2024' is ambiguous: it looks like a year: write 2024-01-01"), "\(year.stderr)")
        let far = try Binary.run(["report", "--db", db, "--now", "99999999999999s"])
        #expect(far.stderr.contains("outside the years 1970 to 9999"), "\(far.stderr)")
        let bad = try Binary.run(["report", "--db", db, "--start", "tomorrow"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--start 'tomorrow' is not a time; use an ISO-8601 date or time"))
    }
}

/// The time axis the timelines of a tier share.
@Suite struct TimeAxisTests {
    private func labels(_ from: String, _ to: String) throws -> [String] {
        let span = TimeRange(start: try TimeInput.parse(from).seconds, end: try TimeInput.parse(to).seconds)
        return TimeAxis(span: span).ticks.map(\.label)
    }

    @Test func ticksAreYearsQuartersOrMonthsWhicheverFits() throws {
        #expect(try labels("2019-03-01", "2024-10-15") == ["2020", "2021", "2022", "2023", "2024"])
        #expect(try labels("2024-04-01", "2024-10-15") == ["2024 Q2", "Q3", "Q4"])
        #expect(try labels("2023-11-01", "2024-07-01") == ["2024", "Q2", "Q3"])
        #expect(try labels("2024-09-10", "2024-12-20") == ["2024-10", "11", "12"])
        #expect(try labels("2010-01-01", "2026-12-01").count <= TimeAxis.maxTicks)
        let axis = TimeAxis(span: TimeRange(start: 1_704_067_200, end: 1_735_689_600))
        #expect(axis.x(1_704_067_200, width: 960) == 0 && axis.x(1_735_689_600, width: 960) == 960)
    }
}
