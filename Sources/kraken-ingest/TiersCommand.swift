import ArgumentParser
import Foundation
import KrakenIngest

struct TiersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiers", abstract: "List the tier definitions.",
        discussion: "Example: kraken-ingest tiers --tiers-file data/tiers.json")

    @OptionGroup var store: StoreOptions

    @Flag(name: .long, help: "Print JSON, in the shape of data/tiers.json.")
    var json = false

    func run() throws {
        try reportingErrors {
            let catalog = try store.loadTiers()
            if json {
                let tiers = Dictionary(uniqueKeysWithValues: catalog.tiers.map { ($0.name, $0.pairs) })
                return emit(try jsonText(["tiers": tiers]))
            }
            var table = TextTable(headers: ["tier", "pairs"])
            for tier in catalog.tiers { table.add([tier.name, tier.pairs.joined(separator: " ")]) }
            emit(table.render())
        }
    }
}
