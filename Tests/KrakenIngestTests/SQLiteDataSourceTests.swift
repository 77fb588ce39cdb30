import Foundation
import GRDB
import KrakenIngestSamples
import Testing

@testable import KrakenIngest

/// The SQLite store read as a data source (`v_series`, `v_pair_aliases`, source words), with SQL as a `sqlite3` or
/// pandas user writes it, on real files.
@Suite("SQLite store as a data source", .blocking)
struct SQLiteDataSourceTests {
    /// The sample imported, its gaps detected and recorded, API candles added to XBTUSD 60 (a mixed range) and
    /// SOLUSD 5, trades candles to ETHUSD 15.
    static func sampleWithSources() throws -> ImportHarness {
        let h = try sampleHarness()
        _ = try h.detectGaps(try analysis())
        try h.write { tx in
            let series = SeriesKey(pairID: try tx.ensurePair("XBTUSD"), interval: CandleInterval(minutes: 60)!)
            let start = t("2024-10-01")
            let api = (0..<5).map {
                Candle(openTime: start + Int64($0) * 3600, open: 1, high: 1, low: 1, close: 1, volume: 1, trades: 1)
            }
            let apiSpan = TimeRange(start: start, end: start + 18_000)
            try CoveredWrite.write(api, series: series, source: .api, covering: apiSpan, in: tx)
            let eth = SeriesKey(pairID: try tx.ensurePair("ETHUSD"), interval: CandleInterval(minutes: 15)!)
            let trades = [Candle(openTime: start, open: 2, high: 2, low: 2, close: 2, volume: 2, trades: 2)]
            let tradesSpan = TimeRange(start: start, end: start + 900)
            try CoveredWrite.write(trades, series: eth, source: .trades, covering: tradesSpan, in: tx)
            let sol = SeriesKey(pairID: try tx.ensurePair("SOLUSD"), interval: CandleInterval(minutes: 5)!)
            let solSpan = TimeRange(start: start, end: start + 1200)
            try CoveredWrite.write(Array(api.prefix(1)), series: sol, source: .api, covering: solSpan, in: tx)
        }
        return h
    }

    @Test("PairAliases spells a pair as the command line accepts it, with or without the AssetPairs entry")
    func aliasSpellings() {
        #expect(
            PairAliases.of(altname: "XBTUSD", assetPair: nil) == ["XBTUSD", "XBT/USD", "BTCUSD", "BTC/USD", "XXBTZUSD"])
        #expect(
            PairAliases.of(altname: "ETHXBT", assetPair: nil) == ["ETHXBT", "ETH/XBT", "ETHBTC", "ETH/BTC", "XETHXXBT"])
        #expect(PairAliases.of(altname: "XDGUSDT", assetPair: nil) == ["XDGUSDT", "XDG/USDT", "DOGEUSDT", "DOGE/USDT"])
        #expect(PairAliases.of(altname: "ATOMUSD", assetPair: nil) == ["ATOMUSD", "ATOM/USD"])
        #expect(PairAliases.of(altname: "XBTQQQ", assetPair: nil) == ["XBTQQQ", "BTCQQQ"])
        let cached = AssetPair(key: "XETHZEUR", altname: "ETHEUR", wsname: "ETH/EUR", base: "XETH", quote: "ZEUR")
        #expect(PairAliases.of(altname: "ETHEUR", assetPair: cached) == ["ETHEUR", "XETHZEUR", "ETH/EUR"])
        for alias in PairAliases.of(altname: "XBTUSDC", assetPair: nil) {
            #expect(PairName.normalize(alias) == "XBTUSDC", "\(alias)")
        }
    }

    @Test("v_series equals a GROUP BY over the candles and the open gap records of the sample")
    func seriesEqualsScan() throws {
        let h = try Self.sampleWithSources()
        let p = try h.probe()
        let fromSeries = try p.strings(
            """
            SELECT pair || ' ' || interval_minutes || ' ' || candles || ' ' || open_gaps || ' ' || gap_candles
                   || ' ' || (api_fillable_candles + trades_rebuildable_candles + archive_required_candles)
            FROM v_series ORDER BY pair, interval_minutes
            """)
        let fromScan = try p.strings(
            """
            SELECT c.pair || ' ' || c.interval_minutes || ' ' || c.n || ' ' || COALESCE(g.n, 0) || ' '
                   || COALESCE(g.candles, 0) || ' ' || COALESCE(g.candles, 0)
            FROM (SELECT pair, interval_minutes, COUNT(*) AS n FROM v_candles GROUP BY pair, interval_minutes) c
            LEFT JOIN (SELECT pair, interval_minutes, COUNT(*) AS n, SUM(candles) AS candles FROM v_gaps
                       WHERE status IN ('DETECTED', 'BACKFILLING', 'FAILED', 'UNFILLABLE')
                       GROUP BY pair, interval_minutes) g
                   ON g.pair = c.pair AND g.interval_minutes = c.interval_minutes
            ORDER BY c.pair, c.interval_minutes
            """)
        #expect(fromSeries.count == 21)
        #expect(fromSeries == fromScan)
        // An archive import covers from its first to its last candle.
        let mana = try p.strings(
            """
            SELECT first_utc || ' ' || last_utc || ' ' || source FROM v_series
            WHERE pair = 'MANAUSD' AND interval_minutes = 1440
            """)
        let scanned = try p.strings(
            """
            SELECT MIN(open_time_utc) || ' ' || MAX(open_time_utc) || ' archive' FROM v_candles
            WHERE pair = 'MANAUSD' AND interval_minutes = 1440
            """)
        #expect(mana == scanned)
    }

    @Test("v_candles, v_coverage and v_series say archive, api, trades or mixed alike")
    func sourceWords() throws {
        let h = try Self.sampleWithSources()
        let p = try h.probe()
        let words = Set(CandleSource.allCases.map(\.name) + ["mixed"])
        #expect(Set(try p.strings("SELECT DISTINCT source FROM v_candles")) == ["archive", "api", "trades"])
        #expect(Set(try p.strings("SELECT DISTINCT source FROM v_coverage")) == words)
        #expect(Set(try p.strings("SELECT DISTINCT source FROM v_series")).isSubset(of: words))
        // Every candle source's coverage code is named with the candle source's own word.
        for source in CandleSource.allCases {
            #expect(
                try p.strings(
                    "SELECT name FROM coverage_sources WHERE code = ?", [source.coverageSource.rawValue])
                    == [source.name])
        }
        // A series whose ranges all have one source says the word its candles say.
        let single = try p.strings(
            """
            SELECT s.pair || s.interval_minutes || s.source FROM v_series s WHERE s.source <> 'mixed'
            ORDER BY 1
            """)
        let candles = try p.strings(
            """
            SELECT pair || interval_minutes || MIN(source) FROM v_candles GROUP BY pair, interval_minutes
            HAVING COUNT(DISTINCT source) = 1 ORDER BY 1
            """)
        #expect(single.count == 20)
        #expect(Set(single).isSubset(of: Set(candles)))
        #expect(
            try p.strings("SELECT source FROM v_coverage WHERE pair = 'ETHUSD' AND interval_minutes = 15")
                .contains("trades"))
        #expect(
            try p.strings("SELECT source FROM v_series WHERE pair = 'XBTUSD' AND interval_minutes = 60")
                == ["mixed"])
    }

    @Test("v_series reads no candle: its query plan names only coverage, gaps and small tables")
    func seriesPlan() throws {
        let h = try Self.sampleWithSources()
        let p = try h.probe()
        for sql in [
            "SELECT * FROM v_series",
            "SELECT * FROM v_series WHERE pair = 'XBTUSD'",
            "SELECT s.* FROM v_series s JOIN v_pair_aliases a ON a.pair_id = s.pair_id WHERE a.alias = 'BTC/USD'",
        ] {
            let plan = try p.dbQueue.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }
            }
            #expect(plan.contains { $0.contains("coverage") }, "\(plan)")
            #expect(!plan.contains { $0.contains("candles") }, "\(sql): \(plan)")
        }
    }

    @Test("any alias filters the views in SQL: BTC/USD, XBT/USD, xbtusd and XXBTZUSD find XBTUSD")
    func aliasesInSQL() throws {
        let h = try Self.sampleWithSources()
        let p = try h.probe()
        let xbt = try p.int("SELECT COUNT(*) FROM v_candles WHERE pair = 'XBTUSD' AND interval_minutes = 60")
        #expect(xbt > 4000)
        for alias in ["XBTUSD", "BTC/USD", "XBT/USD", "xbtusd", "XXBTZUSD", "BTCUSD"] {
            #expect(
                try p.int(
                    """
                    SELECT COUNT(*) FROM v_candles c JOIN v_pair_aliases a ON a.altname = c.pair
                    WHERE a.alias = ? AND c.interval_minutes = 60
                    """, [alias]) == xbt, "\(alias)")
            #expect(
                try p.strings(
                    """
                    SELECT s.pair || ' ' || s.interval_minutes FROM v_series s
                    JOIN v_pair_aliases a ON a.pair_id = s.pair_id WHERE a.alias = ? ORDER BY s.interval_minutes
                    """, [alias]) == ["XBTUSD 15", "XBTUSD 60", "XBTUSD 240", "XBTUSD 1440"], "\(alias)")
        }
        // Every stored alias resolves, on the command line, to the pair it belongs to.
        let pairs = try p.dbQueue.read { db in
            try Row.fetchAll(db, sql: "SELECT alias, altname FROM v_pair_aliases")
                .map { ($0[0] as String, $0[1] as String) }
        }
        #expect(pairs.count >= 18)
        for (alias, altname) in pairs {
            #expect(PairName.normalize(alias) == altname, "\(alias)")
        }
    }

    @Test("migrating a v5 store adds the aliases of its pairs and renames the coverage sources")
    func migratesV5Store() throws {
        let dir = try TempDir()
        let path = dir.file("v5.sqlite")
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v5-spot-api")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO pairs (id, altname, first_seen_at) VALUES (7, 'XBTUSD', 0)")
            try db.execute(
                sql: """
                    INSERT INTO coverage (pair_id, interval_minutes, start_time, end_time, source, rows, updated_at)
                    VALUES (7, 60, 0, 36000, 'CSV', 9, 5)
                    """)
        }
        try queue.close()
        let store = try SQLiteStore.open(path: path)
        #expect(try store.read { try $0.altnames(alias: "BTC/USD") } == ["XBTUSD"])
        let row = try #require(try store.read { try $0.seriesSummaries(alias: "XXBTZUSD") }.first)
        #expect(row.candles == 9 && row.noTradeSlots == 1 && row.source == "archive" && row.updatedAt == 5)
        #expect(try StoreProbe(path: path).strings("SELECT source FROM v_coverage") == ["archive"])
    }

    @Test("a binary that knows only v1…v5 opens a v6 store and finds its pairs by altname; a newer store is refused")
    func olderBinaryOnNewerStore() throws {
        let dir = try TempDir()
        let path = dir.file("v6.sqlite")
        _ = try SQLiteStore.open(path: path)
        // The older binary: the same first five migrations, nothing after them.
        var older = DatabaseMigrator()
        for name in ["v1-core-tables", "v2-gaps", "v3-phases-history-cursors", "v4-futures", "v5-spot-api"] {
            older.registerMigration(name) { _ in Issue.record("\(name) must not run again") }
        }
        let queue = try DatabaseQueue(path: path)
        try older.migrate(queue)
        #expect(try queue.read { try older.hasCompletedMigrations($0) })
        try queue.write { db in
            try db.execute(sql: "INSERT INTO pairs (altname, first_seen_at) VALUES ('ADAEUR', 0)")
        }
        try queue.close()
        let store = try SQLiteStore.open(path: path)
        #expect(try store.read { try $0.altnames(alias: "adaeur") } == ["ADAEUR"])
        // A store a newer kraken-ingest migrated further is refused, reading and writing: this version's statements
        // would leave the newer columns unset.
        let newer = try DatabaseQueue(path: path)
        try newer.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
        try newer.close()
        #expect(throws: KrakenIngestError.self) { try SQLiteStore.open(path: path) }
        #expect(throws: KrakenIngestError.self) { try SQLiteStore.openReadOnly(path: path) }
    }
}
