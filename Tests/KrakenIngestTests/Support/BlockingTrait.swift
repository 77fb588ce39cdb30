import Foundation
import Testing

/// `.blocking`: at most one test of the marked suites runs at a time. Their tests are synchronous and hold a thread
/// of Swift's cooperative pool while they wait for the built binary or a long import; the pool has as many threads
/// as cores (two here), and when every thread waits so, the in-process HTTP imitations of the other suites stall
/// past their timeouts. Waiting for the gate suspends instead of blocking, so a pool thread stays free.
struct OneBlockingTestAtATime: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? { testCase == nil ? nil : self }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        await BlockingGate.shared.acquire()
        defer { BlockingGate.shared.release() }
        try await function()
    }
}

extension Trait where Self == OneBlockingTestAtATime {
    /// At most one test of the suites marked so runs at a time (see `OneBlockingTestAtATime`).
    static var blocking: Self { Self() }
}

/// A gate one holder passes at a time; waiters suspend, in arrival order.
final class BlockingGate: @unchecked Sendable {
    static let shared = BlockingGate()
    private let lock = NSLock()
    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if held {
                waiters.append(continuation)
                lock.unlock()
            } else {
                held = true
                lock.unlock()
                continuation.resume()
            }
        }
    }

    func release() {
        lock.lock()
        if waiters.isEmpty {
            held = false
            lock.unlock()
        } else {
            let next = waiters.removeFirst()
            lock.unlock()
            next.resume()
        }
    }
}
