#!/usr/bin/env bash
# Coverage append benchmark: a 5,000,000-candle 1-minute series, then 1,000 appends of one candle, each in its own
# transaction (what a poll does). Prints the 1st and the 1,000th append's time, the median, and the peer: the
# full recount of the merged range that every merge used to cost.
# Usage: scripts/bench-append.sh [CANDLES] [APPENDS]   (default 5000000 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
CANDLES="${1:-5000000}"
APPENDS="${2:-1000}"
bash scripts/install-deps.sh
swift build -c release --product kraken-datagen >/dev/null
BIN="$(swift build -c release --show-bin-path)"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$BIN/kraken-datagen" append-bench --candles "$CANDLES" --appends "$APPENDS" --db "$OUT/append.sqlite"
