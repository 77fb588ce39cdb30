/// What one backfill did, for the closing summary (text or JSON).
public struct BackfillSummary: Sendable, Codable, Equatable {
    /// One series whose call failed.
    public struct Failure: Sendable, Codable, Equatable {
        /// The pair's altname.
        public var pair: String
        /// The interval in minutes.
        public var interval: Int
        /// `permanent`, `retryable`, `unreachable` or `response`.
        public var kind: String
        /// What went wrong (also stored as the records' `last_error`).
        public var message: String
    }

    /// HTTP counters of the run.
    public struct Requests: Sendable, Codable, Equatable {
        public var requests = 0
        public var attempts = 0
        public var succeeded = 0
        public var failed = 0
        public var retries = 0
        public var retriesByReason: [String: Int] = [:]
        public var breakerOpens = 0
        public var breakerRejections = 0
        public var rateLimitWaitSeconds = 0.0
        public var retryWaitSeconds = 0.0

        public init() {}

        public init(_ stats: HTTPStats) {
            requests = stats.requests
            attempts = stats.attempts
            succeeded = stats.succeeded
            failed = stats.failed
            retries = stats.totalRetries
            retriesByReason = Dictionary(uniqueKeysWithValues: stats.retries.map { ($0.key.rawValue, $0.value) })
            breakerOpens = stats.breakerOpens
            breakerRejections = stats.breakerRejections
            rateLimitWaitSeconds = stats.rateLimitWaitSeconds
            retryWaitSeconds = stats.retryWaitSeconds
        }
    }

    /// OHLC calls planned (one per series).
    public var planned = 0
    /// Calls left for a later run by `--max-requests`.
    public var deferred = 0
    /// OHLC calls that got an answer or failed for good (AssetPairs look-ups and retries not counted).
    public var ohlcRequests = 0
    /// Series whose answer was stored.
    public var seriesDone = 0
    /// Candle rows inserted or changed.
    public var candlesWritten: Int64 = 0
    /// Gap records that became FILLED.
    public var gapsFilled = 0
    /// Series whose call failed.
    public var failures: [Failure] = []
    /// True when no call reached Kraken at all (no response came back): gaps stay DETECTED.
    public var unreachable = false
    /// The first error that shows Kraken could not be reached.
    public var unreachableMessage: String?
    /// True when a stop request left calls unsent.
    public var stopped = false
    /// The HTTP client's counters.
    public var http = Requests()
    /// The backfill job's id (`id` in JSON, as `jobs --json` names it); nil when no job ran.
    public var jobID: Int64?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case jobID = "id"
        case planned, deferred, ohlcRequests, seriesDone, candlesWritten, gapsFilled, failures, unreachable
        case unreachableMessage, stopped, http
    }

    /// 0 done, 3 some series failed, 69 Kraken could not be reached (see the README's exit codes).
    public var exitCode: Int32 {
        if unreachable { return BackfillSummary.unreachableExitCode }
        return failures.isEmpty ? 0 : 3
    }

    /// The exit code when Kraken cannot be reached (EX_UNAVAILABLE).
    public static let unreachableExitCode: Int32 = 69
}
