import Foundation
import KrakenTestServer
import Testing

@testable import KrakenIngest

/// A futures imitation on 127.0.0.1, a client on a manual clock, and a store on a real SQLite file.
struct FuturesHarness {
    let server: KrakenTestServer
    let futures: FuturesRoutes
    let clock: ManualClock
    let client: KrakenHTTPClient
    let store: SQLiteStore
    let dir: TempDir

    /// The imitation's key pair, or one with `secret` in its place.
    static func credentials(secret: String = FuturesAccountSpec.testSecret) throws -> FuturesCredentials {
        try FuturesCredentials(apiKey: FuturesAccountSpec.testAPIKey, secret: secret)
    }

    /// A valid-looking secret the imitation does not know.
    static let wrongSecret = Data(repeating: 7, count: 64).base64EncodedString()

    func source(secret: String = FuturesAccountSpec.testSecret) throws -> FuturesHTTPSource {
        FuturesHTTPSource(
            client: client, baseURL: server.baseURL,
            signer: FuturesSigner(
                credentials: try Self.credentials(secret: secret),
                nonces: NonceSource(clock: SystemClock())))
    }

    /// One engine run in a writer session of its own.
    func sync(
        _ resources: [FuturesResource], pageSize: Int? = nil, since: UnixMillis? = nil,
        source: (any FuturesSource)? = nil, stop: StopRequest = StopRequest(), log: LogCapture? = nil
    ) async throws
        -> FuturesSyncReport
    {
        let engine = FuturesSyncEngine(
            source: try source ?? self.source(), clock: clock,
            options: .init(resources: resources, since: since, pageSize: pageSize), log: { log?.append($0) })
        let session = try store.openWriterSession()
        defer { session.close() }
        return try await engine.run(session: session, stop: stop)
    }

    func cursor(_ resource: FuturesResource) throws -> SyncCursor? {
        try store.read { try $0.syncCursor(resource.name) }
    }

    func rows(_ resource: FuturesResource) throws -> [String: String] {
        try store.read { try $0.futuresRawRows(resource) }
    }
}

/// Runs `body` against a started imitation serving `spec`; stops the server whatever happens.
func withFuturesHarness<T>(
    _ spec: FuturesAccountSpec = FuturesAccountSpec(),
    retry: RetryPolicy = RetryPolicy(maxRetries: 1, jitter: .constant(0.5)),
    historyPool: TokenBucket.Rule = .futuresHistory,
    _ body: (FuturesHarness) async throws -> T
) async throws -> T {
    let clock = ManualClock(seconds: 1_767_300_000)
    let server = try await KrakenTestServer.started(.init(clock: clock))
    let futures = FuturesRoutes(spec)
    futures.install(on: server)
    let limits = RateLimits.futures(clock: clock, history: historyPool)
    let client = KrakenHTTPClient(
        transport: URLSessionTransport(), rateLimits: limits,
        retryPolicy: retry, clock: clock, logger: LogCapture().logger())
    let dir = try TempDir()
    let store = try SQLiteStore.open(path: dir.file("futures.sqlite"), clock: clock)
    do {
        let result = try await body(
            FuturesHarness(
                server: server, futures: futures, clock: clock, client: client,
                store: store, dir: dir))
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// A source that requests a stop after `pages` fetches: a run interrupted between pages.
struct StoppingSource: FuturesSource {
    let inner: any FuturesSource
    let stop: StopRequest
    let pages: Int
    let fetched = Counter()

    func fetch(_ resource: FuturesResource, query: FuturesQuery) async throws -> FuturesPage {
        let page = try await inner.fetch(resource, query: query)
        if fetched.increment() >= pages { stop.requestStop() }
        return page
    }

    func retryCount() async -> Int { await inner.retryCount() }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func increment() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }

    var current: Int { lock.withLock { value } }
}
