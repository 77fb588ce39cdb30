#!/usr/bin/env bash
# The store as a data source: builds a store of ROWS 1-minute XBTUSD candles plus a Kraken-shaped archive (3,000
# members, 375 pairs x 8 intervals), records its gaps, then times with sqlite3 `SELECT * FROM v_series` against the
# GROUP BY over v_candles it replaces, and with pandas one day of candles filtered on the integer `open_time` against
# the same filter on the ISO-8601 `open_time_utc` column (and through an alias).
# Usage: scripts/bench-series.sh [ROWS]   (default 8,000,000)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-8000000}"
bash scripts/install-deps.sh
swift build -c release --product kraken-ingest >/dev/null
swift build -c release --product kraken-datagen >/dev/null
BIN="$(swift build -c release --show-bin-path)"
python3 -c "import pandas" 2>/dev/null || python3 -m pip install --quiet pandas
OUT=bench-out/series
DB="$OUT/series.sqlite"
mkdir -p "$OUT"
if [ ! -f "$DB" ] || [ "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM candles')" -lt "$ROWS" ]; then
  rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.lock"
  "$BIN/kraken-datagen" bench --rows "$ROWS" --out "$OUT" >/dev/null
  "$BIN/kraken-datagen" members --out "$OUT" >/dev/null
  "$BIN/kraken-ingest" import --db "$DB" --tier ALL "$OUT/XBTUSD_1.csv" "$OUT/members" >/dev/null 2>&1
  "$BIN/kraken-ingest" gaps --db "$DB" --tier ALL >/dev/null 2>&1
fi
echo "store: $(sqlite3 "$DB" 'SELECT COUNT(*) FROM candles') candles, $(sqlite3 "$DB" 'SELECT COUNT(*) FROM v_series')" \
  "series, $(sqlite3 "$DB" 'SELECT COUNT(*) FROM coverage') coverage ranges," \
  "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM gaps') gap records, $(du -h "$DB" | cut -f1)"

# sqlite3's own timer, twice each (the second run has a warm page cache).
time_sql() {
  for run in 1 2; do
    printf '%-10s run %s: ' "$1" "$run"
    printf '.timer on\n.output /dev/null\n%s\n' "$2" | sqlite3 "$DB" | grep -o 'real [0-9.]*' || true
  done
}
time_sql "v_series" "SELECT * FROM v_series;"
time_sql "GROUP BY" "SELECT pair, interval_minutes, MIN(open_time_utc), MAX(open_time_utc), COUNT(*) FROM v_candles
  GROUP BY pair, interval_minutes;"
time_sql "alias" "SELECT s.* FROM v_series s JOIN v_pair_aliases a ON a.pair_id = s.pair_id WHERE a.alias = 'BTC/USD';"

python3 - "$DB" <<'PY'
import sqlite3, sys, time
import pandas as pd

con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
start = pd.Timestamp("2020-06-01", tz="UTC")
end = start + pd.Timedelta(days=1)
queries = {
    "open_time (integer)": ("SELECT * FROM v_candles WHERE pair = 'XBTUSD' AND interval_minutes = 1 "
                            "AND open_time >= ? AND open_time < ?", (int(start.timestamp()), int(end.timestamp()))),
    "open_time_utc (ISO)": ("SELECT * FROM v_candles WHERE pair = 'XBTUSD' AND interval_minutes = 1 "
                            "AND open_time_utc >= ? AND open_time_utc < ?",
                            (start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ"))),
    "alias + open_time": ("SELECT c.* FROM v_candles c JOIN v_pair_aliases a ON a.altname = c.pair "
                          "WHERE a.alias = 'BTC/USD' AND c.interval_minutes = 1 "
                          "AND c.open_time >= ? AND c.open_time < ?", (int(start.timestamp()), int(end.timestamp()))),
}
for name, (sql, params) in queries.items():
    best = None
    for _ in range(3):
        t = time.perf_counter()
        frame = pd.read_sql(sql, con, params=params)
        elapsed = time.perf_counter() - t
        best = elapsed if best is None else min(best, elapsed)
    print(f"pandas {name}: {len(frame)} rows, best of 3 {best:.4f} s")
PY
