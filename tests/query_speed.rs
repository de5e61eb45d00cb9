//! Migration 0004 (query speed): `event_spans` covers every event row exactly once and counts it,
//! after imports, re-runs, grown files and the migration of a schema-2 database; and the README's
//! window and point-in-time questions are planned as look-ups (no full scan of an event table),
//! by the bundled SQLite and, when one is installed, by the `sqlite3` shell; and migration 0009
//! gives readers that set no cache size a bigger one.

mod util;
use util::*;

use qmp_ingest::catalog::EVENTS;
use qmp_ingest::store::{MIGRATIONS, SPAN_ROWS, Store};
use rusqlite::Connection;
use std::time::Duration;

#[test]
fn spans_count_every_row_after_imports_reruns_and_a_grown_file() {
    let dir = Dir::new();
    let archive_a = archive(3000, 1);
    let half = half_at_line_end(&archive_a);
    dir.write("vm-a.jsonl", &archive_a[..half]);
    dir.write("vm-b/2026-11-24.jsonl", archive(2500, 2));
    // Rows without a timestamp and rows before 1970 have their own spans and days.
    dir.write(
        "vm-c.jsonl",
        format!(
            "{}{}{{\"event\": \"STOP\"}}\r\n{{\"event\": \"RESUME\"}}\r\n",
            qemu_line(-90_000, 5, "STOP", None),
            qemu_line(-1, 999_999, "RESUME", None)
        ),
    );
    let first = dir.run(&["vm-a.jsonl", "vm-b", "vm-c.jsonl", "--quiet"]);
    assert_eq!(first.code, 3, "the archive has bad lines on purpose: {first:?}");
    assert_spans_agree(&dir.conn());
    let spans_before = dir.count("SELECT count(*) FROM event_spans");
    assert!(spans_before > EVENTS.len() as i64 / 4, "a few thousand rows over hours make many spans");

    // An unchanged re-run adds nothing; the grown file adds spans for its new rows only.
    assert_eq!(dir.run(&["vm-a.jsonl", "vm-b", "vm-c.jsonl", "--quiet"]).code, 0);
    assert_eq!(dir.count("SELECT count(*) FROM event_spans"), spans_before);
    dir.append("vm-a.jsonl", &archive_a[half..]);
    let grown = dir.run(&["vm-a.jsonl", "vm-b", "--json"]);
    assert_eq!(grown.json()["files"][0]["status"], "grown", "{grown:?}");
    assert!(dir.count("SELECT count(*) FROM event_spans") > spans_before);
    assert_spans_agree(&dir.conn());
    assert_eq!(dir.count("SELECT count(*) FROM event_counts WHERE vm = 'vm-c' AND day IS NULL"), 2);
    // Days as `date(ts_us / 1000000, 'unixepoch')` has always given them (integer division truncates).
    assert_eq!(
        dir.rows("SELECT day, event FROM event_counts WHERE vm = 'vm-c' AND day IS NOT NULL ORDER BY day"),
        [["1969-12-30", "STOP"], ["1970-01-01", "RESUME"]]
    );
}

#[test]
fn a_schema_2_database_is_migrated_keeping_every_row_and_gaining_spans() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("v2.db");
    {
        // As the previous release left it: migrations 1 and 2, rows of two files interleaved.
        let conn = Connection::open(&db).unwrap();
        for (_, sql) in &MIGRATIONS[..2] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
        for (id, label) in [(1, "vm-a"), (2, "vm-b")] {
            conn.execute(
                "INSERT INTO files (id, path, label, fingerprint, fingerprint_len, first_import, last_import)
                 VALUES (?1, '/x/' || ?2, ?2, 'f', 0, 't', 't')",
                rusqlite::params![id, label],
            )
            .unwrap();
        }
        let hour = 3_600_000_000i64;
        for i in 0..300i64 {
            let file = 1 + (i / 100) % 2;
            let ts = if i % 50 == 7 { None } else { Some(1_795_478_400_000_000 + i * hour / 40) };
            conn.execute(
                "INSERT INTO stop (file_id, line, ts_us) VALUES (?1, ?2, ?3)",
                rusqlite::params![file, i + 1, ts],
            )
            .unwrap();
            if i % 3 == 0 {
                conn.execute(
                    "INSERT INTO guest_panicked (file_id, line, ts_us, action) VALUES (?1, ?2, ?3, 'pause')",
                    rusqlite::params![file, 1000 + i, ts],
                )
                .unwrap();
            }
        }
    }
    let store = Store::open(&db, Duration::from_secs(5)).unwrap();
    assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
    let conn = store.connection();
    assert_eq!(conn.query_row("SELECT count(*) FROM stop", [], |r| r.get::<_, i64>(0)).unwrap(), 300);
    assert_eq!(conn.query_row("SELECT count(*) FROM guest_panicked", [], |r| r.get::<_, i64>(0)).unwrap(), 100);
    assert_spans_agree(conn);
    // The timeline shows exactly the old rows with their VMs.
    let timeline: Vec<(String, i64, String)> = conn
        .prepare("SELECT event, line, label FROM all_events ORDER BY event, line")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(timeline.len(), 400);
    assert!(timeline.iter().all(|(e, line, vm)| {
        let file = if e == "STOP" { 1 + ((line - 1) / 100) % 2 } else { 1 + ((line - 1000) / 100) % 2 };
        vm == if file == 1 { "vm-a" } else { "vm-b" }
    }));
    let spans: i64 = conn.query_row("SELECT count(*) FROM event_spans WHERE event = 'STOP'", [], |r| r.get(0)).unwrap();
    assert!(spans >= 300 / SPAN_ROWS as i64 + 3, "spans are cut by file, hour and size: {spans}");
    drop(store);
    assert_eq!(reader_cache_pages(&db), READER_CACHE_PAGES, "the migrated database gains the readers' cache size");
}

/// The page cache migration 0009 stores in the header for connections that set none.
const READER_CACHE_PAGES: i64 = 4000;

/// The cache size a new connection that sets none starts with.
fn reader_cache_pages(db: &std::path::Path) -> i64 {
    Connection::open(db).unwrap().query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap()
}

#[test]
fn readers_of_an_imported_database_start_with_a_bigger_page_cache() {
    let dir = Dir::new();
    dir.write("a.jsonl", archive(50, 4));
    let run = dir.run(&["a.jsonl", "--db", dir.db().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(reader_cache_pages(&dir.db()), READER_CACHE_PAGES);
    // SQLite's default, which a database of an earlier release still has, is 2000 KiB.
    let plain = dir.join("plain.db");
    Connection::open(&plain).unwrap().execute_batch("CREATE TABLE t (a)").unwrap();
    assert_eq!(reader_cache_pages(&plain), -2000);
    if let Ok(out) = std::process::Command::new("sqlite3").arg(dir.db()).arg("PRAGMA cache_size").output() {
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), READER_CACHE_PAGES.to_string(), "the sqlite3 shell");
    }
}

/// The README's ```sql blocks.
fn cookbook() -> Vec<String> {
    let readme = include_str!("../README.md");
    readme.split("```sql\n").skip(1).map(|b| b[..b.find("```").unwrap()].to_string()).collect()
}

/// The cookbook's questions about one VM or one moment: what "no full scan" is promised for.
fn window_questions() -> Vec<String> {
    let qs: Vec<String> = cookbook()
        .into_iter()
        .filter(|q| q.contains("event_spans") || q.contains("FROM all_events"))
        // Comparing two whole recordings with each other (libvirt's virsh receive times
        // against QEMU's) is a question about sources, not about one VM's window.
        .filter(|q| q.matches("all_events").count() < 2)
        .collect();
    assert!(qs.len() >= 5, "the cookbook lost its window questions: {qs:?}");
    qs
}

/// Lines of a query plan that read a whole event table or all spans, or build an index on the fly.
/// In the cookbook's queries `t` is an event table inside `all_events`, `s` the spans; moments
/// (`p`, `c`: panics; `m`: migrations) are what a fleet-wide question starts from.
fn full_scans(plan: &str) -> Vec<String> {
    plan.lines()
        .map(str::trim_start)
        .map(|l| l.trim_start_matches(['|', '`', '-', ' ']))
        .filter(|l| {
            let table = l.strip_prefix("SCAN ").map(|rest| rest.split(' ').next().unwrap_or(""));
            matches!(table, Some("t" | "s")) || l.contains("AUTOMATIC")
        })
        .map(str::to_string)
        .collect()
}

fn check_plan(source: &str, query: &str, plan: &str) {
    let scans = full_scans(plan);
    assert!(scans.is_empty(), "{source} scans instead of looking up: {scans:?}\nin\n{query}");
    let lookups = plan.matches("SEARCH t USING INTEGER PRIMARY KEY").count();
    assert!(lookups >= EVENTS.len(), "{source}: {lookups} rowid look-ups for {}:\n{plan}", EVENTS.len());
}

fn samples_db() -> Dir {
    let dir = Dir::new();
    let run = dir.run(&[concat!(env!("CARGO_MANIFEST_DIR"), "/samples"), "--quiet"]);
    assert_eq!(run.code, 3, "{run:?}");
    dir
}

#[test]
fn window_questions_are_look_ups_in_the_bundled_sqlite() {
    let dir = samples_db();
    let conn = dir.conn();
    for query in window_questions() {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {query}")).unwrap();
        let plan: Vec<String> = stmt.query_map([], |r| r.get::<_, String>(3)).unwrap().map(Result::unwrap).collect();
        check_plan("bundled SQLite", &query, &plan.join("\n"));
    }
}

#[test]
fn window_questions_are_look_ups_in_the_sqlite3_shell() {
    let dir = samples_db();
    let shell = std::process::Command::new("sqlite3").arg("--version").output();
    let Ok(version) = shell else {
        println!("skipped: no sqlite3 shell on PATH (Debian: apt-get install sqlite3)");
        return;
    };
    println!("sqlite3 {}", String::from_utf8_lossy(&version.stdout).trim());
    for query in window_questions() {
        let out = std::process::Command::new("sqlite3")
            .arg("-readonly")
            .arg(dir.db())
            .arg(format!("EXPLAIN QUERY PLAN {query}"))
            .output()
            .unwrap();
        assert!(out.status.success(), "sqlite3: {}", String::from_utf8_lossy(&out.stderr));
        check_plan("the sqlite3 shell", &query, &String::from_utf8_lossy(&out.stdout));
    }
}

#[test]
fn the_minute_before_each_panic_is_what_a_plain_scan_finds() {
    let dir = samples_db();
    let query = cookbook().into_iter().find(|q| q.contains("FROM guest_panics")).expect("the panic question");
    let mut got: Vec<Vec<String>> = dir.rows(&query).into_iter().map(|r| r[..4].to_vec()).collect();
    // The same question answered from each table directly, without spans.
    let arms: Vec<String> = EVENTS
        .iter()
        .map(|d| {
            format!(
                "SELECT p.vm, p.time, p.ts_us AS pts, t.ts_us AS ts, '{}' AS event FROM guest_panics AS p
                 JOIN files AS f ON f.label = p.vm JOIN {} AS t ON t.file_id = f.id
                 AND t.ts_us BETWEEN p.ts_us - 60000000 AND p.ts_us",
                d.name, d.table
            )
        })
        .collect();
    let reference = format!(
        "SELECT vm, time, strftime('%Y-%m-%dT%H:%M:%S', ts / 1000000, 'unixepoch') || printf('.%06dZ', ts % 1000000), event
         FROM ({}) ORDER BY 1, 2, 3, 4",
        arms.join(" UNION ALL ")
    );
    let mut want = dir.rows(&reference);
    got.sort();
    want.sort();
    assert!(want.len() > 2, "the samples have events before their panics: {want:?}");
    assert_eq!(got, want);
}

/// Every event row is in exactly one span, and the spans' counts add up to each table's rows.
fn assert_spans_count_rows(conn: &Connection) {
    for def in EVENTS.iter() {
        let (t, e) = (def.table, def.name);
        let q =
            |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap_or_else(|err| panic!("{sql}: {err}")) };
        let rows = q(&format!("SELECT count(*) FROM {t}"));
        let joined = q(&format!(
            "SELECT count(*) FROM {t} AS t JOIN event_spans AS s ON s.event = '{e}'
             AND t.rowid BETWEEN s.first_rowid AND s.last_rowid AND t.file_id = s.file_id"
        ));
        let counted = q(&format!("SELECT coalesce(sum(rows), 0) FROM event_spans WHERE event = '{e}'"));
        let via_view = q(&format!("SELECT count(*) FROM all_events WHERE event = '{e}'"));
        let per_day = q(&format!("SELECT coalesce(sum(events), 0) FROM event_days WHERE event = '{e}'"));
        assert_eq!((joined, counted, via_view, per_day), (rows, rows, rows, rows), "{t}: spans vs its {rows} rows");
    }
}

#[test]
fn spans_stay_exact_when_rows_are_deleted_by_hand_and_after_vacuum() {
    let dir = Dir::new();
    let archive_a = archive(3000, 1);
    let half = half_at_line_end(&archive_a);
    dir.write("in/vm-a.jsonl", &archive_a[..half]);
    dir.write("in/vm-b.jsonl", archive(2000, 2));
    assert_eq!(dir.run(&["in", "--quiet"]).code, 3, "the archive has bad lines on purpose");
    let biggest = |conn: &Connection| -> (&'static str, i64) {
        EVENTS
            .iter()
            .map(|d| (d.table, conn.query_row(&format!("SELECT count(*) FROM {}", d.table), [], |r| r.get(0)).unwrap()))
            .max_by_key(|&(_, n)| n)
            .unwrap()
    };
    let (table, before) = biggest(&dir.conn());
    // An operator prunes: every third row of the biggest table, and its newest rows (the largest
    // rowids, which the next import would otherwise hand out again inside their old spans).
    let conn = Connection::open(dir.db()).unwrap();
    conn.execute(&format!("DELETE FROM {table} WHERE rowid % 3 = 0"), []).unwrap();
    conn.execute(&format!("DELETE FROM {table} WHERE rowid > (SELECT max(rowid) - 10 FROM {table})"), []).unwrap();
    drop(conn);
    let after: i64 = dir.count(&format!("SELECT count(*) FROM {table}"));
    assert!(after < before * 3 / 4, "{table}: {before} -> {after}");
    assert_spans_count_rows(&dir.conn());
    assert_day_counts_agree(&dir.conn());

    // New lines are counted once, in spans of their own.
    dir.append("in/vm-a.jsonl", &archive_a[half..]);
    assert_eq!(dir.run(&["in", "--quiet"]).code, 3);
    assert_spans_count_rows(&dir.conn());
    assert!(dir.count(&format!("SELECT count(*) FROM {table}")) > after, "the append added rows");

    // VACUUM renumbers the pruned table's rows; the next run rebuilds its spans.
    let conn = Connection::open(dir.db()).unwrap();
    conn.execute_batch("VACUUM").unwrap();
    let gaps: i64 = conn.query_row(&format!("SELECT max(rowid) - count(*) FROM {table}"), [], |r| r.get(0)).unwrap();
    assert_eq!(gaps, 0, "VACUUM renumbered {table}'s rows (what this test is about)");
    drop(conn);
    assert_eq!(dir.run(&["in", "--quiet"]).code, 0);
    assert_spans_count_rows(&dir.conn());
    assert_spans_agree(&dir.conn());
}

/// Rows of every event table with each data column NULL or not in turn, and timestamps before
/// 1970, at the edges of a second and out of the date functions' range, for a database at
/// schema `version`; one span per table makes them visible in `all_events`.
fn database_with_rows_of_every_shape(version: usize) -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    for (_, sql) in &MIGRATIONS[..version] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute(
        "INSERT INTO files (id, path, label, fingerprint, fingerprint_len, first_import, last_import)
         VALUES (1, '/x/vm-a', 'vm-a', 'f', 0, 't', 't')",
        [],
    )
    .unwrap();
    let view: String =
        conn.query_row("SELECT sql FROM sqlite_schema WHERE name = 'all_events'", [], |r| r.get(0)).unwrap();
    let stamps = [
        None,
        Some(0),
        Some(-1),
        Some(-999_999),
        Some(-1_000_000),
        Some(999_999),
        Some(1_000_000),
        Some(1_795_478_400_123_456),
        Some(-62_135_596_800_000_000),
        Some(253_402_300_799_999_999),
        Some(253_402_300_800_000_000),
        Some(i64::MAX),
        Some(i64::MIN),
    ];
    let texts = ["", "plain", "quote \" and \\ back", "tab\tnew\nline \u{1} é 😀", "{\"not\": \"json\"}"];
    let json_texts = ["{\"a\":[1,2.5,null]}", "\"s\"", "-12", "true"];
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for def in EVENTS.iter() {
        let arm = view.split("UNION ALL").find(|arm| arm.contains(&format!(" JOIN {} AS t ", def.table))).unwrap();
        let columns: Vec<(String, String)> = conn
            .prepare(&format!("SELECT name, type FROM pragma_table_info('{}') WHERE cid > 2", def.table))
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
        let insert = format!(
            "INSERT INTO {} (file_id, line, ts_us, {}) VALUES (1, ?1, ?2, {})",
            def.table,
            names.join(", "),
            (3..3 + names.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
        );
        let rows = 4 * columns.len() + stamps.len();
        for line in 0..rows {
            let mut values: Vec<rusqlite::types::Value> =
                vec![(line as i64 + 1).into(), stamps[line % stamps.len()].into()];
            for (i, (name, sql_type)) in columns.iter().enumerate() {
                use rusqlite::types::Value::*;
                let r = next();
                // Row i has only column i NULL, row n + i only column i set; the rest at random.
                let null = if line < columns.len() {
                    line == i
                } else if line < 2 * columns.len() {
                    line - columns.len() != i
                } else {
                    r % 3 == 0
                };
                values.push(if null {
                    Null
                } else if arm.contains(&format!("json(t.{name})")) {
                    Text(json_texts[(r >> 8) as usize % json_texts.len()].into())
                } else {
                    match (sql_type.as_str(), (r >> 8) % 4) {
                        ("INTEGER", 0) => Integer(i64::MIN),
                        ("INTEGER", _) => Integer((r >> 16) as i64 - (1 << 47)),
                        ("ANY", 0) => Real(((r >> 16) as f64) / 7.0 - 1e13),
                        ("ANY", 1) => Integer(r as i64),
                        _ => Text(texts[(r >> 16) as usize % texts.len()].into()),
                    }
                });
            }
            conn.execute(&insert, rusqlite::params_from_iter(values)).unwrap();
        }
        conn.execute(
            "INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line,
                                      first_us, last_us, rows)
             VALUES (?1, 'vm-a', 1, NULL, NULL, 1, ?2, 1, ?2, NULL, NULL, ?2)",
            rusqlite::params![def.name, rows as i64],
        )
        .unwrap();
    }
    conn
}

/// Every column of `all_events`, with the SQL type of `time` and `data` and `data` nested in
/// another JSON object (which shows whether it is still marked as JSON).
fn all_events_text(conn: &Connection) -> Vec<Vec<String>> {
    let sql = "SELECT event, file_id, label, line, ts_us, time, data, span, typeof(time), typeof(data),
                      json_object('data', data) FROM all_events ORDER BY event, line";
    let mut stmt = conn.prepare(sql).unwrap();
    let columns = stmt.column_count();
    stmt.query_map([], |r| {
        (0..columns).map(|i| Ok(format!("{:?}", r.get::<_, rusqlite::types::Value>(i)?))).collect::<Result<Vec<_>, _>>()
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn migration_0011_keeps_every_byte_all_events_gave() {
    let index = MIGRATIONS.iter().position(|(name, _)| name.starts_with("0011")).unwrap();
    let conn = database_with_rows_of_every_shape(index);
    let before = all_events_text(&conn);
    conn.execute_batch(MIGRATIONS[index].1).unwrap();
    let after = all_events_text(&conn);
    assert!(before.len() > 20 * EVENTS.len(), "{} rows", before.len());
    // The rows cover what the new expressions tell apart: NULL and set members, and times.
    let has = |column: usize, f: &dyn Fn(&str) -> bool| before.iter().any(|row| f(&row[column]));
    assert!(has(6, &|d| d.contains("\\\"") && d.contains('1')), "data with strings and numbers");
    assert!(has(6, &|d| d == "Text(\"{}\")"), "data of a row with every member NULL");
    assert!(has(5, &|t| t.contains("1969-12-31T23:59:59.000001Z")), "a time before 1970");
    assert!(has(5, &|t| t == "Null") && has(4, &|ts| ts != "Null"), "a time out of range");
    assert_eq!(before.len(), after.len());
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old, new);
    }
    // The view's text is the new one.
    let view: String =
        conn.query_row("SELECT sql FROM sqlite_schema WHERE name = 'all_events'", [], |r| r.get(0)).unwrap();
    assert!(!view.contains("strftime") && view.matches("THEN json_object(").count() > EVENTS.len() / 2);
}

#[test]
fn all_events_numbers_its_tables_as_the_catalog() {
    let conn = database_with_rows_of_every_shape(MIGRATIONS.len());
    let mut stmt = conn.prepare("SELECT event, min(event_bit), max(event_bit) FROM all_events GROUP BY event").unwrap();
    let bits: Vec<(String, i64, i64)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    assert_eq!(bits.len(), EVENTS.len());
    for (event, low, high) in bits {
        let index = qmp_ingest::catalog::event_index(&event).unwrap() as i64;
        assert_eq!((low, high), (index, index), "{event}");
    }
}

#[test]
fn vm_hours_hold_exactly_the_tables_each_vm_wrote_to_each_hour() {
    let dir = Dir::new();
    let archive_a = archive(3000, 1);
    let half = half_at_line_end(&archive_a);
    dir.write("vm-a.jsonl", &archive_a[..half]);
    dir.write("vm-b/2026-11-24.jsonl", archive(2500, 2));
    // Hours before 1970, on both sides of one, and rows without a timestamp (in no hour).
    let hour = 3600;
    let quiet: String =
        [(-hour - 1, "STOP"), (-1, "RESUME"), (0, "STOP"), (5 * hour - 1, "RESUME"), (5 * hour, "STOP")]
            .iter()
            .map(|&(seconds, event)| qemu_line(seconds, 999_999, event, None))
            .collect();
    dir.write("vm-b/2026-11-25.jsonl", quiet + "{\"event\": \"POWERDOWN\"}\n");
    assert_eq!(dir.run(&["vm-a.jsonl", "vm-b", "--quiet"]).code, 3, "the archive has bad lines on purpose");
    let exact = |dir: &Dir| {
        let conn = dir.conn();
        let want = hour_bits_of_rows(&conn);
        assert!(want.len() >= 6 && want.values().any(|b| b.count_ones() > 3), "{want:?}");
        assert_eq!(hour_bits(&conn), want);
    };
    exact(&dir);
    // Grown files' new rows add their hours and bits, to those the hour had (STOP's at 00:00);
    // a re-run changes nothing.
    dir.append("vm-a.jsonl", &archive_a[half..]);
    dir.append("vm-b/2026-11-25.jsonl", qemu_line(10, 0, "RESUME", None));
    assert_eq!(dir.run(&["vm-a.jsonl", "vm-b", "--quiet"]).code, 3);
    assert_eq!(hour_bits(&dir.conn())[&("vm-b".to_string(), 0)].count_ones(), 2, "STOP and RESUME at 00:00");
    exact(&dir);
    assert_eq!(dir.run(&["vm-a.jsonl", "vm-b", "--quiet"]).code, 0);
    exact(&dir);
}

#[test]
fn migration_0012_gives_a_database_of_the_release_before_its_vm_hours() {
    let dir = samples_db();
    let index = MIGRATIONS.iter().position(|(name, _)| name.starts_with("0012")).unwrap();
    {
        // As the release before 0012 left it: no vm_hours, 0011's all_events.
        let conn = Connection::open(dir.db()).unwrap();
        conn.execute_batch("DROP TABLE vm_hours").unwrap();
        conn.execute_batch(MIGRATIONS[index - 1].1).unwrap();
        conn.pragma_update(None, "user_version", index as i64).unwrap();
    }
    let before = all_events_text(&dir.conn());
    assert!(before.len() > 100, "{} rows", before.len());
    assert_eq!(dir.run(&[concat!(env!("CARGO_MANIFEST_DIR"), "/samples"), "--quiet"]).code, 0, "an unchanged re-run");
    let conn = dir.conn();
    assert_eq!(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap(), MIGRATIONS.len() as i64);
    assert_eq!(all_events_text(&conn), before);
    let want = hour_bits_of_rows(&conn);
    assert!(!want.is_empty());
    assert_eq!(hour_bits(&conn), want);
}
