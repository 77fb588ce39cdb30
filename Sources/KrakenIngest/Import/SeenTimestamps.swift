/// The set of candle open times already read from one file, as a bitmap of interval slots from the first one.
///
/// Memory grows with the file's time span (one bit per slot: 13 years of 1-minute candles is under 1 MB), never
/// with its byte size. Times before the first or absurdly far after it go to a small overflow set.
struct SeenTimestamps {
    private static let maxSlots = 64_000_000
    private let step: Int64
    private var base: Int64?
    private var words: [UInt64] = []
    private var overflow: Set<Int64> = []

    init(interval: CandleInterval) { step = interval.seconds }

    /// Inserts `time`; false when it was already there.
    @inline(__always)
    mutating func insert(_ time: Int64) -> Bool {
        guard let base else {
            self.base = time
            words = [1]
            return true
        }
        let offset = (time - base) / step
        guard offset >= 0, offset < Self.maxSlots else { return overflow.insert(time).inserted }
        let slot = Int(offset)
        let word = slot >> 6
        if word >= words.count {
            words.append(contentsOf: repeatElement(0, count: Swift.max(word + 1 - words.count, words.count)))
        }
        let bit: UInt64 = 1 << UInt64(slot & 63)
        if words[word] & bit != 0 { return false }
        words[word] |= bit
        return true
    }
}
