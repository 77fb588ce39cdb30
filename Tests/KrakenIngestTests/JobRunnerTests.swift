import Foundation
import KrakenIngestSamples
import Testing

@testable import KrakenIngest

/// A phase that does what its script says, recording each run with the checkpoint it was handed.
final class ScriptedPhase: JobPhase, @unchecked Sendable {
    let name: String
    var outcomes: [PhaseOutcome]
    var failWith: Error?
    private(set) var runs: [(checkpoint: String?, resumed: Bool)] = []

    init(_ name: String, _ outcomes: [PhaseOutcome] = [.completed]) {
        self.name = name
        self.outcomes = outcomes
    }

    func run(_ context: JobContext) throws -> PhaseOutcome {
        runs.append((context.checkpoint, context.resumed))
        if let failWith {
            self.failWith = nil
            throw failWith
        }
        let outcome = outcomes.count > 1 ? outcomes.removeFirst() : outcomes[0]
        try context.session.transaction { try context.markUnitDone("\(name)-unit-\(runs.count)", in: $0) }
        return outcome
    }
}

struct Boom: Error {}

@Suite("Job runner", .blocking)
struct JobRunnerTests {
    func session() throws -> (ImportHarness, any WriterSession) {
        let h = try ImportHarness(clock: ManualClock(seconds: 1_704_067_200))
        return (h, try h.store.openWriterSession())
    }

    @Test("phases run in order; the job ends COMPLETED with no phase left")
    func phasesInOrder() throws {
        let (h, session) = try session()
        defer { session.close() }
        let a = ScriptedPhase("import")
        let b = ScriptedPhase("detect")
        let c = ScriptedPhase("report")
        let run = try JobRunner(session: session).run(JobSpec(kind: "run", options: "{}", phases: [a, b, c]))
        #expect(run.status == .completed)
        #expect(!run.resumed)
        #expect([a.runs.count, b.runs.count, c.runs.count] == [Int](repeating: 1, count: 3))
        let job = try #require(try h.read { try $0.job(run.jobID) })
        #expect(job.phases == ["import", "detect", "report"])
        #expect(job.phase == nil && job.checkpoint == nil)
        #expect(job.finishedAt == 1_704_067_200, "stamped by the injected clock")
    }

    @Test("a paused job resumes at the phase and unit where it stopped; earlier phases do not run again")
    func resumeAtPhase() throws {
        let (h, session) = try session()
        defer { session.close() }
        let a = ScriptedPhase("import")
        let b = ScriptedPhase("detect", [.stopped, .completed])
        let c = ScriptedPhase("report")
        let spec = JobSpec(kind: "run", options: "{\"x\":1}", phases: [a, b, c])
        let first = try JobRunner(session: session).run(spec)
        #expect(first.status == .paused)
        #expect(first.stoppedIn == "detect")
        #expect(c.runs.isEmpty)
        let paused = try #require(try h.read { try $0.job(first.jobID) })
        #expect(paused.status == .paused && paused.phase == "detect" && paused.checkpoint == "detect-unit-1")
        #expect(paused.error?.contains("resume with --resume \(first.jobID)") == true)

        let second = try JobRunner(session: session).run(spec)
        #expect(second.jobID == first.jobID)
        #expect(second.resumed)
        #expect(second.status == .completed)
        #expect(a.runs.count == 1, "the finished phase is not run again")
        #expect(b.runs.map(\.checkpoint) == [nil, "detect-unit-1"], "the phase gets its checkpoint back")
        #expect(c.runs.count == 1 && c.runs[0].checkpoint == nil)
    }

    @Test("a phase that throws fails the job; running again starts over at the first phase")
    func failureRestarts() throws {
        let (h, session) = try session()
        defer { session.close() }
        let a = ScriptedPhase("import")
        let b = ScriptedPhase("detect")
        b.failWith = Boom()
        let spec = JobSpec(kind: "run", options: "{}", phases: [a, b])
        #expect(throws: Boom.self) { try JobRunner(session: session).run(spec) }
        let failed = try #require(try h.read { try $0.jobs(limit: 1).first })
        #expect(failed.status == .failed)
        let again = try JobRunner(session: session).run(spec)
        #expect(again.jobID == failed.id && again.status == .completed)
        #expect(a.runs.count == 2 && b.runs.count == 2)
    }

    @Test("a phase with failed units lets later phases run and ends the job FAILED; a COMPLETED job is not resumed")
    func failedUnits() throws {
        let (_, session) = try session()
        defer { session.close() }
        let a = ScriptedPhase("import", [.completedWithFailures("2 file(s) failed")])
        let b = ScriptedPhase("detect")
        let run = try JobRunner(session: session).run(JobSpec(kind: "run", options: "{}", phases: [a, b]))
        #expect(run.status == .failed && run.failures == ["2 file(s) failed"])
        #expect(b.runs.count == 1)
        let done = try JobRunner(session: session).run(
            JobSpec(kind: "run", options: "{}", phases: [ScriptedPhase("x")]))
        #expect(throws: KrakenIngestError.usage("job \(done.jobID) is already COMPLETED; nothing to resume")) {
            try JobRunner(session: session).run(
                JobSpec(
                    kind: "run", options: "{}", phases: [ScriptedPhase("x")],
                    resumeJobID: done.jobID))
        }
    }

    @Test("one session runs a composed job: import, then gap detection, without contending with itself")
    func composedJobInOneProcess() throws {
        let h = try ImportHarness()
        let paths = try SampleArchives.write(to: h.dir.file("sample"))
        let session = try h.store.openWriterSession()
        defer { session.close() }
        let catalog = try TierCatalog(jsonData: Data(TierCatalog.defaultJSON.utf8), origin: "test")
        let importPhase = ImportPhase(options: ImportOptions(paths: paths), tiers: catalog)
        let detect = GapDetectionPhase(
            analyzer: CompletenessAnalyzer(
                classifier: GapClassifier(now: sampleNow),
                tiers: catalog), scope: AnalysisScope())
        let run = try JobRunner(session: session).run(
            JobSpec(kind: "run", options: "{}", phases: [importPhase, detect]))
        #expect(run.status == .completed)
        #expect(importPhase.summary.value?.filesImported == 35)
        #expect(detect.result.value?.reconciliation?.inserted == 21)
        #expect(try h.probe().int("SELECT COUNT(*) FROM gaps") == 21)
        #expect(
            try h.probe().strings("SELECT kind || ':' || status || ':' || phases FROM jobs")
                == ["run:COMPLETED:import,detect"])
    }
}
