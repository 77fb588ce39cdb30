/// Every spelling of a spot pair resolved to Kraken's `AssetPairs` entry: `XBTUSD`, `XXBTZUSD`, `BTC/USD`,
/// `XBT/USD` and `btcusd` all meet.
///
/// ```swift
/// let directory = SpotPairDirectory(pairs)
/// directory.resolve("BTC/USD")?.key    // "XXBTZUSD"
/// ```
public struct SpotPairDirectory: Sendable {
    /// The pairs known.
    public let pairs: [AssetPair]
    private let byName: [String: AssetPair]

    public init(_ pairs: [AssetPair]) {
        self.pairs = pairs
        var byName: [String: AssetPair] = [:]
        // Altnames first, so an exact altname wins over another pair's normalised key or wsname.
        for pair in pairs {
            for name in [pair.key, pair.wsname].compactMap({ $0 }) {
                if let normalized = PairName.normalize(name) { byName[normalized] = byName[normalized] ?? pair }
            }
        }
        for pair in pairs {
            byName[pair.altname.uppercased()] = pair
            byName[pair.key.uppercased()] = pair
        }
        self.byName = byName
    }

    /// True when no pair is known (nothing cached yet).
    public var isEmpty: Bool { pairs.isEmpty }

    /// The pair `name` stands for, nil when none.
    public func resolve(_ name: String) -> AssetPair? {
        let upper = name.uppercased()
        if let exact = byName[upper] { return exact }
        return PairName.normalize(name).flatMap { byName[$0] }
    }
}
