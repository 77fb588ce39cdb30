import ArgumentParser
import Foundation
import KrakenIngest

struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "List jobs, newest first, with their phases and checkpoints.",
        discussion: "Example: kraken-ingest jobs --limit 5")

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "How many jobs to show.")
    var limit = 50

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let opened = try store.openForReading()
            var jobs = try opened.read { try $0.jobs(limit: limit) }
            // A RUNNING job while no writer holds the lock belongs to a process that died. Asking never takes the
            // lock, so a writer starting at this instant is never refused.
            if jobs.contains(where: { $0.status == .running }) && !opened.hasLiveWriter {
                for i in jobs.indices where jobs[i].status == .running {
                    jobs[i].error = JobRecord.staleMessage(pid: jobs[i].pid, jobID: jobs[i].id)
                }
            }
            emit(json ? try JobsJSON.text(jobs) : ImportReportText.jobs(jobs))
        }
    }
}
