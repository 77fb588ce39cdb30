import Foundation

/// Checks an import before any database or job exists, so an import that cannot start leaves nothing behind.
///
/// It scans the paths once (the scan is handed on to the import) and says no when they hold no candle file
/// (`noInput`, with every unreadable and skipped path and the reason), when `--pairs` names a pair no file has
/// (`usage`, listing the pairs the files hold), or when the filters leave no file (`noInput`).
///
/// ```swift
/// let scan = try ImportPreflight(tiers: catalog).check(options)
/// let summary = try importer.run(options, scan: scan)
/// ```
public struct ImportPreflight {
    /// How many skipped paths a message lists before summarising the rest.
    static let listedPaths = 20

    public let tiers: TierCatalog
    /// Pairs a `--pairs` filter may name although no file has them (for `run`: the store's and the tiers').
    public let alsoKnownPairs: Set<String>
    /// Whether the filters must leave a file (`import`), or may leave none (`run`, whose other phases still work).
    public let requireSelectedFile: Bool

    public init(tiers: TierCatalog, alsoKnownPairs: Set<String> = [], requireSelectedFile: Bool = true) {
        self.tiers = tiers
        self.alsoKnownPairs = alsoKnownPairs
        self.requireSelectedFile = requireSelectedFile
    }

    /// Scans `options.paths` and returns the scan when there is something to import; throws otherwise.
    public func check(_ options: ImportOptions) throws -> ArchiveScanner.Result {
        let scan = try ArchiveScanner().scan(options.paths)
        let named = options.paths.joined(separator: ", ")
        guard !scan.candidates.isEmpty else {
            throw KrakenIngestError.noInput(
                "nothing to import: no candle file ({PAIR}_{MINUTES}.csv, .csv.zst, .csv.gz, or a ZIP of them) in "
                    + named + Self.details(scan))
        }
        let inFiles = Set(scan.candidates.map(\.pair))
        do {
            let from =
                alsoKnownPairs.isEmpty ? "the candle files of \(named)" : "the files, the store or the tiers file"
            try SelectionValidation.checkPairs(options.pairs, known: inFiles.union(alsoKnownPairs), knownFrom: from)
        } catch KrakenIngestError.usage(let message) {
            throw KrakenIngestError.usage(message + Self.unreadableLines(scan.unreadable))
        }
        guard requireSelectedFile else { return scan }
        let selection = SeriesSelection(
            tiers: options.tiers.isEmpty ? nil : try tiers.resolveSelection(options.tiers),
            pairs: Set(options.pairs), intervals: Set(options.intervals))
        let selected = scan.candidates.contains {
            selection.admits(pair: $0.pair, tier: tiers.tier(of: $0.pair), minutes: $0.interval.minutes)
        }
        guard selected else {
            let intervals = Set(scan.candidates.map(\.interval.minutes)).sorted().map(String.init)
            throw KrakenIngestError.noInput(
                "nothing to import: the \(scan.candidates.count) candle file(s) in \(named) are all left out by "
                    + "--tier/--tiers/--pairs/--intervals; they hold pairs \(inFiles.sorted().joined(separator: ", ")) "
                    + "at intervals \(intervals.joined(separator: ", "))" + Self.unreadableLines(scan.unreadable))
        }
        return scan
    }

    /// The unreadable and skipped paths, one per line with the reason.
    static func details(_ scan: ArchiveScanner.Result) -> String {
        var out = unreadableLines(scan.unreadable)
        for item in scan.skipped.prefix(listedPaths) { out += "\n  skipped \(item.path): \(item.reason)" }
        if scan.skipped.count > listedPaths { out += "\n  … and \(scan.skipped.count - listedPaths) more skipped" }
        return out
    }

    static func unreadableLines(_ unreadable: [SkippedPath]) -> String {
        unreadable.map { "\n  cannot read \($0.path): \($0.reason)" }.joined()
    }
}
