import Foundation
import Logging
import Testing

@testable import KrakenIngest

@Suite("Progress output")
struct ProgressPrinterTests {
    final class Captured: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func append(_ s: String) {
            lock.lock()
            text += s
            lock.unlock()
        }
        var value: String {
            lock.lock()
            defer { lock.unlock() }
            return text
        }
    }

    @Test("on a terminal, a live line shows files done/total, the current file, rows/s and an ETA")
    func terminalLine() {
        let out = Captured()
        let printer = ImportProgressPrinter(isTerminal: true, output: out.append)
        printer.handle(
            .started(
                jobID: 4, resumed: false, filesToImport: 3, bytesToImport: 3000, alreadyIngested: 1,
                skipped: [SkippedPath(path: "notes.txt", reason: "not a .csv, .csv.zst or .csv.gz file")]))
        printer.handle(.fileStarted(index: 2, total: 3, name: "Kraken_OHLCVT.zip:XBTUSD_60.csv"))
        usleep(20_000)
        printer.handle(.progress(bytesDone: 1000, rowsDone: 5000))
        printer.handle(
            .fileFinished(
                FileResult(
                    file: "a.csv", pair: "ETHUSD", interval: 60, status: .failed, rows: 0,
                    rowsWritten: 0, rejectedRows: 0, message: "a.csv: broken")))
        printer.finish()
        let text = out.value
        #expect(
            text.contains(
                "Skipped 1 path(s) that are not candle files:\n  notes.txt: not a .csv, .csv.zst or .csv.gz file\n"))
        #expect(text.contains("Starting import job 4: 3 file(s) to import (3.0 KB), 1 already ingested\n"))
        #expect(text.contains("\r\u{1B}[2K[1/3] Kraken_OHLCVT.zip:XBTUSD_60.csv  5,000 rows  "))
        #expect(text.contains(" rows/s  ETA "))
        #expect(text.contains("ETA 0:00"), "an ETA is computed once bytes are known")
        #expect(text.contains("failed: a.csv (ETHUSD 60m, 0 rows) — a.csv: broken\n"))
        #expect(text.hasSuffix("\r\u{1B}[2K"))
    }

    @Test("off a terminal, swift-log lines are written per finished file and nothing is redrawn")
    func logLines() {
        let out = Captured()
        struct CaptureHandler: LogHandler {
            let sink: Captured
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .info
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(event: LogEvent) {
                sink.append("\(event.level): \(event.message)\n")
            }
        }
        let terminal = Captured()
        let printer = ImportProgressPrinter(
            isTerminal: false, output: terminal.append,
            logger: Logger(label: "test") { _ in CaptureHandler(sink: out) })
        printer.handle(
            .started(
                jobID: 1, resumed: true, filesToImport: 1, bytesToImport: 10, alreadyIngested: 0,
                skipped: [SkippedPath(path: "XBTUSD.csv", reason: "a trades file")]))
        printer.handle(.fileStarted(index: 1, total: 1, name: "x.csv"))
        printer.handle(
            .fileFinished(
                FileResult(
                    file: "x.csv", pair: "XBTUSD", interval: 1440, status: .imported,
                    rows: 12, rowsWritten: 12, rejectedRows: 0, message: nil)))
        #expect(
            out.value
                == "notice: skipped XBTUSD.csv: a trades file\ninfo: Resuming import job 1: 1 file(s) to import (10 "
                    + "B), 0 already ingested\n"
                + "info: imported: x.csv (XBTUSD 1440m, 12 rows)\n")
        #expect(terminal.value.isEmpty)
    }
}
