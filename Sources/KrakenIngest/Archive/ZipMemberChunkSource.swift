import CKrakenZlib
import Foundation
import ZIPFoundation

/// The decompressed bytes of one member of a ZIP archive, streamed without extracting to disk.
///
/// The CRC-32 from the central directory is verified with zlib's `crc32` over the same chunks (ZIPFoundation's
/// own pure-Swift CRC is several times slower on Linux); a mismatch fails the member.
public struct ZipMemberChunkSource: ByteChunkSource {
    public let archivePath: String
    public let memberPath: String

    public init(archivePath: String, memberPath: String) {
        self.archivePath = archivePath
        self.memberPath = memberPath
    }

    public func forEachChunk(_ body: (UnsafeRawBufferPointer, Int64) throws -> Void) throws {
        let directory: ZipDirectory
        do {
            directory = try ZipDirectory.at(archivePath)
        } catch {
            throw KrakenIngestError.input("\(archivePath): not a readable ZIP archive (\(error))")
        }
        let archive = directory.archive
        guard let entry = directory.member(memberPath) else {
            throw KrakenIngestError.input("\(archivePath): member \(memberPath) is no longer in the archive")
        }
        var crc: uLong = crc32(0, nil, 0)
        var produced: Int64 = 0
        do {
            // A small member gets a buffer its size: ZIPFoundation allocates the whole buffer for every member.
            let bufferSize = Int(min(UInt64(byteChunkSize), max(entry.uncompressedSize, 16_384)))
            _ = try archive.extract(entry, bufferSize: bufferSize, skipCRC32: true) { data in
                try data.withUnsafeBytes { raw in
                    guard raw.count > 0 else { return }
                    crc = crc32(crc, raw.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(raw.count))
                    produced += Int64(raw.count)
                    try body(raw, produced)
                }
            }
        } catch let error as KrakenIngestError {
            throw error
        } catch let error as JobAborted {
            throw error
        } catch {
            throw KrakenIngestError.input("\(archivePath): member \(memberPath) could not be decompressed (\(error))")
        }
        guard UInt32(truncatingIfNeeded: crc) == entry.checksum else {
            let actual = String(UInt32(truncatingIfNeeded: crc), radix: 16)
            let expected = String(entry.checksum, radix: 16)
            throw KrakenIngestError.input(
                "\(archivePath): member \(memberPath) is corrupt: CRC-32 \(actual) does not match the archive's "
                    + "\(expected)"
            )
        }
        guard UInt64(produced) == entry.uncompressedSize else {
            throw KrakenIngestError.input(
                "\(archivePath): member \(memberPath) gave \(produced) bytes, the archive says "
                    + "\(entry.uncompressedSize)"
            )
        }
    }
}
