//! Nightly imports: re-runs, growth, rotation, replacement, pending lines, crashes, concurrency,
//! files changing underneath, and every input form (README, "Nightly imports").

mod util;

use std::io::Write;
use std::time::Duration;
use util::*;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn statuses(run: &Run) -> Vec<String> {
    run.json()["files"].as_array().unwrap().iter().map(|f| f["status"].as_str().unwrap().to_string()).collect()
}

#[test]
fn unchanged_rerun_adds_nothing_and_reports_unchanged() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", archive(1000, 1));
    let first = dir.run(&["vm-a.jsonl", "--json"]);
    assert_eq!(first.code, 3, "{}", first.stderr); // the archive holds one bad line
    let before = dir.dump();
    let second = dir.run(&["vm-a.jsonl", "--json"]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert_eq!(statuses(&second), vec!["unchanged"]);
    assert_eq!(second.json()["lines"], 0);
    assert_eq!(dir.dump(), before);
}

#[test]
fn growth_adds_exactly_the_appended_lines() {
    let dir = Dir::new();
    let all = archive(300, 2);
    let cut = all.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(99).unwrap().0 + 1;
    dir.write("vm-a.jsonl", &all[..cut]);
    dir.run(&["vm-a.jsonl"]);
    dir.append("vm-a.jsonl", &all[cut..]);
    let grown = dir.run(&["vm-a.jsonl", "--json"]);
    assert_eq!(statuses(&grown), vec!["grown"]);
    assert_eq!(grown.json()["lines"], 200);
    let clean = Dir::new();
    clean.write("vm-a.jsonl", &all);
    clean.run(&["vm-a.jsonl"]);
    assert_eq!(dir.dump(), clean.dump());
}

#[test]
fn pending_final_line_is_imported_once_when_finished() {
    let dir = Dir::new();
    let complete = qemu_line(1, 2, "STOP", None);
    let partial = "{\"timestamp\": {\"seconds\": 3, \"microseconds\": 4}, \"event\": \"RES";
    dir.write("vm-a.jsonl", format!("{complete}{partial}"));
    let run = dir.run(&["vm-a.jsonl", "--json"]);
    assert_eq!(run.code, 0, "pending is not a rejection: {}", run.stderr);
    assert_eq!(run.json()["pending"], 1);
    assert_eq!(dir.count("SELECT count(*) FROM rejects"), 0);
    assert_eq!(dir.count("SELECT pending FROM files"), 1);
    dir.append("vm-a.jsonl", "UME\"}");
    // Complete now, though still without newline: imported, as line 2.
    let run = dir.run(&["vm-a.jsonl", "--json"]);
    assert_eq!((run.code, run.json()["pending"].as_i64()), (0, Some(0)));
    assert_eq!(dir.count("SELECT line FROM resume"), 2);
    // The newline arrives: it ends that same line, no blank line, nothing twice.
    dir.append("vm-a.jsonl", "\r\n");
    let run = dir.run(&["vm-a.jsonl", "--json"]);
    assert_eq!(run.json()["blank"], 0);
    dir.append("vm-a.jsonl", qemu_line(5, 6, "STOP", None));
    dir.run(&["vm-a.jsonl"]);
    assert_eq!(dir.rows("SELECT line FROM stop ORDER BY line"), vec![vec!["1"], vec!["3"]]);
    assert_eq!(dir.count("SELECT count(*) FROM resume"), 1);
    assert_eq!(dir.count("SELECT lines FROM files"), 3);
}

#[test]
fn rotation_by_rename_and_by_rename_plus_gzip_adds_nothing() {
    let dir = Dir::new();
    let day1 = archive(200, 3);
    dir.write("logs/vm-a.jsonl", &day1);
    dir.run(&["logs"]);
    let before = dir.dump();
    std::fs::rename(dir.join("logs/vm-a.jsonl"), dir.join("logs/vm-a.jsonl.1")).unwrap();
    let day2 = archive(50, 4);
    dir.write("logs/vm-a.jsonl", &day2);
    let run = dir.run(&["logs", "--json"]);
    let mut got = statuses(&run);
    got.sort();
    assert_eq!(got, vec!["renamed", "replaced"]);
    assert_eq!(run.json()["lines"], 50);
    let renamed_path = dir.join("logs/vm-a.jsonl.1").to_string_lossy().into_owned();
    assert_eq!(dir.count(&format!("SELECT count(*) FROM files WHERE path = '{renamed_path}' AND label = 'vm-a'")), 1);
    // logrotate compresses yesterday's file.
    std::fs::write(dir.join("logs/vm-a.jsonl.2.gz"), gzip(&day1)).unwrap();
    std::fs::remove_file(dir.join("logs/vm-a.jsonl.1")).unwrap();
    let run = dir.run(&["logs", "--json"]);
    assert_eq!(run.json()["lines"], 0, "{}", run.stdout);
    let rows_after = dir.total_rows();
    let expected: usize = before.iter().map(|(_, r)| r.len()).sum::<usize>() + 50;
    assert_eq!(rows_after, expected);
}

#[test]
fn shrunk_or_rewritten_file_is_a_new_source() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", archive(100, 5));
    dir.run(&["vm-a.jsonl"]);
    dir.write("vm-a.jsonl", archive(10, 6));
    let run = dir.run(&["vm-a.jsonl", "--json"]);
    assert_eq!(statuses(&run), vec!["replaced"]);
    assert_eq!(run.json()["lines"], 10);
    assert_eq!(dir.count("SELECT count(*) FROM files"), 2);
}

#[test]
fn gzip_zstd_and_stdin_equal_the_plain_file() {
    let data = archive(2000, 7);
    let plain = Dir::new();
    plain.write("vm-a.jsonl", &data);
    plain.run(&["vm-a.jsonl"]);
    let expected = plain.dump();

    let gz = Dir::new();
    // Two gzip members, as `cat a.gz b.gz` makes.
    let half = data.len() / 2;
    let cut = half + data[half..].iter().position(|b| *b == b'\n').unwrap() + 1;
    let mut members = gzip(&data[..cut]);
    members.extend(gzip(&data[cut..]));
    gz.write("vm-a.jsonl.gz", members);
    let run = gz.run(&["vm-a.jsonl.gz"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(gz.dump(), expected);

    let zst = Dir::new();
    zst.write("vm-a.jsonl.zst", zstd::encode_all(&data[..], 3).unwrap());
    zst.run(&["vm-a.jsonl.zst"]);
    assert_eq!(zst.dump(), expected);

    let stdin = Dir::new();
    let run = stdin.run_stdin(&["-", "--json"], &data);
    assert_eq!(run.json()["files"][0]["label"], "stdin");
    assert_eq!(stdin.dump(), expected);
    // The same content again on stdin is recognised.
    let again = stdin.run_stdin(&["-", "--json"], &data);
    assert_eq!(again.json()["lines"], 0, "{}", again.stdout);
    assert_eq!(stdin.dump(), expected);
}

#[test]
fn compressed_by_magic_bytes_not_by_name() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", gzip(qemu_line(1, 2, "STOP", None).as_bytes()));
    let run = dir.run(&["vm-a.jsonl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(dir.count("SELECT count(*) FROM stop"), 1);
}

#[test]
fn sigkill_at_several_points_then_resume_equals_one_clean_run() {
    let data = archive(120_000, 8); // ~18 MB
    let other = archive(40_000, 9); // another VM's: not a copy of vm-a's first third
    let clean = Dir::new();
    clean.write("vm-a.jsonl", &data);
    clean.write("vm-b.jsonl", &other);
    clean.run(&["vm-a.jsonl", "vm-b.jsonl", "--jobs", "2"]);
    let expected = clean.dump();

    let dir = Dir::new();
    dir.write("vm-a.jsonl", &data);
    dir.write("vm-b.jsonl", &other);
    let mut killed = 0;
    for point in [0, 4 << 20, 9 << 20, 15 << 20] {
        let mut child = dir.spawn(&["vm-a.jsonl", "vm-b.jsonl", "--jobs", "2"]);
        if dir.wait_for_progress(&mut child, point) {
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();
    }
    assert!(killed >= 2, "the import finished before it could be killed");
    let run = dir.run(&["vm-a.jsonl", "vm-b.jsonl"]);
    assert!(run.code == 0 || run.code == 3, "{}", run.stderr);
    assert_eq!(dir.count("SELECT count(*) FROM files"), 2);
    assert_eq!(dir.dump(), expected);
    let check: String = dir.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    assert_spans_agree(&dir.conn());
}

#[test]
fn readers_query_while_an_import_runs() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", archive(100_000, 9));
    let mut child = dir.spawn(&["vm-a.jsonl"]);
    assert!(dir.wait_for_progress(&mut child, 0), "import ended before a reader could look");
    let mut queries = 0;
    while child.try_wait().unwrap().is_none() {
        let conn = rusqlite::Connection::open_with_flags(dir.db(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        conn.busy_timeout(Duration::ZERO).unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM job_status_change", [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("reader failed during import: {e}"));
        assert!(n >= 0);
        queries += 1;
    }
    assert!(queries > 0);
    assert!(child.wait().unwrap().code().is_some());
}

#[test]
fn two_importers_at_once_leave_the_rows_of_one() {
    let data = archive(60_000, 10);
    let clean = Dir::new();
    clean.write("vm-a.jsonl", &data);
    clean.run(&["vm-a.jsonl"]);

    let dir = Dir::new();
    dir.write("vm-a.jsonl", &data);
    let a = dir.spawn(&["vm-a.jsonl"]);
    let b = dir.spawn(&["vm-a.jsonl"]);
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!([0, 3].contains(&a.status.code().unwrap()), "{}", String::from_utf8_lossy(&a.stderr));
    assert!([0, 3].contains(&b.status.code().unwrap()), "{}", String::from_utf8_lossy(&b.stderr));
    assert_eq!(dir.dump(), clean.dump());
}

#[test]
fn a_second_importer_gives_up_after_the_lock_timeout() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", archive(150_000, 11));
    let mut first = dir.spawn(&["vm-a.jsonl"]);
    assert!(dir.wait_for_progress(&mut first, 0));
    dir.write("vm-b.jsonl", archive(10, 12));
    let second = dir.run(&["vm-b.jsonl", "--lock-timeout", "0"]);
    let _ = first.kill();
    first.wait().unwrap();
    assert_eq!(second.code, 1, "{}", second.stderr);
    assert!(second.stderr.contains("another qmp-ingest"), "{}", second.stderr);
}

#[test]
fn truncation_during_a_run_is_a_clear_error_not_a_crash() {
    let dir = Dir::new();
    let path = dir.write("vm-a.jsonl", archive(200_000, 13)); // ~30 MB
    let mut child = dir.spawn(&["vm-a.jsonl", "--jobs", "1"]);
    assert!(dir.wait_for_progress(&mut child, 0), "import ended before the file could be truncated");
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(4096).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Either it noticed (exit 1, message naming the file) or it had already read everything.
    match out.status.code() {
        Some(1) => assert!(stderr.contains("vm-a.jsonl") && stderr.contains("truncated"), "{stderr}"),
        Some(0) | Some(3) => {}
        other => panic!("crashed: {other:?} {stderr}"),
    }
    let check: String = dir.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn compressed_standard_input_is_decoded() {
    let data = archive(300, 14);
    let plain = Dir::new();
    plain.write("vm-a.jsonl", &data);
    plain.run(&["vm-a.jsonl"]);
    let dir = Dir::new();
    let run = dir.run_stdin(&["-"], &gzip(&data));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(dir.dump(), plain.dump());
}

#[test]
fn a_compressed_file_killed_half_way_is_finished_by_the_next_run() {
    let data = archive(150_000, 15);
    let clean = Dir::new();
    clean.write("vm-a.jsonl", &data);
    clean.run(&["vm-a.jsonl"]);

    let dir = Dir::new();
    dir.write("vm-a.jsonl.gz", gzip(&data));
    let mut child = dir.spawn(&["vm-a.jsonl.gz"]);
    let killed = dir.wait_for_progress(&mut child, 0);
    if killed {
        child.kill().unwrap();
    }
    child.wait().unwrap();
    let run = dir.run(&["vm-a.jsonl.gz", "--json"]);
    assert!([0, 3].contains(&run.code), "{}", run.stderr);
    if killed {
        assert_eq!(statuses(&run), vec!["grown"], "{}", run.stdout);
    }
    assert_eq!(dir.dump(), clean.dump());
    assert_spans_agree(&dir.conn());
}

#[test]
fn copies_of_an_imported_file_add_nothing() {
    let dir = Dir::new();
    let data = archive(500, 16);
    dir.write("logs/vm-a.jsonl", &data);
    dir.run(&["logs"]);
    let before = dir.dump();
    // A compressed copy beside the original (gzip -k), a plain copy, and the same bytes on stdin.
    dir.write("logs/vm-a.jsonl.1.gz", gzip(&data));
    dir.write("logs/vm-a-copy.jsonl", &data);
    let run = dir.run(&["logs", "--json"]);
    assert_eq!(run.json()["lines"], 0, "{}", run.stdout);
    let run = dir.run_stdin(&["-", "--json"], &data);
    assert_eq!(run.json()["lines"], 0, "{}", run.stdout);
    assert_eq!(dir.dump(), before);
}
