import FlyingFox
import FlyingSocks
import Foundation

import struct KrakenIngest.SystemClock
import protocol KrakenIngest.WallClock

/// A local imitation of Kraken's REST API for tests: real HTTP on `127.0.0.1`, an ephemeral port, deterministic
/// synthetic candles as of an injected clock, scripted faults, and a log of every request.
///
/// ```swift
/// let server = try await KrakenTestServer.started(.init(clock: ManualClock(seconds: 1_716_548_400)))
/// defer { Task { await server.stop() } }
/// server.faults.enqueue(.tooManyRequests(retryAfter: 2), path: SpotRoutes.ohlcPath)
/// let url = server.url(SpotRoutes.ohlcPath, ["pair": "XBTUSD", "interval": "60"])
/// server.log.count(path: SpotRoutes.ohlcPath, pair: "XBTUSD")
/// ```
///
/// Serves `/0/public/OHLC` and `/0/public/AssetPairs` (see `SpotRoutes`); `route(_:_:)` adds more (the futures
/// endpoints later). It binds `.inet(ip4: "127.0.0.1", port: 0)`: FlyingFox's `.loopback` binds `::1` on Linux.
public final class KrakenTestServer: Sendable {
    /// How `last` is sent in OHLC answers: Kraken's spec says a number, some recordings show a string.
    public enum LastStyle: Sendable, Equatable {
        case number
        case string
    }

    /// How OHLC shows slots without trades: some recordings omit them, others send zero-trade rows.
    public enum NoTradeRows: Sendable, Equatable {
        case omitted
        case zeroRows
    }

    /// What the imitation serves.
    public struct Configuration: Sendable {
        /// The server's "now" (OHLC windows and the unfinished candle follow it).
        public var clock: any WallClock
        /// The spot pairs served.
        public var pairs: [SpotPairSpec]
        /// `last` as a number or a string.
        public var lastStyle: LastStyle
        /// Slots without trades omitted or sent as zero rows.
        public var noTradeRows: NoTradeRows
        /// Rows an OHLC answer holds at most, the unfinished one included (Kraken: 720).
        public var ohlcRows: Int

        public init(
            clock: any WallClock = SystemClock(), pairs: [SpotPairSpec] = SpotPairSpec.defaults,
            lastStyle: LastStyle = .number, noTradeRows: NoTradeRows = .omitted, ohlcRows: Int = 720
        ) {
            self.clock = clock
            self.pairs = pairs
            self.lastStyle = lastStyle
            self.noTradeRows = noTradeRows
            self.ohlcRows = ohlcRows
        }

        /// The pair whose key, altname or wsname is `name`.
        public func pair(named name: String) -> SpotPairSpec? { pairs.first { $0.matches(name) } }
    }

    private struct Running: Sendable {
        var server: HTTPServer
        var task: Task<Void, any Error>
        var port: UInt16
    }

    /// Faults waiting for requests.
    public let faults: FaultScript
    /// Every request received.
    public let log: RequestLog
    private let dispatcher: Dispatcher
    private let running = Locked<Running?>(nil)

    /// A server not yet listening; call `start()`.
    public init(_ configuration: Configuration = Configuration()) {
        faults = FaultScript()
        log = RequestLog()
        dispatcher = Dispatcher(configuration: configuration, faults: faults, log: log)
        route(SpotRoutes.ohlcPath) { SpotRoutes.ohlc($0, $1) }
        route(SpotRoutes.assetPairsPath) { SpotRoutes.assetPairs($0, $1) }
    }

    /// A server already listening.
    public static func started(_ configuration: Configuration = Configuration()) async throws -> KrakenTestServer {
        let server = KrakenTestServer(configuration)
        try await server.start()
        return server
    }

    /// Binds 127.0.0.1 on a free port and returns once the server listens.
    public func start() async throws {
        guard running.current == nil else { return }
        let server = HTTPServer(
            address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 120, logger: .disabled, handler: dispatcher)
        let task = Task { try await server.run() }
        try await server.waitUntilListening(timeout: 10)
        guard case .ip4(_, let port) = await server.listeningAddress else {
            task.cancel()
            throw SocketError.unsupportedAddress
        }
        running.withLock { $0 = Running(server: server, task: task, port: port) }
    }

    /// Closes the socket and every connection; requests in flight are cancelled.
    public func stop() async {
        guard
            let current = running.withLock({ state -> Running? in
                defer { state = nil }
                return state
            })
        else {
            return
        }
        await current.server.stop(timeout: 0)
        current.task.cancel()
    }

    /// The port chosen at `start()` (0 before).
    public var port: UInt16 { running.current?.port ?? 0 }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// The address of `path` with `query` (in the order given).
    public func url(_ path: String, _ query: KeyValuePairs<String, String> = [:]) -> URL {
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false)!
        components.path = path
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.key, value: $0.value) } }
        return components.url!
    }

    /// The configuration in force.
    public var configuration: Configuration { dispatcher.configuration.current }

    /// Changes the configuration for the requests that follow.
    public func configure(_ change: (inout Configuration) -> Void) { dispatcher.configuration.withLock(change) }

    /// Serves `path` (exact, or a prefix ending in `*`) with `handler`, replacing any route of that path.
    public func route(_ path: String, _ handler: @escaping TestRouteHandler) {
        dispatcher.routes.withLock { $0.add(path, handler) }
    }
}

/// Turns FlyingFox requests into `TestRequest`s, applies the fault script, runs the route, logs it all.
private final class Dispatcher: HTTPHandler {
    let configuration: Locked<KrakenTestServer.Configuration>
    let routes = Locked(RouteTable())
    let faults: FaultScript
    let log: RequestLog
    let started = ContinuousClock.now

    init(configuration: KrakenTestServer.Configuration, faults: FaultScript, log: RequestLog) {
        self.configuration = Locked(configuration)
        self.faults = faults
        self.log = log
    }

    func handleRequest(_ request: FlyingFox.HTTPRequest) async throws -> FlyingFox.HTTPResponse {
        let test = try await Self.testRequest(request)
        let context = TestServerContext(clock: configuration.current.clock, configuration: configuration.current)
        let id = log.arrive(
            LoggedRequest(
                id: 0, method: test.method, path: test.path, query: test.query, rawQuery: test.rawQuery,
                headers: test.headers, arrival: context.clock.now(), arrivedAt: elapsed()))
        let fault = faults.next(path: test.path, pair: test.query["pair"])
        do {
            let response = try await answer(test, context: context, fault: fault)
            log.finish(id, status: response.statusCode.code, fault: fault, at: elapsed())
            return response
        } catch {
            log.finish(id, status: nil, fault: fault, at: elapsed())
            throw error
        }
    }

    private func answer(
        _ request: TestRequest, context: TestServerContext, fault: ServerFault?
    ) async throws -> FlyingFox.HTTPResponse {
        switch fault {
        case .status(let code, let headers, let body):
            return Self.response(TestReply(status: code, headers: headers, body: Data(body.utf8)))
        case .spotError(let message):
            return Self.response(.spotError(message))
        case .futuresError(let code):
            let time = context.clock.now().iso
            return Self.response(.json(#"{"result":"error","serverTime":"\#(time)","error":"\#(code)"}"#))
        case .malformedJSON:
            return Self.response(.json(#"{"error":[],"result":{"XXBTZUSD":[[1716526800,"67692.8" oops"#))
        case .delay(let seconds):
            try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
            return Self.response(try await route(request, context))
        case .truncatedBody(let fraction):
            let reply = try await route(request, context)
            let kept = Int(Double(reply.body.count) * min(max(fraction, 0), 0.99))
            return Self.response(reply, body: ScriptedBody(reply.body, cutAfter: kept))
        case .slowBody(let chunks, let pause):
            let reply = try await route(request, context)
            return Self.response(reply, body: ScriptedBody(reply.body, chunks: chunks, pause: pause))
        case nil:
            return Self.response(try await route(request, context))
        }
    }

    private func route(_ request: TestRequest, _ context: TestServerContext) async throws -> TestReply {
        guard let handler = routes.withLock({ $0.handler(for: request.path) }) else {
            return .json(#"{"error":["EGeneral:Unknown method"]}"#, status: 404)
        }
        return try await handler(request, context)
    }

    private func elapsed() -> Double {
        let duration = ContinuousClock.now - started
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func testRequest(_ request: FlyingFox.HTTPRequest) async throws -> TestRequest {
        var query: [String: String] = [:]
        for item in request.query { query[item.name] = item.value }
        var headers: [String: String] = [:]
        for (name, value) in request.headers {
            let key = name.rawValue.lowercased()
            headers[key] = headers[key].map { "\($0), \(value)" } ?? value
        }
        return TestRequest(
            method: request.method.rawValue, path: request.path, query: query,
            rawQuery: request.target.query(percentEncoded: true), headers: headers, body: try await request.bodyData)
    }

    private static func response(_ reply: TestReply, body: ScriptedBody? = nil) -> FlyingFox.HTTPResponse {
        var headers = HTTPHeaders()
        for (name, value) in reply.headers { headers[HTTPHeader(name)] = value }
        let status = HTTPStatusCode(reply.status, phrase: phrase(reply.status))
        guard let body else { return FlyingFox.HTTPResponse(statusCode: status, headers: headers, body: reply.body) }
        return FlyingFox.HTTPResponse(
            statusCode: status, headers: headers, body: HTTPBodySequence(from: body, count: reply.body.count))
    }

    private static func phrase(_ code: Int) -> String {
        switch code {
        case 200: return "OK"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 520: return "Unknown Error"
        default: return "Status \(code)"
        }
    }
}
