/// The time axis the timelines of one tier share: its span and the ticks to draw, at year, quarter or month
/// boundaries, whichever gives at most `maxTicks` (so every bar of a tier is read against the same dates).
///
/// ```swift
/// let axis = TimeAxis(span: TimeRange(start: 1_704_067_200, end: 1_735_689_600))   // 2024
/// axis.ticks.map(\.label)   // ["2024", "Q2", "Q3", "Q4", "2025"]
/// axis.x(1_719_792_000, width: 960)   // where 2024-07-01 falls on a 960-wide bar
/// ```
struct TimeAxis: Sendable, Equatable {
    struct Tick: Sendable, Equatable {
        var time: Int64
        var label: String
    }

    var span: TimeRange
    var ticks: [Tick]

    static let maxTicks = 14

    init(span: TimeRange) {
        self.span = span
        ticks = Self.ticks(for: span)
    }

    /// The axis over every window of `series` (nil when none has one).
    init?(covering series: [SeriesCompleteness]) {
        let windows = series.compactMap(\.window).filter { $0.end > $0.start }
        guard let start = windows.map(\.start).min(), let end = windows.map(\.end).max() else { return nil }
        self.init(span: TimeRange(start: start, end: end))
    }

    /// The horizontal position of `time` on a bar `width` wide.
    func x(_ time: Int64, width: Double) -> Double {
        let length = Double(span.end - span.start)
        return length > 0 ? Double(time - span.start) / length * width : 0
    }

    private static func ticks(for span: TimeRange) -> [Tick] {
        // Months between ticks: years, quarters, months; the coarsest that gives at least two ticks.
        for step in [12, 3, 1] {
            let ticks = monthTicks(span, every: step)
            if ticks.count <= maxTicks && (ticks.count >= 2 || step == 1) { return ticks }
        }
        // Decades of data: every few years.
        let years = max(1, (Int(span.end - span.start) / 31_556_952) / maxTicks + 1)
        return monthTicks(span, every: 12 * years)
    }

    /// Ticks at the first of every `step`-th month (counted from January) inside `span`. A label names the year
    /// at the first tick and at each new year, and only the quarter or month in between.
    private static func monthTicks(_ span: TimeRange, every step: Int) -> [Tick] {
        let first = CivilDate.from(span.start)
        var year = first.year
        var month = ((first.month - 1) / step) * step + 1
        var ticks: [Tick] = []
        while ticks.count <= maxTicks * 4 {
            let time = CivilDate.toUnix(year: year, month: month, day: 1)
            if time > span.end { break }
            if time >= span.start {
                let newYear = ticks.isEmpty || month == 1
                let mm = month < 10 ? "0\(month)" : "\(month)"
                switch step {
                case 1: ticks.append(Tick(time: time, label: newYear ? "\(year)-\(mm)" : mm))
                case 3:
                    let quarter = "Q\((month - 1) / 3 + 1)"
                    let label = month == 1 ? "\(year)" : newYear ? "\(year) \(quarter)" : quarter
                    ticks.append(Tick(time: time, label: label))
                default: ticks.append(Tick(time: time, label: "\(year)"))
                }
            }
            month += step
            while month > 12 {
                month -= 12
                year += 1
            }
        }
        return ticks
    }
}
