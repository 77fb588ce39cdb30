import ArgumentParser
import Foundation
import KrakenIngest

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Print the merged covered ranges [start, end) per pair and interval, with their source.")

    @OptionGroup var store: StoreOptions

    @OptionGroup var selection: SelectionOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let catalog = try store.loadTiers()
            let tierSelection = try selection.tierSelection(catalog)
            let pairNames = try selection.pairNames()
            let minutes = try selection.intervalMinutes()
            guard let opened = try KrakenStore.openReadOnly(path: store.databasePath) else {
                throw KrakenIngestError.usage("no database at \(store.databasePath); run `kraken-ingest import` first")
            }
            let series = try opened.dbQueue.read {
                try CoverageTracker.ranges(pairs: pairNames.isEmpty ? nil : Set(pairNames),
                                           intervals: minutes.isEmpty ? nil : Set(minutes), in: $0)
            }.filter { tierSelection?.contains(catalog.tier(of: $0.pair)) ?? true }
            if json {
                struct Item: Encodable { let pair: String; let tier: String; let interval: Int; let ranges: [CoverageRange] }
                emit(try jsonText(series.map { Item(pair: $0.pair, tier: catalog.tier(of: $0.pair), interval: $0.interval.minutes, ranges: $0.ranges) }))
            } else {
                emit(ImportReportText.coverage(series, tiers: catalog))
            }
        }
    }
}
