import Foundation

/// The futures sync as a job phase (`sync`), so it runs in the job runner under the writer lock, is listed by
/// `kraken-ingest jobs`, and pauses between pages on a stop request.
///
/// ```swift
/// let phase = FuturesSyncPhase(engine: engine)
/// let run = try JobRunner(session: session, stop: stop).run(
///     JobSpec(kind: FuturesSyncPhase.kind, options: "{}", phases: [phase]))
/// phase.report.value     // the per-resource summary
/// ```
///
/// `run` blocks its (non-async) caller while the engine runs on a detached task: call it from a plain thread
/// (the CLI's main thread), not from inside Swift concurrency's cooperative pool.
public struct FuturesSyncPhase: JobPhase {
    /// The job kind of a futures sync.
    public static let kind = "futures-sync"

    public let name = "sync"
    public let engine: FuturesSyncEngine
    /// When true, a failed or refused resource makes the phase (and the job) fail.
    public let strict: Bool
    /// The run's report, once the phase has run.
    public let report = Box<FuturesSyncReport>()

    public init(engine: FuturesSyncEngine, strict: Bool = false) {
        self.engine = engine
        self.strict = strict
    }

    public func run(_ context: JobContext) throws -> PhaseOutcome {
        let shared = UncheckedSendable((engine, context))
        let result = try BlockingTask.run {
            let (engine, context) = shared.value
            return UncheckedSendable(
                try await engine.run(session: context.session, stop: context.stop) { tx, unit in
                    try context.markUnitDone(unit, in: tx)
                })
        }.value
        report.value = result
        if result.stopped { return .stopped }
        let failures = result.failures
        if strict, !failures.isEmpty {
            let names = failures.map { "\($0.resource) (\($0.status.rawValue))" }.joined(separator: ", ")
            return .completedWithFailures("futures sync: \(names)")
        }
        return .completed
    }
}

/// A value moved across a concurrency boundary by a caller that guarantees it is used by one thread at a time.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Runs async work from synchronous code by blocking the calling thread until it finishes.
enum BlockingTask {
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let semaphore = DispatchSemaphore(value: 0)
        let result = LockedResult<T>()
        Task.detached {
            do { result.set(.success(try await body())) } catch { result.set(.failure(error)) }
            semaphore.signal()
        }
        semaphore.wait()
        return try result.get()
    }
}

private final class LockedResult<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<T, any Error>?

    func set(_ new: Result<T, any Error>) { lock.withLock { value = new } }
    func get() throws -> T { try lock.withLock { value! }.get() }
}
