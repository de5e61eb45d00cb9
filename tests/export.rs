//! `qmp-ingest export`, end to end: the lake's files are read back with the `parquet` crate and
//! compared with the database row for row and value for value (u64 above 2^63-1, raw reject
//! bytes, NULL timestamps); a re-export writes nothing; an export killed with SIGKILL and re-run
//! gives the same bytes as a clean one; new lines rewrite only their period; and the guards
//! (another database under the same host, renumbered rowids, the importer's lock) hold.

mod util;
use util::*;

use arrow_array::cast::AsArray;
use arrow_array::types::{Decimal128Type, Int64Type, TimestampMicrosecondType};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use qmp_ingest::catalog::{EVENTS, Kind};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{Duration, Instant};

const HOST: &str = "hv01";
/// 2026-11-24T03:15:00Z and 2026-10-05T00:00:00Z.
const NOV: i64 = 1_795_490_100;
const OCT: i64 = 1_791_158_400;

/// A line whose `data` sets every column of `event` (nested as its path says).
fn full_line(def: &qmp_ingest::catalog::EventDef, seconds: Option<i64>, n: i64) -> String {
    let mut data = Map::new();
    for (i, col) in def.columns.iter().enumerate() {
        let value = match col.kind {
            Kind::Text => json!(format!("t-{}-{n}", col.name)),
            Kind::Int => json!(-(i as i64 + 1) * 1_000_003 - n),
            Kind::Bool => json!(n % 2 == 0),
            Kind::Wide => json!(u64::MAX - n as u64),
            Kind::Real => json!(2.5 + n as f64),
            Kind::Json => json!([n, "x", {"k": null, "i": i}]),
        };
        let mut at = &mut data;
        for key in &col.path[..col.path.len() - 1] {
            at = at.entry(key.to_string()).or_insert_with(|| json!({})).as_object_mut().unwrap();
        }
        at.insert(col.path[col.path.len() - 1].to_string(), value);
    }
    data.insert("vendor-extra".into(), json!({"n": n}));
    let mut line = json!({"event": def.name, "data": data});
    if let Some(s) = seconds {
        line["timestamp"] = json!({"seconds": s, "microseconds": n % 1_000_000});
    }
    format!("{line}\r\n")
}

/// An archive with every event (all columns set; once in October, once in November, once with
/// neither timestamp nor data), unknown events, a greeting and rejected lines (one not UTF-8).
fn every_table_archive() -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(b"{\"QMP\": {\"version\": {}, \"capabilities\": []}}\r\n");
    for (i, def) in EVENTS.iter().enumerate() {
        out.extend(full_line(def, Some(NOV + i as i64), i as i64).into_bytes());
        out.extend(full_line(def, Some(OCT + i as i64), 1000 + i as i64).into_bytes());
        out.extend(format!("{{\"event\": \"{}\"}}\n", def.name).into_bytes());
    }
    out.extend(qemu_line(NOV, 7, "VENDOR_THING", Some("{\"a\": [1, 2]}")).into_bytes());
    out.extend(b"{\"event\": \"VENDOR_OTHER\"}\n");
    out.extend(b"{\"event\": \"STOP\", \"timestamp\": {\"seconds\": \"x\"}}\r\n");
    out.extend(b"{\"event\": \"\xff\xfe\"}\n");
    out
}

/// Imports `files` (name → contents) into `dir`'s database; returns the exit code.
fn import(dir: &Dir, files: &[(&str, &[u8])]) -> i32 {
    for (name, contents) in files {
        dir.write(&format!("in/{name}"), contents);
    }
    dir.run(&["in", "--quiet"]).code
}

fn export(dir: &Dir, lake: &Path, extra: &[&str]) -> Run {
    let db = dir.db();
    let mut args = vec!["export", "--db", db.to_str().unwrap(), "--parquet", lake.to_str().unwrap()];
    if !extra.contains(&"--host") {
        args.extend(["--host", HOST]);
    }
    args.extend(extra);
    dir.run(&args)
}

fn export_ok(dir: &Dir, lake: &Path, extra: &[&str]) -> Value {
    let run = export(dir, lake, &[&["--json"], extra].concat());
    assert_eq!(run.code, 0, "export failed: {}", run.stderr);
    run.json()
}

/// Every file under `root` (relative path → bytes), hidden ones included.
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                dirs.push(e.path());
            } else {
                let rel = e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

/// Inode of every lake file: a rewritten file (a rename) has a new one.
fn inodes(root: &Path) -> BTreeMap<String, u64> {
    snapshot(root).keys().map(|rel| (rel.clone(), std::fs::metadata(root.join(rel)).unwrap().ino())).collect()
}

fn read_parquet(path: &Path) -> Vec<RecordBatch> {
    let file = std::fs::File::open(path).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file).unwrap().build().unwrap();
    reader.map(|b| b.unwrap()).collect()
}

/// A lake value rendered as `Dir::rows` renders the database's.
fn show(array: &dyn Array, i: usize) -> String {
    if array.is_null(i) {
        return "NULL".into();
    }
    match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(i).to_string(),
        DataType::Int64 => array.as_primitive::<Int64Type>().value(i).to_string(),
        DataType::Boolean => (array.as_boolean().value(i) as i64).to_string(),
        DataType::Decimal128(20, 0) => array.as_primitive::<Decimal128Type>().value(i).to_string(),
        DataType::Float64 => format!("{:?}", array.as_primitive::<arrow_array::types::Float64Type>().value(i)),
        DataType::Binary => {
            format!("x'{}'", array.as_binary::<i32>().value(i).iter().map(|b| format!("{b:02x}")).collect::<String>())
        }
        DataType::Timestamp(_, Some(tz)) if tz.as_ref() == "UTC" => {
            array.as_primitive::<TimestampMicrosecondType>().value(i).to_string()
        }
        other => panic!("unexpected lake type {other}"),
    }
}

/// Table name → its columns in the database.
fn db_columns(dir: &Dir, table: &str) -> Vec<String> {
    dir.rows(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"))
        .into_iter()
        .map(|r| r[0].clone())
        .collect()
}

/// Checks that `lake` holds exactly `dir`'s rows under `host`: every table, every row, every value.
/// Returns how many rows it compared.
fn assert_lake_matches(dir: &Dir, lake: &Path, host: &str) -> usize {
    let mut tables: Vec<String> = EVENTS.iter().map(|d| d.table.to_string()).collect();
    tables.extend(["unknown_events", "rejects", "files"].map(String::from));
    let labels: BTreeMap<String, String> =
        dir.rows("SELECT id, label FROM files").into_iter().map(|r| (r[0].clone(), r[1].clone())).collect();
    let mut compared = 0;
    for table in tables {
        let columns = db_columns(dir, &table);
        let key = if table == "files" { "id" } else { "file_id, line" };
        let want = dir.rows(&format!("SELECT * FROM \"{table}\" ORDER BY {key}"));
        // The partition each row belongs in, by SQLite's own date functions.
        let months: BTreeMap<(String, String), String> = if columns.iter().any(|c| c == "ts_us") {
            dir.rows(&format!(
                "SELECT file_id, line, coalesce(strftime('%Y-%m', ts_us / 1000000, 'unixepoch'), 'none') FROM \"{table}\""
            ))
            .into_iter()
            .map(|r| ((r[0].clone(), r[1].clone()), r[2].clone()))
            .collect()
        } else {
            BTreeMap::new()
        };
        // The lake's rows of this host, from every partition, keyed like the database's.
        let mut got: Vec<Vec<String>> = Vec::new();
        let files: Vec<String> = snapshot(lake)
            .into_keys()
            .filter(|p| p.starts_with(&format!("{table}/")) && p.ends_with(&format!("/{host}.parquet")))
            .collect();
        for rel in &files {
            let partition = Path::new(rel).parent().unwrap().file_name().unwrap().to_string_lossy().into_owned();
            for batch in read_parquet(&lake.join(rel)) {
                let col = |name: &str| batch.column_by_name(name).unwrap_or_else(|| panic!("{rel}: no column {name}"));
                for i in 0..batch.num_rows() {
                    let row: Vec<String> = columns.iter().map(|c| show(col(c).as_ref(), i)).collect();
                    assert_eq!(show(col("host").as_ref(), i), host, "{rel}");
                    let file_id = &row
                        [columns.iter().position(|c| c == if table == "files" { "id" } else { "file_id" }).unwrap()];
                    assert_eq!(&show(col("vm").as_ref(), i), &labels[file_id], "{rel}: vm of file {file_id}");
                    if let Some(ts) = batch.column_by_name("ts") {
                        let ts_us = show(col("ts_us").as_ref(), i);
                        assert_eq!(show(ts.as_ref(), i), ts_us, "{rel}: ts beside ts_us");
                        let key = (row[0].clone(), row[1].clone());
                        let expected_dir = format!("month={}", months[&key]);
                        assert_eq!(partition, expected_dir, "{rel}: row in the wrong partition");
                    }
                    got.push(row);
                }
            }
        }
        let sort_key = |r: &Vec<String>| -> (i64, i64) {
            if table == "files" { (r[0].parse().unwrap(), 0) } else { (r[0].parse().unwrap(), r[1].parse().unwrap()) }
        };
        got.sort_by_key(sort_key);
        assert_eq!(got.len(), want.len(), "table {table}: rows in the lake vs the database");
        assert_eq!(got, want, "table {table}");
        compared += got.len();
    }
    compared
}

#[test]
fn every_row_of_every_table_comes_back_value_for_value() {
    let dir = Dir::new();
    assert_eq!(import(&dir, &[("vm-a.jsonl", &every_table_archive())]), 3, "two lines are rejected on purpose");
    // The archive reaches every table and every data column, with u64 values above 2^63-1.
    for def in EVENTS.iter() {
        assert_eq!(dir.count(&format!("SELECT count(*) FROM {}", def.table)), 3, "{}", def.table);
        for col in def.columns {
            let set = dir.count(&format!("SELECT count({}) FROM {}", col.name, def.table));
            assert_eq!(set, 2, "{}.{} is not filled by the test archive", def.table, col.name);
        }
    }
    assert!(dir.count("SELECT count(*) FROM block_write_threshold WHERE typeof(write_threshold) = 'text'") > 0);
    let lake = dir.join("lake");
    let summary = export_ok(&dir, &lake, &[]);
    let compared = assert_lake_matches(&dir, &lake, HOST);
    assert_eq!(summary["rows"].as_u64().unwrap() as usize, compared);
    assert!(compared > 3 * EVENTS.len());

    // The layout, the manifest, and the file-level promises: zstd, JSON logical type, DECIMAL,
    // sorting columns, page statistics, who wrote it.
    let files = snapshot(&lake);
    assert!(files.contains_key("quorum_failure/month=2026-11/hv01.parquet"));
    assert!(files.contains_key("quorum_failure/month=2026-10/hv01.parquet"));
    assert!(files.contains_key("quorum_failure/month=none/hv01.parquet"));
    assert!(files.contains_key("rejects/month=none/hv01.parquet"));
    assert!(files.contains_key("files/hv01.parquet"));
    assert!(!files.keys().any(|k| k.rsplit('/').next().unwrap().starts_with('.')), "no temporaries");
    let manifest: Value = serde_json::from_slice(&files["_qmp_lake.json"]).unwrap();
    assert_eq!((manifest["version"].as_u64(), manifest["period"].as_str()), (Some(1), Some("month")));
    let path = lake.join("block_write_threshold/month=2026-11/hv01.parquet");
    let reader = parquet::file::reader::SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    use parquet::file::reader::FileReader;
    let meta = reader.metadata();
    let schema = meta.file_metadata().schema_descr();
    let logical = |name: &str| {
        let i = (0..schema.num_columns()).find(|&i| schema.column(i).name() == name).unwrap();
        schema.column(i).logical_type_ref().cloned()
    };
    assert_eq!(logical("extra"), Some(parquet::basic::LogicalType::Json));
    assert!(matches!(
        logical("write_threshold"),
        Some(parquet::basic::LogicalType::Decimal(parquet::basic::DecimalType { precision: 20, scale: 0 }))
    ));
    assert!(matches!(
        logical("ts"),
        Some(parquet::basic::LogicalType::Timestamp(parquet::basic::TimestampType { is_adjusted_to_u_t_c: true, .. }))
    ));
    let rg = meta.row_group(0);
    assert_eq!(rg.column(0).compression(), parquet::basic::Compression::ZSTD(Default::default()));
    let sorting: Vec<i32> = rg.sorting_columns().unwrap().iter().map(|s| s.column_idx).collect();
    let names: Vec<String> = sorting.iter().map(|&i| schema.column(i as usize).name().to_string()).collect();
    assert_eq!(names, ["ts_us", "file_id", "line"]);
    assert!(
        rg.columns().iter().all(|c| c.column_index_range().is_some()),
        "page statistics (column index) are written"
    );
    let kv = meta.file_metadata().key_value_metadata().unwrap();
    let writer = kv.iter().find(|k| k.key == "qmp_lake.writer").unwrap().value.clone().unwrap();
    assert_eq!(writer, dir.rows("SELECT id FROM lake_source")[0][0]);
    assert_eq!(meta.file_metadata().created_by(), Some(concat!("qmp-ingest version ", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn a_re_export_writes_nothing_and_an_import_rewrites_only_its_period() {
    let dir = Dir::new();
    let october =
        qemu_line(OCT, 1, "QUORUM_FAILURE", Some("{\"reference\": \"n1\", \"sector-num\": 1, \"sectors-count\": 2}"));
    let november =
        qemu_line(NOV, 1, "QUORUM_FAILURE", Some("{\"reference\": \"n2\", \"sector-num\": 3, \"sectors-count\": 4}"));
    let stop = qemu_line(NOV, 2, "STOP", None);
    assert_eq!(import(&dir, &[("vm-a.jsonl", format!("{october}{november}{stop}").as_bytes())]), 0);
    let lake = dir.join("lake");
    export_ok(&dir, &lake, &[]);
    let before = snapshot(&lake);
    let before_inodes = inodes(&lake);

    let again = export_ok(&dir, &lake, &[]);
    assert_eq!((again["files_written"].as_u64(), again["rows"].as_u64()), (Some(0), Some(0)), "{again}");
    assert_eq!(snapshot(&lake), before, "an unchanged database changes no byte");
    assert_eq!(inodes(&lake), before_inodes, "and replaces no file");

    // New lines in November: that period's file (and the registry) are rewritten, October's is not.
    let more = qemu_line(
        NOV + 60,
        5,
        "QUORUM_FAILURE",
        Some("{\"reference\": \"n3\", \"sector-num\": 5, \"sectors-count\": 6}"),
    );
    dir.append("in/vm-a.jsonl", more);
    assert_eq!(dir.run(&["in", "--quiet"]).code, 0);
    let summary = export_ok(&dir, &lake, &[]);
    let after = inodes(&lake);
    let changed: BTreeSet<&str> =
        after.iter().filter(|(k, v)| before_inodes.get(*k) != Some(v)).map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        changed,
        BTreeSet::from(["files/hv01.parquet", "quorum_failure/month=2026-11/hv01.parquet"]),
        "{summary}"
    );
    assert_eq!(summary["files_written"].as_u64(), Some(2));
    assert_lake_matches(&dir, &lake, HOST);
}

#[test]
fn lake_files_deleted_by_hand_are_written_again_and_nothing_else() {
    let dir = Dir::new();
    let october =
        qemu_line(OCT, 1, "QUORUM_FAILURE", Some("{\"reference\": \"n1\", \"sector-num\": 1, \"sectors-count\": 2}"));
    let november = qemu_line(NOV, 2, "STOP", None);
    let untimed = "{\"event\": \"RESUME\"}\n";
    assert_eq!(import(&dir, &[("vm-a.jsonl", format!("{october}{november}{untimed}").as_bytes())]), 0);
    let lake = dir.join("lake");
    export_ok(&dir, &lake, &[]);
    let before = snapshot(&lake);
    let before_inodes = inodes(&lake);
    let lost = ["quorum_failure/month=2026-10/hv01.parquet", "resume/month=none/hv01.parquet", "files/hv01.parquet"];
    for path in lost {
        assert!(before.contains_key(path), "{path} in {:?}", before.keys());
        std::fs::remove_file(lake.join(path)).unwrap();
    }
    let summary = export_ok(&dir, &lake, &[]);
    let names = |lake: &BTreeMap<String, Vec<u8>>| lake.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&snapshot(&lake)), names(&before), "the lost files are back: {summary}");
    assert!(snapshot(&lake) == before, "with the same bytes");
    // (A new file may get the inode number its deleted predecessor had: compare the others.)
    let mut kept = inodes(&lake);
    kept.retain(|path, _| !lost.contains(&path.as_str()));
    assert!(kept.iter().all(|(path, inode)| before_inodes[path] == *inode), "no other file is replaced");
    assert_eq!(summary["files_written"].as_u64(), Some(3), "only the lost files are written: {summary}");

    // A lake exported by a release that did not record its files: the next export records what
    // it finds, and from then on a lost file comes back too.
    let conn = rusqlite::Connection::open(dir.db()).unwrap();
    conn.execute("UPDATE lake_watermarks SET files = NULL", []).unwrap();
    drop(conn);
    assert_eq!(export_ok(&dir, &lake, &[])["files_written"].as_u64(), Some(0));
    std::fs::remove_file(lake.join(lost[0])).unwrap();
    assert_eq!(export_ok(&dir, &lake, &[])["files_written"].as_u64(), Some(1));
    assert!(snapshot(&lake) == before, "the lost file is back, the same bytes");
    assert_lake_matches(&dir, &lake, HOST);
}

/// An archive spread over `days` days (one file per day and table with --period day).
fn many_days(days: i64) -> Vec<u8> {
    let mut out = String::new();
    for d in 0..days {
        let t = OCT - d * 86_400;
        out += &qemu_line(
            t,
            1,
            "QUORUM_FAILURE",
            Some(&format!("{{\"reference\": \"n{d}\", \"sector-num\": {d}, \"sectors-count\": 1}}")),
        );
        out += &qemu_line(t + 1, 2, "STOP", None);
        out += &qemu_line(t + 2, 3, "RESUME", None);
    }
    out.into_bytes()
}

#[test]
fn an_export_killed_mid_way_and_re_run_gives_the_bytes_of_a_clean_one() {
    let dir = Dir::new();
    let days = 150;
    assert_eq!(import(&dir, &[("vm-a.jsonl", &many_days(days))]), 0);
    let clean = dir.join("clean");
    export_ok(&dir, &clean, &["--period", "day"]);
    let expected = snapshot(&clean);
    assert_eq!(expected.len() as i64, 3 * days + 2, "a file per day and table, the registry and the manifest");

    let lake = dir.join("lake");
    let db = dir.db();
    let mut child = dir
        .command()
        .args([
            "export",
            "--db",
            db.to_str().unwrap(),
            "--parquet",
            lake.to_str().unwrap(),
            "--host",
            HOST,
            "--period",
            "day",
            "--quiet",
        ])
        .spawn()
        .unwrap();
    // Kill it once some files are in place, well before the last.
    let started = Instant::now();
    loop {
        let n = if lake.is_dir() { snapshot(&lake).len() } else { 0 };
        if n >= 30 {
            break;
        }
        assert!(child.try_wait().unwrap().is_none(), "the export finished before it could be killed");
        assert!(started.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(2));
    }
    unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
    child.wait().unwrap();
    let partial = snapshot(&lake);
    assert!(partial.len() < expected.len(), "killed mid-way: {} of {} files", partial.len(), expected.len());

    let rerun = export_ok(&dir, &lake, &["--period", "day"]);
    assert!(rerun["files_written"].as_u64().unwrap() > 0);
    let after = snapshot(&lake);
    assert_eq!(after.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>(), "same files, no temporaries");
    for (name, bytes) in &expected {
        assert!(after[name] == *bytes, "{name} differs from a clean export's");
    }
    assert_lake_matches_days(&dir, &lake);
}

/// Row counts per table agree (the partition check of `assert_lake_matches` is by month).
fn assert_lake_matches_days(dir: &Dir, lake: &Path) {
    for table in ["quorum_failure", "stop", "resume"] {
        let rows: usize = snapshot(lake)
            .keys()
            .filter(|k| k.starts_with(&format!("{table}/day=")))
            .map(|k| read_parquet(&lake.join(k)).iter().map(|b| b.num_rows()).sum::<usize>())
            .sum();
        assert_eq!(rows as i64, dir.count(&format!("SELECT count(*) FROM {table}")), "{table}");
    }
}

#[test]
fn another_database_under_the_same_host_is_refused() {
    let a = Dir::new();
    assert_eq!(import(&a, &[("vm-a.jsonl", qemu_line(NOV, 1, "STOP", None).as_bytes())]), 0);
    let b = Dir::new();
    assert_eq!(import(&b, &[("vm-b.jsonl", qemu_line(NOV, 2, "STOP", None).as_bytes())]), 0);
    let lake = a.join("lake");
    export_ok(&a, &lake, &[]);
    let before = snapshot(&lake);
    let clash = export(&b, &lake, &[]);
    assert_eq!(clash.code, 1, "{}", clash.stderr);
    assert!(clash.stderr.contains("another database") && clash.stderr.contains("--host hv01"), "{}", clash.stderr);
    assert!(!clash.stderr.contains("Error {") && clash.stderr.lines().count() == 1, "{}", clash.stderr);
    assert_eq!(snapshot(&lake), before, "nothing of the other host was touched");
    // Under its own name it goes in beside the first.
    export_ok(&b, &lake, &["--host", "hv02"]);
    assert_lake_matches(&a, &lake, HOST);
    assert_lake_matches(&b, &lake, "hv02");
}

#[test]
fn renumbered_rowids_and_vacuum_rebuild_the_table() {
    let dir = Dir::new();
    let lines: String = (0..20)
        .map(|i| {
            qemu_line(
                if i < 10 { OCT + i } else { NOV + i },
                0,
                "QUORUM_FAILURE",
                Some(&format!("{{\"reference\": \"n{i}\"}}")),
            )
        })
        .collect();
    assert_eq!(import(&dir, &[("vm-a.jsonl", lines.as_bytes())]), 0);
    let lake = dir.join("lake");
    export_ok(&dir, &lake, &[]);
    assert!(lake.join("quorum_failure/month=2026-10/hv01.parquet").exists());

    // Rowids change under the watermark (as VACUUM may do) and October's rows go.
    let rw = rusqlite::Connection::open(dir.db()).unwrap();
    rw.execute_batch(&format!(
        "DELETE FROM quorum_failure WHERE ts_us < {}; UPDATE quorum_failure SET rowid = rowid + 1000; VACUUM;",
        NOV * 1_000_000
    ))
    .unwrap();
    drop(rw);
    let summary = export_ok(&dir, &lake, &[]);
    let table = summary["tables"].as_array().unwrap().iter().find(|t| t["table"] == "quorum_failure").unwrap().clone();
    assert_eq!((table["status"].as_str(), table["removed"].as_u64()), (Some("rebuilt"), Some(1)), "{summary}");
    assert!(!lake.join("quorum_failure/month=2026-10/hv01.parquet").exists(), "a period without rows has no file");
    assert_lake_matches(&dir, &lake, HOST);

    // --rebuild rewrites every file, to the same bytes.
    let before = snapshot(&lake);
    let rebuilt = export_ok(&dir, &lake, &["--rebuild"]);
    assert_eq!(rebuilt["files_written"].as_u64(), Some(2));
    assert_eq!(snapshot(&lake), before);
}

#[test]
fn the_command_line_of_export_and_of_an_import_of_a_directory_named_export() {
    let dir = Dir::new();
    // A directory named `export` is still an import input, as ./export.
    dir.write("export/vm-x.jsonl", qemu_line(NOV, 1, "STOP", None));
    let run = dir.run(&["./export", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(dir.count("SELECT count(*) FROM stop"), 1);

    let help = dir.run(&["export", "--help", "--db", "x"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--parquet <DIR>") && help.stdout.contains("--period"), "{}", help.stdout);
    let man = dir.run(&["export", "--generate", "man", "--db", "x"]);
    assert!(man.code == 0 && man.stdout.contains(".TH"), "{}", man.stderr);
    let usage = dir.run(&["export", "--db", "x.db"]);
    assert_eq!(usage.code, 2, "--parquet is required");
    let bad_host = export(&dir, &dir.join("lake"), &["--host", ".hidden"]);
    assert_eq!(bad_host.code, 2);
    assert!(bad_host.stderr.contains("--host"), "{}", bad_host.stderr);

    let missing = dir.run(&["export", "--db", "nope.db", "--parquet", "lake", "--host", HOST]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("nope.db: no such database"), "{}", missing.stderr);
    assert!(!dir.join("nope.db").exists(), "an export creates no database");

    // A lake keeps its period.
    export_ok(&dir, &dir.join("lake"), &[]);
    let other = export(&dir, &dir.join("lake"), &["--period", "day"]);
    assert_eq!(other.code, 1);
    assert!(other.stderr.contains("partitioned by month"), "{}", other.stderr);
}

#[test]
fn an_export_waits_for_an_import_holding_the_database() {
    let dir = Dir::new();
    assert_eq!(import(&dir, &[("vm-a.jsonl", qemu_line(NOV, 1, "STOP", None).as_bytes())]), 0);
    let lock = std::fs::OpenOptions::new().read(true).write(true).open(dir.db()).unwrap();
    lock.lock().unwrap();
    let started = Instant::now();
    let run = export(&dir, &dir.join("lake"), &["--lock-timeout", "1"]);
    assert_eq!(run.code, 1);
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert!(run.stderr.contains("another qmp-ingest"), "{}", run.stderr);
    drop(lock);
    export_ok(&dir, &dir.join("lake"), &[]);
    assert_lake_matches(&dir, &dir.join("lake"), HOST);
}
