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
    /// Record times spread over every field the sync coalesces, later fields holding decoys (a later time) so
    /// that a wrong order shows. Executions: index % 4 picks the field holding the time (`timestamp`,
    /// `info.timestamp`, `takerOrder.timestamp`, `trade.timestamp` as RFC 3339), (index / 4) % 4 the wrapper
    /// (`event.Execution.execution`, `event.execution.execution`, `event.Execution`, `event.execution`), and the
    /// element's own `timestamp` is a decoy too. Account log: id % 3 picks `timestamp` (a `date` decoy),
    /// `timestamp` as a numeric string (no `date`), or `date` alone (`timestamp` null).
    public var scatteredTimes = false
    /// The account log as a degraded server might send it: entries without `id`, newest first whatever `sort`
    /// asks and no token, so that only `before` reaches older entries (what the sync's `before` fallback is for).
    public var accountLogWithoutIDs = false
    /// Kraken's history pool enforced on the server's clock (tokens, refilled in full over `seconds`): a history
    /// request beyond it gets HTTP 429 with a plain-text body and `rate-limit-reset`. Nil: not enforced.
    public var historyPool: HistoryPool?

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

    /// Kraken's history pool: `tokens`, refilled at `tokens` per `seconds`; account-log requests cost by `count`.
    public struct HistoryPool: Sendable, Equatable {
        public var tokens: Double
        public var seconds: Double

        public init(tokens: Double, seconds: Double) {
            self.tokens = tokens
            self.seconds = seconds
        }

        /// Kraken's: 100 tokens, 100 per 10 minutes.
        public static let kraken = HistoryPool(tokens: 100, seconds: 600)
    }

    /// The time of record `index` (0-based).
    public func time(_ index: Int) -> Int64 { startMillis + Int64(index) * stepMillis }
}
