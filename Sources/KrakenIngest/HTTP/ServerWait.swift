/// A wait the server asked for.
public enum ServerWait: Sendable, Equatable {
    /// Wait this many seconds (`Retry-After`, `rate-limit-reset`).
    case seconds(Double)
    /// Wait until this unix time (spot `EService: Throttled: <unix time>`).
    case until(unixSeconds: Int64)

    /// The wait in seconds as of `now`, never negative.
    public func seconds(from now: UnixMillis) -> Double {
        switch self {
        case .seconds(let seconds): return max(0, seconds)
        case .until(let unixSeconds): return max(0, Double(unixSeconds * 1000 - now.value) / 1000)
        }
    }
}
