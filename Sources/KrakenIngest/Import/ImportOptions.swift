import Foundation

/// What an import job was asked to do. Stored with the job (as canonical JSON) so that `--resume` and a re-run
/// of the same command find it again.
public struct ImportOptions: Codable, Sendable, Equatable {
    /// Paths as given (made absolute).
    public var paths: [String]
    /// Selected tiers (`ALL` or names); empty means no tier filter.
    public var tiers: [String]
    /// Selected pair altnames (normalised); empty means no pair filter.
    public var pairs: [String]
    /// Selected intervals in minutes; empty means all.
    public var intervals: [Int]
    /// Largest accepted share of rejected rows in one file, 0...1.
    public var maxRejectRatio: Double

    public init(
        paths: [String], tiers: [String] = [], pairs: [String] = [], intervals: [Int] = [],
        maxRejectRatio: Double = 0.01
    ) {
        self.paths = paths.map(ArchiveScanner.absolute)
        self.tiers = tiers.map { $0.uppercased() }.sorted()
        self.pairs = pairs.sorted()
        self.intervals = intervals.sorted()
        self.maxRejectRatio = maxRejectRatio
    }

    /// Keys sorted, so equal options give byte-identical JSON.
    public func canonicalJSON() -> String { (try? CanonicalJSON.string(self)) ?? "{}" }

    public static func decode(_ json: String) throws -> ImportOptions {
        do {
            return try JSONDecoder().decode(ImportOptions.self, from: Data(json.utf8))
        } catch {
            throw KrakenIngestError.store("job options are unreadable: \(error)")
        }
    }
}
