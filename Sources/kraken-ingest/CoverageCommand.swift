import ArgumentParser
import Foundation
import KrakenIngest

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Print the merged covered ranges [start, end) per pair and interval, with their source.",
        discussion: "Example: kraken-ingest coverage --pairs XBTUSD,ETHUSD --intervals 60 --json")

    @OptionGroup var store: StoreOptions

    @OptionGroup var selection: SelectionOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let catalog = try store.loadTiers()
            let filter = try selection.seriesSelection(catalog)
            let opened = try store.openForReading()
            try selection.checkPairsKnown(catalog, store: opened)
            let series = try opened.read { try $0.coverage(pairs: nil, intervals: nil) }
                .filter { filter.admits(pair: $0.pair, tier: catalog.tier(of: $0.pair), minutes: $0.interval.minutes) }
            if json {
                emit(try jsonText(series.map { CoverageJSON(series: $0, tier: catalog.tier(of: $0.pair)) }))
            } else {
                emit(ImportReportText.coverage(series, tiers: catalog))
            }
        }
    }
}
