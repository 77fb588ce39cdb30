import Foundation
import KrakenIngestSamples
import Testing

@testable import KrakenIngest

/// Evidence from every other interval of the pair, in both directions, decides no-trade versus missing: in plain
/// files, folders and archives alike.
@Suite("Trade evidence across intervals", .blocking)
struct TradeEvidenceTests {
    static let day = "2024-01-01"

    /// Rows of `pair` at `minutes` for `[from, to)`, every slot traded, skipping the slots in `skip`.
    static func rows(
        _ pair: String, _ minutes: Int, _ from: String, _ to: String, skip: [(String, String)] = []
    ) -> String {
        let interval = CandleInterval(minutes: minutes)!
        let holes = skip.map { TimeRange(start: t($0.0), end: t($0.1)) }
        return SyntheticCandles(pair: pair, interval: interval).csv(TimeRange(start: t(from), end: t(to)))
            .split(separator: "\n").filter { line in
                let time = Int64(line.split(separator: ",")[0])!
                return !holes.contains { $0.start <= time && time < $0.end }
            }.map { $0 + "\n" }.joined()
    }

    /// The trade count the generator gives `pair`'s candle at `minutes` and `iso`.
    static func trades(_ pair: String, _ minutes: Int, _ iso: String) -> Int64 {
        SyntheticCandles(pair: pair, interval: CandleInterval(minutes: minutes)!).candle(at: t(iso))!.trades
    }

    /// A folder of plain files: XBTUSD at 1 minute without 02:00–03:59, and at 60 minutes (without `hourHoles`).
    static func plainFolder(_ h: ImportHarness, hourHoles: [(String, String)] = []) throws -> String {
        let hole = [("2024-01-01T02:00:00Z", "2024-01-01T04:00:00Z")]
        try h.dir.write("plain/XBTUSD_1.csv", rows("XBTUSD", 1, day, "2024-01-01T06:00:00Z", skip: hole))
        try h.dir.write("plain/XBTUSD_60.csv", rows("XBTUSD", 60, day, "2024-01-01T06:00:00Z", skip: hourHoles))
        return h.dir.file("plain")
    }

    @Test("a 1-minute hole in a plain file is a gap when the 60-minute candles there have trades, with its evidence")
    func plainFileHoleContradictedByCoarser() throws {
        let h = try ImportHarness()
        try h.importPaths([try Self.plainFolder(h)])
        let now = t("2024-01-01T06:00:30Z")
        let result = try h.detectGaps(try analysis(now: now), AnalysisScope(pairs: ["XBTUSD"]))
        let minute = try #require(result.series.first { $0.interval == 1 })
        let hole = TimeRange(start: t("2024-01-01T02:00:00Z"), end: t("2024-01-01T04:00:00Z"))
        #expect(minute.gaps.map(\.range) == [hole])
        #expect(minute.noTrade == 0, "the 120 empty minutes are missing data, not quiet")
        #expect(minute.present + minute.noTrade + minute.gapCandles == minute.expected)
        #expect(minute.gaps[0].gapClass == .apiFillable, "classified like any other gap")
        let evidence =
            "XBTUSD 60m candle at 2024-01-01T02:00:00Z has \(Self.trades("XBTUSD", 60, "2024-01-01T02:00:00Z")) "
            + "trades (and 1 more such candle)"
        #expect(minute.gaps[0].evidence == evidence)
        let hour = try #require(result.series.first { $0.interval == 60 })
        #expect(hour.gaps.isEmpty)
        // The record says it too, and so does the gaps text.
        #expect(try h.probe().strings("SELECT evidence FROM v_gaps WHERE interval_minutes = 1") == [evidence])
        #expect(GapReportText.text(result).contains("XBTUSD 1 2024-01-01T02:00:00Z to 2024-01-01T04:00:00Z: not quiet"))
        // Re-detection leaves the record alone.
        let again = try h.detectGaps(try analysis(now: now), AnalysisScope(pairs: ["XBTUSD"]))
        #expect(again.reconciliation?.unchanged == 1)
        #expect(again.reconciliation?.inserted == 0)
    }

    @Test("genuinely quiet slots stay no-trade: no other interval of the pair shows trades there")
    func genuinelyQuietStaysNoTrade() throws {
        let h = try ImportHarness()
        let quietHours = [("2024-01-01T02:00:00Z", "2024-01-01T04:00:00Z")]
        try h.importPaths([try Self.plainFolder(h, hourHoles: quietHours)])
        let series = try h.read {
            try analysis(now: t("2024-01-01T06:00:30Z")).analyze(AnalysisScope(pairs: ["XBTUSD"]), in: $0)
        }
        for s in series {
            #expect(s.gaps.isEmpty, "\(s.interval)")
            #expect(s.gaps.allSatisfy { $0.evidence == nil })
        }
        #expect(series.first { $0.interval == 1 }?.noTrade == 120)
        #expect(series.first { $0.interval == 60 }?.noTrade == 2)
    }

    @Test("a finer candle with trades in an empty coarser slot of a plain file makes that slot a gap")
    func plainCoarserSlotContradictedByFiner() throws {
        let h = try ImportHarness()
        try h.dir.write("p/XBTUSD_1.csv", Self.rows("XBTUSD", 1, Self.day, "2024-01-01T06:00:00Z"))
        try h.dir.write(
            "p/XBTUSD_60.csv",
            Self.rows(
                "XBTUSD", 60, Self.day, "2024-01-01T06:00:00Z",
                skip: [("2024-01-01T03:00:00Z", "2024-01-01T04:00:00Z")]))
        try h.importPaths([h.dir.file("p")])
        let series = try h.read {
            try analysis(now: t("2024-01-01T06:00:30Z")).analyze(
                AnalysisScope(pairs: ["XBTUSD"], intervals: [60]), in: $0)
        }
        let slot = TimeRange(start: t("2024-01-01T03:00:00Z"), end: t("2024-01-01T04:00:00Z"))
        #expect(series[0].gaps.map(\.range) == [slot])
        #expect(
            series[0].gaps[0].evidence
                == "XBTUSD 1m candle at 2024-01-01T03:00:00Z has \(Self.trades("XBTUSD", 1, "2024-01-01T03:00:00Z")) "
                + "trades")
        #expect(series[0].noTrade == 0)
    }

    @Test("a truncated coarsest member (1440) of the complete archive is a gap where the 60-minute candles trade")
    func truncatedDailyMemberContradictedByHourly() throws {
        let h = try ImportHarness()
        let complete = h.dir.file("Kraken_OHLCVT.zip")
        try SampleArchives.writeZip(
            complete,
            entries: [
                ("k/XBTUSD_60.csv", Data(Self.rows("XBTUSD", 60, "2024-04-01", "2024-07-01").utf8)),
                ("k/XBTUSD_1440.csv", Data(Self.rows("XBTUSD", 1440, "2024-04-01", "2024-05-20").utf8)),
                // Another pair's daily member sets the archive's end for 1440 minutes.
                ("k/ETHUSD_1440.csv", Data(Self.rows("ETHUSD", 1440, "2024-04-01", "2024-07-01").utf8)),
            ])
        try h.importPaths([complete])
        let result = try h.detectGaps(
            try analysis(now: t("2024-07-01T00:30:00Z")), AnalysisScope(pairs: ["XBTUSD"], intervals: [1440]))
        let daily = result.series[0]
        #expect(daily.gaps.map(\.range) == [TimeRange(start: t("2024-05-20"), end: t("2024-07-01"))])
        #expect(daily.noTrade == 0)
        #expect(daily.gaps[0].gapClass == .apiFillable)
        #expect(
            daily.gaps[0].evidence
                == "XBTUSD 60m candle at 2024-05-20T00:00:00Z has \(Self.trades("XBTUSD", 60, "2024-05-20")) trades"
                + " (and 41 more such candles)")
        #expect(try h.probe().strings("SELECT evidence FROM v_gaps") == [daily.gaps[0].evidence!])
    }

    @Test("a truncated 60-minute member of the complete archive is a gap where the 1-minute candles trade")
    func truncatedHourlyMemberContradictedByMinutes() throws {
        let h = try ImportHarness()
        let complete = h.dir.file("Kraken_OHLCVT.zip")
        try SampleArchives.writeZip(
            complete,
            entries: [
                ("k/XBTUSD_1.csv", Data(Self.rows("XBTUSD", 1, "2024-06-30", "2024-07-01").utf8)),
                ("k/XBTUSD_60.csv", Data(Self.rows("XBTUSD", 60, "2024-06-30", "2024-06-30T12:00:00Z").utf8)),
                ("k/ETHUSD_60.csv", Data(Self.rows("ETHUSD", 60, "2024-06-30", "2024-07-01").utf8)),
            ])
        try h.importPaths([complete])
        let series = try h.read {
            try analysis(now: t("2024-07-01T00:00:30Z")).analyze(
                AnalysisScope(pairs: ["XBTUSD"], intervals: [60]), in: $0)
        }
        #expect(series[0].gaps.map(\.range) == [TimeRange(start: t("2024-06-30T12:00:00Z"), end: t("2024-07-01"))])
        #expect(series[0].noTrade == 0)
        #expect(
            series[0].gaps[0].evidence
                == "XBTUSD 1m candle at 2024-06-30T12:00:00Z has "
                + "\(Self.trades("XBTUSD", 1, "2024-06-30T12:00:00Z")) trades (and 11 more such candles)")

        // Without the 1-minute member nothing contradicts the archive: the hours after the last candle are quiet.
        let quiet = try ImportHarness()
        let alone = quiet.dir.file("Kraken_OHLCVT.zip")
        try SampleArchives.writeZip(
            alone,
            entries: [
                ("k/XBTUSD_60.csv", Data(Self.rows("XBTUSD", 60, "2024-06-30", "2024-06-30T12:00:00Z").utf8)),
                ("k/ETHUSD_60.csv", Data(Self.rows("ETHUSD", 60, "2024-06-30", "2024-07-01").utf8)),
            ])
        try quiet.importPaths([alone])
        let vouched = try quiet.read {
            try analysis(now: t("2024-07-01T00:00:30Z")).analyze(AnalysisScope(pairs: ["XBTUSD"]), in: $0)
        }
        #expect(vouched[0].gaps.isEmpty)
        #expect(vouched[0].noTrade == 12)
    }

    @Test("the trades estimate of a series without candles uses the pair's other intervals, not 1 per candle")
    func estimateFromOtherIntervals() throws {
        let h = try ImportHarness()
        let text = Self.rows("XBTUSD", 60, "2024-01-01", "2024-01-31")
        try h.importPaths([try h.dir.write("XBTUSD_60.csv", text)])
        let trades = text.split(separator: "\n").reduce(Int64(0)) { $0 + Int64($1.split(separator: ",")[6])! }
        let now = t("2024-12-01")
        let series = try h.read {
            try analysis(now: now, budget: 1_000_000).analyze(
                AnalysisScope(pairs: ["XBTUSD"], intervals: [1]), in: $0)
        }
        let gap = try #require(series[0].gaps.first)
        #expect(gap.candles == (t("2024-12-01") - t("2024-01-01")) / 60)
        let perMinute = Double(trades) / Double(30 * 86_400) * 60
        let expected = Int64((Double(gap.nonAPICandles) * perMinute / 1000).rounded(.up))
        #expect(gap.tradesRequests == expected)
        #expect(expected > Int64((Double(gap.nonAPICandles) / 1000).rounded(.up)), "more than 1 trade per candle")
        #expect(CompletenessAnalyzer.tradesPerSecond(of: [:]) == 0)
    }

    @Test("the built binary reports the evidence and stores it with the gap record")
    func cliReportsEvidence() async throws {
        let h = try ImportHarness()
        let folder = try Self.plainFolder(h)
        let db = h.dir.file("cli.sqlite")
        let (imported, gaps, json) = try await onOwnThread {
            let imported = try Binary.run(["import", folder, "--db", db])
            let gaps = try Binary.run(["gaps", "--db", db, "--now", "2024-01-01T06:00:30Z", "--save"])
            let json = try Binary.run(["gaps", "--db", db, "--now", "2024-01-01T06:00:30Z", "--json"])
            return (imported, gaps, json)
        }
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(gaps.status == 0, "\(gaps.stderr)")
        let evidence = "XBTUSD 60m candle at 2024-01-01T02:00:00Z has"
        #expect(gaps.stdout.contains("not quiet, \(evidence)"), "\(gaps.stdout)")
        #expect(json.stdout.contains(evidence), "\(json.stdout)")
        let probe = try StoreProbe(path: db)
        #expect(try probe.strings("SELECT evidence FROM v_gaps WHERE evidence IS NOT NULL").count == 1)
    }
}
