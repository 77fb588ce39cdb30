import Foundation

/// One HTTP request as a transport sends it.
///
/// ```swift
/// let request = HTTPRequest(url: URL(string: "https://api.kraken.com/0/public/AssetPairs")!)
/// ```
public struct HTTPRequest: Sendable, Equatable {
    /// `GET`, `POST`, ...
    public var method: String
    /// The full address, query string included exactly as it goes on the wire.
    public var url: URL
    /// Header fields to send; a transport adds its own `User-Agent` when none is given here.
    public var headers: [String: String]
    /// The body, if any.
    public var body: Data?

    public init(method: String = "GET", url: URL, headers: [String: String] = [:], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// One HTTP response: status, header fields and the whole body.
///
/// ```swift
/// response.status                    // 429
/// response.header("retry-after")     // "2" (names compare case-insensitively)
/// ```
public struct HTTPResponse: Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// Header fields as received.
    public var headers: [String: String]
    /// The body bytes.
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        if let exact = headers[name] { return exact }
        let lowered = name.lowercased()
        return headers.first { $0.key.lowercased() == lowered }?.value
    }

    /// The body read as UTF-8 (invalid bytes replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }
}
