import Foundation
import Testing

@testable import KrakenIngest

/// The parsing thread runs ahead of the writer across files, bounded by the rows it holds, not by a count of
/// messages: a Kraken archive of thousands of small members keeps both cores busy (issue 7, point 1).
@Suite("Parsing pipeline", .blocking)
struct ParsingPipelineTests {
    /// Serves `text` from memory and counts the files the parser opened.
    struct MemorySource: ByteChunkSource {
        let text: String
        let opened: Counter

        func forEachChunk(_ body: (UnsafeRawBufferPointer, Int64) throws -> Void) throws {
            _ = opened.increment()
            let bytes = Array(text.utf8)
            try bytes.withUnsafeBytes { try body($0, Int64($0.count)) }
        }
    }

    static func candidates(_ count: Int) -> [ImportCandidate] {
        (0..<count).map { i in
            ImportCandidate(
                location: .file(path: "/memory/\(i)/XBTUSD_60.csv", compression: .none, modifiedAt: 0),
                pair: "XBTUSD", interval: CandleInterval(minutes: 60)!, size: 100)
        }
    }

    static func pipeline(files: Int, rowsEach: Int, opened: Counter) -> ParsingPipeline {
        let csv = candleCSV(count: rowsEach)
        return ParsingPipeline(
            candidates(files), stop: StopRequest(), latestOpenTime: .max,
            source: { _ in MemorySource(text: csv, opened: opened) })
    }

    /// Consumes every file in order and checks each arrives whole.
    static func consumeAll(_ pipeline: ParsingPipeline, files: Int, rowsEach: Int) throws {
        for file in 0..<files {
            var rows = 0
            var digest: String?
            try pipeline.consume(file: file) { message in
                switch message {
                case .batch(let batch): rows += batch.candles.count
                case .finished(let sha256): digest = sha256
                case .failed(let error): throw error
                }
            }
            #expect(rows == rowsEach, "file \(file)")
            #expect(digest?.count == 64, "file \(file)")
        }
    }

    @Test("small files: the parser reads hundreds of them ahead of a writer that has not started")
    func runsAheadAcrossSmallFiles() throws {
        let opened = Counter()
        let pipeline = Self.pipeline(files: 300, rowsEach: 5, opened: opened)
        defer { pipeline.close() }
        let deadline = Date(timeIntervalSinceNow: 10)
        while opened.current < 300 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(opened.current == 300)
        try Self.consumeAll(pipeline, files: 300, rowsEach: 5)
    }

    @Test("big files: the parser holds at most four batches of rows, however many files wait")
    func boundedByRows() throws {
        let opened = Counter()
        // 10,000 rows a file: two batches each; the fourth file's first batch no longer fits.
        let pipeline = Self.pipeline(files: 20, rowsEach: 10_000, opened: opened)
        defer { pipeline.close() }
        Thread.sleep(forTimeInterval: 0.5)
        #expect(opened.current >= 1 && opened.current <= 4, "\(opened.current) files opened")
        try Self.consumeAll(pipeline, files: 20, rowsEach: 10_000)
        #expect(opened.current == 20)
    }

    @Test("a digest is lowercase hex, two digits a byte")
    func hexDigits() {
        #expect(Hex.lowercase([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.lowercase([UInt8]()) == "")
    }
}
