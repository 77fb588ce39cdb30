import Foundation

/// The futures side of `ResponseClassifier.futures`: a thin adapter from the one futures error classifier,
/// `FuturesResponseError.classify`, to the HTTP layer's `FailureVerdict` (retryable, permanent or auth).
/// (429 with a plain-text body and a `rate-limit-reset` header is read by `HTTPStatusRules` first.)
///
/// ```swift
/// FuturesErrors.classify(body: Data(#"{"result":"error","error":"apiLimitExceeded"}"#.utf8))?.reason
/// // .apiLimitExceeded
/// FuturesErrors.classify(body: Data(#"{"result":"error","error":"authenticationError"}"#.utf8))?.failureClass
/// // .auth
/// ```
public enum FuturesErrors {
    /// The verdict on a 2xx futures body: nil when it reports no error, retryable `.malformedBody` when it is
    /// not JSON.
    public static func classify(body: Data) -> FailureVerdict? {
        FuturesResponseError.classify(status: 200, body: body)?.verdict
    }
}

extension FuturesResponseError {
    /// The HTTP layer's verdict on this error; auth verdicts carry the message that names the likely causes.
    public var verdict: FailureVerdict {
        func api(_ code: String, _ failureClass: FailureClass, _ reason: RetryReason? = nil) -> KrakenAPIError {
            KrakenAPIError(venue: .futures, messages: [code], failureClass: failureClass, reason: reason)
        }
        switch self {
        case .authentication(let code, _):
            return FailureVerdict(.auth, message: description, apiError: api(code, .auth))
        case .nonce(let code):
            return FailureVerdict(
                .retryable, reason: .nonce, message: description,
                apiError: api(code, .retryable, .nonce))
        case .rateLimited(let retryAfter, let detail):
            return FailureVerdict(
                .retryable, reason: .apiLimitExceeded, serverWait: retryAfter.map { .seconds($0) },
                message: description,
                apiError: api(detail ?? "apiLimitExceeded", .retryable, .apiLimitExceeded))
        case .server(_, let code, _):
            let reason: RetryReason = code == "Unavailable" ? .unavailable : .serverError
            return FailureVerdict(
                .retryable, reason: reason, message: description,
                apiError: code.map { api($0, .retryable, reason) })
        case .rejected(_, let code, let detail):
            let error = KrakenAPIError(
                venue: .futures, messages: [code] + (detail.map { [$0] } ?? []),
                failureClass: .permanent)
            return FailureVerdict(.permanent, message: description, apiError: error)
        case .malformed:
            return .retry(.malformedBody, description)
        }
    }
}
