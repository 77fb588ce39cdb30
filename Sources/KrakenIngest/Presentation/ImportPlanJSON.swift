/// `import --dry-run --json`: the plan as JSON, one entry per candle file with what the import would do with it.
///
/// ```swift
/// emit(try CanonicalJSON.pretty(ImportPlanJSON(plan)))
/// ```
public struct ImportPlanJSON: Sendable, Codable, Equatable {
    public struct File: Sendable, Codable, Equatable {
        /// The file, or `archive.zip:member`.
        public var file: String
        public var pair: String
        public var interval: Int
        public var tier: String
        public var bytes: Int64
        /// `import` (new), `retry` (left FAILED or PENDING before), `recheck` (`--recheck`) or `skip` (already
        /// ingested).
        public var action: String
        /// Why it is skipped or retried.
        public var reason: String?
    }

    public var files: [File]
    public var filesToImport: Int
    public var bytesToImport: Int64
    /// Candle files left out by the tier, pair or interval filters.
    public var filteredOut: Int
    /// Paths that are not candle files, with the reason.
    public var skipped: [SkippedPath]
    /// Paths that could not be read, with the reason.
    public var unreadable: [SkippedPath]

    public init(_ plan: ImportPlan) {
        files = plan.entries.map { entry in
            let (action, reason): (String, String?)
            switch entry.state {
            case .new: (action, reason) = ("import", nil)
            case .retry(let status): (action, reason) = ("retry", "left \(status.rawValue) before")
            case .recheck(let status): (action, reason) = ("recheck", "known as \(status.rawValue); --recheck")
            case .alreadyIngested(_, let why): (action, reason) = ("skip", why)
            }
            return File(
                file: entry.candidate.displayName, pair: entry.candidate.pair,
                interval: entry.candidate.interval.minutes, tier: entry.tier, bytes: entry.candidate.size,
                action: action, reason: reason)
        }
        filesToImport = plan.toImport.count
        bytesToImport = plan.bytesToImport
        filteredOut = plan.filteredOut
        skipped = plan.skipped
        unreadable = plan.unreadable
    }
}
