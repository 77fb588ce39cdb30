import Foundation
import Testing

@testable import KrakenIngest

// The futures tables' part of the store contract: through the protocols only, on every engine.

extension StoreContractTests {
    @Suite("futures history")
    struct FuturesHistory: StoreContractSuite {
        static func page(_ resource: FuturesResource, _ json: String) throws -> [FuturesRecord] {
            try FuturesPage.decode(resource, body: Data(json.utf8)).records
        }

        static func executions(_ prices: [(String, String)]) throws -> [FuturesRecord] {
            let items = prices.enumerated().map { index, pair in
                #"{"uid":"e\#(index)","timestamp":\#(1_719_792_000_000 + index),"#
                    + #""event":{"Execution":{"execution":{"uid":"\#(pair.0)","price":"\#(pair.1)"}}}}"#
            }
            return try page(.executions, #"{"elements":[\#(items.joined(separator: ","))]}"#)
        }

        @Test("records upsert on their natural key, keeping the latest raw JSON", arguments: StoreEngineFactory.all)
        func upsert(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let first = try Self.executions([("a", "1"), ("b", "2")])
            #expect(try s.write { try $0.upsertFuturesRecords(first, resource: .executions) } == 2)
            let again = try Self.executions([("b", "3"), ("c", "4")])
            #expect(try s.write { try $0.upsertFuturesRecords(again, resource: .executions) } == 1)
            try s.read { r throws in
                #expect(try r.futuresRowCount(.executions) == 3)
                let rows = try r.futuresRawRows(.executions)
                #expect(rows["b"]?.contains(#""price":"3""#) == true)
                #expect(try r.futuresRowCount(.accountLog) == 0)
            }
        }

        @Test("rows and the cursor commit together or not at all", arguments: StoreEngineFactory.all)
        func atomic(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let records = try Self.executions([("a", "1")])
            #expect(throws: ContractBoom.self) {
                try s.write { tx throws in
                    try tx.upsertFuturesRecords(records, resource: .executions)
                    try tx.saveSyncCursor(SyncCursor(resource: "executions", cursor: "1719792000000", rows: 1))
                    throw ContractBoom()
                }
            }
            try s.read { r throws in
                #expect(try r.futuresRowCount(.executions) == 0)
                #expect(try r.syncCursor("executions") == nil)
            }
        }

        @Test("snapshots replace the table; rows can be dropped", arguments: StoreEngineFactory.all)
        func snapshots(engine: StoreEngineFactory) throws {
            let s = try ContractStore(engine)
            let two = try Self.page(.tickers, #"{"tickers":[{"symbol":"A","last":1},{"symbol":"B","last":2}]}"#)
            let one = try Self.page(.tickers, #"{"tickers":[{"symbol":"C","last":3}]}"#)
            try s.write { try $0.replaceFuturesSnapshot(two, resource: .tickers, capturedAt: 1) }
            try s.write { try $0.replaceFuturesSnapshot(one, resource: .tickers, capturedAt: 2) }
            #expect(try s.read { try $0.futuresRawRows(.tickers).keys.sorted() } == ["C"])
            try s.write { try $0.deleteFuturesRows(.tickers) }
            #expect(try s.read { try $0.futuresRowCount(.tickers) } == 0)
        }
    }
}
