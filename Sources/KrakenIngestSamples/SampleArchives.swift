import Foundation
import KrakenIngest
import ZIPFoundation

/// The bundled sample: a small "complete" Kraken OHLCVT archive and a quarterly-style update that overlaps it,
/// generated deterministically (same bytes on every run), with no-trade omissions and deliberate holes.
///
/// - `Kraken_OHLCVT.zip` (members under `Kraken_OHLCVT/`): Q2 2024, 2024-04-01 to 2024-07-01.
/// - `Kraken_OHLCVT_Q3_2024.zip` (members under `master_q3/`): 2024-06-25 to 2024-10-01, overlapping the
///   complete archive by six days with identical rows.
/// Holes: MANAUSD_60 is missing from the complete archive (the update brings it from 2024-06-25); SOLUSD_1440 is
/// missing from the update; XBTUSD_15 exists only in the update; WIFUSD is listed from 2024-05-01 (not a tier
/// pair: UNTIERED). A missing candle inside an archive's period is a no-trade slot, so holes are missing members.
public enum SampleArchives {
    /// One member of a sample archive.
    public struct Member: Sendable {
        public let pair: String
        public let minutes: Int
        public let range: TimeRange
        public let noTradeShare: Double
        public let basePrice: Double
    }

    public static let q2Start: Int64 = 1_711_929_600  // 2024-04-01
    public static let q3Start: Int64 = 1_719_792_000  // 2024-07-01
    public static let overlapStart: Int64 = 1_719_273_600  // 2024-06-25
    public static let q4Start: Int64 = 1_727_740_800  // 2024-10-01
    static let wifListing: Int64 = 1_714_521_600  // 2024-05-01

    static let pairs: [(pair: String, price: Double, noTrade: Double)] = [
        ("XBTUSD", 64_000, 0), ("ETHUSD", 3_200, 0), ("SOLUSD", 150, 0.002),
        ("ATOMUSD", 8, 0.02), ("MANAUSD", 0.45, 0.05), ("WIFUSD", 2.5, 0.03),
    ]

    /// Members of the complete archive.
    public static var completeMembers: [Member] {
        var members: [Member] = []
        for p in pairs {
            for minutes in [60, 240, 1440] where !(p.pair == "MANAUSD" && minutes == 60) {
                let start = p.pair == "WIFUSD" ? wifListing : q2Start
                members.append(
                    Member(
                        pair: p.pair, minutes: minutes, range: TimeRange(start: start, end: q3Start),
                        noTradeShare: minutes == 60 ? p.noTrade : 0, basePrice: p.price))
            }
        }
        return members
    }

    /// Members of the quarterly update.
    public static var quarterlyMembers: [Member] {
        var members: [Member] = []
        for p in pairs {
            for minutes in [60, 240, 1440] where !(p.pair == "SOLUSD" && minutes == 1440) {
                members.append(
                    Member(
                        pair: p.pair, minutes: minutes, range: TimeRange(start: overlapStart, end: q4Start),
                        noTradeShare: minutes == 60 ? p.noTrade : 0, basePrice: p.price))
            }
        }
        members.append(
            Member(
                pair: "XBTUSD", minutes: 15, range: TimeRange(start: 1_727_136_000, end: q4Start),  // from 2024-09-24
                noTradeShare: 0, basePrice: 64_000))
        return members
    }

    /// The CSV text of a member.
    public static func csv(_ member: Member) -> String {
        SyntheticCandles(
            pair: member.pair, interval: CandleInterval(minutes: member.minutes)!,
            noTradeShare: member.noTradeShare, basePrice: member.basePrice
        ).csv(member.range)
    }

    /// Writes both archives into `directory` and returns their paths.
    @discardableResult
    public static func write(to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let complete = directory + "/Kraken_OHLCVT.zip"
        let quarterly = directory + "/Kraken_OHLCVT_Q3_2024.zip"
        try writeZip(complete, folder: "Kraken_OHLCVT", members: completeMembers)
        try writeZip(quarterly, folder: "master_q3", members: quarterlyMembers)
        return [complete, quarterly]
    }

    /// Writes a ZIP of `members` (deflated, fixed timestamps) under `folder/`.
    public static func writeZip(_ path: String, folder: String, members: [Member]) throws {
        try writeZip(path, entries: members.map { ("\(folder)/\($0.pair)_\($0.minutes).csv", Data(csv($0).utf8)) })
    }

    /// Writes a ZIP with the given member paths and contents, deflated, with a fixed modification date so the
    /// bytes are reproducible.
    public static func writeZip(_ path: String, entries: [(path: String, data: Data)]) throws {
        try? FileManager.default.removeItem(atPath: path)
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        } catch {
            throw KrakenIngestError.input("\(path): cannot create ZIP archive (\(error))")
        }
        let fixedDate = Date(timeIntervalSince1970: 1_727_740_800)
        for entry in entries {
            try archive.addEntry(
                with: entry.path, type: .file, uncompressedSize: Int64(entry.data.count),
                modificationDate: fixedDate, compressionMethod: .deflate
            ) { position, size in
                entry.data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }
}

/// Adds files from disk to a new ZIP archive (deflated, streamed from the file).
public struct ZIPArchiveWriter {
    private let archive: Archive

    public init(path: String) throws {
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        } catch {
            throw KrakenIngestError.input("\(path): cannot create ZIP archive (\(error))")
        }
    }

    /// Adds `file` as member `memberPath`.
    public func add(file: String, as memberPath: String) throws {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw KrakenIngestError.input("\(file): cannot read")
        }
        defer { try? handle.close() }
        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0
        try archive.addEntry(
            with: memberPath, type: .file, uncompressedSize: size,
            modificationDate: Date(timeIntervalSince1970: 1_727_740_800),
            compressionMethod: .deflate, bufferSize: 1 << 20
        ) { position, chunk in
            try handle.seek(toOffset: UInt64(position))
            return handle.readData(ofLength: chunk)
        }
    }
}
