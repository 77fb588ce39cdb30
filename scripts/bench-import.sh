#!/usr/bin/env bash
# Import benchmark: generates a multi-million-row Kraken CSV (plus a ZIP and a .zst of it), imports each with a
# release build, and prints rows/s and peak RSS beside `sqlite3 .import` and pandas read_csv + to_sql, as ratios.
# Also imports a Kraken-shaped archive (3,000 members of 10-5,000 rows, log-uniform) as a ZIP and as a folder.
# Usage: scripts/bench-import.sh [ROWS]   (default 5,000,000; about 12,000,000 rows make a 1 GB CSV)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-5000000}"
bash scripts/install-deps.sh
swift build -c release --product kraken-ingest >/dev/null
swift build -c release --product kraken-datagen >/dev/null
BIN="$(swift build -c release --show-bin-path)"
python3 -c "import pandas" 2>/dev/null || python3 -m pip install --quiet pandas
exec python3 scripts/bench_import.py --bin "$BIN" --rows "$ROWS" --out bench-out
