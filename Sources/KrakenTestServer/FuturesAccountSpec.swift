import Foundation

/// The deterministic Kraken Futures account the imitation serves: how many records of each kind, from when, with
/// which key, and which faults to act out.
///
/// ```swift
/// var spec = FuturesAccountSpec()
/// spec.executions = 1_200                    // three pages of 500
/// spec.deniedPaths = [FuturesRoutes.positionsPath]
/// let futures = FuturesRoutes(spec)
/// futures.install(on: server)
/// ```
public struct FuturesAccountSpec: Sendable {
    /// The test key pair (the secret is 64 bytes of base64, as Kraken issues them).
    public var apiKey: String
    public var secret: String
    /// Records of each history resource.
    public var executions: Int
    public var accountLogEntries: Int
    public var positionUpdates: Int
    /// The first record's time (ms); each next one is `stepMillis` later.
    public var startMillis: Int64
    public var stepMillis: Int64
    /// Paths whose private requests are refused for lack of permission.
    public var deniedPaths: Set<String>
    /// Paths answering HTTP 500 after this many successful answers (a run dying between pages).
    public var failAfter: [String: Int]
    /// The response shape variants seen in the wild instead of the v3 schema's: executions under
    /// `executionEvents` with the token as `continuation_token` (odd pages) or in the `Next-Continuation-Token`
    /// header (even pages); position updates wrapped as `{uid, timestamp, event: {PositionUpdate: {…}}}`; the
    /// account log under `accountLog`.
    public var variantShapes = false
    /// Executions (by index) sent without any timestamp: the sync must skip and count them.
    public var untimedExecutions: Set<Int> = []

    public static let testAPIKey = "TESTkeyFUTURESimitation0123456789abcdefghij"
    /// 64 bytes: "kraken-ingest futures imitation secret, sixty-four bytes long!!!!" in base64.
    public static let testSecret = Data("kraken-ingest futures imitation secret, sixty-four bytes long!!!!".utf8)
        .base64EncodedString()

    public init(
        apiKey: String = FuturesAccountSpec.testAPIKey, secret: String = FuturesAccountSpec.testSecret,
        executions: Int = 7, accountLogEntries: Int = 9, positionUpdates: Int = 5,
        startMillis: Int64 = 1_767_225_600_000, stepMillis: Int64 = 60_000, deniedPaths: Set<String> = [],
        failAfter: [String: Int] = [:]
    ) {
        self.apiKey = apiKey
        self.secret = secret
        self.executions = executions
        self.accountLogEntries = accountLogEntries
        self.positionUpdates = positionUpdates
        self.startMillis = startMillis
        self.stepMillis = stepMillis
        self.deniedPaths = deniedPaths
        self.failAfter = failAfter
    }

    /// The time of record `index` (0-based).
    public func time(_ index: Int) -> Int64 { startMillis + Int64(index) * stepMillis }
}
