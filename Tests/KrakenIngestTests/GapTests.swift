import Foundation
import GRDB
import KrakenIngestSamples
import Testing

@testable import KrakenIngest

/// 2024-10-10T12:30:00Z: mid-candle for 60 minutes, on a boundary for 15.
let sampleNow: Int64 = 1_728_563_400

/// A store holding the bundled-style sample.
func sampleHarness() throws -> ImportHarness {
    let h = try ImportHarness()
    try h.importPaths(try SampleArchives.write(to: h.dir.file("sample")))
    return h
}

func analysis(now: Int64 = sampleNow, budget: Int64 = 500) throws -> CompletenessAnalyzer {
    CompletenessAnalyzer(
        classifier: GapClassifier(now: now, tradesRequestBudget: budget),
        tiers: try TierCatalog(jsonData: Data(TierCatalog.defaultJSON.utf8), origin: "test"))
}

func t(_ iso: String) -> Int64 { UTCTime.parse(iso)! }

@Suite("Gap detection and classification", .blocking)
struct GapTests {
    @Test("the sample's planted holes and the tail to now are exactly the gaps found")
    func plantedHoles() throws {
        let h = try sampleHarness()
        let series = try h.read { try analysis().analyze(AnalysisScope(), in: $0) }
        let gaps = Dictionary(uniqueKeysWithValues: series.map { ("\($0.pair)_\($0.interval)", $0.gaps.map(\.range)) })
        #expect(series.count == 19)
        #expect(
            gaps["MANAUSD_60"] == [
                TimeRange(start: t("2024-04-01"), end: t("2024-06-25")),
                TimeRange(start: t("2024-10-01"), end: t("2024-10-10T12:00:00Z")),
            ])
        #expect(gaps["SOLUSD_1440"] == [TimeRange(start: t("2024-07-01"), end: t("2024-10-10"))])
        #expect(
            gaps["XBTUSD_15"] == [
                TimeRange(start: t("2024-04-01"), end: t("2024-09-24")),
                TimeRange(start: t("2024-10-01"), end: t("2024-10-10T12:30:00Z")),
            ])
        #expect(gaps["XBTUSD_240"] == [TimeRange(start: t("2024-10-01"), end: t("2024-10-10T12:00:00Z"))])
        #expect(
            gaps["WIFUSD_60"] == [TimeRange(start: t("2024-10-01"), end: t("2024-10-10T12:00:00Z"))],
            "no gap before WIFUSD was listed")
        for s in series where !["MANAUSD_60", "SOLUSD_1440", "XBTUSD_15"].contains("\(s.pair)_\(s.interval)") {
            #expect(s.gaps.count == 1, "\(s.pair)_\(s.interval)")
            #expect(s.gaps.first?.range.start == t("2024-10-01"))
        }
        let mana = try #require(series.first { $0.pair == "MANAUSD" && $0.interval == 60 })
        #expect(mana.gaps[0].gapClass == .tradesRebuildable)
        #expect(mana.gaps[0].candles == 2040)
        #expect(
            mana.gaps[0].suggestion
                == ArchiveSuggestion(archive: "Kraken_OHLCVT_Q2_2024.zip", member: "MANAUSD_60.csv", note: nil))
        #expect(mana.gaps[1].gapClass == .apiFillable)
        let sol = try #require(series.first { $0.pair == "SOLUSD" && $0.interval == 1440 })
        #expect(sol.gaps[0].gapClass == .apiFillable, "101 daily candles are within the API's reach")
        let xbt15 = try #require(series.first { $0.pair == "XBTUSD" && $0.interval == 15 })
        #expect(xbt15.gaps[0].gapClass == .archiveRequired)
        #expect(xbt15.gaps[0].suggestion?.archive == "Kraken_OHLCVT.zip", "spans two quarters")
        #expect(xbt15.gaps[1].candles == 914)
        #expect(xbt15.gaps[1].apiCandles == 719, "the tail straddles the API window")
        #expect(xbt15.gaps[1].apiStart == t("2024-10-10T12:30:00Z") - 719 * 900)
        #expect(xbt15.gaps[1].suggestion?.archive == "Kraken_OHLCVT_Q4_2024.zip")
        #expect(xbt15.gaps[1].suggestion?.note == "published after 2025-01-01 (quarter not finished)")
        // A stricter trades budget turns the rebuildable hole into an archive-required one.
        let strict = try h.read {
            try analysis(budget: 10).analyze(AnalysisScope(pairs: ["MANAUSD"], intervals: [60]), in: $0)
        }
        #expect(strict[0].gaps[0].gapClass == .archiveRequired)
    }

    @Test(
        "classification boundaries: 718, 719, 720 and 721 candles at the window edge, straddling, just outside",
        arguments: [(Int64(1800), "unaligned now"), (Int64(0), "now exactly on a boundary")])
    func boundaries(offset: Int64, label: String) {
        let boundary: Int64 = 1_728_561_600  // 2024-10-10T12:00:00Z, the current candle's open time
        let classifier = GapClassifier(now: boundary + offset)
        let hour = CandleInterval(minutes: 60)!
        func gap(_ fromCandlesBack: Int64, _ toCandlesBack: Int64) -> ClassifiedGap {
            classifier.classify(
                TimeRange(start: boundary - fromCandlesBack * 3600, end: boundary - toCandlesBack * 3600),
                pair: "XBTUSD", interval: hour, tradesPerCandle: 100)
        }
        #expect(classifier.apiWindowStart(hour) == boundary - 719 * 3600, "\(label)")
        #expect(gap(718, 0).gapClass == .apiFillable)
        #expect(gap(719, 0).gapClass == .apiFillable)
        #expect(gap(719, 0).apiCandles == 719)
        let c720 = gap(720, 0)
        #expect(c720.gapClass != .apiFillable)
        #expect(c720.apiCandles == 719)
        #expect(c720.nonAPICandles == 1)
        #expect(c720.apiStart == boundary - 719 * 3600)
        #expect(gap(721, 0).nonAPICandles == 2)
        #expect(gap(720, 719).apiCandles == 0, "the single candle just outside the window")
        #expect(gap(720, 719).apiStart == nil)
        #expect(gap(719, 718).gapClass == .apiFillable, "the oldest candle the API still serves")
        #expect(gap(5000, 10).apiCandles == 709, "a long gap straddling the window")
    }

    @Test("intervals the API does not serve and those no archive carries")
    func intervalRules() {
        let now: Int64 = 1_728_563_400
        let classifier = GapClassifier(now: now)
        let i720 = CandleInterval(minutes: 720)!
        let recent = classifier.classify(
            TimeRange(start: i720.floor(now) - 2 * i720.seconds, end: i720.floor(now)),
            pair: "XBTUSD", interval: i720, tradesPerCandle: 10)
        #expect(recent.gapClass == .tradesRebuildable, "720 minutes exists only in archives")
        #expect(recent.apiCandles == 0)
        #expect(recent.suggestion?.member == "XBTUSD_720.csv")
        let weekly = CandleInterval(minutes: 10080)!
        let old = classifier.classify(
            TimeRange(start: weekly.floor(now) - 1000 * weekly.seconds, end: weekly.floor(now) - 800 * weekly.seconds),
            pair: "XBTUSD", interval: weekly, tradesPerCandle: 1_000_000)
        #expect(old.gapClass == .archiveRequired)
        #expect(
            old.suggestion
                == ArchiveSuggestion(
                    archive: nil, member: nil,
                    note: "no archive carries 10080-minute candles; API or trades only"))
    }

    @Test("uncovered parts: window minus ranges, clipped at both ends")
    func uncovered() {
        let w = TimeRange(start: 100, end: 1000)
        #expect(GapClassifier.uncovered(w, by: []) == [w])
        #expect(GapClassifier.uncovered(w, by: [TimeRange(start: 0, end: 2000)]) == [])
        #expect(
            GapClassifier.uncovered(
                w,
                by: [TimeRange(start: 0, end: 200), TimeRange(start: 300, end: 400), TimeRange(start: 900, end: 950)])
                == [TimeRange(start: 200, end: 300), TimeRange(start: 400, end: 900), TimeRange(start: 950, end: 1000)])
        #expect(GapClassifier.uncovered(w, by: [TimeRange(start: 1000, end: 1100)]) == [w])
    }

    @Test("the window starts at the pair's first candle and honours --start/--end")
    func window() {
        let d = GapClassifier(now: t("2024-10-10T12:30:00Z"))
        let hour = CandleInterval(minutes: 60)!
        #expect(
            d.window(pairFirstCandle: t("2024-04-01T00:20:00Z"), interval: hour)
                == TimeRange(start: t("2024-04-01"), end: t("2024-10-10T12:00:00Z")))
        #expect(
            d.window(
                pairFirstCandle: t("2024-04-01"), interval: hour,
                bounds: TimeRange(start: t("2024-06-01T00:30:00Z"), end: t("2024-07-01")))
                == TimeRange(start: t("2024-06-01T01:00:00Z"), end: t("2024-07-01")))
        #expect(
            d.window(
                pairFirstCandle: t("2024-09-01"), interval: hour,
                bounds: TimeRange(start: t("2024-01-01"), end: t("2024-08-01"))) == nil)
    }

    @Test("no-trade slots are counted per series with the longest run, and never as gaps")
    func noTradeCounts() throws {
        let h = try sampleHarness()
        let series = try h.read { try analysis().analyze(AnalysisScope(pairs: ["ATOMUSD"], intervals: [60]), in: $0) }
        var times = Set<Int64>()
        for member in (SampleArchives.completeMembers + SampleArchives.quarterlyMembers)
        where member.pair == "ATOMUSD" && member.minutes == 60 {
            for line in SampleArchives.csv(member).split(separator: "\n") {
                times.insert(Int64(line.split(separator: ",")[0])!)
            }
        }
        // The archives vouch for [2024-04-01, 2024-10-01): omissions at the edges are no-trade slots too.
        let sorted = times.sorted()
        let slots = (t("2024-10-01") - t("2024-04-01")) / 3600
        let edges = [t("2024-04-01") - 3600] + sorted + [t("2024-10-01")]
        let longest = zip(edges, edges.dropFirst()).map { ($1 - $0) / 3600 - 1 }.max()!
        #expect(series[0].present == Int64(sorted.count))
        #expect(series[0].noTrade == slots - Int64(sorted.count))
        #expect(series[0].noTrade > 50)
        #expect(series[0].longestNoTrade == longest)
        #expect(series[0].gaps.count == 1, "omissions inside coverage are not gaps")
    }

    @Test("re-detection is idempotent; closed gaps become FILLED; shrunken or split gaps are updated, not copied")
    func idempotentRedetection() throws {
        let h = try sampleHarness()
        let scope = AnalysisScope(pairs: ["MANAUSD"], intervals: [60])
        func detect(_ now: Int64 = sampleNow) throws -> GapDetectionPhase.Result {
            try h.detectGaps(try analysis(now: now), scope)
        }
        func records() throws -> [GapRecord] { try h.read { try GapReconciler.fetch(in: $0) } }
        let first = try detect()
        #expect(first.reconciliation == GapReconciliation(inserted: 2, updated: 0, unchanged: 0, filled: 0))
        let ids = try records().map(\.id)
        let again = try detect()
        #expect(again.reconciliation == GapReconciliation(inserted: 0, updated: 0, unchanged: 2, filled: 0))
        #expect(try records().map(\.id) == ids)

        // An hour later the tail gap grows by one candle: updated in place.
        let later = try detect(sampleNow + 3600)
        #expect(later.reconciliation == GapReconciliation(inserted: 0, updated: 1, unchanged: 1, filled: 0))
        #expect(try records().count == 2)

        // Fill the middle of the hole: one record is updated, the other part is inserted.
        let hole = SyntheticCandles(pair: "MANAUSD", interval: CandleInterval(minutes: 60)!, basePrice: 0.45)
        try h.importPaths([
            try h.dir.write("mid/MANAUSD_60.csv", hole.csv(TimeRange(start: t("2024-06-01"), end: t("2024-06-05"))))
        ])
        let split = try detect(sampleNow + 3600)
        #expect(split.reconciliation == GapReconciliation(inserted: 1, updated: 1, unchanged: 1, filled: 0))
        let afterSplit = try records()
        #expect(afterSplit.count == 3)
        #expect(afterSplit[0].id == ids[0])
        #expect(afterSplit[0].range == TimeRange(start: t("2024-04-01"), end: t("2024-06-01")))
        #expect(afterSplit.contains { $0.range == TimeRange(start: t("2024-06-05"), end: t("2024-06-25")) })

        // Fill the rest of the old hole: both of its records become FILLED.
        try h.importPaths([
            try h.dir.write("rest/MANAUSD_60.csv", hole.csv(TimeRange(start: t("2024-04-01"), end: t("2024-06-26"))))
        ])
        let filled = try detect(sampleNow + 3600)
        #expect(filled.reconciliation == GapReconciliation(inserted: 0, updated: 0, unchanged: 1, filled: 2))
        let final = try records()
        #expect(final.count == 3)
        #expect(final.filter { $0.status == .filled }.count == 2)
        #expect(try h.probe().int("SELECT COUNT(*) FROM gaps WHERE status = 'DETECTED'") == 1)
    }

    @Test("--start, --end and --now before or after stored ranges neither crash nor rewrite stored records")
    func boundedWindows() throws {
        let h = try sampleHarness()
        let whole = try h.detectGaps(try analysis(), AnalysisScope(pairs: ["MANAUSD"]))
        #expect(whole.reconciliation?.inserted == 4)
        let before = try h.read { try GapReconciler.fetch(in: $0) }
        let later = try h.detectGaps(
            try analysis(),
            AnalysisScope(pairs: ["MANAUSD"], bounds: TimeRange(start: t("2024-08-01"), end: t("2024-10-05"))))
        #expect(later.reconciliation == nil)
        #expect(try h.read { try GapReconciler.fetch(in: $0) } == before)
        let mana60 = try #require(later.series.first { $0.interval == 60 })
        #expect(mana60.window == TimeRange(start: t("2024-08-01"), end: t("2024-10-05")))
        #expect(mana60.gaps.map(\.range) == [TimeRange(start: t("2024-10-01"), end: t("2024-10-05"))])
        // Ranges wholly before the window, and a window before every range.
        let afterAll = try h.read {
            try analysis(now: t("2026-01-01")).analyze(
                AnalysisScope(bounds: TimeRange(start: t("2025-01-01"), end: t("2025-06-01"))), in: $0)
        }
        #expect(afterAll.allSatisfy { $0.present == 0 && $0.gaps.count == 1 })
        let early = try h.read {
            try analysis(now: t("2024-04-15")).analyze(AnalysisScope(pairs: ["XBTUSD"], intervals: [60]), in: $0)
        }
        #expect(early[0].window == TimeRange(start: t("2024-04-01"), end: t("2024-04-15")))
        #expect(early[0].gaps.isEmpty)
        #expect(early[0].present == 14 * 24)
    }

    @Test("a quiet pair at a junction of Kraken archives has no-trade slots, not a gap; plain files vouch for nothing")
    func quietPairAtArchiveJunction() throws {
        let minute = CandleInterval(minutes: 1)!
        func rows(_ pair: String, _ from: String, _ to: String) -> Data {
            Data(SyntheticCandles(pair: pair, interval: minute).csv(TimeRange(start: t(from), end: t(to))).utf8)
        }
        let now = t("2024-04-01T04:00:30Z")
        // Archives: XBTUSD trades every minute; ADAUSD's last Q1 trade is at 23:41 and its first Q2 trade at 00:07.
        let zipped = try ImportHarness()
        let complete = zipped.dir.file("Kraken_OHLCVT.zip")
        try SampleArchives.writeZip(
            complete,
            entries: [
                ("Kraken_OHLCVT/XBTUSD_1.csv", rows("XBTUSD", "2024-03-31T20:00:00Z", "2024-04-01")),
                ("Kraken_OHLCVT/ADAUSD_1.csv", rows("ADAUSD", "2024-03-31T20:00:00Z", "2024-03-31T23:42:00Z")),
            ])
        let quarterly = zipped.dir.file("Kraken_OHLCVT_Q2_2024.zip")
        try SampleArchives.writeZip(
            quarterly,
            entries: [
                ("q2/XBTUSD_1.csv", rows("XBTUSD", "2024-04-01", "2024-04-01T04:00:00Z")),
                ("q2/ADAUSD_1.csv", rows("ADAUSD", "2024-04-01T00:07:00Z", "2024-04-01T04:00:00Z")),
            ])
        try zipped.importPaths([complete, quarterly])
        let series = try zipped.read { try analysis(now: now).analyze(AnalysisScope(pairs: ["ADAUSD"]), in: $0) }
        #expect(series[0].gaps.isEmpty)
        #expect(series[0].noTrade == 25)
        #expect(series[0].longestNoTrade == 25)
        #expect(series[0].present + series[0].noTrade == series[0].expected)

        // The same rows as plain files: nothing vouches for the silent minutes, so they are a gap.
        let plain = try ImportHarness()
        try plain.dir.write("a/ADAUSD_1.csv", rows("ADAUSD", "2024-03-31T20:00:00Z", "2024-03-31T23:42:00Z"))
        try plain.dir.write("b/ADAUSD_1.csv", rows("ADAUSD", "2024-04-01T00:07:00Z", "2024-04-01T04:00:00Z"))
        try plain.importPaths([plain.dir.file("a"), plain.dir.file("b")])
        let unvouched = try plain.read { try analysis(now: now).analyze(AnalysisScope(), in: $0) }
        #expect(
            unvouched[0].gaps.map(\.range) == [
                TimeRange(start: t("2024-03-31T23:42:00Z"), end: t("2024-04-01T00:07:00Z"))
            ])
    }

    /// Rows of `pair` at `minutes` for `[from, to)`.
    static func rows(_ pair: String, _ minutes: Int, _ from: String, _ to: String) -> Data {
        Data(
            SyntheticCandles(pair: pair, interval: CandleInterval(minutes: minutes)!).csv(
                TimeRange(start: t(from), end: t(to))
            ).utf8)
    }

    @Test(
        "a quarterly update vouches for its own quarter only: one member with older rows cannot hide a missing quarter")
    func quarterlyVouchesItsQuarterOnly() throws {
        let h = try ImportHarness()
        let complete = h.dir.file("Kraken_OHLCVT.zip")
        try SampleArchives.writeZip(
            complete, entries: [("k/XBTUSD_60.csv", Self.rows("XBTUSD", 60, "2024-01-01", "2024-04-01"))])
        let q3 = h.dir.file("Kraken_OHLCVT_Q3_2024.zip")
        try SampleArchives.writeZip(
            q3,
            entries: [
                ("q/XBTUSD_60.csv", Self.rows("XBTUSD", 60, "2024-07-01", "2024-10-01")),
                ("q/NEWUSD_60.csv", Self.rows("NEWUSD", 60, "2024-02-01", "2024-10-01")),
            ])
        try h.importPaths([complete, q3])
        let series = try h.read {
            try analysis(now: t("2024-10-01T00:30:00Z")).analyze(AnalysisScope(pairs: ["XBTUSD"]), in: $0)
        }
        #expect(series[0].gaps.map(\.range) == [TimeRange(start: t("2024-04-01"), end: t("2024-07-01"))])
        #expect(series[0].gaps.first?.suggestion?.archive == "Kraken_OHLCVT_Q2_2024.zip")
        #expect(series[0].noTrade == 0)
    }

    @Test("a truncated member is a gap, not quiet time, when a coarser interval of the pair shows trades there")
    func truncatedMemberContradictedByCoarserInterval() throws {
        let h = try ImportHarness()
        let complete = h.dir.file("Kraken_OHLCVT.zip")
        try SampleArchives.writeZip(
            complete,
            entries: [
                ("k/MANAUSD_60.csv", Self.rows("MANAUSD", 60, "2024-04-01", "2024-05-20")),
                ("k/MANAUSD_1440.csv", Self.rows("MANAUSD", 1440, "2024-04-01", "2024-07-01")),
                ("k/XBTUSD_60.csv", Self.rows("XBTUSD", 60, "2024-04-01", "2024-07-01")),
            ])
        try h.importPaths([complete])
        let series = try h.read {
            try analysis(now: t("2024-07-01T00:30:00Z")).analyze(
                AnalysisScope(pairs: ["MANAUSD"], intervals: [60]), in: $0)
        }
        #expect(series[0].gaps.map(\.range) == [TimeRange(start: t("2024-05-20"), end: t("2024-07-01"))])
        #expect(series[0].noTrade == 0)
    }

    @Test("an empty member of a quarterly update means the pair did not trade that quarter")
    func emptyQuarterlyMember() throws {
        let h = try ImportHarness()
        let complete = h.dir.file("Kraken_OHLCVT.zip")
        try SampleArchives.writeZip(
            complete, entries: [("k/ADAUSD_60.csv", Self.rows("ADAUSD", 60, "2024-04-01", "2024-07-01"))])
        let q3 = h.dir.file("Kraken_OHLCVT_Q3_2024.zip")
        try SampleArchives.writeZip(q3, entries: [("q/ADAUSD_60.csv", Data())])
        try h.importPaths([complete, q3])
        let series = try h.read { try analysis(now: t("2024-10-01T00:30:00Z")).analyze(AnalysisScope(), in: $0) }
        #expect(series[0].gaps.isEmpty)
        #expect(series[0].noTrade == 92 * 24)
        #expect(series[0].present + series[0].noTrade == series[0].expected)
    }

    @Test("a window that cuts a range recounts it: the longest no-trade run lies inside the window")
    func clippedLongestRun() throws {
        let h = try sampleHarness()
        for (start, end) in [
            ("2024-05-01T00:00:00Z", "2024-05-01T03:00:00Z"), ("2024-05-01", "2024-05-15"),
            ("2024-04-03", "2024-09-01"),
        ] {
            let s = try h.read {
                try analysis().analyze(
                    AnalysisScope(pairs: ["ATOMUSD"], intervals: [60], bounds: TimeRange(start: t(start), end: t(end))),
                    in: $0)
            }[0]
            #expect(s.present + s.noTrade + s.gapCandles == s.expected, "\(start)")
            #expect(s.longestNoTrade <= s.noTrade, "\(start): longest \(s.longestNoTrade), no-trade \(s.noTrade)")
            let direct = try h.probe().int(
                """
                SELECT COUNT(*) FROM candles WHERE pair_id = (SELECT id FROM pairs WHERE altname = 'ATOMUSD')
                AND interval_minutes = 60 AND open_time >= ? AND open_time < ?
                """, [t(start), t(end)])
            #expect(s.present == direct)
        }
    }

    @Test("Kraken archive names, including browser copy suffixes")
    func archiveNames() {
        #expect(KrakenArchiveName(path: "/d/Kraken_OHLCVT.zip") == .complete)
        #expect(KrakenArchiveName(path: "Kraken_OHLCVT (2).zip") == .complete)
        #expect(KrakenArchiveName(path: "Kraken_OHLCVT_Q3_2024 (1).zip") == .quarterly(Quarter(year: 2024, number: 3)))
        #expect(KrakenArchiveName(path: "Kraken_OHLCVT_Q3_2024.ZIP") == .quarterly(Quarter(year: 2024, number: 3)))
        #expect(KrakenArchiveName(path: "Kraken_OHLCVT_extra.zip") == nil)
        #expect(KrakenArchiveName(path: "Kraken_OHLCVT_Q5_2024.zip") == nil)
        #expect(KrakenArchiveName(path: "Kraken_Trading_History.zip") == nil)
        #expect(KrakenArchiveName(path: "Kraken_OHLCVT.csv") == nil)
    }

    @Test("gaps refuses to run while another writer holds the database, saying who")
    func gapsRespectsWriterLock() throws {
        let h = try sampleHarness()
        let held = try h.store.openWriterSession()
        defer { held.close() }
        #expect(
            throws: KrakenIngestError.databaseBusy(
                "database busy: \(h.store.path) is held by another kraken-ingest process (pid \(getpid())); wait "
                    + "for it to finish"
            )
        ) {
            _ = try h.detectGaps(try analysis())
        }
        #expect(try h.probe().int("SELECT COUNT(*) FROM gaps") == 0)
    }

    @Test("the download list names the archive and member of every gap the API cannot fill")
    func downloadList() throws {
        let h = try sampleHarness()
        let result = try h.detectGaps(try analysis())
        let csv = DownloadRow.csv(result.downloads)
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines[0] == "pair,interval_minutes,start_utc,end_utc,candles,class,archive,member,note")
        #expect(
            lines.contains(
                "MANAUSD,60,2024-04-01T00:00:00Z,2024-06-25T00:00:00Z,2040,TRADES_REBUILDABLE,"
                    + "Kraken_OHLCVT_Q2_2024.zip,MANAUSD_60.csv,"
            ))
        #expect(
            lines.contains(
                "XBTUSD,15,2024-04-01T00:00:00Z,2024-09-24T00:00:00Z,16896,ARCHIVE_REQUIRED,Kraken_OHLCVT.zip,"
                    + "XBTUSD_15.csv,not quiet: XBTUSD 60m candle at 2024-07-01T00:00:00Z has 85 trades "
                    + "(and 2634 more such candles)"
            ), "the note says what made the quiet-looking stretch a gap")
        #expect(
            lines.contains(
                "XBTUSD,15,2024-10-01T00:00:00Z,2024-10-03T00:45:00Z,195,TRADES_REBUILDABLE,"
                    + "Kraken_OHLCVT_Q4_2024.zip,XBTUSD_15.csv,published after 2025-01-01 (quarter not finished)"
            ))
        #expect(lines.count == 1 + 3)
        #expect(
            result.archivesToFetch.map(\.archive) == [
                "Kraken_OHLCVT.zip", "Kraken_OHLCVT_Q2_2024.zip", "Kraken_OHLCVT_Q4_2024.zip",
            ])
    }

    @Test("the archive chain check names the quarterly updates missing after the complete archive")
    func archiveChain() throws {
        let h = try sampleHarness()
        let chain = try h.read { try ArchiveChain.check(now: t("2025-05-01"), in: $0) }
        #expect(chain.complete?.name == "Kraken_OHLCVT.zip")
        #expect(chain.complete?.lastCandle == t("2024-06-30T23:00:00Z"))
        #expect(chain.quarterlies.map(\.name) == ["Kraken_OHLCVT_Q3_2024.zip"])
        #expect(
            chain.expected == ["Kraken_OHLCVT_Q3_2024.zip", "Kraken_OHLCVT_Q4_2024.zip", "Kraken_OHLCVT_Q1_2025.zip"])
        #expect(chain.missing == ["Kraken_OHLCVT_Q4_2024.zip", "Kraken_OHLCVT_Q1_2025.zip"])
        #expect(chain.ingestedBeforeComplete.isEmpty)

        // A quarterly ingested before the complete archive is called out.
        try h.store.dbQueue.write { db in
            try db.execute(sql: "UPDATE ingested_files SET finished_at = 100 WHERE path LIKE '%Q3_2024.zip'")
            try db.execute(sql: "UPDATE ingested_files SET finished_at = 200 WHERE path LIKE '%/Kraken_OHLCVT.zip'")
        }
        let reordered = try h.read { try ArchiveChain.check(now: t("2025-05-01"), in: $0) }
        #expect(reordered.ingestedBeforeComplete == ["Kraken_OHLCVT_Q3_2024.zip"])
        #expect(reordered.quarterlies.first?.afterComplete == false)
    }

    @Test("an identical member in another quarterly archive still counts that archive as ingested")
    func chainCountsDuplicates() throws {
        let h = try ImportHarness()
        let text = candleCSV(count: 24, noTradeShare: 0)
        let a = h.dir.file("Kraken_OHLCVT_Q1_2024.zip")
        try SampleArchives.writeZip(a, entries: [("q1/XBTUSD_60.csv", Data(text.utf8))])
        let b = h.dir.file("copy/Kraken_OHLCVT_Q2_2024.zip")
        try FileManager.default.createDirectory(atPath: h.dir.file("copy"), withIntermediateDirectories: true)
        try SampleArchives.writeZip(b, entries: [("q2/XBTUSD_60.csv", Data(text.utf8))])
        try h.importPaths([a, b])
        let chain = try h.read { try ArchiveChain.check(now: t("2024-08-01"), in: $0) }
        #expect(chain.quarterlies.map(\.name) == ["Kraken_OHLCVT_Q1_2024.zip", "Kraken_OHLCVT_Q2_2024.zip"])
        #expect(chain.complete == nil)
        #expect(chain.missing.isEmpty)
    }

    @Test("quarters and UTC time parsing")
    func quartersAndTimes() {
        #expect(Quarter(containing: t("2024-03-31T23:59:59Z")) == Quarter(year: 2024, number: 1))
        #expect(Quarter(containing: t("2024-04-01")) == Quarter(year: 2024, number: 2))
        #expect(Quarter(year: 2024, number: 4).end == t("2025-01-01"))
        #expect(Quarter(archiveName: "/x/Kraken_OHLCVT_Q3_2024.zip") == Quarter(year: 2024, number: 3))
        #expect(Quarter(archiveName: "Kraken_OHLCVT.zip") == nil)
        #expect(Quarter(archiveName: "Kraken_OHLCVT_Q5_2024.zip") == nil)
        #expect(UTCTime.parse("2024-02-29") == 1_709_164_800)
        #expect(UTCTime.parse("2024-02-29T12:30:00Z") == 1_709_209_800)
        #expect(UTCTime.parse("2024-02-29 12:30") == 1_709_209_800)
        #expect(UTCTime.parse("1709164800") == 1_709_164_800)
        #expect(UTCTime.parse("2023-02-29") == nil)
        #expect(UTCTime.parse("2024-13-01") == nil)
        #expect(UTCTime.parse("yesterday") == nil)
        #expect(UTCTime.iso(1_709_209_800) == "2024-02-29T12:30:00Z")
    }
}
