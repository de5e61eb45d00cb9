#!/usr/bin/env python3
"""Export speed and lake size: `qmp-ingest export` of the database of a generated archive.

Generates the archive with examples/gen_archive.rs (default 1 GiB in 2 files, as README's
import figures), imports it with the release binary, then exports it into a fresh lake
(--period month) `--runs` times, and prints rows/s, MiB/s of Parquet written, the re-run time of
an unchanged database, and lake size against database size (medians).

    python3 benches/lake.py [--bytes 1G] [--files 2] [--runs 3] [--work /tmp/qmp-lake-bench]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def du(path, suffix=""):
    total = 0
    for d, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(d, f)) for f in files if f.endswith(suffix))
    return total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bytes", default="1G")
    p.add_argument("--files", default="2")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--work", default="/tmp/qmp-lake-bench")
    a = p.parse_args()
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "gen_archive", "--bin", "qmp-ingest"],
                   cwd=ROOT, check=True)
    binary = os.path.join(target, "release", "qmp-ingest")
    archive = os.path.join(a.work, f"archive-{a.bytes}-{a.files}")
    db = os.path.join(a.work, f"events-{a.bytes}-{a.files}.db")
    if not os.path.exists(archive):
        subprocess.run([os.path.join(target, "release", "examples", "gen_archive"), "--out", archive,
                        "--bytes", a.bytes, "--files", a.files], check=True)
    if not os.path.exists(db):
        subprocess.run([binary, archive, "--db", db, "--quiet"])
    lake = os.path.join(a.work, "lake")
    walls, summaries = [], []
    for _ in range(a.runs):
        shutil.rmtree(lake, ignore_errors=True)
        t = time.perf_counter()
        out = subprocess.run([binary, "export", "--db", db, "--parquet", lake, "--host", "bench", "--json",
                              "--quiet", "--rebuild"], capture_output=True, text=True, check=True)
        walls.append(time.perf_counter() - t)
        summaries.append(json.loads(out.stdout))
    wall = statistics.median(walls)
    s = summaries[0]
    t = time.perf_counter()
    subprocess.run([binary, "export", "--db", db, "--parquet", lake, "--host", "bench", "--quiet"], check=True)
    rerun = time.perf_counter() - t
    lake_bytes = du(lake, ".parquet")
    db_bytes = os.path.getsize(db)
    mib = 1024 * 1024
    print(f"archive {a.bytes} in {a.files} files: database {db_bytes / mib:.0f} MiB, {s['rows']} rows")
    print(f"export (median of {a.runs}): {wall:.2f} s, {s['rows'] / wall / 1e6:.2f} M rows/s, "
          f"{s['bytes'] / wall / mib:.1f} MiB/s of Parquet, {s['files_written']} files")
    print(f"re-run, nothing new: {rerun:.2f} s")
    print(f"lake {lake_bytes / mib:.0f} MiB = {lake_bytes / db_bytes:.2f} x the database")


if __name__ == "__main__":
    main()
