import Foundation

/// The `report` phase of `run`: builds the completeness report from what the earlier phases committed, writes its
/// files and the archive download list (one row per gap the API cannot fill) under `directory`.
public struct ReportPhase: JobPhase {
    public let name = "report"
    /// Computes the report as of its classifier's time.
    public let analyzer: CompletenessAnalyzer
    /// Which series the report covers.
    public let scope: AnalysisScope
    /// The scope's label in titles and file names (`ALL`, `TIER1`).
    public let label: String
    /// Where the report files and `download-list.csv` go; nil writes nothing.
    public let directory: String?
    /// The report, once the phase has run.
    public let report = Box<CompletenessReport>()
    /// The files written.
    public let files = Box<[String]>()

    public init(analyzer: CompletenessAnalyzer, scope: AnalysisScope, label: String, directory: String?) {
        self.analyzer = analyzer
        self.scope = scope
        self.label = label
        self.directory = directory
    }

    public func run(_ context: JobContext) throws -> PhaseOutcome {
        let now = analyzer.classifier.now
        let (built, downloads) = try context.session.read { reader in
            let series = try analyzer.analyze(scope, in: reader)
            var report = CompletenessReport.build(
                series: series, scope: label,
                chain: try ArchiveChain.check(now: now, in: reader), now: now)
            if directory != nil { report = try report.withQuietProfiles(in: reader) }
            return (report, DownloadRow.rows(for: series))
        }
        report.value = built
        var written: [String] = []
        if let directory {
            written = try ReportFiles.write(built, to: directory)
            let list = (directory as NSString).appendingPathComponent("download-list.csv")
            do {
                try DownloadRow.csv(downloads).write(toFile: list, atomically: true, encoding: .utf8)
            } catch {
                throw KrakenIngestError.usage("cannot write \(list): \(error.localizedDescription)")
            }
            written.append(list)
        }
        files.value = written
        try context.session.transaction { try context.markUnitDone("\(written.count) file(s)", in: $0) }
        return .completed
    }
}
