import Foundation

import protocol KrakenIngest.WallClock

/// A request as a route sees it, independent of the HTTP server underneath.
public struct TestRequest: Sendable {
    /// `GET`, ...
    public var method: String
    /// The path without the query.
    public var path: String
    /// Decoded query parameters (the last value of a repeated name).
    public var query: [String: String]
    /// The query string as sent.
    public var rawQuery: String
    /// Header fields, names lower-cased.
    public var headers: [String: String]
    /// The request body (empty for GET).
    public var body: Data

    /// The header `name` (case-insensitive).
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// A route's answer.
public struct TestReply: Sendable {
    /// The HTTP status.
    public var status: Int
    /// Header fields to send.
    public var headers: [String: String]
    /// The body.
    public var body: Data

    public init(status: Int = 200, headers: [String: String] = [:], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON answer.
    public static func json(_ text: String, status: Int = 200) -> TestReply {
        TestReply(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: Data(text.utf8))
    }

    /// Kraken spot's error answer: HTTP 200 with `{"error":[message]}`.
    public static func spotError(_ message: String) -> TestReply {
        json(#"{"error":["\#(message)"]}"#)
    }
}

/// What a route may read besides the request: the server's clock and current configuration.
public struct TestServerContext: Sendable {
    /// The server's injected "now".
    public var clock: any WallClock
    /// The configuration at the time of the request.
    public var configuration: KrakenTestServer.Configuration
}

/// Answers requests to one path.
public typealias TestRouteHandler = @Sendable (TestRequest, TestServerContext) async throws -> TestReply

/// Routes by path: an exact path, or a prefix ending in `*` (`/api/history/v3/market/*`); the longest match wins.
struct RouteTable: Sendable {
    private var routes: [String: TestRouteHandler] = [:]

    mutating func add(_ path: String, _ handler: @escaping TestRouteHandler) { routes[path] = handler }

    func handler(for path: String) -> TestRouteHandler? {
        if let exact = routes[path] { return exact }
        let prefixes = routes.filter { $0.key.hasSuffix("*") && path.hasPrefix($0.key.dropLast()) }
        return prefixes.max { $0.key.count < $1.key.count }?.value
    }
}
