import Crypto
import Foundation

/// Signs Kraken Futures requests:
/// `Authent = base64(HMAC-SHA512(key: base64decode(secret), message: SHA256(postData + nonce + endpointPath)))`.
///
/// - `postData` is the query string exactly as sent (`FuturesQuery.encoded`: same encoding, same order), `""`
///   when there is none;
/// - `nonce` is the `Nonce` header's value, `""` when no Nonce header is sent;
/// - `endpointPath` is the request path with a leading `/derivatives` removed and nothing else changed.
///
/// ```swift
/// let signer = FuturesSigner(credentials: credentials, nonces: NonceSource(clock: SystemClock()))
/// let query = FuturesQuery([("since", "1772026472238"), ("sort", "asc")])
/// let headers = signer.headers(path: "/api/history/v3/executions", query: query)
/// request.setValue(headers.apiKey, forHTTPHeaderField: "APIKey")   // or: for (n, v) in headers.fields { … }
/// ```
public struct FuturesSigner: Sendable {
    public let credentials: FuturesCredentials
    /// Where nonces come from; nil sends no `Nonce` header (Kraken accepts that, but a nonce protects replays).
    public let nonces: NonceSource?

    public init(credentials: FuturesCredentials, nonces: NonceSource? = NonceSource()) {
        self.credentials = credentials
        self.nonces = nonces
    }

    /// The headers of a signed request to `path` (without query) with `query`, taking the next nonce.
    public func headers(path: String, query: FuturesQuery) -> FuturesAuthHeaders {
        headers(path: path, postData: query.encoded, nonce: nonces?.next())
    }

    /// The headers for an explicit `postData` and `nonce` (nil: no Nonce header).
    public func headers(path: String, postData: String, nonce: String?) -> FuturesAuthHeaders {
        let authent = Self.authent(
            secret: credentials.secret, postData: postData, nonce: nonce ?? "",
            endpointPath: Self.endpointPath(path))
        return FuturesAuthHeaders(apiKey: credentials.apiKey, authent: authent, nonce: nonce)
    }

    /// `path` with a leading `/derivatives` path segment removed: `/derivatives/api/v3/openpositions` →
    /// `/api/v3/openpositions`; `/api/history/v2/executions` is unchanged.
    public static func endpointPath(_ path: String) -> String {
        let prefix = "/derivatives"
        guard path.hasPrefix(prefix) else { return path }
        let rest = path.dropFirst(prefix.count)
        guard rest.isEmpty || rest.hasPrefix("/") else { return path }
        return String(rest)
    }

    /// The `Authent` value for decoded `secret` bytes.
    public static func authent(secret: [UInt8], postData: String, nonce: String, endpointPath: String) -> String {
        let digest = SHA256.hash(data: Data((postData + nonce + endpointPath).utf8))
        let mac = HMAC<SHA512>.authenticationCode(for: Data(digest), using: SymmetricKey(data: secret))
        return Data(mac).base64EncodedString()
    }
}

/// The authentication headers of one request. Its description hides the key and signature.
public struct FuturesAuthHeaders: Sendable, Equatable, CustomStringConvertible {
    public var apiKey: String
    public var authent: String
    public var nonce: String?

    /// `(name, value)` pairs to set on the request: `APIKey`, `Authent`, and `Nonce` when there is one.
    public var fields: [(name: String, value: String)] {
        [("APIKey", apiKey), ("Authent", authent)] + (nonce.map { [("Nonce", $0)] } ?? [])
    }

    public var description: String {
        "FuturesAuthHeaders(APIKey: \(apiKey.count >= 12 ? apiKey.prefix(4) : "")…, Authent: …"
            + (nonce.map { ", Nonce: \($0)" } ?? "") + ")"
    }
}
