#!/usr/bin/env bash
# Installs the C libraries kraken-ingest links against (SQLite, zstd, zlib) when they are missing.
set -euo pipefail
missing=()
for pkg in libsqlite3-dev libzstd-dev zlib1g-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
