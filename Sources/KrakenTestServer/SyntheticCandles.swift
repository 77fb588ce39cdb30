/// One synthetic candle; prices in units of the pair's last price decimal, volume in units of 1e-8.
public struct SyntheticCandle: Sendable, Equatable {
    /// Open time, unix seconds.
    public var time: Int64
    /// Open price (ticks).
    public var open: Int64
    /// Highest price (ticks).
    public var high: Int64
    /// Lowest price (ticks).
    public var low: Int64
    /// Close price (ticks), or the latest price of an unfinished candle.
    public var close: Int64
    /// Volume-weighted average price (ticks); 0 without trades.
    public var vwap: Int64
    /// Volume in units of 1e-8.
    public var volume: Int64
    /// Number of trades.
    public var count: Int

    /// True for a zero-trade row (`count 0`, O=H=L=C).
    public var isNoTrade: Bool { count == 0 }

    /// The row as Kraken's OHLC sends it: `[time,"open","high","low","close","vwap","volume",count]`.
    public func jsonRow(priceDecimals: Int) -> String {
        let prices = [open, high, low, close, vwap].map { "\"\(Decimals.format($0, decimals: priceDecimals))\"" }
        return "[\(time),\(prices.joined(separator: ",")),\"\(Decimals.format(volume, decimals: 8))\",\(count)]"
    }
}

/// Deterministic candles for any pair, interval and open time, with no state: the same question always gets the
/// same answer, so tests can compute what the server will send.
///
/// ```swift
/// let candle = SyntheticCandles.candle(.xbtusd, intervalMinutes: 60, open: 1_716_526_800)
/// // candle.open == SyntheticCandles.price(.xbtusd, at: 1_716_526_800)
/// ```
///
/// Prices follow a line through hourly anchors (±2% around the pair's base price), so a candle's close equals
/// the next candle's open and candles of different intervals agree at shared boundaries. Slots chosen by
/// `noTradePermille` have no trades.
public enum SyntheticCandles {
    /// The synthetic price at unix time `t`, in price ticks.
    public static func price(_ pair: SpotPairSpec, at t: Int64) -> Int64 {
        let hour: Int64 = 3600
        let k = floorDiv(t, hour)
        let a = anchor(pair, k)
        let b = anchor(pair, k + 1)
        return a + (b - a) * (t - k * hour) / hour
    }

    /// False for a slot without trades.
    public static func hasTrades(_ pair: SpotPairSpec, intervalMinutes: Int, open: Int64) -> Bool {
        guard pair.noTradePermille > 0 else { return true }
        return mix(pair.seed, UInt64(intervalMinutes), UInt64(bitPattern: open), 7) % 1000
            >= UInt64(pair.noTradePermille)
    }

    /// The candle opening at `open`. With `asOf` inside the candle it is the unfinished candle as of that moment
    /// (close at the price then, volume and count in proportion). A slot without trades gives a zero-trade row.
    public static func candle(
        _ pair: SpotPairSpec, intervalMinutes: Int, open: Int64, asOf now: Int64? = nil
    ) -> SyntheticCandle {
        let step = Int64(intervalMinutes) * 60
        let end = now.map { min(max($0, open), open + step) } ?? open + step
        let o = price(pair, at: open)
        guard hasTrades(pair, intervalMinutes: intervalMinutes, open: open) else {
            return SyntheticCandle(time: open, open: o, high: o, low: o, close: o, vwap: 0, volume: 0, count: 0)
        }
        let c = price(pair, at: end)
        let salt = UInt64(bitPattern: open) ^ UInt64(intervalMinutes) << 40
        let wiggle = UInt64(max(2, pair.basePriceTicks / 2000))
        let high = max(o, c) + Int64(mix(pair.seed, salt, 1, 0) % wiggle)
        let low = min(o, c) - Int64(mix(pair.seed, salt, 2, 0) % wiggle)
        let elapsed = max(1, end - open)
        let fullVolume = Int64(mix(pair.seed, salt, 3, 0) % 2_000_000_000) + 1_000_000
        let fullCount = Int64(mix(pair.seed, salt, 4, 0) % 400) + 1
        let volume = max(1, fullVolume * elapsed / step)
        let count = Int(max(1, fullCount * elapsed / step))
        return SyntheticCandle(
            time: open, open: o, high: high, low: low, close: c, vwap: (high + low + o + c) / 4, volume: volume,
            count: count)
    }

    private static func anchor(_ pair: SpotPairSpec, _ k: Int64) -> Int64 {
        let spread = max(1, pair.basePriceTicks / 50)
        let offset = Int64(mix(pair.seed, UInt64(bitPattern: k), 0, 0) % UInt64(2 * spread + 1)) - spread
        return pair.basePriceTicks + offset
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// SplitMix64 over the inputs.
    static func mix(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> UInt64 {
        var z =
            a &+ 0x9E37_79B9_7F4A_7C15 &* (b &+ 1) &+ 0xBF58_476D_1CE4_E5B9 &* (c &+ 1)
            &+ 0x94D0_49BB_1331_11EB &* (d &+ 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Fixed-point numbers as text.
enum Decimals {
    /// `12345` with 2 decimals → `"123.45"`.
    static func format(_ value: Int64, decimals: Int) -> String {
        guard decimals > 0 else { return "\(value)" }
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        let fraction = String(magnitude % UInt64(scale))
        return "\(sign)\(magnitude / UInt64(scale)).\(String(repeating: "0", count: decimals - fraction.count))"
            + fraction
    }
}
