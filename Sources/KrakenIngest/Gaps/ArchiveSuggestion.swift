/// Which Kraken OHLCVT archive (and member) would fill a time range.
///
/// A range inside one finished calendar quarter → that quarter's update, `Kraken_OHLCVT_Q{n}_{YYYY}.zip`; a range
/// across quarters → the complete archive `Kraken_OHLCVT.zip`; a range reaching into the current quarter → that
/// quarter's update, which Kraken publishes after the quarter ends. Intervals 10080 and 21600 are in no archive.
public struct ArchiveSuggestion: Sendable, Equatable, Codable {
    /// `Kraken_OHLCVT_Q3_2024.zip`, `Kraken_OHLCVT.zip`, or nil when no archive carries the interval.
    public var archive: String?
    /// `XBTUSD_60.csv`, or nil with `archive`.
    public var member: String?
    /// Why there is no archive, or when it will be published.
    public var note: String?

    /// The suggestion for candles of `pair` at `interval` in `range`, as of `now` (unix seconds).
    public static func forRange(
        _ range: TimeRange, pair: String, interval: CandleInterval, now: Int64
    ) -> ArchiveSuggestion {
        guard interval.isInArchives else {
            return ArchiveSuggestion(
                archive: nil, member: nil,
                note: "no archive carries \(interval.minutes)-minute candles; API or trades only")
        }
        let member = "\(pair)_\(interval.minutes).csv"
        let first = Quarter(containing: range.start)
        let last = Quarter(containing: range.end - 1)
        let current = Quarter(containing: now)
        if first == last {
            let note =
                first >= current ? "published after \(UTCTime.iso(first.end).prefix(10)) (quarter not finished)" : nil
            return ArchiveSuggestion(archive: first.archiveName, member: member, note: note)
        }
        return ArchiveSuggestion(
            archive: "Kraken_OHLCVT.zip", member: member,
            note: last >= current ? "the newest part is published after \(UTCTime.iso(current.end).prefix(10))" : nil)
    }
}

/// A calendar quarter in UTC.
public struct Quarter: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    /// 1…4.
    public let number: Int

    public init(year: Int, number: Int) {
        self.year = year
        self.number = number
    }

    /// The quarter containing `unixSeconds`.
    public init(containing unixSeconds: Int64) {
        let (year, month, _) = CivilDate.from(unixSeconds)
        self.init(year: year, number: (month - 1) / 3 + 1)
    }

    /// First second of the quarter.
    public var start: Int64 { CivilDate.toUnix(year: year, month: (number - 1) * 3 + 1, day: 1) }
    /// First second after the quarter.
    public var end: Int64 { next.start }
    public var next: Quarter {
        number == 4 ? Quarter(year: year + 1, number: 1) : Quarter(year: year, number: number + 1)
    }
    public var previous: Quarter {
        number == 1 ? Quarter(year: year - 1, number: 4) : Quarter(year: year, number: number - 1)
    }

    /// Kraken's name for the quarter's update archive.
    public var archiveName: String { "Kraken_OHLCVT_Q\(number)_\(year).zip" }

    /// Parses `Kraken_OHLCVT_Q3_2024.zip` (any folder, with or without a ` (1)` copy suffix); nil otherwise.
    public init?(archiveName: String) {
        guard case .quarterly(let quarter) = KrakenArchiveName(path: archiveName) else { return nil }
        self = quarter
    }

    public var description: String { "Q\(number) \(year)" }
    public static func < (a: Quarter, b: Quarter) -> Bool { (a.year, a.number) < (b.year, b.number) }
}
