/// One cell of a series' no-trade strip: a stretch of its tier's time axis, the covered slots in it and how many of
/// them hold no candle (no trades happened then).
public struct QuietCell: Sendable, Codable, Equatable {
    public var start: Int64
    public var end: Int64
    /// Covered slots in the cell.
    public var slots: Int64
    /// Of `slots`, those without a candle.
    public var quiet: Int64

    /// The cell's quiet share, 0…1.
    public var share: Double { slots > 0 ? Double(quiet) / Double(slots) : 0 }
}

/// Where a series' no-trade slots lie: its tier's time axis cut into `cellCount` equal cells, each counted from the
/// candles (one range count per cell of each covered range, on the primary key). Only covered ranges with
/// no-trade slots are counted, so the cost follows the candles of quiet series, not the whole store.
///
/// ```swift
/// let cells = try QuietProfile.cells(for: series, axis: axis, in: reader)
/// cells.filter { $0.quiet > 0 }   // the stretches where the pair was quiet
/// ```
enum QuietProfile {
    /// Cells across the axis: 8 pixels each on the report's 960-pixel timelines.
    static let cellCount = 120

    /// The cells of `series` with covered slots, in time order; empty when it has no no-trade slot.
    static func cells(
        for series: SeriesCompleteness, axis: TimeRange, in reader: any StoreReader
    ) throws -> [QuietCell] {
        let step = Int64(series.interval) * 60
        let quietRanges = series.covered.filter { $0.noTradeSlots(stepSeconds: step) > 0 }
        guard !quietRanges.isEmpty, axis.end > axis.start, let interval = CandleInterval(minutes: series.interval),
            let pairID = try reader.pairID(series.pair)
        else { return [] }
        let key = SeriesKey(pairID: pairID, interval: interval)
        var slots = [Int64](repeating: 0, count: cellCount)
        var quiet = [Int64](repeating: 0, count: cellCount)
        for covered in quietRanges {
            // The slots of the covered range whose open time falls in each cell it reaches.
            var cells: [(index: Int, slots: TimeRange)] = []
            for index in cellIndex(of: covered.range.start, on: axis)...cellIndex(of: covered.range.end - 1, on: axis) {
                let cell = cellRange(index, of: axis)
                let first = alignedUp(max(cell.start, covered.range.start), from: covered.range.start, step: step)
                let end = alignedUp(min(cell.end, covered.range.end), from: covered.range.start, step: step)
                if end > first { cells.append((index, TimeRange(start: first, end: end))) }
            }
            let candles = try reader.candleCounts(key, openTimes: cells.map(\.slots))
            for (cell, count) in zip(cells, candles) {
                let covered = (cell.slots.end - cell.slots.start) / step
                slots[cell.index] += covered
                quiet[cell.index] += max(0, covered - count)
            }
        }
        return (0..<cellCount).compactMap { index in
            guard slots[index] > 0 else { return nil }
            let cell = cellRange(index, of: axis)
            return QuietCell(start: cell.start, end: cell.end, slots: slots[index], quiet: quiet[index])
        }
    }

    /// The cell holding `time`, clamped to the axis.
    static func cellIndex(of time: Int64, on axis: TimeRange) -> Int {
        let length = axis.end - axis.start
        return Int(min(max((time - axis.start) * Int64(cellCount) / length, 0), Int64(cellCount - 1)))
    }

    /// Cell `index` of `cellCount` equal cells over `axis`: from the first time numbered `index` to the first
    /// numbered `index + 1`.
    static func cellRange(_ index: Int, of axis: TimeRange) -> TimeRange {
        let length = axis.end - axis.start
        // The first t with (t − start) · cellCount / length ≥ i, in integers.
        func edge(_ i: Int) -> Int64 { axis.start + (length * Int64(i) + Int64(cellCount) - 1) / Int64(cellCount) }
        return TimeRange(start: edge(index), end: index + 1 >= cellCount ? axis.end : edge(index + 1))
    }

    /// The first time at or after `time` on the grid of `step` from `origin`.
    private static func alignedUp(_ time: Int64, from origin: Int64, step: Int64) -> Int64 {
        let offset = time - origin
        return origin + (offset + step - 1) / step * step
    }
}

extension CompletenessReport {
    /// The report with every series' no-trade cells counted on its tier's time axis (for the HTML strip).
    public func withQuietProfiles(in reader: any StoreReader) throws -> CompletenessReport {
        var copy = self
        for t in copy.tiers.indices {
            guard let axis = TimeAxis(covering: copy.tiers[t].intervals.flatMap(\.series)) else { continue }
            for i in copy.tiers[t].intervals.indices {
                for s in copy.tiers[t].intervals[i].series.indices {
                    let series = copy.tiers[t].intervals[i].series[s]
                    copy.tiers[t].intervals[i].series[s].quietCells = try QuietProfile.cells(
                        for: series, axis: axis.span, in: reader)
                }
            }
        }
        return copy
    }
}

/// The shades of the no-trade strip: a cell's quiet share mapped to one of four opacities, and neighbouring cells
/// of one shade joined into a run (drawn as one element).
enum QuietShade {
    struct Run: Equatable {
        var start: Int64
        var end: Int64
        var slots: Int64
        var quiet: Int64
        var opacity: Double
        var share: Double { slots > 0 ? Double(quiet) / Double(slots) : 0 }
    }

    /// 0.25, 0.5, 0.75 or 1: a share of 3% is already dark (no-trade slots are rare in liquid pairs).
    static func opacity(share: Double) -> Double { (min(1, 0.25 + share * 8) * 4).rounded(.up) / 4 }

    /// The runs of quiet cells (cells without a quiet slot are left out and end a run).
    static func runs(_ cells: [QuietCell]) -> [Run] {
        var runs: [Run] = []
        for cell in cells where cell.quiet > 0 {
            let shade = opacity(share: cell.share)
            if var last = runs.last, last.end == cell.start, last.opacity == shade {
                last.end = cell.end
                last.slots += cell.slots
                last.quiet += cell.quiet
                runs[runs.count - 1] = last
            } else {
                runs.append(Run(start: cell.start, end: cell.end, slots: cell.slots, quiet: cell.quiet, opacity: shade))
            }
        }
        return runs
    }
}
