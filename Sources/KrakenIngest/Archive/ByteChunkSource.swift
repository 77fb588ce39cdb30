import Foundation

/// A stream of bytes delivered in fixed-size chunks, so that memory stays flat whatever the input size.
public protocol ByteChunkSource {
    /// Calls `body` with each chunk of decoded bytes, in order, and the number of input bytes consumed so far
    /// (compressed bytes for compressed files; the unit of the planned size used for progress).
    func forEachChunk(_ body: (UnsafeRawBufferPointer, _ inputBytesConsumed: Int64) throws -> Void) throws
}

/// The chunk size every source reads and decodes in.
public let byteChunkSize = 1 << 20

/// Raw bytes of a file, read with `read(2)` into one reused buffer.
public struct FileChunkSource: ByteChunkSource {
    public let path: String
    public init(path: String) { self.path = path }

    public func forEachChunk(_ body: (UnsafeRawBufferPointer, Int64) throws -> Void) throws {
        let fd = try SpecialFile.openRegular(path)
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: byteChunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var consumed: Int64 = 0
        while true {
            let n = read(fd, buffer.baseAddress, byteChunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw KrakenIngestError.input(
                    "\(path): read failed after \(consumed) bytes: \(String(cString: strerror(errno)))")
            }
            if n == 0 { return }
            consumed += Int64(n)
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), consumed)
        }
    }
}
