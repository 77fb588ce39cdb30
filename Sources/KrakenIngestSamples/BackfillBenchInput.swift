import Foundation
import KrakenIngest

/// The input of `scripts/bench-backfill.sh`: a tier of synthetic pairs (`BAAUSD`, `BABUSD`, …) whose archive
/// files end `candlesBeforeNow` candles before now at each interval, so every series has one API-fillable gap.
///
/// ```swift
/// let input = BackfillBenchInput(pairs: 50)
/// try input.write(to: "bench-out/backfill", now: SystemClock().nowSeconds)   // csv/ and tiers.json
/// ```
public struct BackfillBenchInput: Sendable {
    /// The tier the pairs belong to.
    public static let tier = "BENCH"

    /// Pairs in the tier.
    public var pairs: Int
    /// Intervals of every pair, in minutes.
    public var intervals: [Int]
    /// Candles in each file.
    public var candlesPerFile: Int
    /// How far before now each file ends, in candles of its interval.
    public var candlesBeforeNow: Int64

    public init(
        pairs: Int, intervals: [Int] = [1, 5, 60, 1440], candlesPerFile: Int = 50, candlesBeforeNow: Int64 = 100
    ) {
        self.pairs = pairs
        self.intervals = intervals
        self.candlesPerFile = candlesPerFile
        self.candlesBeforeNow = candlesBeforeNow
    }

    /// `BAAUSD`, `BABUSD`, … (at most 676 names).
    public static func pairNames(_ count: Int) -> [String] {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return (0..<min(count, 26 * 26)).map { "B\(letters[$0 / 26])\(letters[$0 % 26])USD" }
    }

    /// Writes `csv/PAIR_MINUTES.csv` for every series and `tiers.json` naming the tier; returns the CSV folder.
    @discardableResult
    public func write(to directory: String, now: Int64) throws -> String {
        let csvDirectory = (directory as NSString).appendingPathComponent("csv")
        try FileManager.default.createDirectory(atPath: csvDirectory, withIntermediateDirectories: true)
        let names = Self.pairNames(pairs)
        for name in names {
            for minutes in intervals {
                guard let interval = CandleInterval(minutes: minutes) else { continue }
                let step = interval.seconds
                let end = now / step * step - candlesBeforeNow * step
                let range = TimeRange(start: end - Int64(candlesPerFile) * step, end: end)
                let text = SyntheticCandles(pair: name, interval: interval, basePrice: 100).csv(range)
                let path = (csvDirectory as NSString).appendingPathComponent("\(name)_\(minutes).csv")
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            }
        }
        let list = names.map { "\"\($0)\"" }.joined(separator: ", ")
        let tiers = "{\n  \"tiers\": {\n    \"\(Self.tier)\": [\(list)]\n  }\n}\n"
        let tiersPath = (directory as NSString).appendingPathComponent("tiers.json")
        try Data(tiers.utf8).write(to: URL(fileURLWithPath: tiersPath))
        return csvDirectory
    }
}
