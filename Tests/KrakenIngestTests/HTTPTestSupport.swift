import Foundation
import KrakenTestServer
import Logging
import Testing

@testable import KrakenIngest

/// 2024-05-24T11:20:34Z: 20 minutes into an hourly candle, so the current candle is visibly unfinished.
let httpTestNow: Int64 = 1_716_549_634

/// Every log line a client wrote, kept for assertions.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var lines: [String] { lock.withLock { stored } }
    var text: String { lines.joined(separator: "\n") }

    func append(_ line: String) { lock.withLock { stored.append(line) } }

    /// A logger with the HTTP layer's label writing into this capture at every level.
    func logger() -> Logger {
        Logger(label: KrakenHTTPClient.loggerLabel) { _ in CaptureHandler(capture: self) }
    }

    private struct CaptureHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let extra = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let suffix = extra.isEmpty ? "" : " " + extra.joined(separator: " ")
            capture.append("\(event.level) \(event.message)" + suffix)
        }
    }
}

/// A running imitation, a manual clock shared by server and client, and a real client over URLSession.
struct HTTPHarness {
    let server: KrakenTestServer
    let clock: ManualClock
    let client: KrakenHTTPClient
    let logs: LogCapture

    /// The bucket key of the generous default limits (no waits).
    static let openBucket = "test.open"

    /// An OHLC address on this server.
    func ohlcURL(pair: String = "XBTUSD", interval: String = "60", since: String? = nil) -> URL {
        if let since { return server.url(SpotRoutes.ohlcPath, ["pair": pair, "interval": interval, "since": since]) }
        return server.url(SpotRoutes.ohlcPath, ["pair": pair, "interval": interval])
    }

    /// GETs `url` through the client, drawing from the open bucket unless told otherwise.
    func get(
        _ url: URL, keys: [String] = [HTTPHarness.openBucket], classify: ResponseClassifier = .spot,
        headers: [String: String] = [:], signer: RequestSigner? = nil
    ) async throws -> HTTPResponse {
        try await client.get(url, headers: headers, signer: signer, bucketKeys: keys, classify: classify)
    }

    /// The thrown `HTTPFailure` of a call that must fail.
    func failure(
        _ url: URL, keys: [String] = [HTTPHarness.openBucket], classify: ResponseClassifier = .spot,
        signer: RequestSigner? = nil
    ) async -> HTTPFailure? {
        do {
            _ = try await get(url, keys: keys, classify: classify, signer: signer)
            Issue.record("expected \(url) to fail")
            return nil
        } catch let failure as HTTPFailure {
            return failure
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }
}

/// Starts an imitation on 127.0.0.1 and a client, runs `body`, and stops the server whatever happens.
func withHTTPHarness<T>(
    now: Int64 = httpTestNow,
    server configure: (inout KrakenTestServer.Configuration) -> Void = { _ in },
    rateLimits: ((ManualClock) -> RateLimits)? = nil,
    retry: RetryPolicy = RetryPolicy(jitter: .constant(0.5)),
    timeouts: URLSessionTransport.Timeouts = .init(connect: 60, read: 60, total: 120),
    breaker: CircuitBreaker.Settings = .init(),
    redaction: Redaction = Redaction(),
    breakerObserver: (@Sendable (CircuitBreaker.Transition) -> Void)? = nil,
    _ body: (HTTPHarness) async throws -> T
) async throws -> T {
    let clock = ManualClock(seconds: now)
    var configuration = KrakenTestServer.Configuration(clock: clock)
    configure(&configuration)
    let server = try await KrakenTestServer.started(configuration)
    let logs = LogCapture()
    let limits =
        rateLimits?(clock)
        ?? RateLimits(clock: clock, rules: [HTTPHarness.openBucket: .perSecond(100_000, burst: 100_000)])
    let client = KrakenHTTPClient(
        transport: URLSessionTransport(timeouts: timeouts), rateLimits: limits, retryPolicy: retry,
        breakerSettings: breaker, clock: clock, redaction: redaction, logger: logs.logger(),
        breakerObserver: breakerObserver)
    do {
        let result = try await body(HTTPHarness(server: server, clock: clock, client: client, logs: logs))
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// A gate a route handler waits at until the test opens it (or 20 s pass): lets a test hold a request in flight
/// for exactly as long as it needs, whatever the machine's load.
final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var isOpen = false

    func open() { lock.withLock { isOpen = true } }

    /// Waits until opened, polling every 5 ms in real time.
    func wait(until condition: @Sendable () -> Bool = { false }) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while !lock.withLock({ isOpen }), !condition(), ContinuousClock.now < deadline {
            try await Task.sleep(nanoseconds: 5_000_000)
        }
    }
}

/// An OHLC body taken apart.
struct OHLCBody {
    var key: String
    var rows: [[Any]]
    var last: Any

    var times: [Int64] { rows.map { ($0[0] as? NSNumber)?.int64Value ?? -1 } }
    var counts: [Int] { rows.map { ($0[7] as? NSNumber)?.intValue ?? -1 } }

    init(_ data: Data) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((object["error"] as? [Any])?.isEmpty == true)
        let result = try #require(object["result"] as? [String: Any])
        let keys = result.keys.filter { $0 != "last" }
        try #require(keys.count == 1)
        key = keys[0]
        rows = try #require(result[key] as? [[Any]])
        last = try #require(result["last"])
    }
}

/// The error strings of a spot body.
func spotErrors(_ data: Data) -> [String] {
    let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    return (object?["error"] as? [String]) ?? []
}
