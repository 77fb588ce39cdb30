/// The spans Kraken's own archives vouch for, per series.
///
/// Kraken omits candles without trades, so inside the period an archive covers, a pair's missing candle means no
/// trades happened, even before the member's first or after its last candle. Without this, a quiet pair whose last
/// trade of a quarter came minutes before its end would show a gap at every archive junction that no download can
/// ever fill. The periods are deliberately narrow:
/// - a quarterly update `Kraken_OHLCVT_Q{n}_{YYYY}.zip` vouches for its named quarter only, for every pair it has a
///   member of (an empty member included: the pair did not trade that quarter);
/// - the complete `Kraken_OHLCVT.zip` vouches for each member (one pair and interval) from its first candle (the
///   open time of the member's own oldest row, not the pair's oldest candle at any interval) to the archive's
///   end; an empty member of it vouches for nothing.
/// "The archive's end" is per archive file and interval: one interval past the newest candle of that interval in
/// any of its members, so every member of an interval is vouched for up to the same instant.
/// `CompletenessAnalyzer` then refuses every vouched slot that another interval of the same pair contradicts
/// (`TradeEvidence`), so a truncated member is still reported as a gap.
public enum ArchiveSpans {
    /// Vouched spans by series, sorted and merged.
    public static func load(in store: some LedgerReading) throws -> [SeriesName: [TimeRange]] {
        let members = try store.archiveMembers()
        // The end of each complete archive, per interval.
        var completeEnd: [String: Int64] = [:]
        for member in members where KrakenArchiveName(path: member.archivePath) == .complete {
            guard let last = member.lastOpenTime else { continue }
            let key = "\(member.archivePath)|\(member.minutes)"
            completeEnd[key] = max(completeEnd[key] ?? Int64.min, last + Int64(member.minutes) * 60)
        }
        var spans: [SeriesName: [TimeRange]] = [:]
        for member in members {
            let series = SeriesName(pair: member.pair, minutes: member.minutes)
            switch KrakenArchiveName(path: member.archivePath) {
            case .quarterly(let quarter):
                spans[series, default: []].append(TimeRange(start: quarter.start, end: quarter.end))
            case .complete:
                guard let first = member.firstOpenTime,
                    let end = completeEnd["\(member.archivePath)|\(member.minutes)"],
                    first < end
                else { continue }
                spans[series, default: []].append(TimeRange(start: first, end: end))
            case nil:
                continue
            }
        }
        return spans.mapValues { $0.merged() }
    }
}
