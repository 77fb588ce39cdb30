import Foundation
import Logging

/// Shows import progress: a live, rewritten line on a terminal (files done/total, current file, rows/s, ETA),
/// otherwise log lines through swift-log (one per finished file, and a progress line every `logEvery` seconds).
public final class ImportProgressPrinter: @unchecked Sendable {
    private let isTerminal: Bool
    private let logEvery: Double
    private let output: (String) -> Void
    private let logger: Logger
    private let clock: any WallClock
    private var startedAt: UnixMillis
    private var filesTotal = 0
    private var filesDone = 0
    private var bytesTotal: Int64 = 0
    private var currentName = ""
    private var bytesDone: Int64 = 0
    private var rowsDone: Int64 = 0
    private var lastLog: UnixMillis

    /// - Parameters:
    ///   - isTerminal: draw a live line (default: when standard error is a terminal).
    ///   - output: where terminal text goes (default: standard error).
    ///   - logger: where log lines go when not on a terminal.
    public init(
        isTerminal: Bool = isatty(STDERR_FILENO) == 1, logEvery: Double = 10,
        output: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) },
        logger: Logger = Logger(label: "kraken-ingest"), clock: any WallClock = SystemClock()
    ) {
        self.clock = clock
        startedAt = clock.now()
        lastLog = clock.now()
        self.isTerminal = isTerminal
        self.logEvery = logEvery
        self.output = output
        self.logger = logger
    }

    public func handle(_ event: ImportEvent) {
        switch event {
        case .started(let jobID, let resumed, let files, let bytes, let already, let skipped):
            startedAt = clock.now()
            if isTerminal {
                write(ImportReportText.skipped(skipped))
            } else {
                for item in skipped { logger.notice("skipped \(item.path): \(item.reason)") }
            }
            filesTotal = files
            bytesTotal = bytes
            let text =
                "\(resumed ? "Resuming" : "Starting") import job \(jobID): \(files) file(s) to import "
                + "(\(Humanize.bytes(bytes))), \(already) already ingested"
            if isTerminal { write(text + "\n") } else { logger.info("\(text)") }
        case .fileStarted(let index, _, let name):
            currentName = name
            filesDone = index - 1
            redraw()
        case .progress(let bytes, let rows):
            bytesDone = bytes
            rowsDone = rows
            if isTerminal {
                redraw()
            } else if clock.secondsSince(lastLog) >= logEvery {
                lastLog = clock.now()
                logger.info("progress: \(statusText())")
            }
        case .fileFinished(let result):
            filesDone += 1
            rowsDone = max(rowsDone, 0)
            let line =
                "\(result.status.rawValue): \(result.file) (\(result.pair) \(result.interval)m, "
                + "\(Humanize.count(result.rows)) rows)\(result.message.map { " — \($0)" } ?? "")"
            if isTerminal {
                if result.status != .imported || result.message != nil { write("\r\u{1B}[2K\(line)\n") }
                redraw()
            } else if result.status == .failed {
                logger.error("\(line)")
            } else {
                logger.info("\(line)")
            }
        }
    }

    /// Clears the live line before the summary is printed.
    public func finish() {
        if isTerminal { write("\r\u{1B}[2K") }
    }

    private func statusText() -> String {
        let elapsed = clock.secondsSince(startedAt)
        let rate = elapsed > 0 ? Double(rowsDone) / elapsed : 0
        var eta = "?"
        if bytesDone > 0 && bytesTotal > bytesDone {
            eta = Humanize.duration(elapsed * Double(bytesTotal - bytesDone) / Double(bytesDone))
        }
        return "[\(filesDone)/\(filesTotal)] \(currentName)  \(Humanize.count(rowsDone)) rows  "
            + "\(Humanize.count(Int64(rate))) rows/s  ETA \(eta)"
    }

    private func redraw() {
        guard isTerminal else { return }
        var text = statusText()
        if text.count > 150 { text = String(text.prefix(150)) }
        write("\r\u{1B}[2K" + text)
    }

    private func write(_ text: String) { output(text) }
}
