import Foundation

/// Sends one HTTP request and returns the response: the only part of the HTTP layer that touches the network.
/// `KrakenHTTPClient` adds rate limits, retries and the circuit breaker on top; tests of those parts may use any
/// transport, and the production one is `URLSessionTransport`.
///
/// ```swift
/// let transport: any HTTPTransport = URLSessionTransport()
/// let response = try await transport.send(HTTPRequest(url: url))
/// ```
///
/// A transport throws `TransportError` for timeouts and connection failures and `CancellationError` when the
/// calling task is cancelled; any HTTP status, 5xx included, is a response, not an error.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and waits for the whole response.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
