import Foundation

/// Hands fetched pages from the concurrent fetchers to the one thread that writes them: `pop` blocks until an
/// item arrives or the producer finished.
final class PageQueue<Item: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item] = []
    private var finished = false

    func push(_ item: Item) {
        condition.lock()
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, nil once the producer finished and everything was taken.
    func pop() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        return items.isEmpty ? nil : items.removeFirst()
    }
}

/// Runs async work from synchronous job code (phases are synchronous; the HTTP layer is async) and waits for it.
/// The caller's thread blocks, so call it from a thread of its own (the CLI's main thread, a test's `Thread`).
enum AsyncBridge {
    static func wait<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        let queue = PageQueue<Result<T, any Error>>()
        Task.detached {
            do { queue.push(.success(try await operation())) } catch { queue.push(.failure(error)) }
            queue.finish()
        }
        return try queue.pop()!.get()
    }
}
