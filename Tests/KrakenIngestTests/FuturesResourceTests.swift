import Foundation
import Testing

@testable import KrakenIngest

/// Declared futures resources: JSON values, response shapes, records, errors and the paging planner.
/// Fixtures are modelled on responses recorded from Kraken (ccxt test cases and Kraken's OpenAPI examples).
@Suite("Futures resources")
enum FuturesResourceTests {
    static func page(
        _ resource: FuturesResource, _ body: String, headers: [String: String] = [:],
        status: Int = 200
    ) throws -> FuturesPage {
        try FuturesPage.decode(resource, body: Data(body.utf8), headers: headers, status: status)
    }

    /// The error decoding `body` throws; nil (with an issue) when it decodes or throws something else.
    static func refusal(
        _ resource: FuturesResource, _ body: String, headers: [String: String] = [:],
        status: Int = 200
    ) -> FuturesResponseError? {
        do {
            let decoded = try page(resource, body, headers: headers, status: status)
            Issue.record("decoded \(decoded.records.count) records")
        } catch let error as FuturesResponseError {
            return error
        } catch {
            Issue.record("threw \(error)")
        }
        return nil
    }

    /// `ccxt_krakenfutures_history_market_PI_XBTUSD_executions.json`: strings for numbers, `Execution`, `elements`.
    static let recordedExecutions = #"""
        {
            "elements": [
                {
                    "uid": "1aa82c9b-e778-49d9-976f-6c4974677089",
                    "timestamp": "1772026472238",
                    "event": {
                        "Execution": {
                            "execution": {
                            "uid": "73dd02fe-54f1-4ed8-a419-7e468357cd72",
                            "makerOrder": {
                                "uid": "a12a3479-d3e5-410a-8c86-3c1c4c8b6ef1", "tradeable": "PI_XBTUSD",
                                "direction": "Sell", "quantity": "200.0", "timestamp": "1772026410977",
                                "limitPrice": "66155.0", "orderType": "Limit", "reduceOnly": false,
                                "lastUpdateTimestamp": "1772026470976"
                            },
                            "takerOrder": {
                                "uid": "a12a34d7-4e1d-4018-ab50-04f6485736db", "tradeable": "PI_XBTUSD",
                                "direction": "Buy", "quantity": "200", "timestamp": "1772026472238",
                                "limitPrice": "66816.500", "orderType": "Market", "reduceOnly": false,
                                "lastUpdateTimestamp": "1772026472238"
                            },
                            "timestamp": "1772026472238",
                            "quantity": "200.0",
                            "price": "66155.0",
                            "markPrice": "66156.99270213483",
                            "limitFilled": true,
                            "usdValue": "200.00"
                            },
                            "takerReducedQuantity": ""
                        }
                    }
                }
            ],
            "len": "1",
            "continuationToken": "MTc3MjAyMTc1MTg0Ny81MzI5NzAyNjM5Mw=="
        }
        """#

    /// The other seen shape: `executionEvents`, `event.execution`, numbers as numbers, `len` a number,
    /// `continuation_token`; times missing at various depths.
    static let variantExecutions = #"""
        {"accountUid": "406142dd-7c5c-4a8b-acbc-5f16eca30009", "len": 3, "executionEvents": [
          {"uid": "e1", "timestamp": 1772026500000, "event": {"execution": {"execution": {
            "uid": "x1", "quantity": 0.5, "price": 66001.50, "markPrice": 66000, "limitFilled": false,
            "takerOrder": {"uid": "t1", "tradeable": "PF_XBTUSD", "direction": "Sell", "timestamp": 1772026499000},
            "takerOrderData": {"fee": 1.25e-1, "positionSize": -0.5}}, "takerReducedQuantity": ""}}},
          {"uid": "e2", "timestamp": "1772026600000", "event": {"Execution": {"execution": {
            "uid": "x2", "quantity": "1", "price": "3003.1",
            "makerOrder": {"tradeable": "PF_ETHUSD", "direction": "Buy"}}}}},
          {"uid": "e3", "event": {"Execution": {"execution": {"uid": "x3", "price": "1"}}}},
          "not an object"
        ], "continuation_token": "MTc3MjAyNjYwMDAwMC8x"}
        """#

    /// `ccxt_krakenfutures_history_account-log.json`: `logs`, RFC 3339 `date`, numbers as numbers, ids out of order.
    static let recordedAccountLog = #"""
        {"accountUid": "f92fc7de-2fce-4265-b806-4f3c1efb37ee", "logs": [
          {"asset": "usd", "booking_uid": "10ca244e-1b73-4467-8c3c-74539c7ae677", "contract": "pf_dogeusd",
           "date": "2026-08-11T19:55:24.251Z", "execution": "a59b8e24-89d8-4553-a084-b2de96dba5d3", "fee": 0.0035,
           "funding_rate": 1.129880786375e-06, "id": 9, "info": "futures trade", "margin_account": "flex",
           "mark_price": 0.07091471613, "new_balance": 0, "old_balance": 0.0077, "realized_funding": null,
           "realized_pnl": -0.0042, "trade_price": 0.070914},
          {"asset": "pf_dogeusd", "booking_uid": "628c1448-0c16-4b32-8de8-bd7fa44c81aa", "contract": "pf_dogeusd",
           "date": "2026-08-11T19:55:24.251Z", "execution": "a59b8e24-89d8-4553-a084-b2de96dba5d3", "fee": null,
           "id": 6, "info": "futures trade", "margin_account": "flex", "new_balance": 0, "old_balance": 100},
          {"asset": "usdt", "booking_uid": "36e3bc00-fc06-428c-b152-fd62b259f4ee", "contract": null,
           "date": "2026-08-11T19:55:24.251Z", "execution": null, "id": 7, "info": "conversion",
           "new_balance": 24.98878873, "old_balance": 24.9964965, "conversion_spread_percentage": 0},
          {"asset": "usd", "booking_uid": "72d0ea87-19b6-45c4-b7d0-1d69bc9f2c88", "contract": "pf_xrpusd",
           "date": "2026-08-10T16:00:00.000Z", "funding_rate": 5.44e-06, "id": 2, "info": "funding rate change",
           "new_balance": 1068.0355, "old_balance": 1068.0239, "realized_funding": 0.0116},
          {"asset": "usdt", "booking_uid": "9571a1b8-2dec-4e07-a24c-d5a411d69987", "contract": null,
           "date": "2026-08-11T19:47:59.088Z", "fee": 0, "id": 1, "info": "cross-exchange transfer",
           "new_balance": 25, "old_balance": 0}
        ]}
        """#

    /// Position updates as the v3 schema lists them: flat, no uid, a funding update without `executionUid`.
    static let flatPositions = #"""
        {"accountUid": "a", "len": "2", "elements": [
          {"accountUid": "a", "tradeable": "PF_XBTUSD", "oldPosition": "0", "oldAverageEntryPrice": null,
           "newPosition": "0.01", "newAverageEntryPrice": "66155.0", "fillTime": 1772026472238, "fee": "0.33",
           "feeCurrency": "USD", "realizedPnL": "0", "positionChange": "open",
           "executionUid": "73dd02fe-54f1-4ed8-a419-7e468357cd72", "executionPrice": "66155.0",
           "executionSize": "0.01", "tradeType": "userExecution", "timestamp": 1772026472238, "updateReason": "trade"},
          {"accountUid": "a", "tradeable": "PF_XBTUSD", "oldPosition": "0.01", "newPosition": "0.01",
           "newAverageEntryPrice": "66155.0", "fundingRealizationTime": 1772028000000, "realizedFunding": "-0.0012",
           "positionChange": "noChange", "timestamp": "1772028000000", "updateReason": "fundingRealisation"}
        ]}
        """#

    /// Position updates wrapped as `event.PositionUpdate`, with the uid outside or inside the wrapper.
    static let wrappedPositions = #"""
        {"elements": [
          {"uid": "p1", "timestamp": 1700000000000, "event": {"PositionUpdate": {"accountUid": "a",
            "tradeable": "PF_ETHUSD", "executionUid": "xyz", "oldPosition": "0", "newPosition": "1.25",
            "newAverageEntryPrice": "2000", "positionChange": "open", "updateReason": "trade"}}},
          {"event": {"PositionUpdate": {"uid": "abc", "executionUid": "xyz2", "timestamp": 1700000000001,
            "size": "1.25"}}}
        ], "continuationToken": null}
        """#

    /// `krakenfutures_tickers__official_openapi_example.json` (numbers) with one ccxt ticker (strings).
    static let tickers = #"""
        {"result": "success", "tickers": [
          {"tag": "perpetual", "pair": "XBT:USD", "symbol": "PI_XBTUSD", "markPrice": 30209.9, "bid": 8634,
           "ask": 49289, "vol24h": 15304, "openInterest": 149655, "indexPrice": 21087.8, "last": 49289,
           "lastTime": "2022-06-17T10:46:35.705Z", "suspended": false, "fundingRate": 1.18588737106e-07},
          {"symbol": "PF_DOGEUSD", "last": "0.096326", "lastTime": "2026-02-08T17:32:13.922599Z", "tag": "perpetual",
           "markPrice": "0.09624183255", "openInterest": "23062948.000000000000000", "suspended": false},
          {"symbol": "in_xbtusd", "last": 21088, "lastTime": "2022-06-17T11:00:30.000Z"},
          {"symbol": "rr_new", "last": 1}
        ], "serverTime": "2022-06-17T11:00:31.335Z"}
        """#

    /// `krakenfutures_openpositions_success__official_openapi_example.json`, shortened.
    static let openPositions = #"""
        {"result": "success", "openPositions": [
          {"side": "short", "symbol": "PI_XBTUSD", "price": 9392.749993345933, "fillTime": "2020-07-22T14:39:12.376Z",
           "size": 10000, "unrealizedFunding": 1.045432180096817e-05},
          {"side": "long", "symbol": "PF_LTCUSD", "price": "68.54", "fillTime": "2024-02-06T22:24:34.849Z",
           "size": "0.1", "unrealizedFunding": "-0.001878596918214635"}
        ], "serverTime": "2020-07-22T14:39:12.376Z"}
        """#
}

// MARK: - JSON values

extension FuturesResourceTests {
    @Suite("Futures JSON values")
    struct Values {
        @Test("numbers keep their literal text; strings holding numbers read as numbers")
        func numbers() throws {
            let json = try JSONValue.parse(
                #"""
                {"a": 66155.0, "b": "66155.0", "c": 1.129880786375e-06, "d": "",
                 "e": 9223372036854775807, "f": "12abc", "g": 1.7e12, "h": -0}
                """#)
            #expect(json["a"] == .number("66155.0"))
            #expect(json["a"]?.number?.text == "66155.0")
            #expect(json["b"]?.number == JSONNumber("66155.0"))
            #expect(json["b"]?.number?.double == 66155)
            #expect(json["c"]?.number?.text == "1.129880786375e-06")
            #expect(json["d"]?.number == nil)
            #expect(json["e"]?.integer == Int64.max)
            #expect(json["f"]?.number == nil)
            #expect(json["g"]?.integer == 1_700_000_000_000)
            #expect(json["a"]?.integer == 66155)
            #expect(json["c"]?.integer == nil)
            #expect(json["h"]?.canonicalText == "-0")
        }

        @Test("paths, coalescing and times from ms numbers, numeric strings and RFC 3339")
        func pathsAndTimes() throws {
            let json = try JSONValue.parse(
                #"""
                {"x": {"list": [{"t": "1772026472238"}, {"t": 1772026472239}]},
                 "date": "2026-08-11T19:55:24.251Z", "empty": "", "null": null}
                """#)
            #expect(json[path: "x.list.0.t"]?.millis == 1_772_026_472_238)
            #expect(json[path: "x.list.1.t"]?.millis == 1_772_026_472_239)
            #expect(json[path: "x.list.2.t"] == nil)
            #expect(json[path: "x.nope"] == nil)
            #expect(json["date"]?.millis == 1_786_478_124_251)
            #expect(json.first(["null", "empty", "date"]) == .string("2026-08-11T19:55:24.251Z"))
            #expect(JSONValue.string("yesterday").millis == nil)
            #expect(JSONPath("@event.Execution").inItem)
            #expect(JSONPath("@event.Execution").components == ["event", "Execution"])
        }

        @Test("canonical text: same value, any member order or spacing, identical bytes")
        func canonical() throws {
            let a = try JSONValue.parse(#"{"b": [1.50, "x/y", {"z": null, "a": true}], "a": "é\n\"\\", "c": {}}"#)
            let spacedOut: String =
                #"{ "c" : { } ,"a":"\u00e9\n\"\\","# + "\n"
                + #""b":[1.50,"x\/y",{"a":true,"z":null}]}"#
            let b = try JSONValue.parse(spacedOut)
            #expect(a.canonicalText == #"{"a":"é\n\"\\","b":[1.50,"x/y",{"a":true,"z":null}],"c":{}}"#)
            #expect(Array(a.canonicalText.utf8) == Array(b.canonicalText.utf8))
            #expect(try JSONValue.parse(a.canonicalText) == a)
            #expect(JSONValue.string("\u{01}\t").canonicalText == #""\u0001\t""#)
            #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
        }

        @Test(
            "malformed JSON is refused with the byte offset; deep nesting does not crash",
            arguments: ["", "{", #"{"a" 1}"#, "[1,]", "01", "1.", "-", "tru", #""\x""#, "{} x", "\"a\nb\""])
        func malformed(text: String) {
            #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
        }

        @Test("nesting deeper than 512 levels is an error, not a stack overflow")
        func deepNesting() {
            let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
            let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
            #expect((try? JSONValue.parse(fine)) != nil)
        }
    }
}

// MARK: - Declarations

extension FuturesResourceTests {
    @Suite("Futures declarations")
    struct Declarations {
        @Test("the five resources, their paths, access, cursor and write disposition")
        func catalog() {
            let summary = FuturesResource.all.map { "\($0.name) \($0.path) \($0.access) \($0.write)" }
            #expect(
                summary == [
                    "executions /api/history/v3/executions private merge",
                    "account_log /api/history/v3/account-log private merge",
                    "position_history /api/history/v3/positions private merge",
                    "tickers /derivatives/api/v3/tickers public replace",
                    "open_positions /derivatives/api/v3/openpositions private replace",
                ])
            #expect(FuturesResource.executions.cursorKind == .time)
            #expect(FuturesResource.accountLog.cursorKind == .sequentialID("id"))
            #expect(FuturesResource.accountLog.beforeFallbackLimit == 50)
            #expect(FuturesResource.tickers.cursorKind == .none)
            #expect(FuturesResource.named("position_history") == .positionHistory)
            #expect(FuturesResource.named("orders") == nil)
            for resource in FuturesResource.all {
                #expect(Set(resource.columns.map(\.name)).count == resource.columns.count, "\(resource.name)")
            }
        }

        @Test("a new resource is a declaration: orders history decodes with no new code")
        func declarationOnly() throws {
            let orders = FuturesResource(
                name: "orders", path: "/api/history/v3/orders", access: .private, itemKeys: ["elements"],
                tokenKeys: ["continuationToken"], naturalKey: [["@uid"]], timeFields: ["@timestamp"],
                paging: [.continuationToken], pageSize: 100, write: .merge,
                columns: [.millis("time_ms"), .text("symbol", "@event.OrderPlaced.order.tradeable")])
            let body = #"""
                {"elements": [{"uid": "2314da37", "timestamp": "1761036123057", "event": {"OrderPlaced": {
                  "order": {"tradeable": "PF_LTCUSD", "quantity": "0.1"}, "reason": "new_user_order"}}}],
                 "len": "1", "continuationToken": "MTc2MTAzNjAzNjUwNy80MjUxNzI3NDA3NjM="}
                """#
            let decoded = try page(orders, body)
            #expect(decoded.records.map(\.key) == ["2314da37"])
            #expect(decoded.records[0]["symbol"] == .text("PF_LTCUSD"))
            #expect(decoded.records[0]["time_ms"] == .integer(1_761_036_123_057))
            let next = FuturesPaging.advance(orders, cursor: nil, page: decoded).next
            #expect(next?.encoded == "sort=asc&count=100&continuation_token=MTc2MTAzNjAzNjUwNy80MjUxNzI3NDA3NjM%3D")
        }
    }
}

// MARK: - Response shapes

extension FuturesResourceTests {
    @Suite("Futures response shapes")
    struct Shapes {
        @Test("recorded executions: elements, event.Execution.execution, strings for numbers, body token")
        func recordedExecutions() throws {
            let decoded = try page(.executions, FuturesResourceTests.recordedExecutions)
            #expect(decoded.itemCount == 1)
            #expect(decoded.reportedLength == 1)
            #expect(decoded.nextToken == "MTc3MjAyMTc1MTg0Ny81MzI5NzAyNjM5Mw==")
            let record = try #require(decoded.records.first)
            #expect(record.key == "73dd02fe-54f1-4ed8-a419-7e468357cd72")
            #expect(record.millis == 1_772_026_472_238)
            #expect(record["time"] == .text("2026-02-25T13:34:32.238Z"))
            #expect(record["element_uid"] == .text("1aa82c9b-e778-49d9-976f-6c4974677089"))
            #expect(record["symbol"] == .text("PI_XBTUSD"))
            #expect(record["price"] == .decimal(JSONNumber("66155.0")!))
            #expect(record["quantity"]?.description == "200.0")
            #expect(record["usd_value"]?.description == "200.00")
            #expect(record["maker_side"] == .text("Sell"))
            #expect(record["taker_side"] == .text("Buy"))
            #expect(record["limit_filled"] == .bool(true))
            #expect(record["taker_fee"] == nil)
            #expect(record.raw.hasPrefix(#"{"event":{"Execution":{"execution":{"limitFilled":true,"makerOrder""#))
            #expect(record.raw.contains(#""takerReducedQuantity":"""#))
        }

        @Test("variant executions: executionEvents, event.execution, numbers, len a number, continuation_token")
        func variantExecutions() throws {
            let decoded = try page(.executions, FuturesResourceTests.variantExecutions)
            #expect(decoded.itemCount == 4)
            #expect(decoded.reportedLength == 3)
            #expect(decoded.accountUid == "406142dd-7c5c-4a8b-acbc-5f16eca30009")
            #expect(decoded.nextToken == "MTc3MjAyNjYwMDAwMC8x")
            #expect(decoded.records.map(\.key) == ["x1", "x2"])
            #expect(decoded.skippedWithoutTime == 1)
            #expect(decoded.skippedNotObjects == 1)
            let first = decoded.records[0]
            #expect(first.millis == 1_772_026_499_000)  // no execution timestamp: takerOrder.timestamp
            #expect(first["price"]?.description == "66001.50")
            #expect(first["mark_price"] == .decimal(JSONNumber("66000")!))
            #expect(first["taker_fee"]?.description == "1.25e-1")
            #expect(first["limit_filled"] == .bool(false))
            let second = decoded.records[1]
            #expect(second.millis == 1_772_026_600_000)  // nothing inside: the element's own timestamp
            #expect(second["symbol"] == .text("PF_ETHUSD"))
        }

        @Test("the token comes from the body keys, else the Next-Continuation-Token header (any case)")
        func tokens() throws {
            let headers = ["next-continuation-token": " fromHeader= "]
            #expect(try page(.executions, #"{"elements": []}"#, headers: headers).nextToken == "fromHeader=")
            #expect(
                try page(.executions, #"{"elements": [], "continuationToken": ""}"#, headers: headers).nextToken
                    == "fromHeader=")
            #expect(
                try page(.executions, #"{"elements": [], "continuationToken": "body"}"#, headers: headers)
                    .nextToken == "body")
            #expect(try page(.executions, #"{"elements": [], "continuation_token": "snake"}"#).nextToken == "snake")
            #expect(try page(.executions, #"{"elements": [], "continuationToken": null}"#).nextToken == nil)
            #expect(try page(.executions, #"{"elements": null, "len": "0"}"#).records.isEmpty)
        }

        @Test("account log: logs, RFC 3339 dates to ms, ids and booking uids, numbers exact")
        func accountLog() throws {
            let decoded = try page(.accountLog, FuturesResourceTests.recordedAccountLog)
            #expect(decoded.records.map(\.sequenceID) == [9, 6, 7, 2, 1])
            #expect(decoded.highestSequenceID == 9)
            #expect(decoded.earliestMillis == 1_786_377_600_000)
            let first = decoded.records[0]
            #expect(first.key == "10ca244e-1b73-4467-8c3c-74539c7ae677")
            #expect(first.millis == 1_786_478_124_251)
            #expect(first["id"] == .integer(9))
            #expect(first["funding_rate"]?.description == "1.129880786375e-06")
            #expect(first["realized_funding"] == nil)
            #expect(first["contract"] == .text("pf_dogeusd"))
            #expect(first.raw.contains(#""funding_rate":1.129880786375e-06"#))
            #expect(decoded.records[2]["contract"] == nil)
        }

        @Test("account log: accountLog key, timestamp before date, entries without a time kept")
        func accountLogVariant() throws {
            let body = #"""
                {"accountLog": [
                  {"id": "12", "booking_uid": "b12", "timestamp": 1786478124000, "date": "2026-08-11T19:55:24.251Z"},
                  {"id": 13, "booking_uid": "b13"},
                  {"id": 14}
                ]}
                """#
            let decoded = try page(.accountLog, body)
            #expect(decoded.records.map(\.key) == ["b12", "b13", "14"])
            #expect(decoded.records.map(\.millis) == [1_786_478_124_000, nil, nil])
            #expect(decoded.records.map(\.sequenceID) == [12, 13, 14])
            #expect(decoded.skippedWithoutTime == 0)
        }

        @Test("position history: flat per the schema, keyed by execution or by funding time")
        func flatPositions() throws {
            let decoded = try page(.positionHistory, FuturesResourceTests.flatPositions)
            #expect(
                decoded.records.map(\.key) == [
                    "73dd02fe-54f1-4ed8-a419-7e468357cd72|PF_XBTUSD", "PF_XBTUSD|fundingRealisation|1772028000000",
                ])
            #expect(decoded.records.map(\.millis) == [1_772_026_472_238, 1_772_028_000_000])
            #expect(decoded.records[0]["new_average_entry_price"]?.description == "66155.0")
            #expect(decoded.records[0]["fill_time_ms"] == .integer(1_772_026_472_238))
            #expect(decoded.records[0]["old_average_entry_price"] == nil)
            #expect(decoded.records[1]["realized_funding"]?.description == "-0.0012")
            #expect(decoded.reportedLength == 2)
        }

        @Test("position history: wrapped as event.PositionUpdate, uid and time outside or inside")
        func wrappedPositions() throws {
            let decoded = try page(.positionHistory, FuturesResourceTests.wrappedPositions)
            #expect(decoded.records.map(\.key) == ["p1", "abc"])
            #expect(decoded.records.map(\.millis) == [1_700_000_000_000, 1_700_000_000_001])
            #expect(decoded.records[0]["symbol"] == .text("PF_ETHUSD"))
            #expect(decoded.records[0]["new_position"]?.description == "1.25")
            #expect(decoded.nextToken == nil)
        }

        @Test("position history: time from timestamp, then the element's, fillTime, fundingRealizationTime")
        func positionTimes() throws {
            let body = #"""
                {"elements": [
                  {"tradeable": "A", "executionUid": "1", "fillTime": "1700000000002", "updateReason": "trade"},
                  {"tradeable": "B", "fundingRealizationTime": 1700000000003, "updateReason": "fundingRealisation"},
                  {"uid": "w", "timestamp": "", "event": {"PositionUpdate": {"tradeable": "C", "timestamp": null}}},
                  {"tradeable": "D", "updateReason": "settlement"}
                ], "len": 4}
                """#
            let decoded = try page(.positionHistory, body)
            #expect(decoded.records.map(\.millis) == [1_700_000_000_002, 1_700_000_000_003])
            #expect(decoded.records[0].key == "1|A")
            #expect(decoded.records[1].key.hasPrefix("sha256:"))  // the schema's required timestamp is missing
            #expect(decoded.skippedWithoutTime == 2)
            #expect(decoded.itemCount == 4)
        }

        @Test("tickers: numbers or strings, fractions beyond ms, entries without a time kept")
        func tickers() throws {
            let decoded = try page(.tickers, FuturesResourceTests.tickers)
            #expect(decoded.records.map(\.key) == ["PI_XBTUSD", "PF_DOGEUSD", "in_xbtusd", "rr_new"])
            #expect(decoded.records.map(\.millis) == [1_655_462_795_705, 1_770_571_933_922, 1_655_463_630_000, nil])
            #expect(decoded.records[0]["mark_price"]?.description == "30209.9")
            #expect(decoded.records[1]["mark_price"]?.description == "0.09624183255")
            #expect(decoded.records[1]["open_interest"]?.description == "23062948.000000000000000")
            #expect(decoded.records[1]["last_time"] == .text("2026-02-08T17:32:13.922Z"))
            #expect(decoded.records[0]["suspended"] == .bool(false))
            #expect(decoded.serverTime == "2022-06-17T11:00:31.335Z")
        }

        @Test("open positions: keyed by symbol and side")
        func openPositions() throws {
            let decoded = try page(.openPositions, FuturesResourceTests.openPositions)
            #expect(decoded.records.map(\.key) == ["PI_XBTUSD|short", "PF_LTCUSD|long"])
            #expect(decoded.records[0]["size"]?.description == "10000")
            #expect(decoded.records[1]["size"]?.description == "0.1")
            #expect(decoded.records[0]["fill_time_ms"] == .integer(1_595_428_752_376))
        }

        @Test("raw JSON is deterministic: the same item in another member order gives identical bytes")
        func rawDeterministic() throws {
            let one =
                #"{"elements": [{"uid": "u", "timestamp": "1", "event": {"Execution": {"execution":"#
                + #"{"uid": "x", "timestamp": 5, "price": "1.0"}, "takerReducedQuantity": ""}}}]}"#
            let two =
                #"{"elements":[{"event":{"Execution":{"takerReducedQuantity":"","execution":"#
                + #"{"price":"1.0","timestamp":5,"uid":"x"}}},"timestamp":"1","uid":"u"}]}"#
            let a = try page(.executions, one).records[0]
            let b = try page(.executions, two).records[0]
            #expect(Array(a.raw.utf8) == Array(b.raw.utf8))
            #expect(a == b)
            #expect(
                a.raw == #"{"event":{"Execution":{"execution":{"price":"1.0","timestamp":5,"uid":"x"},"#
                    + #""takerReducedQuantity":""}},"timestamp":"1","uid":"u"}"#)
        }

        @Test("an item matching no key alternative is keyed by the SHA-256 of its raw JSON")
        func hashedKey() throws {
            let decoded = try page(.positionHistory, #"{"elements": [{"timestamp": 5, "newPosition": "1"}]}"#)
            let key = try #require(decoded.records.first?.key)
            #expect(key.hasPrefix("sha256:") && key.count == 7 + 64)
            let again = try page(.positionHistory, #"{"elements": [{"newPosition": "1", "timestamp": 5}]}"#)
            #expect(again.records.first?.key == key)
        }
    }
}

// MARK: - Errors

extension FuturesResourceTests {
    @Suite("Futures errors")
    struct Errors {
        @Test("derivatives authenticationError (HTTP 200) names the likely causes")
        func authenticationError() throws {
            let body = #"{"result": "error", "error": "authenticationError", "serverTime": "2024-11-15T10:06:57.631Z"}"#
            let error = try #require(refusal(.openPositions, body))
            #expect(error == .authentication(code: "authenticationError", detail: nil))
            #expect(error.isAuthentication && !error.isRetryable)
            for cause in ["wrong", "spot", "clock", "permission"] {
                #expect(error.description.contains(cause), "\(cause)")
            }
        }

        @Test("history 401 unauthorized and permission_denied are authentication errors")
        func unauthorized() {
            let body = #"{"reason": "You are not authorized to access this endpoint.", "status": "unauthorized"}"#
            #expect(
                refusal(.executions, body, status: 401)
                    == .authentication(code: "unauthorized", detail: "You are not authorized to access this endpoint."))
            #expect(
                refusal(.executions, #"{"result": "error", "error": "permission_denied"}"#)
                    == .authentication(code: "permission_denied", detail: nil))
            #expect(
                refusal(.executions, "Unauthorized", status: 401)
                    == .authentication(code: "HTTP 401", detail: "Unauthorized"))
        }

        @Test("rate limits: apiLimitExceeded with HTTP 200, and 429 text with rate-limit-reset")
        func rateLimits() {
            let limited = #"{"result": "error", "serverTime": "2016-02-25T09:45:53.818Z", "error": "apiLimitExceeded"}"#
            #expect(refusal(.openPositions, limited) == .rateLimited(retryAfter: nil, detail: "apiLimitExceeded"))
            let error = refusal(.accountLog, "Rate limit exceeded\n", headers: ["Rate-Limit-Reset": "42"], status: 429)
            #expect(error == .rateLimited(retryAfter: 42, detail: "Rate limit exceeded"))
            #expect(error?.isRetryable == true)
            #expect(error?.description.contains("retry in 42 s") == true)
        }

        @Test("nonce, server and rejected codes; the errors list; 5xx pages; non-JSON 200")
        func others() {
            #expect(
                refusal(.openPositions, #"{"result":"error","error":"nonceBelowThreshold"}"#)
                    == .nonce(code: "nonceBelowThreshold"))
            #expect(refusal(.openPositions, #"{"result":"error","error":"Server Error"}"#)?.isRetryable == true)
            #expect(
                refusal(.executions, #"{"result":"error","error":"invalid_request"}"#)
                    == .rejected(status: 200, code: "invalid_request", detail: nil))
            #expect(
                refusal(
                    .openPositions, #"{"errors": [{"code": 92, "message": "INSUFFICIENT_MARGIN"}]}"#,
                    status: 500) == .server(status: 500, code: "INSUFFICIENT_MARGIN", detail: nil))
            #expect(
                refusal(.tickers, "<html>Bad gateway</html>", status: 502)
                    == .server(status: 502, code: nil, detail: "<html>Bad gateway</html>"))
            if case .malformed(let reason)? = refusal(.tickers, "<html>ok</html>") {
                #expect(reason.contains("not JSON"))
            } else {
                Issue.record("a non-JSON 200 is malformed")
            }
        }

        @Test("success bodies are not errors; a body without the item list is malformed")
        func successAndShape() {
            let sent = #"{"result": "success", "sendStatus": {"status": "insufficientAvailableFunds"}}"#
            #expect(FuturesResponseError.classify(status: 200, body: Data(sent.utf8)) == nil)
            if case .malformed(let reason)? = refusal(.executions, #"{"accountUid": "a", "len": 0}"#) {
                #expect(reason == "executions: no elements or executionEvents in the body (members: accountUid, len)")
            } else {
                Issue.record("expected malformed")
            }
            #expect(refusal(.tickers, #"{"tickers": {"a": 1}}"#) == .malformed("tickers: tickers is not a list"))
        }
    }
}
