import Foundation
import ZIPFoundation

/// Expands the paths given to `import` into candle files: directories recursively, ZIP archives member by member
/// (from the central directory only, nothing is decompressed), and single `.csv`, `.csv.zst`, `.csv.gz` files.
public struct ArchiveScanner {
    public struct Result: Sendable {
        public var candidates: [ImportCandidate] = []
        public var skipped: [SkippedPath] = []
        /// Paths that could not be read at all (missing, no permission, a ZIP whose directory is unreadable).
        public var unreadable: [SkippedPath] = []
    }

    public init() {}

    /// Scans `paths` in order; a path that does not exist or cannot be read is listed in `unreadable`.
    public func scan(_ paths: [String]) throws -> Result {
        var result = Result()
        for raw in paths {
            let path = Self.absolute(raw)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                result.unreadable.append(SkippedPath(path: raw, reason: "no such file or directory"))
                continue
            }
            guard access(path, isDirectory.boolValue ? R_OK | X_OK : R_OK) == 0 else {
                result.unreadable.append(SkippedPath(path: raw, reason: "permission denied"))
                continue
            }
            if isDirectory.boolValue {
                for file in try Self.filesBelow(path) { try scanFile(file, into: &result) }
            } else {
                try scanFile(path, into: &result)
            }
        }
        return result
    }

    private func scanFile(_ path: String, into result: inout Result) throws {
        // One stat for the kind, size and time: a Kraken folder holds thousands of files.
        var info = stat()
        let statted = stat(path, &info) == 0
        if statted, let kind = SpecialFile.kind(mode: info.st_mode) {
            result.skipped.append(SkippedPath(path: path, reason: SpecialFile.skipReason(kind)))
            return
        }
        if path.lowercased().hasSuffix(".zip") {
            try scanZip(path, into: &result)
            return
        }
        switch CandleFileName.parse(path) {
        case .failure(let reason):
            result.skipped.append(SkippedPath(path: path, reason: reason.text))
        case .success where !statted || access(path, R_OK) != 0:
            result.unreadable.append(SkippedPath(path: path, reason: "permission denied"))
        case .success(let name):
            #if os(Linux)
                let modified = Int64(info.st_mtim.tv_sec)
            #else
                let modified = Int64(info.st_mtimespec.tv_sec)
            #endif
            result.candidates.append(
                ImportCandidate(
                    location: .file(path: path, compression: name.compression, modifiedAt: modified),
                    pair: name.pair, interval: name.interval, size: Int64(info.st_size)))
        }
    }

    private func scanZip(_ path: String, into result: inout Result) throws {
        let directory: ZipDirectory
        do {
            directory = try ZipDirectory.at(path)
        } catch {
            result.unreadable.append(SkippedPath(path: path, reason: "not a readable ZIP archive (\(error))"))
            return
        }
        var seen = Set<String>()
        for entry in directory.entries where entry.type == .file {
            let member = entry.path
            guard seen.insert(member).inserted else {
                result.skipped.append(
                    SkippedPath(
                        path: "\(path):\(member)",
                        reason: "a second member with the same path; only the first is read"))
                continue
            }
            switch CandleFileName.parse(member) {
            case .failure(let reason):
                result.skipped.append(SkippedPath(path: "\(path):\(member)", reason: reason.text))
            case .success(let name) where name.compression != .none:
                result.skipped.append(
                    SkippedPath(
                        path: "\(path):\(member)", reason: "compressed file inside a ZIP archive is not supported"))
            case .success(let name):
                result.candidates.append(
                    ImportCandidate(
                        location: .zipMember(archivePath: path, memberPath: member, crc32: entry.checksum),
                        pair: name.pair, interval: name.interval, size: Int64(entry.uncompressedSize)))
            }
        }
    }

    /// Everything below `directory` but directories, sorted by path so that runs are reproducible (`scanFile`
    /// skips special files with the reason).
    static func filesBelow(_ directory: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw KrakenIngestError.usage("\(directory): cannot list the directory")
        }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let full = directory + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(full)
            }
        }
        return files.sorted()
    }

    /// The absolute, symlink-free form of `path`, so that one file has one ledger key.
    static func absolute(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
