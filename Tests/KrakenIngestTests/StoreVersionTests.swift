import Foundation
import Testing

@testable import KrakenIngest

/// A store migrated by a newer kraken-ingest (the row counters and file precedence are migrations too) is refused
/// instead of written with columns left unset.
@Suite("Stores from newer versions", .blocking)
struct StoreVersionTests {
    @Test("a store holding a migration this version does not know is refused, for writing and for reading")
    func newerStoreRefused() async throws {
        let h = try ImportHarness()
        #expect(try h.probe().int("SELECT COUNT(*) FROM grdb_migrations WHERE identifier = 'v8-file-precedence'") == 1)
        try h.executeSQL("INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        for open in [
            { _ = try SQLiteStore.open(path: h.dbPath) }, { _ = try SQLiteStore.openReadOnly(path: h.dbPath) },
        ] {
            do {
                try open()
                Issue.record("a newer store was opened")
            } catch let error as KrakenIngestError {
                #expect("\(error)".contains("was written by a newer kraken-ingest"), "\(error)")
                #expect("\(error)".contains("v99-from-the-future"))
            }
        }
        let db = h.dbPath
        let run = try await onOwnThread { try Binary.run(["jobs", "--db", db]) }
        #expect(run.status != 0)
        #expect(run.stderr.contains("was written by a newer kraken-ingest"), "\(run.stderr)")
    }
}
