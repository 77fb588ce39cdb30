import Foundation

/// Writes the report files under a folder (default `reports/`), named with the scope and the UTC date:
/// `completeness_TIER1_2026-11-21.md`, `.csv`, `.json` and `.html`.
public enum ReportFiles {
    /// Writes the four files and returns their paths.
    @discardableResult
    public static func write(_ report: CompletenessReport, to directory: String) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw KrakenIngestError.usage("cannot create the report folder \(directory): \(error.localizedDescription)")
        }
        let safeScope = report.scope.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" }
        let base = "\(directory)/completeness_\(String(safeScope))_\(ReportFormat.day(report.generatedAt))"
        let writers: [(ext: String, render: @Sendable (CompletenessReport) -> String)] = [
            ("md", ReportTextWriters.markdown), ("csv", ReportTextWriters.csv),
            ("json", ReportTextWriters.json), ("html", ReportHTMLWriter.html),
        ]
        // The formats are independent: render and write them on both cores.
        let failures = FailureList()
        DispatchQueue.concurrentPerform(iterations: writers.count) { i in
            let path = "\(base).\(writers[i].ext)"
            do {
                try Data(writers[i].render(report).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                failures.append("cannot write report file \(path): \(error.localizedDescription)")
            }
        }
        if let first = failures.first { throw KrakenIngestError.input(first) }
        let paths = writers.map { "\(base).\($0.ext)" }
        return paths
    }
}

/// Errors collected from concurrent writers.
private final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ item: String) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }
    var first: String? {
        lock.lock()
        defer { lock.unlock() }
        return items.first
    }
}
