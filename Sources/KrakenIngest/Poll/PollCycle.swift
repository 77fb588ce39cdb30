import Foundation

/// One poll cycle as a job (`kind` poll) under the writer lock, taken for the cycle only so an import can run
/// between cycles: one OHLC call per series of the selection (`PollPlanner`), each answer written in its own
/// transaction through the backfill phase, which never stores the unfinished candle nor replaces archive candles.
///
/// A cycle that finds the store held by another writer is skipped, not failed: the next cycle catches up, since
/// every call asks from the end of stored coverage. Stop requests do not reach the cycle: `poll` stops after it.
///
/// ```swift
/// let cycle = PollCycle(storePath: path, tiers: catalog, scope: scope, clock: clock,
///                       makeClient: { try options.makeClient(clock: clock) })
/// let outcome = try cycle.run(boundary: clock.now())
/// print(PollCycleText.line(outcome))
/// ```
public struct PollCycle: Sendable {
    /// The job kind of a poll cycle.
    public static let kind = "poll"

    public let storePath: String
    public let tiers: TierCatalog
    public let scope: AnalysisScope
    public let clock: any WallClock
    /// A fresh spot client per cycle, so the HTTP counters in the outcome are the cycle's own.
    public let makeClient: @Sendable () throws -> SpotClient

    public init(
        storePath: String, tiers: TierCatalog, scope: AnalysisScope, clock: any WallClock,
        makeClient: @escaping @Sendable () throws -> SpotClient
    ) {
        self.storePath = storePath
        self.tiers = tiers
        self.scope = scope
        self.clock = clock
        self.makeClient = makeClient
    }

    /// The planner of a cycle made now.
    public func planner() -> PollPlanner { PollPlanner(scope: scope, tiers: tiers, now: clock.nowSeconds) }

    /// Runs one cycle; throws only for faults of the store or the machine.
    public func run(boundary: UnixMillis) throws -> PollCycleOutcome {
        let started = clock.now()
        var outcome = PollCycleOutcome(boundary: boundary)
        let store = try SQLiteStore.open(path: storePath, clock: clock)
        let session: any WriterSession
        do {
            session = try store.openWriterSession()
        } catch KrakenIngestError.databaseBusy(let message) {
            outcome.status = .busy
            outcome.message = message
            return outcome
        }
        defer { session.close() }
        let planner = planner()
        let series = try session.read { try planner.series(in: $0) }
        outcome.series = series.count
        outcome.behindAPIWindow = series.filter { $0.isBehindAPIWindow(now: planner.now) }
            .map { "\($0.pair)/\($0.interval.minutes)" }
        let client = try makeClient()
        let phase = BackfillPhase(
            client: client, tiers: tiers,
            analyzer: CompletenessAnalyzer(classifier: GapClassifier(now: planner.now), tiers: tiers),
            scope: scope, name: Self.kind, planner: planner)
        let run = try JobRunner(session: session, stop: StopRequest(), clock: clock).run(
            JobSpec(kind: Self.kind, options: scope.canonicalJSON(), phases: [phase]))
        outcome.jobID = run.jobID
        let summary = phase.result.value ?? BackfillSummary()
        outcome.requests = summary.ohlcRequests
        outcome.retries = summary.http.retries
        outcome.candlesWritten = summary.candlesWritten
        outcome.failures = summary.failures
        if summary.unreachable {
            outcome.status = .unreachable
            outcome.message =
                "Kraken could not be reached at \(client.baseURL.absoluteString) "
                + "(\(summary.unreachableMessage ?? "no answer"))"
        } else if !summary.failures.isEmpty {
            outcome.status = .failed
        }
        outcome.seconds = clock.secondsSince(started)
        return outcome
    }
}

/// What one poll cycle did (a JSON line with `poll --json`: the job is `id`, the boundary `boundary` in unix
/// seconds and `boundaryUTC`, as every `--json` output names them).
public struct PollCycleOutcome: Sendable, Encodable, Equatable {
    /// How the cycle ended.
    public enum Status: String, Sendable, Codable {
        /// Every series was fetched and stored.
        case completed
        /// Some series failed (listed in `failures`); the others were stored.
        case failed
        /// No call reached Kraken; nothing was written.
        case unreachable
        /// Another writer held the store; the cycle was skipped.
        case busy
    }

    /// The boundary the cycle belongs to.
    public var boundary: UnixMillis
    /// The boundary in ISO-8601.
    public var boundaryISO: String
    public var status: Status = .completed
    /// The poll job's id (nil when the cycle was skipped).
    public var jobID: Int64?
    /// Series polled.
    public var series = 0
    /// OHLC requests sent (retries not counted).
    public var requests = 0
    public var retries = 0
    /// Candle rows inserted or changed.
    public var candlesWritten: Int64 = 0
    /// Series whose call failed.
    public var failures: [BackfillSummary.Failure] = []
    /// Series whose stored coverage ends before the API's window: the candles between need `run` or archives.
    public var behindAPIWindow: [String] = []
    /// Why the cycle was skipped or could not reach Kraken.
    public var message: String?
    /// Wall time of the cycle.
    public var seconds = 0.0

    public init(boundary: UnixMillis) {
        self.boundary = boundary
        boundaryISO = boundary.isoSeconds
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "id"
        case boundary
        case boundaryISO = "boundaryUTC"
        case seconds = "durationSeconds"
        case status, series, requests, retries, candlesWritten, failures, behindAPIWindow, message
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(jobID, forKey: .jobID)
        try c.encode(boundary.seconds, forKey: .boundary)
        try c.encode(boundaryISO, forKey: .boundaryISO)
        try c.encode(status, forKey: .status)
        try c.encode(series, forKey: .series)
        try c.encode(requests, forKey: .requests)
        try c.encode(retries, forKey: .retries)
        try c.encode(candlesWritten, forKey: .candlesWritten)
        try c.encode(failures, forKey: .failures)
        try c.encode(behindAPIWindow, forKey: .behindAPIWindow)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encode(seconds, forKey: .seconds)
    }

    /// 0 completed, 3 some series failed, 69 Kraken unreachable, 75 store busy (the README's exit codes).
    public var exitCode: Int32 {
        switch status {
        case .completed: return 0
        case .failed: return 3
        case .unreachable: return BackfillSummary.unreachableExitCode
        case .busy: return 75
        }
    }
}
