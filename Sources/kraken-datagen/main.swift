import ArgumentParser
import Foundation
import KrakenIngest

/// Generates the bundled sample archives and benchmark inputs. Output is deterministic.
struct KrakenDatagen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kraken-datagen",
        abstract: "Generate Kraken-format sample archives and benchmark files (deterministic).",
        subcommands: [Sample.self, Bench.self, Members.self, Coverage.self])

    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the bundled sample ZIPs (Fixtures/sample).")
        @Option(help: "Output directory.") var out = "Fixtures/sample"

        func run() throws {
            for path in try SampleArchives.write(to: out) { print(path) }
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
            abstract: "Write a Kraken-shaped archive: many small members with log-uniform row counts, as a ZIP and a folder.")
        @Option(help: "Members to write.") var count = 3_000
        @Option(help: "Fewest rows in a member.") var minRows = 10
        @Option(help: "Most rows in a member.") var maxRows = 5_000
        @Option(help: "Output directory (gets members.zip and members/).") var out = "bench-out"

        func run() throws {
            let intervals = [1, 5, 15, 30, 60, 240, 720, 1440].map { CandleInterval(minutes: $0)! }
            var rng = SplitMix64(seed: 11)
            var entries: [(path: String, data: Data)] = []
            var rows = 0
            let start: Int64 = 1_704_067_200
            for index in 0..<count {
                let pair = "P\(index / intervals.count)USD"
                let interval = intervals[index % intervals.count]
                let span = log(Double(maxRows)) - log(Double(minRows))
                let n = Int(exp(log(Double(minRows)) + rng.nextUnit() * span).rounded())
                rows += n
                let series = SyntheticCandles(pair: pair, interval: interval, basePrice: 10)
                var text = ""
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
            guard let handle = FileHandle(forWritingAtPath: csvPath) else { throw ValidationError("cannot write \(csvPath)") }
            let series = SyntheticCandles(pair: "XBTUSD", interval: CandleInterval(minutes: 1)!, basePrice: 64_000)
            let start: Int64 = 1_388_534_400 // 2014-01-01
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
