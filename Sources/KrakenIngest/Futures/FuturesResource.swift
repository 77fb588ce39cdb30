/// A Kraken Futures endpoint declared as data: where it lives, how its responses are shaped, how records are keyed
/// and timed, how it pages and how it is written. One engine runs every declaration; adding a resource means adding
/// a declaration (see `FuturesResource.all`), not code.
///
/// Paths into an item are `JSONPath`s, read in the *record*: the first of `wrappers` found in the item (the
/// execution inside `event.Execution.execution`, say), or the item itself when none is. A path starting with `@`
/// reads the item as listed. Lists of paths coalesce: the first that holds a value other than null or `""` wins.
///
/// ```swift
/// let trades = FuturesResource.executions
/// trades.path                    // "/api/history/v3/executions"
/// trades.cursorKind              // .time
/// let page = try FuturesPage.decode(trades, body: body, headers: headers)
/// ```
public struct FuturesResource: Sendable, Hashable {
    /// Whether a request is signed.
    public enum Access: String, Sendable, Hashable {
        case `public`
        case `private`
    }

    /// How the next page is asked for, in order of preference (see `FuturesPaging`).
    public enum Paging: Sendable, Hashable {
        /// Follow the opaque token (body `tokenKeys` or header `tokenHeader`) until it is absent; the cursor is the
        /// highest record time (ms), and the next run starts with `since` = that time.
        case continuationToken
        /// Gap-free ids at `path`: `from` = last id + 1 with `sort=asc`; the cursor is the highest id.
        case sequentialID(JSONPath)
        /// When a full page brings neither ids nor a token: ask for older entries with `before` = the page's
        /// earliest time (`sort=desc`), at most `maxPages` requests, and warn.
        case beforeFallback(maxPages: Int)
    }

    /// What the cursor of a resource is.
    public enum CursorKind: Sendable, Hashable {
        /// No cursor: every run fetches the whole snapshot.
        case none
        /// The highest record time in unix milliseconds.
        case time
        /// The highest sequential id.
        case sequentialID(JSONPath)
    }

    /// How a page's records reach the table.
    public enum WriteDisposition: String, Sendable, Hashable {
        /// Insert or update by natural key (history: re-fetching a record is harmless).
        case merge
        /// Replace the whole table with the latest response (snapshots such as tickers).
        case replace
    }

    /// The resource's name, also its cursor's name (`executions`, `account_log`, …).
    public var name: String
    /// The request path including the API version, e.g. `/api/history/v3/executions`.
    public var path: String
    public var access: Access
    /// Body members that may hold the item list, tried in order (`elements`, `executionEvents`).
    public var itemKeys: [String]
    /// Objects inside an item that hold the actual record, tried in order (`event.Execution.execution`, …).
    public var wrappers: [JSONPath]
    /// Body members that may hold the next continuation token, tried in order.
    public var tokenKeys: [String]
    /// The response header that may hold the next continuation token (looked up without regard to case).
    public var tokenHeader: String?
    /// Natural key alternatives in coalescing order; an alternative applies when all its paths have values, and
    /// several paths are joined with `|`. A record matching none is keyed by the SHA-256 of its raw JSON.
    public var naturalKey: [[JSONPath]]
    /// The record's time in coalescing order (ms numbers, numeric strings or RFC 3339 text).
    public var timeFields: [JSONPath]
    /// Paging styles in order of preference; empty for a snapshot fetched in one request.
    public var paging: [Paging]
    /// `count` sent with each request; nil sends none (the endpoint's default).
    public var pageSize: Int?
    public var write: WriteDisposition
    /// The normalised columns stored beside the raw JSON.
    public var columns: [FuturesColumn]
    /// How far back Kraken's endpoint keeps data, in days, when Kraken publishes a figure; nil when it publishes
    /// none (`futures state` then assumes `FuturesLagCheck.assumedRetentionDays`, or `--retention-days`). Always
    /// nil for snapshots, which keep no history.
    public var retentionDays: Int?

    public init(
        name: String, path: String, access: Access, itemKeys: [String], wrappers: [JSONPath] = [],
        tokenKeys: [String] = [], tokenHeader: String? = nil, naturalKey: [[JSONPath]],
        timeFields: [JSONPath], paging: [Paging], pageSize: Int? = nil, write: WriteDisposition,
        columns: [FuturesColumn], retentionDays: Int? = nil
    ) {
        self.name = name
        self.path = path
        self.access = access
        self.itemKeys = itemKeys
        self.wrappers = wrappers
        self.tokenKeys = tokenKeys
        self.tokenHeader = tokenHeader
        self.naturalKey = naturalKey
        self.timeFields = timeFields
        self.paging = paging
        self.pageSize = pageSize
        self.write = write
        self.columns = columns
        self.retentionDays = retentionDays
    }

    /// What the resource's cursor holds, from its paging styles.
    public var cursorKind: CursorKind {
        for style in paging {
            if case .sequentialID(let path) = style { return .sequentialID(path) }
        }
        return paging.isEmpty ? .none : .time
    }

    /// True when records are placed by time, so a record without a usable time cannot be stored (it is skipped
    /// and counted instead).
    public var requiresTime: Bool { cursorKind == .time }

    /// The `before` fallback's page limit, when declared.
    public var beforeFallbackLimit: Int? {
        for style in paging {
            if case .beforeFallback(let maxPages) = style { return maxPages }
        }
        return nil
    }

    /// True for resources that keep history (a cursor), false for snapshots.
    public var keepsHistory: Bool { cursorKind != .none }

    /// True when the resource follows continuation tokens.
    public var followsTokens: Bool { paging.contains(.continuationToken) }
}
