import ArgumentParser
import Foundation
import KrakenIngest

/// Selection and time options shared by `gaps` and `report`.
struct AnalysisOptions: ParsableArguments {
    @OptionGroup var selection: SelectionOptions

    @Option(name: .long, help: ArgumentHelp("Window start, UTC (2024-07-01, 2024-07-01T12:00:00Z or unix seconds).", valueName: "time"))
    var start: String?

    @Option(name: .long, help: ArgumentHelp("Window end, exclusive, UTC (default: now).", valueName: "time"))
    var end: String?

    @Option(name: .long, help: ArgumentHelp("Evaluate as of this UTC time instead of now (reproducible reports).", valueName: "time"))
    var now: String?

    @Option(name: .customLong("trades-budget"), help: "Largest Trades-request estimate for which an old gap counts as trades-rebuildable.")
    var tradesBudget: Int64 = 500

    func validate() throws {
        for (flag, value) in [("--start", start), ("--end", end), ("--now", now)] {
            guard let value else { continue }
            guard let seconds = UTCTime.parse(value) else {
                throw ValidationError("\(flag) '\(value)' is not a UTC time (use 2024-07-01, 2024-07-01T12:00:00Z or unix seconds)")
            }
            guard UTCTime.supportedRange.contains(seconds) else {
                throw ValidationError("\(flag) '\(value)' is outside the years 1970 to 9999")
            }
        }
        if tradesBudget < 0 { throw ValidationError("--trades-budget must not be negative") }
    }

    /// The tier label shown in titles and file names.
    var label: String { selection.label }

    func makeAnalysis(_ catalog: TierCatalog) -> GapAnalysis {
        GapAnalysis(detector: GapDetector(now: now.flatMap(UTCTime.parse) ?? UTCTime.now(), tradesRequestBudget: tradesBudget),
                    tiers: catalog)
    }

    func makeScope(_ catalog: TierCatalog) throws -> AnalysisScope {
        let tiers = try selection.tierSelection(catalog)
        let pairSet = Set(try selection.pairNames())
        let minutes = try selection.intervalMinutes()
        var bounds: TimeRange?
        if start != nil || end != nil {
            let s = start.flatMap(UTCTime.parse) ?? Int64.min / 2
            let e = end.flatMap(UTCTime.parse) ?? Int64.max / 2
            guard s < e else { throw KrakenIngestError.usage("--start must be before --end") }
            bounds = TimeRange(start: s, end: e)
        }
        return AnalysisScope(tiers: tiers, pairs: pairSet, intervals: minutes, bounds: bounds)
    }
}
