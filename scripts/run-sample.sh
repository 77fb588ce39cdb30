#!/usr/bin/env bash
# The main job on the bundled sample: import it, print its coverage, detect gaps (with the download list) and print
# the completeness report, writing the report files under reports/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build --product kraken-ingest
bin="$(swift build --show-bin-path)/kraken-ingest"
"$bin" import Fixtures/sample
"$bin" coverage
"$bin" gaps --export-unfillable reports/download-list.csv
"$bin" report --tier ALL
