/// What an import will do with each candle file it found, decided before any byte is read.
public struct ImportPlan: Sendable {
    /// One candle file and what the ledger already knows of it.
    public struct Entry: Sendable {
        public enum State: Sendable, Equatable {
            /// Never imported.
            case new
            /// Tried before and left FAILED or PENDING (interrupted): imported again.
            case retry(LedgerStatus)
            /// Its content is already stored (`fileID` is the COMPLETED ledger record); skipped unread.
            case alreadyIngested(fileID: Int64, reason: String)
            /// Known to the ledger with this status, read and hashed again because of `--recheck` (unchanged
            /// content ends as a DUPLICATE of its record and writes nothing).
            case recheck(LedgerStatus)
        }

        public let candidate: ImportCandidate
        public let tier: String
        public let state: State
        /// Ledger id of this path+member when it has one (for already-ingested copies: whether one exists).
        public let ownRecordID: Int64?

        public var needsImport: Bool {
            if case .alreadyIngested = state { return false }
            return true
        }
    }

    public var entries: [Entry]
    /// Paths found but not candle files, with the reason.
    public var skipped: [SkippedPath]
    /// Candle files left out by the tier, pair or interval filters.
    public var filteredOut: Int
    /// Paths that could not be read (missing, no permission, an unreadable ZIP), with the reason.
    public var unreadable: [SkippedPath] = []

    public var toImport: [Entry] { entries.filter(\.needsImport) }
    public var bytesToImport: Int64 { toImport.reduce(0) { $0 + $1.candidate.size } }
}

/// Builds an `ImportPlan` from options, the tier catalog and the ledger (read-only).
public struct ImportPlanner {
    public let tiers: TierCatalog

    public init(tiers: TierCatalog) { self.tiers = tiers }

    /// Scans the paths (unless `scan` already holds them), applies the filters and looks every file up in the
    /// ledger (when a store exists).
    public func plan(
        _ options: ImportOptions, store: (any StoreReader)?, scan given: ArchiveScanner.Result? = nil
    ) throws -> ImportPlan {
        let scan = try given ?? ArchiveScanner().scan(options.paths)
        let selection = SeriesSelection(
            tiers: options.tiers.isEmpty ? nil : try tiers.resolveSelection(options.tiers),
            pairs: Set(options.pairs), intervals: Set(options.intervals))
        var kept: [(ImportCandidate, String)] = []
        var filteredOut = 0
        for candidate in scan.candidates {
            let tier = tiers.tier(of: candidate.pair)
            if selection.admits(pair: candidate.pair, tier: tier, minutes: candidate.interval.minutes) {
                kept.append((candidate, tier))
            } else {
                filteredOut += 1
            }
        }
        // Inside each archive (or folder), by pair, then interval: the candles table is keyed that way, so each
        // file's rows go to the end of the table instead of between two series already written (path order puts
        // 1440 before 15). Archives stay in the order given and whole: which was ingested first is part of what
        // the report checks, and a ZIP is read member after member.
        var containers: [String: Int] = [:]
        for (candidate, _) in kept where containers[candidate.container] == nil {
            containers[candidate.container] = containers.count
        }
        kept = kept.enumerated().sorted { a, b in
            let (x, y) = (a.element.0, b.element.0)
            return (containers[x.container]!, x.pair, x.interval.minutes, a.offset)
                < (containers[y.container]!, y.pair, y.interval.minutes, b.offset)
        }.map(\.element)
        let entries: [ImportPlan.Entry]
        if let store {
            entries = try kept.map { try Self.entry(for: $0.0, tier: $0.1, in: store, recheck: options.recheck) }
        } else {
            entries = kept.map { ImportPlan.Entry(candidate: $0.0, tier: $0.1, state: .new, ownRecordID: nil) }
        }
        return ImportPlan(
            entries: entries, skipped: scan.skipped, filteredOut: filteredOut, unreadable: scan.unreadable)
    }

    static func entry(
        for candidate: ImportCandidate, tier: String, in store: any StoreReader, recheck: Bool = false
    ) throws -> ImportPlan.Entry {
        let own = try store.latestLedgerRecord(path: candidate.ledgerPath, member: candidate.ledgerMember)
        if recheck {
            // Size, time and CRC-32 are not trusted: the content is hashed again, and its SHA-256 decides.
            if let own, own.status == .completed || own.status == .duplicate {
                return .init(candidate: candidate, tier: tier, state: .recheck(own.status), ownRecordID: own.id)
            }
            if let own, own.status == .failed || own.status == .pending {
                return .init(candidate: candidate, tier: tier, state: .retry(own.status), ownRecordID: own.id)
            }
            return .init(candidate: candidate, tier: tier, state: .new, ownRecordID: nil)
        }
        let unchanged =
            own.map {
                $0.size == candidate.size && $0.modifiedAt == candidate.modifiedAt && $0.crc32 == candidate.crc32
            } ?? false
        if let own, unchanged, own.status == .completed {
            return .init(
                candidate: candidate, tier: tier,
                state: .alreadyIngested(fileID: own.id, reason: "unchanged since imported"),
                ownRecordID: own.id)
        }
        if let own, unchanged, own.status == .duplicate {
            return .init(
                candidate: candidate, tier: tier,
                state: .alreadyIngested(fileID: own.id, reason: "same content as a file already imported"),
                ownRecordID: own.id)
        }
        if let crc = candidate.crc32,
            let original = try store.completedMember(
                contentName: candidate.contentName, size: candidate.size, crc32: crc)
        {
            return .init(
                candidate: candidate, tier: tier,
                state: .alreadyIngested(fileID: original, reason: "same name, size and CRC-32 as an imported member"),
                ownRecordID: own?.id)
        }
        if let own, own.status == .failed || own.status == .pending {
            return .init(candidate: candidate, tier: tier, state: .retry(own.status), ownRecordID: own.id)
        }
        return .init(candidate: candidate, tier: tier, state: .new, ownRecordID: nil)
    }
}
