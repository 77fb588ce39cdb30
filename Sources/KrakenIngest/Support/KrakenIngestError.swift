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

    public var description: String {
        switch self {
        case .usage(let m), .databaseBusy(let m), .store(let m), .input(let m): return m
        }
    }
}
