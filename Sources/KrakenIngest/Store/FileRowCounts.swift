/// What became of the data rows of one file (or of a job's files, summed): the one definition the import summary,
/// the ledger (`ingested_files`) and the job counters (`jobs`, `v_jobs`) share.
///
/// Every data row read (every line but blank ones and a header) lands in exactly one bucket, so
/// `read = written + duplicate + outranked + rejected + discarded`:
/// - `written`: inserted, or changed a stored candle (its values or its source);
/// - `duplicate`: changed nothing because the same candle with the same values is stored already, or came earlier
///   in the same file; every row of a file whose whole content is stored already (a DUPLICATE file);
/// - `outranked`: differs from the stored candle, which takes precedence (a candle from an archive whose data ends
///   later);
/// - `rejected`: not a valid candle row (stored in `rejected_rows`, at most 10,000 per file, failed files included);
/// - `discarded`: a valid row of a file that failed as a whole (nothing of it is stored).
public struct FileRowCounts: Sendable, Codable, Equatable {
    public var read: Int64 = 0
    public var written: Int64 = 0
    public var duplicate: Int64 = 0
    public var outranked: Int64 = 0
    public var rejected: Int64 = 0
    public var discarded: Int64 = 0

    public init(
        read: Int64 = 0, written: Int64 = 0, duplicate: Int64 = 0, outranked: Int64 = 0, rejected: Int64 = 0,
        discarded: Int64 = 0
    ) {
        self.read = read
        self.written = written
        self.duplicate = duplicate
        self.outranked = outranked
        self.rejected = rejected
        self.discarded = discarded
    }

    /// True when every row read is in exactly one bucket.
    public var addsUp: Bool { read == written + duplicate + outranked + rejected + discarded }
}
