/// Which Kraken archives the ledger shows as ingested, and which quarterly updates are missing after the
/// complete archive.
public struct ArchiveChain: Sendable, Codable, Equatable {
    /// An archive seen in the ledger.
    public struct Ingested: Sendable, Codable, Equatable {
        public var name: String
        /// When its last member was committed (unix seconds).
        public var ingestedAt: Int64
        /// Open time of the newest candle it carried.
        public var lastCandle: Int64?
        /// For a quarterly update, whether it was ingested after the complete archive.
        public var afterComplete: Bool?
    }

    public var complete: Ingested?
    public var quarterlies: [Ingested]
    /// Quarterly updates expected after the complete archive's data, up to the last finished quarter.
    public var expected: [String]
    /// Expected quarterly updates not ingested.
    public var missing: [String]
    /// Quarterly updates ingested before the complete archive (their data may be older than it).
    public var ingestedBeforeComplete: [String]

    /// Reads the ledger (ZIP members COMPLETED or recognised as DUPLICATE) as of `now`.
    public static func check(now: Int64, in store: some LedgerReading) throws -> ArchiveChain {
        var byArchive: [String: (ingested: Int64, lastCandle: Int64?)] = [:]
        for member in try store.archiveMembers() {
            var entry = byArchive[member.archivePath] ?? (0, nil)
            entry.ingested = max(entry.ingested, member.finishedAt ?? 0)
            if let last = member.lastOpenTime { entry.lastCandle = max(entry.lastCandle ?? last, last) }
            byArchive[member.archivePath] = entry
        }
        var complete: Ingested?
        var quarterly: [(Quarter, Ingested)] = []
        for (path, entry) in byArchive.sorted(by: { $0.key < $1.key }) {
            let name = PathName.baseName(path)
            let item = Ingested(
                name: name, ingestedAt: entry.ingested, lastCandle: entry.lastCandle, afterComplete: nil)
            switch KrakenArchiveName(path: name) {
            case .quarterly(let quarter):
                quarterly.append((quarter, item))
            case .complete:
                // Several complete archives: the one with the newest data is the chain's base.
                if (complete?.lastCandle ?? Int64.min) <= (item.lastCandle ?? Int64.min) { complete = item }
            case nil:
                continue
            }
        }
        quarterly.sort { $0.0 < $1.0 }
        let lastFinished = Quarter(containing: now).previous
        var expected: [Quarter] = []
        var base: Quarter?
        if let lastCandle = complete?.lastCandle {
            base = Quarter(containing: lastCandle).next
        } else {
            base = quarterly.first?.0
        }
        if var q = base {
            while q <= lastFinished {
                expected.append(q)
                q = q.next
            }
        }
        let have = Set(quarterly.map(\.0))
        let completeAt = complete?.ingestedAt
        let quarterlies = quarterly.map { q, item -> Ingested in
            var item = item
            item.afterComplete = completeAt.map { item.ingestedAt >= $0 }
            return item
        }
        return ArchiveChain(
            complete: complete, quarterlies: quarterlies,
            expected: expected.map(\.archiveName), missing: expected.filter { !have.contains($0) }.map(\.archiveName),
            ingestedBeforeComplete: quarterlies.filter { $0.afterComplete == false }.map(\.name))
    }
}
