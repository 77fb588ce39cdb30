import Foundation
import Testing

@testable import KrakenIngest

@Suite("Selection validation")
struct SelectionValidationTests {
    @Test("only Kraken's intervals pass; the message lists every valid one")
    func intervals() throws {
        try SelectionValidation.checkIntervals([1, 60, 720, 1440, 10080, 21600])
        let valid = "1, 5, 15, 30, 60, 240, 720, 1440, 10080, 21600"
        #expect(throws: KrakenIngestError.usage("7 is not a Kraken interval; valid intervals in minutes: \(valid)")) {
            try SelectionValidation.checkIntervals([60, 7])
        }
    }

    @Test("unknown pairs are named with a close match when there is one, and the known pairs are listed")
    func pairs() throws {
        let known: Set<String> = ["XBTUSD", "ETHUSD", "SOLUSD"]
        try SelectionValidation.checkPairs(["XBTUSD"], known: known, knownFrom: "the store")
        #expect(
            throws: KrakenIngestError.usage(
                "unknown pairs 'XBTUSE' (did you mean XBTUSD?), 'NOPE': not in the store; known pairs (3): ETHUSD, "
                    + "SOLUSD, XBTUSD")
        ) { try SelectionValidation.checkPairs(["XBTUSE", "NOPE"], known: known, knownFrom: "the store") }
        #expect(
            throws: KrakenIngestError.usage("unknown pair 'XBTUSD': not in the store, which has no pairs")
        ) { try SelectionValidation.checkPairs(["XBTUSD"], known: [], knownFrom: "the store") }
    }

    @Test("a long list of known pairs is cut with a count of the rest")
    func longList() throws {
        let known = Set((0..<50).map { String(format: "P%02dUSD", $0) })
        do {
            try SelectionValidation.checkPairs(["ZZZZZZZZ"], known: known, knownFrom: "the store")
            Issue.record("expected an error")
        } catch let error as KrakenIngestError {
            #expect(error.description.hasSuffix("P39USD … and 10 more"), "\(error)")
        }
    }

    @Test("suggestions are typos only: at most two edits and fewer than a third of the name")
    func suggestions() {
        let known = ["XBTUSD", "ETHUSD", "XBTEUR", "DOTUSD"]
        #expect(SelectionValidation.suggestion(for: "XBTUSE", among: known) == "XBTUSD")
        #expect(SelectionValidation.suggestion(for: "ETHUS", among: known) == "ETHUSD")
        #expect(SelectionValidation.suggestion(for: "NOPE", among: known) == nil)
        #expect(SelectionValidation.suggestion(for: "ABCDEF", among: known) == nil)
        #expect(SelectionValidation.editDistance("kitten", "sitting") == 3)
        #expect(SelectionValidation.editDistance("", "abc") == 3)
    }
}
