import Foundation
import Testing

@testable import KrakenIngest

/// Kraken Futures signing, nonces and credentials.
@Suite("Futures auth")
enum FuturesAuthTests {
    /// A 64-byte secret (bytes 0…63) as Kraken would issue it: 88 base64 characters ending in `==`.
    static let secret64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw=="
    static let publicKey = "rRraK3yPublicKeyForTests0123456789abcdefghijklmnop"

    /// The usage message `body` throws; nil (with an issue) when it does not throw one.
    static func usageMessage(_ body: () throws -> Void) -> String? {
        do {
            try body()
            Issue.record("expected a usage error")
        } catch KrakenIngestError.usage(let message) {
            return message
        } catch {
            Issue.record("threw \(error), not a usage error")
        }
        return nil
    }

    /// Collects values from many threads in the order a lock admits them.
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [Int64] = []

        /// Runs `make` under the lock and keeps its value, so the order kept is the order of the calls.
        func record(_ make: () -> Int64) { lock.withLock { recorded.append(make()) } }

        var values: [Int64] { lock.withLock { recorded } }
    }
}

// MARK: - Signing

extension FuturesAuthTests {
    @Suite("Futures signing")
    struct Signing {
        @Test("the published test vector (python-kraken-sdk) signs to the published Authent")
        func publishedVector() throws {
            let secret = try #require(Data(base64Encoded: "cHl0aG9uLWtyYWtlbi1zZGsgdW5pdC10ZXN0IHNlY3JldCB2YWx1ZQ=="))
            let expected = "Txi+gJVXe3EN1brXYQ46FuV6UVtEVSKhc6dYMhPb7a/HXZLGvO6m9UUg+KVKqhLxrbllOPI7qRkHYmPfJZZSGA=="
            #expect(
                FuturesSigner.authent(
                    secret: Array(secret), postData: "orderType=lmt&symbol=PI_XBTUSD",
                    nonce: "1616492376594", endpointPath: "/api/v3/sendorder") == expected)

            let signer = FuturesSigner(
                credentials: FuturesCredentials(apiKey: "key", secretBytes: Array(secret)),
                nonces: nil)
            let query = FuturesQuery([("orderType", "lmt"), ("symbol", "PI_XBTUSD")])
            let headers = signer.headers(
                path: "/derivatives/api/v3/sendorder", postData: query.encoded,
                nonce: "1616492376594")
            #expect(headers.authent == expected)
            #expect(headers.apiKey == "key")
            #expect(headers.fields.map(\.name) == ["APIKey", "Authent", "Nonce"])
        }

        @Test(
            "endpointPath drops only a leading /derivatives segment",
            arguments: [
                ("/derivatives/api/v3/openpositions", "/api/v3/openpositions"),
                ("/derivatives/api/v3/tickers", "/api/v3/tickers"),
                ("/api/history/v2/executions", "/api/history/v2/executions"),
                ("/api/history/v3/account-log", "/api/history/v3/account-log"),
                ("/api/derivatives/v3/x", "/api/derivatives/v3/x"),
                ("/derivativesx/api", "/derivativesx/api"),
                ("/derivatives", ""),
            ])
        func endpointPath(path: String, expected: String) {
            #expect(FuturesSigner.endpointPath(path) == expected)
        }

        @Test("postData is the query exactly as sent: order kept, urlencode-style percent-encoding")
        func postDataBytes() {
            let query = FuturesQuery([
                ("since", "1772026472238"), ("info", "futures trade"),
                ("continuation_token", "MTc3/+==ü"),
            ])
            // Python: urllib.parse.urlencode of the same pairs.
            #expect(query.encoded == "since=1772026472238&info=futures+trade&continuation_token=MTc3%2F%2B%3D%3D%C3%BC")
            #expect(Array(FuturesQuery.encode("a-b_c.d~e").utf8) == Array("a-b_c.d~e".utf8))
            #expect(FuturesQuery([("b", "2"), ("a", "1")]).encoded == "b=2&a=1")
            #expect(FuturesQuery().encoded == "")
        }

        @Test("a signed history request signs the encoded query, the nonce and the path (values from Python)")
        func signedHistoryRequest() throws {
            let credentials = try FuturesCredentials(apiKey: publicKey, secret: secret64)
            let clock = ManualClock(now: UnixMillis(1_772_026_472_238))
            let signer = FuturesSigner(credentials: credentials, nonces: NonceSource(clock: clock))
            let query = FuturesQuery([
                ("sort", "asc"), ("count", "500"),
                ("continuation_token", "MTc3MjAyMTc1MTg0Ny81MzI5NzAyNjM5Mw=="),
            ])
            #expect(query.encoded == "sort=asc&count=500&continuation_token=MTc3MjAyMTc1MTg0Ny81MzI5NzAyNjM5Mw%3D%3D")
            let headers = signer.headers(path: "/api/history/v3/executions", query: query)
            #expect(headers.nonce == "177202647223800000")
            #expect(
                headers.authent
                    == "CjdccxHTjAW//rTQPzVNgR5clt1ZGqD0+Ihi+BFaKYkFdnTuMeDt5xOzsZFjrenVxFDNG7AAbuZAra7JYQveGQ==")
            #expect(!"\(headers)".contains(headers.authent))
        }

        @Test("no query and no Nonce header: postData and nonce are empty strings")
        func emptyPostDataAndNonce() throws {
            let credentials = try FuturesCredentials(apiKey: publicKey, secret: secret64)
            let signer = FuturesSigner(credentials: credentials, nonces: nil)
            let headers = signer.headers(path: "/derivatives/api/v3/openpositions", query: FuturesQuery())
            #expect(headers.nonce == nil)
            #expect(headers.fields.map(\.name) == ["APIKey", "Authent"])
            #expect(
                headers.authent
                    == "E3u8wE1EShugAA76gPLpV/6Grs/HFBAcEtvPdH+LBC2ORHi4Chqj0BjxlHV7ephxDwSgdKrNma99cj21vRAKSQ==")
        }
    }
}

// MARK: - Nonces

extension FuturesAuthTests {
    @Suite("Futures nonces")
    struct Nonces {
        @Test("millisecond prefix and a 5-digit counter")
        func format() {
            let clock = ManualClock(now: UnixMillis(1_616_492_376_594))
            let nonces = NonceSource(clock: clock)
            #expect(nonces.next() == "161649237659400000")
            #expect(nonces.next() == "161649237659400001")
            clock.set(UnixMillis(1_616_492_376_600))
            #expect(nonces.next() == "161649237660000000")
        }

        @Test("10,000 concurrent calls from tasks give 10,000 distinct nonces, increasing within each task")
        func concurrentTasks() async {
            let nonces = NonceSource(clock: SystemClock())
            let perTask = 100
            let all = await withTaskGroup(of: [Int64].self) { group in
                for _ in 0..<100 {
                    group.addTask { (0..<perTask).map { _ in nonces.nextValue() } }
                }
                var all: [[Int64]] = []
                for await values in group { all.append(values) }
                return all
            }
            #expect(all.allSatisfy { zip($0, $0.dropFirst()).allSatisfy { $0 < $1 } })
            #expect(Set(all.joined()).count == 10_000)
        }

        @Test("10,000 calls from many threads on a stalled clock stay unique and strictly ordered by call")
        func concurrentThreadsOnStalledClock() {
            let nonces = NonceSource(clock: ManualClock(now: UnixMillis(1_700_000_000_000)))
            let recorder = Recorder()
            DispatchQueue.concurrentPerform(iterations: 10_000) { _ in
                recorder.record { nonces.nextValue() }
            }
            let seen = recorder.values
            #expect(seen.count == 10_000)
            #expect(zip(seen, seen.dropFirst()).allSatisfy { $0 < $1 })
        }

        @Test("a clock that stalls past 100,000 calls or steps back never repeats or lowers a nonce")
        func stallAndStepBack() {
            let clock = ManualClock(now: UnixMillis(1_700_000_000_000))
            let nonces = NonceSource(clock: clock)
            var last = nonces.nextValue()
            for _ in 0..<100_050 {
                let value = nonces.nextValue()
                #expect(value > last)
                last = value
            }
            #expect(last / 100_000 == 1_700_000_000_001)  // ran one millisecond ahead instead of wrapping
            clock.set(UnixMillis(1_600_000_000_000))  // an hour… and years back
            let afterStepBack = nonces.nextValue()
            #expect(afterStepBack > last)
            clock.set(UnixMillis(1_800_000_000_000))
            #expect(nonces.nextValue() == 180_000_000_000_000_000)
        }

        @Test("a new process a millisecond later starts above the previous one's last nonce")
        func restart() {
            let clock = ManualClock(now: UnixMillis(1_700_000_000_000))
            let first = NonceSource(clock: clock)
            var last: Int64 = 0
            for _ in 0..<500 { last = first.nextValue() }
            clock.advance(seconds: 0.001)
            #expect(NonceSource(clock: clock).nextValue() > last)
        }
    }
}

// MARK: - Credentials

extension FuturesAuthTests {
    @Suite("Futures credentials")
    struct Credentials {
        @Test("KRAKEN_API_* first, KRAKEN_FUTURES__* otherwise; values trimmed")
        func environmentPrecedence() throws {
            let paddedSecret: String = secret64 + "\n"
            let otherKey: String = "other" + publicKey
            let both: [String: String] = [
                "KRAKEN_API_PUBLIC_KEY": publicKey, "KRAKEN_API_SECRET_KEY": paddedSecret,
                "KRAKEN_FUTURES__API_KEY": otherKey, "KRAKEN_FUTURES__API_SECRET": secret64,
            ]
            let first = try FuturesCredentials.fromEnvironment(both)
            #expect(first.apiKey == publicKey)
            #expect(first.secret == Array(0..<64))
            #expect(first.source == "KRAKEN_API_PUBLIC_KEY/KRAKEN_API_SECRET_KEY")
            let second = try FuturesCredentials.fromEnvironment([
                "KRAKEN_FUTURES__API_KEY": publicKey, "KRAKEN_FUTURES__API_SECRET": secret64,
                "KRAKEN_API_PUBLIC_KEY": "  ",
            ])
            #expect(second.source == "KRAKEN_FUTURES__API_KEY/KRAKEN_FUTURES__API_SECRET")
            #expect(try FuturesCredentials.fromEnvironmentIfPresent(["HOME": "/root"]) == nil)
        }

        @Test("missing or half-set pairs name the variables to set")
        func missing() {
            let none = usageMessage { _ = try FuturesCredentials.fromEnvironment([:]) }
            #expect(none?.contains("KRAKEN_API_PUBLIC_KEY") == true)
            #expect(none?.contains("KRAKEN_FUTURES__API_SECRET") == true)
            let half = usageMessage {
                _ = try FuturesCredentials.fromEnvironment(["KRAKEN_API_PUBLIC_KEY": publicKey])
            }
            #expect(half == "KRAKEN_API_PUBLIC_KEY is set but KRAKEN_API_SECRET_KEY is not: set both")
            let otherHalf = usageMessage {
                _ = try FuturesCredentials.fromEnvironment(["KRAKEN_FUTURES__API_SECRET": secret64])
            }
            #expect(otherHalf?.hasPrefix("KRAKEN_FUTURES__API_SECRET is set but KRAKEN_FUTURES__API_KEY") == true)
        }

        /// Broken copies of `secret64` and what the refusal must say.
        static let badSecretCases: [(String, String)] = {
            let spaced: String = String(secret64.prefix(40)) + " " + String(secret64.dropFirst(40))
            let quoted: String = "\"" + secret64 + "\""
            let long: String = Data(repeating: 7, count: 200).base64EncodedString()
            return [
                (secret64.replacingOccurrences(of: "+", with: "-"), "character 84 of 88 is a character"),
                (String(secret64.dropLast()), "not a multiple of 4"),
                (quoted, "wrapped in quotes"),
                (spaced, "a space or line break"),
                ("c2hvcnQgc2VjcmV0IHZhbHVl", "decodes to 18 bytes"),
                (long, "decodes to 200 bytes"),
            ]
        }()

        @Test("bad secrets are refused with what to fix, never with the secret", arguments: badSecretCases)
        func badSecrets(secret: String, expected: String) throws {
            let environment = ["KRAKEN_API_PUBLIC_KEY": publicKey, "KRAKEN_API_SECRET_KEY": secret]
            let message = try #require(usageMessage { _ = try FuturesCredentials.fromEnvironment(environment) })
            #expect(message.contains(expected), "\(message)")
            #expect(message.contains("KRAKEN_API_SECRET_KEY"))
            let core = secret.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            for start in stride(from: 0, to: core.count - 8, by: 4) {
                let piece = String(core.dropFirst(start).prefix(8))
                #expect(!message.contains(piece), "message leaks part of the secret: \(message)")
            }
        }

        @Test("an empty key, a key with spaces, or the same text twice is refused")
        func badKeys() {
            let spaced = usageMessage { _ = try FuturesCredentials(apiKey: "ab cd", secret: secret64) }
            #expect(spaced?.contains("spaces or quotes") == true)
            let same = usageMessage { _ = try FuturesCredentials(apiKey: secret64, secret: secret64) }
            #expect(same?.contains("same text") == true)
            #expect(same?.contains(secret64) == false)
        }

        @Test("printing, interpolating, dumping or mirroring never shows the secret")
        func redaction() throws {
            let credentials = try FuturesCredentials(apiKey: publicKey, secret: secret64)
            let expected = "FuturesCredentials(APIKey(rRra…), secret: 64 bytes)"
            #expect("\(credentials)" == expected)
            #expect(String(describing: credentials) == expected)
            #expect(String(reflecting: credentials) == expected)
            var dumped = ""
            dump(credentials, to: &dumped)
            let mirrored = Mirror(reflecting: credentials).children.map { "\($0.value)" }.joined()
            for text in [dumped, mirrored, "\([credentials])"] {
                #expect(!text.contains(secret64.prefix(12)))
                #expect(!text.contains(publicKey))
                #expect(!text.contains("secret: [0"))
            }
            #expect(FuturesCredentials(apiKey: "short", secretBytes: []).redactedKey == "APIKey(…)")
        }
    }
}
