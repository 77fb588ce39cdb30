import ArgumentParser
import Foundation
import KrakenIngest

struct TiersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiers", abstract: "List the tier definitions.",
        discussion: "Example: kraken-ingest tiers --tiers-file data/tiers.json")

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let catalog = try store.loadTiers()
            var table = TextTable(headers: ["tier", "pairs"])
            for tier in catalog.tiers { table.add([tier.name, tier.pairs.joined(separator: " ")]) }
            emit(table.render())
        }
    }
}
