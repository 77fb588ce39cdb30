import Foundation

/// The one source of "now" and of waiting. Everything that reads the time or sleeps takes a clock, so tests of
/// schedules, backoff and stale detection run on a `ManualClock` and never sleep for real.
///
/// ```swift
/// let clock = ManualClock(now: UnixMillis(seconds: 1_704_067_200))
/// try await clock.sleep(seconds: 900)     // returns at once
/// clock.nowSeconds                        // 1_704_068_100
/// ```
public protocol WallClock: Sendable {
    /// The current time.
    func now() -> UnixMillis
    /// Waits `seconds` (a manual clock advances its time instead). Throws `CancellationError` when cancelled.
    func sleep(seconds: Double) async throws
}

extension WallClock {
    /// The current time in unix seconds.
    public var nowSeconds: Int64 { now().seconds }

    /// Seconds elapsed since `start` on this clock.
    public func secondsSince(_ start: UnixMillis) -> Double { Double(now().value - start.value) / 1000 }
}

/// The machine's clock.
public struct SystemClock: WallClock {
    public init() {}

    public func now() -> UnixMillis { UnixMillis(Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))) }

    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
    }
}

/// A clock that only moves when told to: `sleep` advances it at once and records the wait.
public final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: UnixMillis
    private var recorded: [Double] = []

    public init(now: UnixMillis) { current = now }

    public convenience init(seconds: Int64) { self.init(now: UnixMillis(seconds: seconds)) }

    public func now() -> UnixMillis { lock.withLock { current } }

    public func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        lock.withLock {
            recorded.append(seconds)
            current = current.adding(seconds: max(0, seconds))
        }
    }

    /// Moves the clock forward without recording a sleep.
    public func advance(seconds: Double) { lock.withLock { current = current.adding(seconds: seconds) } }

    /// Sets the time.
    public func set(_ time: UnixMillis) { lock.withLock { current = time } }

    /// Every wait asked of this clock, in order.
    public var sleeps: [Double] { lock.withLock { recorded } }
}
