/// The text `backfill` prints: the dry-run plan and the closing summary.
public enum BackfillReportText {
    /// Calls per tier, pair and interval, with the estimated wall time under the limits.
    public static func plan(_ plan: BackfillPlan) -> String {
        var table = TextTable(
            headers: ["TIER", "PAIR", "INTERVAL", "SINCE (EXCL.)", "API CANDLES"],
            rightAligned: [2, 4])
        for r in plan.requests {
            table.add([r.tier, r.pair, "\(r.interval)", r.since.map(UTCTime.iso) ?? "newest", "\(r.apiCandles)"])
        }
        var text = "Backfill plan (dry run, nothing written): \(plan.requests.count) OHLC request(s)\n"
        if !plan.requests.isEmpty { text += table.render() }
        var byTier: [String: Int] = [:]
        for r in plan.requests { byTier[r.tier, default: 0] += 1 }
        for tier in byTier.keys.sorted() { text += "  \(tier): \(byTier[tier]!) request(s)\n" }
        if !plan.deferred.isEmpty { text += "left for a later run by --max-requests: \(plan.deferred.count)\n" }
        text +=
            "estimated wall time under the rate limits: \(seconds(plan.estimatedSeconds)) "
            + "(plus network time)\n"
        return text
    }

    /// The closing summary.
    public static func summary(_ s: BackfillSummary, jobID: Int64?) -> String {
        var lines: [String] = []
        let job = jobID.map { "job \($0): " } ?? ""
        lines.append(
            "\(job)backfill: \(s.seriesDone)/\(s.planned) series fetched, \(s.candlesWritten) candle(s) "
                + "written, \(s.gapsFilled) gap record(s) FILLED"
                + (s.deferred > 0 ? ", \(s.deferred) series left by --max-requests" : ""))
        let h = s.http
        let reasons = h.retriesByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        lines.append(
            "requests: \(h.requests) (\(h.attempts) attempts, \(h.succeeded) ok, \(h.failed) failed), "
                + "retries \(h.retries)" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))")
                + ", breaker opens \(h.breakerOpens), breaker rejections \(h.breakerRejections)")
        if s.unreachable {
            // One cause for every series: say it once (the command adds the line naming the host).
            lines.append("\(s.failures.count) series not fetched: Kraken could not be reached; their gaps stay "
                + "DETECTED")
        } else {
            for f in s.failures { lines.append("failed \(f.pair)/\(f.interval) (\(f.kind)): \(f.message)") }
        }
        if s.stopped { lines.append("stopped before every request was sent; re-run the same command to continue") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func seconds(_ value: Double) -> String {
        value < 120 ? "\(Int(value.rounded(.up))) s" : "\(Int((value / 60).rounded(.up))) min"
    }
}
