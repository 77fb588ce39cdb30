/// Text for the gaps command: gaps, no-trade counts, the archive chain and what to download.
public enum GapReportText {
    public static func text(_ result: GapDetectionPhase.Result) -> String {
        var out = "Gaps as of \(UTCTime.iso(result.generatedAt))\n\n"
        var gaps = TextTable(
            headers: [
                "tier", "pair", "interval", "start (UTC)", "end (UTC, excl.)", "candles", "class",
                "API part", "archive", "member", "trades requests",
            ], rightAligned: [2, 5, 7, 10])
        for s in result.series {
            for g in s.gaps {
                gaps.add([
                    s.tier, s.pair, "\(s.interval)", UTCTime.iso(g.range.start), UTCTime.iso(g.range.end),
                    Humanize.count(g.candles), g.gapClass.rawValue, Humanize.count(g.apiCandles),
                    g.suggestion?.archive ?? "-", g.suggestion?.member ?? "-",
                    g.tradesRequests.map { Humanize.count($0) } ?? "-",
                ])
            }
        }
        out += gaps.rows.isEmpty ? "No gaps.\n" : gaps.render()
        out += evidenceLines(result.series)
        let byClass = Dictionary(grouping: result.series.flatMap(\.gaps), by: \.gapClass)
        out += "\n" + GapClass.allCases.map { "\(byClass[$0]?.count ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        if let r = result.reconciliation {
            out += "; records: \(r.inserted) new, \(r.updated) updated, \(r.unchanged) unchanged, \(r.filled) filled\n"
        } else {
            out += "; records not updated (--start/--end limit the window)\n"
        }

        out += "\nNo-trade intervals (Kraken omits candles without trades; not missing data)\n"
        var noTrade = TextTable(
            headers: ["tier", "pair", "interval", "no-trade slots", "longest run", "covered slots"],
            rightAligned: [2, 3, 4, 5])
        for s in result.series where s.noTrade > 0 {
            noTrade.add([
                s.tier, s.pair, "\(s.interval)", Humanize.count(s.noTrade), Humanize.count(s.longestNoTrade),
                Humanize.count(s.present + s.noTrade),
            ])
        }
        out += noTrade.rows.isEmpty ? "None.\n" : noTrade.render()
        out +=
            "\nArchive chain\n" + ReportFormat.chainLines(result.chain).map { "  " + $0 }.joined(separator: "\n") + "\n"
        out += ReportFormat.archivesToFetch(result.archivesToFetch, listMembers: true)
        return out
    }

    /// One line per gap that looked like no-trade time until another interval of the pair showed trades in it.
    static func evidenceLines(_ series: [SeriesCompleteness]) -> String {
        var lines: [String] = []
        for s in series {
            for g in s.gaps {
                guard let evidence = g.evidence else { continue }
                lines.append(
                    "  \(s.pair) \(s.interval) \(UTCTime.iso(g.range.start)) to \(UTCTime.iso(g.range.end)): "
                        + "not quiet, \(evidence)")
            }
        }
        guard !lines.isEmpty else { return "" }
        return "\nGaps that looked like no-trade time (another interval of the pair shows trades there)\n"
            + lines.joined(separator: "\n") + "\n"
    }
}
