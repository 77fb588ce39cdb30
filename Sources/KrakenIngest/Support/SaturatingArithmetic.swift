extension Int64 {
    /// `self + other`, held at `Int64.max`/`Int64.min` instead of trapping: sums of values read from files (trade
    /// counts, say) must never crash the tool.
    @inline(__always)
    public func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}
