import Foundation

/// A request to stop a job, shared between the signal handlers and the running phase.
///
/// `requestStop()` (the first Ctrl-C or SIGTERM) lets the phase finish the unit in hand — a file, a page, a
/// request — and then pause the job. `abort()` stops inside the unit: the unit's transaction rolls back.
public final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var stopRequested = false
    private var aborted = false

    public init() {}

    /// Asks the job to pause after the current unit.
    public func requestStop() { lock.withLock { stopRequested = true } }

    /// Asks the job to stop inside the current unit (its transaction rolls back).
    public func abort() {
        lock.withLock {
            stopRequested = true
            aborted = true
        }
    }

    /// True once a stop was asked for: phases check it between units.
    public var isStopRequested: Bool { lock.withLock { stopRequested } }

    /// True once an abort was asked for: long units check it inside.
    public var isAborted: Bool { lock.withLock { aborted } }

    /// Throws `JobAborted` when an abort was asked for.
    public func checkAborted() throws {
        if isAborted { throw JobAborted() }
    }
}

/// Thrown inside a unit when the job was aborted; the unit's transaction rolls back.
public struct JobAborted: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "aborted" }
}
