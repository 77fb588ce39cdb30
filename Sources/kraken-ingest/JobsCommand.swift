import ArgumentParser
import Foundation
import KrakenIngest

struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jobs", abstract: "List jobs, newest first.")

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "How many jobs to show.")
    var limit = 50

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            guard let opened = try KrakenStore.openReadOnly(path: store.databasePath) else {
                emit(json ? "[]\n" : "No jobs yet (no database at \(store.databasePath)).\n")
                return
            }
            let jobs = try opened.dbQueue.read { try JobStore.all(limit: limit, in: $0) }
            emit(json ? try jsonText(jobs) : ImportReportText.jobs(jobs))
        }
    }
}
