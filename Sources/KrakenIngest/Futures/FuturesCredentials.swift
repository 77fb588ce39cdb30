import Foundation

/// A Kraken Futures API key pair, checked before any request is made, that never shows its secret: printing,
/// interpolating, `dump`ing or mirroring it gives `FuturesCredentials(APIKey(abcd…), secret: 64 bytes)`. It is
/// deliberately not `Codable`.
///
/// ```swift
/// let credentials = try FuturesCredentials.fromEnvironment(ProcessInfo.processInfo.environment)
/// "\(credentials)"     // FuturesCredentials(APIKey(rRra…), secret: 64 bytes)
/// ```
///
/// The secret must be standard base64 (with its `=` padding) that decodes to `secretLengths` bytes. Kraken issues
/// 64-byte secrets (88 characters ending in `==`). HMAC-SHA512 would accept any length, so the check is there to
/// catch mistakes early, with a message that says what to fix: fewer than 48 bytes is a truncated copy or the
/// public key pasted in the secret's place (Kraken public keys are shorter); more than 128 bytes is some other
/// text. The range is wider than 64 so that a change of key format at Kraken would not lock users out.
public struct FuturesCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The public key, sent as the `APIKey` header.
    public let apiKey: String
    /// The decoded secret, the HMAC key. Internal so that it only leaves through `FuturesSigner`.
    let secret: [UInt8]
    /// Where the pair came from, for messages (`KRAKEN_API_PUBLIC_KEY/KRAKEN_API_SECRET_KEY`).
    public let source: String

    /// Decoded secret lengths accepted, in bytes.
    public static let secretLengths = 48...128

    /// The environment variable pairs read, in order of precedence.
    public static let environmentPairs = [
        (key: "KRAKEN_API_PUBLIC_KEY", secret: "KRAKEN_API_SECRET_KEY"),
        (key: "KRAKEN_FUTURES__API_KEY", secret: "KRAKEN_FUTURES__API_SECRET"),
    ]

    /// Checks and decodes a pair; `keyName`/`secretName` name the inputs in messages.
    /// Throws `KrakenIngestError.usage` with a message that never contains the secret.
    public init(
        apiKey: String, secret: String, keyName: String = "the API key",
        secretName: String = "the API secret"
    ) throws {
        let key = apiKey.trimmingCharacters(in: .whitespacesAndNewlines)
        let text = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty else { throw KrakenIngestError.usage("\(keyName) is empty: \(Self.howToCreate)") }
        guard !key.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "'" }) else {
            throw KrakenIngestError.usage(
                "\(keyName) contains spaces or quotes: copy the public key again, "
                    + "without quotes or line breaks")
        }
        guard !text.isEmpty else { throw KrakenIngestError.usage("\(secretName) is empty: \(Self.howToCreate)") }
        guard text != key else {
            throw KrakenIngestError.usage(
                "\(keyName) and \(secretName) are the same text: the secret is the "
                    + "private key shown once beside the public key when the key was created")
        }
        self.apiKey = key
        self.secret = try Self.decodeSecret(text, name: secretName)
        source = "\(keyName)/\(secretName)"
    }

    /// Credentials for signing in tests and tools that already hold decoded bytes (no length check).
    init(apiKey: String, secretBytes: [UInt8], source: String = "bytes") {
        self.apiKey = apiKey
        secret = secretBytes
        self.source = source
    }

    /// The pair from `environment`: `KRAKEN_API_PUBLIC_KEY`/`KRAKEN_API_SECRET_KEY`, else
    /// `KRAKEN_FUTURES__API_KEY`/`KRAKEN_FUTURES__API_SECRET`. Throws `KrakenIngestError.usage` when neither pair
    /// is set, when a pair is half set, or when the values are unusable.
    public static func fromEnvironment(_ environment: [String: String]) throws -> FuturesCredentials {
        guard let credentials = try fromEnvironmentIfPresent(environment) else {
            throw KrakenIngestError.usage(
                "Kraken Futures credentials are not set: export KRAKEN_API_PUBLIC_KEY and "
                    + "KRAKEN_API_SECRET_KEY (or KRAKEN_FUTURES__API_KEY and KRAKEN_FUTURES__API_SECRET); "
                    + howToCreate)
        }
        return credentials
    }

    /// Like `fromEnvironment`, but nil when no variable of either pair is set (public endpoints need no key).
    public static func fromEnvironmentIfPresent(_ environment: [String: String]) throws -> FuturesCredentials? {
        func value(_ name: String) -> String? {
            guard let v = environment[name], !v.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return nil
            }
            return v
        }
        for pair in environmentPairs {
            switch (value(pair.key), value(pair.secret)) {
            case (let key?, let secret?):
                return try FuturesCredentials(apiKey: key, secret: secret, keyName: pair.key, secretName: pair.secret)
            case (_?, nil):
                throw KrakenIngestError.usage("\(pair.key) is set but \(pair.secret) is not: set both")
            case (nil, _?):
                throw KrakenIngestError.usage("\(pair.secret) is set but \(pair.key) is not: set both")
            case (nil, nil):
                continue
            }
        }
        return nil
    }

    static let howToCreate =
        "create a Kraken Futures API key (Futures settings → API keys; read-only access is "
        + "enough; a spot key from api.kraken.com does not work) and copy its public and private keys"

    /// The bytes of a base64 `text`, or a usage error saying what is wrong with it (never the text itself).
    static func decodeSecret(_ text: String, name: String) throws -> [UInt8] {
        let length = text.count
        if let first = text.first, let last = text.last, "\"'".contains(first) || "\"'".contains(last) {
            throw KrakenIngestError.usage("\(name) is wrapped in quotes: remove them")
        }
        let base64Characters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
        if let bad = text.firstIndex(where: { !base64Characters.contains($0) }) {
            let position = text.distance(from: text.startIndex, to: bad) + 1
            let what = text[bad].isWhitespace ? "a space or line break" : "a character that is not base64"
            throw KrakenIngestError.usage(
                "\(name) is not valid base64: character \(position) of \(length) is "
                    + "\(what); \(Self.copyAgain)")
        }
        guard let data = Data(base64Encoded: text) else {
            let hint = length % 4 == 0 ? "misplaced '=' padding" : "\(length) characters, not a multiple of 4"
            throw KrakenIngestError.usage("\(name) is not valid base64 (\(hint)); \(Self.copyAgain)")
        }
        guard secretLengths.contains(data.count) else {
            let cause =
                data.count < secretLengths.lowerBound
                ? "a truncated copy, or the public key in the secret's place?"
                : "is this the right value?"
            throw KrakenIngestError.usage(
                "\(name) decodes to \(data.count) bytes, but Kraken Futures secrets decode "
                    + "to 64 (88 base64 characters ending in ==): \(cause)")
        }
        return Array(data)
    }

    static let copyAgain =
        "copy the private key again, whole (Kraken shows 88 characters ending in ==), "
        + "without quotes or line breaks"

    /// `APIKey(abcd…)`: the first four characters of the public key, or none when it is short.
    public var redactedKey: String { "APIKey(\(apiKey.count >= 12 ? String(apiKey.prefix(4)) : "")…)" }

    public var description: String { "FuturesCredentials(\(redactedKey), secret: \(secret.count) bytes)" }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self, children: ["apiKey": redactedKey, "secret": "<\(secret.count) bytes>", "source": source],
            displayStyle: .struct)
    }
}
