/// The pair and interval encoded in a Kraken OHLCVT file name, `{ALTNAME}_{MINUTES}.csv`
/// (optionally `.csv.zst` or `.csv.gz`), whatever folder the file sits in.
public struct CandleFileName: Equatable, Sendable {
    public let pair: String
    public let interval: CandleInterval
    public let compression: Compression

    /// How a candle file's bytes are encoded on disk.
    public enum Compression: String, Sendable {
        case none, zstd, gzip
    }

    /// Parses the last path component of `path`; the error explains why a name is not a candle file.
    public static func parse(_ path: String) -> Result<CandleFileName, SkipReason> {
        let base = PathName.baseName(path)
        var stem = base
        var compression = Compression.none
        let lower = base.lowercased()
        if lower.hasSuffix(".csv.zst") {
            compression = .zstd
            stem = String(base.dropLast(8))
        } else if lower.hasSuffix(".csv.gz") {
            compression = .gzip
            stem = String(base.dropLast(7))
        } else if lower.hasSuffix(".csv") {
            stem = String(base.dropLast(4))
        } else {
            return .failure(SkipReason("not a .csv, .csv.zst or .csv.gz file"))
        }
        guard let underscore = stem.lastIndex(of: "_") else {
            return .failure(SkipReason("name has no _INTERVAL suffix (a trades file such as XBTUSD.csv, not OHLCVT)"))
        }
        let altname = String(stem[..<underscore])
        let minutesText = stem[stem.index(after: underscore)...]
        guard !altname.isEmpty, altname.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
            return .failure(SkipReason("'\(altname)' is not a Kraken pair altname (upper-case letters and digits)"))
        }
        guard let minutes = Int(minutesText), let interval = CandleInterval(minutes: minutes),
            interval.isInArchives || interval.isServedByAPI
        else {
            return .failure(SkipReason("'\(minutesText)' is not a Kraken candle interval in minutes"))
        }
        return .success(CandleFileName(pair: altname, interval: interval, compression: compression))
    }
}

/// Why a path found while scanning is not imported.
public struct SkipReason: Error, Equatable, Sendable, CustomStringConvertible {
    public let text: String
    public init(_ text: String) { self.text = text }
    public var description: String { text }
}
