import ArgumentParser
import Foundation
import KrakenIngest

/// The tier, pair and interval filters shared by every command that selects series. Unknown tiers, pair
/// spellings and intervals are usage errors here; unknown pairs once the store is open (`checkPairsKnown`).
struct SelectionOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("Only pairs of this tier (TIER1 … TIER4, UNTIERED, ALL).", valueName: "tier"))
    var tier: String?

    @Option(name: .long, help: ArgumentHelp("Only pairs of these tiers, comma-separated.", valueName: "tiers"))
    var tiers: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Only these pairs, comma-separated (XBTUSD, BTCUSD or BTC/USD).", valueName: "pairs"))
    var pairs: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Only these intervals in minutes, comma-separated (e.g. 60,1440).", valueName: "minutes"))
    var intervals: String?

    func validate() throws {
        if tier != nil && tiers != nil { throw ValidationError("use --tier or --tiers, not both") }
    }

    /// The tier names given (checked against the catalog), empty without a tier filter.
    func tierNames(_ catalog: TierCatalog) throws -> [String] {
        var names: [String] = []
        if let tier { names = [tier] }
        if let tiers { names = tiers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        if !names.isEmpty { _ = try catalog.resolveSelection(names) }
        return names
    }

    /// The tier selection, nil without a tier filter.
    func tierSelection(_ catalog: TierCatalog) throws -> TierSelection? {
        let names = try tierNames(catalog)
        return names.isEmpty ? nil : try catalog.resolveSelection(names)
    }

    /// Pair altnames, normalised from any accepted spelling.
    func pairNames() throws -> [String] {
        try (pairs ?? "").split(separator: ",").map { raw -> String in
            guard let name = PairName.normalize(String(raw)) else {
                throw KrakenIngestError.usage("'\(raw)' is not a pair name (try XBTUSD, BTCUSD or BTC/USD)")
            }
            return name
        }
    }

    /// Interval minutes, each one Kraken publishes (an unknown one is a usage error listing the valid ones).
    func intervalMinutes() throws -> [Int] {
        let minutes = try intervals.map { try CandleInterval.parseList($0).map(\.minutes) } ?? []
        try SelectionValidation.checkIntervals(minutes)
        return minutes
    }

    /// Throws a usage error when `--pairs` names a pair that is neither in `store` nor in the tiers file (nor in
    /// `alsoKnown`), listing the known pairs and suggesting a close one.
    func checkPairsKnown(_ catalog: TierCatalog, store: (any KrakenStore)?, alsoKnown: Set<String> = []) throws {
        let pairs = try pairNames()
        guard !pairs.isEmpty else { return }
        let stored = try store?.read { Set(try $0.pairIDs().keys) } ?? []
        let known = stored.union(catalog.tiers.flatMap(\.pairs)).union(alsoKnown)
        let from = alsoKnown.isEmpty ? "the store or the tiers file" : "the files, the store or the tiers file"
        try SelectionValidation.checkPairs(pairs, known: known, knownFrom: from)
    }

    /// The tier, pair and interval filters together.
    func seriesSelection(_ catalog: TierCatalog) throws -> SeriesSelection {
        SeriesSelection(
            tiers: try tierSelection(catalog), pairs: Set(try pairNames()), intervals: Set(try intervalMinutes()))
    }

    /// The whole-window analysis scope of the selection (no time bounds).
    func analysisScope(_ catalog: TierCatalog) throws -> AnalysisScope {
        AnalysisScope(tiers: try tierSelection(catalog), pairs: Set(try pairNames()), intervals: try intervalMinutes())
    }

    /// The tier label shown in titles and file names.
    var label: String {
        if let tier { return tier.uppercased() }
        if let tiers { return tiers.uppercased().split(separator: ",").joined(separator: "+") }
        return "ALL"
    }
}
