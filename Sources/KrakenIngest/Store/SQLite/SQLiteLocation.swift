import Foundation

/// Where a SQLite database file lives, and whether this process may write there.
///
/// A writer needs to write the file and to create its `-wal`, `-shm` and `.lock` files beside it; a reader of a WAL
/// database on a location it cannot write opens it as immutable (nothing can change it there).
struct SQLiteLocation {
    let path: String

    /// The folder holding the file (`.` for a bare file name).
    var directory: String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Throws `cannotWrite` when a writer could not create or write the database here, with the reason.
    func checkWritable() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw KrakenIngestError.cannotWrite(
                "cannot create the database \(path): the folder \(directory) does not exist (kraken-ingest creates "
                    + "the database file, never its folders); create the folder or correct --db / KRAKEN_INGEST_DB")
        }
        guard isDirectory.boolValue else {
            throw KrakenIngestError.cannotWrite("cannot create the database \(path): \(directory) is not a folder")
        }
        if exists, access(path, W_OK) != 0 {
            throw KrakenIngestError.cannotWrite(
                "the database \(path) is read-only (\(reason(path))); commands that only read it (coverage, report, "
                    + "jobs, gaps --now, futures state) still work; copy it to a writable place to change it")
        }
        if access(directory, W_OK) != 0 {
            let what = exists ? "write to the database \(path)" : "create the database \(path)"
            throw KrakenIngestError.cannotWrite(
                "cannot \(what): the folder \(directory) is read-only (\(reason(directory))) and a writer creates "
                    + "its -wal, -shm and .lock files there; commands that only read (coverage, report, jobs) still "
                    + "work")
        }
    }

    /// Throws `noInput` when the database file exists but this process may not read it.
    func checkReadable() throws {
        guard access(path, R_OK) != 0 else { return }
        throw KrakenIngestError.noInput("cannot read the database \(path): \(String(cString: strerror(errno)))")
    }

    /// Throws `store` when a `-wal` file beside the database holds changes that a reader on a read-only location
    /// cannot see (SQLite needs the `-shm` index to read them, and cannot create it there).
    func checkNoPendingWAL() throws {
        let wal = path + "-wal"
        let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? NSNumber)?.int64Value ?? 0
        guard size > 0 else { return }
        throw KrakenIngestError.store(
            "cannot read the database \(path): \(wal) holds changes not yet in the database file, and the folder "
                + "\(directory) is read-only, so SQLite cannot read them; copy the database with its -wal file to a "
                + "writable folder, or let a writer (import, gaps) open it where the folder can be written")
    }

    /// True when this process cannot create files in the folder (read-only media or no write permission).
    var isReadOnlyFolder: Bool { access(directory, W_OK) != 0 }

    /// The path as a SQLite URI that opens it immutable: no `-wal` or `-shm` file is created or read.
    var immutableURI: String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#%"))
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "file:\(encoded)?immutable=1"
    }

    /// Why `path` is not writable: a read-only file system, or missing write permission.
    private func reason(_ path: String) -> String {
        var info = statvfs()
        if statvfs(path, &info) == 0, info.f_flag & UInt(ST_RDONLY) != 0 { return "read-only file system" }
        return "no write permission"
    }
}
