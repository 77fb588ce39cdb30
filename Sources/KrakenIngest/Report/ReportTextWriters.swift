import Foundation

/// The report as terminal tables, Markdown and CSV.
public enum ReportTextWriters {
    /// Per tier, one table per interval with a row per pair, and a tier summary line. `colour` adds ANSI colours
    /// (for a terminal): coverage green at 100%, yellow from 99%, red below; gap figures red when non-zero.
    public static func table(_ report: CompletenessReport, colour: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var out = "Completeness report (\(report.scope)) as of \(UTCTime.iso(report.generatedAt))\n"
        if report.tiers.isEmpty { out += "\nNothing to report: no coverage stored for this selection.\n" }
        for tier in report.tiers {
            out += "\n" + paint("== \(tier.tier) ==", "1") + "\n"
            for section in tier.intervals {
                out += "\n\(section.interval)-minute candles\n"
                var table = TextTable(headers: ReportFormat.seriesHeaders, rightAligned: Set(1...8))
                section.series.forEach { table.add(ReportFormat.seriesCells($0)) }
                out += table.render { row, column, text in
                    let s = section.series[row]
                    switch column {
                    case 8: return paint(text, s.coveragePercent >= 100 ? "32" : s.coveragePercent >= 99 ? "33" : "31")
                    case 5...7 where text.trimmingCharacters(in: .whitespaces) != "0": return paint(text, "31")
                    default: return text
                    }
                }
            }
            out += "\n" + paint(ReportFormat.summaryLine(tier.tier, tier.summary), "1") + "\n"
        }
        out += "\n" + ReportFormat.summaryLine("ALL SELECTED", report.total) + "\n"
        out +=
            "\nArchive chain\n" + ReportFormat.chainLines(report.chain).map { "  " + $0 }.joined(separator: "\n") + "\n"
        out += ReportFormat.archivesToFetch(report.archivesToFetch, listMembers: false)
        return out
    }

    public static func markdown(_ report: CompletenessReport) -> String {
        func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        var out =
            "# Completeness report: \(report.scope)\n\nAs of \(UTCTime.iso(report.generatedAt)). "
            + "No-trade slots (Kraken omits candles without trades) count as covered, never as missing.\n"
        for tier in report.tiers {
            out += "\n## \(tier.tier)\n"
            for section in tier.intervals {
                out += "\n### \(section.interval)-minute candles\n\n"
                out += row(ReportFormat.seriesHeaders) + "\n"
                out +=
                    row(ReportFormat.seriesHeaders.enumerated().map { i, _ in (1...8).contains(i) ? "---:" : "---" })
                    + "\n"
                for s in section.series { out += row(ReportFormat.seriesCells(s)) + "\n" }
            }
            out += "\n**" + ReportFormat.summaryLine(tier.tier, tier.summary) + "**\n"
        }
        out += "\n**" + ReportFormat.summaryLine("All selected", report.total) + "**\n"
        out +=
            "\n## Archive chain\n\n" + ReportFormat.chainLines(report.chain).map { "- " + $0 }.joined(separator: "\n")
            + "\n"
        out += "\n## Archives to fetch\n\n"
        if report.archivesToFetch.isEmpty {
            out += "None.\n"
        } else {
            out += row(["archive", "members", "gaps", "candles"]) + "\n" + row(["---", "---", "---:", "---:"]) + "\n"
            for a in report.archivesToFetch {
                out +=
                    row([a.archive, a.members.joined(separator: ", "), "\(a.gaps)", ReportFormat.count(a.candles)])
                    + "\n"
            }
        }
        out += "\n## Download list\n\n"
        if report.downloads.isEmpty {
            out += "None.\n"
        } else {
            out += row(["pair", "interval", "start", "end", "candles", "class", "archive", "member", "note"]) + "\n"
            out += row(["---", "---:", "---", "---", "---:", "---", "---", "---", "---"]) + "\n"
            for d in report.downloads {
                out +=
                    row([
                        d.pair, "\(d.interval)", UTCTime.iso(d.start), UTCTime.iso(d.end),
                        ReportFormat.count(d.candles),
                        d.gapClass.rawValue, d.archive, d.member, d.note,
                    ]) + "\n"
            }
        }
        return out
    }

    /// One row per series.
    public static func csv(_ report: CompletenessReport) -> String {
        var out =
            "tier,pair,interval_minutes,expected,present,no_trade,longest_no_trade,gap_api,gap_trades,gap_archive,"
            + "coverage_percent,first_candle_utc,last_candle_utc,last_update_utc\n"
        for tier in report.tiers {
            for section in tier.intervals {
                for s in section.series {
                    out +=
                        [
                            CSVField.escape(tier.tier), CSVField.escape(s.pair), "\(s.interval)", "\(s.expected)",
                            "\(s.present)", "\(s.noTrade)",
                            "\(s.longestNoTrade)", "\(s.apiGapCandles)", "\(s.tradesGapCandles)",
                            "\(s.archiveGapCandles)",
                            ReportFormat.fixed(s.coveragePercent, digits: 4), s.firstCandle.map(UTCTime.iso) ?? "",
                            s.lastCandle.map(UTCTime.iso) ?? "", s.lastUpdate.map(UTCTime.iso) ?? "",
                        ].joined(separator: ",") + "\n"
                }
            }
        }
        return out
    }

    /// The whole report as pretty, key-sorted JSON (times as ISO-8601 UTC strings).
    public static func json(_ report: CompletenessReport) -> String { ReportJSONWriter.json(report) }

}
