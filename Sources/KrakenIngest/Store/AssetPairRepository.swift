/// One spot pair as Kraken's `AssetPairs` describes it: the key OHLC answers under, the altname archives use, the
/// websocket name, and the two asset codes.
public struct AssetPair: Sendable, Equatable, Codable {
    /// The pair's key (`XXBTZUSD`): the result key of OHLC and Trades answers.
    public var key: String
    /// The archive name (`XBTUSD`).
    public var altname: String
    /// The websocket name (`XBT/USD`), when Kraken gives one.
    public var wsname: String?
    /// Base asset code (`XXBT`).
    public var base: String
    /// Quote asset code (`ZUSD`).
    public var quote: String

    public init(key: String, altname: String, wsname: String?, base: String, quote: String) {
        self.key = key
        self.altname = altname
        self.wsname = wsname
        self.base = base
        self.quote = quote
    }
}

/// Reads of the cached `AssetPairs` answer.
public protocol AssetPairReading {
    /// Every cached pair, by key.
    func assetPairs() throws -> [AssetPair]
}

/// Writes of the cached `AssetPairs` answer.
public protocol AssetPairWriting {
    /// Replaces the cache with `pairs` (one full `AssetPairs` answer).
    func replaceAssetPairs(_ pairs: [AssetPair]) throws
}
