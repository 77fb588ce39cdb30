import Foundation
import KrakenTestServer
import Testing

@testable import KrakenIngest

/// The spot client: every OHLC variant Kraken's recordings show, and pair names through AssetPairs.
@Suite struct SpotClientTests {
    let hour = CandleInterval(minutes: 60)!

    /// Modelled on the recorded ETHEUR answer: `last` a number, one row after it (the unfinished candle).
    @Test func dropsTheUnfinishedRowAndFindsTheResultKey() throws {
        let body = #"""
            {"error":[],"result":{"XETHZEUR":[[1716537600,"3390.00","3402.10","3388.00","3400.00","3395.55","12.5",120],
            [1716541200,"3400.00","3405.00","3398.00","3401.65","3401.00","9.25000000",88],
            [1716544800,"3401.65","3412.00","3401.28","3408.01","3405.76","67.23911980",394]],"last":1716541200}}
            """#
        let page = try SpotOHLCDecoder.decode(Data(body.utf8), interval: hour, since: nil)
        #expect(page.resultKey == "XETHZEUR" && page.last == 1_716_541_200 && page.rowsReturned == 3)
        #expect(page.candles.map(\.openTime) == [1_716_537_600, 1_716_541_200])
        #expect(
            page.candles[1]
                == Candle(
                    openTime: 1_716_541_200, open: 3400, high: 3405, low: 3398, close: 3401.65,
                    volume: 9.25, trades: 88, vwap: 3401))
        #expect(page.span == TimeRange(start: 1_716_537_600, end: 1_716_544_800))
    }

    @Test func acceptsLastAsAStringAndZeroTradeRows() throws {
        let body = #"""
            {"error":[],"result":{"last":"1591475640","XETHXXBT":[
            [1591475520,"0.02500","0.02501","0.02499","0.02499","0.02500","1.5",3],
            [1591475580,"0.02499","0.02499","0.02499","0.02499","0.00000","0.00000000",0],
            [1591475640,"0.02499","0.02502","0.02499","0.02502","0.02501","2.0",5],
            [1591475700,"0.02502","0.02502","0.02502","0.02502","0.02502","0.1",1]]}}
            """#
        let minute = CandleInterval(minutes: 1)!
        let page = try SpotOHLCDecoder.decode(Data(body.utf8), interval: minute, since: 1_591_475_460)
        #expect(page.resultKey == "XETHXXBT" && page.last == 1_591_475_640)
        #expect(page.candles.map(\.openTime) == [1_591_475_520, 1_591_475_640])
        #expect(page.zeroTradeRows == 1)
        // The zero-trade slot stays inside the vouched span: it becomes a no-trade slot, not a gap.
        #expect(page.span == TimeRange(start: 1_591_475_520, end: 1_591_475_700))
    }

    @Test func rejectsAnswersWithoutTheDocumentedShape() {
        for body in [
            #"{"error":[],"result":{"last":1}}"#, #"{"error":[],"result":{"A":[],"B":[],"last":1}}"#,
            #"{"error":[],"result":{"A":[[1,"x"]],"last":1}}"#, #"{"error":[],"result":{"A":[]}}"#,
        ] {
            #expect(throws: SpotResponseError.self) {
                try SpotOHLCDecoder.decode(Data(body.utf8), interval: CandleInterval(minutes: 1)!, since: nil)
            }
        }
    }

    @Test(arguments: [720, 721])
    func overRealHTTPOnlyFinishedCandlesComeBackWhateverTheRowCount(rows: Int) async throws {
        try await withBackfillRig(server: {
            $0.ohlcRows = rows
            $0.lastStyle = .string
        }) { rig in
            let page = try await rig.spot.ohlc(pair: "XBTUSD", interval: hour, since: nil)
            #expect(page.resultKey == "XXBTZUSD" && page.last == backfillLastHour && page.rowsReturned == rows)
            #expect(page.candles.count == rows - 1)
            #expect(page.candles.last == BackfillRig.served(.xbtusd, open: backfillLastHour))
            #expect(page.span?.end == backfillCurrentHour)
            #expect(page.span?.start == backfillCurrentHour - Int64(rows - 1) * 3600)
            let sinced = try await rig.spot.ohlc(pair: "XBTUSD", interval: hour, since: backfillLastHour - 3600)
            #expect(sinced.candles.map(\.openTime) == [backfillLastHour])
            let request = try #require(rig.server.log.entries(path: SpotRoutes.ohlcPath).first)
            #expect(request.header("User-Agent")?.hasPrefix("kraken-ingest/") == true)
        }
    }

    @Test func everySpellingOfAPairMeetsThroughAssetPairs() async throws {
        try await withBackfillRig { rig in
            let pairs = try await rig.spot.assetPairs()
            #expect(pairs.count == 4)
            let directory = SpotPairDirectory(pairs)
            for name in ["XBTUSD", "XXBTZUSD", "BTC/USD", "XBT/USD", "btcusd", "BTC-USD"] {
                #expect(directory.resolve(name)?.key == "XXBTZUSD", "\(name)")
            }
            #expect(directory.resolve("XBTUSDT")?.key == "XBTUSDT")
            #expect(directory.resolve("BTC/USDT")?.altname == "XBTUSDT")
            #expect(directory.resolve("SOL/USD")?.key == "SOLUSD")
            #expect(directory.resolve("ETHEUR") == nil)

            // Cached in the store: the second lookup needs no request.
            let store = rig.harness.store
            let spot = rig.spot
            let resolved = try await onOwnThread { () -> [String?] in
                let session = try store.openWriterSession()
                defer { session.close() }
                let (first, firstError) = try SpotPairCache.resolving(["BTC/USD"], client: spot, session: session)
                let (second, _) = try SpotPairCache.resolving(["XBT/USD"], client: spot, session: session)
                return [
                    first.resolve("BTC/USD")?.altname, firstError.map { "\($0)" },
                    second.resolve("XXBTZUSD")?.altname,
                ]
            }
            #expect(resolved == ["XBTUSD", nil, "XBTUSD"])
            #expect(rig.server.log.count(path: SpotRoutes.assetPairsPath) == 2)
            #expect(
                try rig.harness.read { try $0.assetPairs() }.map(\.altname).sorted()
                    == ["ETHUSD", "SOLUSD", "XBTUSD", "XBTUSDT"])
        }
    }
}
