/// One scripted misbehaviour, used up by one request. Faults that wrap the normal answer (`delay`, `slowBody`,
/// `truncatedBody`) run the route first; the others replace the answer.
///
/// ```swift
/// server.faults.enqueue([.tooManyRequests(retryAfter: 3), .serverError(502)], path: "/0/public/OHLC")
/// server.faults.enqueue(.throttled(until: 1_716_545_000), path: "/0/public/OHLC", pair: "XBTUSD")
/// ```
public enum ServerFault: Sendable, Equatable, CustomStringConvertible {
    /// An answer with this status, these headers and this body.
    case status(Int, headers: [String: String], body: String)
    /// Waits this many real seconds, then answers normally (longer than a client's timeout: a timeout).
    case delay(seconds: Double)
    /// HTTP 200 with `{"error":[message]}`, Kraken spot's way.
    case spotError(String)
    /// HTTP 200 with `{"result":"error","serverTime":...,"error":code}`, Kraken Futures' way.
    case futuresError(String)
    /// HTTP 200 whose body is not JSON.
    case malformedJSON
    /// The normal answer's head (with its full `Content-Length`), then only `keepFraction` of the body, then the
    /// connection closes.
    case truncatedBody(keepFraction: Double)
    /// The normal answer, its body in `chunks` pieces each sent after `pause` real seconds.
    case slowBody(chunks: Int, pause: Double)

    /// HTTP 429, with `Retry-After` when given.
    public static func tooManyRequests(retryAfter: Int? = nil) -> ServerFault {
        .status(429, headers: retryAfter.map { ["Retry-After": "\($0)"] } ?? [:], body: "Too Many Requests")
    }

    /// Kraken Futures' history 429: plain text and a `rate-limit-reset` header (seconds).
    public static func futuresTooManyRequests(resetSeconds: Int) -> ServerFault {
        .status(
            429, headers: ["rate-limit-reset": "\(resetSeconds)", "Content-Type": "text/plain"],
            body: "Too many requests")
    }

    /// A 5xx answer with an HTML body, as a CDN sends (500, 502, 520, ...).
    public static func serverError(_ code: Int = 500) -> ServerFault {
        .status(
            code, headers: ["Content-Type": "text/html"],
            body: "<html><head><title>\(code)</title></head><body>error code: \(code)</body></html>")
    }

    /// `EAPI:Rate limit exceeded`.
    public static let rateLimitExceeded = ServerFault.spotError("EAPI:Rate limit exceeded")
    /// `EGeneral:Too many requests`.
    public static let tooManyRequestsError = ServerFault.spotError("EGeneral:Too many requests")
    /// `EService:Unavailable`.
    public static let unavailable = ServerFault.spotError("EService:Unavailable")
    /// `EService:Busy`.
    public static let busy = ServerFault.spotError("EService:Busy")
    /// `EGeneral:Internal error`.
    public static let internalError = ServerFault.spotError("EGeneral:Internal error")
    /// `EService: Throttled: <unix time>`.
    public static func throttled(until unixSeconds: Int64) -> ServerFault {
        .spotError("EService: Throttled: \(unixSeconds)")
    }

    public var description: String {
        switch self {
        case .status(let code, let headers, _):
            let extra = headers.keys.sorted().map { "\($0)=\(headers[$0] ?? "")" }.joined(separator: " ")
            return extra.isEmpty ? "status \(code)" : "status \(code) \(extra)"
        case .delay(let seconds): return "delay \(seconds) s"
        case .spotError(let message): return "spot error \(message)"
        case .futuresError(let code): return "futures error \(code)"
        case .malformedJSON: return "malformed JSON"
        case .truncatedBody(let fraction): return "truncated body (\(fraction))"
        case .slowBody(let chunks, let pause): return "slow body (\(chunks) chunks, \(pause) s apart)"
        }
    }
}
