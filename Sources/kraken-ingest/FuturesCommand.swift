import ArgumentParser
import Foundation
import KrakenIngest

/// `kraken-ingest futures …`: the Kraken Futures account-history sync.
struct FuturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "futures",
        abstract: "Sync a Kraken Futures account's history (executions, account log, positions, snapshots).",
        discussion: """
            Credentials come from KRAKEN_API_PUBLIC_KEY and KRAKEN_API_SECRET_KEY (a Futures key; read-only is \
            enough). Example: kraken-ingest futures sync --since 2025-01-01. Kraken decommissions the Futures REST \
            API on 1 March 2027; what is stored stays.
            """,
        subcommands: [FuturesSyncCommand.self, FuturesStateCommand.self, FuturesResetCommand.self])
}

/// Options of the futures subcommands that choose resources.
enum FuturesResourceNames {
    /// The declarations named in `list` (comma-separated or repeated); all when empty.
    static func resolve(_ list: [String]) throws -> [FuturesResource] {
        let names = list.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
        guard !names.isEmpty else { return FuturesResource.all }
        var chosen: [FuturesResource] = []
        for name in names {
            guard let resource = FuturesResource.named(name) else {
                let known = FuturesResource.all.map(\.name).joined(separator: ", ")
                throw KrakenIngestError.usage("unknown futures resource '\(name)'; known: \(known)")
            }
            if !chosen.contains(resource) { chosen.append(resource) }
        }
        return FuturesResource.all.filter { chosen.contains($0) }
    }
}
