#!/usr/bin/env bash
# Gap detection and report benchmark: a store with 10,000 series of realistic coverage fragments, then the
# release-built `gaps` and `report` commands over all of them, each run 3 times; prints the fastest wall time.
# Usage: scripts/bench-gaps.sh [SERIES]   (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
SERIES="${1:-10000}"
bash scripts/install-deps.sh
swift build -c release --product kraken-ingest >/dev/null
swift build -c release --product kraken-datagen >/dev/null
BIN="$(swift build -c release --show-bin-path)"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$BIN/kraken-datagen" coverage --series "$SERIES" --db "$OUT/coverage.sqlite"
best() { # best-of-3 wall seconds of a command
  local best=""
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
    local d; d=$(echo "$e - $s" | bc)
    if [ -z "$best" ] || [ "$(echo "$d < $best" | bc)" = 1 ]; then best=$d; fi
  done
  printf '%.3f' "$best"
}
gaps_first=$( { s=$(date +%s.%N); "$BIN/kraken-ingest" gaps --db "$OUT/coverage.sqlite" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; } )
gaps=$(best "$BIN/kraken-ingest" gaps --db "$OUT/coverage.sqlite")
report=$(best "$BIN/kraken-ingest" report --db "$OUT/coverage.sqlite" --no-files)
files=$(best "$BIN/kraken-ingest" report --db "$OUT/coverage.sqlite" --out "$OUT/reports")
records=$(sqlite3 "$OUT/coverage.sqlite" "SELECT COUNT(*) FROM gaps")
ranges=$(sqlite3 "$OUT/coverage.sqlite" "SELECT COUNT(*) FROM coverage")
printf '%s series, %s coverage ranges, %s gap records\n' "$SERIES" "$ranges" "$records"
printf '%-52s %8s s\n' "gaps, first detection (inserts every record)" "$(printf '%.3f' "$gaps_first")"
printf '%-52s %8s s\n' "gaps, re-detection (idempotent)" "$gaps"
printf '%-52s %8s s\n' "report, terminal table only" "$report"
printf '%-52s %8s s\n' "report, table + md/csv/json/html files" "$files"

# The HTML strip's quiet cells are counted from the candles: one 1-minute series of 2,000,000 rows with every tenth
# minute missing (no-trade slots spread everywhere), its HTML page beside the table that counts nothing.
"$BIN/kraken-datagen" bench --rows 2000000 --out "$OUT/quiet" >/dev/null
awk 'NR % 10 != 3' "$OUT/quiet/XBTUSD_1.csv" > "$OUT/quiet/in.csv" && mkdir -p "$OUT/quiet/in"
mv "$OUT/quiet/in.csv" "$OUT/quiet/in/XBTUSD_1.csv"
"$BIN/kraken-ingest" import --db "$OUT/quiet.sqlite" "$OUT/quiet/in" >/dev/null 2>&1
quiet_table=$(best "$BIN/kraken-ingest" report --db "$OUT/quiet.sqlite" --no-files)
quiet_html=$(best "$BIN/kraken-ingest" report --db "$OUT/quiet.sqlite" --no-files --format html)
printf '%s candles, %s no-trade slots in one series\n' "$(sqlite3 "$OUT/quiet.sqlite" 'SELECT COUNT(*) FROM candles')" \
  "$(sqlite3 "$OUT/quiet.sqlite" 'SELECT SUM((end_time - start_time) / 60 - rows) FROM coverage')"
printf '%-52s %8s s\n' "report, table (no quiet cells)" "$quiet_table"
printf '%-52s %8s s\n' "report, HTML with the quiet cells counted" "$quiet_html"
