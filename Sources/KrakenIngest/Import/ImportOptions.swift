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
    /// Read and hash again the files the ledger already knows, instead of trusting their size and modification
    /// time (or a member's CRC-32): a corrected file of the same size and time is imported, an unchanged one ends
    /// as a DUPLICATE. Left out of the JSON when false, so jobs stored before it existed still match.
    public var recheck: Bool

    public init(
        paths: [String], tiers: [String] = [], pairs: [String] = [], intervals: [Int] = [],
        maxRejectRatio: Double = 0.01, recheck: Bool = false
    ) {
        self.paths = paths.map(ArchiveScanner.absolute)
        self.tiers = tiers.map { $0.uppercased() }.sorted()
        self.pairs = pairs.sorted()
        self.intervals = intervals.sorted()
        self.maxRejectRatio = maxRejectRatio
        self.recheck = recheck
    }

    private enum CodingKeys: String, CodingKey {
        case paths, tiers, pairs, intervals, maxRejectRatio, recheck
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        paths = try c.decode([String].self, forKey: .paths)
        tiers = try c.decode([String].self, forKey: .tiers)
        pairs = try c.decode([String].self, forKey: .pairs)
        intervals = try c.decode([Int].self, forKey: .intervals)
        maxRejectRatio = try c.decode(Double.self, forKey: .maxRejectRatio)
        recheck = try c.decodeIfPresent(Bool.self, forKey: .recheck) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(paths, forKey: .paths)
        try c.encode(tiers, forKey: .tiers)
        try c.encode(pairs, forKey: .pairs)
        try c.encode(intervals, forKey: .intervals)
        try c.encode(maxRejectRatio, forKey: .maxRejectRatio)
        if recheck { try c.encode(recheck, forKey: .recheck) }
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
