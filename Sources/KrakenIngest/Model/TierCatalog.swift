import Foundation

/// Named groups of pairs (`TIER1` … `TIER4`) loaded from `data/tiers.json`. A pair in no tier is `UNTIERED`.
///
/// The file format is `{"tiers": {"TIER1": ["XBTUSD", ...], ...}}`; tiers are shown in name order.
public struct TierCatalog: Sendable, Equatable {
    /// The label of pairs that belong to no tier.
    public static let untiered = "UNTIERED"

    /// Tier name → pair altnames, in file order.
    public let tiers: [(name: String, pairs: [String])]

    public static func == (a: TierCatalog, b: TierCatalog) -> Bool {
        a.tiers.map(\.name) == b.tiers.map(\.name) && a.tiers.map(\.pairs) == b.tiers.map(\.pairs)
    }

    public init(tiers: [(name: String, pairs: [String])]) {
        self.tiers = tiers.sorted { $0.name < $1.name }
    }

    /// Decodes a catalog, normalising every pair name; an unknown pair spelling is an error naming the tier.
    public init(jsonData: Data, origin: String) throws {
        struct File: Decodable { let tiers: [String: [String]] }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: jsonData)
        } catch {
            throw KrakenIngestError.usage(
                "\(origin): not a tiers file (expected {\"tiers\": {\"TIER1\": [\"XBTUSD\", ...]}}): \(error)")
        }
        var tiers: [(String, [String])] = []
        for (name, pairs) in file.tiers {
            let normalized = try pairs.map { raw -> String in
                guard let pair = PairName.normalize(raw) else {
                    throw KrakenIngestError.usage("\(origin): tier \(name) lists '\(raw)', which is not a pair name")
                }
                return pair
            }
            tiers.append((name.uppercased(), normalized))
        }
        self.init(tiers: tiers)
    }

    /// Loads `url`, or the built-in default when `url` is nil and `data/tiers.json` does not exist.
    public static func load(from url: URL?) throws -> TierCatalog {
        let candidate = url ?? URL(fileURLWithPath: "data/tiers.json")
        guard FileManager.default.fileExists(atPath: candidate.path) else {
            if url != nil { throw KrakenIngestError.usage("tiers file \(candidate.path) does not exist") }
            return try TierCatalog(jsonData: Data(defaultJSON.utf8), origin: "built-in tiers")
        }
        return try TierCatalog(jsonData: Data(contentsOf: candidate), origin: candidate.path)
    }

    /// The tier of `pair`, or `UNTIERED`.
    public func tier(of pair: String) -> String {
        tiers.first { $0.pairs.contains(pair) }?.name ?? Self.untiered
    }

    /// Tier names as given to `--tier`/`--tiers`, validated; `ALL` selects every tier and the untiered pairs.
    public func resolveSelection(_ names: [String]) throws -> TierSelection {
        let upper = names.map { $0.uppercased() }
        if upper.contains("ALL") { return .all }
        let known = Set(tiers.map(\.name) + [Self.untiered])
        for name in upper where !known.contains(name) {
            throw KrakenIngestError.usage(
                "unknown tier '\(name)'; known tiers: \(tiers.map(\.name).joined(separator: ", ")), "
                    + "\(Self.untiered), ALL"
            )
        }
        return .some(Set(upper))
    }

    /// The shipped default; `data/tiers.json` holds the same content (a test keeps them equal).
    public static let defaultJSON = """
        {
          "tiers": {
            "TIER1": ["XBTUSD", "ETHUSD", "XBTEUR", "ETHEUR", "XBTUSDT", "ETHUSDT", "USDTUSD", "USDCUSD"],
            "TIER2": ["SOLUSD", "XRPUSD", "ADAUSD", "DOTUSD", "LTCUSD", "XDGUSD", "LINKUSD", "AVAXUSD", "SOLEUR",
            "XRPEUR"],
            "TIER3": ["ATOMUSD", "XLMUSD", "ALGOUSD", "UNIUSD", "AAVEUSD", "FILUSD", "TRXUSD", "XTZUSD", "BCHUSD",
            "ETCUSD"],
            "TIER4": ["MANAUSD", "SANDUSD", "GRTUSD", "KSMUSD", "FLOWUSD", "ENJUSD", "CRVUSD", "SNXUSD", "COMPUSD",
            "KAVAUSD"]
          }
        }

        """
}

/// Which tiers a command works on.
public enum TierSelection: Sendable, Equatable {
    case all
    case some(Set<String>)

    /// True when `tier` is selected.
    public func contains(_ tier: String) -> Bool {
        switch self {
        case .all: return true
        case .some(let names): return names.contains(tier)
        }
    }
}
