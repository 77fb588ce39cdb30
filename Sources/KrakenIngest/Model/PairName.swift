import Foundation

/// Normalises the many spellings of a Kraken spot pair to its archive `altname`
/// (the `XBTUSD` in `XBTUSD_60.csv`).
///
/// Accepted: `XBTUSD`, `BTCUSD`, `BTC/USD`, `btc-usd`, `XBT_USD`, and the legacy REST keys `XXBTZUSD`, `XETHXXBT`.
/// Bitcoin becomes `XBT` and Dogecoin `XDG`, as in Kraken's altnames.
public enum PairName {
    /// The altname for `text`, or nil when `text` is not a plausible pair name.
    public static func normalize(_ text: String) -> String? {
        let upper = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard !upper.isEmpty, upper.count <= 32 else { return nil }
        let separators: Set<Character> = ["/", "-", "_", ":"]
        let parts = upper.split(whereSeparator: { separators.contains($0) }).map(String.init)
        guard parts.allSatisfy({ $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }) else { return nil }
        if parts.count == 2 {
            return asset(parts[0]) + asset(parts[1])
        }
        guard parts.count == 1 else { return nil }
        var name = parts[0]
        if let legacy = stripLegacyClassPrefixes(name) { name = legacy }
        for (common, kraken) in [("BTC", "XBT"), ("DOGE", "XDG")] {
            if name.hasPrefix(common) { name = kraken + name.dropFirst(common.count) }
            if name.hasSuffix(common) && name.count > common.count { name = name.dropLast(common.count) + kraken }
        }
        return name
    }

    /// Kraken's name for one asset symbol.
    static func asset(_ symbol: String) -> String {
        switch symbol {
        case "BTC", "XXBT": return "XBT"
        case "DOGE", "XXDG": return "XDG"
        case "ZUSD": return "USD"
        case "ZEUR": return "EUR"
        default: return symbol
        }
    }

    /// `XXBTZUSD` → `XBTUSD`: eight letters made of two class-prefixed (X/Z) four-letter assets.
    private static func stripLegacyClassPrefixes(_ name: String) -> String? {
        let chars = Array(name)
        guard chars.count == 8, "XZ".contains(chars[0]), "XZ".contains(chars[4]) else { return nil }
        return String(chars[1..<4]) + String(chars[5..<8])
    }
}
