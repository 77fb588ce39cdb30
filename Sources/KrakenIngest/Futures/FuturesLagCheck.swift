/// Judges how far a history resource lags behind now against how far back Kraken keeps the endpoint's data, and
/// against the REST API's decommissioning on 1 March 2027, for `futures state`.
///
/// Retention: the user's `--retention-days` if given, else the declaration's `retentionDays`, else
/// `assumedRetentionDays`. Kraken publishes no figure for any history endpoint (see the catalog), so today the
/// assumption applies unless the user says otherwise. The lag counts as near the retention from `nearShare` of it.
///
/// ```swift
/// let check = FuturesLagCheck()                                   // 90 days assumed
/// check.warnings(for: .executions, lagSeconds: 70 * 86_400, now: clock.now())
/// // [.nearRetention(…), .decommissioning(daysLeft: 87)]
/// ```
public struct FuturesLagCheck: Sendable, Equatable {
    /// Kraken's announced decommissioning of the Futures REST API: 2027-03-01T00:00:00Z.
    public static let decommissioning = UnixMillis(seconds: 1_803_859_200)
    /// The retention assumed when neither the declaration nor the user gives one. Deliberately short: Kraken's
    /// spec promises "all" history but no figure, and a warning that comes early costs one sync, while one that
    /// comes late costs data. With `nearShare` it warns after about 67 days without a complete sync.
    public static let assumedRetentionDays = 90
    /// The share of the retention from which the lag counts as near it (a quarter of the window left).
    public static let nearShare = 0.75

    /// The user's retention in days (`--retention-days`), for every history resource; nil to use the declared
    /// or assumed one.
    public var retentionOverride: Int?

    public init(retentionOverride: Int? = nil) { self.retentionOverride = retentionOverride }

    /// The retention that applies to `resource` and where it comes from; nil for snapshots.
    public func retention(for resource: FuturesResource) -> FuturesRetention? {
        guard resource.keepsHistory else { return nil }
        if let days = retentionOverride { return FuturesRetention(days: days, source: .option) }
        if let days = resource.retentionDays { return FuturesRetention(days: days, source: .declared) }
        return FuturesRetention(days: Self.assumedRetentionDays, source: .assumed)
    }

    /// What to warn about for `resource`, lagging `lagSeconds` behind `now` (nil: never synced completely).
    /// Snapshots get nothing. History gets a retention warning when the lag is near or beyond the retention, and
    /// the decommissioning warning whenever the lag is not zero.
    public func warnings(for resource: FuturesResource, lagSeconds: Int64?, now: UnixMillis) -> [FuturesLagWarning] {
        guard let retention = retention(for: resource) else { return [] }
        var warnings: [FuturesLagWarning] = []
        if let lag = lagSeconds {
            let window = Int64(retention.days) * 86_400
            let through = UnixMillis(now.value - lag * 1000)
            if lag >= window {
                warnings.append(.beyondRetention(lagSeconds: lag, retention: retention, syncedThrough: through))
            } else if Double(lag) >= Double(window) * Self.nearShare {
                warnings.append(.nearRetention(lagSeconds: lag, retention: retention, syncedThrough: through))
            }
        }
        if lagSeconds.map({ $0 > 0 }) ?? true {
            let left = Self.decommissioning.value - now.value
            warnings.append(
                left > 0 ? .decommissioning(daysLeft: Int((left + 86_399_999) / 86_400_000)) : .decommissioned)
        }
        return warnings
    }
}

/// How far back an endpoint's data is taken to reach, and on whose word.
public struct FuturesRetention: Sendable, Equatable, Codable {
    public enum Source: String, Sendable, Codable {
        /// Declared with the resource, from a published figure.
        case declared
        /// Given by the user (`--retention-days`).
        case option
        /// `FuturesLagCheck.assumedRetentionDays`: no figure is published.
        case assumed
    }

    public var days: Int
    public var source: Source

    public init(days: Int, source: Source) {
        self.days = days
        self.source = source
    }

    /// `the 90-day retention (assumed: Kraken publishes none; set --retention-days)`.
    var phrase: String {
        switch source {
        case .declared: return "the \(days)-day retention Kraken publishes"
        case .option: return "the \(days)-day retention given with --retention-days"
        case .assumed: return "the \(days)-day retention assumed (Kraken publishes none; set --retention-days)"
        }
    }
}

/// A warning of `futures state` about a resource's lag.
public enum FuturesLagWarning: Sendable, Equatable, CustomStringConvertible {
    /// The lag has reached `FuturesLagCheck.nearShare` of the retention: what is not synced yet (everything after
    /// `syncedThrough`) starts to be dropped at `syncedThrough` + retention.
    case nearRetention(lagSeconds: Int64, retention: FuturesRetention, syncedThrough: UnixMillis)
    /// The lag exceeds the retention: entries between `syncedThrough` and now − retention may already be gone.
    case beyondRetention(lagSeconds: Int64, retention: FuturesRetention, syncedThrough: UnixMillis)
    /// The REST API is decommissioned on 1 March 2027, `daysLeft` days from now.
    case decommissioning(daysLeft: Int)
    /// 1 March 2027 has passed.
    case decommissioned

    public var description: String {
        switch self {
        case .nearRetention(let lag, let retention, let through):
            let dropped = through.adding(seconds: Double(retention.days) * 86_400)
            return "lag \(Self.days(lag)) is near \(retention.phrase): entries after \(through.iso) are not synced "
                + "yet and may be dropped from \(dropped.iso) on; run `kraken-ingest futures sync` soon"
        case .beyondRetention(let lag, let retention, let through):
            let edge = through.adding(seconds: Double(lag) - Double(retention.days) * 86_400)
            return "lag \(Self.days(lag)) exceeds \(retention.phrase): entries between \(through.iso) and "
                + "\(edge.iso) may already be gone; run `kraken-ingest futures sync` now"
        case .decommissioning(let left):
            return "Kraken decommissions the Futures REST API on 1 March 2027 (\(left) days left): history not "
                + "synced by then may not be retrievable; run `kraken-ingest futures sync` before then"
        case .decommissioned:
            return "Kraken decommissioned the Futures REST API on 1 March 2027: history not synced before that "
                + "may not be retrievable through the API"
        }
    }

    /// `70.5 days`, `1.0 day`.
    static func days(_ seconds: Int64) -> String {
        let tenths = (seconds * 10) / 86_400
        let text = "\(tenths / 10).\(tenths % 10)"
        return text == "1.0" ? "1.0 day" : "\(text) days"
    }
}
