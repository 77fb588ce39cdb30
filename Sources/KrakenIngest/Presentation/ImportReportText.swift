import Foundation

/// Text for the import command: the dry-run plan, the closing summary, coverage and job listings.
public enum ImportReportText {
    /// The plan grouped by tier, pair and interval, with byte counts and what is already ingested.
    public static func plan(_ plan: ImportPlan) -> String {
        var table = TextTable(
            headers: ["tier", "pair", "interval", "files", "bytes", "to import", "already ingested"],
            rightAligned: [2, 3, 4, 5, 6])
        let groups = Dictionary(grouping: plan.entries) {
            "\($0.tier)|\($0.candidate.pair)|\($0.candidate.interval.minutes)"
        }
        let keys = groups.keys.sorted { a, b in
            let (x, y) = (groups[a]![0], groups[b]![0])
            return (x.tier, x.candidate.pair, x.candidate.interval.minutes) < (
                y.tier, y.candidate.pair, y.candidate.interval.minutes
            )
        }
        for key in keys {
            let entries = groups[key]!
            let first = entries[0]
            let bytes = entries.reduce(Int64(0)) { $0 + $1.candidate.size }
            let todo = entries.filter(\.needsImport).count
            table.add([
                first.tier, first.candidate.pair, "\(first.candidate.interval.minutes)", "\(entries.count)",
                Humanize.bytes(bytes), "\(todo)", "\(entries.count - todo)",
            ])
        }
        var out = "Import plan (dry run, nothing written)\n\n" + table.render()
        out +=
            "\n\(plan.entries.count) candle file(s), \(plan.toImport.count) to import "
                + "(\(Humanize.bytes(plan.bytesToImport))), "
            + "\(plan.entries.count - plan.toImport.count) already ingested, \(plan.filteredOut) left out by filters\n"
        out += skipped(plan.skipped)
        return out
    }

    /// The list of paths that are not candle files.
    public static func skipped(_ skipped: [SkippedPath]) -> String {
        guard !skipped.isEmpty else { return "" }
        var out = "\nSkipped \(skipped.count) path(s) that are not candle files:\n"
        for item in skipped.prefix(50) { out += "  \(item.path): \(item.reason)\n" }
        if skipped.count > 50 { out += "  … and \(skipped.count - 50) more\n" }
        return out
    }

    /// The closing summary of a run; `resumeArguments` (such as ` --db PATH`) go into the resume command shown.
    public static func summary(_ s: ImportSummary, resumeArguments: String = "") -> String {
        var out = "Import job \(s.jobID) \(s.status.rawValue)\(s.resumed ? " (resumed)" : "")\n"
        out +=
            "  files: \(s.filesImported) imported, \(s.filesSkipped) skipped (already ingested), "
            + "\(s.filesDuplicate) duplicate, \(s.filesFailed) failed, of \(s.filesPlanned)\n"
        out += rows(s.rowCounts)
        out +=
            "  \(Humanize.bytes(s.bytesRead)) in \(String(format: "%.2f", s.durationSeconds)) s, "
            + "\(Humanize.count(Int64(s.rowsPerSecond))) rows/s\n"
        for failure in s.failures { out += "  FAILED \(failure.message ?? failure.file)\n" }
        for path in s.unreadable { out += "  CANNOT READ \(path.path): \(path.reason)\n" }
        if s.status == .paused {
            out +=
                "  Paused: resume with `kraken-ingest import --resume \(s.jobID)\(resumeArguments)` "
                + "or re-run the same command.\n"
        }
        return out
    }

    /// The row counters of a run, each with what it counts; the same numbers as the job's and the ledger's.
    static func rows(_ c: FileRowCounts) -> String {
        let n = Humanize.count
        return "  rows: \(n(c.read)) read = \(n(c.written)) written + \(n(c.duplicate)) duplicate + "
            + "\(n(c.outranked)) outranked + \(n(c.rejected)) rejected + \(n(c.discarded)) discarded\n"
            + "    (read: every data row of the files read, failed and duplicate files too; written: inserted or "
            + "changed;\n    duplicate: already stored with the same values, or repeated in its file; outranked: "
            + "the stored\n    candle takes precedence; discarded: valid rows of failed files, of which nothing "
            + "is stored)\n"
    }

    /// Coverage ranges per pair and interval.
    public static func coverage(_ series: [SeriesCoverage], tiers: TierCatalog) -> String {
        guard !series.isEmpty else { return "No coverage stored yet: import some archives first.\n" }
        var table = TextTable(
            headers: ["tier", "pair", "interval", "start (UTC)", "end (UTC, excl.)", "source", "candles", "slots"],
            rightAligned: [2, 6, 7])
        for s in series.sorted(by: {
            (tiers.tier(of: $0.pair), $0.pair, $0.interval) < (tiers.tier(of: $1.pair), $1.pair, $1.interval)
        }) {
            for r in s.ranges {
                let slots = r.slots(stepSeconds: s.interval.seconds)
                table.add([
                    tiers.tier(of: s.pair), s.pair, "\(s.interval.minutes)", UTCTime.iso(r.range.start),
                    UTCTime.iso(r.range.end), r.source.word, Humanize.count(r.rows), Humanize.count(slots),
                ])
            }
        }
        return table.render()
    }

    /// The jobs table.
    public static func jobs(_ jobs: [JobRecord]) -> String {
        guard !jobs.isEmpty else { return "No jobs yet.\n" }
        var table = TextTable(
            headers: [
                "id", "kind", "status", "phase", "files done", "skipped", "failed", "rows read",
                "written", "duplicate", "outranked", "rejected", "discarded", "updated (UTC)", "note",
            ],
            rightAligned: [0, 4, 5, 6, 7, 8, 9, 10, 11, 12])
        for j in jobs {
            // The phases a job has, with the one it is in (or stopped in) marked: `import > [detect] > report`.
            let phases = j.phases.map { $0 == j.phase ? "[\($0)]" : $0 }.joined(separator: " > ")
            table.add([
                "\(j.id)", j.kind, j.status.rawValue, phases, "\(j.filesDone)/\(j.filesTotal)",
                "\(j.filesSkipped)", "\(j.filesFailed)", Humanize.count(j.rowsRead), Humanize.count(j.rowsWritten),
                Humanize.count(j.rowsDuplicate), Humanize.count(j.rowsOutranked), Humanize.count(j.rowsRejected),
                Humanize.count(j.rowsDiscarded), UTCTime.iso(j.updatedAt), j.error ?? "",
            ])
        }
        return table.render()
    }
}
