/// Where a stored candle came from. The raw value is also its precedence: a candle from a higher-ranked source
/// replaces one from a lower-ranked source for the same key, never the reverse.
public enum CandleSource: Int, Sendable, CaseIterable {
    /// Rebuilt from the public trades history.
    case trades = 1
    /// A closed candle from the REST OHLC endpoint.
    case api = 2
    /// A row of one of Kraken's OHLCVT archives.
    case archive = 3

    /// The name used in the `candle_sources` table and in views.
    public var name: String {
        switch self {
        case .trades: return "trades"
        case .api: return "api"
        case .archive: return "archive"
        }
    }

    /// The coverage source this candle source contributes.
    public var coverageSource: CoverageSource {
        switch self {
        case .trades: return .trades
        case .api: return .api
        case .archive: return .csv
        }
    }
}

/// The source label of a merged coverage range. Ranges from different sources that merge become `mixed`.
public enum CoverageSource: String, Sendable, Codable, CaseIterable {
    case csv = "CSV"
    case api = "API"
    case trades = "TRADES"
    case mixed = "MIXED"

    /// The word people read, the same as the candles' source words and the views': `archive`, `api`, `trades`,
    /// `mixed` (the stored code stays `CSV` for archive files).
    public var word: String {
        switch self {
        case .csv: return "archive"
        case .api: return "api"
        case .trades: return "trades"
        case .mixed: return "mixed"
        }
    }

    /// The label of a range made by merging ranges labelled `self` and `other`.
    public func merged(with other: CoverageSource) -> CoverageSource { self == other ? self : .mixed }
}
