import Foundation

/// Runs a job: its ordered phases, each checkpointed, inside the process's one writer session.
///
/// A new run of a kind and options finds the unfinished job with the same options and continues it; `resume`
/// names one. A paused job continues at the phase (and the unit) where it stopped; a failed one starts over at its
/// first phase, whose units already done are skipped by their own records (the ledger, gap records, cursors).
///
/// ```swift
/// let session = try store.openWriterSession()
/// defer { session.close() }
/// let run = try JobRunner(session: session, stop: stop).run(
///     JobSpec(kind: "run", options: json, phases: [importPhase, GapDetectionPhase(...)]))
/// ```
public final class JobRunner {
    public let session: any WriterSession
    public let stop: StopRequest
    public let clock: any WallClock

    public init(session: any WriterSession, stop: StopRequest = StopRequest(), clock: (any WallClock)? = nil) {
        self.session = session
        self.stop = stop
        self.clock = clock ?? session.store.clock
    }

    /// Runs `spec`, creating its job or continuing the unfinished one. Returns how it ended; throws (after marking
    /// the job FAILED) when a phase throws.
    public func run(_ spec: JobSpec, onStart: (JobRecord, Bool) -> Void = { _, _ in }) throws -> JobRun {
        let (job, resumed) = try session.transaction { tx -> (JobRecord, Bool) in
            if let id = spec.resumeJobID {
                guard let job = try tx.job(id) else {
                    throw KrakenIngestError.usage(
                        "no job \(id) in \(session.store.location); `kraken-ingest jobs` lists them")
                }
                guard job.kind == spec.kind else {
                    throw KrakenIngestError.usage("job \(id) is a \(job.kind) job, not \(spec.kind)")
                }
                guard job.status != .completed else {
                    throw KrakenIngestError.usage("job \(id) is already COMPLETED; nothing to resume")
                }
                try tx.markJobRunning(id, pid: getpid())
                return (job, true)
            }
            if let existing = try tx.resumableJob(kind: spec.kind, options: spec.options) {
                try tx.markJobRunning(existing.id, pid: getpid())
                return (existing, true)
            }
            let id = try tx.createJob(kind: spec.kind, options: spec.options, phases: spec.phases.map(\.name))
            try tx.markJobRunning(id, pid: getpid())
            return (try tx.job(id)!, false)
        }
        onStart(job, resumed)
        let context = JobContext(session: session, jobID: job.id, stop: stop, clock: clock, resumed: resumed)
        let names = spec.phases.map(\.name)
        var first = 0
        if job.status == .paused || job.status == .running || job.status == .pending, let phase = job.phase,
            let index = names.firstIndex(of: phase)
        {
            first = index
            context.checkpoint = job.checkpoint
        }
        var failures: [String] = []
        for (index, phase) in spec.phases.enumerated() where index >= first {
            if index > first { context.checkpoint = nil }
            context.phase = phase.name
            try session.transaction { try $0.setJobPhase(job.id, phase: phase.name, checkpoint: context.checkpoint) }
            var outcome: PhaseOutcome
            do {
                outcome = try phase.run(context)
            } catch is JobAborted {
                outcome = .stopped
            } catch KrakenIngestError.writeFailed(let message) {
                // Nothing of the failed unit was kept: the job pauses, to be resumed once there is room (if even
                // this small write fails, the job shows as stale and resumes the same way).
                let hint = spec.resumeHint(job.id)
                try? session.transaction {
                    try $0.finishJob(job.id, status: .paused, error: "paused in \(phase.name): \(message)")
                }
                throw KrakenIngestError.writeFailed("\(message). Job \(job.id) is paused: make room, then \(hint)")
            } catch {
                let message = error is KrakenIngestError ? "\(error)" : "\(phase.name): \(error)"
                try? session.transaction { try $0.finishJob(job.id, status: .failed, error: message) }
                throw error
            }
            switch outcome {
            case .completed:
                continue
            case .completedWithFailures(let message):
                failures.append(message)
            case .stopped:
                let hint = spec.resumeHint(job.id)
                try session.transaction {
                    try $0.finishJob(job.id, status: .paused, error: "paused in \(phase.name); \(hint)")
                }
                return JobRun(
                    jobID: job.id, status: .paused, resumed: resumed, stoppedIn: phase.name, failures: failures)
            }
        }
        let status: JobStatus = failures.isEmpty ? .completed : .failed
        try session.transaction { tx in
            try tx.setJobPhase(job.id, phase: nil, checkpoint: nil)
            try tx.finishJob(job.id, status: status, error: failures.isEmpty ? nil : failures.joined(separator: "; "))
        }
        return JobRun(jobID: job.id, status: status, resumed: resumed, stoppedIn: nil, failures: failures)
    }
}

/// What to run: a job kind, its canonical options (a re-run with the same options continues the same job), and
/// its phases in order.
public struct JobSpec {
    public var kind: String
    public var options: String
    public var phases: [any JobPhase]
    /// Continue this job instead of finding one by kind and options.
    public var resumeJobID: Int64?
    /// The sentence that tells a user how to continue a paused job.
    public var resumeHint: (Int64) -> String

    public init(
        kind: String, options: String, phases: [any JobPhase], resumeJobID: Int64? = nil,
        resumeHint: @escaping (Int64) -> String = { "resume with --resume \($0) or re-run the same command" }
    ) {
        self.kind = kind
        self.options = options
        self.phases = phases
        self.resumeJobID = resumeJobID
        self.resumeHint = resumeHint
    }
}

/// How a job run ended.
public struct JobRun: Sendable, Equatable {
    public var jobID: Int64
    public var status: JobStatus
    public var resumed: Bool
    /// The phase it paused in, when it paused.
    public var stoppedIn: String?
    /// Messages of phases that completed with failures.
    public var failures: [String]
}
