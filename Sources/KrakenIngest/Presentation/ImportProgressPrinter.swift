import Foundation
import Logging

/// Shows import progress: a live, rewritten line on a terminal (percentage and bar by bytes, files done/total,
/// current file, rows/s, ETA), cut to the terminal's width so it never wraps; otherwise log lines through swift-log
/// (one per finished file, and a progress line every `logEvery` seconds, also inside one big file). Quiet runs,
/// pipes and `TERM=dumb` get no live line (see `ConsoleSettings`).
public final class ImportProgressPrinter: @unchecked Sendable {
    private let isTerminal: Bool
    private let columns: () -> Int
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
    ///   - isTerminal: draw a live line (default: when `ConsoleSettings` allows one on standard error).
    ///   - columns: the terminal's width, asked at every redraw (a window can be resized).
    ///   - output: where terminal text goes (default: standard error).
    ///   - logger: where log lines go when not on a terminal.
    public init(
        isTerminal: Bool = ConsoleSettings.shared.liveLine(for: STDERR_FILENO),
        columns: @escaping () -> Int = { ConsoleSettings.shared.columns(for: STDERR_FILENO) }, logEvery: Double = 10,
        output: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) },
        logger: Logger = Logger(label: "kraken-ingest"), clock: any WallClock = SystemClock()
    ) {
        self.clock = clock
        startedAt = clock.now()
        lastLog = clock.now()
        self.isTerminal = isTerminal
        self.columns = columns
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

    private var fraction: Double {
        bytesTotal > 0 ? min(1, max(0, Double(bytesDone) / Double(bytesTotal))) : 0
    }

    private var percent: String { "\(Int(fraction * 100))%" }

    private var eta: String {
        guard bytesDone > 0 && bytesTotal > bytesDone else { return "?" }
        return Humanize.duration(clock.secondsSince(startedAt) * Double(bytesTotal - bytesDone) / Double(bytesDone))
    }

    private var rate: String {
        let elapsed = clock.secondsSince(startedAt)
        return Humanize.count(Int64(elapsed > 0 ? Double(rowsDone) / elapsed : 0))
    }

    private func statusText() -> String {
        "\(percent) [\(filesDone)/\(filesTotal)] \(currentName)  \(Humanize.count(rowsDone)) rows  "
            + "\(rate) rows/s  ETA \(eta)"
    }

    /// The live line for a terminal `width` columns wide, one column short of it so the cursor never wraps: the
    /// percentage, a bar, the counts and the ETA first, then as much of the file name as fits.
    func liveLine(width: Int) -> String {
        let room = max(10, width - 1)
        let tail = "  \(Humanize.count(rowsDone)) rows  \(rate) rows/s  ETA \(eta)"
        let head = "\(percent.leftPadded(to: 4)) "
        let counts = "\(filesDone)/\(filesTotal) "
        // The name (up to 40 columns of it) comes before the bar; the bar takes what is left, at most 30.
        let nameWanted = min(currentName.count, 40)
        let barWidth = min(30, room - head.count - counts.count - tail.count - nameWanted - 3)
        var bar = ""
        if barWidth >= 5 {
            let filled = Int((fraction * Double(barWidth)).rounded(.down))
            bar = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "] "
        }
        var line = head + bar + counts
        let nameRoom = room - line.count - tail.count
        if nameRoom >= 8 {
            line += currentName.count <= nameRoom ? currentName : "…" + String(currentName.suffix(nameRoom - 1))
            line += tail
        } else {
            line += tail
        }
        return String(line.prefix(room))
    }

    private func redraw() {
        guard isTerminal else { return }
        write("\r\u{1B}[2K" + liveLine(width: columns()))
    }

    private func write(_ text: String) { output(text) }
}

extension String {
    /// The string with spaces in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
