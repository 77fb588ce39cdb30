/// The one base-name rule for paths and ZIP member names: the part after the last `/` (an empty last part stays
/// empty, so `folder/` is not mistaken for `folder`).
public enum PathName {
    /// `XBTUSD_60.csv` for `Kraken_OHLCVT/XBTUSD_60.csv`.
    public static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `Kraken_OHLCVT` for `Kraken_OHLCVT/XBTUSD_60.csv`; empty for a bare name.
    public static func folder(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
