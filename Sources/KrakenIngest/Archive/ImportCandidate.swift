/// One candle file found by `ArchiveScanner`: a file on disk or a member of a ZIP archive.
public struct ImportCandidate: Sendable, Equatable {
    /// Where the bytes live.
    public enum Location: Sendable, Equatable {
        /// A plain or compressed file; `modifiedAt` (unix seconds) lets an unchanged file be skipped unread.
        case file(path: String, compression: CandleFileName.Compression, modifiedAt: Int64)
        /// A ZIP member, with the size and CRC-32 of its content from the central directory.
        case zipMember(archivePath: String, memberPath: String, crc32: UInt32)
    }

    public let location: Location
    public let pair: String
    public let interval: CandleInterval
    /// Bytes to read: the file size on disk, or the member's uncompressed size.
    public let size: Int64

    public init(location: Location, pair: String, interval: CandleInterval, size: Int64) {
        self.location = location
        self.pair = pair
        self.interval = interval
        self.size = size
    }

    /// The ledger key: the file path (or archive path) and the member path ("" for files).
    /// What holds the file: its ZIP archive, or the folder of a plain file.
    public var container: String {
        switch location {
        case .file(let path, _, _): return PathName.folder(path)
        case .zipMember(let archivePath, _, _): return archivePath
        }
    }

    public var ledgerPath: String {
        switch location {
        case .file(let path, _, _): return path
        case .zipMember(let archivePath, _, _): return archivePath
        }
    }

    public var ledgerMember: String {
        if case .zipMember(_, let member, _) = location { return member }
        return ""
    }

    /// The file name the content is known by (`XBTUSD_60.csv`), without folders.
    public var contentName: String {
        let path = ledgerMember.isEmpty ? ledgerPath : ledgerMember
        return PathName.baseName(path)
    }

    /// Modification time of a plain file (unix seconds); nil for ZIP members.
    public var modifiedAt: Int64? {
        if case .file(_, _, let modified) = location { return modified }
        return nil
    }

    /// CRC-32 of a ZIP member's content from the central directory; nil for plain files.
    public var crc32: UInt32? {
        if case .zipMember(_, _, let crc) = location { return crc }
        return nil
    }

    /// `XBTUSD_60.csv` inside `Kraken_OHLCVT.zip`, or the file path.
    public var displayName: String {
        switch location {
        case .file(let path, _, _): return path
        case .zipMember(let archivePath, let member, _):
            return "\(PathName.baseName(archivePath)):\(member)"
        }
    }

    /// A source of the candidate's decoded bytes.
    public func makeSource() -> ByteChunkSource {
        switch location {
        case .file(let path, .none, _): return FileChunkSource(path: path)
        case .file(let path, .zstd, _): return ZstdChunkSource(path: path)
        case .file(let path, .gzip, _): return GzipChunkSource(path: path)
        case .zipMember(let archivePath, let member, _):
            return ZipMemberChunkSource(archivePath: archivePath, memberPath: member)
        }
    }
}

/// A path that the scanner found but will not import, with the reason.
public struct SkippedPath: Sendable, Equatable, Codable {
    public let path: String
    public let reason: String
}
