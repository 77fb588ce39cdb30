/// What `futures state` shows of one resource: its stored cursor, rows, last run, lag behind now, the retention the
/// lag is judged against, and the warnings that follow (`FuturesLagCheck`).
///
/// The lag runs from the moment the resource is known to be synced through: the last run's time when that run
/// finished caught up (no token left, no error), else the cursor's time (time cursors); for snapshots the last
/// run's time. It is nil when neither is known (never synced, or an account-log run that did not finish).
///
/// ```swift
/// let entries = try store.read { try FuturesStateEntry.all($0, now: clock.now(), check: FuturesLagCheck()) }
/// entries[0].warnings     // ["lag 70.0 days is near the 90-day retention assumed …", "Kraken decommissions …"]
/// ```
public struct FuturesStateEntry: Sendable, Codable, Equatable {
    public var resource: String
    /// Kraken's cursor as stored (milliseconds for time cursors, an id otherwise).
    public var cursor: String?
    /// A time cursor in ISO-8601 with milliseconds; nil for id cursors.
    public var cursorUTC: String?
    public var continuationToken: String?
    public var rows: Int64
    /// Unix seconds, and ISO-8601 with milliseconds under `lastRunAtUTC`.
    public var lastRunAt: Int64?
    public var lastRunAtUTC: String?
    /// What the lag runs from: unix seconds, and ISO-8601 with milliseconds under `syncedThroughUTC`.
    public var syncedThrough: Int64?
    public var syncedThroughUTC: String?
    public var lagSeconds: Int64?
    public var lastError: String?
    /// The retention the lag is judged against, in days; nil for snapshots.
    public var retentionDays: Int?
    /// Where `retentionDays` comes from: `declared`, `option` or `assumed`.
    public var retentionSource: String?
    public var warnings: [String]

    /// One entry per resource of `resources`, as of `now`.
    public static func all(
        _ reader: any StoreReader, now: UnixMillis, check: FuturesLagCheck,
        resources: [FuturesResource] = FuturesResource.all
    ) throws -> [FuturesStateEntry] {
        try resources.map { resource in
            let state = try reader.syncCursor(resource.name)
            let through = syncedThrough(resource, state: state)
            let lag = through.map { max(0, now.value - $0.value) / 1000 }
            let retention = check.retention(for: resource)
            let lastRun = state?.lastRunAt.map { UnixMillis($0) }
            let cursorTime = resource.cursorKind == .time ? state?.cursor.flatMap { Int64($0) } : nil
            return FuturesStateEntry(
                resource: resource.name, cursor: state?.cursor, cursorUTC: cursorTime.map { UnixMillis($0).iso },
                continuationToken: state?.token, rows: try reader.futuresRowCount(resource),
                lastRunAt: lastRun?.seconds, lastRunAtUTC: lastRun?.iso, syncedThrough: through?.seconds,
                syncedThroughUTC: through?.iso, lagSeconds: lag, lastError: state?.lastError,
                retentionDays: retention?.days, retentionSource: retention?.source.rawValue,
                warnings: check.warnings(for: resource, lagSeconds: lag, now: now).map(\.description))
        }
    }

    /// The moment `resource` is known to hold everything up to (see the type's documentation).
    public static func syncedThrough(_ resource: FuturesResource, state: SyncCursor?) -> UnixMillis? {
        guard let state else { return nil }
        let finished = (state.token ?? "").isEmpty && state.lastError == nil
        if finished || !resource.keepsHistory, let last = state.lastRunAt { return UnixMillis(last) }
        if resource.cursorKind == .time, let millis = state.cursor.flatMap({ Int64($0) }) { return UnixMillis(millis) }
        return nil
    }
}
