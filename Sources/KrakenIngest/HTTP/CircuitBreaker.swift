/// A circuit breaker for one host, on the injected clock: after `failureThreshold` consecutive failures it opens
/// and refuses calls for `coolDown` seconds; then it lets exactly one probe through (half-open). The probe's
/// success closes it; its failure opens it again for another cool-down. Every transition goes to `observer`.
///
/// ```swift
/// var breaker = CircuitBreaker(host: "api.kraken.com", clock: clock)
/// if case .allowed = breaker.admit() { /* send */ }
/// breaker.recordFailure()   // the fifth in a row opens it
/// ```
public struct CircuitBreaker: Sendable {
    /// Threshold and cool-down.
    public struct Settings: Sendable, Equatable {
        /// Consecutive failures that open the breaker.
        public var failureThreshold: Int
        /// Seconds the breaker stays open before one probe is allowed.
        public var coolDown: Double

        public init(failureThreshold: Int = 5, coolDown: Double = 30) {
            self.failureThreshold = max(1, failureThreshold)
            self.coolDown = coolDown
        }
    }

    /// Where the breaker stands.
    public enum State: Sendable, Equatable, CustomStringConvertible {
        /// Calls pass.
        case closed
        /// Calls are refused until `until`.
        case open(until: UnixMillis)
        /// One probe is allowed (or in flight); others are refused.
        case halfOpen

        public var description: String {
            switch self {
            case .closed: return "closed"
            case .open(let until): return "open until \(until.iso)"
            case .halfOpen: return "half-open"
            }
        }
    }

    /// One change of state.
    public struct Transition: Sendable, Equatable {
        /// The breaker's host.
        public var host: String
        /// The state before.
        public var from: State
        /// The state after.
        public var to: State
        /// When it happened, on the breaker's clock.
        public var at: UnixMillis
        /// Consecutive failures counted when it happened.
        public var consecutiveFailures: Int
    }

    /// The answer to a call asking to pass.
    public enum Admission: Sendable, Equatable {
        /// Go ahead; `probe` is true for the single half-open probe.
        case allowed(probe: Bool)
        /// Refused; `retryAt` is when a probe will be allowed (nil while a probe is in flight).
        case rejected(retryAt: UnixMillis?)
    }

    /// The host this breaker guards.
    public let host: String
    /// Threshold and cool-down.
    public let settings: Settings
    /// Receives every transition.
    public var observer: (@Sendable (Transition) -> Void)?
    private let clock: any WallClock
    /// Where the breaker stands now.
    public private(set) var state: State = .closed
    /// Transient failures in a row since the last success.
    public private(set) var consecutiveFailures = 0
    private var probeInFlight = false

    public init(
        host: String, settings: Settings = Settings(), clock: any WallClock,
        observer: (@Sendable (Transition) -> Void)? = nil
    ) {
        self.host = host
        self.settings = settings
        self.clock = clock
        self.observer = observer
    }

    /// Asks to send a call. Returns the transition to half-open, if asking caused one, through `observer`.
    public mutating func admit() -> Admission {
        switch state {
        case .closed:
            return .allowed(probe: false)
        case .open(let until):
            guard clock.now() >= until else { return .rejected(retryAt: until) }
            move(to: .halfOpen)
            probeInFlight = true
            return .allowed(probe: true)
        case .halfOpen:
            guard !probeInFlight else { return .rejected(retryAt: nil) }
            probeInFlight = true
            return .allowed(probe: true)
        }
    }

    /// The call reached the host and got an answer that is not a transient failure.
    @discardableResult
    public mutating func recordSuccess() -> Transition? {
        consecutiveFailures = 0
        probeInFlight = false
        return state == .closed ? nil : move(to: .closed)
    }

    /// The call failed transiently (timeout, connection, 5xx, rate limit).
    @discardableResult
    public mutating func recordFailure() -> Transition? {
        consecutiveFailures += 1
        probeInFlight = false
        switch state {
        case .halfOpen:
            return move(to: .open(until: clock.now().adding(seconds: settings.coolDown)))
        case .closed where consecutiveFailures >= settings.failureThreshold:
            return move(to: .open(until: clock.now().adding(seconds: settings.coolDown)))
        case .closed, .open:
            return nil
        }
    }

    /// The call ended without an answer either way (cancelled): a half-open probe may be tried again.
    public mutating func recordAbandoned() { probeInFlight = false }

    @discardableResult
    private mutating func move(to next: State) -> Transition {
        let transition = Transition(
            host: host, from: state, to: next, at: clock.now(), consecutiveFailures: consecutiveFailures)
        state = next
        observer?(transition)
        return transition
    }
}
