import Foundation

/// The REST transport of the futures sync: builds the request URL from `FuturesQuery.encoded` byte for byte, signs
/// private requests (a fresh nonce per attempt), draws from Kraken's history pool or the `/derivatives` budget, and
/// sends through the shared `KrakenHTTPClient` (retries, backoff, breaker).
///
/// ```swift
/// let client = KrakenHTTPClient(transport: URLSessionTransport(), rateLimits: .futures(clock: clock), clock: clock)
/// let source = FuturesHTTPSource(client: client, baseURL: URL(string: "https://futures.kraken.com")!,
///                                signer: FuturesSigner(credentials: credentials))
/// ```
public struct FuturesHTTPSource: FuturesSource {
    /// The default host.
    public static let defaultBaseURL = URL(string: "https://futures.kraken.com")!

    public let client: KrakenHTTPClient
    public let baseURL: URL
    /// Signs private requests; nil when no credentials were given (public resources only).
    public let signer: FuturesSigner?

    public init(client: KrakenHTTPClient, baseURL: URL = FuturesHTTPSource.defaultBaseURL, signer: FuturesSigner?) {
        self.client = client
        self.baseURL = baseURL
        self.signer = signer
    }

    public func fetch(_ resource: FuturesResource, query: FuturesQuery) async throws -> FuturesPage {
        let url = Self.url(baseURL, path: resource.path, query: query)
        var requestSigner: RequestSigner?
        if resource.access == .private {
            guard let signer else { throw FuturesSourceError.missingCredentials(resource.name) }
            requestSigner = { _ in
                var fields: [String: String] = [:]
                for field in signer.headers(path: resource.path, query: query).fields {
                    fields[field.name] = field.value
                }
                return fields
            }
        }
        let cost = Self.cost(resource, query: query)
        let response: HTTPResponse
        do {
            response = try await client.get(
                url, signer: requestSigner, bucketKeys: [Self.bucket(resource)],
                cost: cost, classify: .futures)
        } catch let failure as HTTPFailure where failure.failureClass == .auth {
            let codes = failure.apiError?.messages ?? []
            throw Self.refusal(failure.message, status: failure.status, codes: codes)
        }
        do {
            return try FuturesPage.decode(
                resource, body: response.body, headers: response.headers,
                status: response.status)
        } catch let error as FuturesResponseError {
            guard case .authentication(let code, _) = error else { throw error }
            throw Self.refusal("\(error)", status: response.status, codes: [code])
        }
    }

    public func retryCount() async -> Int { await client.stats.totalRetries }

    /// The wait ahead when the resource's bucket holds fewer tokens than the request costs: the modelled time
    /// until they have accrued (what `TokenBucket.acquire` will sleep on the clock).
    public func pendingWait(_ resource: FuturesResource, query: FuturesQuery) async throws -> FuturesRateWait? {
        let key = Self.bucket(resource)
        let bucket = try await client.rateLimits.bucket(key)
        let cost = Self.cost(resource, query: query)
        let available = await bucket.available
        guard available < cost else { return nil }
        let seconds = (cost - available) / bucket.rule.refillPerSecond
        return FuturesRateWait(
            seconds: seconds, until: client.clock.now().adding(seconds: seconds), pool: key, rule: bucket.rule)
    }

    /// Kraken's codes for a key that lacks a permission.
    static let permissionCodes: Set<String> = [
        "permission_denied", "permissiondenied", "insufficientpermissions",
        "forbidden",
    ]

    /// A permission problem (HTTP 403, or a permission code), a credentials problem otherwise.
    static func refusal(_ message: String, status: Int?, codes: [String]) -> FuturesSourceError {
        if status == 403 || codes.contains(where: { permissionCodes.contains($0.lowercased()) }) {
            return .permission(codes.first ?? "HTTP 403")
        }
        return .authentication(message)
    }

    /// `base + path + "?" + encoded`, the query not re-encoded.
    public static func url(_ base: URL, path: String, query: FuturesQuery) -> URL {
        var components = URLComponents(url: base, resolvingAgainstBaseURL: false)!
        components.path =
            (components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path)
            + path
        components.percentEncodedQuery = query.isEmpty ? nil : query.encoded
        return components.url!
    }

    /// The history pool for `/api/history/...`, the derivatives budget otherwise.
    public static func bucket(_ resource: FuturesResource) -> String {
        resource.path.hasPrefix("/derivatives") ? RateLimits.Key.futuresDerivatives : RateLimits.Key.futuresHistory
    }

    /// Tokens a request costs: account log by `count` (Kraken's table: ≤25 → 1, ≤50 → 2, ≤1000 → 3,
    /// ≤5000 → 6, more → 10), open positions 2, everything else 1.
    public static func cost(_ resource: FuturesResource, query: FuturesQuery) -> Double {
        if resource.path.hasSuffix("/openpositions") { return 2 }
        guard resource.path.hasSuffix("/account-log") else { return 1 }
        let count = query["count"].flatMap(Int.init) ?? 500
        switch count {
        case ...25: return 1
        case ...50: return 2
        case ...1000: return 3
        case ...5000: return 6
        default: return 10
        }
    }
}
