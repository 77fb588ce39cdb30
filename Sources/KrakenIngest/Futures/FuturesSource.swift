import Foundation

/// Where pages of a declared resource come from: the one part of the futures sync that knows about the network.
/// The engine (`FuturesSyncEngine`) depends only on this protocol, so another source (a recorded file, or a
/// streaming feed after the REST API is decommissioned on 1 March 2027) can fill the same tables.
///
/// ```swift
/// let source: any FuturesSource = FuturesHTTPSource(client: client, baseURL: url, signer: signer)
/// let page = try await source.fetch(.executions, query: FuturesPaging.query(for: .executions, cursor: nil))
/// ```
public protocol FuturesSource: Sendable {
    /// The decoded page answering `query` for `resource`. Throws `FuturesSourceError` for refusals, or what the
    /// transport threw when retries ran out.
    func fetch(_ resource: FuturesResource, query: FuturesQuery) async throws -> FuturesPage
    /// Retries made so far by this source (for the run summary).
    func retryCount() async -> Int
    /// The client-side rate-limit wait the request for `query` will make before it goes out; nil when it goes out
    /// at once (or the source has no rate limits). The engine announces it with the run's progress.
    func pendingWait(_ resource: FuturesResource, query: FuturesQuery) async throws -> FuturesRateWait?
}

extension FuturesSource {
    /// No rate limits: never a wait.
    public func pendingWait(_ resource: FuturesResource, query: FuturesQuery) async throws -> FuturesRateWait? {
        nil
    }
}

/// How a source refused a request, as the engine must act on it.
public enum FuturesSourceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The credentials were refused: stop the whole run.
    case authentication(String)
    /// The key lacks the permission for this resource: skip it, go on with the others.
    case permission(String)
    /// The request needs credentials and none were given.
    case missingCredentials(String)

    public var description: String {
        switch self {
        case .authentication(let detail):
            let hint = FuturesResponseError.authenticationHint
            return detail.contains(hint) ? detail : "Kraken Futures refused the credentials (\(detail)). \(hint)"
        case .permission(let detail):
            return "the API key lacks the permission for this resource (\(detail)): give the key read access in "
                + "the Kraken Futures settings, or leave the resource out with --resources"
        case .missingCredentials(let resource):
            return "\(resource) needs Kraken Futures credentials: set KRAKEN_API_PUBLIC_KEY and KRAKEN_API_SECRET_KEY"
        }
    }
}
