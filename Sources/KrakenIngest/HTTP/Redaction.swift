import Foundation

/// Removes secrets from any text bound for a log or an error message: the values of the `APIKey`, `Authent`
/// and `Nonce` headers, query and body parameters with secret names (`apiKey=`, `"secret":`, ...), and any
/// literal secret the caller registers (the API key and secret themselves).
///
/// ```swift
/// let redaction = Redaction(secrets: [apiSecret])
/// redaction.redact("APIKey: abc123 Authent: xyz==")      // "APIKey: <redacted> Authent: <redacted>"
/// redaction.redact("https://h/p?nonce=1616492376594&x=1") // "https://h/p?nonce=<redacted>&x=1"
/// ```
public struct Redaction: Sendable {
    /// What replaces a secret.
    public static let placeholder = "<redacted>"

    /// Header names whose values are secret (compared case-insensitively).
    public static let secretHeaders: Set<String> = ["apikey", "authent", "nonce"]

    /// Query, form and JSON parameter names whose values are secret (compared case-insensitively).
    public static let secretParameters: Set<String> = [
        "apikey", "api_key", "api-key", "authent", "nonce", "secret", "api_secret", "apisecret", "otp",
        "signature", "password", "passphrase",
    ]

    /// Literal values to remove wherever they appear.
    public var secrets: [String]

    /// A redaction that also removes each of `secrets` (values shorter than 4 characters are ignored).
    public init(secrets: [String] = []) {
        self.secrets = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
    }

    /// `text` with every secret replaced by `placeholder`.
    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets { result = result.replacingOccurrences(of: secret, with: Self.placeholder) }
        let range = NSRange(result.startIndex..., in: result)
        return Self.pattern.stringByReplacingMatches(
            in: result, range: range, withTemplate: "$1\(Self.placeholder)")
    }

    /// `headers` with the values of secret headers replaced.
    public func redact(headers: [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in headers {
            result[name] = Self.secretHeaders.contains(name.lowercased()) ? Self.placeholder : redact(value)
        }
        return result
    }

    /// `url` as text, secrets removed.
    public func redact(url: URL) -> String { redact(url.absoluteString) }

    /// A name from either list, then `:` or `=` (JSON quotes allowed around the name and the value); group 1
    /// keeps everything up to the value.
    private static let pattern: NSRegularExpression = {
        let names = secretHeaders.union(secretParameters).sorted { $0.count > $1.count }
            .map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|")
        let source = #"(?i)((?<![A-Za-z0-9_-])["']?(?:"# + names + #")["']?\s*[:=]\s*["']?)[^\s"'&,;}\]\)]+"#
        do { return try NSRegularExpression(pattern: source) } catch { fatalError("bad redaction pattern: \(error)") }
    }()
}
