#!/usr/bin/env bash
# Renders a report HTML page with headless Chromium into a PNG, to check it the way a person sees it.
# Usage: scripts/screenshot-report.sh reports/completeness_ALL_2026-11-21.html [out.png] [width] [height]
set -euo pipefail
page="${1:?usage: scripts/screenshot-report.sh REPORT.html [OUT.png] [WIDTH] [HEIGHT]}"
out="${2:-${page%.html}.png}"
width="${3:-1400}"
height="${4:-2400}"
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
fi
abs="$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="${width},${height}" \
  --screenshot="$out" "file://$abs" >/dev/null 2>&1
echo "$out"
