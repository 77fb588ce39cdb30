import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The production `HTTPTransport`: Foundation's `URLSession` (libcurl underneath on Linux), with a connect and a
/// read timeout enforced to the millisecond by a watchdog, and a `User-Agent: kraken-ingest/<version>` header.
///
/// ```swift
/// let transport = URLSessionTransport(timeouts: .init(connect: 10, read: 30))
/// let response = try await transport.send(HTTPRequest(url: url))
/// ```
///
/// Timeouts run on real time, not on the injected `WallClock`: they guard a real socket. A Dispatch timer per
/// request enforces them (off the Swift concurrency pool, so busy tasks cannot delay it); `URLSession`'s own
/// timeout is kept only as a backstop because on Linux it counts whole seconds and restarts on every byte.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    /// How long an exchange may take, in seconds.
    public struct Timeouts: Sendable, Equatable {
        /// Connecting and waiting for the response head (status line and headers).
        public var connect: Double
        /// Longest silence while the body streams.
        public var read: Double
        /// The whole exchange, head and body.
        public var total: Double

        public init(connect: Double = 10, read: Double = 30, total: Double = 120) {
            self.connect = connect
            self.read = read
            self.total = total
        }
    }

    /// The limits this transport enforces.
    public let timeouts: Timeouts
    /// Sent as `User-Agent` unless a request brings its own.
    public let userAgent: String
    private let session: URLSession
    private let registry: ExchangeRegistry

    public init(timeouts: Timeouts = Timeouts(), userAgent: String = KrakenIngestVersion.userAgent) {
        self.timeouts = timeouts
        self.userAgent = userAgent
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = (max(timeouts.connect, timeouts.read) + 5).rounded(.up)
        configuration.timeoutIntervalForResource = (timeouts.total + 5).rounded(.up)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        registry = ExchangeRegistry()
        session = URLSession(configuration: configuration, delegate: registry, delegateQueue: queue)
    }

    deinit { session.invalidateAndCancel() }

    /// Sends `request`; throws `TransportError` on a timeout or a failed connection, `CancellationError` when the
    /// calling task is cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let task = session.dataTask(with: urlRequest(for: request))
        let exchange = Exchange(task: task, timeouts: timeouts)
        let id = task.taskIdentifier
        registry.add(exchange, id: id)
        defer { registry.remove(id: id) }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if exchange.begin(continuation) { task.resume() } else { task.cancel() }
            }
        } onCancel: {
            exchange.abort(with: CancellationError())
        }
    }

    private func urlRequest(for request: HTTPRequest) -> URLRequest {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        if urlRequest.value(forHTTPHeaderField: "User-Agent") == nil {
            urlRequest.setValue(userAgent, forHTTPHeaderField: "User-Agent")
        }
        return urlRequest
    }
}

/// The state of one request in flight: what arrived, when, and how it ends, with the watchdog timer that ends it
/// when a deadline passes without progress. Every method may be called from the session's delegate queue, the
/// timer's queue or a cancellation handler; the lock keeps them apart.
private final class Exchange: @unchecked Sendable {
    struct Deadline {
        var instant: ContinuousClock.Instant
        var phase: TransportError.TimeoutPhase
        var limit: Double
    }

    private static let timerQueue = DispatchQueue(label: "kraken-ingest.http.timeouts")

    private let lock = NSLock()
    private let task: URLSessionDataTask
    private let timeouts: URLSessionTransport.Timeouts
    private var timer: DispatchSourceTimer?
    private let started = ContinuousClock.now
    private var lastProgress = ContinuousClock.now
    private var continuation: CheckedContinuation<HTTPResponse, any Error>?
    private var head: HTTPURLResponse?
    private var body = Data()
    private var aborted: (any Error)?
    private var finished = false

    init(task: URLSessionDataTask, timeouts: URLSessionTransport.Timeouts) {
        self.task = task
        self.timeouts = timeouts
    }

    /// Stores the continuation and starts the watchdog; false (and the continuation resumed) when the exchange
    /// was aborted already.
    func begin(_ continuation: CheckedContinuation<HTTPResponse, any Error>) -> Bool {
        let early: (any Error)? = lock.withLock {
            guard let aborted else {
                self.continuation = continuation
                return nil
            }
            finished = true
            return aborted
        }
        guard let early else {
            startTimer()
            return true
        }
        continuation.resume(throwing: early)
        return false
    }

    func receive(head response: URLResponse) {
        lock.withLock {
            head = response as? HTTPURLResponse
            lastProgress = ContinuousClock.now
        }
        rescheduleTimer()
    }

    func receive(data: Data) {
        lock.withLock {
            body.append(data)
            lastProgress = ContinuousClock.now
        }
    }

    /// Ends the exchange early for `error` (the first reason given wins) by cancelling its task.
    func abort(with error: any Error) {
        let first: Bool = lock.withLock {
            guard !finished, aborted == nil else { return false }
            aborted = error
            return true
        }
        if first { task.cancel() }
    }

    // MARK: Watchdog

    private func startTimer() {
        let timer = DispatchSource.makeTimerSource(queue: Self.timerQueue)
        timer.setEventHandler { [weak self] in self?.timerFired() }
        lock.withLock { self.timer = timer }
        rescheduleTimer()
        timer.resume()
    }

    /// Points the timer at the next deadline (the head's arrival can bring it forward).
    private func rescheduleTimer() {
        let next: (DispatchSourceTimer, Deadline)? = lock.withLock {
            guard let timer, let deadline = deadlineLocked() else { return nil }
            return (timer, deadline)
        }
        guard let (timer, deadline) = next else { return }
        timer.schedule(deadline: .now() + max(0, Self.seconds(deadline.instant - ContinuousClock.now)))
    }

    private func timerFired() {
        guard let deadline = lock.withLock({ deadlineLocked() }) else { return }
        guard ContinuousClock.now >= deadline.instant else { return rescheduleTimer() }
        abort(with: TransportError.timeout(phase: deadline.phase, seconds: deadline.limit))
    }

    private func stopTimer() {
        let timer: DispatchSourceTimer? = lock.withLock {
            defer { self.timer = nil }
            return self.timer
        }
        timer?.cancel()
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The next deadline, nil once the exchange has ended; called under the lock.
    private func deadlineLocked() -> Deadline? {
        guard !finished, aborted == nil else { return nil }
        let total = Deadline(instant: started + .seconds(timeouts.total), phase: .total, limit: timeouts.total)
        let phase: Deadline =
            head == nil
            ? Deadline(instant: started + .seconds(timeouts.connect), phase: .connect, limit: timeouts.connect)
            : Deadline(instant: lastProgress + .seconds(timeouts.read), phase: .read, limit: timeouts.read)
        return phase.instant < total.instant ? phase : total
    }

    /// The delegate's last word: resumes the caller exactly once.
    func complete(task: URLSessionTask, error: (any Error)?) {
        let outcome: (CheckedContinuation<HTTPResponse, any Error>, Result<HTTPResponse, any Error>)? = lock.withLock {
            guard !finished, let continuation else { return nil }
            finished = true
            self.continuation = nil
            return (continuation, result(task: task, error: error))
        }
        stopTimer()
        guard let (continuation, result) = outcome else { return }
        continuation.resume(with: result)
    }

    /// Called under the lock.
    private func result(task: URLSessionTask, error: (any Error)?) -> Result<HTTPResponse, any Error> {
        if let aborted { return .failure(aborted) }
        let response = head ?? task.response as? HTTPURLResponse
        if let error { return .failure(map(error, headArrived: response != nil)) }
        guard let response else { return .failure(TransportError.connection("no HTTP response")) }
        let expected = response.expectedContentLength
        if expected >= 0, Int64(body.count) < expected {
            return .failure(TransportError.connection("body truncated: \(body.count) of \(expected) bytes"))
        }
        var headers: [String: String] = [:]
        for (name, value) in response.allHeaderFields { headers[String(describing: name)] = String(describing: value) }
        return .success(HTTPResponse(status: response.statusCode, headers: headers, body: body))
    }

    private func map(_ error: any Error, headArrived: Bool) -> any Error {
        guard let urlError = error as? URLError else { return TransportError.connection(String(describing: error)) }
        switch urlError.code {
        case .timedOut:
            return headArrived
                ? TransportError.timeout(phase: .read, seconds: timeouts.read)
                : TransportError.timeout(phase: .connect, seconds: timeouts.connect)
        case .cancelled:
            return CancellationError()
        case .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet:
            return TransportError.noRoute("URLError \(urlError.code.rawValue): \(urlError.localizedDescription)")
        default:
            return TransportError.connection("URLError \(urlError.code.rawValue): \(urlError.localizedDescription)")
        }
    }
}

/// The session's delegate: routes each callback to the exchange of its task.
private final class ExchangeRegistry: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var exchanges: [Int: Exchange] = [:]

    func add(_ exchange: Exchange, id: Int) { lock.withLock { exchanges[id] = exchange } }

    func remove(id: Int) { _ = lock.withLock { exchanges.removeValue(forKey: id) } }

    private func exchange(_ task: URLSessionTask) -> Exchange? {
        lock.withLock { exchanges[task.taskIdentifier] }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        exchange(dataTask)?.receive(head: response)
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        exchange(dataTask)?.receive(data: data)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        exchange(task)?.complete(task: task, error: error)
    }
}
