/// Plans the requests of a declared resource from its committed cursor, as pure functions: the next request is
/// always derived from what was committed, so a run that stops at any moment resumes with exactly the request it
/// would have sent next.
///
/// A run goes: `query(for:cursor:)` → fetch → `FuturesPage.decode` → `advance(…)` → commit the page's records
/// together with `step.cursor` in one transaction → send `step.next`, until it is nil.
///
/// ```swift
/// var cursor = try store.syncCursor("executions")
/// var query: FuturesQuery? = FuturesPaging.query(for: .executions, cursor: cursor, start: since)
/// while let q = query {
///     let page = try FuturesPage.decode(.executions, body: try await fetch(q), headers: headers)
///     let step = FuturesPaging.advance(.executions, cursor: cursor, page: page)
///     try store.write { try $0.save(page.records); try $0.saveSyncCursor(step.cursor) }   // one transaction
///     cursor = step.cursor
///     query = step.next
/// }
/// ```
///
/// What the cursor holds (`SyncCursor.cursor`, decimal text):
/// - continuation-token resources: the highest record time in ms. The next run asks `since` = that time, which
///   Kraken treats as inclusive, so records sharing the boundary millisecond are fetched again and merged rather
///   than missed. While a window is being paged, `SyncCursor.token` holds Kraken's token and requests carry only
///   `sort`, `count` and `continuation_token`: the token fixes the position, and `sort` stays `asc` throughout.
/// - sequential-id resources (account log): the highest id; the next request is `from` = id + 1, `sort=asc`.
///   If a full page brings neither ids nor a token, the planner pages backwards with `before` = the page's earliest
///   time and `sort=desc`, at most `beforeFallback(maxPages:)` requests, and warns; that state is stored in
///   `SyncCursor.token` as `before:<ms>:<request number>` (`:` never occurs in Kraken's base64 tokens).
/// - snapshots: nothing; one request without parameters.
///
/// `rows`, `lastRunAt` and `lastError` are left for the engine to fill.
public enum FuturesPaging {
    /// The parameters of the request that continues `resource` from `cursor` (nil: never synced). `start` bounds
    /// the first request of a resource without a cursor (`since`); `pageSize` overrides the declared `count`.
    public static func query(
        for resource: FuturesResource, cursor: SyncCursor?, start: UnixMillis? = nil,
        pageSize: Int? = nil
    ) -> FuturesQuery {
        let count = (pageSize ?? resource.pageSize).map(String.init)
        let stored = cursor?.cursor.flatMap { Int64($0) }
        switch (resource.cursorKind, FuturesContinuation(cursor?.token)) {
        case (.none, _):
            return FuturesQuery()
        case (_, .token(let token)?):
            return ordered(sort: "asc", count: count, token: token)
        case (_, .before(let millis, _)?):
            return ordered(before: String(millis), sort: "desc", count: count)
        case (.time, nil):
            return ordered(since: (stored ?? start?.value).map(String.init), sort: "asc", count: count)
        case (.sequentialID, nil):
            if let stored { return ordered(sort: "asc", count: count, from: String(stored + 1)) }
            return ordered(since: start.map { String($0.value) }, sort: "asc", count: count)
        }
    }

    /// What to commit with `page` (the response to `query(for: resource, cursor: cursor, …)`) and the request
    /// that follows it in this run, if any.
    public static func advance(
        _ resource: FuturesResource, cursor: SyncCursor?, page: FuturesPage,
        start: UnixMillis? = nil, pageSize: Int? = nil
    ) -> FuturesPagingStep {
        var state = cursor ?? SyncCursor(resource: resource.name)
        let stored = cursor?.cursor.flatMap { Int64($0) }
        let sent = FuturesContinuation(cursor?.token)
        let size = pageSize ?? resource.pageSize
        let full = size.map { page.itemCount >= $0 } ?? false
        var warnings: [FuturesPagingWarning] = []

        func stop() -> FuturesPagingStep {
            state.token = nil
            return FuturesPagingStep(cursor: state, next: nil, warnings: warnings)
        }
        func proceed(_ continuation: FuturesContinuation?) -> FuturesPagingStep {
            state.token = continuation?.text
            let next = query(for: resource, cursor: state, start: start, pageSize: pageSize)
            return FuturesPagingStep(cursor: state, next: next, warnings: warnings)
        }
        /// Follows the page's token unless it is the one just sent (a server loop).
        func followToken() -> FuturesPagingStep? {
            guard resource.followsTokens, let token = page.nextToken else { return nil }
            if case .token(token)? = sent {
                warnings.append(.repeatedToken)
                return stop()
            }
            return proceed(.token(token))
        }

        switch resource.cursorKind {
        case .none:
            return stop()
        case .time:
            if let latest = page.latestMillis { state.cursor = String(max(stored ?? latest, latest)) }
            return followToken() ?? stop()
        case .sequentialID:
            let highest = page.highestSequenceID
            if let highest { state.cursor = String(max(stored ?? highest, highest)) }
            if case .before(let before, let number)? = sent {
                let (next, warning) = backwards(resource, page: page, full: full, before: before, number: number)
                if let warning { warnings.append(warning) }
                return next.map { proceed($0) } ?? stop()
            }
            if let highest {
                if let stored, highest <= stored {
                    warnings.append(.noProgress(lastID: stored))
                    return stop()
                }
                return full || page.nextToken != nil ? proceed(nil) : stop()
            }
            if let followed = followToken() { return followed }
            guard full, let maxPages = resource.beforeFallbackLimit, maxPages > 0 else { return stop() }
            guard let earliest = page.earliestMillis else {
                warnings.append(.fullPageWithoutTimes)
                return stop()
            }
            warnings.append(.beforeFallbackStarted(before: earliest, maxPages: maxPages))
            return proceed(.before(millis: earliest, number: 1))
        }
    }

    /// The next step while paging backwards with `before`: request `number` has just been answered.
    private static func backwards(
        _ resource: FuturesResource, page: FuturesPage, full: Bool, before: Int64,
        number: Int
    ) -> (FuturesContinuation?, FuturesPagingWarning?) {
        guard full else { return (nil, nil) }
        guard let earliest = page.earliestMillis, earliest < before else {
            return (nil, .beforeFallbackStuck(at: before))
        }
        let maxPages = resource.beforeFallbackLimit ?? 0
        guard number < maxPages else { return (nil, .beforeFallbackLimit(maxPages: maxPages, reached: earliest)) }
        return (.before(millis: earliest, number: number + 1), nil)
    }

    /// The parameters in their one order: `since`, `before`, `sort`, `count`, `from`, `continuation_token`.
    static func ordered(
        since: String? = nil, before: String? = nil, sort: String? = nil, count: String? = nil,
        from: String? = nil, token: String? = nil
    ) -> FuturesQuery {
        let pairs: [(String, String?)] = [
            ("since", since), ("before", before), ("sort", sort), ("count", count), ("from", from),
            ("continuation_token", token),
        ]
        return FuturesQuery(pairs.compactMap { name, value in value.map { FuturesQuery.Item(name, $0) } })
    }
}

/// The planner's answer for one page.
public struct FuturesPagingStep: Sendable, Equatable {
    /// The cursor to commit in the same transaction as the page's records.
    public var cursor: SyncCursor
    /// The next request of this run; nil when the resource is caught up (or paging had to stop: see `warnings`).
    public var next: FuturesQuery?
    public var warnings: [FuturesPagingWarning]
}

/// Something a user should hear about paging.
public enum FuturesPagingWarning: Sendable, Equatable, CustomStringConvertible {
    /// A full page had neither ids nor a token: paging backwards with `before` from `before`.
    case beforeFallbackStarted(before: Int64, maxPages: Int)
    /// The `before` fallback stopped at its page limit; entries older than `reached` may be missing.
    case beforeFallbackLimit(maxPages: Int, reached: Int64)
    /// A full page brought nothing older than `before` (all entries share that millisecond): paging stopped.
    case beforeFallbackStuck(at: Int64)
    /// Kraken returned the token it was just sent: paging stopped to avoid a loop.
    case repeatedToken
    /// The page's ids did not go past the stored one (`from` ignored?): paging stopped.
    case noProgress(lastID: Int64)
    /// A full page had no ids, no token and no times: there is no way to ask for the rest.
    case fullPageWithoutTimes

    public var description: String {
        switch self {
        case .beforeFallbackStarted(let before, let maxPages):
            return "a full page came without entry ids or a continuation token; paging backwards from "
                + "\(UnixMillis(before).iso) with 'before' (at most \(maxPages) pages)"
        case .beforeFallbackLimit(let maxPages, let reached):
            return "stopped paging backwards after \(maxPages) pages at \(UnixMillis(reached).iso); older entries "
                + "may be missing (run again with --since to fetch them)"
        case .beforeFallbackStuck(let at):
            return "paging backwards made no progress at \(UnixMillis(at).iso) (a full page within one "
                + "millisecond); stopped"
        case .repeatedToken:
            return "Kraken returned the same continuation token twice; stopped paging to avoid a loop"
        case .noProgress(let lastID):
            return "the page brought no entry after id \(lastID); stopped paging"
        case .fullPageWithoutTimes:
            return "a full page came without ids, token or timestamps; the rest cannot be requested"
        }
    }
}

/// Where a resource is in the middle of paging, as stored in `SyncCursor.token`.
enum FuturesContinuation: Equatable {
    /// Kraken's opaque token, stored as received.
    case token(String)
    /// The `before` fallback: the next request asks `before` = `millis` and is request `number` of the fallback.
    case before(millis: Int64, number: Int)

    static let beforePrefix = "before:"

    init?(_ text: String?) {
        guard let text, !text.isEmpty else { return nil }
        if text.hasPrefix(Self.beforePrefix) {
            let parts = text.dropFirst(Self.beforePrefix.count).split(separator: ":")
            if parts.count == 2, let millis = Int64(parts[0]), let number = Int(parts[1]) {
                self = .before(millis: millis, number: number)
                return
            }
        }
        self = .token(text)
    }

    var text: String {
        switch self {
        case .token(let token): return token
        case .before(let millis, let number): return "\(Self.beforePrefix)\(millis):\(number)"
        }
    }
}
