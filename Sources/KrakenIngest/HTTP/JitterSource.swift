import Foundation

/// Uniform random numbers in `[0, 1)` for backoff jitter, injected so tests know every wait in advance.
///
/// ```swift
/// let jitter = JitterSource.constant(0.5)   // no jitter at all: factor 1
/// let seeded = JitterSource.seeded(42)       // the same sequence on every run
/// ```
public struct JitterSource: Sendable {
    private let draw: @Sendable () -> Double

    /// A source that calls `draw` for each number; it must return values in `[0, 1)`.
    public init(_ draw: @escaping @Sendable () -> Double) { self.draw = draw }

    /// The next number in `[0, 1)`.
    public func next() -> Double { min(max(draw(), 0), 0.999_999_999) }

    /// The system's random numbers.
    public static var system: JitterSource { JitterSource { Double.random(in: 0..<1) } }

    /// Always `value`.
    public static func constant(_ value: Double) -> JitterSource { JitterSource { value } }

    /// `values` in order, starting over when they run out.
    public static func cycling(_ values: [Double]) -> JitterSource {
        let state = SeededState(seed: 0)
        return JitterSource { values.isEmpty ? 0.5 : values[state.nextIndex(values.count)] }
    }

    /// A deterministic sequence (SplitMix64) from `seed`.
    public static func seeded(_ seed: UInt64) -> JitterSource {
        let state = SeededState(seed: seed)
        return JitterSource { state.nextUnit() }
    }
}

/// The mutable part of the deterministic sources.
private final class SeededState: @unchecked Sendable {
    private let lock = NSLock()
    private var state: UInt64
    private var index = 0

    init(seed: UInt64) { state = seed }

    func nextUnit() -> Double {
        lock.withLock {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) / Double(UInt64(1) << 53)
        }
    }

    func nextIndex(_ count: Int) -> Int {
        lock.withLock {
            defer { index = (index + 1) % count }
            return index % count
        }
    }
}
