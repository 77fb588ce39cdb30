import ArgumentParser
import Foundation
import KrakenIngest

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Per-tier completeness tables, and report files (Markdown, CSV, JSON, HTML) under reports/.",
        discussion: """
            Reads stored data only; never calls the network and never changes the store.
            Example: kraken-ingest report --tier TIER1 --intervals 60 --format html --out reports
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, md, csv, json, html
    }

    @OptionGroup var store: StoreOptions
    @OptionGroup var analysis: AnalysisOptions

    @Option(name: .long, help: "What to print: table, md, csv, json or html.")
    var format: Format = .table

    @Option(name: .long, help: ArgumentHelp("Folder for the report files.", valueName: "dir"))
    var out = "reports"

    @Flag(name: .customLong("no-files"), help: "Print only; write no report files.")
    var noFiles = false

    func run() throws {
        try reportingErrors {
            let catalog = try store.loadTiers()
            let scope = try analysis.makeScope(catalog)
            let opened = try store.openForReading()
            try analysis.selection.checkPairsKnown(catalog, store: opened)
            var report = try CompletenessReport.read(
                from: opened, analyzer: analysis.makeAnalyzer(catalog),
                scope: scope, label: analysis.label)
            // The HTML strip shows where the no-trade slots are, counted from the candles: only when it is drawn.
            if !noFiles || format == .html { report = try opened.read { try report.withQuietProfiles(in: $0) } }
            switch format {
            case .table:
                emit(ReportTextWriters.table(report, colour: ConsoleSettings.shared.colour(for: STDOUT_FILENO)))
            case .md: emit(ReportTextWriters.markdown(report))
            case .csv: emit(ReportTextWriters.csv(report))
            case .json: emit(ReportTextWriters.json(report))
            case .html: emit(ReportHTMLWriter.html(report))
            }
            if !noFiles {
                let paths = try ReportFiles.write(report, to: out)
                FileHandle.standardError.write(Data(("wrote " + paths.joined(separator: ", ") + "\n").utf8))
            }
        }
    }
}
