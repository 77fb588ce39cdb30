import ArgumentParser
import Foundation
import KrakenIngest

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Print the merged covered ranges [start, end) per pair and interval, with their source.")

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: ArgumentHelp("Only these pairs, comma-separated.", valueName: "pairs"))
    var pairs: String?

    @Option(name: .long, help: ArgumentHelp("Only these intervals in minutes, comma-separated.", valueName: "minutes"))
    var intervals: String?

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let catalog = try store.loadTiers()
            let pairSet = try pairs.map { list in
                Set(try list.split(separator: ",").map { raw -> String in
                    guard let p = PairName.normalize(String(raw)) else { throw KrakenIngestError.usage("'\(raw)' is not a pair name") }
                    return p
                })
            }
            let intervalSet = try intervals.map { Set(try CandleInterval.parseList($0).map(\.minutes)) }
            guard let opened = try KrakenStore.openReadOnly(path: store.databasePath) else {
                throw KrakenIngestError.usage("no database at \(store.databasePath); run `kraken-ingest import` first")
            }
            let series = try opened.dbQueue.read { try CoverageTracker.ranges(pairs: pairSet, intervals: intervalSet, in: $0) }
            if json {
                struct Item: Encodable { let pair: String; let tier: String; let interval: Int; let ranges: [CoverageRange] }
                emit(try jsonText(series.map { Item(pair: $0.pair, tier: catalog.tier(of: $0.pair), interval: $0.interval.minutes, ranges: $0.ranges) }))
            } else {
                emit(ImportReportText.coverage(series, tiers: catalog))
            }
        }
    }
}
