/// Errors that end a command. Each message says what went wrong and where, in words a user can act on.
public enum KrakenIngestError: Error, CustomStringConvertible, Equatable {
    /// A bad flag, path or name given by the user.
    case usage(String)
    /// Another process holds the database for writing.
    case databaseBusy(String)
    /// A stored database that this version cannot use, or a failed SQLite operation.
    case store(String)
    /// A file that cannot be read or decoded.
    case input(String)
    /// What the command needs to read is not there: no database at the path (for commands that only read), or no
    /// candle file could be read from the paths given to `import`.
    case noInput(String)
    /// The database cannot be created or written where it is: its folder does not exist, or the location is
    /// read-only.
    case cannotWrite(String)
    /// A write to the database failed part-way (the disk filled up, or the device refused it): the transaction
    /// was rolled back, nothing of it was kept, and the job can be resumed once there is room.
    case writeFailed(String)

    public var description: String {
        switch self {
        case .usage(let m), .databaseBusy(let m), .store(let m), .input(let m), .noInput(let m), .cannotWrite(let m),
            .writeFailed(let m):
            return m
        }
    }
}
