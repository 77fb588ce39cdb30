import Foundation

/// The one-writer-per-database rule, enforced with an exclusive `flock` on `<database>.lock`.
///
/// The kernel drops the lock when its process dies, even on `kill -9`, so a crashed writer never blocks the next
/// one; any job still marked RUNNING after the lock is taken is known to be stale.
public final class WriterLock {
    public let lockPath: String
    private var descriptor: Int32

    private init(lockPath: String, descriptor: Int32) {
        self.lockPath = lockPath
        self.descriptor = descriptor
    }

    /// Takes the lock without waiting; nil when another process holds it.
    public static func tryAcquire(databasePath: String) throws -> WriterLock? {
        let lockPath = databasePath + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw KrakenIngestError.store("cannot create lock file \(lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
        return WriterLock(lockPath: lockPath, descriptor: fd)
    }

    /// The pid written by the process that holds the lock, if readable.
    public static func holderPID(databasePath: String) -> Int32? {
        guard let text = try? String(contentsOfFile: databasePath + ".lock", encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Releases the lock (also done on deinit).
    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}

extension KrakenStore {
    /// Takes the writer lock of this database, or throws `databaseBusy` naming who holds it: the RUNNING job
    /// (id, kind, pid, progress) when there is one, else the pid in the lock file.
    public func acquireWriterLock() throws -> WriterLock {
        if let lock = try WriterLock.tryAcquire(databasePath: path) { return lock }
        if let job = try? dbQueue.read({ try JobStore.running(in: $0) }) {
            throw KrakenIngestError.databaseBusy(
                "database busy: \(path) is held by job \(job.id) (\(job.kind), pid \(job.pid.map(String.init) ?? "?"), "
                    + "files \(job.filesDone)/\(job.filesTotal)); wait for it to finish or stop it (Ctrl-C pauses it)")
        }
        let pid = WriterLock.holderPID(databasePath: path).map { " (pid \($0))" } ?? ""
        throw KrakenIngestError.databaseBusy("database busy: \(path) is held by another kraken-ingest process\(pid); wait for it to finish")
    }
}
