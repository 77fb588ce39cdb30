import Foundation

/// Runs a cycle again and again on a `RunSchedule`: the first cycle at once, every later one at the next clock
/// boundary (:00, :15, :30, :45 for 15 minutes). Cycles never overlap: a cycle that runs past one or more
/// boundaries makes them missed, and a warning line says how many and when the next cycle starts. A stop request
/// (the first Ctrl-C or SIGTERM) is honoured while waiting at once, and after the cycle in hand otherwise.
/// `poll` and `futures sync --every` share it; time and sleep come from the injected clock, so tests never wait.
///
/// ```swift
/// let scheduler = CycleScheduler(schedule: try RunSchedule.parse("15m"), clock: SystemClock(), stop: stop,
///                                log: { print($0) })
/// let summary = try scheduler.run { cycle in try pollOnce(at: cycle.boundary); return true }
/// ```
public struct CycleScheduler: Sendable {
    /// One cycle about to run.
    public struct Cycle: Sendable, Equatable {
        /// 1 for the first cycle.
        public var number: Int
        /// The boundary the cycle belongs to (for the first cycle, the time it started).
        public var boundary: UnixMillis
    }

    /// What the schedule did.
    public struct Summary: Sendable, Equatable {
        /// Cycles run.
        public var cycles = 0
        /// Boundaries that passed while a cycle was running (or the process was suspended).
        public var missed = 0
        /// True when a stop request ended the schedule.
        public var stopped = false
    }

    public let schedule: RunSchedule
    public let clock: any WallClock
    public let stop: StopRequest
    public let log: @Sendable (String) -> Void
    /// The longest single sleep between looks at `stop` while waiting for a boundary.
    public var checkEvery: Double

    public init(
        schedule: RunSchedule, clock: any WallClock, stop: StopRequest, checkEvery: Double = 0.25,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.schedule = schedule
        self.clock = clock
        self.stop = stop
        self.checkEvery = checkEvery
        self.log = log
    }

    /// Runs `cycle` until a stop is requested or `cycle` returns false (a cycle that throws ends the schedule).
    public func run(_ cycle: (Cycle) throws -> Bool) throws -> Summary {
        var summary = Summary()
        var due = clock.now()
        var number = 0
        while true {
            if number > 0 { log("next cycle at \(due.isoSeconds)") }
            waitUntil(due)
            if stop.isStopRequested {
                summary.stopped = true
                return summary
            }
            var boundary = due
            let late = missedBoundaries(from: due, to: clock.now())
            if number > 0, late > 0 {
                boundary = UnixMillis(due.value + Int64(late) * period)
                summary.missed += late
                log(
                    "warning: woke \(late) cycle(s) late (the machine was busy or asleep); "
                        + "running the \(boundary.isoSeconds) cycle")
            }
            number += 1
            let keepGoing = try cycle(Cycle(number: number, boundary: boundary))
            summary.cycles += 1
            if !keepGoing || stop.isStopRequested {
                summary.stopped = stop.isStopRequested
                return summary
            }
            let end = clock.now()
            let missed = missedBoundaries(from: boundary, to: end)
            due = schedule.next(after: end)
            if missed > 0 {
                summary.missed += missed
                let took = Double(end.value - boundary.value) / 1000
                log(
                    "warning: cycle \(number) took \(String(format: "%.0f", took)) s and ran past \(missed) "
                        + "boundar\(missed == 1 ? "y" : "ies"); \(missed) cycle(s) missed")
            }
        }
    }

    private var period: Int64 { schedule.seconds * 1_000 }

    /// Boundaries `b` with `from < b <= to`.
    func missedBoundaries(from: UnixMillis, to: UnixMillis) -> Int {
        guard to.value > from.value else { return 0 }
        func floor(_ t: Int64) -> Int64 { t >= 0 ? t / period : (t - period + 1) / period }
        return Int(floor(to.value) - floor(from.value))
    }

    /// Sleeps until `due` in slices of at most `checkEvery`, returning early once a stop is requested.
    private func waitUntil(_ due: UnixMillis) {
        while !stop.isStopRequested {
            let remaining = Double(due.value - clock.now().value) / 1000
            guard remaining > 0 else { return }
            let slice = min(remaining, checkEvery)
            _ = try? AsyncBridge.wait { [clock] in try await clock.sleep(seconds: slice) }
        }
    }
}
