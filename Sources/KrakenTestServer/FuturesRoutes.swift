import Foundation

import struct KrakenIngest.FuturesSigner
import struct KrakenIngest.UnixMillis

/// Kraken Futures' history and derivatives endpoints as the imitation serves them, from a `FuturesAccountSpec`.
/// Every private request's `Authent` is recomputed from the raw query string as received, the `Nonce` header and
/// the path with a leading `/derivatives` removed; a bad one is refused as Kraken does: HTTP 200
/// `{"result":"error","error":"authenticationError"}` on `/derivatives`, HTTP 401 `{"status":"unauthorized",…}` on
/// the history API.
///
/// ```swift
/// let futures = FuturesRoutes(FuturesAccountSpec(executions: 1_200))
/// futures.install(on: server)
/// futures.authFailures        // requests refused so far
/// ```
///
/// History pages: `since` (inclusive), `sort=asc`, `count` (default 500) and an opaque `continuation_token` (it
/// holds `+`, `/` and `=` so that encoding mistakes show); the account log pages by `from` (entry id) and sends no
/// token; it also answers `before` (older than, newest first). Options of `FuturesAccountSpec` act out the
/// account-log shape that needs the `before` fallback, times spread over every coalesced field, and Kraken's
/// history pool (HTTP 429 with `rate-limit-reset` beyond it). The HMAC itself is KrakenIngest's
/// `FuturesSigner.authent`, which is checked against Kraken's published vector in the unit tests.
public final class FuturesRoutes: Sendable {
    public static let executionsPath = "/api/history/v3/executions"
    public static let accountLogPath = "/api/history/v3/account-log"
    public static let positionsPath = "/api/history/v3/positions"
    public static let tickersPath = "/derivatives/api/v3/tickers"
    public static let openPositionsPath = "/derivatives/api/v3/openpositions"

    private struct State {
        var spec: FuturesAccountSpec
        var answered: [String: Int] = [:]
        var authFailures = 0
        var pool: (tokens: Double, at: Int64)?
        var poolRefusals = 0
    }

    private let state: Locked<State>

    public init(_ spec: FuturesAccountSpec = FuturesAccountSpec()) { state = Locked(State(spec: spec)) }

    /// Adds the five routes to `server`.
    public func install(on server: KrakenTestServer) {
        for path in [
            Self.executionsPath, Self.accountLogPath, Self.positionsPath, Self.tickersPath,
            Self.openPositionsPath,
        ] {
            server.route(path) { [self] request, context in answer(request, now: context.clock.now().value) }
        }
    }

    /// Changes the account for the requests that follow.
    public func configure(_ change: (inout FuturesAccountSpec) -> Void) { state.withLock { change(&$0.spec) } }

    /// Private requests refused for a bad signature or key.
    public var authFailures: Int { state.withLock { $0.authFailures } }

    /// History requests refused with 429 because the history pool was empty (`FuturesAccountSpec.historyPool`).
    public var poolRefusals: Int { state.withLock { $0.poolRefusals } }

    private func answer(_ request: TestRequest, now: Int64) -> TestReply {
        let spec = state.current.spec
        let derivatives = request.path.hasPrefix("/derivatives")
        if request.path != Self.tickersPath, !verify(request, spec: spec) {
            state.withLock { $0.authFailures += 1 }
            return derivatives
                ? .json(#"{"result":"error","serverTime":"2026-01-01T00:00:00.000Z","error":"authenticationError"}"#)
                : .json(#"{"status":"unauthorized","reason":"invalid authent"}"#, status: 401)
        }
        if spec.deniedPaths.contains(request.path) {
            return derivatives
                ? .json(#"{"result":"error","error":"permission_denied"}"#)
                : .json(#"{"status":"forbidden","reason":"permission_denied"}"#, status: 403)
        }
        if request.path.hasPrefix("/api/history/"), let pool = spec.historyPool,
            let wait = charge(pool, cost: Self.cost(request), now: now)
        {
            var reply = TestReply(status: 429, body: Data("Too many requests".utf8))
            reply.headers = ["Content-Type": "text/plain", "rate-limit-reset": String(Int(wait.rounded(.up)))]
            return reply
        }
        let served = state.withLock { state -> Int in
            state.answered[request.path, default: 0] += 1
            return state.answered[request.path]!
        }
        if let limit = spec.failAfter[request.path], served > limit {
            return .json(#"{"result":"error","error":"Server Error"}"#, status: 500)
        }
        switch request.path {
        case Self.executionsPath: return tokenPage(request, spec: spec, total: spec.executions, item: execution)
        case Self.positionsPath: return tokenPage(request, spec: spec, total: spec.positionUpdates, item: position)
        case Self.accountLogPath: return accountLog(request, spec: spec)
        case Self.tickersPath: return tickers()
        default: return openPositions()
        }
    }

    /// Takes `cost` tokens from the history pool as of `now` (ms); nil when they were there, else the seconds
    /// until they will be (nothing taken). A hair of tolerance absorbs the client's rounding to milliseconds.
    private func charge(_ pool: FuturesAccountSpec.HistoryPool, cost: Double, now: Int64) -> Double? {
        state.withLock { state -> Double? in
            let rate = pool.tokens / pool.seconds
            var (tokens, at) = state.pool ?? (pool.tokens, now)
            tokens = min(pool.tokens, tokens + Double(max(0, now - at)) / 1000 * rate)
            guard tokens >= cost - 0.01 else {
                state.pool = (tokens, max(at, now))
                state.poolRefusals += 1
                return (cost - tokens) / rate
            }
            state.pool = (tokens - cost, max(at, now))
            return nil
        }
    }

    /// Kraken's cost of a history request: the account log by `count` (≤25 → 1, ≤50 → 2, ≤1000 → 3,
    /// ≤5000 → 6, more → 10; 500 when absent), everything else 1.
    static func cost(_ request: TestRequest) -> Double {
        guard request.path == accountLogPath else { return 1 }
        switch Int(request.query["count"] ?? "") ?? 500 {
        case ...25: return 1
        case ...50: return 2
        case ...1000: return 3
        case ...5000: return 6
        default: return 10
        }
    }

    /// True when the request carries the test key and the `Authent` Kraken would compute.
    private func verify(_ request: TestRequest, spec: FuturesAccountSpec) -> Bool {
        guard request.header("APIKey") == spec.apiKey, let authent = request.header("Authent"),
            let secret = Data(base64Encoded: spec.secret)
        else { return false }
        var endpoint = request.path
        if endpoint.hasPrefix("/derivatives/") { endpoint = String(endpoint.dropFirst("/derivatives".count)) }
        let expected = FuturesSigner.authent(
            secret: Array(secret), postData: request.rawQuery,
            nonce: request.header("Nonce") ?? "", endpointPath: endpoint)
        return authent == expected
    }

    // MARK: - Pages

    private func tokenPage(
        _ request: TestRequest, spec: FuturesAccountSpec, total: Int,
        item: (Int, FuturesAccountSpec) -> String
    ) -> TestReply {
        let count = Int(request.query["count"] ?? "") ?? 500
        var first: Int
        if let token = request.query["continuation_token"] {
            guard let offset = Self.offset(token) else {
                return .json(#"{"status":"badRequest","reason":"invalid continuation token"}"#, status: 400)
            }
            first = offset
        } else {
            let since = Int64(request.query["since"] ?? "") ?? .min
            first = (0..<total).first { spec.time($0) >= since } ?? total
        }
        first = min(first, total)
        let last = min(total, first + max(1, count))
        let items = (first..<last).map { item($0, spec) }.joined(separator: ",")
        let next = last < total ? Self.token(last) : nil
        guard spec.variantShapes else {
            let token = next.map { #","continuationToken":"\#($0)""# } ?? ""
            return .json(
                #"{"accountUid":"acc-1","len":\#(last - first),"serverTime":"2026-01-01T00:00:00.000Z","#
                    + #""elements":[\#(items)]\#(token)}"#)
        }
        let listKey = request.path == Self.executionsPath ? "executionEvents" : "elements"
        let inHeader = (first / max(1, count)) % 2 == 1
        let token = next.map { inHeader ? "" : #","continuation_token":"\#($0)""# } ?? ""
        var reply = TestReply.json(
            #"{"accountUid":"acc-1","len":"\#(last - first)","\#(listKey)":[\#(items)]\#(token)}"#)
        if inHeader, let next { reply.headers["Next-Continuation-Token"] = next }
        return reply
    }

    private func accountLog(_ request: TestRequest, spec: FuturesAccountSpec) -> TestReply {
        let count = Int(request.query["count"] ?? "") ?? 500
        var ids = Array(1...max(1, spec.accountLogEntries))
        if spec.accountLogEntries == 0 { ids = [] }
        if let from = Int(request.query["from"] ?? "") { ids = ids.filter { $0 >= from } }
        if let since = Int64(request.query["since"] ?? "") { ids = ids.filter { spec.time($0 - 1) >= since } }
        if let before = Int64(request.query["before"] ?? "") { ids = ids.filter { spec.time($0 - 1) < before } }
        if request.query["sort"] != "asc" || spec.accountLogWithoutIDs { ids.reverse() }
        let logs = ids.prefix(max(1, count)).map { id -> String in
            let idMember = spec.accountLogWithoutIDs ? "" : #""id":\#(id),"#
            return #"{\#(idMember)"booking_uid":"bk-\#(id)",\#(Self.logTimes(id, spec)),"asset":"usd","#
                + #""info":"futures trade","contract":"PF_XBTUSD","old_balance":\#(100 + id),"#
                + #""new_balance":\#(101 + id),"fee":0.0\#(id % 10),"realized_pnl":null}"#
        }
        let listKey = spec.variantShapes ? "accountLog" : "logs"
        return .json(#"{"accountUid":"acc-1","\#(listKey)":[\#(logs.joined(separator: ","))]}"#)
    }

    /// The time members of account-log entry `id`: `date` (RFC 3339), or with `scatteredTimes` one of three
    /// spreads (see `FuturesAccountSpec.scatteredTimes`); decoys are an hour later.
    private static func logTimes(_ id: Int, _ spec: FuturesAccountSpec) -> String {
        let time = spec.time(id - 1)
        guard spec.scatteredTimes else { return #""date":"\#(UnixMillis(time).iso)""# }
        switch id % 3 {
        case 0: return #""timestamp":\#(time),"date":"\#(UnixMillis(time + 3_600_000).iso)""#
        case 1: return #""timestamp":"\#(time)""#
        default: return #""timestamp":null,"date":"\#(UnixMillis(time).iso)""#
        }
    }

    /// Even items `event.Execution.execution` with string numbers, odd ones `event.execution.execution` with numbers.
    private func execution(_ index: Int, _ spec: FuturesAccountSpec) -> String {
        if spec.scatteredTimes { return Self.scatteredExecution(index, spec) }
        if spec.untimedExecutions.contains(index) {
            return #"{"uid":"event-\#(index)","event":{"Execution":{"execution":{"uid":"fill-\#(index)","price":1}}}}"#
        }
        let time = spec.time(index)
        let quote = index % 2 == 0 ? "\"" : ""
        let price = "\(quote)\(60_000 + index).5\(quote)"
        let inner =
            #"{"uid":"fill-\#(index)","timestamp":\#(quote)\#(time)\#(quote),"price":\#(price),"#
            + #""quantity":\#(quote)0.01\#(quote),"markPrice":\#(price),"#
            + #""takerOrder":{"uid":"order-\#(index)","tradeable":"PF_XBTUSD","direction":"Buy","#
            + #""orderType":"IoC","timestamp":\#(time)},"takerOrderData":{"fee":"0.1"}}"#
        let key = index % 2 == 0 ? "Execution" : "execution"
        return #"{"uid":"event-\#(index)","timestamp":\#(time),"event":{"\#(key)":{"execution":\#(inner)}}}"#
    }

    /// An execution whose time sits in the field index % 4 picks, later fields and the element holding decoys,
    /// wrapped as (index / 4) % 4 picks.
    private static func scatteredExecution(_ index: Int, _ spec: FuturesAccountSpec) -> String {
        let time = spec.time(index)
        func decoy(_ hours: Int64) -> Int64 { time + hours * 3_600_000 }
        let fields: String
        switch index % 4 {
        case 0:
            fields =
                #""timestamp":\#(time),"info":{"timestamp":\#(decoy(1))},"#
                + #""takerOrder":{"uid":"order-\#(index)","timestamp":\#(decoy(2))}"#
        case 1:
            fields =
                #""info":{"timestamp":"\#(time)"},"#
                + #""takerOrder":{"uid":"order-\#(index)","timestamp":\#(decoy(2))},"trade":{"timestamp":\#(decoy(3))}"#
        case 2:
            fields =
                #""takerOrder":{"uid":"order-\#(index)","timestamp":\#(time)},"#
                + #""trade":{"timestamp":\#(decoy(3))}"#
        default:
            fields = #""trade":{"timestamp":"\#(UnixMillis(time).iso)"}"#
        }
        let record = #"{"uid":"fill-\#(index)",\#(fields),"price":"60000.5","quantity":"0.01"}"#
        let event: String
        switch (index / 4) % 4 {
        case 0: event = #"{"Execution":{"execution":\#(record)}}"#
        case 1: event = #"{"execution":{"execution":\#(record)}}"#
        case 2: event = #"{"Execution":\#(record)}"#
        default: event = #"{"execution":\#(record)}"#
        }
        return #"{"uid":"event-\#(index)","timestamp":\#(decoy(5)),"event":\#(event)}"#
    }

    /// Flat `HistoricalPositionUpdateElement`s, or wrapped in `event.PositionUpdate` for the variant shapes.
    private func position(_ index: Int, _ spec: FuturesAccountSpec) -> String {
        let flat =
            #"{"timestamp":\#(spec.time(index)),"tradeable":"PF_XBTUSD","updateReason":"trade","#
            + #""executionUid":"fill-\#(index)","oldPosition":"\#(index)","newPosition":"\#(index + 1)","#
            + #""executionPrice":"60000.5","executionSize":"1","fee":"0.1","feeCurrency":"USD"}"#
        guard spec.variantShapes else { return flat }
        return #"{"uid":"pos-\#(index)","timestamp":"\#(spec.time(index))","event":{"PositionUpdate":\#(flat)}}"#
    }

    private func tickers() -> TestReply {
        .json(
            #"{"result":"success","serverTime":"2026-01-01T00:00:00.000Z","tickers":["#
                + #"{"symbol":"PF_XBTUSD","tag":"perpetual","pair":"XBT:USD","last":60000.5,"lastTime":"#
                + #""2026-01-01T00:00:00.000Z","markPrice":60001,"bid":60000,"ask":60002,"suspended":false},"#
                + #"{"symbol":"PF_ETHUSD","tag":"perpetual","pair":"ETH:USD","last":"3000.25","suspended":false},"#
                + #"{"symbol":"in_xbtusd","last":60003}]}"#)
    }

    private func openPositions() -> TestReply {
        .json(
            #"{"result":"success","openPositions":["#
                + #"{"side":"long","symbol":"PF_XBTUSD","price":60000.5,"fillTime":"2026-01-01T00:00:00.000Z","#
                + #""size":0.01,"unrealizedFunding":0.0001,"pnlCurrency":"USD"},"#
                + #"{"side":"short","symbol":"PF_ETHUSD","price":"3000","fillTime":"2026-01-01T01:00:00.000Z","#
                + #""size":"1"}],"serverTime":"2026-01-01T02:00:00.000Z"}"#)
    }

    // MARK: - Tokens

    /// An opaque token holding `offset`, with `+`, `/` and `=` in it.
    static func token(_ offset: Int) -> String { "c+/" + Data("offset:\(offset)".utf8).base64EncodedString() }

    static func offset(_ token: String) -> Int? {
        guard token.hasPrefix("c+/"), let data = Data(base64Encoded: String(token.dropFirst(3))) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard text.hasPrefix("offset:") else { return nil }
        return Int(text.dropFirst("offset:".count))
    }
}
