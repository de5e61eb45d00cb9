#!/usr/bin/env python3
"""Query bench: the README's questions on a database imported from a generated archive.

Builds the release binary and the examples, generates an archive with examples/gen_archive.rs
(default 1 GiB, 32 VMs, one file per VM and day over 7 days), imports it, then times every SQL
block of README.md's cookbook (the sample's VM and dates replaced by the archive's) with the
`sqlite3` shell on PATH and with the SQLite bundled into qmp-ingest (examples/sql_time.rs), and
prints a table of medians. With --baseline BIN (an older qmp-ingest, e.g. a release build of the
commit before a migration), it also imports the archive alternately with both binaries and prints
the import-time and size cost, times each question with the shell on the baseline's database too
(question by question, baseline first), and then the time the new binary takes to migrate the
baseline's database.

    python3 benches/queries.py                         # 1 GiB, 32 VMs, 3 runs per query
    python3 benches/queries.py --bytes 256M --vms 8 --runs 5
    python3 benches/queries.py --baseline /tmp/qmp-base/release/qmp-ingest --import-runs 3

Only the standard library; run from the repository root. These machines are noisy: compare
figures measured in one run, and ratios rather than seconds.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
BIN = os.path.join(TARGET, "release", "qmp-ingest")
GEN = os.path.join(TARGET, "release", "examples", "gen_archive")
SQL_TIME = os.path.join(TARGET, "release", "examples", "sql_time")

# The cookbook's sample VM and moments, and what stands for them in the generated archive.
SUBSTITUTIONS = [
    ("'vm-web01'", "'{vm}'"),
    ("2026-11-23 06:52:14", "2026-11-27 06:52:14"),
    ("2026-11-23 06:00", "2026-11-27 06:00"),
    ("2026-11-23 07:00", "2026-11-27 07:00"),
    ("'2026-11-24'", "'2026-11-30'"),
]

EXTRA = [
    ("the minute before each of one VM's first 20 panics", """
WITH p AS MATERIALIZED (SELECT vm, ts_us, time FROM guest_panics WHERE vm = '{vm}' ORDER BY ts_us LIMIT 20)
SELECT p.vm, p.time AS panicked_at, b.time, b.event, b.data
FROM p
CROSS JOIN event_spans AS s ON s.vm = p.vm
   AND s.hour BETWEEN (p.ts_us - 60000000) / 3600000000 AND p.ts_us / 3600000000
   AND s.last_us >= p.ts_us - 60000000 AND s.first_us <= p.ts_us
CROSS JOIN all_events AS b ON b.span = s.id AND b.event = s.event
   AND b.ts_us BETWEEN p.ts_us - 60000000 AND p.ts_us
ORDER BY p.vm, panicked_at, b.time"""),
]


def cookbook():
    """(title, sql) for every ```sql block of README.md, titled by the paragraph before it."""
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    out = []
    for m in re.finditer(r"```sql\n(.*?)```", text, re.S):
        before = text[: m.start()].rstrip().split("\n\n")[-1]
        title = " ".join(before.split())[:60]
        if title.startswith("```"):
            title = out[-1][0] + " (2)"
        out.append((title, m.group(1).strip().rstrip(";")))
    return out


def build():
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "qmp-ingest", "--example", "gen_archive",
                    "--example", "sql_time"], cwd=ROOT, check=True)


def generate(work, size, files, vms):
    out = os.path.join(work, f"archive-{size}-{files}f-{vms}vm")
    if not os.path.isfile(os.path.join(out, ".done")):
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run([GEN, "--out", out, "--bytes", size, "--files", str(files), "--vms", str(vms), "--dated",
                        "--seed", "7"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        open(os.path.join(out, ".done"), "w").close()
    return out


def fresh(db):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


def import_(binary, archive, db):
    fresh(db)
    started = time.perf_counter()
    run = subprocess.run([binary, archive, "--db", db, "--quiet"], stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    if run.returncode not in (0, 3):
        sys.exit(f"{binary} failed ({run.returncode}): {run.stderr[-500:]}")
    return wall


def db_bytes(db):
    out = subprocess.run(["sqlite3", db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA page_count; PRAGMA page_size;"],
                         capture_output=True, text=True, check=True).stdout.split()
    return int(out[-2]) * int(out[-1])


def one_vm(db):
    """A VM the database has, whatever the fleet's size: the eighth label in order (or the last)."""
    labels = subprocess.run(["sqlite3", "-readonly", db, "SELECT DISTINCT label FROM files ORDER BY label"],
                            capture_output=True, text=True, check=True).stdout.split()
    if not labels:
        sys.exit(f"{db} has no sources")
    return labels[min(7, len(labels) - 1)]


def shell_time(db, sql, runs, older=False):
    """Median wall time of the sqlite3 shell answering `sql` (output discarded), less its start-up.
    On an `older` database a question it cannot answer (a table it lacks) gives None."""
    def once(q):
        started = time.perf_counter()
        r = subprocess.run(["sqlite3", "-readonly", db], input=q + ";\n", stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            if older:
                return None
            sys.exit(f"sqlite3: {r.stderr}\n{q}")
        return time.perf_counter() - started
    startup = statistics.median(once("SELECT 1") for _ in range(3))
    times = [once(sql) for _ in range(runs)]
    if None in times:
        return None
    return max(0.0, statistics.median(times) - startup)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bytes", default="1G")
    parser.add_argument("--vms", type=int, default=32)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--vm", help="the VM of the one-VM questions (default: the eighth label in order)")
    parser.add_argument("--runs", type=int, default=3, help="runs per query (median)")
    parser.add_argument("--baseline", help="an older qmp-ingest binary, for the import and size cost")
    parser.add_argument("--import-runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true",
                        help="time the questions on the database an earlier run left in --work (no import)")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "qmp-ingest-queries"))
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    if shutil.which("sqlite3") is None:
        sys.exit("no sqlite3 shell on PATH (Debian: apt-get install sqlite3)")
    build()
    archive = generate(args.work, args.bytes, args.vms * args.days, args.vms)
    db = os.path.join(args.work, "events.db")
    shell_version = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]

    base_db = os.path.join(args.work, "baseline.db")
    if args.baseline:
        ours, base = [], []
        for i in range(args.import_runs):
            base.append(import_(args.baseline, archive, base_db))
            ours.append(import_(BIN, archive, db))
            print(f"import run {i + 1}: qmp-ingest {ours[-1]:.2f} s, baseline {base[-1]:.2f} s, "
                  f"ratio {ours[-1] / base[-1]:.3f}", flush=True)
        size, base_size = db_bytes(db), db_bytes(base_db)
        ratio = statistics.median(o / b for o, b in zip(ours, base))
        print(f"import: {statistics.median(ours):.2f} s vs {statistics.median(base):.2f} s with the baseline, "
              f"median ratio {ratio:.3f}; database {size / 2**20:.1f} MiB vs {base_size / 2**20:.1f} MiB "
              f"(+{100 * (size / base_size - 1):.1f} %)")
    elif not (args.reuse and os.path.exists(db)):
        import_(BIN, archive, db)
    vm = args.vm or one_vm(db)
    events = subprocess.run(["sqlite3", db, "SELECT sum(typed) FROM files"], capture_output=True, text=True,
                            check=True).stdout.strip()

    questions = []
    for title, sql in cookbook() + EXTRA:
        for old, new in SUBSTITUTIONS:
            sql = sql.replace(old, new)
        questions.append((title, sql.format(vm=vm) if "{vm}" in sql else sql))
    rows = []
    bundled = subprocess.run([SQL_TIME, db, str(args.runs)], input="\n-- next\n".join(q for _, q in questions),
                             capture_output=True, text=True, check=True).stdout.splitlines()
    bundled_version = bundled[0]
    for (title, sql), line in zip(questions, bundled[1:]):
        seconds, count = line.split()
        # With a baseline, the shell answers on its database first, then on ours, question by question.
        base = ""
        if args.baseline:
            seconds_base = shell_time(base_db, sql, args.runs, older=True)
            base = "n/a | " if seconds_base is None else f"{seconds_base:.3f} s | "
        rows.append((title, base, shell_time(db, sql, args.runs), float(seconds), int(count)))

    print(f"\n{args.bytes}, {args.vms} VMs x {args.days} days, {events} events; one VM: {vm}; "
          f"medians of {args.runs} runs\n")
    base_head = "sqlite3 shell, baseline's database | " if args.baseline else ""
    print(f"| question | {base_head}sqlite3 {shell_version} shell | bundled SQLite {bundled_version} | rows |")
    print("|---|---|---|---|" + ("---|" if args.baseline else ""))
    for title, base, shell, ours, count in rows:
        print(f"| {title} | {base}{shell:.3f} s | {ours:.3f} s | {count} |")
    if args.baseline:
        empty = os.path.join(args.work, "empty.jsonl")
        open(empty, "w").close()
        started = time.perf_counter()
        subprocess.run([BIN, empty, "--db", base_db, "--quiet"], check=True)
        version = subprocess.run(["sqlite3", base_db, "PRAGMA user_version"], capture_output=True, text=True,
                                 check=True).stdout.strip()
        print(f"\nmigrating the baseline's database to schema {version}: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
