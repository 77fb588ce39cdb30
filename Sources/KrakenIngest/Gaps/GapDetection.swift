import GRDB

/// The `gaps` use case: analyse the scope, store the gap records (idempotently) and check the archive chain.
public struct GapDetection {
    /// What one detection found and changed.
    public struct Result: Sendable, Codable {
        public var generatedAt: Int64
        public var series: [SeriesCompleteness]
        /// What changed in the stored records; nil when `--start`/`--end` limited the window (records describe
        /// whole windows, so a limited run leaves them alone).
        public var reconciliation: GapReconciliation?
        public var chain: ArchiveChain
        public var downloads: [DownloadRow]
        public var archivesToFetch: [CompletenessReport.ArchiveToFetch]
    }

    public let store: KrakenStore
    public let analysis: GapAnalysis

    public init(store: KrakenStore, analysis: GapAnalysis) {
        self.store = store
        self.analysis = analysis
    }

    /// Runs under the writer lock, so it never races an import. Gap records are reconciled only for whole windows.
    public func run(_ scope: AnalysisScope) throws -> Result {
        let lock = try store.acquireWriterLock()
        defer { lock.release() }
        return try store.dbQueue.write { db in
            let series = try analysis.analyze(scope, in: db)
            let reconciliation = scope.bounds == nil ? try GapStore.reconcile(series, in: db) : nil
            let downloads = DownloadRow.rows(for: series)
            return Result(generatedAt: analysis.detector.now, series: series, reconciliation: reconciliation,
                          chain: try ArchiveChain.check(now: analysis.detector.now, in: db), downloads: downloads,
                          archivesToFetch: DownloadRow.grouped(downloads))
        }
    }

    /// The report of a scope, from stored data only (read-only: nothing is written to the store).
    public static func report(store: KrakenStore, analysis: GapAnalysis, scope: AnalysisScope, label: String) throws -> CompletenessReport {
        try store.dbQueue.read { db in
            CompletenessReport.build(series: try analysis.analyze(scope, in: db), scope: label,
                                     chain: try ArchiveChain.check(now: analysis.detector.now, in: db),
                                     now: analysis.detector.now)
        }
    }
}
