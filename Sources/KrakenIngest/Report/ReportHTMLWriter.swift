import Foundation

/// The report as one self-contained HTML page (inline CSS and SVG, no external assets), well-formed XHTML so any
/// XML parser reads it. An overview (pairs × intervals, coloured by coverage, linking to each tier) comes first.
/// Each series gets an SVG timeline: covered ranges in green (with a strip whose darkness shows how dense the
/// no-trade slots are), gaps coloured by class (API blue, trades amber, archive red). All timelines of a tier share
/// one time axis, drawn above each table with year, quarter or month ticks.
public enum ReportHTMLWriter {
    static let width = 960.0
    static let height = 22.0

    public static func html(_ report: CompletenessReport) -> String {
        var body = ""
        body += "<h1>Completeness report: \(escape(report.scope))</h1>\n"
        body +=
            "<p class=\"meta\">As of \(UTCTime.iso(report.generatedAt)). "
                + "\(escape(ReportFormat.summaryLine("All selected", report.total))).</p>\n"
        body += legend()
        body += overview(report)
        for tier in report.tiers {
            let axis = TimeAxis(covering: tier.intervals.flatMap(\.series))
            body += "<section class=\"tier\" id=\"\(anchor(tier.tier))\">\n<h2>\(escape(tier.tier))</h2>\n"
            body += "<p class=\"summary\">\(escape(ReportFormat.summaryLine(tier.tier, tier.summary)))</p>\n"
            for section in tier.intervals {
                body += "<h3>\(section.interval)-minute candles</h3>\n<table>\n<thead><tr>"
                body += ReportFormat.seriesHeaders.map { "<th>\(escape($0))</th>" }.joined()
                body += "</tr>\n"
                if let axis {
                    body +=
                        "<tr class=\"axis-row\"><th colspan=\"\(ReportFormat.seriesHeaders.count)\">"
                        + axisSVG(axis) + "</th></tr>\n"
                }
                body += "</thead>\n<tbody>\n"
                for s in section.series {
                    body +=
                        "<tr>"
                        + ReportFormat.seriesCells(s).enumerated().map { i, cell in
                            let cls =
                                i == 8
                                ? " class=\"\(coverageClass(s.coveragePercent))\""
                                : (i > 0 && i < 8 ? " class=\"num\"" : "")
                            return "<td\(cls)>\(escape(cell))</td>"
                        }.joined() + "</tr>\n"
                    body +=
                        "<tr class=\"timeline-row\"><td "
                            + "colspan=\"\(ReportFormat.seriesHeaders.count)\">\(timeline(s, axis: axis))</td></tr>\n"
                }
                body += "</tbody>\n</table>\n"
            }
            body += "</section>\n"
        }
        body += "<section>\n<h2>Archive chain</h2>\n<ul>\n"
        body += ReportFormat.chainLines(report.chain).map { "<li>\(escape($0))</li>" }.joined(separator: "\n")
        body += "\n</ul>\n<h2>Archives to fetch</h2>\n"
        if report.archivesToFetch.isEmpty {
            body += "<p>None.</p>\n"
        } else {
            body +=
                "<table>\n<thead><tr><th>archive</th><th>members</th><th>gaps</th><th>candles</th></tr></thead>"
                    + "\n<tbody>\n"
            for a in report.archivesToFetch {
                body +=
                    "<tr><td>\(escape(a.archive))</td>"
                    + "<td class=\"wrap\">\(escape(a.members.joined(separator: ", ")))</td>"
                    + "<td class=\"num\">\(ReportFormat.count(Int64(a.gaps)))</td>"
                    + "<td class=\"num\">\(ReportFormat.count(a.candles))</td></tr>\n"
            }
            body += "</tbody>\n</table>\n"
        }
        body += "<h2>Download list</h2>\n"
        if report.downloads.isEmpty {
            body += "<p>None.</p>\n"
        } else {
            body +=
                "<table>\n<thead><tr><th>pair</th><th>interval</th><th>start</th><th>end</th><th>candles</th><th>"
                    + "class</th>"
                + "<th>archive</th><th>member</th><th>note</th></tr></thead>\n<tbody>\n"
            for d in report.downloads {
                body +=
                    "<tr><td>\(escape(d.pair))</td><td class=\"num\">\(d.interval)</td><td>\(UTCTime.iso(d.start))</td>"
                    + "<td>\(UTCTime.iso(d.end))</td><td class=\"num\">\(ReportFormat.count(d.candles))</td>"
                    + "<td>\(d.gapClass.rawValue)</td><td>\(escape(d.archive))</td><td>\(escape(d.member))</td>"
                    + "<td>\(escape(d.note))</td></tr>\n"
            }
            body += "</tbody>\n</table>\n"
        }
        body += "</section>\n"
        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8" />
            <title>kraken-ingest completeness: \(escape(report.scope))</title>
            <style>
            body { font: 14px/1.4 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 24px; color:
            #1d2330; }
            h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; } h3 { font-size: 15px; margin: 18px 0
            6px; }
            .meta, .summary { color: #4a5265; }
            table { border-collapse: collapse; margin-bottom: 8px; }
            th, td { padding: 3px 8px; border-bottom: 1px solid #e3e6ec; text-align: left; white-space: nowrap; }
            th { background: #f3f5f8; font-weight: 600; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            td.full { color: #1b7f3b; font-weight: 600; } td.near { color: #a36a00; font-weight: 600; } td.low {
            color: #b3261e; font-weight: 600; }
            tr.timeline-row td { border-bottom: 1px solid #c9ced8; padding-bottom: 6px; }
            .legend span { display: inline-block; margin-right: 16px; }
            .swatch { display: inline-block; width: 14px; height: 10px; margin-right: 5px; vertical-align: middle; }
            svg.timeline text, svg.axis text { font: 10px sans-serif; fill: #4a5265; }
            td.wrap { white-space: normal; max-width: 560px; }
            tr.axis-row th { background: #fff; padding-top: 2px; padding-bottom: 0; }
            table.overview td { text-align: center; min-width: 64px; }
            table.overview td a { color: inherit; text-decoration: none; }
            td.cov-full { background: #d8f0df; } td.cov-near { background: #fdf0cc; }
            td.cov-low { background: #f8d7d4; }
            td.cov-none { color: #9aa1ad; }
            .note { color: #4a5265; max-width: 960px; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    /// An id for the tier's section (letters, digits, `-` and `_` only).
    static func anchor(_ tier: String) -> String {
        "tier-" + String(tier.unicodeScalars.map { $0.properties.isAlphabetic || ("0"..."9").contains($0)
            || $0 == "-" || $0 == "_" ? Character($0) : "_" })
    }

    /// The overview: one row per tier and pair, one column per interval, each cell the series' coverage coloured
    /// like the tables and linking to the tier's section.
    static func overview(_ report: CompletenessReport) -> String {
        let intervals = Array(Set(report.tiers.flatMap { $0.intervals.map(\.interval) })).sorted()
        guard !intervals.isEmpty else { return "" }
        var html = "<h2>Overview</h2>\n<table class=\"overview\">\n<thead><tr><th>tier</th><th>pair</th>"
        html += intervals.map { "<th>\($0)m</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for tier in report.tiers {
            var byPair: [String: [Int: SeriesCompleteness]] = [:]
            for section in tier.intervals {
                for s in section.series { byPair[s.pair, default: [:]][section.interval] = s }
            }
            let link = anchor(tier.tier)
            for pair in byPair.keys.sorted() {
                html += "<tr><td><a href=\"#\(link)\">\(escape(tier.tier))</a></td><td>\(escape(pair))</td>"
                for interval in intervals {
                    if let s = byPair[pair]?[interval] {
                        html +=
                            "<td class=\"cov-\(coverageClass(s.coveragePercent))\"><a href=\"#\(link)\">"
                            + "\(ReportFormat.percent(s.coveragePercent))</a></td>"
                    } else {
                        html += "<td class=\"cov-none\">–</td>"
                    }
                }
                html += "</tr>\n"
            }
        }
        return html + "</tbody>\n</table>\n"
    }

    /// The shared time axis of a tier: tick marks and labels across the timeline's width.
    static func axisSVG(_ axis: TimeAxis) -> String {
        var parts: [String] = []
        for tick in axis.ticks {
            let x = ReportFormat.fixed(axis.x(tick.time, width: width), digits: 2)
            parts.append("<line x1=\"\(x)\" y1=\"12\" x2=\"\(x)\" y2=\"18\" stroke=\"#8a93a5\" />")
            parts.append("<text x=\"\(x)\" y=\"10\" text-anchor=\"middle\">\(escape(tick.label))</text>")
        }
        return "<svg class=\"axis\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"18\" "
            + "viewBox=\"-20 0 \(Int(width) + 40) 18\">" + parts.joined() + "</svg>"
    }

    static func legend() -> String {
        let items = [
            ("#2e9e5b", "covered"), ("#14532d", "no-trade slots (strip; darker = denser)"),
            ("#2f6fd6", "gap: API-fillable"),
            ("#e0a100", "gap: trades-rebuildable"), ("#c62828", "gap: archive required"),
        ]
        return "<p class=\"legend\">"
            + items.map { colour, label in
                "<span><span class=\"swatch\" style=\"background:\(colour)\"></span>\(label)</span>"
            }.joined() + "</p>\n"
            + "<p class=\"note\">API-fillable candles are closed candles Kraken's REST OHLC endpoint still serves: the "
            + "newest 720 of each interval (none at 720 minutes). <code>kraken-ingest backfill</code> (or "
            + "<code>run</code>) fetches them; the other gaps need the archive named in the download list, or a "
            + "rebuild from trades. Coverage counts present candles and no-trade slots; a series is complete at "
            + "100%.</p>\n"
    }

    /// The SVG timeline of one series on its tier's axis (its own window when no axis is given); the part of the
    /// axis before the series' window is left blank.
    static func timeline(_ s: SeriesCompleteness, axis: TimeAxis? = nil) -> String {
        let id = "\(s.pair)-\(s.interval)"
        guard let window = s.window, window.end > window.start else {
            return
                "<svg class=\"timeline\" data-series=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" "
                    + "width=\"\(Int(width))\" height=\"\(Int(height))\"><text x=\"4\" y=\"14\">no expected "
                    + "window</text></svg>"
        }
        let scale = axis ?? TimeAxis(span: window)
        func x(_ t: Int64) -> Double { scale.x(t, width: width) }
        func rect(_ a: Int64, _ b: Int64, _ colour: String, _ title: String, opacity: Double = 1) -> String {
            let w = max(x(b) - x(a), 0.5)
            let o = opacity < 1 ? " fill-opacity=\"\(ReportFormat.fixed(opacity, digits: 2))\"" : ""
            return
                "<rect x=\"\(ReportFormat.fixed(x(a), digits: 2))\" y=\"2\" "
                    + "width=\"\(ReportFormat.fixed(w, digits: 2))\" height=\"14\" fill=\"\(colour)\"\(o)><title>"
                    + "\(escape(title))</title></rect>"
        }
        let seconds = Int64(s.interval) * 60
        var parts: [String] = []
        for c in s.covered {
            let slots = c.slots(stepSeconds: seconds)
            parts.append(
                rect(
                    c.range.start, c.range.end, "#2e9e5b",
                    "covered \(UTCTime.iso(c.range.start)) – \(UTCTime.iso(c.range.end)) (\(c.source.word), "
                        + "\(c.rows) candles, \(slots - c.rows) no-trade)"
                ))
            if slots > 0 && c.rows < slots && s.quietCells == nil {
                // A strip under the bar, darker where no-trade slots are denser.
                let share = Double(slots - c.rows) / Double(slots)
                let w = max(x(c.range.end) - x(c.range.start), 0.5)
                parts.append(
                    "<rect x=\"\(ReportFormat.fixed(x(c.range.start), digits: 2))\" y=\"17\" "
                        + "width=\"\(ReportFormat.fixed(w, digits: 2))\" height=\"4\" fill=\"#14532d\" "
                        + "fill-opacity=\"\(ReportFormat.fixed(min(1, 0.25 + share * 8), digits: 2))\"><title>"
                        + "no-trade slots: \(slots - c.rows) of \(slots) (\(ReportFormat.percent(share * 100)), "
                        + "longest run \(c.longestNoTrade))</title></rect>"
                )
            }
            // The longest run of no-trade slots, marked on the strip at its place.
            if slots > 0 && c.rows < slots, let runStart = c.longestNoTradeStart, c.longestNoTrade > 0 {
                let runEnd = runStart + c.longestNoTrade * seconds
                parts.append(
                    "<rect x=\"\(ReportFormat.fixed(x(runStart), digits: 2))\" y=\"16\" "
                        + "width=\"\(ReportFormat.fixed(max(x(runEnd) - x(runStart), 1), digits: 2))\" "
                        + "height=\"6\" fill=\"#0b3d1f\"><title>longest no-trade run: \(c.longestNoTrade) "
                        + "slot(s) from \(UTCTime.iso(runStart)) to \(UTCTime.iso(runEnd))</title></rect>")
            }
        }
        // Where the quiet slots are: a strip under the bar, darker where more slots are quiet. Neighbouring cells of
        // the same shade are drawn as one, so an evenly quiet series costs one element, not one per cell.
        for run in QuietShade.runs(s.quietCells ?? []) {
            let left = ReportFormat.fixed(x(run.start), digits: 2)
            let width = ReportFormat.fixed(max(x(run.end) - x(run.start), 0.5), digits: 2)
            let share = ReportFormat.percent(run.share * 100)
            parts.append(
                "<rect class=\"quiet\" x=\"\(left)\" y=\"17\" width=\"\(width)\" height=\"4\" fill=\"#14532d\" "
                    + "fill-opacity=\"\(ReportFormat.fixed(run.opacity, digits: 2))\"><title>no-trade slots "
                    + "\(UTCTime.iso(run.start)) – \(UTCTime.iso(run.end)): \(ReportFormat.count(run.quiet)) of "
                    + "\(ReportFormat.count(run.slots)) covered (\(share))</title></rect>")
        }
        for g in s.gaps {
            let apiFrom = g.apiStart ?? g.range.end
            // Why a stretch that looked quiet is a gap: the candle of another interval with trades there.
            let why = g.evidence.map { "; not quiet: \($0)" } ?? ""
            if apiFrom > g.range.start {
                let colour = g.gapClass == .tradesRebuildable ? "#e0a100" : "#c62828"
                let archive = g.suggestion?.archive.map { ", \($0) \(g.suggestion?.member ?? "")" } ?? ""
                parts.append(
                    rect(
                        g.range.start, apiFrom, colour,
                        "gap \(UTCTime.iso(g.range.start)) – \(UTCTime.iso(apiFrom)) (\(g.nonAPICandles) candles, "
                            + "\(g.gapClass.rawValue)\(archive))\(why)"
                    ))
            }
            if apiFrom < g.range.end {
                parts.append(
                    rect(
                        apiFrom, g.range.end, "#2f6fd6",
                        "gap \(UTCTime.iso(apiFrom)) – \(UTCTime.iso(g.range.end)) (\(g.apiCandles) candles, "
                            + "API-fillable)\(why)"
                    ))
            }
        }
        let ticks = scale.ticks.map { tick in
            let tx = ReportFormat.fixed(x(tick.time), digits: 2)
            return "<line x1=\"\(tx)\" y1=\"0\" x2=\"\(tx)\" y2=\"\(Int(height))\" stroke=\"#ffffff\" />"
        }
        let background = ReportFormat.fixed(x(window.start), digits: 2)
        let backgroundWidth = ReportFormat.fixed(max(x(window.end) - x(window.start), 0.5), digits: 2)
        return
            "<svg class=\"timeline\" data-series=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"-20 0 \(Int(width) + 40) "
                + "\(Int(height))\">"
            + "<rect x=\"\(background)\" y=\"2\" width=\"\(backgroundWidth)\" height=\"14\" fill=\"#eef0f4\" />"
            + parts.joined() + ticks.joined() + "</svg>"
    }

    static func coverageClass(_ percent: Double) -> String { percent >= 100 ? "full" : percent >= 99 ? "near" : "low" }

    /// Escapes markup characters and replaces the control characters XML forbids (all below U+0020 but tab,
    /// line feed and carriage return) with U+FFFD, so names from files and flags can never break the page.
    static func escape(_ text: String) -> String {
        guard
            text.utf8.contains(where: {
                $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || ($0 < 32 && $0 != 9 && $0 != 10 && $0 != 13)
            })
        else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(c)
            default: out.unicodeScalars.append(c.value < 32 ? "\u{FFFD}" : c)
            }
        }
        return out
    }

}
