import Foundation

/// Classifies a response by its HTTP status alone: 2xx passes; 401/403 are auth; 408, 429 and 5xx are
/// retryable (with the wait from `Retry-After` or `rate-limit-reset`, in seconds); any other status is permanent.
///
/// ```swift
/// HTTPStatusRules.classify(HTTPResponse(status: 429, headers: ["Retry-After": "3"]))?.serverWait  // .seconds(3)
/// HTTPStatusRules.classify(HTTPResponse(status: 404))?.failureClass                              // .permanent
/// ```
public enum HTTPStatusRules {
    /// Nil for 2xx, the verdict otherwise.
    public static func classify(_ response: HTTPResponse) -> FailureVerdict? {
        let status = response.status
        let message = "HTTP \(status)" + excerpt(response.body)
        switch status {
        case 200..<300: return nil
        case 401, 403: return FailureVerdict(.auth, message: message)
        case 408: return .retry(.timeout, message, wait: serverWait(response))
        case 429: return .retry(.tooManyRequests, message, wait: serverWait(response))
        case 500...599: return .retry(.serverError, message, wait: serverWait(response))
        default: return FailureVerdict(.permanent, message: message)
        }
    }

    /// The wait a response asks for: `Retry-After` (seconds), else `rate-limit-reset` (seconds).
    public static func serverWait(_ response: HTTPResponse) -> ServerWait? {
        for name in ["Retry-After", "rate-limit-reset"] {
            if let text = response.header(name)?.trimmingCharacters(in: .whitespaces), let seconds = Double(text),
                seconds.isFinite, seconds >= 0
            {
                return .seconds(seconds)
            }
        }
        return nil
    }

    /// `: <first 200 characters of the body on one line>`, or nothing for an empty body.
    static func excerpt(_ body: Data) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? "" : ": " + text
    }
}
