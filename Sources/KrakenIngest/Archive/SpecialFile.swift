import Foundation

/// Tells regular files from the special files a directory may hold (FIFOs, sockets, devices): opening or reading
/// one of those can block forever or never end, so the import skips them.
enum SpecialFile {
    /// What `path` is when it is not a regular file (symbolic links followed), such as "a FIFO (named pipe)"; nil
    /// for a regular file, or when `stat` fails (the open that follows reports why).
    static func kind(of path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return kind(mode: info.st_mode)
    }

    /// The description of a file mode that is not a regular file's.
    static func kind(mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFDIR: return "a directory"
        default: return "not a regular file"
        }
    }

    /// The reason printed for a skipped special file.
    static func skipReason(_ kind: String) -> String {
        "\(kind), not a regular file (reading it could block forever)"
    }

    /// Opens `path` for reading without ever blocking in `open` (a FIFO without a writer would), and refuses
    /// anything but a regular file, which may have replaced the file since the scan. Returns the descriptor.
    static func openRegular(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw KrakenIngestError.input("\(path): cannot open: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        if fstat(fd, &info) != 0 {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw KrakenIngestError.input("\(path): cannot stat: \(reason)")
        }
        if let kind = kind(mode: info.st_mode) {
            close(fd)
            throw KrakenIngestError.input("\(path): \(kind), not a regular file")
        }
        // Back to blocking reads: O_NONBLOCK means nothing for regular files, but clear it all the same.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }
}
