import Crypto
import Foundation

/// Parsed rows of one stretch of a file, handed from the parsing thread to the writing thread.
struct ParsedBatch: Sendable {
    static let capacity = 8192

    var candles: [Candle] = []
    var lines: [Int] = []
    var rejections: [(line: Int, reason: String, raw: String)] = []
    /// Input bytes consumed when the batch was handed over (for progress).
    var inputBytes: Int64 = 0

    init() {
        candles.reserveCapacity(Self.capacity)
        lines.reserveCapacity(Self.capacity)
    }
}

/// Reads, hashes and parses a file on a second thread while the calling thread writes to SQLite.
///
/// SQLite's insert path is the import's bottleneck and single-threaded; moving the read, SHA-256 and parse to
/// the other core overlaps them with the writes. A bounded channel (a few batches) keeps memory flat. Either side
/// stopping (an error, a cancellation) stops the other, and `run` returns only after the parsing thread has ended.
enum ParsingPipeline {
    /// What the parsing thread sends.
    enum Message: Sendable {
        case batch(ParsedBatch)
        /// The whole file was read; the hash covers every byte the parser saw.
        case finished(sha256: String)
    }

    /// Streams `candidate` through the parser, calling `consume` on this thread for each message in order.
    static func run(_ candidate: ImportCandidate, stop: StopRequest,
                    consume: (Message) throws -> Void) throws {
        let channel = Channel(capacity: 4)
        let producer = Thread {
            do {
                try produce(candidate, stop: stop, channel: channel)
            } catch {
                channel.fail(error)
            }
            channel.producerEnded()
        }
        producer.stackSize = 1 << 20
        producer.start()
        defer { channel.waitForProducer() }
        do {
            while let message = try channel.receive() {
                try consume(message)
            }
        } catch {
            channel.abandon()
            throw error
        }
    }

    private static func produce(_ candidate: ImportCandidate, stop: StopRequest, channel: Channel) throws {
        var reader = CandleCSVReader(interval: candidate.interval)
        var hasher = SHA256()
        var sink = BatchingSink(channel: channel)
        try candidate.makeSource().forEachChunk { chunk, consumed in
            try stop.checkAborted()
            if channel.isAbandoned { throw JobAborted() }
            hasher.update(bufferPointer: chunk)
            sink.inputBytes = consumed
            try reader.feed(chunk, into: &sink)
        }
        try reader.finish(into: &sink)
        try sink.handOver()
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        try channel.send(.finished(sha256: digest))
    }

    /// Collects parsed rows into batches and sends each full one.
    private struct BatchingSink: CandleRowSink {
        let channel: Channel
        var batch = ParsedBatch()
        var inputBytes: Int64 = 0

        mutating func accept(_ candle: Candle, line: Int) throws {
            batch.candles.append(candle)
            batch.lines.append(line)
            if batch.candles.count == ParsedBatch.capacity { try handOver() }
        }

        mutating func reject(line: Int, reason: String, raw: String) throws {
            batch.rejections.append((line, reason, raw))
            if batch.rejections.count == ParsedBatch.capacity { try handOver() }
        }

        mutating func handOver() throws {
            batch.inputBytes = inputBytes
            try channel.send(.batch(batch))
            batch = ParsedBatch()
        }
    }

    /// A bounded, blocking queue between the two threads, with failure and abandonment.
    private final class Channel: @unchecked Sendable {
        private let condition = NSCondition()
        private let capacity: Int
        private var queue: [Message] = []
        private var failure: Error?
        private var abandoned = false
        private var producerDone = false

        init(capacity: Int) { self.capacity = capacity }

        var isAbandoned: Bool {
            condition.lock()
            defer { condition.unlock() }
            return abandoned
        }

        /// Blocks while the queue is full; throws once the consumer has given up.
        func send(_ message: Message) throws {
            condition.lock()
            defer { condition.unlock() }
            while queue.count >= capacity && !abandoned { condition.wait() }
            if abandoned { throw JobAborted() }
            queue.append(message)
            condition.broadcast()
        }

        /// The next message, nil after the producer ended cleanly, or the producer's error.
        func receive() throws -> Message? {
            condition.lock()
            defer { condition.unlock() }
            while queue.isEmpty && failure == nil && !producerDone { condition.wait() }
            if !queue.isEmpty {
                let message = queue.removeFirst()
                condition.broadcast()
                return message
            }
            if let failure { throw failure }
            return nil
        }

        func fail(_ error: Error) {
            condition.lock()
            if failure == nil { failure = error }
            condition.broadcast()
            condition.unlock()
        }

        func producerEnded() {
            condition.lock()
            producerDone = true
            condition.broadcast()
            condition.unlock()
        }

        func abandon() {
            condition.lock()
            abandoned = true
            queue.removeAll()
            condition.broadcast()
            condition.unlock()
        }

        func waitForProducer() {
            condition.lock()
            while !producerDone { condition.wait() }
            condition.unlock()
        }
    }
}
