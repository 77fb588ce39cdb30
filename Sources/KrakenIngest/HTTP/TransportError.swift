/// Why a transport got no complete response.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The exchange took longer than allowed in `phase`.
    case timeout(phase: TimeoutPhase, seconds: Double)
    /// No connection, or the connection was lost, refused or closed early (a truncated body lands here).
    case connection(String)
    /// The host name could not be resolved or the machine has no network: asking again seconds later will not
    /// help, so it is not retried (the caller reports Kraken unreachable at once).
    case noRoute(String)

    /// Where in the exchange a timeout struck.
    public enum TimeoutPhase: String, Sendable, Equatable {
        /// Connecting and waiting for the response head (status line and headers).
        case connect
        /// Waiting for the next body bytes.
        case read
        /// The whole exchange.
        case total
    }

    public var description: String {
        switch self {
        case .timeout(let phase, let seconds): return "no answer within the \(phase.rawValue) timeout of \(seconds) s"
        case .connection(let detail): return "connection failed: \(detail)"
        case .noRoute(let detail): return "no route to the host: \(detail)"
        }
    }
}

extension TransportError {
    /// Timeouts and connection failures are retryable; a host that cannot be resolved ends the call at once.
    public var verdict: FailureVerdict {
        switch self {
        case .timeout: return .retry(.timeout, description)
        case .connection: return .retry(.connection, description)
        case .noRoute: return .retry(.noRoute, description)
        }
    }
}
