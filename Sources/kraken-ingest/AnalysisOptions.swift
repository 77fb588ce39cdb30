import ArgumentParser
import Foundation
import KrakenIngest

/// Selection and time options shared by `gaps` and `report`.
struct AnalysisOptions: ParsableArguments {
    @OptionGroup var selection: SelectionOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Window start, UTC (2024-07-01, 2024-07-01T12:00:00Z, unix seconds or ms).", valueName: "time"))
    var start: String?

    @Option(name: .long, help: ArgumentHelp("Window end, exclusive, UTC (default: now).", valueName: "time"))
    var end: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Evaluate as of this UTC time instead of now (reproducible reports).", valueName: "time"))
    var now: String?

    @Option(
        name: .customLong("trades-budget"),
        help: "Largest Trades-request estimate for which an old gap counts as trades-rebuildable.")
    var tradesBudget: Int64 = 500

    func validate() throws {
        for (flag, value) in [("--start", start), ("--end", end), ("--now", now)] {
            guard let value else { continue }
            do {
                _ = try TimeInput.parse(value, flag: flag)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        if tradesBudget < 0 { throw ValidationError("--trades-budget must not be negative") }
    }

    /// The tier label shown in titles and file names.
    var label: String { selection.label }

    func makeAnalyzer(_ catalog: TierCatalog, clock: any WallClock = SystemClock()) throws -> CompletenessAnalyzer {
        let evaluatedAt = try now.map { try TimeInput.parse($0, flag: "--now").seconds } ?? clock.nowSeconds
        return CompletenessAnalyzer(
            classifier: GapClassifier(now: evaluatedAt, tradesRequestBudget: tradesBudget),
            tiers: catalog)
    }

    func makeScope(_ catalog: TierCatalog) throws -> AnalysisScope {
        let tiers = try selection.tierSelection(catalog)
        let pairSet = Set(try selection.pairNames())
        let minutes = try selection.intervalMinutes()
        var bounds: TimeRange?
        if start != nil || end != nil {
            let s = try start.map { try TimeInput.parse($0, flag: "--start").seconds } ?? Int64.min / 2
            let e = try end.map { try TimeInput.parse($0, flag: "--end").seconds } ?? Int64.max / 2
            guard s < e else { throw KrakenIngestError.usage("--start must be before --end") }
            bounds = TimeRange(start: s, end: e)
        }
        return AnalysisScope(tiers: tiers, pairs: pairSet, intervals: minutes, bounds: bounds)
    }
}
