#!/usr/bin/env bash
# Backfills a tier of 50 pairs x 4 intervals from the local Kraken imitation (50 ms per call by default) under the
# default limits (1 call/s per pair, 5 calls/s overall), and prints requests, wall time and the ratio of wall time
# to the ideal (requests / allowed rate). Usage: scripts/bench-backfill.sh [LATENCY_MS]
set -euo pipefail
cd "$(dirname "$0")/.."
export KRAKEN_BENCH_BACKFILL=1
export KRAKEN_BENCH_LATENCY_MS="${1:-50}"
swift build --build-tests >/dev/null
swift test --skip-build --filter BackfillBenchmarkTests 2>&1 | grep -E "bench-backfill:|✘|error" || true
