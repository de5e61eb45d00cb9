//! The minimal pipeline qmp-ingest is measured against (issue 4): mmap, simd-json, prepared
//! INSERTs into the same per-type tables, WAL with `synchronous=NORMAL` — and nothing else: no
//! registry, no rejects, no `extra`, no line numbers beyond a counter, no resumability.
//! One parser thread feeds one writer thread through a bounded channel, as the product does.
//!
//!     cargo run --release --example baseline -- --db /tmp/base.db archive/*.jsonl

use qmp_ingest::catalog::{EVENTS, Kind, event_index};
use qmp_ingest::store::MIGRATIONS;
use rusqlite::types::Value;
use simd_json::prelude::*;
use std::sync::mpsc::sync_channel;

type Row = (usize, Vec<Value>);

fn leaf(v: simd_json::tape::Value<'_, '_>, kind: Kind) -> Value {
    match kind {
        Kind::Text => v.as_str().map_or(Value::Null, |s| Value::Text(s.to_owned())),
        Kind::Bool => v.as_bool().map_or(Value::Null, |b| Value::Integer(b as i64)),
        Kind::Real => v.as_f64().map_or(Value::Null, Value::Real),
        Kind::Json => Value::Null,
        Kind::Int | Kind::Wide => match (v.as_i64(), v.as_u64()) {
            (Some(i), _) => Value::Integer(i),
            (None, Some(u)) => Value::Text(u.to_string()),
            _ => Value::Null,
        },
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let db = args.iter().position(|a| a == "--db").map(|i| args[i + 1].clone()).expect("--db PATH");
    let files: Vec<String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| *a != "--db" && (*i == 0 || args[i - 1] != "--db"))
        .map(|(_, a)| a.clone())
        .collect();
    let _ = std::fs::remove_file(&db);
    let started = std::time::Instant::now();
    let (tx, rx) = sync_channel::<Vec<Row>>(4);
    let parser = std::thread::spawn(move || {
        let mut rows = 0u64;
        let mut buf = Vec::new();
        let mut buffers = simd_json::Buffers::new(4096);
        let mut tape_store = Some(simd_json::Tape::null().reset());
        for (file_id, path) in files.iter().enumerate() {
            let file = std::fs::File::open(path).expect("open");
            // SAFETY: a benchmark over files nobody else writes.
            let map = unsafe { memmap2::Mmap::map(&file).expect("mmap") };
            let mut batch = Vec::with_capacity(16384);
            for (n, line) in map.split(|b| *b == b'\n').enumerate() {
                buf.clear();
                buf.extend_from_slice(line);
                let mut tape = tape_store.take().unwrap().reset();
                if simd_json::fill_tape(&mut buf, &mut buffers, &mut tape).is_err() {
                    tape_store = Some(tape.reset());
                    continue;
                }
                let root = tape.as_value();
                let Some(index) = root.get("event").and_then(|e| e.as_str().and_then(event_index)) else {
                    tape_store = Some(tape.reset());
                    continue;
                };
                let def = &EVENTS[index];
                let mut values = Vec::with_capacity(def.columns.len() + 4);
                values.push(Value::Integer(file_id as i64 + 1));
                values.push(Value::Integer(n as i64 + 1));
                let ts = root
                    .get("timestamp")
                    .and_then(|t| Some(t.get("seconds")?.as_i64()? * 1_000_000 + t.get("microseconds")?.as_i64()?));
                values.push(ts.map_or(Value::Null, Value::Integer));
                let data = root.get("data");
                for column in def.columns {
                    let mut v = data;
                    for key in column.path {
                        v = v.and_then(|o| o.get(*key));
                    }
                    values.push(v.map_or(Value::Null, |v| leaf(v, column.kind)));
                }
                values.push(Value::Null);
                batch.push((index, values));
                tape_store = Some(tape.reset());
                if batch.len() == 16384 {
                    rows += batch.len() as u64;
                    tx.send(std::mem::replace(&mut batch, Vec::with_capacity(16384))).unwrap();
                }
            }
            rows += batch.len() as u64;
            tx.send(batch).unwrap();
        }
        rows
    });
    let mut conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
    for (_, sql) in MIGRATIONS {
        conn.execute_batch(sql).unwrap();
    }
    for batch in rx {
        let tx = conn.transaction().unwrap();
        {
            let mut stmts: Vec<rusqlite::Statement<'_>> = EVENTS
                .iter()
                .map(|def| {
                    tx.prepare(&format!(
                        "INSERT INTO {} VALUES ({})",
                        def.table,
                        vec!["?"; def.columns.len() + 4].join(",")
                    ))
                    .unwrap()
                })
                .collect();
            for (index, values) in &batch {
                let stmt = &mut stmts[*index];
                for (i, value) in values.iter().enumerate() {
                    stmt.raw_bind_parameter(i + 1, value).unwrap();
                }
                // A malformed line can bind a value its STRICT column refuses: the minimal
                // pipeline simply drops that row.
                let _ = stmt.raw_execute();
            }
        }
        tx.commit().unwrap();
    }
    let rows = parser.join().unwrap();
    let secs = started.elapsed().as_secs_f64();
    println!("baseline: {rows} rows in {secs:.3} s ({:.0} rows/s)", rows as f64 / secs);
}
