"""Runs the import benchmark and prints a table of rows/s and peak RSS with ratios (see bench-import.sh)."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

PANDAS_SCRIPT = r"""
import sqlite3, sys, pandas as pd
csv, db = sys.argv[1], sys.argv[2]
names = ["open_time", "open", "high", "low", "close", "volume", "trades"]
frame = pd.read_csv(csv, header=None, names=names)
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
con.execute("CREATE TABLE candles (open_time INTEGER PRIMARY KEY, open REAL, high REAL, low REAL, close REAL, volume REAL, trades INTEGER)")
frame.to_sql("candles", con, if_exists="append", index=False)
con.commit()
"""

SQLITE_SCHEMA = """
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE candles (open_time INTEGER PRIMARY KEY, open REAL, high REAL, low REAL, close REAL, volume REAL, trades INTEGER);
"""


def run(argv, stdin=None):
    """Runs argv, returning (seconds, peak RSS in MiB); fails loudly on a non-zero exit. Standard error goes to a
    temporary file: an import of thousands of files logs more than a pipe holds, and a full pipe would block it."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE if stdin else None, stdout=subprocess.DEVNULL,
                                stderr=errors, text=True)
        if stdin:
            proc.stdin.write(stdin)
            proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            sys.exit(f"benchmark step failed: {' '.join(argv)}\n{errors.read().decode(errors='replace')[-4000:]}")
    return seconds, usage.ru_maxrss / 1024


def fresh(path):
    for suffix in ("", "-wal", "-shm", ".lock"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--out", default="bench-out")
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--repeat", type=int, default=2, help="runs per step; the fastest is shown, with the largest RSS")
    parser.add_argument("--members", type=int, default=3000,
                        help="members of the Kraken-shaped archive (10-5,000 rows each, log-uniform); 0 skips it")
    parser.add_argument("--small-members", type=int, default=5000,
                        help="members of 50 rows each (the per-file cost alone); 0 skips it")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    ki = os.path.join(args.bin, "kraken-ingest")
    gen = os.path.join(args.bin, "kraken-datagen")

    print(f"generating {args.rows:,} rows …", flush=True)
    subprocess.run([gen, "bench", "--rows", str(args.rows), "--out", args.out, "--compressed"], check=True,
                   stdout=subprocess.DEVNULL)
    csv = os.path.join(args.out, "XBTUSD_1.csv")
    zst = csv + ".zst"
    zipf = os.path.join(args.out, "bench.zip")
    rows = sum(1 for _ in open(csv, "rb"))
    size = os.path.getsize(csv)
    print(f"input: {rows:,} rows, CSV {size / 1e6:.1f} MB, zst {os.path.getsize(zst) / 1e6:.1f} MB, "
          f"zip {os.path.getsize(zipf) / 1e6:.1f} MB\n", flush=True)

    subprocess.run(["sync"], check=False)
    results = []

    def measure(label, make_argv, stdin=None, db_name="bench.sqlite"):
        """Runs a step `--repeat` times on a fresh database; keeps the fastest time and the largest RSS."""
        best, peak = None, 0.0
        for _ in range(args.repeat):
            db = fresh(os.path.join(args.out, db_name))
            seconds, rss = run(make_argv(db), stdin=stdin(db) if stdin else None)
            best = seconds if best is None else min(best, seconds)
            peak = max(peak, rss)
        results.append((label, best, peak))
        return db

    measure("kraken-ingest CSV", lambda db: [ki, "import", "--db", db, csv])
    db = measure("kraken-ingest ZIP member", lambda db: [ki, "import", "--db", db, zipf])
    again, again_rss = run([ki, "import", "--db", db, zipf])
    results.append(("kraken-ingest ZIP re-import (skip)", again, again_rss))
    measure("kraken-ingest .zst", lambda db: [ki, "import", "--db", db, zst])

    # Next quarter's complete download: the same rows plus one more candle, over the store of the first import.
    # Every row meets a stored candle; all but the last are identical. Its peer is the first import (the CSV row).
    longer_dir = os.path.join(args.out, "longer")
    os.makedirs(longer_dir, exist_ok=True)
    longer = os.path.join(longer_dir, "XBTUSD_1.csv")
    with open(csv, "rb") as source, open(longer, "wb") as target:
        last = b""
        for line in source:
            target.write(line)
            last = line
        fields = last.rstrip(b"\n").split(b",")
        target.write(b",".join([str(int(fields[0]) + 60).encode()] + fields[1:]) + b"\n")
    best = None
    for _ in range(args.repeat):
        db = fresh(os.path.join(args.out, "overlap.sqlite"))
        run([ki, "import", "--db", db, csv])
        seconds, rss = run([ki, "import", "--db", db, longer])
        best = (seconds, rss) if best is None or seconds < best[0] else best
    results.append(("kraken-ingest re-import, longer copy", best[0], best[1]))

    row_counts = {}  # steps whose input is not the big CSV
    if args.members > 0:
        subprocess.run([gen, "members", "--count", str(args.members), "--out", args.out], check=True,
                       stdout=subprocess.DEVNULL)
        folder = os.path.join(args.out, "members")
        member_rows = sum(sum(1 for _ in open(os.path.join(folder, f), "rb")) for f in os.listdir(folder))
        print(f"Kraken-shaped archive: {args.members:,} members, {member_rows:,} rows\n", flush=True)
        for label, path in ((f"kraken-ingest {args.members:,}-member ZIP", os.path.join(args.out, "members.zip")),
                            (f"kraken-ingest {args.members:,} files (folder)", folder)):
            row_counts[label] = member_rows
            measure(label, lambda db, path=path: [ki, "import", "--db", db, path])
    if args.small_members > 0:
        small = os.path.join(args.out, "small")
        subprocess.run([gen, "members", "--count", str(args.small_members), "--min-rows", "50", "--max-rows", "50",
                        "--out", small], check=True, stdout=subprocess.DEVNULL)
        label = f"kraken-ingest {args.small_members:,} x 50-row ZIP"
        row_counts[label] = args.small_members * 50
        measure(label, lambda db: [ki, "import", "--db", db, os.path.join(small, "members.zip")])

    if not args.skip_peers:
        measure("sqlite3 .import", lambda db: ["sqlite3", db],
                stdin=lambda db: SQLITE_SCHEMA + f".mode csv\n.import {csv} candles\n", db_name="sqlite3.sqlite")
        measure("pandas read_csv + to_sql", lambda db: [sys.executable, "-c", PANDAS_SCRIPT, csv, db], db_name="pandas.sqlite")

    base = {label: rows / seconds for label, seconds, _ in results}  # single-file steps only are looked up
    sqlite_rate = base.get("sqlite3 .import")
    csv_rate = base["kraken-ingest CSV"]
    print(f"{'run':38} {'seconds':>8} {'rows/s':>12} {'peak RSS':>10} {'vs CSV':>7} {'vs sqlite3':>10}")
    for label, seconds, rss in results:
        rate = row_counts.get(label, rows + 1 if "longer copy" in label else rows) / seconds
        skip = "skip" in label
        vs_csv = "" if skip else f"{rate / csv_rate:6.2f}x"
        vs_sqlite = "" if skip or not sqlite_rate else f"{rate / sqlite_rate:9.2f}x"
        shown_rate = "-" if skip else f"{rate:,.0f}"
        print(f"{label:38} {seconds:8.2f} {shown_rate:>12} {rss:8.1f} MiB {vs_csv:>7} {vs_sqlite:>10}")
    shutil.rmtree(args.out, ignore_errors=True)


if __name__ == "__main__":
    main()
