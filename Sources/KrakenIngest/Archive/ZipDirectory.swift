import Foundation
import ZIPFoundation

/// ZIP archives opened once per process, with their central directory read once into a map of members.
///
/// Kraken's complete archive has thousands of members. Opening the archive and searching its central directory
/// again for each member cost time that grew with the member count (quadratic over an import); here the scan that
/// lists the members keeps the open archive, and each member is found by its path in constant time. Members are
/// read one at a time (one import reads one file at a time), so sharing one open archive is safe.
final class ZipDirectory: @unchecked Sendable {
    let archive: Archive
    private let members: [String: Entry]
    private let size: Int64
    private let modified: Date?

    private static let lock = NSLock()
    private static let maxOpen = 8
    nonisolated(unsafe) private static var open: [String: ZipDirectory] = [:]

    private init(archive: Archive, members: [String: Entry], size: Int64, modified: Date?) {
        self.archive = archive
        self.members = members
        self.size = size
        self.modified = modified
    }

    /// The archive at `path`, opened and listed once (again when the file changed since).
    static func at(_ path: String) throws -> ZipDirectory {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
        let modified = attributes?[.modificationDate] as? Date
        if let cached = lock.withLock({ open[path] }), cached.size == size, cached.modified == modified {
            return cached
        }
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        var members: [String: Entry] = [:]
        for entry in archive where members[entry.path] == nil { members[entry.path] = entry }
        let directory = ZipDirectory(archive: archive, members: members, size: size, modified: modified)
        lock.withLock {
            // A few archives are open at a time; each holds a file descriptor, so a long-lived process keeps few.
            if open.count >= maxOpen { open.removeAll() }
            open[path] = directory
        }
        return directory
    }

    /// The member at `path` (the first, when an archive holds two with the same path).
    func member(_ path: String) -> Entry? { members[path] }

    /// Every entry in central-directory order.
    var entries: [Entry] { Array(archive) }
}
