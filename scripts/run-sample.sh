#!/usr/bin/env bash
# The README's first command: `kraken-ingest run Fixtures/sample` after installing the C libraries and building.
# It imports the bundled sample, detects and classifies gaps, backfills what Kraken's API can fill and writes the
# completeness report and the archive download list under reports/. Extra arguments go to `run`.
# Without network, `run` says in one line that it skipped the API backfill and exits 69 (Kraken unreachable);
# everything else is done, so this wrapper reports success.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build --product kraken-ingest
bin="$(swift build --show-bin-path)/kraken-ingest"
status=0
"$bin" run Fixtures/sample "$@" || status=$?
if [ "$status" -eq 69 ]; then
  echo "sample done offline: import, gaps and report are complete; only the API backfill waits for a network"
  exit 0
fi
exit "$status"
