#!/usr/bin/env python3
"""End-to-end bench of qmp-ingest against the minimal baseline pipeline (examples/baseline.rs).

Generates archives with examples/gen_archive.rs (64 MiB, 256 MiB in 8 files, 1 GiB in two
512 MiB files), then runs the release binary and the baseline alternately on each, a few times,
into fresh databases, and prints wall time, MiB/s, rows/s, peak RSS and the ratio
qmp-ingest / baseline (medians of the runs). Also: --jobs 1 vs --jobs 2, and a re-run over the
unchanged archive.

    python3 benches/e2e.py                 # all sizes, 3 runs each
    python3 benches/e2e.py --sizes 256M --runs 5

Only the standard library; run from the repository root. Ratios measured in one run are what to
compare: these machines are noisy.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
BIN = os.path.join(TARGET, "release", "qmp-ingest")
BASELINE = os.path.join(TARGET, "release", "examples", "baseline")
GEN = os.path.join(TARGET, "release", "examples", "gen_archive")

SIZES = {"64M": (64 << 20, 4), "256M": (256 << 20, 8), "1G": (1 << 30, 2)}


def build():
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "qmp-ingest",
                    "--example", "baseline", "--example", "gen_archive"], cwd=ROOT, check=True)


def generate(work, name):
    size, files = SIZES[name]
    out = os.path.join(work, "archive-" + name)
    if not os.path.isdir(out):
        subprocess.run([GEN, "--out", out, "--bytes", str(size), "--files", str(files), "--vms", str(files),
                        "--seed", "42", "--bad-rate", "0.0001"], check=True, stdout=subprocess.DEVNULL)
    paths = sorted(os.path.join(out, f) for f in os.listdir(out))
    return paths, sum(os.path.getsize(p) for p in paths)


def measure(cmd):
    """Runs cmd in a helper process that reports its child's wall time, CPU time (user + system)
    and peak RSS."""
    helper = ("import resource,subprocess,sys,time,json;"
              "t=time.perf_counter();p=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
              "w=time.perf_counter()-t;u=resource.getrusage(resource.RUSAGE_CHILDREN);"
              "print(json.dumps({'wall':w,'cpu':u.ru_utime+u.ru_stime,'rc':p.returncode,'rss_kib':u.ru_maxrss,"
              "'out':p.stdout,'err':p.stderr[-2000:]}))")
    proc = subprocess.run([sys.executable, "-c", helper] + cmd, capture_output=True, text=True, check=True)
    result = json.loads(proc.stdout)
    if result["rc"] not in (0, 3):
        sys.exit(f"{cmd[0]} failed ({result['rc']}): {result['err']}")
    return result


def fresh(db):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="64M,256M,1G")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "qmp-ingest-bench"))
    parser.add_argument("--keep", action="store_true", help="keep the generated archives")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    build()
    print(f"machine: {os.cpu_count()} cores; {BIN}")
    db = os.path.join(args.work, "bench.db")
    for name in args.sizes.split(","):
        paths, nbytes = generate(args.work, name)
        mib = nbytes / (1 << 20)
        ours, base, rss_ours, rss_base, rows = [], [], [], [], 0
        for _ in range(args.runs):
            fresh(db)
            r = measure([BIN, *paths, "--db", db, "--quiet", "--json"])
            summary = json.loads(r["out"])
            rows = summary["typed"] + summary["unknown"] + summary["rejects"]
            ours.append(r["wall"])
            rss_ours.append(r["rss_kib"] / 1024)
            fresh(db)
            r = measure([BASELINE, "--db", db, *paths])
            base.append(r["wall"])
            rss_base.append(r["rss_kib"] / 1024)
        t_ours, t_base = statistics.median(ours), statistics.median(base)
        print(f"\n== {name}: {len(paths)} files, {mib:.0f} MiB, {rows} rows; median of {args.runs} alternating runs")
        print(f"  qmp-ingest  {t_ours:6.2f} s  {mib / t_ours:7.1f} MiB/s  {rows / t_ours / 1e6:5.2f} M rows/s  peak RSS {max(rss_ours):6.1f} MiB")
        print(f"  baseline    {t_base:6.2f} s  {mib / t_base:7.1f} MiB/s  {rows / t_base / 1e6:5.2f} M rows/s  peak RSS {max(rss_base):6.1f} MiB")
        print(f"  ratio qmp-ingest / baseline: {t_ours / t_base:.2f}")
        jobs = {}
        for n in (1, 2):
            fresh(db)
            jobs[n] = measure([BIN, *paths, "--db", db, "--quiet", "--jobs", str(n)])["wall"]
        print(f"  --jobs 1: {jobs[1]:.2f} s, --jobs 2: {jobs[2]:.2f} s (speed-up {jobs[1] / jobs[2]:.2f}x)")
        rerun = measure([BIN, *paths, "--db", db, "--quiet"])["wall"]
        print(f"  re-run over the unchanged archive: {rerun:.3f} s")
    fresh(db)
    if not args.keep:
        shutil.rmtree(args.work, ignore_errors=True)


if __name__ == "__main__":
    main()
