import Foundation
import Testing

@testable import KrakenIngest

/// The HTML report's no-trade strip shows where the quiet slots are, not only how many (issue 7, point 9).
@Suite("Quiet profile", .blocking)
struct QuietProfileTests {
    static let start: Int64 = 1_704_067_200
    static let slots = 2_880  // two days of 1-minute candles
    /// A quiet block (no candle for 100 minutes on the second day) and single quiet minutes spread everywhere.
    static let block = 1_800..<1_900

    static func isQuiet(_ slot: Int) -> Bool { block.contains(slot) || slot % 97 == 5 }

    static func report() throws -> (CompletenessReport, ImportHarness) {
        let h = try ImportHarness()
        let lines = candleCSV(minutes: 1, start: start, count: slots).split(separator: "\n")
        let kept = lines.enumerated().filter { !isQuiet($0.offset) }.map(\.element).joined(separator: "\n")
        try h.importPaths([try h.dir.write("XBTUSD_1.csv", kept + "\n")])
        let end = start + Int64(slots) * 60
        let report = try CompletenessReport.read(
            from: h.store, analyzer: try analysis(now: end), scope: AnalysisScope(intervals: [1]), label: "ALL")
        return (try h.store.read { try report.withQuietProfiles(in: $0) }, h)
    }

    @Test("the cells add up to the series' no-trade slots, and the quiet block is where its cells say")
    func cellsLocateTheQuietSlots() throws {
        let (report, h) = try Self.report()
        _ = h
        let series = try #require(report.tiers.first?.intervals.first?.series.first)
        let cells = try #require(series.quietCells)
        #expect(cells.count == QuietProfile.cellCount)
        let quiet = (0..<Self.slots).filter(Self.isQuiet).count
        #expect(series.noTrade == Int64(quiet))
        #expect(cells.reduce(0) { $0 + $1.quiet } == Int64(quiet))
        #expect(cells.reduce(0) { $0 + $1.slots } == series.present + series.noTrade)
        // Each cell's count matches the planted slots whose open time falls in it.
        for cell in cells {
            let planted = (0..<Self.slots).filter { slot in
                let time = Self.start + Int64(slot) * 60
                return Self.isQuiet(slot) && time >= cell.start && time < cell.end
            }
            #expect(cell.quiet == Int64(planted.count), "cell \(UTCTime.iso(cell.start))")
        }
        let blockTime = Self.start + Int64(Self.block.lowerBound + 50) * 60
        let inBlock = try #require(cells.first { $0.start <= blockTime && blockTime < $0.end })
        #expect(inBlock.share == 1)
        #expect(cells[0].quiet > 0 && cells[0].share < 0.1)
    }

    @Test("the HTML strip draws one cell per quiet stretch, darkest over the block")
    func htmlDrawsTheCells() throws {
        let (report, h) = try Self.report()
        _ = h
        let series = try #require(report.tiers.first?.intervals.first?.series.first)
        let html = ReportHTMLWriter.html(report)
        let drawn = html.components(separatedBy: "<rect class=\"quiet\"").count - 1
        let runs = QuietShade.runs(series.quietCells ?? [])
        #expect(drawn == runs.count && runs.count >= 3)
        #expect(runs.reduce(0) { $0 + $1.quiet } == series.noTrade)
        #expect(html.contains("fill-opacity=\"1.00\"><title>no-trade slots "))
        // Without the profile the page falls back to one strip per covered range.
        var plain = report
        plain.tiers[0].intervals[0].series[0].quietCells = nil
        #expect(!ReportHTMLWriter.html(plain).contains("class=\"quiet\""))
    }

    @Test("neighbouring cells of one shade are drawn as one run; a shade change or a cell without quiet ends it")
    func shadesJoinIntoRuns() {
        func cell(_ i: Int64, quiet: Int64) -> QuietCell {
            QuietCell(start: i * 10, end: i * 10 + 10, slots: 100, quiet: quiet)
        }
        let runs = QuietShade.runs([
            cell(0, quiet: 1), cell(1, quiet: 2), cell(2, quiet: 50), cell(3, quiet: 0), cell(4, quiet: 1),
        ])
        #expect(runs.map(\.start) == [0, 20, 40])
        #expect(runs.map(\.end) == [20, 30, 50])
        #expect(runs[0].quiet == 3 && runs[0].slots == 200 && runs[0].opacity == 0.5)
        #expect(runs[1].opacity == 1)
    }
}
