import ArgumentParser
import Foundation
import KrakenIngest

/// `kraken-ingest futures sync`: one incremental run of the declared resources, as a job under the writer lock.
struct FuturesSyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch what is new since the stored cursors and store it (one transaction per page).",
        discussion: """
            First run: all history Kraken keeps, or from --since. Later runs continue from each resource's cursor. \
            Requests are paced by Kraken's history pool (100 tokens, refilled over 10 min) and /derivatives budget; \
            waits are announced on standard error with their length, resume time (UTC), pool and the pages and \
            rows so far (at most a line a minute while every request waits). \
            Ctrl-C stops after the page in flight (committed); the next run resumes there. Exit codes: 0 done \
            (permission problems are warnings), 1 credentials refused, 3 a resource failed with --strict, \
            130 stopped. --every 15m repeats aligned to :00/:15/:30/:45 (the first run at once; \
            the schedule `poll` uses) until Ctrl-C or SIGTERM, which end it with 0 between runs. \
            Example: kraken-ingest futures sync --resources executions,account_log --json
            """)

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: ArgumentHelp("Resources to sync, comma-separated (default: all).", valueName: "a,b"))
    var resources: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Start of a resource's first sync: ISO-8601 or unix ms.", valueName: "time"))
    var since: String?

    @Flag(name: .long, help: "Fail the run (exit 3) when any resource fails or lacks a permission.")
    var strict = false

    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    @Flag(name: .long, help: "Run once and exit (the default).")
    var once = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Run again every period, aligned to the clock (15m runs at :00, :15, :30, :45); Ctrl-C stops.",
            valueName: "15m"))
    var every: String?

    @Option(
        name: .customLong("futures-api-url"),
        help: ArgumentHelp(
            "Kraken Futures host (default: $KRAKEN_FUTURES_API_URL or https://futures.kraken.com).",
            valueName: "url"))
    var futuresAPIURL: String?

    func validate() throws {
        if once && every != nil { throw ValidationError("give --every or --once, not both") }
    }

    func run() throws {
        try reportingErrors {
            let chosen = try FuturesResourceNames.resolve(resources)
            let start = try since.map { try TimeInput.parse($0, flag: "--since") }
            let schedule = try every.map(RunSchedule.parse)
            let environment = ProcessInfo.processInfo.environment
            let baseURL = try Self.baseURL(flag: futuresAPIURL, environment: environment)
            let credentials = try FuturesCredentials.fromEnvironmentIfPresent(environment)
            if credentials == nil, let first = chosen.first(where: { $0.access == .private }) {
                _ = try FuturesCredentials.fromEnvironment(environment)
                throw KrakenIngestError.usage("\(first.name) needs credentials")
            }
            let clock = SystemClock()
            let secrets = FuturesCredentials.environmentPairs.flatMap { [$0.key, $0.secret] }
                .compactMap { environment[$0]?.trimmingCharacters(in: .whitespacesAndNewlines) }
            let client = KrakenHTTPClient(
                transport: URLSessionTransport(), rateLimits: .futures(clock: clock),
                clock: clock, redaction: Redaction(secrets: secrets))
            let log: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
            let source = FuturesHTTPSource(
                client: client, baseURL: baseURL, signer: credentials.map { FuturesSigner(credentials: $0) })
            let engine = FuturesSyncEngine(
                source: source, clock: clock,
                options: .init(resources: chosen, since: start), log: log)
            let stop = StopRequest()
            let signals = SignalStop.install(stop) { _ in
                let text = "\nstopping after the page in flight (it will be committed)\n"
                FileHandle.standardError.write(Data(text.utf8))
            }
            defer { signals.restore() }
            guard let schedule else {
                let code = try runOnce(engine: engine, resources: chosen, stop: stop)
                if code != 0 { throw ExitCode(code) }
                return
            }
            // Refused credentials end the schedule; other failures wait for the next run. A stop between runs
            // ends it cleanly (exit 0); one that paused a run in flight exits 130 like a single run.
            var last: Int32 = 0
            _ = try CycleScheduler(schedule: schedule, clock: clock, stop: stop, log: log).run { _ in
                last = try runOnce(engine: engine, resources: chosen, stop: stop)
                return last != 1
            }
            if last == 1 || last == 130 { throw ExitCode(last) }
        }
    }

    /// One sync job under the writer lock (taken for the run only); returns the exit code.
    private func runOnce(
        engine: FuturesSyncEngine, resources chosen: [FuturesResource], stop: StopRequest
    ) throws
        -> Int32
    {
        let phase = FuturesSyncPhase(engine: engine, strict: strict)
        let session = try store.openForWriting(create: true).openWriterSession()
        defer { session.close() }
        let options = #"{"resources":[\#(chosen.map { "\"\($0.name)\"" }.joined(separator: ","))]}"#
        let run: JobRun
        do {
            run = try JobRunner(session: session, stop: stop).run(
                JobSpec(
                    kind: FuturesSyncPhase.kind, options: options, phases: [phase],
                    resumeHint: { [dbArgument = store.dbArgument] _ in
                        "run `kraken-ingest futures sync\(dbArgument)` again to continue"
                    }))
        } catch let error as FuturesSyncError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
        var report = phase.report.value ?? FuturesSyncReport()
        report.jobID = run.jobID
        emit(json ? try jsonText(report) : FuturesSyncText.summary(report))
        if run.status == .paused { return 130 }
        if run.status == .failed { return 3 }
        return 0
    }

    /// `--futures-api-url`, else `KRAKEN_FUTURES_API_URL`, else Kraken's host.
    static func baseURL(flag: String?, environment: [String: String]) throws -> URL {
        guard let text = flag ?? environment["KRAKEN_FUTURES_API_URL"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return FuturesHTTPSource.defaultBaseURL
        }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme),
            url.host != nil
        else {
            throw KrakenIngestError.usage("the futures API URL '\(text)' is not an http(s) address")
        }
        return url
    }
}

/// The text form of a sync summary.
enum FuturesSyncText {
    static func summary(_ report: FuturesSyncReport) -> String {
        var lines = ["resource          status             rows    new  pages  retries  skipped  seconds  cursor"]
        for item in report.resources {
            let cursor = "\(item.cursorBefore ?? "-") -> \(item.cursorAfter ?? "-")"
            lines.append(
                pad(item.resource, 18) + pad(item.status.rawValue, 17)
                    + [item.rows, item.newRows, item.pages, item.retries, item.skipped].enumerated().map {
                        index, value in
                        lpad(String(value), [6, 7, 7, 9, 9][index])
                    }.joined() + lpad(String(format: "%.1f", item.durationSeconds), 9) + "  " + cursor)
            if let error = item.error { lines.append("  \(item.resource): \(error)") }
        }
        if report.stopped { lines.append("stopped between pages; run again to continue from the committed cursors") }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private static func lpad(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}
