import CKrakenZlib
import Foundation

/// The decompressed bytes of a `.gz` file (one or more concatenated members), streamed through zlib.
public struct GzipChunkSource: ByteChunkSource {
    public let path: String
    public init(path: String) { self.path = path }

    public func forEachChunk(_ body: (UnsafeRawBufferPointer, Int64) throws -> Void) throws {
        var stream = z_stream()
        // 15 window bits + 32: accept the gzip header (and zlib's, harmlessly).
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw KrakenIngestError.input("\(path): zlib could not start")
        }
        defer { inflateEnd(&stream) }
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: byteChunkSize, alignment: 16)
        defer { output.deallocate() }
        var atMemberEnd = false
        var sawInput = false
        try FileChunkSource(path: path).forEachChunk { chunk, consumed in
            sawInput = true
            stream.next_in = UnsafeMutablePointer(mutating: chunk.baseAddress!.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(chunk.count)
            while stream.avail_in > 0 {
                if atMemberEnd {
                    // Zero padding after the last member is ignored, as gzip itself does.
                    while stream.avail_in > 0 && stream.next_in.pointee == 0 {
                        stream.next_in += 1
                        stream.avail_in -= 1
                    }
                    if stream.avail_in == 0 { break }
                    inflateReset(&stream)
                    atMemberEnd = false
                }
                stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(output.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                let produced = output.count - Int(stream.avail_out)
                if produced > 0 { try body(UnsafeRawBufferPointer(rebasing: output[0..<produced]), consumed) }
                switch status {
                case Z_OK, Z_BUF_ERROR: continue
                case Z_STREAM_END: atMemberEnd = true
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                    let offset = consumed - Int64(stream.avail_in)
                    throw KrakenIngestError.input("\(path): not a valid gzip stream near byte \(offset): \(message)")
                }
            }
        }
        // Drain output still held once all input is in.
        while !atMemberEnd && sawInput {
            stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(output.count)
            let status = inflate(&stream, Z_FINISH)
            let produced = output.count - Int(stream.avail_out)
            if produced > 0 { try body(UnsafeRawBufferPointer(rebasing: output[0..<produced]), 0) }
            if status == Z_STREAM_END { atMemberEnd = true } else if produced == 0 { break }
        }
        guard sawInput else { throw KrakenIngestError.input("\(path): empty file, not a gzip stream") }
        guard atMemberEnd else {
            throw KrakenIngestError.input("\(path): truncated gzip stream (the file ends inside a member)")
        }
    }
}
