/// `run --json`: what the job did, phase by phase, in the names every `--json` output uses (the job is `id`, as in
/// `jobs --json`; the import and backfill parts are those commands' own summaries).
///
/// ```swift
/// emit(try CanonicalJSON.pretty(RunSummaryJSON(run: run, imported: summary, backfill: nil, report: report,
///                                               files: paths)))
/// ```
public struct RunSummaryJSON: Encodable {
    public var id: Int64
    /// The job's status: `COMPLETED`, `FAILED` or `PAUSED`.
    public var status: String
    /// The phase it paused in, when it paused.
    public var stoppedIn: String?
    /// The import phase's summary; nil when no path was given.
    public var `import`: ImportSummary?
    /// The backfill phase's summary; nil when skipped (`--no-api-backfill`) or not reached.
    public var backfill: BackfillSummary?
    public var backfillSkipped: Bool
    /// The report's overall totals (the whole report is `report --format json`).
    public var total: CompletenessReport.Totals?
    /// The report files and the download list written.
    public var files: [String]

    public init(
        run: JobRun, imported: ImportSummary?, backfill: BackfillSummary?, backfillSkipped: Bool,
        report: CompletenessReport?, files: [String]
    ) {
        id = run.jobID
        status = run.status.rawValue
        stoppedIn = run.stoppedIn
        self.import = imported
        self.backfill = backfill
        self.backfillSkipped = backfillSkipped
        total = report?.total
        self.files = files
    }
}

/// `run --dry-run --json`: the files to import, the API requests with their time, and the archives still needed
/// (as the store is now; the import may close some gaps).
public struct RunPlanJSON: Encodable {
    /// Nil when no path was given.
    public var `import`: ImportPlanJSON?
    /// Nil with `--no-api-backfill`.
    public var backfill: BackfillPlan?
    public var archivesToFetch: [CompletenessReport.ArchiveToFetch]

    public init(
        import plan: ImportPlanJSON?, backfill: BackfillPlan?, archivesToFetch: [CompletenessReport.ArchiveToFetch]
    ) {
        self.import = plan
        self.backfill = backfill
        self.archivesToFetch = archivesToFetch
    }
}
