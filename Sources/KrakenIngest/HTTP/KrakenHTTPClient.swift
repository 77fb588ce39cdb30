import Foundation
import Logging

/// Signs one attempt: returns the headers to add (fresh nonce each time), or throws.
public typealias RequestSigner = @Sendable (HTTPRequest) throws -> [String: String]

/// The HTTP client shared by the spot and futures clients: transport + rate limits + retries + a circuit breaker
/// per host, all waits on the injected clock. Every retry and breaker transition is logged (label
/// `kraken-ingest.http`, secrets redacted) and counted in `stats`.
///
/// ```swift
/// let client = KrakenHTTPClient(
///     transport: URLSessionTransport(), rateLimits: .spot(clock: clock), clock: clock)
/// let response = try await client.get(
///     url, bucketKeys: RateLimits.spotKeys(pair: "XBTUSD"), classify: .spot)
/// ```
///
/// One call: ask the host's breaker → take tokens → send → classify. A success (or a permanent or auth failure,
/// which prove the host is up) closes the breaker's count; a retryable failure counts against it and is retried
/// after the policy's delay until the retries run out, the breaker opens, or the server asks for a wait longer
/// than the policy allows. `CancellationError` passes through untouched.
public actor KrakenHTTPClient {
    /// The logger label of the HTTP layer.
    public static let loggerLabel = "kraken-ingest.http"

    /// Sends the exchanges.
    public nonisolated let transport: any HTTPTransport
    /// The token buckets.
    public nonisolated let rateLimits: RateLimits
    /// When to retry.
    public nonisolated let retryPolicy: RetryPolicy
    /// Threshold and cool-down of every host's breaker.
    public nonisolated let breakerSettings: CircuitBreaker.Settings
    /// Time and waiting.
    public nonisolated let clock: any WallClock
    private let logger: Logger
    private let redaction: Redaction
    private let breakerObserver: (@Sendable (CircuitBreaker.Transition) -> Void)?
    private var breakers: [String: CircuitBreaker] = [:]

    /// What the client has done so far.
    public private(set) var stats = HTTPStats()

    public init(
        transport: any HTTPTransport, rateLimits: RateLimits, retryPolicy: RetryPolicy = RetryPolicy(),
        breakerSettings: CircuitBreaker.Settings = CircuitBreaker.Settings(), clock: any WallClock,
        redaction: Redaction = Redaction(), logger: Logger = Logger(label: KrakenHTTPClient.loggerLabel),
        breakerObserver: (@Sendable (CircuitBreaker.Transition) -> Void)? = nil
    ) {
        self.transport = transport
        self.rateLimits = rateLimits
        self.retryPolicy = retryPolicy
        self.breakerSettings = breakerSettings
        self.clock = clock
        self.redaction = redaction
        self.logger = logger
        self.breakerObserver = breakerObserver
    }

    /// GETs `url`, drawing `cost` tokens from each bucket in `bucketKeys` per attempt, retrying what `classify`
    /// calls retryable. `signer`, when given, adds headers to each attempt (a fresh nonce each time).
    /// Returns the first successful response; throws `HTTPFailure`, `CancellationError`, or
    /// `KrakenIngestError.usage` for an undeclared bucket.
    public func get(
        _ url: URL, headers: [String: String] = [:], signer: RequestSigner? = nil, bucketKeys: [String],
        cost: Double = 1, classify: ResponseClassifier = .httpStatus
    ) async throws -> HTTPResponse {
        stats.requests += 1
        let host = Self.hostKey(url)
        let shownURL = redaction.redact(url: url)
        var attempt = 0
        while true {
            try Task.checkCancellation()
            try admit(host: host, url: shownURL, attempts: attempt)
            let outcome: Outcome
            do {
                try await takeTokens(bucketKeys, cost: cost)
                attempt += 1
                stats.attempts += 1
                outcome = try await exchange(
                    url, headers: headers, signer: signer, classify: classify, shownURL: shownURL, attempt: attempt)
            } catch {
                abandon(host: host)
                if !(error is CancellationError) { stats.failed += 1 }
                throw error
            }
            switch outcome {
            case .succeeded(let response):
                record(host: host, success: true)
                stats.succeeded += 1
                return response
            case .failed(let verdict, let response):
                let delay = try retryDelay(verdict, host: host, url: shownURL, attempt: attempt, status: response)
                try await clock.sleep(seconds: delay)
            }
        }
    }

    /// The state of the breaker for `url`'s host (closed when none was used yet).
    public func breakerState(for url: URL) -> CircuitBreaker.State { breakers[Self.hostKey(url)]?.state ?? .closed }

    /// The breaker key of `url`: host and port.
    public static func hostKey(_ url: URL) -> String {
        let host = url.host ?? "unknown-host"
        return url.port.map { "\(host):\($0)" } ?? host
    }

    // MARK: - Steps

    /// How one attempt ended.
    private enum Outcome {
        case succeeded(HTTPResponse)
        /// The verdict, and the response when one arrived.
        case failed(FailureVerdict, HTTPResponse?)
    }

    /// One attempt, off the actor so that parsing a large body does not hold up other calls.
    private nonisolated func exchange(
        _ url: URL, headers: [String: String], signer: RequestSigner?, classify: ResponseClassifier,
        shownURL: String, attempt: Int
    ) async throws -> Outcome {
        var request = HTTPRequest(url: url, headers: headers)
        if let signer { request.headers.merge(try signer(request)) { $1 } }
        let shownHeaders = redaction.redact(headers: request.headers).sorted { $0.key < $1.key }
            .map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        logger.debug("GET \(shownURL) attempt \(attempt) headers [\(shownHeaders)]")
        do {
            let response = try await transport.send(request)
            return classify.classify(response).map { .failed($0, response) } ?? .succeeded(response)
        } catch let error as TransportError {
            try Task.checkCancellation()
            return .failed(error.verdict, nil)
        }
    }

    private func takeTokens(_ keys: [String], cost: Double) async throws {
        let waited = try await rateLimits.acquire(keys, cost: cost)
        guard waited > 0 else { return }
        stats.rateLimitWaits += 1
        stats.rateLimitWaitSeconds += waited
    }

    /// Decides what follows a failed attempt: a delay before the next one, or a thrown `HTTPFailure`.
    private func retryDelay(
        _ verdict: FailureVerdict, host: String, url: String, attempt: Int, status response: HTTPResponse?
    ) throws -> Double {
        let message = redaction.redact(verdict.message)
        func failure(_ kind: HTTPFailure.Kind, _ text: String = message) -> HTTPFailure {
            stats.failed += 1
            return HTTPFailure(
                kind: kind, status: response?.status, apiError: verdict.apiError, message: text,
                url: url, attempts: attempt)
        }
        guard verdict.failureClass == .retryable else {
            record(host: host, success: true)
            let error = failure(verdict.failureClass == .auth ? .auth : .permanent)
            logger.error("\(error.description)")
            throw error
        }
        let reason = verdict.reason ?? .connection
        record(host: host, success: false)
        if case .open(let until) = breakers[host]?.state {
            let error = failure(.circuitOpen(host: host, retryAt: until), "last failure: \(message)")
            logger.error("\(error.description)")
            throw error
        }
        guard reason != .noRoute else {
            // Offline or a mistyped host: the caller says so in one line, so the log keeps it at debug level.
            let error = failure(.retryable(reason))
            logger.debug("\(error.description)")
            throw error
        }
        guard attempt <= retryPolicy.maxRetries else {
            let error = failure(.retryable(reason))
            logger.error("\(error.description)")
            throw error
        }
        let serverWait = verdict.serverWait?.seconds(from: clock.now())
        guard let delay = retryPolicy.delay(retry: attempt, serverWait: serverWait) else {
            let asked = serverWait.map { "\($0)" } ?? "?"
            let error = failure(
                .retryable(reason),
                "\(message) (server asked to wait \(asked) s, more than "
                    + "the \(retryPolicy.maxServerWait) s allowed)")
            logger.error("\(error.description)")
            throw error
        }
        stats.retries[reason, default: 0] += 1
        stats.retryWaitSeconds += delay
        let source = serverWait == nil ? "backoff" : "server asked"
        logger.warning(
            "retry \(attempt)/\(retryPolicy.maxRetries) of GET \(url) in \(delay) s (\(source)): \(message)",
            metadata: ["reason": "\(reason.rawValue)", "status": "\(response.map { "\($0.status)" } ?? "none")"])
        return delay
    }

    // MARK: - Breakers

    private func admit(host: String, url: String, attempts: Int) throws {
        var breaker =
            breakers[host]
            ?? CircuitBreaker(host: host, settings: breakerSettings, clock: clock, observer: breakerObserver)
        let before = breaker.state
        let admission = breaker.admit()
        breakers[host] = breaker
        note(host: host, from: before, to: breaker.state)
        guard case .rejected(let retryAt) = admission else { return }
        stats.breakerRejections += 1
        stats.failed += 1
        let error = HTTPFailure(
            kind: .circuitOpen(host: host, retryAt: retryAt), message: "too many consecutive failures",
            url: url, attempts: attempts)
        logger.info("\(error.description)")
        throw error
    }

    private func record(host: String, success: Bool) {
        guard var breaker = breakers[host] else { return }
        let before = breaker.state
        if success { breaker.recordSuccess() } else { breaker.recordFailure() }
        breakers[host] = breaker
        note(host: host, from: before, to: breaker.state)
    }

    private func abandon(host: String) { breakers[host]?.recordAbandoned() }

    private func note(host: String, from before: CircuitBreaker.State, to after: CircuitBreaker.State) {
        guard before != after else { return }
        if case .open = after { stats.breakerOpens += 1 }
        let failures = breakers[host]?.consecutiveFailures ?? 0
        let text = "circuit breaker for \(host): \(before) -> \(after) after \(failures) consecutive failures"
        if case .open = after { logger.warning("\(text)") } else { logger.notice("\(text)") }
    }
}
