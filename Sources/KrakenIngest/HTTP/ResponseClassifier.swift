/// Turns a response into nil (success) or a `FailureVerdict`. `KrakenHTTPClient.get` takes one per call; the
/// spot and futures clients pass `.spot` and `.futures`.
///
/// ```swift
/// let response = try await client.get(url, bucketKeys: keys, classify: .spot)
/// ```
public struct ResponseClassifier: Sendable {
    private let rule: @Sendable (HTTPResponse) -> FailureVerdict?

    public init(_ rule: @escaping @Sendable (HTTPResponse) -> FailureVerdict?) { self.rule = rule }

    /// Nil when `response` is a success, its verdict otherwise.
    public func classify(_ response: HTTPResponse) -> FailureVerdict? { rule(response) }

    /// The HTTP status alone.
    public static let httpStatus = ResponseClassifier(HTTPStatusRules.classify)

    /// The status, then Kraken spot's `error` array.
    public static let spot = ResponseClassifier { HTTPStatusRules.classify($0) ?? SpotErrors.classify(body: $0.body) }

    /// The status, then Kraken Futures' `result`/`status`/`errors` fields (`FuturesResponseError` classifies
    /// them); a refused key (401/403 included) gets the message naming the likely causes.
    public static let futures = ResponseClassifier { response in
        guard let verdict = HTTPStatusRules.classify(response) else {
            return FuturesErrors.classify(body: response.body)
        }
        guard verdict.failureClass == .auth,
            let refusal = FuturesResponseError.classify(
                status: response.status, body: response.body,
                headers: response.headers), refusal.isAuthentication
        else { return verdict }
        return refusal.verdict
    }
}
