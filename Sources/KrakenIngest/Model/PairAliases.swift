/// The spellings under which a stored pair can be found in the store's views (`v_pair_aliases`), made from the
/// same rules `PairName` resolves command-line names with, so a view and the CLI agree on what `BTC/USD` means.
///
/// Every alias normalises to the pair's altname (`PairName.normalize`), except the `AssetPairs` key and websocket
/// name of the cached entry, which `SpotPairDirectory` resolves directly.
///
/// ```swift
/// PairAliases.of(altname: "XBTUSD", assetPair: nil)
/// // ["XBTUSD", "XBT/USD", "BTCUSD", "BTC/USD", "XXBTZUSD"]
/// ```
public enum PairAliases {
    /// Quote assets recognised at the end of an altname when no cached `AssetPairs` entry gives the split; the
    /// longest match wins (`USDT` before `USD`).
    static let knownQuotes = [
        "PYUSD", "USDT", "USDC", "USD", "EUR", "GBP", "CAD", "JPY", "CHF", "AUD", "AED", "XBT", "ETH", "DAI", "DOT",
    ]

    /// Fiat assets, whose legacy four-letter codes start with `Z` (`ZUSD`); other assets start with `X`.
    static let fiat: Set<String> = ["USD", "EUR", "GBP", "CAD", "JPY", "CHF", "AUD"]

    /// Every alias of `altname` (itself first), upper-case and without duplicates. `assetPair` is the cached
    /// `AssetPairs` entry with this altname, when there is one: its key and websocket name join, and its websocket
    /// name gives the base/quote split.
    public static func of(altname: String, assetPair: AssetPair?) -> [String] {
        var aliases = [altname]
        if let assetPair {
            aliases += [assetPair.key, assetPair.wsname].compactMap { $0 }
        }
        let assets = assetPair?.wsname.flatMap { Self.split(wsname: $0) } ?? Self.split(altname: altname)
        if let assets {
            let (base, quote) = assets
            for b in spellings(base) {
                for q in spellings(quote) {
                    aliases += [b + q, b + "/" + q]
                }
            }
            if base.count == 3, quote.count == 3 {
                aliases.append("X" + base + (fiat.contains(quote) ? "Z" : "X") + quote)
            }
        } else {
            aliases.append(commonSpelling(altname))
        }
        let cached = Set([assetPair?.key, assetPair?.wsname].compactMap { $0?.uppercased() })
        var seen: Set<String> = []
        return aliases.map { $0.uppercased() }.filter { alias in
            guard cached.contains(alias) || PairName.normalize(alias) == altname else { return false }
            return seen.insert(alias).inserted
        }
    }

    /// `XBT/USD` → (`XBT`, `USD`), in Kraken's asset names.
    static func split(wsname: String) -> (String, String)? {
        let parts = wsname.uppercased().split(separator: "/").map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (PairName.asset(parts[0]), PairName.asset(parts[1]))
    }

    /// `XBTUSD` → (`XBT`, `USD`) by the longest known quote at its end; nil when none fits.
    static func split(altname: String) -> (String, String)? {
        let upper = altname.uppercased()
        for quote in knownQuotes.sorted(by: { $0.count > $1.count }) where upper.hasSuffix(quote) {
            let base = String(upper.dropLast(quote.count))
            if base.count >= 2 { return (base, quote) }
        }
        return nil
    }

    /// An asset in Kraken's name and, when it differs, its common name (`XBT`, `BTC`).
    static func spellings(_ asset: String) -> [String] {
        switch asset {
        case "XBT": return ["XBT", "BTC"]
        case "XDG": return ["XDG", "DOGE"]
        default: return [asset]
        }
    }

    /// `XBTUSD` → `BTCUSD`, `XDGEUR` → `DOGEEUR`: the inverse of `PairName`'s single-token rule, unsplit.
    static func commonSpelling(_ altname: String) -> String {
        var name = altname.uppercased()
        for (kraken, common) in [("XBT", "BTC"), ("XDG", "DOGE")] {
            if name.hasPrefix(kraken) { name = common + name.dropFirst(kraken.count) }
            if name.hasSuffix(kraken) && name.count > kraken.count { name = name.dropLast(kraken.count) + common }
        }
        return name
    }
}
