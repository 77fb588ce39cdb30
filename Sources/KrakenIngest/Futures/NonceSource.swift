import Foundation

/// Nonces for signed Kraken Futures requests: the clock's unix milliseconds followed by a 5-digit counter
/// (`1616492376594` + `00000` → `161649237659400000`), strictly increasing for the life of the process.
///
/// Within the process a lock orders every call: a new millisecond restarts the counter at `00000`; a call in the
/// same millisecond, or after the clock stalled or stepped back, keeps the last millisecond and adds one to the
/// counter. After 99,999 calls in one millisecond the millisecond part moves one ahead of the clock rather than
/// repeating, so even 10,000 calls from many threads at once, or a clock set back by an hour, never repeat or
/// decrease a nonce.
///
/// Across restarts nothing is stored: the next process starts at its clock's millisecond with `00000`, which is
/// above every nonce of the previous process because those began with an earlier millisecond. The limits follow:
/// - a restart within the same millisecond as the last nonce, or after the previous process ran its millisecond
///   part ahead of the clock (over 100,000 nonces in a millisecond, far beyond Kraken's rate limits);
/// - a clock set back between runs (until it catches up, Kraken answers `nonceBelowThreshold`);
/// - two processes signing with the same key at the same time interleave their nonces (use a key per process).
///
/// The 18 digits fit a signed 64-bit integer until the year 2286.
///
/// ```swift
/// let nonces = NonceSource(clock: ManualClock(now: UnixMillis(1_616_492_376_594)))
/// nonces.next()   // "161649237659400000"
/// nonces.next()   // "161649237659400001"
/// ```
public final class NonceSource: @unchecked Sendable {
    private let clock: any WallClock
    private let lock = NSLock()
    private var lastMillis: Int64 = .min
    private var counter: Int64 = 0

    /// The counter's width: nonces are `millis * 100_000 + counter`.
    public static let counterDigits = 5
    static let counterLimit: Int64 = 100_000

    public init(clock: any WallClock = SystemClock()) { self.clock = clock }

    /// The next nonce as the decimal text sent in the `Nonce` header.
    public func next() -> String { String(nextValue()) }

    /// The next nonce as a number.
    public func nextValue() -> Int64 {
        let now = clock.now().value
        return lock.withLock {
            if now > lastMillis {
                lastMillis = now
                counter = 0
            } else {
                counter += 1
                if counter == Self.counterLimit {
                    lastMillis += 1
                    counter = 0
                }
            }
            return lastMillis &* Self.counterLimit &+ counter
        }
    }
}
