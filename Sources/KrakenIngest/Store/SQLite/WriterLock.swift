import Foundation

/// The one-writer-per-database rule: an exclusive lock on `<database>.lock`, next to the database's real path
/// (symlinks resolved), so two spellings of one file share one lock.
///
/// On Linux the lock is an open-file-description lock (`F_OFD_SETLK`): like `flock` it belongs to the open file,
/// so a second attempt from the same process is refused too, and unlike `flock` another process can ask who holds
/// it (`F_OFD_GETLK`) without taking it, which is how readers tell a live job from a stale one. Elsewhere it is a
/// POSIX record lock. The kernel drops it when its process dies, even on `kill -9`.
final class WriterLock: @unchecked Sendable {
    let lockPath: String
    private var descriptor: Int32

    private init(lockPath: String, descriptor: Int32) {
        self.lockPath = lockPath
        self.descriptor = descriptor
    }

    /// The lock file of the database at `databasePath`: its real path (symlinks resolved) plus `.lock`.
    static func lockPath(databasePath: String) -> String {
        canonicalPath(databasePath) + ".lock"
    }

    /// The absolute, symlink-free path of `path`, or of its folder when the file does not exist yet.
    static func canonicalPath(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        if let resolved = realpath(folder, nil) {
            defer { free(resolved) }
            return String(cString: resolved) + "/" + url.lastPathComponent
        }
        return url.standardizedFileURL.path
    }

    /// Lock paths held by this process: POSIX record locks (macOS) belong to the process, so a second session of
    /// the same process must be refused here rather than by the kernel.
    private static let heldHere = NSLock()
    nonisolated(unsafe) private static var heldPaths: Set<String> = []

    /// Takes the lock without waiting; nil when another holder (process or session) has it. A failure that is not
    /// "held by someone else" (a file system without these locks, say) is an error, not "busy".
    static func tryAcquire(databasePath: String) throws -> WriterLock? {
        let path = lockPath(databasePath: databasePath)
        guard heldHere.withLock({ heldPaths.insert(path).inserted }) else { return nil }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            heldHere.withLock { _ = heldPaths.remove(path) }
            throw KrakenIngestError.store("cannot create lock file \(path): \(reason)")
        }
        var request = Self.request(type: F_WRLCK)
        guard fcntl(fd, setLockCommand, &request) == 0 else {
            let code = errno
            close(fd)
            heldHere.withLock { _ = heldPaths.remove(path) }
            if code == EAGAIN || code == EACCES { return nil }
            throw KrakenIngestError.store(
                "cannot lock \(path) for writing: \(String(cString: strerror(code))) (is it on a file system "
                    + "without file locks, such as some network shares? keep the database on a local disk)")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
        return WriterLock(lockPath: path, descriptor: fd)
    }

    /// True when some writer holds the lock of the database at `databasePath`. Never takes the lock, so a
    /// reader asking never makes a writer fail.
    static func isHeld(databasePath: String) -> Bool {
        let path = lockPath(databasePath: databasePath)
        if heldHere.withLock({ heldPaths.contains(path) }) { return true }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        // No lock file: no writer ever ran here. Any other failure: cannot tell, so never call a live job stale.
        guard fd >= 0 else { return errno != ENOENT }
        defer { close(fd) }
        var request = Self.request(type: F_WRLCK)
        guard fcntl(fd, getLockCommand, &request) == 0 else { return true }
        return request.l_type != Int16(F_UNLCK)
    }

    /// The pid written by the process that holds the lock, if readable.
    static func holderPID(databasePath: String) -> Int32? {
        guard let text = try? String(contentsOfFile: lockPath(databasePath: databasePath), encoding: .utf8) else {
            return nil
        }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Releases the lock (also done on deinit).
    func release() {
        guard descriptor >= 0 else { return }
        var request = Self.request(type: F_UNLCK)
        _ = fcntl(descriptor, Self.setLockCommand, &request)
        close(descriptor)
        descriptor = -1
        Self.heldHere.withLock { _ = Self.heldPaths.remove(lockPath) }
    }

    deinit { release() }

    private static func request(type: Int32) -> flock {
        var request = flock()
        request.l_type = Int16(type)
        request.l_whence = Int16(SEEK_SET)
        request.l_start = 0
        request.l_len = 0
        request.l_pid = 0
        return request
    }

    #if os(Linux)
        // F_OFD_GETLK and F_OFD_SETLK from <fcntl.h> (Linux 3.15+); Glibc's module does not export them.
        private static let getLockCommand: Int32 = 36
        private static let setLockCommand: Int32 = 37
    #else
        private static let getLockCommand: Int32 = F_GETLK
        private static let setLockCommand: Int32 = F_SETLK
    #endif
}
