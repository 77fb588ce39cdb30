import FlyingSocks
import Foundation

/// A response body sent in paced chunks, or cut short: the byte source behind `slowBody` and `truncatedBody`.
/// When cut, it throws after `cutAfter` bytes, which makes the server close the connection mid-body while the
/// head still promises the full `Content-Length`.
struct ScriptedBody: AsyncBufferedSequence {
    typealias Element = UInt8

    struct Cut: Error {}

    let data: Data
    let chunkSize: Int
    let pause: Double
    let cutAfter: Int?

    init(_ data: Data, chunks: Int = 1, pause: Double = 0, cutAfter: Int? = nil) {
        self.data = data
        chunkSize = Swift.max(1, (data.count + Swift.max(1, chunks) - 1) / Swift.max(1, chunks))
        self.pause = pause
        self.cutAfter = cutAfter.map { Swift.min(Swift.max(0, $0), data.count) }
    }

    func makeAsyncIterator() -> Iterator { Iterator(body: self) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        let body: ScriptedBody
        var offset = 0

        mutating func next() async throws -> UInt8? { try await nextBuffer(suggested: 1)?.first }

        mutating func nextBuffer(suggested count: Int) async throws -> Data? {
            let limit = body.cutAfter ?? body.data.count
            guard offset < limit else {
                if body.cutAfter != nil, offset < body.data.count { throw Cut() }
                return nil
            }
            if body.pause > 0, offset % body.chunkSize == 0 {
                try await Task.sleep(nanoseconds: UInt64(body.pause * 1_000_000_000))
            }
            let chunkEnd = Swift.min((offset / body.chunkSize + 1) * body.chunkSize, limit)
            let end = Swift.min(offset + Swift.max(1, count), chunkEnd)
            defer { offset = end }
            return body.data.subdata(in: offset..<end)
        }
    }
}
