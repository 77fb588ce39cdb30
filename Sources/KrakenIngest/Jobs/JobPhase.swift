/// One step of a job (import, detect, backfill, report). A phase works in units (files, pages, requests), commits
/// each unit in its own transaction, checks `context.stop` between units, and can record the last finished unit
/// as its checkpoint, so a resumed job continues at the phase and unit where it stopped.
public protocol JobPhase {
    /// The phase's name, stored with the job (`import`, `detect`, …).
    var name: String { get }
    /// Runs the phase, or what is left of it after a pause (`context.checkpoint` says where it stopped).
    func run(_ context: JobContext) throws -> PhaseOutcome
}

/// How a phase ended.
public enum PhaseOutcome: Sendable, Equatable {
    /// Every unit is done.
    case completed
    /// Every unit was tried; some failed (the message says which). Later phases still run; the job ends FAILED.
    case completedWithFailures(String)
    /// A stop was requested; the phase stopped between units. The job pauses here.
    case stopped
}

/// What a phase gets from the runner: the writer session, its job, the stop request and the clock.
public final class JobContext {
    public let session: any WriterSession
    public let jobID: Int64
    public let stop: StopRequest
    public let clock: any WallClock
    /// True when the job existed before this run (paused, stale or failed).
    public let resumed: Bool
    /// The phase now running.
    public internal(set) var phase: String = ""
    /// The last unit this phase finished before the job paused; nil when the phase starts afresh.
    public internal(set) var checkpoint: String?

    init(session: any WriterSession, jobID: Int64, stop: StopRequest, clock: any WallClock, resumed: Bool) {
        self.session = session
        self.jobID = jobID
        self.stop = stop
        self.clock = clock
        self.resumed = resumed
    }

    /// Records `unit` as this phase's last finished unit, in the transaction that stored the unit's data.
    public func markUnitDone(_ unit: String, in tx: any StoreTransaction) throws {
        try tx.setJobPhase(jobID, phase: phase, checkpoint: unit)
        checkpoint = unit
    }
}
