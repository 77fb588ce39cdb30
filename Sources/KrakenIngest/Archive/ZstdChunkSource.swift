import CKrakenZstd
import Foundation

/// The decompressed bytes of a `.zst` file (one or more concatenated frames), streamed through libzstd.
public struct ZstdChunkSource: ByteChunkSource {
    public let path: String
    public init(path: String) { self.path = path }

    public func forEachChunk(_ body: (UnsafeRawBufferPointer, Int64) throws -> Void) throws {
        guard let stream = ZSTD_createDStream() else { throw KrakenIngestError.input("\(path): zstd: out of memory") }
        defer { ZSTD_freeDStream(stream) }
        ZSTD_initDStream(stream)
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: byteChunkSize, alignment: 16)
        defer { output.deallocate() }
        var lastResult = 0
        var sawInput = false
        try FileChunkSource(path: path).forEachChunk { chunk, consumed in
            sawInput = true
            var input = ZSTD_inBuffer(src: chunk.baseAddress, size: chunk.count, pos: 0)
            var outputFilled = false
            // Keep calling while input remains, or while the decoder filled the whole output in the middle of a
            // frame (it may hold more). A result of 0 means the frame ended and everything was flushed.
            repeat {
                var out = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
                let result = ZSTD_decompressStream(stream, &out, &input)
                if ZSTD_isError(result) != 0 {
                    throw KrakenIngestError.input(
                        "\(path): not a valid zstd stream: \(String(cString: ZSTD_getErrorName(result)))")
                }
                lastResult = result
                outputFilled = out.pos == out.size
                if out.pos > 0 { try body(UnsafeRawBufferPointer(rebasing: output[0..<out.pos]), consumed) }
            } while input.pos < input.size || (outputFilled && lastResult != 0)
        }
        guard sawInput else { throw KrakenIngestError.input("\(path): empty file, not a zstd stream") }
        guard lastResult == 0 else {
            throw KrakenIngestError.input("\(path): truncated zstd stream (the file ends inside a frame)")
        }
    }
}
