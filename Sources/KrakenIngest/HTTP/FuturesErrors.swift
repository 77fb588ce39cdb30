import Foundation

/// Reads Kraken Futures' error conventions: HTTP 200 with `{"result":"error","error":"apiLimitExceeded"}`, the
/// history API's `{"status":"unauthorized","reason":...}`, and `{"errors":[{"code":..,"message":..}]}`.
/// (429 with a plain-text body and a `rate-limit-reset` header is read by `HTTPStatusRules`.)
///
/// ```swift
/// FuturesErrors.classify(body: Data(#"{"result":"error","error":"apiLimitExceeded"}"#.utf8))?.reason
/// // .apiLimitExceeded
/// FuturesErrors.classify(body: Data(#"{"result":"error","error":"authenticationError"}"#.utf8))?.failureClass
/// // .auth
/// ```
public enum FuturesErrors {
    /// The verdict on a 2xx futures body: nil when it reports no error, retryable `.malformedBody` when it is
    /// not a JSON object.
    public static func classify(body: Data) -> FailureVerdict? {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            return .retry(.malformedBody, "futures response is not a JSON object (\(body.count) bytes)")
        }
        if (object["result"] as? String) == "error" {
            return classify(code: (object["error"] as? String) ?? "unknown error").verdict
        }
        if let status = object["status"] as? String, status.lowercased() == "unauthorized" {
            return classify(code: "unauthorized").verdict
        }
        if let errors = object["errors"] as? [[String: Any]], !errors.isEmpty {
            let messages = errors.map { "\($0["code"].map { "\($0)" } ?? "?"): \($0["message"] ?? "")" }
            return KrakenAPIError(venue: .futures, messages: messages, failureClass: .permanent).verdict
        }
        return nil
    }

    /// The error a futures error code stands for.
    public static func classify(code: String) -> KrakenAPIError {
        let key = code.lowercased()
        let (failureClass, reason): (FailureClass, RetryReason?) =
            if let reason = retryable[key] { (.retryable, reason) }
            else if auth.contains(key) { (.auth, nil) }
            else { (.permanent, nil) }
        return KrakenAPIError(venue: .futures, messages: [code], failureClass: failureClass, reason: reason)
    }

    /// Lower-cased futures codes that pass with time.
    private static let retryable: [String: RetryReason] = [
        "apilimitexceeded": .apiLimitExceeded,
        "noncebelowthreshold": .nonce,
        "nonceduplicate": .nonce,
        "invalidnonce": .nonce,
        "servererror": .serverError,
        "unavailable": .unavailable,
    ]

    /// Lower-cased futures codes about credentials.
    private static let auth: Set<String> = [
        "authenticationerror", "unauthorized", "permission_denied", "permissiondenied", "invalidapikey",
        "apikeyexpired",
    ]
}
