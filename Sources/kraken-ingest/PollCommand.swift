import ArgumentParser
import Foundation
import KrakenIngest

/// `kraken-ingest poll`: keeps the newest candles of a selection fresh, one cycle per clock boundary.
struct PollCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll",
        abstract: "Keep the newest candles of a selection fresh: one OHLC request per series every period.",
        discussion: """
            The first cycle runs at once, later ones at the clock boundaries of --every (15m: :00, :15, :30, :45 \
            UTC; any period that divides a day). Each cycle is a job under the writer lock, taken for the cycle \
            only: one request per series with `since` at the end of its stored coverage (the last 3 closed candles \
            are re-fetched, the unfinished one never stored). Cycles never overlap; a cycle that runs past a \
            boundary logs a warning, and a cycle that finds the store busy is skipped. Series are the stored ones \
            of the selection at the intervals the API serves; --intervals also starts series not stored yet. \
            Ctrl-C or SIGTERM stops after the cycle in hand (exit 0); a second Ctrl-C stops at once (130). \
            --once runs one cycle and exits (for cron): 0 done, 3 some series failed, 69 Kraken unreachable, \
            75 store busy. Example: kraken-ingest poll --tier TIER1 --intervals 1,60 --every 15m
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var api: SpotAPIOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Period of the cycles, aligned to the clock; it must divide a day (default 15m).", valueName: "15m"))
    var every: String?

    @Flag(name: .long, help: "Run one cycle and exit (for cron).")
    var once = false

    @Flag(name: .long, help: "Print one JSON object per cycle (JSON lines).")
    var json = false

    func validate() throws {
        if once, every != nil { throw ValidationError("give --every or --once, not both") }
    }

    func run() throws {
        try reportingErrors {
            let catalog = try store.loadTiers()
            let scope = try selection.analysisScope(catalog)
            let schedule = try RunSchedule.parse(every ?? "15m")
            let clock = SystemClock()
            let api = api
            let cycle = PollCycle(
                storePath: store.databasePath, tiers: catalog, scope: scope, clock: clock,
                makeClient: { try api.makeClient(clock: clock) })
            let opened = try store.openForReading()
            try selection.checkPairsKnown(catalog, store: opened)
            let planned = try opened.read { try cycle.planner().series(in: $0) }
            guard !planned.isEmpty else {
                throw KrakenIngestError.usage(
                    "nothing to poll: the store has no series of this selection at an interval the API serves; "
                        + "import some, or give --intervals to start series from the API")
            }
            let print: (PollCycleOutcome) throws -> Void = { outcome in
                emit(json ? try CanonicalJSON.string(outcome) + "\n" : PollCycleText.lines(outcome))
            }
            if once {
                let outcome = try cycle.run(boundary: clock.now())
                try print(outcome)
                if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
                return
            }
            let stop = StopRequest()
            let signals = SignalStop.install(stop) { _ in
                log("stopping after the cycle in hand; Ctrl-C again stops at once")
            }
            defer { signals.restore() }
            log("polling \(planned.count) series every \(every ?? "15m"); Ctrl-C stops after the cycle in hand")
            let scheduler = CycleScheduler(schedule: schedule, clock: clock, stop: stop, log: log)
            let summary = try scheduler.run { boundary in
                try print(try cycle.run(boundary: boundary.boundary))
                return true
            }
            let missed = summary.missed > 0 ? ", \(summary.missed) missed" : ""
            log("poll stopped after \(summary.cycles) cycle(s)\(missed)")
        }
    }
}

/// Writes one line to standard error.
private func log(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
