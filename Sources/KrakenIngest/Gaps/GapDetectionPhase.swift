/// The `detect` phase (the whole of the `gaps` command): analyse the scope, reconcile the stored gap records with
/// what was found, and check the archive chain, in one transaction.
public struct GapDetectionPhase: JobPhase {
    public static let kind = "gaps"

    /// What one detection found and changed.
    public struct Result: Sendable, Codable {
        public var generatedAt: Int64
        public var series: [SeriesCompleteness]
        /// What changed in the stored records; nil when the records were left alone (a window limited by
        /// `--start`/`--end`, or `--now` without `--save`: records describe the whole window as of now).
        public var reconciliation: GapReconciliation?
        public var chain: ArchiveChain
        public var downloads: [DownloadRow]
        public var archivesToFetch: [CompletenessReport.ArchiveToFetch]
    }

    public let name = "detect"
    public let analyzer: CompletenessAnalyzer
    public let scope: AnalysisScope
    /// The phase's result, once it has run.
    public let result = Box<Result>()

    public init(analyzer: CompletenessAnalyzer, scope: AnalysisScope) {
        self.analyzer = analyzer
        self.scope = scope
    }

    public func run(_ context: JobContext) throws -> PhaseOutcome {
        result.value = try context.session.transaction { tx in
            var found = try Self.detect(scope, analyzer: analyzer, in: tx)
            if scope.bounds == nil { found.reconciliation = try GapReconciler.reconcile(found.series, in: tx) }
            try context.markUnitDone("\(found.series.count) series", in: tx)
            return found
        }
        return .completed
    }

    /// Detection without touching the records (read-only).
    public static func detect(
        _ scope: AnalysisScope, analyzer: CompletenessAnalyzer,
        in store: any StoreReader
    ) throws -> Result {
        let series = try analyzer.analyze(scope, in: store)
        let downloads = DownloadRow.rows(for: series)
        return Result(
            generatedAt: analyzer.classifier.now, series: series, reconciliation: nil,
            chain: try ArchiveChain.check(now: analyzer.classifier.now, in: store), downloads: downloads,
            archivesToFetch: DownloadRow.grouped(downloads))
    }
}
