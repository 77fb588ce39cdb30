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
        requests, else ARCHIVE_REQUIRED with the archive and member to fetch. Missing candles inside covered ranges \
        are no-trade intervals, reported apart. Re-running is idempotent.
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var analysis: AnalysisOptions

    @Option(name: .customLong("export-unfillable"), help: ArgumentHelp("Write the download list (one row per gap the API cannot fill) to this CSV file.", valueName: "file.csv"))
    var exportUnfillable: String?

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let catalog = try store.loadTiers()
            let scope = try analysis.makeScope(catalog)
            guard FileManager.default.fileExists(atPath: store.databasePath) else {
                throw KrakenIngestError.usage("no database at \(store.databasePath); run `kraken-ingest import` first")
            }
            let opened = try KrakenStore.open(path: store.databasePath)
            let result = try GapDetection(store: opened, analysis: analysis.makeAnalysis(catalog)).run(scope)
            if let exportUnfillable {
                do {
                    try DownloadRow.csv(result.downloads).write(toFile: exportUnfillable, atomically: true, encoding: .utf8)
                } catch {
                    throw KrakenIngestError.usage("cannot write \(exportUnfillable): \(error.localizedDescription)")
                }
                FileHandle.standardError.write(Data("wrote \(result.downloads.count) row(s) to \(exportUnfillable)\n".utf8))
            }
            emit(json ? try jsonText(result) : GapReportText.text(result))
        }
    }
}
