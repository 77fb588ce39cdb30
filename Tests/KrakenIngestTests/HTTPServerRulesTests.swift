import Foundation
import KrakenTestServer
import Testing

@testable import KrakenIngest

/// The imitation follows Kraken's OHLC rules (kraken-api.md §3), checked over real HTTP through the client.
@Suite("HTTP imitation server: Kraken's OHLC and AssetPairs rules")
struct HTTPServerRulesTests {
    /// Open time of the current hourly candle at `httpTestNow`.
    static let currentHour = httpTestNow / 3600 * 3600

    @Test("only the newest 720 rows: 719 closed candles from floor(now) − 719 × interval, then the current one")
    func newest720() async throws {
        try await withHTTPHarness { h in
            let body = try OHLCBody(try await h.get(h.ohlcURL()).body)
            #expect(body.rows.count == 720)
            #expect(body.times.first == Self.currentHour - 719 * 3600)
            #expect(body.times.last == Self.currentHour)
            #expect(zip(body.times, body.times.dropFirst()).allSatisfy { $1 - $0 == 3600 })
            #expect((body.last as? NSNumber)?.int64Value == Self.currentHour - 3600)
            let early = try OHLCBody(try await h.get(h.ohlcURL(since: "0")).body)
            #expect(early.rows.count == 720, "since before the window changes nothing")
        }
    }

    @Test("since is exclusive; the unfinished candle is present even when since is past it")
    func exclusiveSince() async throws {
        try await withHTTPHarness { h in
            let since = Self.currentHour - 3 * 3600
            let body = try OHLCBody(try await h.get(h.ohlcURL(since: "\(since)")).body)
            #expect(body.times == [since + 3600, since + 7200, Self.currentHour])
            let atNow = try OHLCBody(try await h.get(h.ohlcURL(since: "\(httpTestNow)")).body)
            #expect(atNow.times == [Self.currentHour])
            #expect((atNow.last as? NSNumber)?.int64Value == Self.currentHour - 3600)
        }
    }

    @Test("the last row is the unfinished candle as of now; once closed it is final and last moves on")
    func unfinishedLastRow() async throws {
        try await withHTTPHarness { h in
            let since = "\(Self.currentHour - 3600)"
            let partial = try OHLCBody(try await h.get(h.ohlcURL(since: since)).body)
            let expected = SyntheticCandles.candle(
                .xbtusd, intervalMinutes: 60, open: Self.currentHour, asOf: httpTestNow)
            let row = try #require(partial.rows.last)
            #expect(row[4] as? String == "\(Double(expected.close) / 10)")
            #expect((row[7] as? NSNumber)?.intValue == expected.count)
            h.clock.advance(seconds: 3600)
            let later = try OHLCBody(try await h.get(h.ohlcURL(since: since)).body)
            #expect(later.times == [Self.currentHour, Self.currentHour + 3600])
            let closed = SyntheticCandles.candle(.xbtusd, intervalMinutes: 60, open: Self.currentHour)
            #expect((later.rows[0][7] as? NSNumber)?.intValue == closed.count)
            #expect(closed.volume >= expected.volume && closed.count >= expected.count)
            #expect((later.last as? NSNumber)?.int64Value == Self.currentHour)
        }
    }

    @Test(
        "the result key is the pair's internal key, whichever name was asked for",
        arguments: [
            ("XBTUSD", "XXBTZUSD"), ("XBT/USD", "XXBTZUSD"), ("XXBTZUSD", "XXBTZUSD"),
            ("SOLUSD", "SOLUSD"), ("ETHUSD", "XETHZUSD"), ("XBTUSDT", "XBTUSDT"),
        ])
    func internalKey(_ asked: String, _ key: String) async throws {
        try await withHTTPHarness { h in
            let body = try OHLCBody(try await h.get(h.ohlcURL(pair: asked, interval: "1440")).body)
            #expect(body.key == key)
        }
    }

    @Test("last is sent as a number or as a string, as configured")
    func lastStyle() async throws {
        try await withHTTPHarness(server: { $0.lastStyle = .string }) { h in
            let text = try await h.get(h.ohlcURL(interval: "15")).text
            let last = (httpTestNow / 900 * 900) - 900
            #expect(text.hasSuffix(#""last":"\#(last)"}}"#))
            #expect(try OHLCBody(Data(text.utf8)).last as? String == "\(last)")
            h.server.configure { $0.lastStyle = .number }
            #expect(try await h.get(h.ohlcURL(interval: "15")).text.hasSuffix(#""last":\#(last)}}"#))
        }
    }

    @Test("rows look like Kraken's: integer time and count, decimal strings, OHLC within high and low")
    func rowShape() async throws {
        try await withHTTPHarness { h in
            let body = try OHLCBody(try await h.get(h.ohlcURL(pair: "ETHUSD", interval: "5")).body)
            for row in body.rows {
                #expect(row.count == 8)
                let prices = row[1...5].compactMap { ($0 as? String).flatMap(Double.init) }
                let volume = try #require((row[6] as? String).flatMap(Double.init))
                #expect(prices.count == 5 && volume > 0)
                #expect(prices[1] >= max(prices[0], prices[3]) && prices[2] <= min(prices[0], prices[3]))
                #expect((row[5] as? String)?.split(separator: ".").last?.count == 2, "ETHUSD has 2 price decimals")
            }
            let closes = body.rows.dropLast().map { $0[4] as? String }
            let opens = body.rows.dropFirst().map { $0[1] as? String }
            #expect(closes == opens, "synthetic prices are continuous")
            let again = try await h.get(h.ohlcURL(pair: "ETHUSD", interval: "5")).body
            #expect(try OHLCBody(again).times == body.times, "deterministic")
        }
    }

    @Test("slots without trades are omitted, or sent as zero-trade rows, as configured")
    func noTradeSlots() async throws {
        let quiet = SpotPairSpec(
            key: "QUIETUSD", altname: "QUIETUSD", wsname: "QUIET/USD", base: "QUIET", quote: "ZUSD",
            priceDecimals: 4, basePriceTicks: 12_345, noTradePermille: 300)
        try await withHTTPHarness(server: { $0.pairs = [quiet] }) { h in
            let omitted = try OHLCBody(try await h.get(h.ohlcURL(pair: "QUIETUSD")).body)
            #expect(omitted.rows.count < 700 && omitted.rows.count > 300)
            #expect(omitted.counts.dropLast().allSatisfy { $0 > 0 })
            h.server.configure { $0.noTradeRows = .zeroRows }
            let zero = try OHLCBody(try await h.get(h.ohlcURL(pair: "QUIETUSD")).body)
            #expect(zero.rows.count == 720)
            let empty = zero.rows.filter { ($0[7] as? NSNumber)?.intValue == 0 }
            #expect(empty.count >= 720 - omitted.rows.count)
            for row in empty {
                #expect(Set(row[1...4].compactMap { $0 as? String }).count == 1, "O=H=L=C")
                #expect(row[6] as? String == "0.00000000" && row[5] as? String == "0.0000")
            }
        }
    }

    @Test("interval 720 and unknown intervals are invalid arguments; an unknown pair is unknown")
    func rejectedQueries() async throws {
        try await withHTTPHarness { h in
            for interval in ["720", "7", "abc"] {
                let response = try await h.get(h.ohlcURL(interval: interval), classify: .httpStatus)
                #expect(response.status == 200 && spotErrors(response.body) == ["EGeneral:Invalid arguments"])
            }
            let unknown = try await h.get(h.ohlcURL(pair: "DOGEFOO"), classify: .httpStatus)
            #expect(spotErrors(unknown.body) == ["EQuery:Unknown asset pair"])
            let every = try await h.get(h.ohlcURL(interval: "21600"))
            #expect(try OHLCBody(every.body).rows.count == 720)
        }
    }

    @Test("AssetPairs gives key, altname and wsname of the configured pairs, filtered by pair=")
    func assetPairs() async throws {
        try await withHTTPHarness { h in
            let all = try await h.get(h.server.url(SpotRoutes.assetPairsPath))
            let object = try #require(try JSONSerialization.jsonObject(with: all.body) as? [String: Any])
            let result = try #require(object["result"] as? [String: [String: Any]])
            #expect(Set(result.keys) == ["XXBTZUSD", "XETHZUSD", "SOLUSD", "XBTUSDT"])
            #expect(result["XXBTZUSD"]?["altname"] as? String == "XBTUSD")
            #expect(result["XXBTZUSD"]?["wsname"] as? String == "XBT/USD")
            #expect(result["SOLUSD"]?["altname"] as? String == "SOLUSD")
            let one = try await h.get(h.server.url(SpotRoutes.assetPairsPath, ["pair": "XBT/USD,SOLUSD"]))
            let filtered = try #require(try JSONSerialization.jsonObject(with: one.body) as? [String: Any])
            #expect(Set(((filtered["result"] as? [String: Any]) ?? [:]).keys) == ["XXBTZUSD", "SOLUSD"])
            let bad = try await h.get(h.server.url(SpotRoutes.assetPairsPath, ["pair": "NOPE"]), classify: .httpStatus)
            #expect(spotErrors(bad.body) == ["EQuery:Unknown asset pair"])
        }
    }

    @Test("the request log keeps path, query, headers and arrival; faults can target one pair")
    func requestLogAndPairFaults() async throws {
        try await withHTTPHarness { h in
            h.server.faults.enqueue(.busy, path: SpotRoutes.ohlcPath, pair: "ETHUSD")
            _ = try await h.get(h.ohlcURL(pair: "XBTUSD"))
            _ = try await h.get(h.ohlcURL(pair: "ETHUSD"))
            #expect(h.server.faults.pending == 0)
            let entries = h.server.log.entries
            #expect(entries.map(\.pair) == ["XBTUSD", "ETHUSD", "ETHUSD"])
            #expect(entries.map(\.status) == [200, 200, 200])
            #expect(entries[1].fault == .busy && entries[2].fault == nil)
            #expect(entries[0].query["interval"] == "60" && entries[0].rawQuery == "pair=XBTUSD&interval=60")
            #expect(entries[0].arrival == UnixMillis(seconds: httpTestNow))
            #expect(entries[2].arrival == UnixMillis(seconds: httpTestNow + 2), "after the 2 s backoff")
            #expect(entries.allSatisfy { $0.finishedAt ?? 0 >= $0.arrivedAt })
            #expect(h.server.baseURL.absoluteString == "http://127.0.0.1:\(h.server.port)")
        }
    }
}
