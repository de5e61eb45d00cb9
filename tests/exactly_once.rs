//! Exactly-once must never lose a line: sources told apart even when they start alike, final
//! lines of sources that cannot grow, the database never read as an input, stdin's placeholder
//! label, databases of other programs left alone, closed pipes (issue 8).

mod util;

use std::io::Write;
use util::*;

fn sample(rel: &str) -> Vec<u8> {
    std::fs::read(format!("{}/samples/{rel}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// The first `n` lines of `data`.
fn head(data: &[u8], n: usize) -> Vec<u8> {
    let end = data.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(n - 1).map_or(data.len(), |(i, _)| i + 1);
    data[..end].to_vec()
}

fn events(dir: &Dir) -> i64 {
    dir.count("SELECT coalesce(sum(typed + unknown), 0) FROM files")
}

#[test]
fn a_compressed_file_that_only_starts_like_a_short_one_is_imported() {
    let dir = Dir::new();
    let db01 = sample("vm-db01/2026-11-23.jsonl");
    dir.write("arch/vm-new.jsonl", head(&db01, 2)); // the greeting and {"return": {}}
    assert_eq!(dir.run(&["arch"]).code, 0);
    let web = sample("vm-web01.jsonl.1.gz");
    dir.write("arch/vm-web01.jsonl.1.gz", &web);
    let run = dir.run(&["arch", "--json"]);
    let fresh = Dir::new();
    fresh.write("vm-web01.jsonl.1.gz", &web);
    let want = fresh.run(&["vm-web01.jsonl.1.gz", "--json"]).json()["typed"].clone();
    assert!(want.as_u64().unwrap() > 100);
    assert_eq!(run.json()["typed"], want, "{}", run.stdout);
    assert_eq!(dir.count("SELECT count(*) FROM files WHERE label = 'vm-web01'"), 1);
}

#[test]
fn stdin_that_starts_like_a_short_file_is_imported() {
    let dir = Dir::new();
    let db01 = sample("vm-db01/2026-11-23.jsonl");
    dir.write("arch/vm-new.jsonl", head(&db01, 1));
    dir.run(&["arch"]);
    let run = dir.run_stdin(&["-", "--label", "vm-db01", "--json"], &db01);
    let typed = run.json()["typed"].as_u64().unwrap();
    assert!(typed >= 100, "{}", run.stdout);
    assert_eq!(dir.count("SELECT count(*) FROM all_events WHERE label = 'vm-db01'"), typed as i64);
}

#[test]
fn a_new_file_of_another_vm_is_not_taken_for_a_deleted_short_one() {
    let dir = Dir::new();
    let db01 = sample("vm-db01/2026-11-23.jsonl");
    dir.write("arch/vm-a.jsonl", head(&db01, 2));
    dir.run(&["arch"]);
    std::fs::remove_file(dir.join("arch/vm-a.jsonl")).unwrap();
    dir.write("arch/vm-b.jsonl", &db01);
    let run = dir.run(&["arch", "--json"]);
    assert_eq!(run.json()["files"][0]["status"], "new", "{}", run.stdout);
    assert_eq!(run.json()["files"][0]["label"], "vm-b");
    let lines = db01.iter().filter(|b| **b == b'\n').count() as i64;
    assert_eq!(run.json()["lines"], lines, "every line read, numbered from 1");
    assert_eq!(dir.count("SELECT min(line) FROM all_events WHERE label = 'vm-b'"), 3);
    assert_eq!(dir.count("SELECT count(*) FROM all_events WHERE label = 'vm-a'"), 0);
}

#[test]
fn a_rotated_short_file_of_the_same_vm_is_still_recognised() {
    let dir = Dir::new();
    let db01 = sample("vm-db01/2026-11-23.jsonl");
    dir.write("arch/vm-a.jsonl", head(&db01, 3)); // short: one event
    dir.run(&["arch"]);
    std::fs::rename(dir.join("arch/vm-a.jsonl"), dir.join("arch/vm-a.jsonl.1")).unwrap();
    let run = dir.run(&["arch", "--json"]);
    assert_eq!(run.json()["files"][0]["status"], "renamed", "{}", run.stdout);
    assert_eq!(events(&dir), 1);
}

#[test]
fn a_copy_beside_its_original_imports_only_what_the_original_did_not() {
    let dir = Dir::new();
    let data = archive(1000, 5); // about 140 KB: differences past the first 64 KiB
    let first = head(&data, 800);
    dir.write("logs/vm-a.jsonl", &first);
    dir.run(&["logs/vm-a.jsonl"]);
    // A compressed copy that goes on past the original: only the lines past it are new.
    dir.write("copies/vm-a.jsonl.1.gz", gzip(&data));
    let run = dir.run(&["logs/vm-a.jsonl", "copies", "--json"]);
    assert_eq!(run.json()["lines"], 200, "only the lines past the original: {}", run.stdout);
    assert_eq!(run.json()["files"][1]["status"], "new");
    // Piped content that differs from line 700 on: from there on it is new.
    let mut changed = head(&data, 699);
    changed.extend_from_slice(qemu_line(1, 2, "STOP", None).as_bytes());
    changed.extend_from_slice(&data[head(&data, 700).len()..]);
    let run = dir.run_stdin(&["-", "--label", "vm-a", "--json"], &changed);
    assert_eq!(run.json()["files"][0]["status"], "new");
    assert_eq!(run.json()["lines"], 301, "from the first line that differs on: {}", run.stdout);
    assert_eq!(dir.count("SELECT min(line) FROM stop WHERE ts_us = 1000002"), 700, "numbered as in the source");
    // Identical copies, compressed or plain, add nothing.
    dir.write("copies2/vm-a.jsonl.9.gz", gzip(&first));
    dir.write("copies2/vm-a-copy.jsonl", &first[..first.len() - 10]);
    let run = dir.run(&["logs/vm-a.jsonl", "copies2", "--json"]);
    assert_eq!(run.json()["lines"], 0, "{}", run.stdout);
}

#[test]
fn a_final_line_without_newline_in_a_source_that_cannot_grow_is_taken() {
    let dir = Dir::new();
    let complete = qemu_line(1, 2, "STOP", None);
    let event_no_newline = complete.trim_end();
    let cut = &complete[..30];
    for (name, content, typed, rejects) in [
        ("a.jsonl.gz", gzip(format!("{complete}{event_no_newline}").as_bytes()), 2, 0),
        ("b.jsonl.gz", gzip(format!("{complete}{cut}").as_bytes()), 1, 1),
    ] {
        dir.write(name, content);
        let run = dir.run(&[name, "--json"]);
        let j = run.json();
        assert_eq!(
            (j["typed"].as_u64(), j["rejects"].as_u64(), j["pending"].as_u64()),
            (Some(typed), Some(rejects), Some(0)),
            "{name}"
        );
    }
    let reason: String = dir.conn().query_row("SELECT reason FROM rejects", [], |r| r.get(0)).unwrap();
    assert!(reason.starts_with("truncated"), "{reason}");
    let run = dir.run_stdin(&["-", "--json", "--label", "s"], format!("{complete}{cut}x").as_bytes());
    assert_eq!((run.json()["rejects"].as_u64(), run.json()["pending"].as_u64()), (Some(1), Some(0)));
    // Overlong and unterminated at the end of stdin.
    let long = format!("{complete}{{\"event\": \"STOP\", \"x\": \"{}", "y".repeat(5000));
    let run = dir.run_stdin(&["-", "--json", "--label", "t", "--max-line-bytes", "1000"], long.as_bytes());
    assert_eq!((run.json()["rejects"].as_u64(), run.json()["pending"].as_u64()), (Some(1), Some(0)), "{}", run.stdout);
    // A plain file may still grow: its final fragment stays pending.
    dir.write("c.jsonl", format!("{}{cut}", qemu_line(3, 4, "RESUME", None)));
    let run = dir.run(&["c.jsonl", "--json"]);
    assert_eq!(run.json()["pending"], 1);
}

#[test]
fn the_database_is_never_read_as_an_input() {
    let dir = Dir::new();
    dir.write("archive/vm-a.jsonl", archive(200, 1));
    let db = dir.join("archive/events.db");
    let db = db.to_str().unwrap();
    let args = ["archive/vm-a.jsonl", db, &format!("{db}-wal"), "--db", db, "--json"];
    let first = dir.run(&["archive/vm-a.jsonl", "--db", db]);
    assert_eq!(first.code, 0, "{first:?}");
    let rejects = |d: &str| {
        let conn = rusqlite::Connection::open(d).unwrap();
        conn.query_row("SELECT count(*) FROM rejects", [], |r| r.get::<_, i64>(0)).unwrap()
    };
    let before = rejects(db);
    let run = dir.run(&args);
    assert!(run.stderr.contains("it is the database"), "{}", run.stderr);
    assert_eq!(rejects(db), before);
    let run = dir.run(&["archive", "--db", db, "--json"]);
    assert_eq!(run.json()["files"].as_array().unwrap().len(), 1, "a walk does not take it either");
    assert_eq!(rejects(db), before);
}

#[test]
fn a_better_label_replaces_stdin() {
    let dir = Dir::new();
    let data = archive(100, 2);
    dir.run_stdin(&["-"], &data);
    assert_eq!(dir.count("SELECT count(*) FROM files WHERE label = 'stdin'"), 1);
    dir.write("vm-real.jsonl", &data);
    let run = dir.run(&["vm-real.jsonl", "--json"]);
    assert_eq!(run.json()["lines"], 0, "same content: nothing new");
    assert_eq!(dir.rows("SELECT label FROM files"), vec![vec!["vm-real".to_string()]]);
}

#[test]
fn databases_of_other_programs_are_left_alone() {
    let dir = Dir::new();
    dir.write("a.jsonl", archive(20, 3));
    let cases: [(&str, &str); 3] = [
        ("files.db", "CREATE TABLE files (name TEXT); INSERT INTO files VALUES ('x');"),
        ("seven.db", "CREATE TABLE t (a); PRAGMA user_version = 7;"),
        ("other.db", "PRAGMA application_id = 42; CREATE TABLE t (a);"),
    ];
    for (name, sql) in cases {
        let path = dir.join(name);
        rusqlite::Connection::open(&path).unwrap().execute_batch(sql).unwrap();
        let before = std::fs::read(&path).unwrap();
        let run = dir.run(&["a.jsonl", "--db", path.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{name}: {run:?}");
        assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
        assert!(run.stderr.contains("another program"), "{}", run.stderr);
        assert!(!run.stderr.contains("newer"), "{}", run.stderr);
        assert_eq!(std::fs::read(&path).unwrap(), before, "{name} untouched");
        assert!(!dir.join(&format!("{name}-wal")).exists());
    }
    let text = dir.write("notes.db", "not a database at all, just text\n".repeat(200));
    let run = dir.run(&["a.jsonl", "--db", text.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("not a SQLite database"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1);
    // An empty database is ours to fill, and is marked as ours.
    let empty = dir.join("empty.db");
    rusqlite::Connection::open(&empty).unwrap().execute_batch("VACUUM").unwrap();
    assert_eq!(dir.run(&["a.jsonl", "--db", empty.to_str().unwrap()]).code, 0);
    let id: i64 =
        rusqlite::Connection::open(&empty).unwrap().query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(id, 0x514D_5049);
}

#[test]
fn a_closed_pipe_is_success() {
    for args in [&["--generate", "bash"][..], &["--generate", "man"], &["--help"]] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let dir = Dir::new();
        let out = dir.command().args(args).stdout(writer).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn messages_say_what_is_wrong_in_words() {
    let dir = Dir::new();
    let deep = format!("{{\"event\": \"X\", \"data\": {}{}}}\n", "[".repeat(2000), "]".repeat(2000));
    dir.write("vm-a.jsonl", format!("{deep}{}", qemu_line(5, 6, "X_ONE", None)));
    let run = dir.run(&["vm-a.jsonl"]);
    assert!(run.stderr.contains("nested deeper than 1024 levels"), "{}", run.stderr);
    assert!(run.stderr.contains("1 unknown event,"), "{}", run.stderr);
    assert!(run.stderr.contains("(the line starts at byte 0 of the file)"), "{}", run.stderr);
    assert!(!run.stderr.contains("DepthLimit"), "{}", run.stderr);
    // A member name with a control character is shown JSON-escaped, not as Rust would.
    dir.write("vm-b.jsonl", "{\"event\": \"STOP\", \"timestamp\": {\"sec\u{7f}nds\": 1, \"microseconds\": 0}}\n");
    dir.run(&["vm-b.jsonl"]);
    let reason: String = dir
        .conn()
        .query_row("SELECT reason FROM rejects WHERE reason LIKE '%unexpected member%'", [], |r| r.get(0))
        .unwrap();
    assert!(reason.contains(r#"unexpected member "sec\u007fnds""#), "{reason}");
}
