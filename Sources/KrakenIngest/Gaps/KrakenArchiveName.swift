/// Kraken's OHLCVT archive names: the complete `Kraken_OHLCVT.zip` and the quarterly `Kraken_OHLCVT_Q3_2024.zip`,
/// also when a browser saved them as `Kraken_OHLCVT_Q3_2024 (1).zip`.
public enum KrakenArchiveName: Equatable, Sendable {
    case complete
    case quarterly(Quarter)

    /// Recognises the last path component of `path`; nil for any other name.
    public init?(path: String) {
        var base = PathName.baseName(path)
        guard base.lowercased().hasSuffix(".zip") else { return nil }
        base = String(base.dropLast(4))
        // Drop a download-copy suffix such as " (1)".
        if base.hasSuffix(")"), let open = base.lastIndex(of: "("), base[..<open].hasSuffix(" "),
            Int(base[base.index(after: open)..<base.index(before: base.endIndex)]) != nil
        {
            base = String(base[..<base.index(before: open)])
        }
        if base == "Kraken_OHLCVT" {
            self = .complete
            return
        }
        guard base.hasPrefix("Kraken_OHLCVT_Q") else { return nil }
        let parts = base.dropFirst("Kraken_OHLCVT_Q".count).split(separator: "_")
        guard parts.count == 2, let n = Int(parts[0]), (1...4).contains(n), let y = Int(parts[1]),
            (2000...9999).contains(y)
        else {
            return nil
        }
        self = .quarterly(Quarter(year: y, number: n))
    }
}
