import Foundation
import Testing

@testable import KrakenIngest

@Suite("Gap records keep their history", .blocking)
struct GapHistoryTests {
    static let hour: Int64 = 3600
    static let t0: Int64 = 1_704_067_200

    static func gap(_ start: Int64, _ end: Int64, _ gapClass: GapClass = .archiveRequired) -> ClassifiedGap {
        ClassifiedGap(
            range: TimeRange(start: t0 + start * hour, end: t0 + end * hour), candles: end - start,
            gapClass: gapClass, apiStart: nil, apiCandles: 0, suggestion: nil, tradesRequests: nil)
    }

    /// One XBTUSD 60-minute series whose window is the first `hours` hours, with `gaps`.
    static func series(_ gaps: [ClassifiedGap], hours: Int64 = 1000) -> [SeriesCompleteness] {
        [
            SeriesCompleteness(
                pair: "XBTUSD", tier: "TIER1", interval: 60,
                window: TimeRange(start: t0, end: t0 + hours * hour), expected: 1000, present: 0, noTrade: 0,
                longestNoTrade: 0, apiGapCandles: 0, tradesGapCandles: 0, archiveGapCandles: 0, gaps: gaps,
                covered: [], firstCandle: nil, lastCandle: nil, lastUpdate: nil)
        ]
    }

    func harness() throws -> ImportHarness {
        let h = try ImportHarness()
        try h.write { _ = try $0.ensurePair("XBTUSD") }
        return h
    }

    func records(_ h: ImportHarness) throws -> [GapRecord] { try h.read { try $0.gapRecords(statuses: nil) } }

    /// Marks record `id` FAILED after one attempt, as a backfill would.
    func fail(_ id: Int64, _ h: ImportHarness, _ message: String) throws {
        try h.write { try $0.setGapStatus(id, .failed, lastError: message, attempted: true) }
    }

    @Test("reclassified, shrunk and grown records keep status, attempts and last error")
    func reclassifyKeepsHistory() throws {
        let h = try harness()
        try h.write { _ = try GapReconciler.reconcile(Self.series([Self.gap(100, 200)]), in: $0) }
        let id = try #require(try records(h).first?.id)
        try fail(id, h, "EService:Unavailable")
        for changed in [Self.gap(100, 200, .tradesRebuildable), Self.gap(120, 200), Self.gap(90, 210)] {
            let outcome = try h.write { try GapReconciler.reconcile(Self.series([changed]), in: $0) }
            #expect(outcome.updated == 1)
            let record = try #require(try records(h).first)
            #expect(record.id == id && record.range == changed.range && record.gapClass == changed.gapClass)
            #expect(record.history == GapHistory(status: .failed, attempts: 1, lastError: "EService:Unavailable"))
        }
    }

    @Test("a split copies the history to every part")
    func splitCopiesHistory() throws {
        let h = try harness()
        try h.write { _ = try GapReconciler.reconcile(Self.series([Self.gap(100, 200)]), in: $0) }
        let id = try #require(try records(h).first?.id)
        try fail(id, h, "timeout")
        let outcome = try h.write {
            try GapReconciler.reconcile(Self.series([Self.gap(100, 140), Self.gap(160, 200)]), in: $0)
        }
        #expect(outcome.updated == 1 && outcome.inserted == 1)
        let parts = try records(h)
        #expect(parts.map(\.range) == [Self.gap(100, 140).range, Self.gap(160, 200).range])
        #expect(parts.allSatisfy { $0.history == GapHistory(status: .failed, attempts: 1, lastError: "timeout") })
    }

    @Test("when two records' gaps merge, one without attempts is deleted and one with attempts is kept as SUPERSEDED")
    func mergeNeverDeletesHistory() throws {
        let h = try harness()
        try h.write {
            _ = try GapReconciler.reconcile(
                Self.series([
                    Self.gap(100, 140), Self.gap(160, 200), Self.gap(300, 340),
                    Self.gap(360, 400),
                ]), in: $0)
        }
        let ids = try records(h).map(\.id)
        try fail(ids[3], h, "EAPI:Rate limit exceeded")
        let outcome = try h.write {
            try GapReconciler.reconcile(Self.series([Self.gap(100, 200), Self.gap(300, 400)]), in: $0)
        }
        #expect(outcome.merged == 2)
        let after = try records(h)
        #expect(!after.contains { $0.id == ids[1] }, "a record without attempts may go")
        let kept = try #require(after.first { $0.id == ids[3] })
        #expect(kept.status == .superseded && kept.attempts == 1 && kept.lastError == "EAPI:Rate limit exceeded")
        #expect(try h.probe().int("SELECT superseded_by FROM gaps WHERE id = ?", [ids[3]]) == ids[2])
        #expect(
            after.filter { $0.status == .detected }.map(\.range) == [
                Self.gap(100, 200).range, Self.gap(300, 400).range,
            ])
    }

    @Test("a BACKFILLING record whose process died returns to DETECTED when the next writer opens the store")
    func staleBackfilling() throws {
        let h = try harness()
        try h.write { _ = try GapReconciler.reconcile(Self.series([Self.gap(100, 200)]), in: $0) }
        let id = try #require(try records(h).first?.id)
        try h.write { try $0.setGapStatus(id, .backfilling, lastError: nil, attempted: true) }
        let session = try h.store.openWriterSession()
        session.close()
        let record = try #require(try records(h).first)
        #expect(record.status == .detected && record.attempts == 1)
    }

    @Test("coverage closing a gap marks its record FILLED and keeps its attempts")
    func filledKeepsAttempts() throws {
        let h = try harness()
        try h.write { _ = try GapReconciler.reconcile(Self.series([Self.gap(100, 200)]), in: $0) }
        let id = try #require(try records(h).first?.id)
        try fail(id, h, "timeout")
        let outcome = try h.write { try GapReconciler.reconcile(Self.series([]), in: $0) }
        #expect(outcome.filled == 1)
        let record = try #require(try records(h).first)
        #expect(record.status == .filled && record.attempts == 1)
    }

    @Test("a merged-away record points at the record that holds the merged gap, not at any record it overlaps")
    func supersededByTheHolder() throws {
        let h = try harness()
        try h.write {
            _ = try GapReconciler.reconcile(Self.series([Self.gap(0, 20), Self.gap(22, 24), Self.gap(26, 30)]), in: $0)
        }
        let ids = try records(h).map(\.id)
        try fail(ids[2], h, "timeout")
        try h.write { _ = try GapReconciler.reconcile(Self.series([Self.gap(0, 5), Self.gap(15, 30)]), in: $0) }
        #expect(try h.probe().int("SELECT superseded_by FROM gaps WHERE id = ?", [ids[2]]) == ids[1])
        #expect(try records(h).first { $0.id == ids[1] }?.range == Self.gap(15, 30).range)
    }

    @Test("a record reaching past a detection's window is left whole, and no second record covers its part")
    func recordsOutsideTheWindowStayWhole() throws {
        let h = try harness()
        try h.write { _ = try GapReconciler.reconcile(Self.series([Self.gap(100, 200)]), in: $0) }
        let before = try records(h)
        let outcome = try h.write { try GapReconciler.reconcile(Self.series([Self.gap(120, 150)], hours: 150), in: $0) }
        #expect(outcome.inserted == 0 && outcome.updated == 0)
        #expect(try records(h) == before)
    }
}
