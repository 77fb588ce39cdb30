import Foundation

/// A Kraken Futures response that is not data, classified so the caller knows whether to retry, wait, or stop and
/// tell the user what to fix.
///
/// Kraken reports errors in several shapes: `/derivatives` answers HTTP 200 with
/// `{"result":"error","error":"authenticationError"}`; the history API answers 401 with
/// `{"status":"unauthorized","reason":"…"}` and 429 with plain text and a `rate-limit-reset` header; some errors
/// come as `{"errors":[{"code":92,"message":"INSUFFICIENT_MARGIN"}]}`.
///
/// ```swift
/// if let error = FuturesResponseError.classify(status: 200, body: body) { throw error }
/// error.isRetryable     // true for rate limits, nonce races and server trouble
/// ```
public enum FuturesResponseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The credentials were refused or lack a permission (`authenticationError`, 401, `permission_denied`).
    case authentication(code: String, detail: String?)
    /// The nonce was not above the last one Kraken saw for this key (`nonceBelowThreshold`, `nonceDuplicate`):
    /// another process uses the same key, or the clock went back. Retrying with a fresh nonce may work.
    case nonce(code: String)
    /// Too many requests (`apiLimitExceeded`, 429); `retryAfter` is the `rate-limit-reset` header in seconds.
    case rateLimited(retryAfter: Double?, detail: String?)
    /// Kraken could not answer now (5xx, `Server Error`, `Unavailable`, `unknownError`, `marketUnavailable`).
    case server(status: Int, code: String?, detail: String?)
    /// Kraken refused the request itself (`invalidArgument`, `accountInactive`, other 4xx): retrying will not help.
    case rejected(status: Int, code: String, detail: String?)
    /// A body that is not JSON or not of the declared shape.
    case malformed(String)

    /// True when the same request may succeed later (after waiting, or with a fresh nonce).
    public var isRetryable: Bool {
        switch self {
        case .nonce, .rateLimited, .server: return true
        case .authentication, .rejected, .malformed: return false
        }
    }

    /// True for credential problems: stop and tell the user (retrying only burns the rate limit).
    public var isAuthentication: Bool {
        if case .authentication = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .authentication(let code, let detail):
            return "Kraken Futures refused the credentials (\(code)\(detail.map { ": \($0)" } ?? "")). "
                + Self.authenticationHint
        case .nonce(let code):
            return "Kraken Futures refused the nonce (\(code)): another process may be using the same API key, "
                + "or this machine's clock went back; use one key per process and keep the clock synchronised (NTP)"
        case .rateLimited(let retryAfter, let detail):
            let wait = retryAfter.map { "; retry in \(Self.seconds($0)) s" } ?? ""
            return "Kraken Futures rate limit reached\(detail.map { " (\($0))" } ?? "")\(wait)"
        case .server(let status, let code, let detail):
            let what = [code, detail].compactMap { $0 }.joined(separator: ": ")
            return "Kraken Futures could not answer (HTTP \(status)\(what.isEmpty ? "" : ", " + what)); try again later"
        case .rejected(let status, let code, let detail):
            return "Kraken Futures rejected the request (HTTP \(status), \(code)\(detail.map { ": \($0)" } ?? ""))"
        case .malformed(let reason):
            return "Kraken Futures sent an unexpected response: \(reason)"
        }
    }

    /// The likely causes of a refused key, in the order they are met.
    public static let authenticationHint =
        "Likely causes: the API key or secret is wrong, incomplete or revoked; "
        + "a spot (api.kraken.com) key was used, but Kraken Futures needs a key created in the Futures settings; "
        + "this machine's clock is off (signatures carry a millisecond timestamp; synchronise the clock with NTP); "
        + "or the key lacks the permission for this endpoint (history and open positions need at least read-only "
        + "access)."

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(value)
    }
}

extension FuturesResponseError {
    /// Error codes of `{"result":"error","error":CODE}` that mean "retry later".
    static let serverCodes: Set<String> = ["Server Error", "Unavailable", "unknownError", "marketUnavailable"]
    static let authenticationCodes: Set<String> = [
        "authenticationError", "permission_denied", "permissionDenied", "unauthorized", "insufficientPermissions",
    ]
    static let nonceCodes: Set<String> = ["nonceBelowThreshold", "nonceDuplicate"]
    static let rateLimitCodes: Set<String> = ["apiLimitExceeded", "rateLimitExceeded"]

    /// The error a response stands for, or nil when it carries data. `headers` are matched without regard to case.
    public static func classify(status: Int, body: Data, headers: [String: String] = [:]) -> FuturesResponseError? {
        let json = try? JSONValue.parse(body)
        if let json, let error = classify(status: status, json: json, headers: headers) { return error }
        let text = snippet(String(decoding: body, as: UTF8.self))
        switch status {
        case 200..<300:
            return json == nil ? .malformed("HTTP \(status) with a body that is not JSON: \(text ?? "(empty)")") : nil
        case 401, 403:
            return .authentication(code: "HTTP \(status)", detail: text)
        case 429:
            return .rateLimited(retryAfter: retryAfter(headers), detail: text)
        case 500...:
            return .server(status: status, code: nil, detail: text)
        default:
            return .rejected(status: status, code: "HTTP \(status)", detail: text)
        }
    }

    /// The error a parsed body stands for, or nil when it carries data (or is an unknown shape and `status` is 2xx).
    public static func classify(
        status: Int, json: JSONValue,
        headers: [String: String] = [:]
    ) -> FuturesResponseError? {
        let code = json.first(["error", "errors.0.message", "errors.0.code", "errors.0"])?.text
        let isError = json["result"]?.string == "error" || code != nil
        let statusWord = json["status"]?.string
        let reason = json["reason"]?.text.flatMap(snippet) ?? json["message"]?.text.flatMap(snippet)
        if statusWord == "unauthorized" || status == 401 || status == 403 {
            return .authentication(code: code ?? statusWord ?? "HTTP \(status)", detail: reason)
        }
        if status == 429 { return .rateLimited(retryAfter: retryAfter(headers), detail: code ?? reason) }
        guard isError || !(200..<300).contains(status) else { return nil }
        let name = code ?? statusWord ?? "HTTP \(status)"
        if authenticationCodes.contains(name) { return .authentication(code: name, detail: reason) }
        if nonceCodes.contains(name) { return .nonce(code: name) }
        if rateLimitCodes.contains(name) { return .rateLimited(retryAfter: retryAfter(headers), detail: name) }
        if serverCodes.contains(name) || status >= 500 {
            return .server(status: status, code: code, detail: reason)
        }
        return .rejected(status: status, code: name, detail: reason)
    }

    /// `rate-limit-reset` (seconds) or `Retry-After` (seconds), case-insensitively.
    static func retryAfter(_ headers: [String: String]) -> Double? {
        for name in ["rate-limit-reset", "retry-after"] {
            if let value = header(name, in: headers).flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }),
                value.isFinite, value >= 0
            {
                return value
            }
        }
        return nil
    }

    /// The value of header `name`, matched without regard to case.
    static func header(_ name: String, in headers: [String: String]) -> String? {
        if let exact = headers[name] { return exact }
        return headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// At most 200 characters of `text` on one line; nil when blank.
    static func snippet(_ text: String) -> String? {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty else { return nil }
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}
