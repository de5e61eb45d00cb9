#!/usr/bin/env python3
"""Whole imports of qmp-ingest against the reference minimal pipeline, side by side.

The reference (`sqlite-limit`: mmap + simd-json on one rayon thread + one cached prepared
INSERT per table in one transaction, WAL with synchronous=NORMAL, none of qmp-ingest's other
duties) and its archive generator (`qmpgen`) come with the developers' benchmark kit; pass its
directory with --reference (default: ../shared/bench beside the repository). Both are built into
target/bench-ref. For each size the archive is generated once (seed 21, no bad lines), then
qmp-ingest and the reference run alternately into fresh databases; the script prints wall time,
CPU time (user + system), peak RSS and the median of the per-pair ratios. The older comparison
with examples/baseline.rs (our own minimal pipeline into the same tables) runs with --baseline.

    python3 benches/reference.py                  # 256M in 8 files and 1G in 2 files, 3 runs each
    python3 benches/reference.py --sizes 256M:8 --runs 5

Only the standard library; run from the repository root after nothing else: it builds what it
needs. These machines are noisy and their processors change: only ratios measured in one run
carry over.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import fresh, measure  # noqa: E402  (one way to time a run, shared with e2e.py)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
BIN = os.path.join(TARGET, "release", "qmp-ingest")
BASELINE = os.path.join(TARGET, "release", "examples", "baseline")


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def build(reference):
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "qmp-ingest", "--example", "baseline"],
                   cwd=ROOT, check=True)
    tools = {}
    for name in ("sqlite-limit", "qmpgen"):
        out = os.path.join(TARGET, "bench-ref", name)
        subprocess.run(["cargo", "build", "--release", "--locked", "--quiet", "--manifest-path",
                        os.path.join(reference, name, "Cargo.toml"), "--target-dir", out], check=True)
        tools[name] = os.path.join(out, "release", name)
    return tools


def generate(gen, work, size, files):
    out = os.path.join(work, f"archive-{size}-f{files}")
    if not os.path.exists(os.path.join(out, ".done")):
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run([gen, "--bytes", size, "--files", str(files), "--seed", "21", "--bad-rate", "0", "--out", out],
                       check=True, stdout=subprocess.DEVNULL)
        open(os.path.join(out, ".done"), "w").close()
    paths = sorted(os.path.join(out, f) for f in os.listdir(out) if f.endswith(".jsonl"))
    return paths, sum(os.path.getsize(p) for p in paths)


def compare(label, ours_cmd, other_cmd, db, runs):
    """Alternating runs; returns per-tool medians and the median of the per-pair wall ratios."""
    ours, other = [], []
    for _ in range(runs):
        fresh(db)
        ours.append(measure(ours_cmd(db)))
        fresh(db)
        other.append(measure(other_cmd(db)))
    ratios = [o["wall"] / r["wall"] for o, r in zip(ours, other)]
    cpu = [o["cpu"] / r["cpu"] for o, r in zip(ours, other)]

    def line(name, rs):
        wall = statistics.median(r["wall"] for r in rs)
        cpu_s = statistics.median(r["cpu"] for r in rs)
        rss = max(r["rss_kib"] for r in rs) / 1024
        return f"  {name:<12} wall {wall:6.2f} s  CPU {cpu_s:6.2f} s  peak RSS {rss:6.1f} MiB"

    print(line("qmp-ingest", ours))
    print(line(label, other))
    print(f"  ratio qmp-ingest / {label}: wall {statistics.median(ratios):.2f} (runs: "
          + ", ".join(f"{r:.2f}" for r in ratios) + f"), CPU {statistics.median(cpu):.2f}")
    return ours


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="256M:8,1G:2", help="SIZE:FILES,… (default 256M:8,1G:2)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reference", default=os.path.join(ROOT, "..", "shared", "bench"))
    parser.add_argument("--baseline", action="store_true", help="also compare with examples/baseline.rs")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "qmp-ingest-bench"))
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(args.reference, "sqlite-limit")):
        sys.exit(f"no reference pipeline in {args.reference} (see --reference)")
    os.makedirs(args.work, exist_ok=True)
    tools = build(args.reference)
    print(f"{time.strftime('%Y-%m-%d')}, {cpu_model()}, {os.cpu_count()} cores")
    db = os.path.join(args.work, "bench.db")
    ref = tools["sqlite-limit"]
    for spec in args.sizes.split(","):
        size, files = spec.split(":")
        paths, nbytes = generate(tools["qmpgen"], args.work, size, int(files))
        mib = nbytes / (1 << 20)
        print(f"\n== {size} in {files} files ({mib:.0f} MiB); {args.runs} alternating runs")
        ours_cmd = lambda d: [BIN, *paths, "--db", d, "--quiet", "--json"]
        ref_cmd = lambda d: [ref, "--db", d, "--journal", "wal", "--sync", "normal", "--pipeline",
                             "--parse-threads", "1", *paths]
        ours = compare("reference", ours_cmd, ref_cmd, db, args.runs)
        summary = json.loads(ours[-1]["out"])
        rows = summary["typed"] + summary["unknown"] + summary["rejects"]
        wall = statistics.median(r["wall"] for r in ours)
        print(f"  qmp-ingest: {mib / wall:.0f} MiB/s, {rows / wall / 1e6:.2f} M rows/s ({rows} rows)")
        if args.baseline:
            compare("baseline", ours_cmd, lambda d: [BASELINE, "--db", d, *paths], db, args.runs)
    fresh(db)


if __name__ == "__main__":
    main()
