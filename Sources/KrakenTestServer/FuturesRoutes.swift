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
/// token. The HMAC itself is KrakenIngest's `FuturesSigner.authent`, which is checked against Kraken's published
/// vector in the unit tests.
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
    }

    private let state: Locked<State>

    public init(_ spec: FuturesAccountSpec = FuturesAccountSpec()) { state = Locked(State(spec: spec)) }

    /// Adds the five routes to `server`.
    public func install(on server: KrakenTestServer) {
        for path in [
            Self.executionsPath, Self.accountLogPath, Self.positionsPath, Self.tickersPath,
            Self.openPositionsPath,
        ] {
            server.route(path) { [self] request, _ in answer(request) }
        }
    }

    /// Changes the account for the requests that follow.
    public func configure(_ change: (inout FuturesAccountSpec) -> Void) { state.withLock { change(&$0.spec) } }

    /// Private requests refused for a bad signature or key.
    public var authFailures: Int { state.withLock { $0.authFailures } }

    private func answer(_ request: TestRequest) -> TestReply {
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
        if request.query["sort"] != "asc" { ids.reverse() }
        let logs = ids.prefix(max(1, count)).map { id -> String in
            let time = UnixMillis(spec.time(id - 1)).iso
            return #"{"id":\#(id),"booking_uid":"bk-\#(id)","date":"\#(time)","asset":"usd","#
                + #""info":"futures trade","contract":"PF_XBTUSD","old_balance":\#(100 + id),"#
                + #""new_balance":\#(101 + id),"fee":0.0\#(id % 10),"realized_pnl":null}"#
        }
        let listKey = spec.variantShapes ? "accountLog" : "logs"
        return .json(#"{"accountUid":"acc-1","\#(listKey)":[\#(logs.joined(separator: ","))]}"#)
    }

    /// Even items `event.Execution.execution` with string numbers, odd ones `event.execution.execution` with numbers.
    private func execution(_ index: Int, _ spec: FuturesAccountSpec) -> String {
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
