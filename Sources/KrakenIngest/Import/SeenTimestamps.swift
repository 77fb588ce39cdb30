/// The set of candle open times already read from one file, as a bitmap of interval slots from the first one.
///
/// Memory grows with the file's time span (one bit per slot: 13 years of 1-minute candles is under 1 MB), never
/// with its byte size. Times before the first or absurdly far after it go to a small overflow set.
struct SeenTimestamps {
    private static let maxSlots: Int64 = 64_000_000
    private let step: Int64
    /// Open time of bit 0 of `words[0]`; moves back (by whole words, doubling) when an earlier time arrives, so
    /// files sorted newest-first stay as compact as oldest-first ones.
    private var base: Int64?
    private var words: [UInt64] = []
    private var overflow: Set<Int64> = []

    init(interval: CandleInterval) { step = interval.seconds }

    /// Times kept outside the bitmap (for tests: stays 0 for any file spanning less than 64M slots).
    var overflowCount: Int { overflow.count }
    /// Bytes the bitmap holds.
    var bitmapBytes: Int { words.count * 8 }

    /// Inserts `time`; false when it was already there.
    @inline(__always)
    mutating func insert(_ time: Int64) -> Bool {
        guard let base else {
            self.base = time
            words = [1]
            return true
        }
        var offset = (time - base) / step
        if offset < 0 {
            let missingWords = Int((-offset + 63) / 64)
            let grow = max(missingWords, words.count)
            guard Int64(words.count + grow) * 64 <= Self.maxSlots else { return overflow.insert(time).inserted }
            words.insert(contentsOf: repeatElement(0, count: grow), at: 0)
            self.base = base - Int64(grow) * 64 * step
            offset += Int64(grow) * 64
        }
        guard offset < Self.maxSlots else { return overflow.insert(time).inserted }
        let slot = Int(offset)
        let word = slot >> 6
        if word >= words.count {
            words.append(contentsOf: repeatElement(0, count: max(word + 1 - words.count, words.count)))
        }
        let bit: UInt64 = 1 << UInt64(slot & 63)
        if words[word] & bit != 0 { return false }
        words[word] |= bit
        return true
    }
}
