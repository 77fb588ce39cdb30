import Foundation
import KrakenIngest

/// Deterministic, realistic-looking Kraken candles for fixtures, tests and benchmarks.
///
/// A candle's values depend only on (pair, interval, open time), so two archives that overlap in time carry
/// identical rows for the overlap, as Kraken's complete and quarterly archives do.
public struct SyntheticCandles: Sendable {
    public let pair: String
    public let interval: CandleInterval
    /// Share of candles left out as "no trades happened" (Kraken omits such candles), 0...1.
    public let noTradeShare: Double
    /// Price level the series wanders around.
    public let basePrice: Double

    public init(pair: String, interval: CandleInterval, noTradeShare: Double = 0, basePrice: Double = 100) {
        self.pair = pair
        self.interval = interval
        self.noTradeShare = noTradeShare
        self.basePrice = basePrice
    }

    /// The candle opening at `openTime`, or nil when that slot is a no-trade omission.
    public func candle(at openTime: Int64) -> Candle? {
        var rng = SplitMix64(seed: Self.seed(pair, interval.minutes, openTime))
        if noTradeShare > 0 && rng.nextUnit() < noTradeShare { return nil }
        // A smooth price path (sum of slow waves) plus noise: deterministic per slot, no running state.
        let t = Double(openTime) / 86_400
        let wave = sin(t / 9) * 0.08 + sin(t / 2.3 + 1) * 0.03 + sin(t * 3.1) * 0.01
        let mid = basePrice * (1 + wave)
        let spread = mid * 0.004 * (0.2 + rng.nextUnit())
        let open = round8(mid + (rng.nextUnit() - 0.5) * spread)
        let close = round8(mid + (rng.nextUnit() - 0.5) * spread)
        let high = round8(max(open, close) + rng.nextUnit() * spread * 0.5)
        let low = round8(min(open, close) - rng.nextUnit() * spread * 0.5)
        let volume = round8(rng.nextUnit() * 25 * Double(interval.minutes).squareRoot() + 0.0001)
        let trades = Int64(1 + rng.nextUnit() * 40 * Double(interval.minutes).squareRoot())
        return Candle(
            openTime: openTime, open: open, high: high, low: low, close: close, volume: volume, trades: trades)
    }

    /// Kraken-format CSV rows (no header) for the slots in `range`, omissions left out.
    public func csv(_ range: TimeRange) -> String {
        var out = ""
        out.reserveCapacity(Int((range.end - range.start) / interval.seconds) * 60)
        var t = interval.floor(range.start)
        if t < range.start { t += interval.seconds }
        while t < range.end {
            if let c = candle(at: t) { out += Self.row(c) }
            t += interval.seconds
        }
        return out
    }

    /// One CSV line as Kraken writes it: `ts,open,high,low,close,volume,trades\n`.
    public static func row(_ c: Candle) -> String {
        "\(c.openTime),\(decimal(c.open)),\(decimal(c.high)),\(decimal(c.low)),\(decimal(c.close)),"
            + "\(decimal(c.volume)),\(c.trades)\n"
    }

    /// Shortest plain decimal (no exponent) that reads back as the same double.
    static func decimal(_ v: Double) -> String {
        let text = "\(v)"
        guard text.contains("e") else { return text.hasSuffix(".0") ? String(text.dropLast(2)) : text }
        return String(format: "%.10f", v).replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)
    }

    private func round8(_ v: Double) -> Double { (v * 1e8).rounded() / 1e8 }

    private static func seed(_ pair: String, _ minutes: Int, _ time: Int64) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in pair.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        h = (h ^ UInt64(minutes)) &* 0x100_0000_01b3
        return h ^ UInt64(bitPattern: time)
    }
}

/// A small, fast, deterministic generator (Steele, Lea and Flood's SplitMix64).
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A double in [0, 1).
    public mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
