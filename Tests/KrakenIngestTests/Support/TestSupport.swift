import Foundation
import GRDB
import KrakenIngestSamples
import Testing

@testable import KrakenIngest

/// A temporary directory removed when the test ends.
final class TempDir: @unchecked Sendable {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kraken-ingest-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` to `name` (creating folders) and returns the path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let full = file(name)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: full))
        return full
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// What a run of the built binary printed and returned.
struct CommandResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs the built executables the way a user does.
enum Binary {
    /// The folder holding the built products (the test bundle sits next to the executables).
    static let productsDirectory: URL = {
        var candidates: [URL] = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        candidates.append(Bundle.main.bundleURL)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for dir in candidates
        where FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("kraken-ingest").path) {
            return dir
        }
        fatalError("kraken-ingest binary not found near \(candidates)")
    }()

    static var krakenIngest: String { productsDirectory.appendingPathComponent("kraken-ingest").path }

    /// A started process whose output goes to temporary files (no pipe can fill up and block it).
    final class Running: @unchecked Sendable {
        let process: Process
        private let stdoutPath: String
        private let stderrPath: String

        init(
            _ arguments: [String], cwd: String?, environment: [String: String],
            executable: String = Binary.krakenIngest
        ) throws {
            let id = UUID().uuidString
            stdoutPath = NSTemporaryDirectory() + "/kraken-ingest-out-\(id)"
            stderrPath = NSTemporaryDirectory() + "/kraken-ingest-err-\(id)"
            _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
            _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
            process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            var env = ProcessInfo.processInfo.environment
            env.removeValue(forKey: "KRAKEN_INGEST_DB")
            for (k, v) in environment { env[k] = v }
            process.environment = env
            if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
            process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
            process.standardError = FileHandle(forWritingAtPath: stderrPath)
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        /// Waits for the exit and returns what was printed.
        func wait() -> CommandResult {
            process.waitUntilExit()
            defer {
                try? FileManager.default.removeItem(atPath: stdoutPath)
                try? FileManager.default.removeItem(atPath: stderrPath)
            }
            return CommandResult(
                status: process.terminationStatus,
                stdout: (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "",
                stderr: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")
        }
    }

    /// Starts `kraken-ingest` with `arguments`; call `wait()` on the result.
    static func start(_ arguments: [String], cwd: String? = nil, environment: [String: String] = [:]) throws -> Running
    {
        try Running(arguments, cwd: cwd, environment: environment)
    }

    /// Imports, with the binary, 40 hourly XBTUSD candles that end 10 hours before the current hour (an API-fillable
    /// tail for backfill and poll); returns the database path.
    static func storeWithRecentTail(_ dir: TempDir) throws -> String {
        let hour = Int64(Date().timeIntervalSince1970) / 3600 * 3600
        let csv = try dir.write("XBTUSD_60.csv", candleCSV(pair: "XBTUSD", start: hour - 50 * 3600, count: 40))
        let db = dir.file("kraken.sqlite")
        let imported = try run(["import", csv, "--db", db])
        try #require(imported.status == 0, "\(imported.stderr)")
        return db
    }

    /// Runs another program to completion (a wrapper such as `setpriv`, `bash -c` or `script` around the binary).
    static func runProgram(
        _ executable: String, _ arguments: [String], cwd: String? = nil, environment: [String: String] = [:]
    ) throws -> CommandResult {
        try Running(arguments, cwd: cwd, environment: environment, executable: executable).wait()
    }

    /// Runs `kraken-ingest` to completion.
    static func run(
        _ arguments: [String], cwd: String? = nil, environment: [String: String] = [:]
    ) throws -> CommandResult {
        try start(arguments, cwd: cwd, environment: environment).wait()
    }
}

/// Direct reads of a store file, for assertions.
struct StoreProbe {
    let dbQueue: DatabaseQueue

    init(path: String) throws {
        var config = Configuration()
        config.readonly = true
        dbQueue = try DatabaseQueue(path: path, configuration: config)
    }

    func int(_ sql: String, _ arguments: StatementArguments = []) throws -> Int64 {
        try dbQueue.read { try Int64.fetchOne($0, sql: sql, arguments: arguments) ?? -1 }
    }

    func strings(_ sql: String, _ arguments: StatementArguments = []) throws -> [String] {
        try dbQueue.read { try String.fetchAll($0, sql: sql, arguments: arguments) }
    }

    /// Every candle as a line, in key order: a fingerprint for comparing two stores.
    func candleDump() throws -> [String] {
        try strings(
            """
            SELECT pair || ',' || interval_minutes || ',' || open_time || ',' || open || ',' || high || ',' || low
            || ','
                || close || ',' || volume || ',' || trades || ',' || source FROM v_candles
            ORDER BY pair, interval_minutes, open_time
            """)
    }
}

/// Kraken-format CSV for tests: `count` aligned candles from `start`.
func candleCSV(
    pair: String = "XBTUSD", minutes: Int = 60, start: Int64 = 1_704_067_200, count: Int, noTradeShare: Double = 0
) -> String {
    let interval = CandleInterval(minutes: minutes)!
    return SyntheticCandles(pair: pair, interval: interval, noTradeShare: noTradeShare, basePrice: 100)
        .csv(TimeRange(start: start, end: start + Int64(count) * interval.seconds))
}

/// Collects what the CSV reader emits.
struct CollectingSink: CandleRowSink {
    var candles: [(Candle, Int)] = []
    var rejections: [(line: Int, reason: String, raw: String)] = []

    mutating func accept(_ candle: Candle, line: Int) throws { candles.append((candle, line)) }
    mutating func reject(line: Int, reason: String, raw: String) throws { rejections.append((line, reason, raw)) }
}

/// Parses `text` fed in chunks of `chunkSize` bytes.
func parse(_ text: String, minutes: Int = 60, chunkSize: Int = 1 << 20) throws -> CollectingSink {
    var reader = CandleCSVReader(interval: CandleInterval(minutes: minutes)!)
    var sink = CollectingSink()
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let end = min(offset + chunkSize, bytes.count)
        try bytes[offset..<end].withUnsafeBytes { try reader.feed($0, into: &sink) }
        offset = end
    }
    try reader.finish(into: &sink)
    return sink
}

/// A store in a temporary directory and an importer over it.
struct ImportHarness {
    let dir: TempDir
    let store: SQLiteStore

    init(clock: any WallClock = SystemClock()) throws {
        dir = try TempDir()
        store = try SQLiteStore.open(path: dir.file("kraken.sqlite"), clock: clock)
    }

    /// Reads through the store's interface.
    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T { try store.read(body) }

    /// Writes in one transaction of a writer session opened (and closed) for it.
    @discardableResult
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        let session = try store.openWriterSession()
        defer { session.close() }
        return try session.transaction(body)
    }

    var dbPath: String { store.path }

    @discardableResult
    func importPaths(
        _ paths: [String], pairs: [String] = [], tiers: [String] = [], intervals: [Int] = [],
        maxRejectRatio: Double = 0.01
    ) throws -> ImportSummary {
        let options = ImportOptions(
            paths: paths, tiers: tiers, pairs: pairs, intervals: intervals, maxRejectRatio: maxRejectRatio)
        return try Importer(
            store: store, tiers: try TierCatalog(jsonData: Data(TierCatalog.defaultJSON.utf8), origin: "test")
        )
        .run(options)
    }

    func probe() throws -> StoreProbe { try StoreProbe(path: dbPath) }

    /// Runs the `gaps` job (detection, records reconciled) in a writer session of its own.
    func detectGaps(
        _ analyzer: CompletenessAnalyzer, _ scope: AnalysisScope = AnalysisScope()
    ) throws
        -> GapDetectionPhase.Result
    {
        let session = try store.openWriterSession()
        defer { session.close() }
        let phase = GapDetectionPhase(analyzer: analyzer, scope: scope)
        _ = try JobRunner(session: session).run(
            JobSpec(
                kind: GapDetectionPhase.kind, options: scope.canonicalJSON(),
                phases: [phase]))
        return try #require(phase.result.value)
    }

    /// Runs raw SQL on the store's file: for fixtures only (domain code never does this).
    func executeSQL(_ sql: String, _ arguments: StatementArguments = []) throws {
        let queue = try DatabaseQueue(path: dbPath)
        try queue.write { try $0.execute(sql: sql, arguments: arguments) }
    }
}
