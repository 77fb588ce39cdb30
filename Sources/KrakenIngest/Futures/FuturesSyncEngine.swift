import Foundation

/// The one loop that syncs every declared futures resource: plan the request from the committed cursor
/// (`FuturesPaging`), fetch it through a `FuturesSource`, then commit the page's rows and the new cursor in one
/// transaction, never holding a transaction across the network. A stop request is honoured between pages.
///
/// ```swift
/// let engine = FuturesSyncEngine(source: source, clock: clock, options: .init(resources: FuturesResource.all))
/// let report = try await engine.run(session: session, stop: stop)
/// ```
///
/// Failures: a refused key (`FuturesSourceError.authentication`) throws `FuturesSyncError.authentication` and ends
/// the run; a missing permission skips that resource with a warning; anything else (retries exhausted, a broken
/// page) fails that resource, its cursor staying at the last committed page, and the others go on.
public final class FuturesSyncEngine {
    /// What to sync and how.
    public struct Options: Sendable {
        public var resources: [FuturesResource]
        /// Where a resource without a cursor starts (nil: all history Kraken keeps).
        public var since: UnixMillis?
        /// Overrides the declared page size (`count`).
        public var pageSize: Int?

        public init(
            resources: [FuturesResource] = FuturesResource.all, since: UnixMillis? = nil,
            pageSize: Int? = nil
        ) {
            self.resources = resources
            self.since = since
            self.pageSize = pageSize
        }
    }

    public let source: any FuturesSource
    public let clock: any WallClock
    public let options: Options
    /// Receives warnings and progress lines, among them the rate-limit waits with their resume time (at most one
    /// line a minute while every request waits; see `FuturesWaitAnnouncer`); standard error in the CLI.
    public let log: @Sendable (String) -> Void

    public init(
        source: any FuturesSource, clock: any WallClock, options: Options = Options(),
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.source = source
        self.clock = clock
        self.options = options
        self.log = log
    }

    /// Syncs every resource of `options` in order. `onPage` runs inside each page's transaction (the job phase
    /// records its checkpoint there).
    public func run(
        session: any WriterSession, stop: StopRequest,
        onPage: (any StoreTransaction, String) throws -> Void = { _, _ in }
    ) async throws
        -> FuturesSyncReport
    {
        var report = FuturesSyncReport(resources: options.resources.map { FuturesResourceSummary(resource: $0.name) })
        for (index, resource) in options.resources.enumerated() {
            if stop.isStopRequested {
                report.stopped = true
                break
            }
            report.resources[index] = try await sync(resource, session: session, stop: stop, onPage: onPage)
            if report.resources[index].status == .stopped {
                report.stopped = true
                break
            }
        }
        return report
    }

    /// Syncs one resource until it is caught up, stopped, or fails.
    func sync(
        _ resource: FuturesResource, session: any WriterSession, stop: StopRequest,
        onPage: (any StoreTransaction, String) throws -> Void
    ) async throws -> FuturesResourceSummary {
        let started = clock.now()
        let retriesBefore = await source.retryCount()
        var cursor = try session.read { try $0.syncCursor(resource.name) }
        var summary = FuturesResourceSummary(resource: resource.name, cursorBefore: cursor?.cursor)
        var query: FuturesQuery? = FuturesPaging.query(
            for: resource, cursor: cursor, start: options.since,
            pageSize: options.pageSize)
        summary.status = .completed
        var announcer = FuturesWaitAnnouncer()
        do {
            while let request = query {
                if stop.isStopRequested {
                    summary.status = .stopped
                    break
                }
                if let wait = try await source.pendingWait(resource, query: request),
                    announcer.shouldAnnounce(wait, now: clock.now())
                {
                    log(wait.line(resource: resource.name, pages: summary.pages, rows: summary.rows))
                }
                let page = try await source.fetch(resource, query: request)
                let step = FuturesPaging.advance(
                    resource, cursor: cursor, page: page, start: options.since,
                    pageSize: options.pageSize)
                var next = step.cursor
                next.lastRunAt = clock.now().value
                next.lastError = nil
                let committed = next
                let newRows = try session.transaction { tx -> Int in
                    var inserted = page.records.count
                    if resource.write == .replace {
                        try tx.replaceFuturesSnapshot(
                            page.records, resource: resource,
                            capturedAt: committed.lastRunAt!)
                    } else {
                        inserted = try tx.upsertFuturesRecords(page.records, resource: resource)
                    }
                    var saved = committed
                    saved.rows = try tx.futuresRowCount(resource)
                    try tx.saveSyncCursor(saved)
                    try onPage(tx, "\(resource.name):\(saved.cursor ?? "-")")
                    return inserted
                }
                cursor = try session.read { try $0.syncCursor(resource.name) }
                summary.pages += 1
                summary.rows += page.records.count
                summary.newRows += newRows
                summary.skipped += page.skippedWithoutTime + page.skippedNotObjects
                for warning in step.warnings {
                    summary.warnings.append(warning.description)
                    log("warning: \(resource.name): \(warning)")
                }
                query = step.next
            }
        } catch let error as FuturesSourceError {
            try recordError(resource, cursor: cursor, message: error.description, session: session)
            switch error {
            case .permission:
                summary.status = .permissionDenied
                summary.error = error.description
                log("warning: \(resource.name): \(error); skipped, the other resources go on")
            case .authentication, .missingCredentials:
                throw FuturesSyncError.authentication(error.description)
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            let message = "\(error)"
            try recordError(resource, cursor: cursor, message: message, session: session)
            summary.status = .failed
            summary.error = message
            log("error: \(resource.name): \(message); its cursor stays at the last committed page")
        }
        summary.cursorAfter = cursor?.cursor
        summary.retries = await source.retryCount() - retriesBefore
        summary.durationSeconds = clock.secondsSince(started)
        return summary
    }

    /// Stores `message` as the resource's last error, leaving its cursor and token as committed.
    private func recordError(
        _ resource: FuturesResource, cursor: SyncCursor?, message: String,
        session: any WriterSession
    ) throws {
        var state = cursor ?? SyncCursor(resource: resource.name)
        state.lastRunAt = clock.now().value
        state.lastError = message
        let saved = state
        try session.transaction { try $0.saveSyncCursor(saved) }
    }
}

/// A failure that ends the whole futures sync.
public enum FuturesSyncError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The credentials were refused; the message names the likely causes.
    case authentication(String)

    public var description: String {
        switch self {
        case .authentication(let message): return message
        }
    }
}
