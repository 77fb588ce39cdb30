/// The version of kraken-ingest, in one place: the `User-Agent` of every request carries it.
///
/// ```swift
/// KrakenIngestVersion.current     // "0.3.0"
/// KrakenIngestVersion.userAgent   // "kraken-ingest/0.3.0"
/// ```
public enum KrakenIngestVersion {
    /// The release this build belongs to.
    public static let current = "0.3.0"

    /// The `User-Agent` header value Kraken asks every client to send.
    public static var userAgent: String { "kraken-ingest/\(current)" }
}
