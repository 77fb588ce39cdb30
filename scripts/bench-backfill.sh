#!/usr/bin/env bash
# Backfills a tier of 50 pairs x 4 intervals with the release binary from the local Kraken imitation (50 ms per
# OHLC call by default) under the default limits (1 call/s per pair, 5 calls/s overall), and prints requests, wall
# time and the ratio of wall time to the ideal (OHLC requests / 5 per s).
# Usage: scripts/bench-backfill.sh [LATENCY_MS] [PAIRS]
set -euo pipefail
cd "$(dirname "$0")/.."
latency="${1:-50}"
pairs="${2:-50}"
for product in kraken-ingest kraken-datagen kraken-imitation; do
  swift build -c release --product "$product" >/dev/null
done
bin="$(swift build -c release --show-bin-path)"
out=bench-out/backfill
rm -rf "$out"
mkdir -p "$out"
"$bin/kraken-datagen" backfill-bench --pairs "$pairs" --out "$out"
db="$out/bench.sqlite"
common=(--db "$db" --tiers-file "$out/tiers.json")
"$bin/kraken-ingest" import "$out/csv" "${common[@]}" >"$out/import.log" 2>&1

"$bin/kraken-imitation" --bench-pairs "$pairs" --latency-ms "$latency" >"$out/imitation.url" 2>"$out/imitation.log" &
imitation=$!
trap 'kill "$imitation" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$out/imitation.url" ] && break; sleep 0.1; done
url="$(head -1 "$out/imitation.url")"

start=$(date +%s.%N)
"$bin/kraken-ingest" backfill --tier BENCH "${common[@]}" --spot-api-url "$url" --json >"$out/summary.json" \
  2>"$out/backfill.log"
end=$(date +%s.%N)
kill "$imitation"
wait "$imitation" 2>/dev/null || true
trap - EXIT

python3 - "$out/summary.json" "$start" "$end" "$latency" "$(cat "$out/imitation.log")" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
ohlc = summary["ohlcRequests"]
ideal = ohlc / 5.0
print(f"bench-backfill: {summary['planned']} series planned, {ohlc} OHLC requests "
      f"({summary['http']['requests'] - ohlc} AssetPairs), {summary['seriesDone']} stored, "
      f"{len(summary['failures'])} failed, {summary['candlesWritten']} candles written")
print(f"bench-backfill: wall {wall:.2f} s (whole command), ideal {ideal:.2f} s (OHLC requests / 5 per s), "
      f"ratio {wall / ideal:.3f}, latency {sys.argv[4]} ms")
print(sys.argv[5])
PY
