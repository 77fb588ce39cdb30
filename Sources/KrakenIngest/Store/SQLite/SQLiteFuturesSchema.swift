/// The DDL of the Kraken Futures tables and views (migration `v4-futures`), written from the resource declarations
/// as they stood when the migration was made: table `futures_<name>`, the natural-key column as `PRIMARY KEY`, the
/// declared columns (decimals as their exact TEXT literals, times as INTEGER ms and ISO-8601 TEXT), `raw_json` (keys
/// sorted), `captured_at` (ms, snapshots) and `updated_at` (ms). Views `v_futures_<name>` add ISO-8601 capture and
/// update times. The text is frozen, as a migration must be; a declaration that gains a column needs a new migration
/// (`ALTER TABLE … ADD COLUMN`), and a test checks that tables and declarations agree.
enum SQLiteFuturesSchema {
    /// The table of `resource`.
    static func table(_ resource: FuturesResource) -> String { "futures_" + resource.name }

    /// The name of the key column of `resource`.
    static func keyColumn(_ resource: FuturesResource) -> String {
        resource.columns.first { $0.source == .naturalKey }?.name ?? "key"
    }

    static let v4Futures = """
        CREATE TABLE futures_executions (
            "uid" TEXT NOT NULL PRIMARY KEY,
            "time_ms" INTEGER,
            "time" TEXT,
            "element_uid" TEXT,
            "symbol" TEXT,
            "price" TEXT,
            "quantity" TEXT,
            "mark_price" TEXT,
            "usd_value" TEXT,
            "maker_order_uid" TEXT,
            "maker_side" TEXT,
            "taker_order_uid" TEXT,
            "taker_side" TEXT,
            "taker_order_type" TEXT,
            "maker_fee" TEXT,
            "taker_fee" TEXT,
            "limit_filled" INTEGER,
            raw_json TEXT NOT NULL,
            captured_at INTEGER,
            updated_at INTEGER NOT NULL
        );

        CREATE INDEX futures_executions_time_ms ON futures_executions ("time_ms");

        CREATE VIEW v_futures_executions AS
            SELECT *, strftime('%Y-%m-%dT%H:%M:%fZ', captured_at / 1000.0, 'unixepoch') AS captured_time,
                strftime('%Y-%m-%dT%H:%M:%fZ', updated_at / 1000.0, 'unixepoch') AS updated_time
            FROM futures_executions;

        CREATE TABLE futures_account_log (
            "booking_uid" TEXT NOT NULL PRIMARY KEY,
            "id" INTEGER,
            "time_ms" INTEGER,
            "time" TEXT,
            "info" TEXT,
            "asset" TEXT,
            "contract" TEXT,
            "execution" TEXT,
            "margin_account" TEXT,
            "old_balance" TEXT,
            "new_balance" TEXT,
            "fee" TEXT,
            "realized_pnl" TEXT,
            "realized_funding" TEXT,
            "funding_rate" TEXT,
            "trade_price" TEXT,
            "mark_price" TEXT,
            raw_json TEXT NOT NULL,
            captured_at INTEGER,
            updated_at INTEGER NOT NULL
        );

        CREATE INDEX futures_account_log_time_ms ON futures_account_log ("time_ms");

        CREATE VIEW v_futures_account_log AS
            SELECT *, strftime('%Y-%m-%dT%H:%M:%fZ', captured_at / 1000.0, 'unixepoch') AS captured_time,
                strftime('%Y-%m-%dT%H:%M:%fZ', updated_at / 1000.0, 'unixepoch') AS updated_time
            FROM futures_account_log;

        CREATE TABLE futures_position_history (
            "key" TEXT NOT NULL PRIMARY KEY,
            "time_ms" INTEGER,
            "time" TEXT,
            "symbol" TEXT,
            "update_reason" TEXT,
            "position_change" TEXT,
            "old_position" TEXT,
            "new_position" TEXT,
            "old_average_entry_price" TEXT,
            "new_average_entry_price" TEXT,
            "execution_uid" TEXT,
            "execution_price" TEXT,
            "execution_size" TEXT,
            "trade_type" TEXT,
            "fee" TEXT,
            "fee_currency" TEXT,
            "realized_pnl" TEXT,
            "realized_funding" TEXT,
            "fill_time_ms" INTEGER,
            raw_json TEXT NOT NULL,
            captured_at INTEGER,
            updated_at INTEGER NOT NULL
        );

        CREATE INDEX futures_position_history_time_ms ON futures_position_history ("time_ms");

        CREATE VIEW v_futures_position_history AS
            SELECT *, strftime('%Y-%m-%dT%H:%M:%fZ', captured_at / 1000.0, 'unixepoch') AS captured_time,
                strftime('%Y-%m-%dT%H:%M:%fZ', updated_at / 1000.0, 'unixepoch') AS updated_time
            FROM futures_position_history;

        CREATE TABLE futures_tickers (
            "symbol" TEXT NOT NULL PRIMARY KEY,
            "last_time_ms" INTEGER,
            "last_time" TEXT,
            "tag" TEXT,
            "pair" TEXT,
            "last" TEXT,
            "mark_price" TEXT,
            "index_price" TEXT,
            "bid" TEXT,
            "ask" TEXT,
            "vol24h" TEXT,
            "open_interest" TEXT,
            "funding_rate" TEXT,
            "suspended" INTEGER,
            raw_json TEXT NOT NULL,
            captured_at INTEGER,
            updated_at INTEGER NOT NULL
        );

        CREATE INDEX futures_tickers_last_time_ms ON futures_tickers ("last_time_ms");

        CREATE VIEW v_futures_tickers AS
            SELECT *, strftime('%Y-%m-%dT%H:%M:%fZ', captured_at / 1000.0, 'unixepoch') AS captured_time,
                strftime('%Y-%m-%dT%H:%M:%fZ', updated_at / 1000.0, 'unixepoch') AS updated_time
            FROM futures_tickers;

        CREATE TABLE futures_open_positions (
            "key" TEXT NOT NULL PRIMARY KEY,
            "symbol" TEXT,
            "side" TEXT,
            "size" TEXT,
            "price" TEXT,
            "fill_time_ms" INTEGER,
            "fill_time" TEXT,
            "unrealized_funding" TEXT,
            "pnl_currency" TEXT,
            raw_json TEXT NOT NULL,
            captured_at INTEGER,
            updated_at INTEGER NOT NULL
        );

        CREATE INDEX futures_open_positions_fill_time_ms ON futures_open_positions ("fill_time_ms");

        CREATE VIEW v_futures_open_positions AS
            SELECT *, strftime('%Y-%m-%dT%H:%M:%fZ', captured_at / 1000.0, 'unixepoch') AS captured_time,
                strftime('%Y-%m-%dT%H:%M:%fZ', updated_at / 1000.0, 'unixepoch') AS updated_time
            FROM futures_open_positions;
        """
}
