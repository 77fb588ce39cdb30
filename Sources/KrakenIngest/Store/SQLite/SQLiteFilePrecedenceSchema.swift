extension SQLiteSchema {
    /// Between two archives that disagree on a candle, the one whose data ends later wins whatever the import
    /// order: a candle remembers the ledger record of the file its values came from (`file_id`, whose
    /// `last_open_time` is the file's data end; NULL for API and trades candles and for candles stored before this
    /// migration), and the rows of a file that meet stored candles wait in `candle_staging` until the file's end is
    /// known (it is empty outside a file's transaction).
    static let v7FilePrecedence = """
        ALTER TABLE candles ADD COLUMN file_id INTEGER;

        CREATE TABLE candle_staging (
            file_id INTEGER NOT NULL,
            open_time INTEGER NOT NULL,
            open REAL NOT NULL,
            high REAL NOT NULL,
            low REAL NOT NULL,
            close REAL NOT NULL,
            volume REAL NOT NULL,
            trades INTEGER NOT NULL,
            PRIMARY KEY (file_id, open_time)
        ) WITHOUT ROWID;
        """
}
