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

    /// A batch with room for `expectedRows` (at most `capacity`): a small file's batch does not allocate for 8,192.
    init(expectedRows: Int = capacity) {
        let rows = min(Self.capacity, expectedRows)
        guard rows > 0 else { return }
        candles.reserveCapacity(rows)
        lines.reserveCapacity(rows)
    }

    /// Rows and rejections, what the channel between the threads counts against its bound.
    var size: Int { candles.count + rejections.count }
}

/// Reads, hashes and parses the files of an import on a second thread while the calling thread writes to the store.
///
/// The store's insert path is the import's bottleneck and single-threaded; moving the read, SHA-256 and parse to
/// the other core overlaps them with the writes. The parsing thread runs ahead across files, so a Kraken archive
/// of thousands of small members keeps both cores busy too (one thread per file left the writer waiting for
/// every file's first batch). A bounded channel (a few batches) keeps memory flat. A file the writer gives up on
/// is skipped by the parser as well; `close` stops the parser and returns once it has ended.
///
/// A read can block (a network file system that hangs, a special file that slipped past the scanner). A stop
/// request must still be effective then: once a stop is requested, a file that delivers nothing for
/// `stallGrace` seconds is abandoned (its transaction rolls back and it stays PENDING), and `close` waits for a
/// blocked parsing thread at most `closeGrace` seconds before leaving it behind.
final class ParsingPipeline {
    /// Silence tolerated from the file in flight after a stop request.
    static let stallGrace = 2.0
    /// How long `close` waits for the parsing thread.
    static let closeGrace = 2.0

    /// What the parsing thread sends for one file.
    enum Message: Sendable {
        case batch(ParsedBatch)
        /// The whole file was read; the hash covers every byte the parser saw.
        case finished(sha256: String)
        /// The file could not be read or decoded.
        case failed(any Error)
    }

    /// Four full batches, however many files they come from: the parser runs ahead across many small files.
    private let channel = Channel(rowCapacity: 4 * ParsedBatch.capacity)
    private let stop: StopRequest
    private var closed = false

    /// Starts parsing `candidates` in order; rows opening after `latestOpenTime` are rejected. `source` gives a
    /// candidate's bytes (tests substitute sources that block).
    init(
        _ candidates: [ImportCandidate], stop: StopRequest, latestOpenTime: Int64,
        source: @escaping @Sendable (ImportCandidate) -> ByteChunkSource = { $0.makeSource() }
    ) {
        self.stop = stop
        let channel = self.channel
        let producer = Thread {
            for (index, candidate) in candidates.enumerated() {
                if channel.isAbandoned { break }
                do {
                    try Self.produce(
                        candidate, source: source(candidate), latestOpenTime: latestOpenTime, index: index,
                        stop: stop, channel: channel)
                } catch {
                    if channel.isAbandoned { break }
                    try? channel.send(index, .failed(error))
                }
            }
            channel.producerEnded()
        }
        producer.stackSize = 1 << 20
        producer.start()
    }

    deinit { close() }

    /// Calls `consume` on this thread for each message of file `index`, in order, ending with `.finished`. Files
    /// before `index` not consumed yet are skipped. When `consume` throws, the rest of the file is skipped.
    func consume(file index: Int, _ consume: (Message) throws -> Void) throws {
        channel.skip(below: index)
        var ended = false
        var silentSince: UInt64?
        do {
            while !ended {
                // The parser may have read the whole file already: an abort must still stop this file.
                try stop.checkAborted()
                let received: (Int, Message)?
                switch channel.receive(waitingAtMost: 0.25) {
                case .ended: throw JobAborted()
                case .message(let from, let message): received = (from, message)
                case .timedOut: received = nil
                }
                guard let (from, message) = received else {
                    try checkStall(since: &silentSince)
                    continue
                }
                silentSince = nil
                guard from == index else { continue }
                switch message {
                case .failed(let error):
                    ended = true
                    throw error
                case .finished:
                    ended = true
                    try consume(message)
                case .batch:
                    try consume(message)
                }
            }
        } catch {
            if !ended { channel.skip(below: index + 1) }
            throw error
        }
    }

    /// Throws `JobAborted` once a stop was requested and the parser has sent nothing for `stallGrace` seconds.
    private func checkStall(since silentSince: inout UInt64?) throws {
        guard stop.isStopRequested else {
            silentSince = nil
            return
        }
        let now = DispatchTime.now().uptimeNanoseconds
        guard let since = silentSince else {
            silentSince = now
            return
        }
        if Double(now - since) / 1e9 >= Self.stallGrace { throw JobAborted() }
    }

    /// Stops the parsing thread and waits for it to end (at most `closeGrace` seconds: a thread blocked in a read
    /// is left behind, and ends on its own once the read returns).
    func close() {
        guard !closed else { return }
        closed = true
        channel.abandon()
        channel.waitForProducer(atMost: Self.closeGrace)
    }

    private static func produce(
        _ candidate: ImportCandidate, source: ByteChunkSource, latestOpenTime: Int64, index: Int, stop: StopRequest,
        channel: Channel
    ) throws {
        var reader = CandleCSVReader(interval: candidate.interval, latestOpenTime: latestOpenTime)
        var hasher = SHA256()
        // About 40 bytes a row in Kraken's CSV files.
        var sink = BatchingSink(channel: channel, index: index, expectedRows: Int(min(candidate.size / 32, 1 << 20)))
        try source.forEachChunk { chunk, consumed in
            try stop.checkAborted()
            if channel.isAbandoned || channel.isSkipped(index) { throw JobAborted() }
            hasher.update(bufferPointer: chunk)
            sink.inputBytes = consumed
            try reader.feed(chunk, into: &sink)
        }
        try reader.finish(into: &sink)
        try sink.handOver(last: true)
        let digest = Hex.lowercase(hasher.finalize())
        try channel.send(index, .finished(sha256: digest))
    }

    /// Collects parsed rows into batches and sends each full one.
    private struct BatchingSink: CandleRowSink {
        let channel: Channel
        let index: Int
        var batch: ParsedBatch
        var inputBytes: Int64 = 0

        init(channel: Channel, index: Int, expectedRows: Int) {
            self.channel = channel
            self.index = index
            batch = ParsedBatch(expectedRows: expectedRows)
        }

        mutating func accept(_ candle: Candle, line: Int) throws {
            batch.candles.append(candle)
            batch.lines.append(line)
            if batch.candles.count == ParsedBatch.capacity { try handOver() }
        }

        mutating func reject(line: Int, reason: String, raw: String) throws {
            batch.rejections.append((line, reason, raw))
            if batch.rejections.count == ParsedBatch.capacity { try handOver() }
        }

        /// Sends the batch; a new one is made unless this was the file's `last`.
        mutating func handOver(last: Bool = false) throws {
            batch.inputBytes = inputBytes
            try channel.send(index, .batch(batch))
            batch = last ? ParsedBatch(expectedRows: 0) : ParsedBatch(expectedRows: ParsedBatch.capacity)
        }
    }

    /// A blocking queue between the two threads, bounded by the rows it holds (a file's end counts as one), with
    /// skipping and abandonment. A side is woken only when it waits: thousands of small files would otherwise cost
    /// a wake-up per message.
    private final class Channel: @unchecked Sendable {
        private let condition = NSCondition()
        private let rowCapacity: Int
        /// Messages from `head` on are queued (the consumed front is dropped in bulk, not one at a time).
        private var queue: [(Int, Message)] = []
        private var head = 0
        private var queuedRows = 0
        private var waiting = 0
        private var abandoned = false
        private var producerDone = false
        /// Files with a lower index are no longer wanted.
        private var skipBelow = 0

        init(rowCapacity: Int) { self.rowCapacity = rowCapacity }

        private static func rows(_ message: Message) -> Int {
            if case .batch(let batch) = message { return max(1, batch.size) }
            return 1
        }

        private func wait() {
            waiting += 1
            condition.wait()
            waiting -= 1
        }

        private func wait(until deadline: Date) -> Bool {
            waiting += 1
            defer { waiting -= 1 }
            return condition.wait(until: deadline)
        }

        private func wakeWaiters() {
            if waiting > 0 { condition.broadcast() }
        }

        var isAbandoned: Bool { condition.withLock { abandoned } }

        func isSkipped(_ index: Int) -> Bool { condition.withLock { index < skipBelow } }

        /// Drops queued messages of files below `index`, and tells the parser to skip those still being read.
        func skip(below index: Int) {
            condition.withLock {
                guard index > skipBelow else { return }
                skipBelow = index
                // Files arrive in index order: the skipped ones are at the front.
                var dropped = false
                while head < queue.count && queue[head].0 < index {
                    queuedRows -= Self.rows(queue[head].1)
                    queue[head].1 = .finished(sha256: "")
                    head += 1
                    dropped = true
                }
                if dropped { wakeWaiters() }
            }
        }

        /// Blocks while the queue is full; throws once the consumer has given up.
        func send(_ index: Int, _ message: Message) throws {
            condition.lock()
            defer { condition.unlock() }
            let rows = Self.rows(message)
            while queuedRows > 0 && queuedRows + rows > rowCapacity && !abandoned && index >= skipBelow { wait() }
            if abandoned { throw JobAborted() }
            if index < skipBelow {
                if case .batch = message { throw JobAborted() }
                return
            }
            queue.append((index, message))
            queuedRows += rows
            wakeWaiters()
        }

        enum Received {
            case message(Int, Message)
            /// The parser has ended and everything was received.
            case ended
            case timedOut
        }

        /// The next message, waiting at most `seconds` for one.
        func receive(waitingAtMost seconds: Double) -> Received {
            let deadline = Date(timeIntervalSinceNow: seconds)
            condition.lock()
            defer { condition.unlock() }
            while head == queue.count && !producerDone {
                if !wait(until: deadline) && head == queue.count && !producerDone { return .timedOut }
            }
            guard head < queue.count else { return .ended }
            let (index, message) = queue[head]
            queue[head].1 = .finished(sha256: "")
            head += 1
            if head == queue.count || head >= 1024 {
                queue.removeFirst(head)
                head = 0
            }
            queuedRows -= Self.rows(message)
            // The parser waits only when the queue is full; waking it once half is free, not for every message
            // taken, leaves it room for a full batch and spares a wake-up per small file.
            if queuedRows * 2 <= rowCapacity { wakeWaiters() }
            return .message(index, message)
        }

        func producerEnded() {
            condition.withLock {
                producerDone = true
                condition.broadcast()
            }
        }

        func abandon() {
            condition.withLock {
                abandoned = true
                queue.removeAll()
                head = 0
                queuedRows = 0
                condition.broadcast()
            }
        }

        /// Waits until the parser has ended, at most `seconds`; false when it has not.
        @discardableResult
        func waitForProducer(atMost seconds: Double) -> Bool {
            let deadline = Date(timeIntervalSinceNow: seconds)
            condition.lock()
            defer { condition.unlock() }
            while !producerDone {
                if !condition.wait(until: deadline) { return producerDone }
            }
            return true
        }
    }
}
