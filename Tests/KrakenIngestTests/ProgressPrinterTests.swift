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

    /// Collects log lines (with their level when `withLevel`).
    struct CaptureHandler: LogHandler {
        let sink: Captured
        let withLevel: Bool
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { sink.append((withLevel ? "\(event.level): " : "") + "\(event.message)\n") }
    }

    @Test("on a terminal, a live line shows files done/total, the current file, rows/s and an ETA")
    func terminalLine() {
        let out = Captured()
        let printer = ImportProgressPrinter(isTerminal: true, columns: { 100 }, output: out.append)
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
        #expect(text.contains("\r\u{1B}[2K 33% [###"))
        #expect(text.contains("] 1/3 Kraken_OHLCVT.zip:XBTUSD_60.csv  5,000 rows  "))
        #expect(text.contains(" rows/s  ETA "))
        #expect(text.contains("ETA 0:00"), "an ETA is computed once bytes are known")
        #expect(text.contains("failed: a.csv (ETHUSD 60m, 0 rows) — a.csv: broken\n"))
        #expect(text.hasSuffix("\r\u{1B}[2K"))
    }

    @Test("the live line never wraps: it fits every width, keeps the counts and shortens the file name")
    func liveLineFitsTheTerminal() {
        let printer = ImportProgressPrinter(isTerminal: true, output: { _ in })
        printer.handle(
            .started(jobID: 1, resumed: false, filesToImport: 3000, bytesToImport: 4_000_000, alreadyIngested: 0,
                skipped: []))
        let name = "Kraken_OHLCVT.zip:Kraken_OHLCVT/" + String(repeating: "VERYLONGPAIRNAME", count: 8) + "_1.csv"
        printer.handle(.fileStarted(index: 1234, total: 3000, name: name))
        printer.handle(.progress(bytesDone: 1_000_000, rowsDone: 123_456_789))
        for width in 10...240 {
            let line = printer.liveLine(width: width)
            #expect(line.count <= max(10, width - 1), "width \(width): \(line)")
        }
        let wide = printer.liveLine(width: 100)
        #expect(wide.hasPrefix(" 25% ") && wide.contains("1233/3000 …") && wide.count == 99)
        let wider = printer.liveLine(width: 160)
        #expect(wider.hasPrefix(" 25% [##") && wider.contains("] 1233/3000 …"))
        #expect(wide.contains("NAME_1.csv  123,456,789 rows  ") && wide.contains(" rows/s  ETA "))
        #expect(printer.liveLine(width: 60).contains("1233/3000"))
    }

    @Test("off a terminal, inside one big file, a progress line every 10 s with the percentage")
    func pipedProgressInsideOneFile() {
        let out = Captured()
        let clock = ManualClock(seconds: 1_704_067_200)
        let printer = ImportProgressPrinter(
            isTerminal: false, logger: Logger(label: "test") { _ in CaptureHandler(sink: out, withLevel: false) },
            clock: clock)
        printer.handle(
            .started(jobID: 1, resumed: false, filesToImport: 1, bytesToImport: 1_000, alreadyIngested: 0,
                skipped: []))
        printer.handle(.fileStarted(index: 1, total: 1, name: "XBTUSD_1.csv"))
        for second in 1...25 {
            clock.advance(seconds: 1)
            printer.handle(.progress(bytesDone: Int64(second * 40), rowsDone: Int64(second * 1_000)))
        }
        let progress = out.value.split(separator: "\n").filter { $0.hasPrefix("progress: ") }
        #expect(progress.count == 2)
        #expect(progress.first?.hasPrefix("progress: 40% [0/1] XBTUSD_1.csv  10,000 rows") == true)
    }

    @Test("off a terminal, swift-log lines are written per finished file and nothing is redrawn")
    func logLines() {
        let out = Captured()
        let terminal = Captured()
        let printer = ImportProgressPrinter(
            isTerminal: false, output: terminal.append,
            logger: Logger(label: "test") { _ in CaptureHandler(sink: out, withLevel: true) })
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
