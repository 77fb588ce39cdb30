import Foundation

/// Writes the report files under a folder (default `reports/`), named with the scope and the UTC date:
/// `completeness_TIER1_2026-11-21.md`, `.csv`, `.json` and `.html`.
public enum ReportFiles {
    /// Writes the four files and returns their paths.
    @discardableResult
    public static func write(_ report: CompletenessReport, to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let safeScope = report.scope.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" }
        let base = "\(directory)/completeness_\(String(safeScope))_\(ReportFormat.day(report.generatedAt))"
        let files: [(String, String)] = [
            ("md", ReportTextWriters.markdown(report)),
            ("csv", ReportTextWriters.csv(report)),
            ("json", ReportTextWriters.json(report)),
            ("html", ReportHTMLWriter.html(report)),
        ]
        var paths: [String] = []
        for (ext, text) in files {
            let path = "\(base).\(ext)"
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw KrakenIngestError.input("cannot write report file \(path): \(error.localizedDescription)")
            }
            paths.append(path)
        }
        return paths
    }
}
