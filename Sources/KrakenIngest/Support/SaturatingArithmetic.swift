extension Int64 {
    /// `self + other`, held at `Int64.max`/`Int64.min` instead of trapping: sums of values read from files (trade
    /// counts, say) must never crash the tool.
    @inline(__always)
    public func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// `value` rounded toward zero and held within `Int64.min...Int64.max`; NaN becomes 0. `Int64(value)` traps
    /// on a double out of range, and estimates built from file values (trades per candle × candles) can be.
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 0x1p63 {
            self = .max
        } else if value <= -0x1p63 {
            self = .min
        } else {
            self = Int64(value)
        }
    }
}
