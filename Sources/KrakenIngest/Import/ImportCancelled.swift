import Foundation

/// Thrown inside an import when Ctrl-C or SIGTERM asked it to stop; the file in flight is rolled back.
public struct ImportCancelled: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted" }
}

/// A stop request shared between a signal handler and the import loop (checked once per chunk).
public final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }
}
