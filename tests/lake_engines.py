#!/usr/bin/env python3
"""The Parquet lake read by other engines, end to end (run by .ci/run after the Rust tests).

Three hosts' databases (each from its own generated archive, different VMs, u64 values above
2^63-1, rows without a timestamp) are exported into one lake with `qmp-ingest export`; DuckDB,
Spark (local mode) and Polars each run "quorum failures by node" and "events per VM and day" over
the lake, and ClickHouse (chdb, in process) "quorum failures by node"; every result must equal the
union of the three SQLite databases (python's sqlite3). Then schema evolution: a file with an added
column is read together with the older files (DuckDB union_by_name, Spark mergeSchema, ClickHouse
schema_inference_mode = 'union').

The engines come from PyPI into a venv under the build directory (${CARGO_TARGET_DIR:-target}/
lake-venv, kept between runs). When PyPI cannot be reached the script says so and exits 0.

    python3 tests/lake_engines.py [--bin target/release/qmp-ingest]
"""

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import venv

PACKAGES = ["duckdb==2.0.1", "pyspark==4.3.0", "polars==2.1.0", "chdb==4.4.0"]
HOSTS = {"hv01": ["vm-web01", "vm-db01"], "hv02": ["vm-build02", "vm-ci03"], "hv03": ["vm-mail04"]}
DAY = 86_400


def target_dir():
    return os.environ.get("CARGO_TARGET_DIR") or os.path.join(os.path.dirname(__file__), "..", "target")


def ensure_venv():
    """Re-runs this script inside the venv, creating it and installing PACKAGES when needed."""
    home = os.path.abspath(os.path.join(target_dir(), "lake-venv"))
    python = os.path.join(home, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(home):
        return
    stamp = os.path.join(home, "qmp-packages.txt")
    want = "\n".join(PACKAGES)
    if not (os.path.exists(stamp) and open(stamp).read() == want):
        print(f"lake_engines: installing {' '.join(PACKAGES)} into {home}", flush=True)
        if not os.path.exists(python):
            venv.create(home, with_pip=True)
        pip = subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PACKAGES],
            capture_output=True,
            text=True,
        )
        if pip.returncode != 0:
            print("lake_engines: SKIPPED: cannot install the engines from PyPI (offline?):")
            print("\n".join(pip.stderr.strip().splitlines()[-3:]))
            sys.exit(0)
        with open(stamp, "w") as f:
            f.write(want)
    os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])


def qmp(seconds, event, data=None):
    line = {"timestamp": {"seconds": seconds, "microseconds": random.randrange(1_000_000)}, "event": event}
    if data is not None:
        line["data"] = data
    return json.dumps(line)


def archive(vm, seed, lines=3000):
    """A VM's archive: quorum failures on a few nodes, block jobs, balloon changes, u64 panics,
    spread over ~40 days around a month boundary, plus lines without a timestamp."""
    random.seed(seed)
    start = 1_793_491_200 - 20 * DAY  # 2026-10-12
    out = []
    for i in range(lines):
        t = start + int(i * 40 * DAY / lines)
        r = random.randrange(10)
        if r < 3:
            out.append(qmp(t, "QUORUM_FAILURE", {"reference": f"node{random.randrange(5)}",
                                                   "sector-num": random.randrange(10**6), "sectors-count": 8}))
        elif r < 5:
            out.append(qmp(t, "BLOCK_JOB_COMPLETED", {"type": "mirror", "device": "drive0",
                                                        "len": random.randrange(2**40), "offset": 0, "speed": 0}))
        elif r < 6:
            out.append(qmp(t, "GUEST_PANICKED", {"action": "pause", "info": {
                "type": "hyper-v", "arg1": 2**64 - 1 - random.randrange(1000), "arg2": random.randrange(2**63, 2**64),
                "arg3": 1, "arg4": 2, "arg5": 3}}))
        elif r < 8:
            out.append(qmp(t, "BALLOON_CHANGE", {"actual": random.randrange(2**33)}))
        elif r < 9:
            out.append(qmp(t, random.choice(["STOP", "RESUME"])))
        else:
            out.append(json.dumps({"event": "RESET", "data": {"guest": True, "reason": "guest-reset"}}))
    out.append(qmp(start, "VENDOR_EVENT", {"x": 1}))
    return "\n".join(out) + "\n"


def run(cmd, ok=(0,)):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in ok:
        sys.exit(f"lake_engines: {' '.join(cmd)} exited {p.returncode}:\n{p.stderr}")
    return p


# The truth: the union of the three SQLite databases.
Q_QUORUM_SQLITE = """SELECT reference, count(*), min(ts_us), max(ts_us) FROM quorum_failure GROUP BY reference"""
Q_VM_DAY_SQLITE = """SELECT vm, day, sum(events) FROM events_per_vm_day GROUP BY vm, day"""


def truth(dbs):
    quorum, vm_day = set(), set()
    for host, db in dbs.items():
        with sqlite3.connect(db) as c:
            quorum |= {(host, *row) for row in c.execute(Q_QUORUM_SQLITE)}
            vm_day |= {(host, vm, day, n) for vm, day, n in c.execute(Q_VM_DAY_SQLITE)}
    return quorum, vm_day


def event_tables(lake):
    return sorted(t for t in os.listdir(lake)
                  if os.path.isdir(os.path.join(lake, t)) and t not in ("unknown_events", "rejects", "files"))


def duckdb_results(lake):
    import duckdb
    c = duckdb.connect()
    c.execute("SET TimeZone = 'UTC'")
    quorum = c.execute(f"""
        SELECT host, reference, count(*), min(ts_us), max(ts_us)
        FROM read_parquet('{lake}/quorum_failure/*/*.parquet', union_by_name = true)
        GROUP BY host, reference""").fetchall()
    union = " UNION ALL ".join(
        f"SELECT host, vm, ts FROM read_parquet('{lake}/{t}/*/*.parquet', union_by_name = true)"
        for t in event_tables(lake))
    vm_day = c.execute(f"""
        SELECT host, vm, strftime(CAST(ts AS DATE), '%Y-%m-%d'), count(*) FROM ({union})
        GROUP BY ALL""").fetchall()
    # A u64 above 2^63-1 is exact, and sums do not wrap around.
    big = c.execute(f"""SELECT max(info_arg1), sum(info_arg2) > 2^64
        FROM read_parquet('{lake}/guest_panicked/*/*.parquet')""").fetchone()
    return set(quorum), set(vm_day), big


def spark_session():
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[2]").appName("qmp-lake")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
            .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def spark_results(spark, lake):
    spark.read.option("mergeSchema", "true").parquet(f"{lake}/quorum_failure").createOrReplaceTempView("quorum_failure")
    quorum = spark.sql("""SELECT host, reference, count(*), min(ts_us), max(ts_us)
                          FROM quorum_failure GROUP BY host, reference""").collect()
    frames = [spark.read.option("mergeSchema", "true").parquet(f"{lake}/{t}").select("host", "vm", "ts")
              for t in event_tables(lake)]
    events = frames[0]
    for f in frames[1:]:
        events = events.unionByName(f)
    events.createOrReplaceTempView("events")
    vm_day = spark.sql("""SELECT host, vm, date_format(to_date(ts), 'yyyy-MM-dd') AS day, count(*)
                          FROM events GROUP BY host, vm, day""").collect()
    return {tuple(r) for r in quorum}, {tuple(r) for r in vm_day}


def polars_results(lake):
    import polars as pl
    q = (pl.scan_parquet(f"{lake}/quorum_failure/*/*.parquet", hive_partitioning=False)
         .group_by("host", "reference")
         .agg(pl.len(), pl.col("ts_us").min().alias("first"), pl.col("ts_us").max().alias("last"))
         .collect())
    return {tuple(r) for r in q.iter_rows()}


def clickhouse(sql):
    """Rows of `sql` run by ClickHouse (chdb, in process), as tuples of ints where they are ints."""
    import chdb
    out = str(chdb.query(sql, "CSV"))
    rows = []
    for line in out.splitlines():
        cells = [c.strip('"') for c in line.split(",")]
        rows.append(tuple(int(c) if c.lstrip("-").isdigit() else c for c in cells))
    return rows


def clickhouse_results(lake):
    quorum = clickhouse(f"""SELECT host, reference, count(), min(ts_us), max(ts_us)
        FROM file('{lake}/quorum_failure/*/*.parquet', Parquet) GROUP BY host, reference""")
    # DECIMAL(20,0): exact above 2^63-1, and a sum does not wrap around.
    big = clickhouse(f"""SELECT toString(max(info_arg1)), sum(info_arg2) > toDecimal256('18446744073709551615', 0)
        FROM file('{lake}/guest_panicked/*/*.parquet', Parquet)""")[0]
    return set(quorum), big


def schema_evolution(lake, work):
    """A file from a 'later release' with an added column, read together with the older files."""
    import duckdb
    duckdb = duckdb.connect()
    evo = os.path.join(work, "evo")
    shutil.copytree(os.path.join(lake, "quorum_failure"), os.path.join(evo, "quorum_failure"))
    old = duckdb.execute(f"SELECT count(*) FROM read_parquet('{evo}/quorum_failure/*/*.parquet')").fetchone()[0]
    newer = os.path.join(evo, "quorum_failure", "month=2027-01")
    os.makedirs(newer)
    duckdb.execute(f"""COPY (SELECT * REPLACE (ts_us + 7776000000000 AS ts_us), 'added' AS new_member
                   FROM read_parquet('{lake}/quorum_failure/month=2026-11/hv01.parquet'))
                   TO '{newer}/hv09.parquet' (FORMAT parquet)""")
    added = duckdb.execute(f"SELECT count(*) FROM read_parquet('{newer}/hv09.parquet')").fetchone()[0]
    d = duckdb.execute(f"""SELECT count(*), count(new_member)
        FROM read_parquet('{evo}/quorum_failure/*/*.parquet', union_by_name = true)""").fetchone()
    assert d == (old + added, added), f"DuckDB union_by_name: {d}, want {(old + added, added)}"
    return evo, old, added


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(target_dir(), "release", "qmp-ingest"))
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    if not os.path.exists(binary):
        sys.exit(f"lake_engines: {binary} not found (cargo build --release first)")
    ensure_venv()
    started = time.time()
    work = tempfile.mkdtemp(prefix="qmp-lake-")
    lake = os.path.join(work, "lake")
    dbs = {}
    for n, (host, vms) in enumerate(HOSTS.items()):
        inputs = os.path.join(work, host)
        os.makedirs(inputs)
        for i, vm in enumerate(vms):
            with open(os.path.join(inputs, f"{vm}.jsonl"), "w") as f:
                f.write(archive(vm, seed=n * 10 + i))
        dbs[host] = os.path.join(work, f"{host}.db")
        run([binary, inputs, "--db", dbs[host], "--quiet"])
        run([binary, "export", "--db", dbs[host], "--parquet", lake, "--host", host, "--quiet"])
    quorum, vm_day = truth(dbs)
    assert len(quorum) == 15 and len(vm_day) > 100, (len(quorum), len(vm_day))
    print(f"lake_engines: 3 hosts exported; truth: {len(quorum)} (host, node) rows, {len(vm_day)} (host, vm, day) rows")

    d_quorum, d_vm_day, (big_max, big_sum_exceeds) = duckdb_results(lake)
    assert d_quorum == quorum, f"DuckDB quorum failures by node differ:\n{sorted(d_quorum ^ quorum)[:5]}"
    assert d_vm_day == vm_day, f"DuckDB events per VM and day differ:\n{sorted(d_vm_day ^ vm_day)[:5]}"
    want_max = max(c.execute("SELECT max(CAST(info_arg1 AS TEXT)) FROM guest_panicked").fetchone()[0]
                   for c in map(sqlite3.connect, dbs.values()))
    assert str(big_max) == want_max and big_sum_exceeds, (big_max, want_max, big_sum_exceeds)
    print("lake_engines: DuckDB agrees (u64 values exact above 2^63-1)")

    p_quorum = polars_results(lake)
    assert p_quorum == quorum, f"Polars quorum failures by node differ:\n{sorted(p_quorum ^ quorum)[:5]}"
    print("lake_engines: Polars agrees")

    c_quorum, (c_max, c_sum_exceeds) = clickhouse_results(lake)
    assert c_quorum == quorum, f"ClickHouse quorum failures by node differ:\n{sorted(c_quorum ^ quorum)[:5]}"
    assert str(c_max) == want_max and c_sum_exceeds == 1, (c_max, want_max, c_sum_exceeds)
    print("lake_engines: ClickHouse (chdb) agrees (u64 values exact above 2^63-1)")

    evo, old, added = schema_evolution(lake, work)
    print("lake_engines: DuckDB reads a file with an added column beside older ones (union_by_name)")
    got = clickhouse(f"""SELECT count(), countIf(new_member = 'added')
        FROM file('{evo}/quorum_failure/*/*.parquet', Parquet) SETTINGS schema_inference_mode = 'union'""")[0]
    assert got == (old + added, added), f"ClickHouse union schema: {got}, want {(old + added, added)}"
    print("lake_engines: ClickHouse reads a file with an added column beside older ones (schema_inference_mode union)")

    spark = spark_session()
    try:
        s_quorum, s_vm_day = spark_results(spark, lake)
        assert s_quorum == quorum, f"Spark quorum failures by node differ:\n{sorted(s_quorum ^ quorum)[:5]}"
        assert s_vm_day == vm_day, f"Spark events per VM and day differ:\n{sorted(s_vm_day ^ vm_day)[:5]}"
        print("lake_engines: Spark agrees")
        merged = spark.read.option("mergeSchema", "true").parquet(f"{evo}/quorum_failure")
        got = merged.selectExpr("count(*)", "count(new_member)").collect()[0]
        assert tuple(got) == (old + added, added), f"Spark mergeSchema: {tuple(got)}"
        print("lake_engines: Spark reads a file with an added column beside older ones (mergeSchema)")
    finally:
        spark.stop()
    shutil.rmtree(work)
    print(f"lake_engines: 6 passed, 0 failed ({time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
