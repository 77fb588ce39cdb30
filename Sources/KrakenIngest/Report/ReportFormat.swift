import Foundation

/// Shared number and time formatting of the report writers.
enum ReportFormat {
    static func percent(_ value: Double) -> String { fixed(value, digits: 2) + "%" }

    /// `value` with `digits` (0…4) decimals, rounded half away from zero: `fixed(-0.5, digits: 2)` is `-0.50`.
    /// Built by hand because `String(format:)` is slow on Linux and reports format hundreds of thousands of numbers.
    static func fixed(_ value: Double, digits: Int) -> String {
        let scale: UInt64 = [1, 10, 100, 1000, 10000][max(0, min(digits, 4))]
        // Saturating: a share built from hostile counts may be huge (or not finite) and must print, not trap.
        let scaled = Int64(saturating: (value * Double(scale)).rounded())
        let magnitude = scaled.magnitude
        let sign = scaled < 0 ? "-" : ""
        guard scale > 1 else { return sign + String(magnitude) }
        var fraction = String(magnitude % scale)
        while fraction.count < digits { fraction = "0" + fraction }
        return "\(sign)\(magnitude / scale).\(fraction)"
    }
    static func time(_ unix: Int64?) -> String { unix.map(UTCTime.iso) ?? "-" }
    static func count(_ n: Int64) -> String { Humanize.count(n) }

    /// The "Archives to fetch" block of the text outputs; `listMembers` names each member instead of counting them.
    static func archivesToFetch(_ archives: [CompletenessReport.ArchiveToFetch], listMembers: Bool) -> String {
        guard !archives.isEmpty else { return "" }
        return "\nArchives to fetch\n"
            + archives.map { a in
                let members = listMembers ? a.members.joined(separator: ", ") : "\(a.members.count) member(s)"
                let gaps =
                    listMembers
                    ? " (\(a.gaps) gap(s), \(count(a.candles)) candles)"
                    : " for \(a.gaps) gap(s), \(count(a.candles)) candles"
                return "  \(a.archive): \(members)\(gaps)\n"
            }.joined()
    }

    /// `2026-11-21` for file names.
    static func day(_ unix: Int64) -> String { String(UTCTime.iso(unix).prefix(10)) }

    /// Column headers of a per-series table.
    static let seriesHeaders = [
        "pair", "expected", "present", "no-trade", "longest no-trade", "gap API", "gap trades",
        "gap archive", "coverage", "first candle", "last candle", "last update",
    ]

    static func seriesCells(_ s: SeriesCompleteness) -> [String] {
        [
            s.pair, count(s.expected), count(s.present), count(s.noTrade), count(s.longestNoTrade),
            count(s.apiGapCandles),
            count(s.tradesGapCandles), count(s.archiveGapCandles), percent(s.coveragePercent), time(s.firstCandle),
            time(s.lastCandle), time(s.lastUpdate),
        ]
    }

    static func summaryLine(_ label: String, _ t: CompletenessReport.Totals) -> String {
        "\(label): \(t.series) series, \(t.complete) complete, median coverage \(percent(t.medianCoverage)), "
            + "\(percent(t.coveragePercent)) of all candles covered; \(count(t.present)) candles present, "
            + "\(count(t.noTrade)) no-trade; gap candles: \(count(t.apiGapCandles)) API, "
            + "\(count(t.tradesGapCandles)) trades, "
            + "\(count(t.archiveGapCandles)) archive"
    }

    static func chainLines(_ chain: ArchiveChain) -> [String] {
        var lines: [String] = []
        if let complete = chain.complete {
            lines.append(
                "complete archive: \(complete.name), data to \(time(complete.lastCandle)), ingested "
                    + "\(time(complete.ingestedAt))"
            )
        } else {
            lines.append("complete archive: none ingested")
        }
        let quarterlies = chain.quarterlies.map { q in
            q.name + (q.afterComplete == false ? " (ingested before the complete archive)" : "")
        }
        lines.append(
            "quarterly updates ingested: " + (quarterlies.isEmpty ? "none" : quarterlies.joined(separator: ", ")))
        lines.append(
            "missing quarterly updates: " + (chain.missing.isEmpty ? "none" : chain.missing.joined(separator: ", ")))
        return lines
    }
}
