import Foundation
import KrakenTestServer
import Testing

@testable import KrakenIngest

/// A scripted fault and the retry reason the client must count for it.
struct RetryableFaultCase: Sendable, CustomTestStringConvertible {
    let fault: ServerFault
    let reason: RetryReason
    var testDescription: String { "\(fault) → \(reason.rawValue)" }
}

/// The real `KrakenHTTPClient` over `URLSessionTransport` against the imitation on 127.0.0.1. Waits run on a
/// `ManualClock`, so every backoff is recorded and none is slept; only timeouts take real (short) time.
@Suite("HTTP layer: retries, limits, breaker, redaction over real HTTP")
struct HTTPLayerTests {
    static let retryableFaults: [RetryableFaultCase] = [
        .init(fault: .tooManyRequests(), reason: .tooManyRequests),
        .init(fault: .serverError(500), reason: .serverError),
        .init(fault: .serverError(502), reason: .serverError),
        .init(fault: .serverError(520), reason: .serverError),
        .init(fault: .rateLimitExceeded, reason: .rateLimited),
        .init(fault: .tooManyRequestsError, reason: .rateLimited),
        .init(fault: .unavailable, reason: .unavailable),
        .init(fault: .busy, reason: .busy),
        .init(fault: .internalError, reason: .internalError),
        .init(fault: .malformedJSON, reason: .malformedBody),
        .init(fault: .truncatedBody(keepFraction: 0.5), reason: .connection),
    ]

    // MARK: - Retries

    @Test(
        "each retryable fault is retried with backoff 2 s then 4 s, and the third attempt succeeds",
        arguments: retryableFaults)
    func retriedThenSucceeds(_ c: RetryableFaultCase) async throws {
        try await withHTTPHarness { h in
            h.server.faults.enqueue(c.fault, path: SpotRoutes.ohlcPath, times: 2)
            let response = try await h.get(h.ohlcURL())
            #expect(try OHLCBody(response.body).key == "XXBTZUSD")
            #expect(h.clock.sleeps == [2, 4])
            let stats = await h.client.stats
            #expect(stats.retries == [c.reason: 2])
            #expect(stats.attempts == 3 && stats.requests == 1 && stats.succeeded == 1 && stats.failed == 0)
            #expect(stats.retryWaitSeconds == 6)
            #expect(h.server.log.count(path: SpotRoutes.ohlcPath, pair: "XBTUSD") == 3)
            #expect(h.logs.lines.filter { $0.hasPrefix("warning retry") }.count == 2)
        }
    }

    @Test("at most 3 retries: four failures in a row end the call after waits of 2, 4 and 8 s")
    func retriesExhausted() async throws {
        try await withHTTPHarness { h in
            h.server.faults.enqueue(.serverError(502), path: SpotRoutes.ohlcPath, times: 4)
            let failure = try #require(await h.failure(h.ohlcURL()))
            #expect(failure.kind == .retryable(.serverError))
            #expect(failure.status == 502 && failure.attempts == 4 && failure.isRetryable)
            #expect(h.clock.sleeps == [2, 4, 8])
            #expect(h.server.log.count(path: SpotRoutes.ohlcPath) == 4)
            let stats = await h.client.stats
            #expect(stats.retries == [.serverError: 3] && stats.failed == 1)
        }
    }

    @Test("jitter stays within ±10% of 2, 4 and 8 s and follows the injected random source")
    func jitteredBackoff() async throws {
        try await withHTTPHarness(retry: RetryPolicy(jitter: .seeded(7))) { h in
            h.server.faults.enqueue(.busy, path: SpotRoutes.ohlcPath, times: 3)
            _ = try await h.get(h.ohlcURL())
            let reference = RetryPolicy(jitter: .seeded(7))
            let expected = (1...3).map { reference.backoff(retry: $0) }
            #expect(h.clock.sleeps == expected)
            for (wait, base) in zip(h.clock.sleeps, [2.0, 4, 8]) {
                #expect(wait >= base * 0.9 && wait <= base * 1.1)
            }
            #expect(h.clock.sleeps != [2, 4, 8], "a seeded source gives real jitter")
        }
    }

    @Test("Retry-After (seconds) is honoured instead of the backoff")
    func retryAfterHonoured() async throws {
        try await withHTTPHarness { h in
            h.server.faults.enqueue(
                [.tooManyRequests(retryAfter: 7), .serverError(500), .busy],
                path: SpotRoutes.ohlcPath)
            _ = try await h.get(h.ohlcURL())
            #expect(h.clock.sleeps == [7, 4, 8])
            #expect(await h.client.stats.retries == [.tooManyRequests: 1, .serverError: 1, .busy: 1])
        }
    }

    @Test("a futures 429 with a plain-text body and rate-limit-reset waits the reset")
    func rateLimitResetHonoured() async throws {
        try await withHTTPHarness { h in
            let path = "/api/history/v3/executions"
            h.server.route(path) { _, _ in .json(#"{"accountUid":"a","len":0,"elements":[]}"#) }
            h.server.faults.enqueue(.futuresTooManyRequests(resetSeconds: 11), path: path)
            let response = try await h.get(h.server.url(path), classify: .futures)
            #expect(response.status == 200)
            #expect(h.clock.sleeps == [11])
            #expect(await h.client.stats.retries == [.tooManyRequests: 1])
        }
    }

    @Test("futures apiLimitExceeded with HTTP 200 is retried with backoff")
    func futuresApiLimitExceeded() async throws {
        try await withHTTPHarness { h in
            let path = "/derivatives/api/v3/openpositions"
            h.server.route(path) { _, _ in .json(#"{"result":"success","openPositions":[]}"#) }
            h.server.faults.enqueue(.futuresError("apiLimitExceeded"), path: path)
            _ = try await h.get(h.server.url(path), classify: .futures)
            #expect(h.clock.sleeps == [2])
            #expect(await h.client.stats.retries == [.apiLimitExceeded: 1])
        }
    }

    @Test("EService: Throttled: <unix time> waits until that time on the clock")
    func throttledHonoured() async throws {
        try await withHTTPHarness { h in
            h.server.faults.enqueue(.throttled(until: httpTestNow + 25), path: SpotRoutes.ohlcPath)
            _ = try await h.get(h.ohlcURL())
            #expect(h.clock.sleeps == [25])
            #expect(h.clock.nowSeconds == httpTestNow + 25)
            #expect(await h.client.stats.retries == [.throttled: 1])
        }
    }

    @Test("a throttle longer than the policy allows ends the call at once, without sleeping")
    func throttledTooLong() async throws {
        try await withHTTPHarness { h in
            h.server.faults.enqueue(.throttled(until: httpTestNow + 3_600), path: SpotRoutes.ohlcPath)
            let failure = try #require(await h.failure(h.ohlcURL()))
            #expect(failure.kind == .retryable(.throttled))
            #expect(failure.attempts == 1 && h.clock.sleeps.isEmpty)
            #expect(failure.apiError?.messages == ["EService: Throttled: \(httpTestNow + 3_600)"])
        }
    }

    // MARK: - Timeouts and slow bodies (short real timeouts)

    // Each exchange below is slower than its timeout by design (30 s against 0.5 s), so a loaded machine can only
    // make a timeout fire late, never change which attempts time out.

    @Test("answers slower than the connect timeout time out: retried after 2, 4 and 8 s, then given up")
    func delayIsTimeout() async throws {
        try await withHTTPHarness(timeouts: .init(connect: 0.5, read: 60, total: 120)) { h in
            h.server.faults.enqueue(.delay(seconds: 30), path: SpotRoutes.ohlcPath, times: 4)
            let started = ContinuousClock.now
            let failure = try #require(await h.failure(h.ohlcURL()))
            #expect(ContinuousClock.now - started < .seconds(25), "gave up at each timeout, not after the delay")
            #expect(failure.kind == .retryable(.timeout) && failure.attempts == 4 && failure.status == nil)
            #expect(failure.message.contains("connect timeout"))
            #expect(h.clock.sleeps == [2, 4, 8])
            #expect(await h.client.stats.retries == [.timeout: 3])
            // On a loaded machine the client may give up on the last attempt before the server has logged it.
            var logged = h.server.log.count(path: SpotRoutes.ohlcPath)
            for _ in 0..<100 where logged < 4 {
                try await Task.sleep(nanoseconds: 100_000_000)
                logged = h.server.log.count(path: SpotRoutes.ohlcPath)
            }
            #expect(logged == 4)
        }
    }

    @Test("bodies that stall longer than the read timeout time out: retried after 2, 4 and 8 s, then given up")
    func stalledBodyIsTimeout() async throws {
        try await withHTTPHarness(timeouts: .init(connect: 60, read: 0.5, total: 120)) { h in
            h.server.faults.enqueue(.slowBody(chunks: 2, pause: 30), path: SpotRoutes.ohlcPath, times: 4)
            let failure = try #require(await h.failure(h.ohlcURL()))
            #expect(failure.kind == .retryable(.timeout) && failure.attempts == 4)
            #expect(failure.message.contains("read timeout"))
            #expect(h.clock.sleeps == [2, 4, 8])
            #expect(h.logs.lines.filter { $0.contains("read timeout") }.count == 4, "3 retries and the final error")
        }
    }

    @Test("a slow body whose pauses stay under the read timeout arrives whole, without a retry")
    func slowBodyWithinTimeout() async throws {
        try await withHTTPHarness { h in
            h.server.faults.enqueue(.slowBody(chunks: 3, pause: 0.1), path: SpotRoutes.ohlcPath)
            let response = try await h.get(h.ohlcURL())
            #expect(try OHLCBody(response.body).rows.count == 720)
            #expect(h.clock.sleeps.isEmpty)
            #expect(await h.client.stats.totalRetries == 0)
            #expect(h.server.log.entries.first?.fault == .slowBody(chunks: 3, pause: 0.1))
        }
    }

    @Test("cancelling a call in flight ends it with CancellationError and no retry")
    func cancellation() async throws {
        try await withHTTPHarness { h in
            h.server.faults.enqueue(.delay(seconds: 30), path: SpotRoutes.ohlcPath)
            let task = Task { try await h.get(h.ohlcURL()) }
            try await waitFor { h.server.log.count(path: SpotRoutes.ohlcPath) == 1 }
            task.cancel()
            await #expect(throws: CancellationError.self) { _ = try await task.value }
            #expect(h.clock.sleeps.isEmpty)
            #expect(await h.client.stats.totalRetries == 0)
        }
    }

    // MARK: - Permanent and auth errors

    @Test("permanent errors are never retried: unknown pair, invalid arguments, other 4xx")
    func permanentNotRetried() async throws {
        try await withHTTPHarness { h in
            let unknown = try #require(await h.failure(h.ohlcURL(pair: "NOPEUSD")))
            #expect(unknown.kind == .permanent && unknown.attempts == 1 && unknown.status == 200)
            #expect(unknown.apiError?.messages == ["EQuery:Unknown asset pair"])
            let invalid = try #require(await h.failure(h.ohlcURL(interval: "720")))
            #expect(invalid.kind == .permanent && invalid.apiError?.messages == ["EGeneral:Invalid arguments"])
            let missing = try #require(await h.failure(h.server.url("/0/public/Nothing")))
            #expect(missing.kind == .permanent && missing.status == 404)
            #expect(h.clock.sleeps.isEmpty)
            #expect(h.server.log.entries.count == 3)
            let stats = await h.client.stats
            #expect(stats.totalRetries == 0 && stats.failed == 3)
        }
    }

    @Test("auth failures are never retried: 401 unauthorized and futures authenticationError")
    func authNotRetried() async throws {
        try await withHTTPHarness { h in
            let path = "/api/history/v3/account-log"
            h.server.route(path) { _, _ in
                .json(#"{"status":"unauthorized","reason":"You are not authorized"}"#, status: 401)
            }
            let refused = try #require(await h.failure(h.server.url(path), classify: .futures))
            #expect(refused.kind == .auth && refused.status == 401 && refused.failureClass == .auth)
            let tickers = "/derivatives/api/v3/openpositions"
            h.server.faults.enqueue(.futuresError("authenticationError"), path: tickers)
            let bad = try #require(await h.failure(h.server.url(tickers), classify: .futures))
            #expect(bad.kind == .auth && bad.apiError?.messages == ["authenticationError"])
            #expect(h.clock.sleeps.isEmpty && h.server.log.entries.count == 2)
        }
    }

    // MARK: - Circuit breaker

    @Test("the breaker opens after 5 consecutive failures, refuses while open, probes once after 30 s, closes")
    func breakerCycle() async throws {
        let transitions = TransitionRecorder()
        try await withHTTPHarness(retry: .none, breakerObserver: transitions.record) { h in
            h.server.faults.enqueue(.serverError(500), path: SpotRoutes.ohlcPath, times: 5)
            for call in 1...4 {
                let failure = try #require(await h.failure(h.ohlcURL()))
                #expect(failure.kind == .retryable(.serverError), "call \(call)")
            }
            let fifth = try #require(await h.failure(h.ohlcURL()))
            guard case .circuitOpen(_, let retryAt) = fifth.kind else {
                Issue.record("expected the fifth failure to open the breaker, got \(fifth.kind)")
                return
            }
            #expect(retryAt == UnixMillis(seconds: httpTestNow + 30))
            let refused = try #require(await h.failure(h.ohlcURL()))
            #expect(refused.attempts == 0 && refused.isRetryable)
            #expect(h.server.log.count(path: SpotRoutes.ohlcPath) == 5, "nothing sent while open")
            h.clock.advance(seconds: 29.9)
            _ = try #require(await h.failure(h.ohlcURL()))
            #expect(h.server.log.count(path: SpotRoutes.ohlcPath) == 5)
            h.clock.advance(seconds: 0.1)
            let probe = try await h.get(h.ohlcURL())
            #expect(probe.status == 200)
            #expect(await h.client.breakerState(for: h.ohlcURL()) == .closed)
            let stats = await h.client.stats
            #expect(stats.breakerOpens == 1 && stats.breakerRejections == 2)
            #expect(transitions.names == ["closed → open", "open → half-open", "half-open → closed"])
            #expect(h.logs.text.contains("circuit breaker for 127.0.0.1:\(h.server.port): closed -> open"))
            #expect(h.logs.text.contains("half-open -> closed"))
        }
    }

    @Test("a failed half-open probe opens the breaker again for another cool-down")
    func breakerProbeFails() async throws {
        try await withHTTPHarness(retry: .none) { h in
            h.server.faults.enqueue(.serverError(503), path: SpotRoutes.ohlcPath, times: 6)
            for _ in 1...5 { _ = await h.failure(h.ohlcURL()) }
            h.clock.advance(seconds: 30)
            let probe = try #require(await h.failure(h.ohlcURL()))
            guard case .circuitOpen(_, let retryAt) = probe.kind else {
                Issue.record("expected the failed probe to reopen the breaker, got \(probe.kind)")
                return
            }
            #expect(probe.attempts == 1 && retryAt == UnixMillis(seconds: httpTestNow + 60))
            #expect(h.server.log.count(path: SpotRoutes.ohlcPath) == 6)
            _ = await h.failure(h.ohlcURL())
            #expect(h.server.log.count(path: SpotRoutes.ohlcPath) == 6)
            #expect(await h.client.stats.breakerOpens == 2)
        }
    }

    @Test("while the half-open probe is in flight, other calls are refused")
    func singleProbe() async throws {
        try await withHTTPHarness(retry: .none) { h in
            let gate = Gate()
            let held = "/0/public/Held"
            h.server.route(held) { _, _ in
                try await gate.wait()
                return .json(#"{"error":[],"result":{}}"#)
            }
            h.server.faults.enqueue(.serverError(500), path: SpotRoutes.ohlcPath, times: 5)
            for _ in 1...5 { _ = await h.failure(h.ohlcURL()) }
            h.clock.advance(seconds: 30)
            let probe = Task { try await h.get(h.server.url(held)) }
            try await waitFor { h.server.log.count(path: held) == 1 }
            let other = try #require(await h.failure(h.ohlcURL(pair: "ETHUSD")))
            #expect(other.kind == .circuitOpen(host: "127.0.0.1:\(h.server.port)", retryAt: nil))
            #expect(other.attempts == 0 && h.server.log.count(path: SpotRoutes.ohlcPath) == 5)
            gate.open()
            #expect(try await probe.value.status == 200)
            #expect(await h.client.breakerState(for: h.ohlcURL()) == .closed)
            _ = try await h.get(h.ohlcURL(pair: "ETHUSD"))
        }
    }

    @Test("permanent errors prove the host is up: they never open the breaker")
    func permanentDoesNotOpenBreaker() async throws {
        try await withHTTPHarness(retry: .none) { h in
            for _ in 1...6 { _ = await h.failure(h.ohlcURL(pair: "NOPEUSD")) }
            #expect(await h.client.breakerState(for: h.ohlcURL()) == .closed)
            #expect(await h.client.stats.breakerOpens == 0)
        }
    }

    // MARK: - Rate limits

    @Test("the per-pair bucket spaces calls of one pair 1 s apart; other pairs do not wait")
    func perPairSpacing() async throws {
        try await withHTTPHarness(rateLimits: { RateLimits.spot(clock: $0) }) { h in
            for pair in ["XBTUSD", "XBTUSD", "ETHUSD", "XBTUSD"] {
                _ = try await h.get(h.ohlcURL(pair: pair), keys: RateLimits.spotKeys(pair: pair))
            }
            #expect(h.clock.sleeps == [1, 1])
            let arrivals = h.server.log.entries(path: SpotRoutes.ohlcPath, pair: "XBTUSD").map(\.arrival.seconds)
            #expect(arrivals == [httpTestNow, httpTestNow + 1, httpTestNow + 2])
            #expect(
                h.server.log.entries(path: SpotRoutes.ohlcPath, pair: "ETHUSD").map(\.arrival.seconds)
                    == [httpTestNow + 1])
            let stats = await h.client.stats
            #expect(stats.rateLimitWaits == 2 && stats.rateLimitWaitSeconds == 2)
        }
    }

    @Test("the global bucket caps calls across pairs")
    func globalCap() async throws {
        let limits: (ManualClock) -> RateLimits = { RateLimits.spot(clock: $0, global: .perSecond(2, burst: 2)) }
        try await withHTTPHarness(rateLimits: limits) { h in
            for pair in ["XBTUSD", "ETHUSD", "SOLUSD", "XBTUSDT"] {
                _ = try await h.get(h.ohlcURL(pair: pair), keys: RateLimits.spotKeys(pair: pair))
            }
            #expect(h.clock.sleeps == [0.5, 0.5])
            #expect(h.server.log.entries.map { $0.arrival.value - httpTestNow * 1000 } == [0, 0, 500, 1000])
        }
    }

    @Test("an undeclared bucket is a usage error, and nothing is sent")
    func undeclaredBucket() async throws {
        try await withHTTPHarness { h in
            await #expect(throws: KrakenIngestError.self) { _ = try await h.get(h.ohlcURL(), keys: ["nope"]) }
            #expect(h.server.log.entries.isEmpty)
        }
    }

    @Test("calls for different pairs run concurrently: their requests overlap at the server")
    func concurrentCalls() async throws {
        try await withHTTPHarness(rateLimits: { RateLimits.spot(clock: $0) }) { h in
            let barrier = "/0/public/Barrier"
            let log = h.server.log
            h.server.route(barrier) { _, _ in
                try await Gate().wait { log.count(path: barrier) >= 2 }
                return .json(#"{"error":[],"result":{}}"#)
            }
            async let a = h.get(h.server.url(barrier, ["pair": "XBTUSD"]), keys: RateLimits.spotKeys(pair: "XBTUSD"))
            async let b = h.get(h.server.url(barrier, ["pair": "ETHUSD"]), keys: RateLimits.spotKeys(pair: "ETHUSD"))
            let (ra, rb) = try await (a, b)
            #expect(ra.status == 200 && rb.status == 200)
            #expect(h.server.log.maxInFlight == 2, "each answer waited for the other request to arrive")
            #expect(h.clock.sleeps.isEmpty)
        }
    }

    // MARK: - Headers and secrets

    @Test("every request carries User-Agent: kraken-ingest/<version>")
    func userAgent() async throws {
        try await withHTTPHarness { h in
            _ = try await h.get(h.server.url(SpotRoutes.assetPairsPath))
            #expect(h.server.log.entries.first?.header("User-Agent") == "kraken-ingest/\(KrakenIngestVersion.current)")
            #expect(KrakenIngestVersion.userAgent == "kraken-ingest/0.3.0")
        }
    }

    @Test("secrets reach the server but never a log line or a thrown message")
    func redaction() async throws {
        let apiKey = "PUBLICKEY-abc123def456"
        let secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQ="
        let signer: RequestSigner = { _ in ["APIKey": apiKey, "Authent": "SIGNED+\(secret)", "Nonce": "1616492376594"] }
        try await withHTTPHarness(redaction: Redaction(secrets: [apiKey, secret])) { h in
            let path = "/derivatives/api/v3/echo"
            h.server.route(path) { request, _ in
                .json(#"{"result":"error","error":"invalid key \#(request.header("APIKey") ?? "")"}"#, status: 400)
            }
            let url = h.server.url(path, ["nonce": "1616492376594", "apiKey": apiKey, "symbol": "PI_XBTUSD"])
            let failure = try #require(await h.failure(url, classify: .futures, signer: signer))
            #expect(failure.kind == .permanent)
            let seen = try #require(h.server.log.entries.first)
            #expect(seen.header("APIKey") == apiKey && seen.header("Nonce") == "1616492376594")
            let texts = [failure.description, failure.message, failure.url, h.logs.text]
            for text in texts {
                #expect(!text.contains(apiKey) && !text.contains(secret) && !text.contains("1616492376594"), "\(text)")
            }
            #expect(h.logs.text.contains("APIKey: <redacted>"))
            #expect(failure.url.contains("symbol=PI_XBTUSD") && failure.url.contains("nonce=<redacted>"))
        }
    }
}

/// Breaker transitions as "from → to".
final class TransitionRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [CircuitBreaker.Transition] = []

    var names: [String] {
        lock.withLock { stored }.map { "\(Self.name($0.from)) → \(Self.name($0.to))" }
    }

    var record: @Sendable (CircuitBreaker.Transition) -> Void { { [self] t in lock.withLock { stored.append(t) } } }

    private static func name(_ state: CircuitBreaker.State) -> String {
        switch state {
        case .closed: return "closed"
        case .open: return "open"
        case .halfOpen: return "half-open"
        }
    }
}

/// Polls `condition` in real time (up to 30 s) so a test can wait for the server to see a request.
func waitFor(_ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(30)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met within 30 s")
            return
        }
        try await Task.sleep(nanoseconds: 10_000_000)
    }
}
