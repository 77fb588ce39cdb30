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
            var jobs = try opened.dbQueue.read { try JobStore.all(limit: limit, in: $0) }
            // A RUNNING job while nobody holds the writer lock belongs to a process that died.
            if jobs.contains(where: { $0.status == .running }), let lock = try WriterLock.tryAcquire(databasePath: opened.path) {
                lock.release()
                for i in jobs.indices where jobs[i].status == .running {
                    jobs[i].error = "stale: process \(jobs[i].pid.map(String.init) ?? "?") died; re-run the command or --resume \(jobs[i].id)"
                }
            }
            emit(json ? try jsonText(jobs) : ImportReportText.jobs(jobs))
        }
    }
}
