/// The Kraken Futures tables: one per declared resource (`futures_<name>`), rows keyed by the record's natural key,
/// the normalised columns of the declaration beside the raw JSON (sorted keys).
///
/// ```swift
/// try session.transaction { tx in
///     _ = try tx.upsertFuturesRecords(page.records, resource: .executions)
///     try tx.saveSyncCursor(step.cursor)                  // same transaction as the rows
/// }
/// try store.read { try $0.futuresRowCount(.executions) }
/// ```
public protocol FuturesHistoryReading {
    /// Rows stored for `resource`.
    func futuresRowCount(_ resource: FuturesResource) throws -> Int64
    /// The raw JSON of every row of `resource`, by natural key (for checks and exports).
    func futuresRawRows(_ resource: FuturesResource) throws -> [String: String]
}

public protocol FuturesHistoryWriting {
    /// Inserts `records` or updates them in place by natural key. Returns how many were new.
    @discardableResult
    func upsertFuturesRecords(_ records: [FuturesRecord], resource: FuturesResource) throws -> Int
    /// Replaces every row of a snapshot resource with `records`, stamped with `capturedAt` (unix ms).
    func replaceFuturesSnapshot(_ records: [FuturesRecord], resource: FuturesResource, capturedAt: Int64) throws
    /// Deletes every row of `resource`.
    func deleteFuturesRows(_ resource: FuturesResource) throws
}
