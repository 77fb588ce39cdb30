import Foundation
import Testing

@testable import KrakenIngest

// MARK: - Series summaries and pair aliases

extension StoreContractTests {
    @Suite("series summaries and aliases")
    struct SeriesSummaries: StoreContractSuite {
        static let open: Set<GapStatus> = [.detected, .backfilling, .failed, .unfillable]

        func gap(_ from: Int, _ to: Int, _ gapClass: GapClass) -> ClassifiedGap {
            ClassifiedGap(
                range: slots(from, to), candles: Int64(to - from), gapClass: gapClass,
                apiStart: gapClass == .apiFillable ? slot(from) : nil,
                apiCandles: gapClass == .apiFillable ? Int64(to - from) : 0, suggestion: nil, tradesRequests: nil)
        }

        func covered(_ from: Int, _ to: Int, _ source: CoverageSource, rows: Int64) -> CoverageRange {
            CoverageRange(range: slots(from, to), source: source, rows: rows, trades: rows * 2)
        }

        /// XBTUSD 60: an archive range [0, 10) with 8 candles, an API range [20, 32) with 10, open gaps of every
        /// class (one FILLED and one SUPERSEDED that do not count); ETHUSD 1440: one archive range; SOLUSD 60:
        /// an open gap and no coverage.
        func fill(_ s: ContractStore) throws {
            let xbt = try s.series("XBTUSD")
            let eth = try s.series("ETHUSD", minutes: 1440)
            let sol = try s.series("SOLUSD")
            try s.write { tx throws in
                try tx.replaceCoverage(xbt, removing: [], with: covered(0, 10, .csv, rows: 8))
                try tx.replaceCoverage(xbt, removing: [], with: covered(20, 32, .api, rows: 10))
                try tx.replaceCoverage(eth, removing: [], with: covered(0, 24 * 30, .csv, rows: 30))
                try tx.insertGap(gap(10, 14, .archiveRequired), series: xbt, history: .fresh)
                try tx.insertGap(gap(14, 17, .tradesRebuildable), series: xbt, history: GapHistory(status: .failed))
                try tx.insertGap(gap(17, 20, .apiFillable), series: xbt, history: GapHistory(status: .unfillable))
                try tx.insertGap(gap(32, 40, .apiFillable), series: xbt, history: GapHistory(status: .backfilling))
                try tx.insertGap(gap(40, 45, .apiFillable), series: xbt, history: GapHistory(status: .filled))
                let gone = try tx.insertGap(gap(50, 60, .archiveRequired), series: xbt, history: .fresh)
                try tx.supersedeGap(gone, by: gone)
                try tx.insertGap(gap(0, 5, .archiveRequired), series: sol, history: .fresh)
            }
        }

        @Test("a series summary has the exact figures of its ranges and open gaps", arguments: StoreEngineFactory.all)
        func figures(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            try fill(s)
            let rows = try s.read { try $0.seriesSummaries(alias: nil) }
            #expect(rows.map { "\($0.pair) \($0.minutes)" } == ["ETHUSD 1440", "SOLUSD 60", "XBTUSD 60"])
            let xbt = try #require(rows.last)
            #expect(xbt.firstOpenTime == slot(0))
            #expect(xbt.lastOpenTime == slot(31))
            #expect(xbt.candles == 18)
            #expect(xbt.noTradeSlots == 4)
            #expect(xbt.ranges == 2)
            #expect(xbt.coveredSlots == 22)
            #expect(xbt.spanSlots == 32)
            #expect(xbt.source == "mixed")
            #expect(xbt.openGaps == 4)
            #expect(xbt.archiveRequiredCandles == 4)
            #expect(xbt.tradesRebuildableCandles == 3)
            #expect(xbt.apiFillableCandles == 11)
            #expect(xbt.gapCandles == 18)
            #expect(xbt.updatedAt == s.now)
            #expect(rows[0].source == "archive")
            #expect(rows[0].candles == 30 && rows[0].noTradeSlots == 0 && rows[0].lastOpenTime == t0 + 29 * 86_400)
            let sol = rows[1]
            #expect(sol.firstOpenTime == nil && sol.lastOpenTime == nil && sol.updatedAt == nil && sol.source == nil)
            #expect(sol.candles == 0 && sol.ranges == 0 && sol.coveredSlots == 0 && sol.spanSlots == 0)
            #expect(sol.openGaps == 1 && sol.archiveRequiredCandles == 5 && sol.gapCandles == 5)
        }

        @Test("series summaries agree with what coverage and gapRecords report", arguments: StoreEngineFactory.all)
        func agreesWithCoverageAndGaps(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            try fill(s)
            try s.read { r throws in
                let coverage = try r.coverage(pairs: nil, intervals: nil)
                let gaps = try r.gapRecords(statuses: Self.open)
                let updates = try r.coverageLastUpdates()
                for row in try r.seriesSummaries(alias: nil) {
                    let ranges = coverage.first { $0.pair == row.pair && $0.interval.minutes == row.minutes }?.ranges
                    let step = Int64(row.minutes) * 60
                    let slots = (ranges ?? []).reduce(Int64(0)) { $0 + ($1.range.end - $1.range.start) / step }
                    #expect(row.candles == (ranges ?? []).reduce(0) { $0 + $1.rows })
                    #expect(row.coveredSlots == slots)
                    #expect(row.noTradeSlots == slots - row.candles)
                    #expect(row.ranges == Int64(ranges?.count ?? 0))
                    #expect(row.firstOpenTime == ranges?.first?.range.start)
                    #expect(row.lastOpenTime == ranges?.last.map { $0.range.end - step })
                    #expect(row.updatedAt == updates[SeriesName(pair: row.pair, minutes: row.minutes)])
                    let open = gaps.filter { $0.pair == row.pair && $0.interval == row.minutes }
                    #expect(row.openGaps == Int64(open.count))
                    for gapClass in GapClass.allCases {
                        let candles = open.filter { $0.gapClass == gapClass }.reduce(0) { $0 + $1.candles }
                        let reported: Int64 =
                            switch gapClass {
                            case .apiFillable: row.apiFillableCandles
                            case .tradesRebuildable: row.tradesRebuildableCandles
                            case .archiveRequired: row.archiveRequiredCandles
                            }
                        #expect(reported == candles, "\(row.pair) \(row.minutes) \(gapClass)")
                    }
                }
            }
        }

        @Test("BTC/USD, XBT/USD, btcusd and XXBTZUSD all find XBTUSD", arguments: StoreEngineFactory.all)
        func aliases(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            try fill(s)
            try s.read { r throws in
                for alias in ["XBTUSD", "BTC/USD", "XBT/USD", "BTCUSD", "btc/usd", "XXBTZUSD", "xbtusd"] {
                    #expect(try r.altnames(alias: alias) == ["XBTUSD"], "\(alias)")
                    #expect(try r.seriesSummaries(alias: alias).map(\.pair) == ["XBTUSD"], "\(alias)")
                }
                #expect(try r.altnames(alias: "ETH/USD") == ["ETHUSD"])
                #expect(try r.seriesSummaries(alias: "XETHZUSD").map(\.minutes) == [1440])
                #expect(try r.altnames(alias: "DOGE/USD") == [])
                #expect(try r.seriesSummaries(alias: "BTC/EUR") == [])
            }
        }

        @Test("the AssetPairs cache adds its keys and websocket names as aliases", arguments: StoreEngineFactory.all)
        func cachedAliases(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            _ = try s.series("XDGUSD")
            _ = try s.series("WIFUSD")
            #expect(try s.read { try $0.altnames(alias: "DOGE/USD") } == ["XDGUSD"])
            #expect(try s.read { try $0.altnames(alias: "XXDGZUSD") } == ["XDGUSD"])
            #expect(try s.read { try $0.altnames(alias: "WIF/USD") } == ["WIFUSD"])
            try s.write { tx throws in
                try tx.replaceAssetPairs([
                    AssetPair(key: "XDGUSD", altname: "XDGUSD", wsname: "XDG/USD", base: "XXDG", quote: "ZUSD"),
                    AssetPair(key: "WIFUSD", altname: "WIFUSD", wsname: "WIF/USD", base: "WIF", quote: "ZUSD"),
                    AssetPair(key: "XETHZUSD", altname: "ETHUSD", wsname: "ETH/USD", base: "XETH", quote: "ZUSD"),
                ])
            }
            // A pair first stored after the cache was filled gets the cached names with it.
            _ = try s.series("ETHUSD")
            try s.read { r throws in
                #expect(try r.altnames(alias: "XDG/USD") == ["XDGUSD"])
                #expect(try r.altnames(alias: "doge/usd") == ["XDGUSD"])
                #expect(try r.altnames(alias: "wif/usd") == ["WIFUSD"])
                #expect(try r.altnames(alias: "XETHZUSD") == ["ETHUSD"])
                #expect(try r.altnames(alias: "ETH/USD") == ["ETHUSD"])
            }
        }
    }
}
