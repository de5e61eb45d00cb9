#!/usr/bin/env python3
"""Two (or more) qmp-ingest binaries on the same archive, alternating, into fresh databases.

For a change's effect on the whole import: build the commit before it and the commit with it,
copy each `target/release/qmp-ingest` aside, then

    python3 benches/ab.py --runs 7 /tmp/before /tmp/after -- ARCHIVE/*.jsonl

prints each run's wall time and, per binary, the median wall and CPU (user + system) time.
Alternating runs are what makes a noisy shared machine's figures comparable; only the ratio
between binaries measured in one run carries over. A binary may be given as NAME=PATH, and
environment settings for it after a colon: `nice10=/tmp/qi:QMP_X=1` (for experiments).
Only the standard library.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def variant(spec):
    name_path, _, env = spec.partition(":")
    name, _, path = name_path.rpartition("=")
    path = os.path.abspath(path)
    extra = dict(kv.split("=", 1) for kv in env.split(",") if kv)
    return name or os.path.basename(path), path, {**os.environ, **extra}


def run_once(path, env, files, db):
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(db + suffix)
        except FileNotFoundError:
            pass
    start = time.perf_counter()
    child = subprocess.Popen([path, *files, "--db", db, "--quiet"], env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        sys.exit(f"{path} exited with {code}")
    return wall, usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("binaries", nargs="+", help="qmp-ingest binaries ([NAME=]PATH[:ENV=V,...])")
    argv = sys.argv[1:]
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        sys.exit("give the archive's files after --")
    cut = argv.index("--")
    args, files = parser.parse_args(argv[:cut]), argv[cut + 1 :]
    variants = [variant(b) for b in args.binaries]
    results = {name: [] for name, _, _ in variants}
    db = os.path.join(tempfile.mkdtemp(), "ab.db")
    for _ in range(args.runs):
        for name, path, env in variants:
            results[name].append(run_once(path, env, files, db))
        print("  ".join(f"{name} {results[name][-1][0]:.3f} s" for name, _, _ in variants), flush=True)
    for name, _, _ in variants:
        walls, cpus = zip(*results[name])
        print(f"{name}: median wall {statistics.median(walls):.3f} s, CPU {statistics.median(cpus):.3f} s")


if __name__ == "__main__":
    main()
