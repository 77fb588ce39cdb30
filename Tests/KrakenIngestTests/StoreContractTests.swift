import Foundation
import Testing

@testable import KrakenIngest

// The contract every store engine keeps. Each test runs once per engine in `StoreEngineFactory.all` and talks to
// the store only through its protocols (`read`, `openWriterSession`, `transaction`): no SQL, no database library.

/// Opens a fresh store of one engine in a temporary directory, stamping records with `clock`.
///
/// Calling `make` twice with the same directory must open two handles on the same store (what two processes see).
/// A second engine (PostgreSQL) joins the contract by adding its factory to `all`; every test then runs on it too.
struct StoreEngineFactory: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable (_ directory: String, _ clock: any WallClock) throws -> any KrakenStore

    var testDescription: String { name }

    static let sqlite = StoreEngineFactory(name: "SQLite") { directory, clock in
        try SQLiteStore.open(path: directory + "/contract.sqlite", clock: clock)
    }

    /// Every engine the contract runs on.
    static let all: [StoreEngineFactory] = [sqlite]
}

/// A fresh store of one engine on a manual clock, in a directory removed with it.
final class ContractStore {
    /// 2024-07-01T00:00:00Z: when the clock starts.
    static let clockStart: Int64 = 1_719_792_000

    let engine: StoreEngineFactory
    let dir: TempDir
    let clock = ManualClock(seconds: ContractStore.clockStart)
    let store: any KrakenStore

    init(_ engine: StoreEngineFactory) throws {
        self.engine = engine
        dir = try TempDir()
        store = try engine.make(dir.path, clock)
    }

    /// Another handle on the same store, as a second process would open it.
    func reopen() throws -> any KrakenStore { try engine.make(dir.path, clock) }

    /// The clock's time in unix seconds.
    var now: Int64 { clock.nowSeconds }

    /// Moves the clock forward by `seconds`.
    func tick(_ seconds: Int64 = 10) { clock.advance(seconds: Double(seconds)) }

    /// Runs `body` in one transaction of a writer session opened (and closed) for it.
    @discardableResult
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        let session = try store.openWriterSession()
        defer { session.close() }
        return try session.transaction(body)
    }

    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T { try store.read(body) }

    /// The key of `pair` at `minutes`, creating the pair.
    func series(_ pair: String = "XBTUSD", minutes: Int = 60) throws -> SeriesKey {
        try write { tx in SeriesKey(pairID: try tx.ensurePair(pair), interval: CandleInterval(minutes: minutes)!) }
    }
}

/// A failure thrown on purpose to roll something back.
struct ContractBoom: Error, Equatable {}

/// Shared fixtures of the contract suites: hourly candles from 2024-01-01.
protocol StoreContractSuite {}

extension StoreContractSuite {
    /// 2024-01-01T00:00:00Z.
    var t0: Int64 { 1_704_067_200 }
    var hour: Int64 { 3600 }

    /// The open time of hourly slot `n` after `t0`.
    func slot(_ n: Int) -> Int64 { t0 + Int64(n) * hour }

    /// The hourly slots `[from, to)` as a time range.
    func slots(_ from: Int, _ to: Int) -> TimeRange { TimeRange(start: slot(from), end: slot(to)) }

    /// A candle in slot `n` whose values all derive from `price`.
    func candle(_ n: Int, price: Double = 100, trades: Int64 = 1) -> Candle {
        Candle(
            openTime: slot(n), open: price, high: price + 2, low: price - 1, close: price + 1, volume: price / 10,
            trades: trades)
    }

    /// The stored candle of slot `n`.
    func stored(_ s: ContractStore, _ series: SeriesKey, _ n: Int) throws -> Candle? {
        try s.read { try $0.candle(series, openTime: slot(n)) }
    }
}

@Suite("Store contract", .blocking)
enum StoreContractTests {}

// MARK: - Pairs

extension StoreContractTests {
    @Suite("pairs")
    struct Pairs: StoreContractSuite {
        @Test("ensurePair is idempotent and ids are stable across transactions", arguments: StoreEngineFactory.all)
        func ensurePair(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let (xbt, eth, xbtAgain) = try s.write { tx throws in
                (try tx.ensurePair("XBTUSD"), try tx.ensurePair("ETHUSD"), try tx.ensurePair("XBTUSD"))
            }
            #expect(xbt != eth)
            #expect(xbtAgain == xbt)
            #expect(try s.write { try $0.ensurePair("XBTUSD") } == xbt)
            #expect(try s.write { try $0.ensurePair("ETHUSD") } == eth)
        }

        @Test("pairID is nil for an unknown name; pairIDs maps every pair", arguments: StoreEngineFactory.all)
        func lookups(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            #expect(try s.read { try $0.pairIDs() } == [:])
            let xbt = try s.write { try $0.ensurePair("XBTUSD") }
            let eth = try s.write { try $0.ensurePair("ETHUSD") }
            try s.read { r throws in
                #expect(try r.pairID("XBTUSD") == xbt)
                #expect(try r.pairID("ETHUSD") == eth)
                #expect(try r.pairID("DOGEUSD") == nil)
                #expect(try r.pairID("xbtusd") == nil, "altnames are case-sensitive")
                #expect(try r.pairIDs() == ["XBTUSD": xbt, "ETHUSD": eth])
            }
        }
    }
}

// MARK: - Candles

extension StoreContractTests {
    @Suite("candles")
    struct Candles: StoreContractSuite {
        @Test("a higher-ranked source replaces a candle, a lower one never does", arguments: StoreEngineFactory.all)
        func precedence(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            func upsert(_ candles: [Candle], _ source: CandleSource) throws -> Int64 {
                try s.write { try $0.upsertCandles(candles, into: key, source: source) }
            }
            #expect(try upsert([candle(0, price: 10), candle(1, price: 10)], .trades) == 2)
            #expect(try upsert([candle(0, price: 20)], .api) == 1, "api replaces trades")
            #expect(try upsert([candle(0, price: 15)], .trades) == 0, "trades never replaces api")
            #expect(try stored(s, key, 0) == candle(0, price: 20))
            #expect(
                try upsert([candle(0, price: 30), candle(1, price: 30)], .archive) == 2,
                "archive replaces api and trades")
            #expect(try upsert([candle(0, price: 40), candle(1, price: 40)], .api) == 0)
            #expect(try upsert([candle(0, price: 50), candle(1, price: 50)], .trades) == 0)
            #expect(try stored(s, key, 0) == candle(0, price: 30))
            #expect(try stored(s, key, 1) == candle(1, price: 30))
        }

        @Test(
            "the same source replaces different values; an identical write changes nothing",
            arguments: StoreEngineFactory.all)
        func sameSource(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let first = (0..<5).map { candle($0, price: 100) }
            #expect(try s.write { try $0.upsertCandles(first, into: key, source: .api) } == 5)
            #expect(try s.write { try $0.upsertCandles(first, into: key, source: .api) } == 0)
            var changed = first
            changed[2].trades = 99
            changed[4].volume = 0.5
            #expect(try s.write { try $0.upsertCandles(changed, into: key, source: .api) } == 2)
            #expect(try s.read { try $0.candles(key, in: slots(0, 5)) } == changed)
            let archived = (0..<5).map { candle($0, price: 7) }
            #expect(try s.write { try $0.upsertCandles(archived, into: key, source: .archive) } == 5)
            #expect(try s.write { try $0.upsertCandles(archived, into: key, source: .archive) } == 0)
            #expect(try s.write { try $0.upsertCandles([], into: key, source: .archive) } == 0)
        }

        @Test(
            "batches of any size, in any order, land exactly",
            arguments: StoreEngineFactory.all, [1, 9, 65, 255, 300, 511, 512, 513, 600, 1023, 1100])
        func batchSizes(engine: StoreEngineFactory, count: Int) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let candles = (0..<count).map { candle($0, price: 1000 + Double($0) * 0.25, trades: Int64($0 % 7)) }
            let shuffled = candles.enumerated().sorted { ($0.offset * 7919) % count < ($1.offset * 7919) % count }
                .map(\.element)
            #expect(try s.write { try $0.upsertCandles(shuffled, into: key, source: .api) } == Int64(count))
            #expect(try s.read { try $0.candles(key, in: slots(-1, count + 1)) } == candles)
            #expect(try s.write { try $0.upsertCandles(candles, into: key, source: .api) } == 0)
            let totals = try s.read { try $0.candleTotals(key, openTimes: slots(0, count)) }
            #expect(totals.rows == Int64(count))
            #expect(totals.trades == candles.reduce(0) { $0 + $1.trades })
            let replaced = candles.map {
                var c = $0
                c.close += 1
                return c
            }
            #expect(try s.write { try $0.upsertCandles(replaced, into: key, source: .archive) } == Int64(count))
            #expect(try s.read { try $0.candles(key, in: slots(0, count)) } == replaced)
        }

        @Test("point and range reads are per series, ordered and half-open", arguments: StoreEngineFactory.all)
        func reads(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let other = try s.series("ETHUSD")
            let daily = try s.series(minutes: 1440)
            try s.write { tx throws in
                _ = try tx.upsertCandles([4, 0, 3, 1, 2].map { candle($0) }, into: key, source: .archive)
                _ = try tx.upsertCandles([candle(5, price: 1)], into: other, source: .archive)
                _ = try tx.upsertCandles([candle(5, price: 2)], into: daily, source: .archive)
            }
            try s.read { r throws in
                #expect(try r.candle(key, openTime: slot(3)) == candle(3))
                #expect(try r.candle(key, openTime: slot(5)) == nil, "slot 5 belongs to other series only")
                #expect(try r.candle(key, openTime: slot(3) + 1) == nil)
                #expect(try r.candles(key, in: slots(1, 3)) == [candle(1), candle(2)], "end is excluded")
                #expect(try r.candles(key, in: slots(0, 10)).map(\.openTime) == (0..<5).map { slot($0) })
                #expect(try r.candles(key, in: slots(2, 2)) == [])
                #expect(try r.candles(other, in: slots(0, 10)) == [candle(5, price: 1)])
                #expect(try r.candles(daily, in: slots(0, 10)) == [candle(5, price: 2)])
            }
        }

        @Test("candleStats counts rows, trades and the longest run without candles", arguments: StoreEngineFactory.all)
        func stats(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            // Slots 0 1 2 . . . 6 . 8 . | 12 (outside the range).
            let present = [0, 1, 2, 6, 8, 12]
            try s.write {
                try $0.upsertCandles(
                    present.map { candle($0, trades: Int64($0 + 1)) }, into: key,
                    source: .archive)
            }
            try s.read { r throws in
                #expect(
                    try r.candleStats(key, in: slots(0, 10))
                        == CoverageStats(rows: 5, trades: 22, longestNoTrade: 3, longestNoTradeStart: slot(3)))
                #expect(
                    try r.candleStats(key, in: slots(-5, 3))
                        == CoverageStats(rows: 3, trades: 6, longestNoTrade: 5, longestNoTradeStart: slot(-5)),
                    "a run before the first candle counts")
                #expect(
                    try r.candleStats(key, in: slots(6, 12))
                        == CoverageStats(rows: 2, trades: 16, longestNoTrade: 3, longestNoTradeStart: slot(9)),
                    "a run up to the end counts")
                #expect(
                    try r.candleStats(key, in: slots(6, 10))
                        == CoverageStats(rows: 2, trades: 16, longestNoTrade: 1, longestNoTradeStart: slot(7)),
                    "of equal runs the first is kept")
                #expect(
                    try r.candleStats(key, in: slots(20, 24))
                        == CoverageStats(rows: 0, trades: 0, longestNoTrade: 4, longestNoTradeStart: slot(20)))
                #expect(
                    try r.candleStats(key, in: slots(0, 3))
                        == CoverageStats(rows: 3, trades: 6, longestNoTrade: 0, longestNoTradeStart: nil))
            }
        }

        @Test("candleCounts counts the candles in each range, in order", arguments: StoreEngineFactory.all)
        func countsByRange(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let candles = (0..<40).filter { ![5, 6, 25].contains($0) }.map { candle($0) }
            try s.write { _ = try $0.upsertCandles(candles, into: key, source: .archive) }
            try s.read { r throws in
                let ranges = [slots(0, 10), slots(10, 20), slots(20, 40), slots(8, 22), slots(50, 60)]
                #expect(try r.candleCounts(key, openTimes: ranges) == [8, 10, 19, 14, 0])
                #expect(try r.candleCounts(key, openTimes: []) == [])
            }
        }

        @Test("candleTotals and hasCandleWithTrades look only inside the open times", arguments: StoreEngineFactory.all)
        func totals(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let candles = [candle(0, trades: 0), candle(1, trades: 0), candle(2, trades: 5), candle(3, trades: 7)]
            try s.write { _ = try $0.upsertCandles(candles, into: key, source: .archive) }
            try s.read { r throws in
                #expect(try r.candleTotals(key, openTimes: slots(0, 4)) == (rows: 4, trades: 12))
                #expect(try r.candleTotals(key, openTimes: slots(1, 3)) == (rows: 2, trades: 5))
                #expect(try r.candleTotals(key, openTimes: slots(10, 20)) == (rows: 0, trades: 0))
                #expect(try r.hasCandleWithTrades(key, openTimes: slots(0, 2)) == false, "candles without trades")
                #expect(try r.hasCandleWithTrades(key, openTimes: slots(0, 3)) == true)
                #expect(try r.hasCandleWithTrades(key, openTimes: slots(4, 9)) == false, "no candles at all")
            }
        }

        @Test("lastOpenTime(before:) is strict, firstOpenTime(atOrAfter:) inclusive", arguments: StoreEngineFactory.all)
        func neighbours(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let other = try s.series("ETHUSD")
            try s.write { tx throws in
                _ = try tx.upsertCandles([candle(2), candle(5), candle(9)], into: key, source: .api)
                _ = try tx.upsertCandles([candle(0), candle(20)], into: other, source: .api)
            }
            try s.read { r throws in
                #expect(try r.lastOpenTime(key, before: slot(5)) == slot(2))
                #expect(try r.lastOpenTime(key, before: slot(5) + 1) == slot(5))
                #expect(try r.lastOpenTime(key, before: slot(100)) == slot(9))
                #expect(try r.lastOpenTime(key, before: slot(2)) == nil)
                #expect(try r.firstOpenTime(key, atOrAfter: slot(5)) == slot(5))
                #expect(try r.firstOpenTime(key, atOrAfter: slot(5) + 1) == slot(9))
                #expect(try r.firstOpenTime(key, atOrAfter: slot(-100)) == slot(2))
                #expect(try r.firstOpenTime(key, atOrAfter: slot(10)) == nil)
            }
        }
    }
}

// MARK: - Transactions

extension StoreContractTests {
    @Suite("transactions")
    struct Transactions: StoreContractSuite {
        @Test("a transaction whose body throws leaves nothing behind", arguments: StoreEngineFactory.all)
        func rollback(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let session = try s.store.openWriterSession()
            defer { session.close() }
            #expect(throws: ContractBoom.self) {
                try session.transaction { tx -> Void in
                    let key = SeriesKey(pairID: try tx.ensurePair("XBTUSD"), interval: CandleInterval(minutes: 60)!)
                    _ = try tx.upsertCandles([candle(0)], into: key, source: .archive)
                    _ = try tx.createJob(kind: "import", options: "{}", phases: ["import"])
                    try tx.saveSyncCursor(SyncCursor(resource: "executions", rows: 1))
                    throw ContractBoom()
                }
            }
            try s.read { r throws in
                #expect(try r.pairIDs().isEmpty)
                #expect(try r.jobs(limit: 10).isEmpty)
                #expect(try r.syncCursors().isEmpty)
            }
            let id = try session.transaction { try $0.ensurePair("XBTUSD") }
            #expect(try s.read { try $0.pairID("XBTUSD") } == id, "the session goes on after a rollback")
        }

        @Test("a failed savepoint undoes only its own writes", arguments: StoreEngineFactory.all)
        func savepoint(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let kept = try s.write { tx -> Int in
                _ = try tx.upsertCandles([candle(0)], into: key, source: .api)
                #expect(throws: ContractBoom.self) {
                    try tx.savepoint { () throws -> Void in
                        _ = try tx.upsertCandles([candle(1), candle(0, price: 5)], into: key, source: .archive)
                        _ = try tx.ensurePair("ETHUSD")
                        throw ContractBoom()
                    }
                }
                let value = try tx.savepoint { () throws -> Int in
                    _ = try tx.upsertCandles([candle(2)], into: key, source: .api)
                    return 42
                }
                _ = try tx.upsertCandles([candle(3)], into: key, source: .api)
                return value
            }
            #expect(kept == 42)
            try s.read { r throws in
                #expect(try r.candles(key, in: slots(0, 10)) == [candle(0), candle(2), candle(3)])
                #expect(try r.pairID("ETHUSD") == nil)
            }
        }
    }
}

// MARK: - Ledger

extension StoreContractTests {
    @Suite("ledger")
    struct Ledger: StoreContractSuite {
        static let archive = "/x/Kraken_OHLCVT.zip"
        static let member = "Kraken_OHLCVT/XBTUSD_60.csv"

        func zipMember(
            _ archive: String = Ledger.archive, member: String = Ledger.member, pair: String = "XBTUSD",
            crc32: UInt32 = 123, size: Int64 = 100
        ) -> ImportCandidate {
            ImportCandidate(
                location: .zipMember(archivePath: archive, memberPath: member, crc32: crc32), pair: pair,
                interval: CandleInterval(minutes: 60)!, size: size)
        }

        func file(_ path: String, pair: String = "XBTUSD", modifiedAt: Int64 = 1_700_000_000) -> ImportCandidate {
            ImportCandidate(
                location: .file(path: path, compression: .zstd, modifiedAt: modifiedAt), pair: pair,
                interval: CandleInterval(minutes: 60)!, size: 2048)
        }

        func outcome(_ sha: String, first: Int, last: Int, written: Int64, rejected: Int64 = 0) -> FileOutcome {
            FileOutcome(
                sha256: sha, firstOpenTime: slot(first), lastOpenTime: slot(last),
                rows: Int64(last - first + 1), rowsWritten: written, duplicateRows: 0, rejectedRows: rejected)
        }

        func newJob(_ s: ContractStore) throws -> Int64 {
            try s.write { try $0.createJob(kind: "import", options: "{}", phases: ["import"]) }
        }

        @Test("recordPending stores the candidate and reuses an unfinished record", arguments: StoreEngineFactory.all)
        func pendingRecords(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let job1 = try newJob(s)
            let job2 = try newJob(s)
            let id = try s.write { try $0.recordPending(zipMember(), pairID: key.pairID, jobID: job1) }
            let record = try s.read { try $0.latestLedgerRecord(path: Ledger.archive, member: Ledger.member) }
            #expect(
                record
                    == LedgerRecord(
                        id: id, path: Ledger.archive, member: Ledger.member, size: 100,
                        modifiedAt: nil, crc32: 123, sha256: nil, status: .pending, jobID: job1,
                        error: nil))
            #expect(
                try s.write { try $0.recordPending(zipMember(), pairID: key.pairID, jobID: job2) } == id,
                "a PENDING record is reused by the next job")
            try s.write { try $0.markFailed(id, error: "bad row") }
            let failed = try s.read { try $0.latestLedgerRecord(path: Ledger.archive, member: Ledger.member) }
            #expect(failed?.status == .failed)
            #expect(failed?.error == "bad row")
            #expect(failed?.jobID == job2)
            #expect(
                try s.write { try $0.recordPending(zipMember(), pairID: key.pairID, jobID: job1) } == id,
                "a FAILED record is reused")
            let retried = try s.read { try $0.latestLedgerRecord(path: Ledger.archive, member: Ledger.member) }
            #expect(retried?.status == .pending)
            #expect(retried?.error == nil)
            #expect(retried?.jobID == job1)
            try s.write { try $0.markCompleted(id, outcome: outcome("aa", first: 0, last: 9, written: 10)) }
            let next = try s.write { try $0.recordPending(zipMember(), pairID: key.pairID, jobID: job2) }
            #expect(next != id, "a COMPLETED record is never reused")
            let latest = try s.read { try $0.latestLedgerRecord(path: Ledger.archive, member: Ledger.member) }
            #expect(latest?.id == next)
            #expect(latest?.status == .pending)
            #expect(try s.read { try $0.latestLedgerRecord(path: Ledger.archive, member: "other.csv") } == nil)
        }

        @Test("a plain file is keyed by its path with an empty member", arguments: StoreEngineFactory.all)
        func plainFile(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let job = try newJob(s)
            let id = try s.write {
                try $0.recordPending(
                    file("/data/XBTUSD_60.csv.zst"), pairID: key.pairID,
                    jobID: job)
            }
            try s.write { try $0.markCompleted(id, outcome: outcome("ff", first: 0, last: 3, written: 4)) }
            #expect(
                try s.read { try $0.latestLedgerRecord(path: "/data/XBTUSD_60.csv.zst", member: "") }
                    == LedgerRecord(
                        id: id, path: "/data/XBTUSD_60.csv.zst", member: "", size: 2048,
                        modifiedAt: 1_700_000_000, crc32: nil, sha256: "ff", status: .completed, jobID: job,
                        error: nil))
            #expect(try s.read { try $0.archiveMembers() } == [], "plain files are not archive members")
        }

        @Test("completedFile matches the hash within one series only", arguments: StoreEngineFactory.all)
        func completedFile(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let xbt = try s.series()
            let eth = try s.series("ETHUSD")
            let xbtDaily = try s.series(minutes: 1440)
            let job = try newJob(s)
            let (a, b, pending) = try s.write { tx throws in
                let a = try tx.recordPending(file("/a/XBTUSD_60.csv"), pairID: xbt.pairID, jobID: job)
                let b = try tx.recordPending(file("/b/ETHUSD_60.csv", pair: "ETHUSD"), pairID: eth.pairID, jobID: job)
                let pending = try tx.recordPending(file("/c/XBTUSD_60.csv"), pairID: xbt.pairID, jobID: job)
                try tx.markCompleted(a, outcome: outcome("same", first: 0, last: 1, written: 2))
                try tx.markCompleted(b, outcome: outcome("same", first: 0, last: 1, written: 2))
                return (a, b, pending)
            }
            try s.read { r throws in
                #expect(try r.completedFile(sha256: "same", series: xbt, excluding: pending) == a)
                #expect(try r.completedFile(sha256: "same", series: eth, excluding: pending) == b)
                #expect(try r.completedFile(sha256: "same", series: xbt, excluding: a) == nil)
                #expect(try r.completedFile(sha256: "same", series: xbtDaily, excluding: pending) == nil)
                #expect(try r.completedFile(sha256: "other", series: xbt, excluding: pending) == nil)
            }
        }

        @Test(
            "completedMember matches file name, size and CRC-32 of COMPLETED members",
            arguments: StoreEngineFactory.all)
        func completedMember(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let job = try newJob(s)
            let id = try s.write { try $0.recordPending(zipMember(), pairID: key.pairID, jobID: job) }
            #expect(
                try s.read { try $0.completedMember(contentName: "XBTUSD_60.csv", size: 100, crc32: 123) } == nil,
                "a PENDING member is no original")
            try s.write { try $0.markCompleted(id, outcome: outcome("aa", first: 0, last: 9, written: 10)) }
            try s.read { r throws in
                #expect(try r.completedMember(contentName: "XBTUSD_60.csv", size: 100, crc32: 123) == id)
                #expect(try r.completedMember(contentName: "XBTUSD_60.csv", size: 101, crc32: 123) == nil)
                #expect(try r.completedMember(contentName: "XBTUSD_60.csv", size: 100, crc32: 124) == nil)
                #expect(try r.completedMember(contentName: "ETHUSD_60.csv", size: 100, crc32: 123) == nil)
                #expect(
                    try r.completedMember(contentName: Ledger.member, size: 100, crc32: 123) == nil,
                    "the content name has no folders")
            }
            let big = try s.write {
                try $0.recordPending(
                    zipMember("/y/big.zip", crc32: UInt32.max), pairID: key.pairID,
                    jobID: job)
            }
            try s.write { try $0.markCompleted(big, outcome: outcome("bb", first: 0, last: 9, written: 10)) }
            #expect(try s.read { try $0.completedMember(contentName: "XBTUSD_60.csv", size: 100, crc32: .max) } == big)
            #expect(try s.read { try $0.latestLedgerRecord(path: "/y/big.zip", member: Ledger.member) }?.crc32 == .max)
        }

        @Test(
            "archiveMembers lists COMPLETED and DUPLICATE members; a duplicate's span is its original's",
            arguments: StoreEngineFactory.all)
        func archiveMembers(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let job = try newJob(s)
            let quarter = "/x/Kraken_OHLCVT_Q1_2024.zip"
            let original = try s.write { try $0.recordPending(zipMember(), pairID: key.pairID, jobID: job) }
            try s.write { try $0.markCompleted(original, outcome: outcome("aa", first: 0, last: 9, written: 10)) }
            let completedAt = s.now
            s.tick(60)
            let copy = try s.write { try $0.recordPending(zipMember(quarter), pairID: key.pairID, jobID: job) }
            try s.write { try $0.markDuplicate(copy, of: original, sha256: nil) }
            let copiedAt = s.now
            try s.write { tx throws in
                let failed = try tx.recordPending(zipMember("/x/broken.zip"), pairID: key.pairID, jobID: job)
                try tx.markFailed(failed, error: "truncated")
                _ = try tx.recordPending(zipMember("/x/pending.zip"), pairID: key.pairID, jobID: job)
            }
            let members = try s.read { try $0.archiveMembers() }.sorted { $0.archivePath < $1.archivePath }
            #expect(
                members == [
                    ArchiveMemberRecord(
                        archivePath: Ledger.archive, pair: "XBTUSD", minutes: 60, firstOpenTime: slot(0),
                        lastOpenTime: slot(9), finishedAt: completedAt),
                    ArchiveMemberRecord(
                        archivePath: quarter, pair: "XBTUSD", minutes: 60, firstOpenTime: slot(0),
                        lastOpenTime: slot(9), finishedAt: copiedAt),
                ])
            let duplicate = try s.read { try $0.latestLedgerRecord(path: quarter, member: Ledger.member) }
            #expect(duplicate?.status == .duplicate)
            #expect(duplicate?.sha256 == nil)
            try s.write { try $0.markDuplicate(copy, of: original, sha256: "aa") }
            #expect(try s.read { try $0.latestLedgerRecord(path: quarter, member: Ledger.member) }?.sha256 == "aa")
        }

        @Test("ledgerCounts counts one job's finished records", arguments: StoreEngineFactory.all)
        func counts(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let job = try newJob(s)
            let otherJob = try newJob(s)
            try s.write { tx throws in
                let a = try tx.recordPending(file("/a/XBTUSD_60.csv"), pairID: key.pairID, jobID: job)
                let b = try tx.recordPending(file("/b/XBTUSD_60.csv"), pairID: key.pairID, jobID: job)
                let c = try tx.recordPending(file("/c/XBTUSD_60.csv"), pairID: key.pairID, jobID: job)
                let d = try tx.recordPending(file("/d/XBTUSD_60.csv"), pairID: key.pairID, jobID: job)
                _ = try tx.recordPending(file("/e/XBTUSD_60.csv"), pairID: key.pairID, jobID: job)
                let f = try tx.recordPending(file("/f/XBTUSD_60.csv"), pairID: key.pairID, jobID: otherJob)
                try tx.markCompleted(a, outcome: outcome("a", first: 0, last: 9, written: 10, rejected: 1))
                try tx.markCompleted(b, outcome: outcome("b", first: 10, last: 14, written: 3, rejected: 2))
                try tx.markFailed(c, error: "bad")
                try tx.markDuplicate(d, of: a, sha256: "a")
                try tx.markCompleted(f, outcome: outcome("f", first: 0, last: 99, written: 100))
            }
            var expected = LedgerCounts()
            expected.completed = 2
            expected.failed = 1
            expected.duplicate = 1
            expected.rowsWritten = 13
            expected.rowsRejected = 3
            expected.rowsRead = 15
            #expect(try s.read { try $0.ledgerCounts(jobID: job) } == expected)
            #expect(try s.read { try $0.ledgerCounts(jobID: otherJob) }.rowsWritten == 100)
            #expect(try s.read { try $0.ledgerCounts(jobID: 9_999) } == LedgerCounts())
        }

        @Test("a rejected row can be recorded for a file", arguments: StoreEngineFactory.all)
        func rejectedRow(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let job = try newJob(s)
            try s.write { tx throws in
                let id = try tx.recordPending(file("/a/XBTUSD_60.csv"), pairID: key.pairID, jobID: job)
                try tx.recordRejectedRow(fileID: id, line: 7, reason: "high below low", raw: "1,2,3")
                try tx.markCompleted(id, outcome: outcome("a", first: 0, last: 9, written: 9, rejected: 1))
            }
            #expect(try s.read { try $0.ledgerCounts(jobID: job) }.rowsRejected == 1)
        }
    }
}

// MARK: - Jobs

extension StoreContractTests {
    @Suite("jobs")
    struct Jobs: StoreContractSuite {
        static let options = #"{"paths":["/x"]}"#

        func create(_ s: ContractStore, kind: String = "import", options: String = Jobs.options) throws -> Int64 {
            try s.write { try $0.createJob(kind: kind, options: options, phases: ["import", "detect"]) }
        }

        func job(_ s: ContractStore, _ id: Int64) throws -> JobRecord {
            try #require(try s.read { try $0.job(id) })
        }

        @Test("createJob stores a PENDING job with its phases, stamped by the clock", arguments: StoreEngineFactory.all)
        func creation(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let id = try create(s)
            #expect(
                try job(s, id)
                    == JobRecord(
                        id: id, kind: "import", options: Jobs.options, status: .pending, pid: nil,
                        phases: ["import", "detect"],
                        phase: nil, checkpoint: nil, filesTotal: 0, filesDone: 0, filesSkipped: 0, filesFailed: 0,
                        rowsWritten: 0, rowsRejected: 0, error: nil, createdAt: s.now, updatedAt: s.now, finishedAt: nil
                    ))
            #expect(try s.read { try $0.job(id + 1_000) } == nil)
        }

        @Test("running, phases, checkpoints and counters update the job", arguments: StoreEngineFactory.all)
        func progress(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let id = try create(s)
            let createdAt = s.now
            s.tick()
            try s.write { try $0.markJobRunning(id, pid: 4242) }
            var record = try job(s, id)
            #expect(record.status == .running)
            #expect(record.pid == 4242)
            #expect(record.updatedAt == createdAt + 10)
            #expect(try s.read { try $0.runningJobs() }.map(\.id) == [id])
            s.tick()
            try s.write { tx throws in
                try tx.setJobPhase(id, phase: "import", checkpoint: nil)
                try tx.setJobFilesTotal(id, 12)
                try tx.setJobCounters(
                    id,
                    JobCounters(
                        filesDone: 5, filesSkipped: 2, filesFailed: 1, rowsWritten: 900,
                        rowsRejected: 3))
            }
            record = try job(s, id)
            #expect(record.phase == "import")
            #expect(record.checkpoint == nil)
            #expect(record.filesTotal == 12)
            #expect((record.filesDone, record.filesSkipped, record.filesFailed) == (5, 2, 1))
            #expect((record.rowsWritten, record.rowsRejected) == (900, 3))
            #expect(record.updatedAt == createdAt + 20)
            #expect(record.createdAt == createdAt)
            try s.write { try $0.setJobPhase(id, phase: "import", checkpoint: "/x/file-3.csv") }
            #expect(try job(s, id).checkpoint == "/x/file-3.csv")
            try s.write { try $0.setJobPhase(id, phase: nil, checkpoint: nil) }
            record = try job(s, id)
            #expect(record.phase == nil)
            #expect(record.checkpoint == nil)
        }

        @Test("finishJob sets finishedAt only for COMPLETED and FAILED", arguments: StoreEngineFactory.all)
        func finish(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let id = try create(s)
            try s.write { try $0.markJobRunning(id, pid: 1) }
            s.tick()
            try s.write { try $0.finishJob(id, status: .paused, error: nil) }
            var record = try job(s, id)
            #expect(record.status == .paused)
            #expect(record.finishedAt == nil)
            #expect(record.pid == nil)
            #expect(record.updatedAt == s.now)
            s.tick()
            try s.write { try $0.finishJob(id, status: .failed, error: "disk full") }
            record = try job(s, id)
            #expect(record.status == .failed)
            #expect(record.error == "disk full")
            #expect(record.finishedAt == s.now)
            s.tick()
            try s.write { try $0.markJobRunning(id, pid: 2) }
            record = try job(s, id)
            #expect(record.status == .running)
            #expect(record.error == nil, "running again clears the error")
            #expect(record.finishedAt == nil, "running again clears finishedAt")
            s.tick()
            try s.write { try $0.finishJob(id, status: .completed, error: nil) }
            record = try job(s, id)
            #expect(record.status == .completed)
            #expect(record.finishedAt == s.now)
            #expect(record.pid == nil)
        }

        @Test(
            "resumableJob finds the newest unfinished job of a kind with exactly these options",
            arguments: StoreEngineFactory.all)
        func resumable(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let older = try create(s)
            let newer = try create(s)
            let completed = try create(s)
            _ = try create(s, kind: "gaps")
            try s.write { tx throws in
                try tx.finishJob(older, status: .paused, error: nil)
                try tx.finishJob(newer, status: .failed, error: "x")
                try tx.finishJob(completed, status: .completed, error: nil)
            }
            try s.read { r throws in
                #expect(try r.resumableJob(kind: "import", options: Jobs.options)?.id == newer)
                #expect(try r.resumableJob(kind: "import", options: #"{"paths":["/y"]}"#) == nil)
                #expect(try r.resumableJob(kind: "backfill", options: Jobs.options) == nil)
            }
            try s.write { try $0.finishJob(newer, status: .completed, error: nil) }
            #expect(try s.read { try $0.resumableJob(kind: "import", options: Jobs.options) }?.id == older)
            try s.write { try $0.markJobRunning(older, pid: 1) }
            #expect(
                try s.read { try $0.resumableJob(kind: "import", options: Jobs.options) } == nil,
                "a RUNNING job is not resumable")
            let pending = try create(s)
            #expect(try s.read { try $0.resumableJob(kind: "import", options: Jobs.options) }?.id == pending)
        }

        @Test("jobs(limit:) lists the newest first; runningJobs only RUNNING ones", arguments: StoreEngineFactory.all)
        func listing(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            var ids: [Int64] = []
            for _ in 0..<4 {
                ids.append(try create(s))
                s.tick()
            }
            try s.write { tx throws in
                try tx.markJobRunning(ids[1], pid: 11)
                try tx.markJobRunning(ids[3], pid: 13)
            }
            try s.read { r throws in
                #expect(try r.jobs(limit: 2).map(\.id) == [ids[3], ids[2]])
                #expect(try r.jobs(limit: 10).map(\.id) == Array(ids.reversed()))
                #expect(Set(try r.runningJobs().map(\.id)) == [ids[1], ids[3]])
            }
        }

        @Test("recoverStaleJobs pauses RUNNING jobs with the stale message", arguments: StoreEngineFactory.all)
        func recoverStale(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let running = try create(s)
            let pending = try create(s)
            let recovered = try s.write { tx throws in
                try tx.markJobRunning(running, pid: 777)
                return try tx.recoverStaleJobs()
            }
            #expect(recovered == [running])
            let record = try job(s, running)
            #expect(record.status == .paused)
            #expect(record.pid == nil)
            #expect(record.error == JobRecord.staleMessage(pid: 777, jobID: running))
            #expect(try job(s, pending).status == .pending)
            #expect(try s.write { try $0.recoverStaleJobs() } == [])
        }

        @Test("opening a writer session pauses jobs a closed session left RUNNING", arguments: StoreEngineFactory.all)
        func recoverOnOpen(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let first = try s.store.openWriterSession()
            let id = try first.transaction { tx throws in
                let id = try tx.createJob(kind: "import", options: "{}", phases: ["import"])
                try tx.markJobRunning(id, pid: 4242)
                return id
            }
            first.close()
            #expect(try s.read { try $0.runningJobs() }.map(\.id) == [id], "reading never recovers")
            let second = try s.store.openWriterSession()
            defer { second.close() }
            let record = try #require(try second.read { try $0.job(id) })
            #expect(record.status == .paused)
            #expect(record.error == JobRecord.staleMessage(pid: 4242, jobID: id))
            #expect(try s.read { try $0.runningJobs() } == [])
        }
    }
}

// MARK: - Writer sessions

extension StoreContractTests {
    @Suite("writer sessions")
    struct WriterSessions: StoreContractSuite {
        /// The message of the `databaseBusy` error `open` throws, nil (with an issue) for anything else.
        func busyMessage(_ open: () throws -> any WriterSession) -> String? {
            do {
                let session = try open()
                session.close()
                Issue.record("a second writer session opened")
            } catch KrakenIngestError.databaseBusy(let message) {
                return message
            } catch {
                Issue.record("expected databaseBusy, got \(error)")
            }
            return nil
        }

        @Test(
            "one writer at a time: a second session is refused until the first closes",
            arguments: StoreEngineFactory.all)
        func oneWriter(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let session = try s.store.openWriterSession()
            #expect(busyMessage { try s.store.openWriterSession() } != nil)
            let other = try s.reopen()
            #expect(busyMessage { try other.openWriterSession() } != nil, "another handle on the store is refused too")
            session.close()
            let next = try s.store.openWriterSession()
            next.close()
            let fromOther = try other.openWriterSession()
            fromOther.close()
        }

        @Test("the busy error names the RUNNING job holding the store", arguments: StoreEngineFactory.all)
        func busyNamesJob(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let session = try s.store.openWriterSession()
            defer { session.close() }
            let id = try session.transaction { tx throws in
                let id = try tx.createJob(kind: "import", options: "{}", phases: ["import"])
                try tx.markJobRunning(id, pid: 4242)
                return id
            }
            let message = try #require(busyMessage { try s.store.openWriterSession() })
            #expect(message.contains("job \(id)"))
        }

        @Test("reads work while a session is open and see what it committed", arguments: StoreEngineFactory.all)
        func readsDuringSession(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let session = try s.store.openWriterSession()
            defer { session.close() }
            #expect(try s.read { try $0.pairIDs() } == [:])
            let id = try session.transaction { try $0.ensurePair("XBTUSD") }
            #expect(try s.read { try $0.pairID("XBTUSD") } == id)
            #expect(try session.read { try $0.pairID("XBTUSD") } == id)
            #expect(try s.reopen().read { try $0.pairID("XBTUSD") } == id)
            #expect(session.store === s.store)
        }

        @Test(
            "a reader on another handle sees the last commit while a transaction is open",
            arguments: StoreEngineFactory.all)
        func snapshotDuringTransaction(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            try s.write { _ = try $0.upsertCandles([candle(0)], into: key, source: .api) }
            let reader = try s.reopen()
            try s.write { tx throws in
                _ = try tx.upsertCandles([candle(1)], into: key, source: .api)
                _ = try tx.ensurePair("ETHUSD")
                #expect(try tx.candles(key, in: slots(0, 5)).count == 2, "a transaction reads its own writes")
                try reader.read { r throws in
                    #expect(try r.candles(key, in: slots(0, 5)) == [candle(0)])
                    #expect(try r.pairID("ETHUSD") == nil)
                }
            }
            #expect(try reader.read { try $0.candles(key, in: slots(0, 5)) } == [candle(0), candle(1)])
        }

        @Test("opening a session returns BACKFILLING gap records to DETECTED", arguments: StoreEngineFactory.all)
        func resetBackfillingOnOpen(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let gap = ClassifiedGap(
                range: slots(0, 4), candles: 4, gapClass: .apiFillable, apiStart: slot(0),
                apiCandles: 4, suggestion: nil, tradesRequests: nil)
            let session = try s.store.openWriterSession()
            try session.transaction { tx throws in
                let id = try tx.insertGap(gap, series: key, history: .fresh)
                try tx.setGapStatus(id, .backfilling, lastError: nil, attempted: true)
            }
            session.close()
            #expect(try s.read { try $0.gapRecords(statuses: [.backfilling]) }.count == 1)
            try s.store.openWriterSession().close()
            let records = try s.read { try $0.gapRecords(statuses: nil) }
            #expect(records.map(\.status) == [.detected])
            #expect(records.map(\.attempts) == [1])
        }
    }
}

// MARK: - Coverage

extension StoreContractTests {
    @Suite("coverage")
    struct Coverage: StoreContractSuite {
        func range(
            _ from: Int, _ to: Int, _ source: CoverageSource = .csv, longest: Int64 = 0,
            longestStart: Int? = nil
        ) -> CoverageRange {
            CoverageRange(
                range: slots(from, to), source: source, rows: Int64(to - from) - longest,
                trades: Int64(to - from) * 3, longestNoTrade: longest,
                longestNoTradeStart: longestStart.map { slot($0) })
        }

        @Test(
            "coverage lists series by pair, interval and start, filtered by pairs and intervals",
            arguments: StoreEngineFactory.all)
        func listing(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let xbt = try s.series()
            let xbtDaily = try s.series(minutes: 1440)
            let eth = try s.series("ETHUSD", minutes: 60)
            let (a, b) = (range(0, 10), range(20, 30, .api, longest: 2, longestStart: 22))
            let (c, d) = (range(0, 48, .mixed), range(5, 6, .trades))
            try s.write { tx throws in
                try tx.replaceCoverage(xbtDaily, removing: [], with: c)
                try tx.replaceCoverage(xbt, removing: [], with: b)
                try tx.replaceCoverage(xbt, removing: [], with: a)
                try tx.replaceCoverage(eth, removing: [], with: d)
            }
            let h60 = CandleInterval(minutes: 60)!
            let all = [
                SeriesCoverage(pair: "ETHUSD", interval: h60, ranges: [d]),
                SeriesCoverage(pair: "XBTUSD", interval: h60, ranges: [a, b]),
                SeriesCoverage(pair: "XBTUSD", interval: CandleInterval(minutes: 1440)!, ranges: [c]),
            ]
            try s.read { r throws in
                #expect(try r.coverage(pairs: nil, intervals: nil) == all)
                #expect(try r.coverage(pairs: ["XBTUSD"], intervals: nil) == Array(all[1...]))
                #expect(try r.coverage(pairs: nil, intervals: [60]) == Array(all[..<2]))
                #expect(try r.coverage(pairs: ["XBTUSD"], intervals: [1440]) == [all[2]])
                #expect(try r.coverage(pairs: ["DOGEUSD"], intervals: nil) == [])
                #expect(try r.coverage(pairs: [], intervals: nil) == [])
            }
        }

        @Test("replaceCoverage removes the given starts and stores the merged range", arguments: StoreEngineFactory.all)
        func replace(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            try s.write { tx throws in
                try tx.replaceCoverage(key, removing: [], with: range(0, 10))
                try tx.replaceCoverage(key, removing: [], with: range(10, 20, .api))
                try tx.replaceCoverage(key, removing: [], with: range(40, 50))
            }
            let merged = range(0, 20, .mixed, longest: 1, longestStart: 3)
            try s.write { try $0.replaceCoverage(key, removing: [slot(0), slot(10), slot(99)], with: merged) }
            #expect(
                try s.read { try $0.coverage(pairs: nil, intervals: nil) }.map(\.ranges)
                    == [[merged, range(40, 50)]])
        }

        @Test(
            "coverageRanges returns the ranges of one series that overlap or touch",
            arguments: StoreEngineFactory.all)
        func touching(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let other = try s.series("ETHUSD")
            let (a, b) = (range(0, 10), range(20, 30))
            try s.write { tx throws in
                try tx.replaceCoverage(key, removing: [], with: b)
                try tx.replaceCoverage(key, removing: [], with: a)
                try tx.replaceCoverage(other, removing: [], with: range(0, 100))
            }
            try s.read { r throws in
                #expect(try r.coverageRanges(key, touching: slots(10, 20)) == [a, b], "touching at both ends")
                #expect(try r.coverageRanges(key, touching: slots(11, 19)) == [])
                #expect(try r.coverageRanges(key, touching: slots(5, 6)) == [a])
                #expect(try r.coverageRanges(key, touching: slots(-5, 0)) == [a])
                #expect(try r.coverageRanges(key, touching: slots(30, 31)) == [b])
                #expect(try r.coverageRanges(key, touching: slots(-10, 100)) == [a, b])
                #expect(try r.coverageRanges(key, touching: slots(31, 40)) == [])
            }
        }

        @Test(
            "coverageLastUpdates reports the clock's seconds of the newest change per series",
            arguments: StoreEngineFactory.all)
        func lastUpdates(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let eth = try s.series("ETHUSD", minutes: 1440)
            #expect(try s.read { try $0.coverageLastUpdates() } == [:])
            let first = s.now
            try s.write { try $0.replaceCoverage(key, removing: [], with: range(0, 10)) }
            s.tick(100)
            try s.write { try $0.replaceCoverage(eth, removing: [], with: range(0, 48)) }
            s.clock.advance(seconds: 0.9)
            try s.write { try $0.replaceCoverage(key, removing: [], with: range(20, 30)) }
            #expect(
                try s.read { try $0.coverageLastUpdates() } == [
                    SeriesName(pair: "XBTUSD", minutes: 60): first + 100,
                    SeriesName(pair: "ETHUSD", minutes: 1440): first + 100,
                ])
        }
    }
}

// MARK: - Gap records

extension StoreContractTests {
    @Suite("gap records")
    struct GapRecords: StoreContractSuite {
        func archiveGap(_ from: Int, _ to: Int) -> ClassifiedGap {
            ClassifiedGap(
                range: slots(from, to), candles: Int64(to - from), gapClass: .archiveRequired,
                apiStart: nil, apiCandles: 0,
                suggestion: ArchiveSuggestion(
                    archive: "Kraken_OHLCVT_Q1_2024.zip", member: "XBTUSD_60.csv",
                    note: nil),
                tradesRequests: 12)
        }

        func apiGap(_ from: Int, _ to: Int) -> ClassifiedGap {
            ClassifiedGap(
                range: slots(from, to), candles: Int64(to - from), gapClass: .apiFillable,
                apiStart: slot(from), apiCandles: Int64(to - from), suggestion: nil, tradesRequests: nil)
        }

        func record(_ s: ContractStore, _ id: Int64) throws -> GapRecord {
            try #require(try s.read { try $0.gapRecords(statuses: nil) }.first { $0.id == id })
        }

        @Test("insertGap stores the gap with its history", arguments: StoreEngineFactory.all)
        func insert(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let history = GapHistory(status: .failed, attempts: 2, lastError: "HTTP 500")
            let (fresh, carried) = try s.write { tx throws in
                (
                    try tx.insertGap(archiveGap(0, 5), series: key, history: .fresh),
                    try tx.insertGap(apiGap(10, 12), series: key, history: history)
                )
            }
            #expect(fresh != carried)
            #expect(
                try record(s, fresh)
                    == GapRecord(
                        id: fresh, pair: "XBTUSD", interval: 60, range: slots(0, 5), candles: 5,
                        gapClass: .archiveRequired,
                        apiCandles: 0, suggestedArchive: "Kraken_OHLCVT_Q1_2024.zip", suggestedMember: "XBTUSD_60.csv",
                        tradesRequests: 12, status: .detected, attempts: 0, lastError: nil))
            #expect(
                try record(s, carried)
                    == GapRecord(
                        id: carried, pair: "XBTUSD", interval: 60, range: slots(10, 12), candles: 2,
                        gapClass: .apiFillable,
                        apiCandles: 2, suggestedArchive: nil, suggestedMember: nil, tradesRequests: nil,
                        status: .failed,
                        attempts: 2, lastError: "HTTP 500"))
        }

        @Test("gapRecords filters by status and orders by pair, interval and start", arguments: StoreEngineFactory.all)
        func listing(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let xbt = try s.series()
            let xbtDaily = try s.series(minutes: 1440)
            let eth = try s.series("ETHUSD")
            let ids = try s.write { tx throws in
                [
                    try tx.insertGap(apiGap(30, 31), series: xbt, history: .fresh),
                    try tx.insertGap(apiGap(0, 48), series: xbtDaily, history: GapHistory(status: .filled)),
                    try tx.insertGap(apiGap(5, 6), series: xbt, history: GapHistory(status: .failed, attempts: 1)),
                    try tx.insertGap(apiGap(50, 51), series: eth, history: .fresh),
                ]
            }
            try s.read { r throws in
                let all = try r.gapRecords(statuses: nil)
                #expect(all.map(\.id) == [ids[3], ids[2], ids[0], ids[1]])
                #expect(all.map(\.interval) == [60, 60, 60, 1440])
                #expect(try r.gapRecords(statuses: [.failed, .filled]).map(\.id) == [ids[2], ids[1]])
                #expect(try r.gapRecords(statuses: [.detected]).map(\.id) == [ids[3], ids[0]])
                #expect(try r.gapRecords(statuses: []) == [])
            }
        }

        @Test(
            "updateGap rewrites the gap and keeps its status, attempts and last error",
            arguments: StoreEngineFactory.all)
        func update(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let history = GapHistory(status: .unfillable, attempts: 3, lastError: "no archive")
            let id = try s.write { try $0.insertGap(archiveGap(0, 5), series: key, history: history) }
            try s.write { try $0.updateGap(id, to: apiGap(2, 9)) }
            let updated = try record(s, id)
            #expect(updated.range == slots(2, 9))
            #expect(updated.candles == 7)
            #expect(updated.gapClass == .apiFillable)
            #expect(updated.apiCandles == 7)
            #expect(updated.suggestedArchive == nil)
            #expect(updated.suggestedMember == nil)
            #expect(updated.tradesRequests == nil)
            #expect(updated.history == history)
        }

        @Test(
            "setGapStatus counts attempts and keeps the last error when none is given",
            arguments: StoreEngineFactory.all)
        func status(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let id = try s.write { try $0.insertGap(apiGap(0, 5), series: key, history: .fresh) }
            try s.write { try $0.setGapStatus(id, .backfilling, lastError: nil, attempted: true) }
            #expect(try record(s, id).history == GapHistory(status: .backfilling, attempts: 1, lastError: nil))
            try s.write { try $0.setGapStatus(id, .failed, lastError: "timeout", attempted: false) }
            #expect(try record(s, id).history == GapHistory(status: .failed, attempts: 1, lastError: "timeout"))
            try s.write { try $0.setGapStatus(id, .backfilling, lastError: nil, attempted: true) }
            #expect(try record(s, id).history == GapHistory(status: .backfilling, attempts: 2, lastError: "timeout"))
            try s.write { try $0.setGapStatus(id, .failed, lastError: "HTTP 429", attempted: false) }
            #expect(try record(s, id).history == GapHistory(status: .failed, attempts: 2, lastError: "HTTP 429"))
        }

        @Test("supersedeGap marks a record SUPERSEDED and keeps its history", arguments: StoreEngineFactory.all)
        func supersede(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let (survivor, merged) = try s.write { tx throws in
                (
                    try tx.insertGap(apiGap(0, 10), series: key, history: .fresh),
                    try tx.insertGap(
                        apiGap(3, 4), series: key,
                        history: GapHistory(
                            status: .failed, attempts: 2,
                            lastError: "x"))
                )
            }
            try s.write { try $0.supersedeGap(merged, by: survivor) }
            #expect(try record(s, merged).history == GapHistory(status: .superseded, attempts: 2, lastError: "x"))
            #expect(try record(s, survivor).status == .detected)
            #expect(try s.read { try $0.gapRecords(statuses: [.superseded]) }.map(\.id) == [merged])
        }

        @Test("deleteGapWithoutHistory deletes only records without attempts", arguments: StoreEngineFactory.all)
        func delete(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let (fresh, tried) = try s.write { tx throws in
                (
                    try tx.insertGap(apiGap(0, 1), series: key, history: .fresh),
                    try tx.insertGap(apiGap(5, 6), series: key, history: .fresh)
                )
            }
            try s.write { try $0.setGapStatus(tried, .failed, lastError: "x", attempted: true) }
            try s.write { tx throws in
                #expect(try tx.deleteGapWithoutHistory(fresh) == true)
                #expect(try tx.deleteGapWithoutHistory(tried) == false)
                #expect(try tx.deleteGapWithoutHistory(fresh) == false, "already gone")
                #expect(try tx.deleteGapWithoutHistory(9_999) == false)
            }
            #expect(try s.read { try $0.gapRecords(statuses: nil) }.map(\.id) == [tried])
        }

        @Test("resetStaleBackfilling returns BACKFILLING records to DETECTED", arguments: StoreEngineFactory.all)
        func resetStale(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let key = try s.series()
            let session = try s.store.openWriterSession()
            defer { session.close() }
            let ids = try session.transaction { tx throws in
                let ids = try (0..<3).map {
                    try tx.insertGap(apiGap($0 * 10, $0 * 10 + 1), series: key, history: .fresh)
                }
                try tx.setGapStatus(ids[0], .backfilling, lastError: nil, attempted: true)
                try tx.setGapStatus(ids[1], .backfilling, lastError: "partial", attempted: true)
                try tx.setGapStatus(ids[2], .failed, lastError: "x", attempted: true)
                return ids
            }
            #expect(try session.transaction { try $0.resetStaleBackfilling() } == 2)
            let records = try s.read { try $0.gapRecords(statuses: nil) }
            #expect(records.map(\.id) == ids)
            #expect(
                records.map(\.history) == [
                    GapHistory(status: .detected, attempts: 1, lastError: nil),
                    GapHistory(status: .detected, attempts: 1, lastError: "partial"),
                    GapHistory(status: .failed, attempts: 1, lastError: "x"),
                ])
            #expect(try session.transaction { try $0.resetStaleBackfilling() } == 0)
        }
    }
}

// MARK: - Sync cursors

extension StoreContractTests {
    @Suite("sync cursors")
    struct SyncCursors: StoreContractSuite {
        @Test("cursors are saved, replaced, listed by resource and deleted", arguments: StoreEngineFactory.all)
        func lifecycle(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            #expect(try s.read { try $0.syncCursor("executions") } == nil)
            #expect(try s.read { try $0.syncCursors() } == [])
            let first = SyncCursor(
                resource: "executions", cursor: "1719792000000", token: "page-2", rows: 10,
                lastRunAt: 1_719_792_000_123, lastError: nil)
            try s.write { try $0.saveSyncCursor(first) }
            #expect(try s.read { try $0.syncCursor("executions") } == first)
            let replaced = SyncCursor(
                resource: "executions", cursor: "1719795600000", token: nil, rows: 25,
                lastRunAt: 1_719_795_600_000, lastError: "HTTP 429")
            let log = SyncCursor(resource: "account_log", cursor: "88", rows: 3)
            try s.write { tx throws in
                try tx.saveSyncCursor(replaced)
                try tx.saveSyncCursor(log)
            }
            try s.read { r throws in
                #expect(try r.syncCursor("executions") == replaced, "every field is replaced, nils included")
                #expect(try r.syncCursor("account_log") == log)
                #expect(try r.syncCursors() == [log, replaced])
            }
            try s.write { tx throws in
                try tx.deleteSyncCursor("executions")
                try tx.deleteSyncCursor("never-saved")
            }
            #expect(try s.read { try $0.syncCursor("executions") } == nil)
            #expect(try s.read { try $0.syncCursors() } == [log])
        }
    }
}
