import Foundation
import Testing

@testable import KrakenIngest

/// The pure parts of the HTTP layer, without a network: classification, retry delays, buckets, the breaker's
/// state machine and redaction patterns.
@Suite("HTTP building blocks: classification, policy, buckets, breaker, redaction")
struct HTTPClassificationTests {
    static func spot(_ errors: String) -> Data { Data(#"{"error":[\#(errors)],"result":{"last":1}}"#.utf8) }

    @Test(
        "spot errors map to retryable, permanent and auth; warnings are not errors",
        arguments: [
            ("EAPI:Rate limit exceeded", FailureClass.retryable, RetryReason?.some(.rateLimited)),
            ("EGeneral:Too many requests", .retryable, .rateLimited),
            ("EService:Unavailable", .retryable, .unavailable),
            ("EService:Busy", .retryable, .busy),
            ("EGeneral:Internal error", .retryable, .internalError),
            ("EService: Throttled: 1716545000", .retryable, .throttled),
            ("EQuery:Unknown asset pair", .permanent, nil),
            ("EGeneral:Invalid arguments", .permanent, nil),
            ("EAPI:Invalid key", .auth, nil),
            ("EGeneral:Permission denied", .auth, nil),
        ])
    func spotErrors(_ message: String, _ failureClass: FailureClass, _ reason: RetryReason?) throws {
        let verdict = try #require(SpotErrors.classify(body: Self.spot(#""\#(message)""#)))
        #expect(verdict.failureClass == failureClass && verdict.reason == reason)
        #expect(verdict.apiError?.messages == [message] && verdict.apiError?.venue == .spot)
    }

    @Test("spot: a success, warnings only, throttle times, the gravest of several errors, malformed bodies")
    func spotBodies() {
        #expect(SpotErrors.classify(body: Self.spot("")) == nil)
        #expect(SpotErrors.classify(body: Self.spot(#""WGeneral:Danger""#)) == nil)
        let throttled = SpotErrors.classify(body: Self.spot(#""EService:Throttled:1716545000""#))
        #expect(throttled?.serverWait == .until(unixSeconds: 1_716_545_000))
        let mixed = SpotErrors.classify(body: Self.spot(#""EService:Busy","EQuery:Unknown asset pair""#))
        #expect(mixed?.failureClass == .permanent)
        #expect(SpotErrors.classify(body: Data("<html>".utf8))?.reason == .malformedBody)
        #expect(SpotErrors.classify(body: Data(#"{"error":[]}"#.utf8))?.reason == .malformedBody)
    }

    @Test("futures: apiLimitExceeded retryable, authenticationError and unauthorized auth, others permanent")
    func futuresBodies() {
        func verdict(_ json: String) -> FailureVerdict? { FuturesErrors.classify(body: Data(json.utf8)) }
        #expect(
            verdict(#"{"result":"error","serverTime":"x","error":"apiLimitExceeded"}"#)?.reason
                == .apiLimitExceeded)
        #expect(verdict(#"{"result":"error","error":"authenticationError"}"#)?.failureClass == .auth)
        #expect(verdict(#"{"status":"unauthorized","reason":"no"}"#)?.failureClass == .auth)
        #expect(verdict(#"{"result":"error","error":"nonceBelowThreshold"}"#)?.reason == .nonce)
        #expect(verdict(#"{"result":"error","error":"invalidArgument"}"#)?.failureClass == .permanent)
        #expect(verdict(#"{"errors":[{"code":92,"message":"INSUFFICIENT_MARGIN"}]}"#)?.failureClass == .permanent)
        #expect(verdict(#"{"result":"success","openPositions":[]}"#) == nil)
        #expect(verdict(#"{"accountUid":"a","elements":[]}"#) == nil)
    }

    @Test("HTTP status: 401/403 auth, 408/429/5xx retryable with their waits, other 4xx permanent")
    func statusRules() {
        func verdict(_ status: Int, _ headers: [String: String] = [:]) -> FailureVerdict? {
            HTTPStatusRules.classify(HTTPResponse(status: status, headers: headers, body: Data("x".utf8)))
        }
        #expect(verdict(200) == nil && verdict(204) == nil)
        #expect(verdict(401)?.failureClass == .auth && verdict(403)?.failureClass == .auth)
        #expect(verdict(429)?.reason == .tooManyRequests && verdict(429)?.serverWait == nil)
        #expect(verdict(429, ["retry-after": "3"])?.serverWait == .seconds(3))
        #expect(verdict(429, ["rate-limit-reset": "42"])?.serverWait == .seconds(42))
        #expect(verdict(520)?.reason == .serverError && verdict(408)?.reason == .timeout)
        #expect(verdict(400)?.failureClass == .permanent && verdict(404)?.failureClass == .permanent)
        #expect(verdict(404)?.message == "HTTP 404: x")
    }

    @Test("retry policy: 2, 4, 8 s within ±10%, server waits exact, too long a wait gives up")
    func retryPolicy() {
        let low = RetryPolicy(jitter: .constant(0))
        let high = RetryPolicy(jitter: .constant(0.999_999_999))
        #expect((1...3).map { low.backoff(retry: $0) } == [1.8, 3.6, 7.2])
        #expect(
            (1...3).map { high.backoff(retry: $0) }.enumerated().allSatisfy { index, wait in
                abs(wait - [2.2, 4.4, 8.8][index]) < 1e-6
            })
        let mid = RetryPolicy(jitter: .constant(0.5))
        #expect(mid.delay(retry: 2, serverWait: nil) == 4)
        #expect(mid.delay(retry: 2, serverWait: 0.25) == 0.25)
        #expect(mid.delay(retry: 1, serverWait: 301) == nil)
        #expect(ServerWait.until(unixSeconds: 110).seconds(from: UnixMillis(seconds: 100)) == 10)
        #expect(ServerWait.until(unixSeconds: 90).seconds(from: UnixMillis(seconds: 100)) == 0)
    }

    @Test("token bucket: a burst, then spacing at the refill rate; cost above 1 draws more")
    func tokenBucket() async throws {
        let clock = ManualClock(seconds: 1_000)
        let pool = TokenBucket(.futuresHistory, clock: clock)
        for _ in 0..<33 { try await pool.acquire(cost: 3) }
        #expect(clock.sleeps.isEmpty)
        try await pool.acquire(cost: 3)
        #expect(clock.sleeps == [12], "2 tokens short at 1 token per 6 s")
        let limits = RateLimits.futures(clock: clock)
        #expect(try await limits.acquire([RateLimits.Key.futuresDerivatives], cost: 2) == 0)
        #expect(await limits.isDeclared(RateLimits.Key.futuresHistory))
        #expect(await !limits.isDeclared(RateLimits.Key.spotPair("XBTUSD")))
    }

    @Test("breaker: opens at the threshold, exactly one half-open probe, success closes, failure re-opens")
    func breakerStates() {
        let clock = ManualClock(seconds: 500)
        var breaker = CircuitBreaker(host: "h", settings: .init(failureThreshold: 2, coolDown: 10), clock: clock)
        #expect(breaker.admit() == .allowed(probe: false))
        #expect(breaker.recordFailure() == nil)
        #expect(breaker.recordFailure()?.to == .open(until: UnixMillis(seconds: 510)))
        #expect(breaker.admit() == .rejected(retryAt: UnixMillis(seconds: 510)))
        clock.advance(seconds: 10)
        #expect(breaker.admit() == .allowed(probe: true))
        #expect(breaker.state == .halfOpen)
        #expect(breaker.admit() == .rejected(retryAt: nil))
        #expect(breaker.recordFailure()?.to == .open(until: UnixMillis(seconds: 520)))
        clock.advance(seconds: 10)
        #expect(breaker.admit() == .allowed(probe: true))
        breaker.recordAbandoned()
        #expect(breaker.admit() == .allowed(probe: true), "an abandoned probe frees the slot")
        #expect(breaker.recordSuccess()?.to == .closed)
        #expect(breaker.consecutiveFailures == 0)
    }

    @Test(
        "redaction: secret headers, query and JSON values, and registered literals",
        arguments: [
            (
                "APIKey: abc123 Authent: xyz+/== Nonce: 1616492376594",
                "APIKey: <redacted> Authent: <redacted> Nonce: <redacted>"
            ),
            ("https://h/p?nonce=161649&symbol=PI_XBTUSD", "https://h/p?nonce=<redacted>&symbol=PI_XBTUSD"),
            (#"{"apiKey":"k1","count":5}"#, #"{"apiKey":"<redacted>","count":5}"#),
            (#"["Authent": "c2ln", "Accept": "json"]"#, #"["Authent": "<redacted>", "Accept": "json"]"#),
            ("error nonceBelowThreshold", "error nonceBelowThreshold"),
            ("secret=hunter22&x=1", "secret=<redacted>&x=1"),
        ])
    func redactionPatterns(_ input: String, _ expected: String) {
        #expect(Redaction().redact(input) == expected)
    }

    @Test("redaction removes registered secrets anywhere and blanks secret headers")
    func redactionLiterals() {
        let redaction = Redaction(secrets: ["SUPERSECRETVALUE", "abc"])
        #expect(redaction.redact("body echoed SUPERSECRETVALUE back") == "body echoed <redacted> back")
        #expect(redaction.redact("abc stays: too short to be a secret") == "abc stays: too short to be a secret")
        #expect(
            redaction.redact(headers: ["apikey": "k", "User-Agent": "kraken-ingest/0.3.0"])
                == ["apikey": "<redacted>", "User-Agent": "kraken-ingest/0.3.0"])
    }
}
