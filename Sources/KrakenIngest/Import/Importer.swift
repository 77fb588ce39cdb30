import Foundation

/// Runs import jobs: one job of one `import` phase, in the process's writer session.
///
/// ```swift
/// let summary = try Importer(store: store, tiers: catalog).run(ImportOptions(paths: ["Fixtures/sample"]))
/// ```
public final class Importer {
    public let tiers: TierCatalog
    public let stop: StopRequest
    /// The hint a paused job stores and prints: how to continue it (the CLI adds `--db` when it was given).
    public var resumeHint: (Int64) -> String = {
        "resume with `kraken-ingest import --resume \($0)` or re-run the same command"
    }
    private let target: Target
    private let onEvent: (ImportEvent) -> Void

    private enum Target {
        /// Open (and close) a writer session for each run.
        case store(any KrakenStore)
        /// Run in a session someone else opened and will close.
        case session(any WriterSession)
    }

    /// An importer that takes the store's writer lock for each run.
    public init(
        store: any KrakenStore, tiers: TierCatalog, stop: StopRequest = StopRequest(),
        onEvent: @escaping (ImportEvent) -> Void = { _ in }
    ) {
        target = .store(store)
        self.tiers = tiers
        self.stop = stop
        self.onEvent = onEvent
    }

    /// An importer that runs in `session` (a composed job hands its session down).
    public init(
        session: any WriterSession, tiers: TierCatalog, stop: StopRequest = StopRequest(),
        onEvent: @escaping (ImportEvent) -> Void = { _ in }
    ) {
        target = .session(session)
        self.tiers = tiers
        self.stop = stop
        self.onEvent = onEvent
    }

    /// Runs a new import with `options`, or continues the unfinished job with the same options when one exists.
    /// Paths without a candle file, or a `--pairs` filter no file matches, end it before any job is recorded
    /// (see `ImportPreflight`).
    public func run(_ options: ImportOptions) throws -> ImportSummary {
        try run(options, scan: ImportPreflight(tiers: tiers).check(options))
    }

    /// Runs `options` whose paths `ImportPreflight` has already checked and scanned into `scan`.
    public func run(_ options: ImportOptions, scan: ArchiveScanner.Result) throws -> ImportSummary {
        try execute(options: options, resume: nil, scan: scan)
    }

    /// Continues job `jobID` with the options it was started with.
    public func resume(jobID: Int64) throws -> ImportSummary {
        try execute(options: nil, resume: jobID, scan: nil)
    }

    private func execute(
        options: ImportOptions?, resume: Int64?, scan: ArchiveScanner.Result?
    ) throws -> ImportSummary {
        let session: any WriterSession
        switch target {
        case .store(let store): session = try store.openWriterSession()
        case .session(let given): session = given
        }
        defer { if case .store = target { session.close() } }
        var resolved = options
        if let resume, let job = try session.read({ try $0.job(resume) }), job.kind == ImportPhase.kind {
            resolved = try ImportOptions.decode(job.options)
        }
        let phase = ImportPhase(
            options: resolved ?? ImportOptions(paths: []), tiers: tiers, scan: scan, onEvent: onEvent)
        let spec = JobSpec(
            kind: ImportPhase.kind, options: (resolved ?? ImportOptions(paths: [])).canonicalJSON(),
            phases: [phase], resumeJobID: resume,
            resumeHint: resumeHint)
        let run = try JobRunner(session: session, stop: stop).run(spec)
        var summary = phase.summary.value ?? ImportSummary.empty(jobID: run.jobID)
        summary.status = run.status
        summary.resumed = run.resumed
        return summary
    }
}
