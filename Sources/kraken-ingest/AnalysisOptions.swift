import ArgumentParser
import Foundation
import KrakenIngest

/// Selection and time options shared by `gaps` and `report`.
struct AnalysisOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Only pairs of this tier (TIER1 … TIER4, UNTIERED, ALL).", valueName: "tier"))
    var tier: String?

    @Option(name: .long, help: ArgumentHelp("Only pairs of these tiers, comma-separated.", valueName: "tiers"))
    var tiers: String?

    @Option(name: .long, help: ArgumentHelp("Only these pairs, comma-separated (XBTUSD, BTCUSD or BTC/USD).", valueName: "pairs"))
    var pairs: String?

    @Option(name: .long, help: ArgumentHelp("Only these intervals in minutes; every known pair is checked at each.", valueName: "minutes"))
    var intervals: String?

    @Option(name: .long, help: ArgumentHelp("Window start, UTC (2024-07-01, 2024-07-01T12:00:00Z or unix seconds).", valueName: "time"))
    var start: String?

    @Option(name: .long, help: ArgumentHelp("Window end, exclusive, UTC (default: now).", valueName: "time"))
    var end: String?

    @Option(name: .long, help: ArgumentHelp("Evaluate as of this UTC time instead of now (reproducible reports).", valueName: "time"))
    var now: String?

    @Option(name: .customLong("trades-budget"), help: "Largest Trades-request estimate for which an old gap counts as trades-rebuildable.")
    var tradesBudget: Int64 = 500

    func validate() throws {
        if tier != nil && tiers != nil { throw ValidationError("use --tier or --tiers, not both") }
        for (flag, value) in [("--start", start), ("--end", end), ("--now", now)] {
            if let value, UTCTime.parse(value) == nil {
                throw ValidationError("\(flag) '\(value)' is not a UTC time (use 2024-07-01, 2024-07-01T12:00:00Z or unix seconds)")
            }
        }
        if tradesBudget < 0 { throw ValidationError("--trades-budget must not be negative") }
    }

    /// The tier label shown in titles and file names.
    var label: String {
        if let tier { return tier.uppercased() }
        if let tiers { return tiers.uppercased().split(separator: ",").joined(separator: "+") }
        return "ALL"
    }

    func makeAnalysis(_ catalog: TierCatalog) -> GapAnalysis {
        GapAnalysis(detector: GapDetector(now: now.flatMap(UTCTime.parse) ?? UTCTime.now(), tradesRequestBudget: tradesBudget),
                    tiers: catalog)
    }

    func makeScope(_ catalog: TierCatalog) throws -> AnalysisScope {
        var names: [String] = []
        if let tier { names = [tier] }
        if let tiers { names = tiers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let selection = names.isEmpty ? nil : try catalog.resolveSelection(names)
        let pairSet = Set(try (pairs ?? "").split(separator: ",").map { raw -> String in
            guard let name = PairName.normalize(String(raw)) else {
                throw KrakenIngestError.usage("'\(raw)' is not a pair name (try XBTUSD, BTCUSD or BTC/USD)")
            }
            return name
        })
        let minutes = try intervals.map { try CandleInterval.parseList($0).map(\.minutes) } ?? []
        var bounds: TimeRange?
        if start != nil || end != nil {
            let s = start.flatMap(UTCTime.parse) ?? Int64.min / 2
            let e = end.flatMap(UTCTime.parse) ?? Int64.max / 2
            guard s < e else { throw KrakenIngestError.usage("--start must be before --end") }
            bounds = TimeRange(start: s, end: e)
        }
        return AnalysisScope(tiers: selection, pairs: pairSet, intervals: minutes, bounds: bounds)
    }
}
