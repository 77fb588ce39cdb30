/// What one run did to one resource, printed after each run (and as JSON with `--json`).
public struct FuturesResourceSummary: Sendable, Codable, Equatable {
    /// How the resource's run ended.
    public enum Status: String, Sendable, Codable {
        /// Caught up (no further page).
        case completed
        /// A stop was requested between pages; the next run continues from the committed cursor.
        case stopped
        /// Retries ran out or the response was unusable; the cursor stays at the last committed page.
        case failed
        /// The key lacks the permission: nothing fetched, the others went on.
        case permissionDenied = "permission_denied"
        /// Not reached (the run stopped or was refused before).
        case notRun = "not_run"
    }

    public var resource: String
    public var status: Status
    /// Records stored or updated this run.
    public var rows: Int
    /// Of `rows`, the ones that were new.
    public var newRows: Int
    public var pages: Int
    public var durationSeconds: Double
    public var cursorBefore: String?
    public var cursorAfter: String?
    public var retries: Int
    /// Items skipped (no usable time, or not objects).
    public var skipped: Int
    public var warnings: [String]
    public var error: String?

    public init(
        resource: String, status: Status = .notRun, rows: Int = 0, newRows: Int = 0, pages: Int = 0,
        durationSeconds: Double = 0, cursorBefore: String? = nil, cursorAfter: String? = nil,
        retries: Int = 0, skipped: Int = 0, warnings: [String] = [], error: String? = nil
    ) {
        self.resource = resource
        self.status = status
        self.rows = rows
        self.newRows = newRows
        self.pages = pages
        self.durationSeconds = durationSeconds
        self.cursorBefore = cursorBefore
        self.cursorAfter = cursorAfter
        self.retries = retries
        self.skipped = skipped
        self.warnings = warnings
        self.error = error
    }
}

/// What a whole sync run did.
public struct FuturesSyncReport: Sendable, Codable, Equatable {
    public var resources: [FuturesResourceSummary]
    /// True when a stop request ended the run between pages.
    public var stopped: Bool
    /// The sync job's id (`id` in JSON, as `jobs --json` names it).
    public var jobID: Int64?

    enum CodingKeys: String, CodingKey {
        case jobID = "id"
        case resources, stopped
    }

    public init(resources: [FuturesResourceSummary] = [], stopped: Bool = false) {
        self.resources = resources
        self.stopped = stopped
    }

    /// Resources that failed or were refused a permission.
    public var failures: [FuturesResourceSummary] {
        resources.filter { $0.status == .failed || $0.status == .permissionDenied }
    }
}
