import struct KrakenIngest.UnixMillis

/// One request as the imitation saw it.
public struct LoggedRequest: Sendable, Equatable {
    /// 1 for the first request the server received.
    public var id: Int
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
    /// Arrival on the server's injected clock.
    public var arrival: UnixMillis
    /// Arrival in real seconds since the server started.
    public var arrivedAt: Double
    /// When the answer was handed to the connection, in real seconds since the server started (nil while in
    /// flight); a slow or truncated body may still be streaming then.
    public var finishedAt: Double?
    /// The status answered (nil while in flight or when the connection was cut).
    public var status: Int?
    /// The fault applied, if any.
    public var fault: ServerFault?

    /// The header `name` (case-insensitive).
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The `pair` query parameter.
    public var pair: String? { query["pair"] }
}

/// Every request the imitation received, in arrival order, and the most that were in flight at once.
///
/// ```swift
/// server.log.count(path: "/0/public/OHLC", pair: "XBTUSD")   // requests for one series
/// server.log.maxInFlight                                       // 2: two requests overlapped
/// ```
public final class RequestLog: Sendable {
    private struct State {
        var entries: [LoggedRequest] = []
        var inFlight = 0
        var maxInFlight = 0
    }

    private let state = Locked(State())

    init() {}

    /// All requests so far.
    public var entries: [LoggedRequest] { state.withLock { $0.entries } }

    /// Requests to `path`, for `pair` when given (compared case-insensitively).
    public func entries(path: String, pair: String? = nil) -> [LoggedRequest] {
        entries.filter { $0.path == path && (pair == nil || $0.pair?.uppercased() == pair?.uppercased()) }
    }

    /// How many requests went to `path` (for `pair` when given).
    public func count(path: String, pair: String? = nil) -> Int { entries(path: path, pair: pair).count }

    /// The most requests in flight at the same moment.
    public var maxInFlight: Int { state.withLock { $0.maxInFlight } }

    /// Requests whose answer is not handed to the connection yet.
    public var inFlight: Int { state.withLock { $0.inFlight } }

    /// Forgets every request.
    public func clear() { state.withLock { $0 = State() } }

    func arrive(_ request: LoggedRequest) -> Int {
        state.withLock {
            var entry = request
            entry.id = $0.entries.count + 1
            $0.entries.append(entry)
            $0.inFlight += 1
            $0.maxInFlight = max($0.maxInFlight, $0.inFlight)
            return entry.id
        }
    }

    func finish(_ id: Int, status: Int?, fault: ServerFault?, at time: Double) {
        state.withLock {
            $0.inFlight -= 1
            guard id >= 1, id <= $0.entries.count else { return }
            $0.entries[id - 1].status = status
            $0.entries[id - 1].fault = fault
            $0.entries[id - 1].finishedAt = time
        }
    }
}
