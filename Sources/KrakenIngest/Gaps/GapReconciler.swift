/// What a detection changed in the stored gap records.
public struct GapReconciliation: Sendable, Equatable, Codable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public var filled = 0
    /// Records whose gap merged into another record's (deleted, or SUPERSEDED when they carry attempts).
    public var merged = 0
}

/// Keeps the gap records in step with detections, idempotently, and without ever losing what backfill left on
/// them: an unchanged gap keeps its record; a shrunk, grown or reclassified one is updated in place and keeps its
/// status, attempts and last error; a split copies them to every part; an open record that coverage now closes
/// becomes FILLED; a record whose gap merged into another's is deleted only when it has no attempts, and is
/// otherwise kept as SUPERSEDED, pointing at the survivor.
public enum GapReconciler {
    static let openStatuses: Set<GapStatus> = [.detected, .backfilling, .failed, .unfillable]

    /// Reconciles the stored records with `series` (the output of one analysis) in the caller's transaction.
    public static func reconcile(
        _ series: [SeriesCompleteness], in tx: any StoreTransaction
    ) throws -> GapReconciliation {
        var outcome = GapReconciliation()
        let pairIDs = try tx.pairIDs()
        var openBySeries: [SeriesName: [GapRecord]] = [:]
        for record in try tx.gapRecords(statuses: openStatuses) {
            openBySeries[SeriesName(pair: record.pair, minutes: record.interval), default: []].append(record)
        }
        for s in series {
            guard let window = s.window, let pairID = pairIDs[s.pair],
                let interval = CandleInterval(minutes: s.interval)
            else { continue }
            let key = SeriesKey(pairID: pairID, interval: interval)
            let stored = openBySeries[SeriesName(pair: s.pair, minutes: s.interval)] ?? []
            // Records reaching outside this detection's window describe time it did not look at: left alone, and
            // gaps overlapping them are theirs (never a second record, never a record cut down to the window).
            let open = stored.filter { $0.range.start >= window.start && $0.range.end <= window.end }
            let crossing = stored.filter { !($0.range.start >= window.start && $0.range.end <= window.end) }
            var matched = Set<Int64>()
            var holderOfGap: [Int: Int64] = [:]  // gap index → the record that now holds it
            for (index, gap) in s.gaps.enumerated() {
                if crossing.contains(where: { $0.range.overlapsStrictly(gap.range) }) {
                    outcome.unchanged += 1
                    continue
                }
                let overlapping = open.filter { $0.range.overlapsStrictly(gap.range) }
                if let record = overlapping.first(where: { !matched.contains($0.id) }) {
                    matched.insert(record.id)
                    holderOfGap[index] = record.id
                    if record.matches(gap) {
                        outcome.unchanged += 1
                    } else {
                        try tx.updateGap(record.id, to: gap)
                        outcome.updated += 1
                    }
                } else {
                    // A new gap, or one part of a split record: the part inherits the record's history.
                    let history = overlapping.first?.history ?? .fresh
                    holderOfGap[index] = try tx.insertGap(gap, series: key, history: history)
                    outcome.inserted += 1
                }
            }
            for record in open where !matched.contains(record.id) {
                if let survivor = s.gaps.firstIndex(where: { $0.range.overlapsStrictly(record.range) }),
                    let holder = holderOfGap[survivor]
                {
                    // Its uncovered part is now the gap another record holds.
                    if try !tx.deleteGapWithoutHistory(record.id) {
                        try tx.supersedeGap(record.id, by: holder)
                    }
                    outcome.merged += 1
                } else if !s.gaps.contains(where: { $0.range.overlapsStrictly(record.range) }) {
                    // No gap of this detection overlaps it: coverage (or an archive's proof of no trades) closed it.
                    try tx.setGapStatus(record.id, .filled, lastError: nil, attempted: false)
                    outcome.filled += 1
                }
            }
        }
        return outcome
    }

    /// Records with the given statuses (all when nil), by pair, interval and start.
    public static func fetch(statuses: Set<GapStatus>? = nil, in store: any StoreReader) throws -> [GapRecord] {
        try store.gapRecords(statuses: statuses)
    }
}

extension GapRecord {
    /// True when the record already says what `gap` says.
    func matches(_ gap: ClassifiedGap) -> Bool {
        range == gap.range && candles == gap.candles && gapClass == gap.gapClass && apiCandles == gap.apiCandles
            && suggestedArchive == gap.suggestion?.archive && suggestedMember == gap.suggestion?.member
            && tradesRequests == gap.tradesRequests && evidence == gap.evidence
    }
}
