/// The incremental state of one synced resource (a Kraken Futures history endpoint, say), committed in the same
/// transaction as the rows it describes.
public struct SyncCursor: Sendable, Equatable, Codable {
    /// The resource's name (`executions`, `account_log`, …).
    public var resource: String
    /// Where the next run starts (a millisecond time or an entry id, as the resource defines it).
    public var cursor: String?
    /// An opaque continuation token, while a window is being paged.
    public var token: String?
    /// Rows stored so far.
    public var rows: Int64
    /// When a run last touched it (unix ms).
    public var lastRunAt: Int64?
    public var lastError: String?

    public init(
        resource: String, cursor: String? = nil, token: String? = nil, rows: Int64 = 0,
        lastRunAt: Int64? = nil, lastError: String? = nil
    ) {
        self.resource = resource
        self.cursor = cursor
        self.token = token
        self.rows = rows
        self.lastRunAt = lastRunAt
        self.lastError = lastError
    }
}

public protocol SyncCursorReading {
    func syncCursor(_ resource: String) throws -> SyncCursor?
    /// Every stored cursor, by resource name.
    func syncCursors() throws -> [SyncCursor]
}

public protocol SyncCursorWriting {
    /// Stores `cursor` (replacing the resource's previous one).
    func saveSyncCursor(_ cursor: SyncCursor) throws
    func deleteSyncCursor(_ resource: String) throws
}
