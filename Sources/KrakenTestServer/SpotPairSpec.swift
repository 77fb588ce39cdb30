import KrakenIngestSamples

/// One spot pair the imitation serves: its names as Kraken gives them in `AssetPairs`, and the shape of its
/// synthetic prices.
///
/// ```swift
/// SpotPairSpec.xbtusd.key        // "XXBTZUSD": the result key of OHLC
/// SpotPairSpec.xbtusd.altname    // "XBTUSD"
/// SpotPairSpec.solusd.key        // "SOLUSD": newer pairs have no class prefixes
/// ```
public struct SpotPairSpec: Sendable, Equatable {
    /// The pair's key in `AssetPairs` and the result key of OHLC (`XXBTZUSD`).
    public var key: String
    /// The name archive files use (`XBTUSD`).
    public var altname: String
    /// The websocket name (`XBT/USD`).
    public var wsname: String
    /// Base asset code (`XXBT`).
    public var base: String
    /// Quote asset code (`ZUSD`).
    public var quote: String
    /// Decimals of prices.
    public var priceDecimals: Int
    /// The middle of the synthetic price range, in units of the last price decimal.
    public var basePriceTicks: Int64
    /// Per mille of candle slots with no trades (0: every slot has trades).
    public var noTradePermille: Int

    public init(
        key: String, altname: String, wsname: String, base: String, quote: String, priceDecimals: Int,
        basePriceTicks: Int64, noTradePermille: Int = 0
    ) {
        self.key = key
        self.altname = altname
        self.wsname = wsname
        self.base = base
        self.quote = quote
        self.priceDecimals = priceDecimals
        self.basePriceTicks = basePriceTicks
        self.noTradePermille = noTradePermille
    }

    /// Bitcoin in US dollars: legacy names with class prefixes.
    public static let xbtusd = SpotPairSpec(
        key: "XXBTZUSD", altname: "XBTUSD", wsname: "XBT/USD", base: "XXBT", quote: "ZUSD", priceDecimals: 1,
        basePriceTicks: 650_000)
    /// Ether in US dollars.
    public static let ethusd = SpotPairSpec(
        key: "XETHZUSD", altname: "ETHUSD", wsname: "ETH/USD", base: "XETH", quote: "ZUSD", priceDecimals: 2,
        basePriceTicks: 350_000)
    /// Solana in US dollars: a newer pair, key equal to altname.
    public static let solusd = SpotPairSpec(
        key: "SOLUSD", altname: "SOLUSD", wsname: "SOL/USD", base: "SOL", quote: "ZUSD", priceDecimals: 2,
        basePriceTicks: 15_000)
    /// Bitcoin in Tether: a newer pair with the XBT asset.
    public static let xbtusdt = SpotPairSpec(
        key: "XBTUSDT", altname: "XBTUSDT", wsname: "XBT/USDT", base: "XXBT", quote: "USDT", priceDecimals: 1,
        basePriceTicks: 650_000)

    /// XBTUSD, ETHUSD, SOLUSD and XBTUSDT.
    public static let defaults: [SpotPairSpec] = [.xbtusd, .ethusd, .solusd, .xbtusdt]

    /// The pairs of `scripts/bench-backfill.sh` (`BAAUSD`, …; see `BackfillBenchInput`), with legacy-style keys
    /// (`XBAAZUSD`) so every call goes through name resolution.
    public static func bench(_ count: Int) -> [SpotPairSpec] {
        BackfillBenchInput.pairNames(count).map {
            SpotPairSpec(
                key: "X\($0.dropLast(3))ZUSD", altname: $0, wsname: "\($0.dropLast(3))/USD",
                base: "X\($0.dropLast(3))", quote: "ZUSD", priceDecimals: 2, basePriceTicks: 100_000)
        }
    }

    /// True when `name` is this pair's key, altname or wsname (case-insensitive), as Kraken accepts.
    public func matches(_ name: String) -> Bool {
        let upper = name.uppercased()
        return upper == key.uppercased() || upper == altname.uppercased() || upper == wsname.uppercased()
    }

    /// A stable number derived from the altname: the seed of the pair's synthetic prices.
    var seed: UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in altname.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}
