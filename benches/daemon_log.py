#!/usr/bin/env python3
"""End-to-end bench of importing a libvirt daemon log with few events.

Builds a log like benches/formats.rs does, from the records recorded with a real libvirt
(tests/data/libvirt/libvirtd-{info,debug}.log): the records naming the monitors once, then the
non-event lines over and over with one event record every 2000 lines, to --size bytes. Then
runs the release binary on it into a fresh database, --runs times, and prints wall time and
MiB/s (medians) and the peak RSS, with --jobs 1 (one core) and with the default jobs: the
memory a log needs must not grow with its size (compare --size 256 with --size 1024).

    python3 benches/daemon_log.py                    # 512 MiB, info and debug level, 3 runs
    python3 benches/daemon_log.py --size 256 --runs 5

Only the standard library; run from the repository root. These machines are noisy: the spread
of the runs is printed with the median.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
BIN = os.path.join(TARGET, "release", "qmp-ingest")
EVERY = 2000


def build_log(fixture, size):
    lines = open(os.path.join(ROOT, "tests", "data", "libvirt", fixture), "rb").read().split(b"\n")[:-1]
    is_event = [b"QEMU_MONITOR_RECV_EVENT: mon=" in l for l in lines]
    names = [b"QEMU_MONITOR_NEW" in l or b"monitor (mon=" in l or b"monitor.sock" in l for l in lines]
    events = [l for l, e in zip(lines, is_event) if e]
    others = [l for l, e, n in zip(lines, is_event, names) if not e and not n]
    out = [l for l, n in zip(lines, names) if n]
    total = sum(len(l) + 1 for l in out)
    n = 0
    block = []
    while total < size:
        line = events[(n // EVERY) % len(events)] if n % EVERY == EVERY - 1 else others[n % len(others)]
        block.append(line)
        total += len(line) + 1
        n += 1
    return b"\n".join(out + block) + b"\n"


def run(path, db, jobs):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    cmd = [BIN, path, "--db", db, "--quiet"] + (["--jobs", str(jobs)] if jobs else [])
    started = time.perf_counter()
    child = subprocess.Popen(cmd)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)}: exit {child.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=512, help="MiB of log")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    parser.add_argument("--fixture", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        with open(args.generate, "wb") as f:
            f.write(build_log(args.fixture, args.size << 20))
        return
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "qmp-ingest"], cwd=ROOT, check=True)
    size = args.size << 20
    with tempfile.TemporaryDirectory() as work:
        for level in ("info", "debug"):
            path = os.path.join(work, f"libvirtd-{level}.log")
            # Built by a child: a process's peak RSS starts from its parent's at the spawn, so
            # this one must never have held the log.
            subprocess.run([sys.executable, __file__, "--generate", path, "--fixture", f"libvirtd-{level}.log",
                            "--size", str(args.size)], check=True)
            mib = os.path.getsize(path) / (1 << 20)
            for jobs in (1, None):
                runs = [run(path, os.path.join(work, "bench.db"), jobs) for _ in range(args.runs)]
                times = [t for t, _ in runs]
                median = statistics.median(times)
                print(f"{level:5} log {mib:.0f} MiB, --jobs {jobs or 'default'}: median {median:.3f} s = "
                      f"{mib / median:.0f} MiB/s (runs {', '.join(f'{t:.3f}' for t in times)}), "
                      f"peak RSS {max(r for _, r in runs):.0f} MiB")


if __name__ == "__main__":
    main()
