import CKrakenZlib
import CKrakenZstd
import Foundation
import KrakenIngest

/// Compressors for the files tests and benchmarks make (`.zst`, `.gz`); the import only decompresses.
public enum Compressor {
    /// One zstd frame of `data`.
    public static func zstd(_ data: Data, level: Int32 = 3) throws -> Data {
        let bound = ZSTD_compressBound(data.count)
        var out = Data(count: bound)
        let written = out.withUnsafeMutableBytes { dst in
            data.withUnsafeBytes { src in ZSTD_compress(dst.baseAddress, bound, src.baseAddress, data.count, level) }
        }
        guard ZSTD_isError(written) == 0 else { throw KrakenIngestError.input("zstd compression failed") }
        out.count = written
        return out
    }

    /// A gzip member of `data`.
    public static func gzip(_ data: Data) throws -> Data {
        var stream = z_stream()
        guard
            deflateInit2_(
                &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else {
            throw KrakenIngestError.input("gzip compression could not start")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(data.count))) + 32
        var out = Data(count: bound)
        let status: Int32 = out.withUnsafeMutableBytes { dst in
            data.withUnsafeBytes { src in
                stream.next_in = UnsafeMutablePointer(mutating: src.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(data.count)
                stream.next_out = dst.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(bound)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw KrakenIngestError.input("gzip compression failed (\(status))") }
        out.count = Int(stream.total_out)
        return out
    }

    /// Streams `input` into a zstd file at `output` in chunks (for benchmark files too large for memory).
    public static func zstdFile(input: String, output: String, level: Int32 = 3) throws {
        guard let cctx = ZSTD_createCCtx() else { throw KrakenIngestError.input("zstd: out of memory") }
        defer { ZSTD_freeCCtx(cctx) }
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level)
        guard
            let out = FileHandle(forWritingAtPath: output)
                ?? {
                    _ = FileManager.default.createFile(atPath: output, contents: nil)
                    return FileHandle(forWritingAtPath: output)
                }()
        else { throw KrakenIngestError.input("\(output): cannot write") }
        defer { try? out.close() }
        try out.truncate(atOffset: 0)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        func pump(_ chunk: UnsafeRawBufferPointer, _ mode: ZSTD_EndDirective) throws {
            var input = ZSTD_inBuffer(src: chunk.baseAddress, size: chunk.count, pos: 0)
            var finished = false
            repeat {
                var o = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
                let remaining = ZSTD_compressStream2(cctx, &o, &input, mode)
                guard ZSTD_isError(remaining) == 0 else { throw KrakenIngestError.input("zstd compression failed") }
                if o.pos > 0 { out.write(Data(bytes: buffer.baseAddress!, count: o.pos)) }
                finished = mode == ZSTD_e_end ? remaining == 0 : input.pos == input.size
            } while !finished
        }
        try FileChunkSource(path: input).forEachChunk { chunk, _ in try pump(chunk, ZSTD_e_continue) }
        try pump(UnsafeRawBufferPointer(start: nil, count: 0), ZSTD_e_end)
    }
}
