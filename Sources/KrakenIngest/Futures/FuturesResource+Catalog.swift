/// The resources the futures sync knows, declared from Kraken's published schemas (history v3 and trading v3) and
/// from responses recorded in the wild (the variants each declaration tolerates are listed beside it).
extension FuturesResource {
    /// Every declared resource, in the order a sync runs them.
    public static let all: [FuturesResource] = [executions, accountLog, positionHistory, tickers, openPositions]

    /// The declaration called `name`; nil for unknown names.
    public static func named(_ name: String) -> FuturesResource? { all.first { $0.name == name } }

    static let historyTokenKeys = ["continuationToken", "continuation_token"]
    static let historyTokenHeader = "Next-Continuation-Token"
    static let historyPageSize = 500

    // Retention (`retentionDays`). Kraken publishes no retention figure for the history endpoints. Its history
    // API spec (futures-rest/history/api-public.yml, tag "Account History", as on docs.kraken.com under
    // api-reference/account-history) says `/executions` gives "access to all private execution history" and
    // `/account-log` "access to all account log history" by timestamp or id; it says nothing for `/positions`.
    // "All" is no figure and does not outlive the REST API (decommissioned 1 March 2027), so every history
    // resource declares nil and `futures state` warns against an assumed, overridable window instead
    // (`FuturesLagCheck`). Searched (docs, web pages, GitHub issues) on 2026-12-04: no sourced figure found.

    /// The account's fills: `GET /api/history/v3/executions`.
    /// Items under `elements` (or `executionEvents`); each is `{uid, timestamp, event: {Execution: {execution: {…},
    /// takerReducedQuantity}}}`, the event key also seen as `execution`. Numbers arrive as strings or numbers.
    public static let executions = FuturesResource(
        name: "executions",
        path: "/api/history/v3/executions",
        access: .private,
        itemKeys: ["elements", "executionEvents"],
        wrappers: ["event.Execution.execution", "event.execution.execution", "event.Execution", "event.execution"],
        tokenKeys: historyTokenKeys,
        tokenHeader: historyTokenHeader,
        naturalKey: [["uid"], ["@uid"]],
        timeFields: ["timestamp", "info.timestamp", "takerOrder.timestamp", "trade.timestamp", "@timestamp"],
        paging: [.continuationToken],
        pageSize: historyPageSize,
        write: .merge,
        columns: [
            .key("uid"),
            .millis("time_ms"),
            .iso("time"),
            .text("element_uid", "@uid"),
            .text("symbol", "takerOrder.tradeable", "makerOrder.tradeable", "tradeable"),
            .decimal("price", "price"),
            .decimal("quantity", "quantity"),
            .decimal("mark_price", "markPrice"),
            .decimal("usd_value", "usdValue"),
            .text("maker_order_uid", "makerOrder.uid"),
            .text("maker_side", "makerOrder.direction"),
            .text("taker_order_uid", "takerOrder.uid"),
            .text("taker_side", "takerOrder.direction"),
            .text("taker_order_type", "takerOrder.orderType"),
            .decimal("maker_fee", "makerOrderData.fee"),
            .decimal("taker_fee", "takerOrderData.fee"),
            .bool("limit_filled", "limitFilled"),
        ],
        // Spec: "access to all private execution history"; no figure published.
        retentionDays: nil)

    /// Every balance and position change: `GET /api/history/v3/account-log`.
    /// Items under `logs` (or `accountLog`); `id` is sequential from 1, `date` is RFC 3339, numbers are numbers.
    public static let accountLog = FuturesResource(
        name: "account_log",
        path: "/api/history/v3/account-log",
        access: .private,
        itemKeys: ["logs", "accountLog"],
        tokenKeys: historyTokenKeys,
        tokenHeader: historyTokenHeader,
        naturalKey: [["booking_uid"], ["id"]],
        timeFields: ["timestamp", "date"],
        paging: [.sequentialID("id"), .continuationToken, .beforeFallback(maxPages: 50)],
        pageSize: historyPageSize,
        write: .merge,
        columns: [
            .key("booking_uid"),
            .integer("id", "id"),
            .millis("time_ms"),
            .iso("time"),
            .text("info", "info"),
            .text("asset", "asset"),
            .text("contract", "contract"),
            .text("execution", "execution"),
            .text("margin_account", "margin_account"),
            .decimal("old_balance", "old_balance"),
            .decimal("new_balance", "new_balance"),
            .decimal("fee", "fee"),
            .decimal("realized_pnl", "realized_pnl"),
            .decimal("realized_funding", "realized_funding"),
            .decimal("funding_rate", "funding_rate"),
            .decimal("trade_price", "trade_price"),
            .decimal("mark_price", "mark_price"),
        ],
        // Spec: "access to all account log history" (the CSV export alone is capped at 500,000 rows); no figure.
        retentionDays: nil)

    /// Position updates: `GET /api/history/v3/positions`.
    /// Per the v3 schema items are flat `HistoricalPositionUpdateElement`s (`timestamp`, `tradeable`,
    /// `updateReason`, `executionUid`, …, no uid of their own); they are also seen wrapped as
    /// `{uid, timestamp, event: {PositionUpdate: {…}}}`. Funding and settlement updates have no `executionUid`.
    public static let positionHistory = FuturesResource(
        name: "position_history",
        path: "/api/history/v3/positions",
        access: .private,
        itemKeys: ["elements"],
        wrappers: ["event.PositionUpdate", "event.positionUpdate"],
        tokenKeys: historyTokenKeys,
        tokenHeader: historyTokenHeader,
        naturalKey: [["uid"], ["@uid"], ["executionUid", "tradeable"], ["tradeable", "updateReason", "timestamp"]],
        timeFields: ["timestamp", "@timestamp", "fillTime", "fundingRealizationTime"],
        paging: [.continuationToken],
        pageSize: historyPageSize,
        write: .merge,
        columns: [
            .key("key"),
            .millis("time_ms"),
            .iso("time"),
            .text("symbol", "tradeable"),
            .text("update_reason", "updateReason"),
            .text("position_change", "positionChange"),
            .decimal("old_position", "oldPosition"),
            .decimal("new_position", "newPosition"),
            .decimal("old_average_entry_price", "oldAverageEntryPrice"),
            .decimal("new_average_entry_price", "newAverageEntryPrice"),
            .text("execution_uid", "executionUid"),
            .decimal("execution_price", "executionPrice"),
            .decimal("execution_size", "executionSize"),
            .text("trade_type", "tradeType"),
            .decimal("fee", "fee"),
            .text("fee_currency", "feeCurrency"),
            .decimal("realized_pnl", "realizedPnL"),
            .decimal("realized_funding", "realizedFunding"),
            .millis("fill_time_ms", "fillTime"),
        ],
        // The spec says nothing about how far back position updates go; no figure published.
        retentionDays: nil)

    /// Market snapshot of every contract and index: `GET /derivatives/api/v3/tickers` (public).
    public static let tickers = FuturesResource(
        name: "tickers",
        path: "/derivatives/api/v3/tickers",
        access: .public,
        itemKeys: ["tickers"],
        naturalKey: [["symbol"]],
        timeFields: ["lastTime"],
        paging: [],
        write: .replace,
        columns: [
            .key("symbol"),
            .millis("last_time_ms"),
            .iso("last_time"),
            .text("tag", "tag"),
            .text("pair", "pair"),
            .decimal("last", "last"),
            .decimal("mark_price", "markPrice"),
            .decimal("index_price", "indexPrice"),
            .decimal("bid", "bid"),
            .decimal("ask", "ask"),
            .decimal("vol24h", "vol24h"),
            .decimal("open_interest", "openInterest"),
            .decimal("funding_rate", "fundingRate"),
            .bool("suspended", "suspended"),
        ])

    /// The account's open positions: `GET /derivatives/api/v3/openpositions` (private snapshot).
    public static let openPositions = FuturesResource(
        name: "open_positions",
        path: "/derivatives/api/v3/openpositions",
        access: .private,
        itemKeys: ["openPositions"],
        naturalKey: [["symbol", "side"]],
        timeFields: ["fillTime"],
        paging: [],
        write: .replace,
        columns: [
            .key("key"),
            .text("symbol", "symbol"),
            .text("side", "side"),
            .decimal("size", "size"),
            .decimal("price", "price"),
            .millis("fill_time_ms"),
            .iso("fill_time"),
            .decimal("unrealized_funding", "unrealizedFunding"),
            .text("pnl_currency", "pnlCurrency"),
        ])
}
