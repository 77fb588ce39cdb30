import ArgumentParser
import Foundation
import KrakenIngest

struct GapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "Detect and classify gaps, store them, and list what to download.",
        discussion: """
            A series' expected window runs from its pair's first known candle to now (or --start/--end). Gaps are the \
            window minus coverage: API_FILLABLE when the OHLC endpoint still serves them (its latest 720 candles, the \
            last one unfinished), TRADES_REBUILDABLE when the trades history could rebuild them within --trades-budget \
            requests, else ARCHIVE_REQUIRED with the archive and member to fetch. Missing candles inside covered \
            ranges \
            are no-trade intervals, reported apart. Re-running is idempotent.
            Example: kraken-ingest gaps --tier TIER1 --export-unfillable reports/download-list.csv
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var analysis: AnalysisOptions

    @Option(
        name: .customLong("export-unfillable"),
        help: ArgumentHelp(
            "Write the download list (one row per gap the API cannot fill) to this CSV file.", valueName: "file.csv"))
    var exportUnfillable: String?

    @Flag(name: .long, help: "Store the gap records also when --now is given (by default --now only evaluates).")
    var save = false

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    /// Detection as a job in the writer session: the records are reconciled and kept.
    private func detectAndSave(scope: AnalysisScope, analyzer: CompletenessAnalyzer) throws -> GapDetectionPhase.Result
    {
        let session = try store.openForWriting(create: false).openWriterSession()
        defer { session.close() }
        let phase = GapDetectionPhase(analyzer: analyzer, scope: scope)
        _ = try JobRunner(session: session).run(
            JobSpec(
                kind: GapDetectionPhase.kind, options: scope.canonicalJSON(),
                phases: [phase]))
        return phase.result.value!
    }

    func run() throws {
        try reportingErrors {
            let catalog = try store.loadTiers()
            let scope = try analysis.makeScope(catalog)
            let analyzer = try analysis.makeAnalyzer(catalog)
            let reader = try store.openForReading()
            try analysis.selection.checkPairsKnown(catalog, store: reader)
            let result: GapDetectionPhase.Result
            if scope.bounds == nil && (analysis.now == nil || save) {
                result = try detectAndSave(scope: scope, analyzer: analyzer)
            } else {
                result = try reader.read {
                    try GapDetectionPhase.detect(scope, analyzer: analyzer, in: $0)
                }
            }
            if let exportUnfillable {
                do {
                    try DownloadRow.csv(result.downloads).write(
                        toFile: exportUnfillable, atomically: true, encoding: .utf8)
                } catch {
                    throw KrakenIngestError.usage("cannot write \(exportUnfillable): \(error.localizedDescription)")
                }
                FileHandle.standardError.write(
                    Data("wrote \(result.downloads.count) row(s) to \(exportUnfillable)\n".utf8))
            }
            if json {
                let report = CompletenessReport.build(
                    series: result.series, scope: analysis.label, chain: result.chain, now: result.generatedAt)
                emit(ReportJSONWriter.json(report, reconciliation: result.reconciliation) + "\n")
            } else {
                emit(GapReportText.text(result))
            }
        }
    }
}
