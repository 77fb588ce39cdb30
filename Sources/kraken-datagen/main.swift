import ArgumentParser
import Dispatch
import Foundation
import KrakenIngest
import KrakenIngestSamples

/// Generates the bundled sample archives and benchmark inputs. Output is deterministic.
struct KrakenDatagen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kraken-datagen",
        abstract: "Generate Kraken-format sample archives and benchmark files (deterministic).",
        subcommands: [Sample.self, Bench.self, Members.self, Coverage.self, AppendBench.self, BackfillBench.self])

    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the bundled sample ZIPs (Fixtures/sample).")
        @Option(help: "Output directory.") var out = "Fixtures/sample"

        func run() throws {
            for path in try SampleArchives.write(to: out) { print(path) }
        }
    }

    struct BackfillBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backfill-bench",
            abstract: "Write the backfill benchmark's tier: archive files ending 100 candles before now, tiers.json.")
        @Option(help: "Pairs in the tier.") var pairs = 50
        @Option(help: "Output directory (gets csv/ and tiers.json).") var out = "bench-out/backfill"

        func run() throws {
            let input = BackfillBenchInput(pairs: pairs)
            let folder = try input.write(to: out, now: SystemClock().nowSeconds)
            print("\(folder): \(pairs) pairs × \(input.intervals.count) intervals")
        }
    }

    struct Coverage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a store with synthetic coverage fragments for many series (gap and report benchmarks).")
        @Option(help: "Series to create (pairs × 8 intervals).") var series = 10_000
        @Option(help: "Database to create (replaced if it exists).") var db = "bench-out/coverage.sqlite"

        func run() throws {
            for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            let store = try SQLiteStore.open(path: db)
            let pairs = try SyntheticCoverage.populate(store, series: series, now: SystemClock().nowSeconds)
            print("\(db): \(series) series over \(pairs) pairs")
        }
    }

    struct Members: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write a Kraken-shaped archive: many small members with log-uniform row counts, as a ZIP and a folder.")
        @Option(help: "Members to write.") var count = 3_000
        @Option(help: "Fewest rows in a member.") var minRows = 10
        @Option(help: "Most rows in a member.") var maxRows = 5_000
        @Option(help: "Output directory (gets members.zip and members/).") var out = "bench-out"

        func run() throws {
            let intervals = [1, 5, 15, 30, 60, 240, 720, 1440].map { CandleInterval(minutes: $0)! }
            var rng = SplitMix64(seed: 11)
            var entries: [(path: String, data: Data)] = []
            var rows = 0
            // Every member ends at 2024-01-01 (a 5,000-row daily member starting there would reach past today,
            // and rows in the future are rejected).
            let end: Int64 = 1_704_067_200
            for index in 0..<count {
                let pair = "P\(index / intervals.count)USD"
                let interval = intervals[index % intervals.count]
                let span = log(Double(maxRows)) - log(Double(minRows))
                let n = Int(exp(log(Double(minRows)) + rng.nextUnit() * span).rounded())
                rows += n
                let series = SyntheticCandles(pair: pair, interval: interval, basePrice: 10)
                var text = ""
                let start = end - Int64(n) * interval.seconds
                for i in 0..<Int64(n) {
                    if let c = series.candle(at: start + i * interval.seconds) { text += SyntheticCandles.row(c) }
                }
                entries.append(("Kraken_OHLCVT/\(pair)_\(interval.minutes).csv", Data(text.utf8)))
            }
            try FileManager.default.createDirectory(atPath: out + "/members", withIntermediateDirectories: true)
            for entry in entries {
                let path = out + "/members/" + PathName.baseName(entry.path)
                try entry.data.write(to: URL(fileURLWithPath: path))
            }
            try? FileManager.default.removeItem(atPath: out + "/members.zip")
            try SampleArchives.writeZip(out + "/members.zip", entries: entries)
            print("\(out)/members.zip and \(out)/members/: \(count) members, \(rows) row slots")
        }
    }

    struct AppendBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "append-bench",
            abstract:
                "Time appends of one candle to a long 1-minute series, each in its own transaction (prints figures).")
        @Option(help: "Candles in the series before the appends.") var candles = 5_000_000
        @Option(help: "Appends to time.") var appends = 1_000
        @Option(help: "Database to create (replaced if it exists).") var db = "bench-out/append.sqlite"

        func run() throws {
            for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            try FileManager.default.createDirectory(
                atPath: (db as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            let store = try SQLiteStore.open(path: db)
            let session = try store.openWriterSession()
            defer { session.close() }
            let interval = CandleInterval(minutes: 1)!
            let generator = SyntheticCandles(pair: "XBTUSD", interval: interval, basePrice: 64_000)
            let start: Int64 = 1_388_534_400
            let series = try session.transaction { SeriesKey(pairID: try $0.ensurePair("XBTUSD"), interval: interval) }
            let chunk = 500_000
            var written = 0
            while written < candles {
                let count = min(chunk, candles - written)
                let first = start + Int64(written) * 60
                let batch = (0..<count).compactMap { generator.candle(at: first + Int64($0) * 60) }
                try session.transaction { tx in
                    try CoveredWrite.write(
                        batch, series: series, source: .archive,
                        covering: TimeRange(start: first, end: first + Int64(count) * 60), in: tx)
                }
                written += count
            }
            var times: [Double] = []
            // Durations in microseconds need a monotonic timer (the store's clock is milliseconds).
            func milliseconds(since start: UInt64) -> Double {
                Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
            }
            for i in 0..<appends {
                let openTime = start + Int64(candles + i) * 60
                let candle = Candle(openTime: openTime, open: 1, high: 1, low: 1, close: 1, volume: 1, trades: 1)
                let began = DispatchTime.now().uptimeNanoseconds
                try session.transaction { tx in
                    try CoveredWrite.write(
                        [candle], series: series, source: .api,
                        covering: TimeRange(start: openTime, end: openTime + 60), in: tx)
                }
                times.append(milliseconds(since: began))
            }
            // The peer: what a merge cost before, a recount of the whole merged range.
            let began = DispatchTime.now().uptimeNanoseconds
            let whole = try session.read { reader in
                try reader.candleStats(series, in: TimeRange(start: start, end: start + Int64(candles + appends) * 60))
            }
            let recount = milliseconds(since: began)
            let sorted = times.sorted()
            func ms(_ v: Double) -> String { String(format: "%.3f ms", v) }
            print("series: \(candles) candles, then \(appends) appends of one candle (each its own transaction)")
            print("append #1:        \(ms(times.first ?? 0))")
            print("append #\(appends):     \(ms(times.last ?? 0))")
            print("median append:    \(ms(sorted[sorted.count / 2]))")
            print("slowest append:   \(ms(sorted.last ?? 0))")
            print("peer, recount of the merged range (the old merge): \(ms(recount)) for \(whole.rows) candles")
            print(
                String(
                    format: "ratio last/first append: %.2fx; recount / median append: %.0fx",
                    (times.last ?? 0) / max(times.first ?? 1, 1e-9), recount / max(sorted[sorted.count / 2], 1e-9)))
        }
    }

    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a large 1-minute XBTUSD_1.csv, and optionally a ZIP and a .zst of it.")
        @Option(help: "Rows to write.") var rows = 5_000_000
        @Option(help: "Output directory.") var out = "bench-out"
        @Flag(help: "Also write XBTUSD_1.csv.zst and bench.zip (member XBTUSD_1.csv).") var compressed = false

        func run() throws {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let csvPath = out + "/XBTUSD_1.csv"
            _ = FileManager.default.createFile(atPath: csvPath, contents: nil)
            guard let handle = FileHandle(forWritingAtPath: csvPath) else {
                throw ValidationError("cannot write \(csvPath)")
            }
            let series = SyntheticCandles(pair: "XBTUSD", interval: CandleInterval(minutes: 1)!, basePrice: 64_000)
            let start: Int64 = 1_388_534_400  // 2014-01-01
            var buffer = ""
            for i in 0..<Int64(rows) {
                if let c = series.candle(at: start + i * 60) { buffer += SyntheticCandles.row(c) }
                if buffer.utf8.count > 1 << 22 {
                    handle.write(Data(buffer.utf8))
                    buffer = ""
                }
            }
            handle.write(Data(buffer.utf8))
            try handle.close()
            print(csvPath)
            guard compressed else { return }
            try Compressor.zstdFile(input: csvPath, output: csvPath + ".zst")
            print(csvPath + ".zst")
            let zipPath = out + "/bench.zip"
            try? FileManager.default.removeItem(atPath: zipPath)
            let archive = try ZIPArchiveWriter(path: zipPath)
            try archive.add(file: csvPath, as: "Kraken_OHLCVT/XBTUSD_1.csv")
            print(zipPath)
        }
    }
}

KrakenDatagen.main()
