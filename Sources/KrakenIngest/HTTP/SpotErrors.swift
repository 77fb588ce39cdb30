import Foundation

/// Reads Kraken spot's error convention: HTTP 200 with a non-empty `error` array of strings such as
/// `EQuery:Unknown asset pair`. Strings starting with `W` are warnings and never fail a request.
///
/// ```swift
/// SpotErrors.classify(body: Data(#"{"error":[],"result":{"last":1}}"#.utf8))       // nil: success
/// SpotErrors.classify(body: Data(#"{"error":["EAPI:Rate limit exceeded"]}"#.utf8))?.reason   // .rateLimited
/// SpotErrors.classify(body: Data(#"{"error":["EService: Throttled: 1716544800"]}"#.utf8))?.serverWait
/// // .until(unixSeconds: 1716544800)
/// ```
public enum SpotErrors {
    /// The verdict on a 2xx spot body: nil when it carries no error, retryable `.malformedBody` when it is not a
    /// JSON object with `error` and `result`.
    public static func classify(body: Data) -> FailureVerdict? {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            return .retry(.malformedBody, "spot response is not a JSON object (\(body.count) bytes)")
        }
        let errors = ((object["error"] as? [Any]) ?? []).compactMap { $0 as? String }.filter { !isWarning($0) }
        if !errors.isEmpty { return classify(messages: errors).verdict }
        guard object["result"] != nil else {
            return .retry(.malformedBody, "spot response has neither an error nor a result")
        }
        return nil
    }

    /// The error for `messages` (warnings already removed); with several, the gravest class decides.
    public static func classify(messages: [String]) -> KrakenAPIError {
        let each = messages.map(classify(message:))
        let worst =
            each.first { $0.failureClass == .auth } ?? each.first { $0.failureClass == .permanent }
            ?? each.first ?? classify(message: "")
        return KrakenAPIError(
            venue: .spot, messages: messages, failureClass: worst.failureClass, reason: worst.reason,
            serverWait: worst.serverWait)
    }

    /// The error one string stands for.
    public static func classify(message: String) -> KrakenAPIError {
        let key = message.lowercased().filter { !$0.isWhitespace }
        func error(
            _ failureClass: FailureClass, _ reason: RetryReason? = nil, _ wait: ServerWait? = nil
        )
            -> KrakenAPIError
        {
            KrakenAPIError(
                venue: .spot, messages: [message], failureClass: failureClass, reason: reason,
                serverWait: wait)
        }
        if key.hasPrefix("eservice:throttled") {
            return error(.retryable, .throttled, throttledUntil(message).map { .until(unixSeconds: $0) })
        }
        if let reason = retryable[key] { return error(.retryable, reason) }
        if key == "eapi:invalidnonce" { return error(.retryable, .nonce) }
        if auth.contains(key) || key.hasPrefix("eauth:") { return error(.auth) }
        return error(.permanent)
    }

    /// True for a warning (`W...`), which does not fail the request.
    public static func isWarning(_ message: String) -> Bool { message.hasPrefix("W") }

    /// The unix time in `EService: Throttled: <unix time>`.
    public static func throttledUntil(_ message: String) -> Int64? {
        guard let tail = message.split(separator: ":").last else { return nil }
        let text = tail.trimmingCharacters(in: .whitespaces)
        if let whole = Int64(text) { return whole }
        return Double(text).map { Int64($0.rounded(.up)) }
    }

    /// Normalised (lower case, no spaces) spot errors that pass with time.
    private static let retryable: [String: RetryReason] = [
        "eapi:ratelimitexceeded": .rateLimited,
        "egeneral:toomanyrequests": .rateLimited,
        "eservice:unavailable": .unavailable,
        "eservice:busy": .busy,
        "egeneral:internalerror": .internalError,
        "eservice:deadlineelapsed": .timeout,
        "eservice:timeout": .timeout,
    ]

    /// Normalised spot errors about credentials.
    private static let auth: Set<String> = [
        "eapi:invalidkey", "eapi:invalidsignature", "egeneral:permissiondenied", "eapi:badrequest",
    ]
}
