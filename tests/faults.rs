//! Faults and odd environments (issue 13): a backup restored beside a stale WAL, WAL mode that
//! cannot be had, FIFOs, unwritable output streams, duplicate member names, file names that are
//! not UTF-8, an address-space limit, signals.

mod util;

use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::time::{Duration, Instant};
use util::*;

fn has(tool: &str) -> bool {
    std::process::Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn stale_write_ahead_log_never_meets_a_restored_backup() {
    let dir = Dir::new();
    dir.write("a/vm-a.jsonl", archive(3000, 4));
    dir.run(&["a"]);
    // The backup: a copy of the database file alone.
    std::fs::copy(dir.db(), dir.join("backup.db")).unwrap();
    assert_eq!(std::fs::metadata(dir.join("events.db-wal")).map_or(0, |m| m.len()), 0, "nothing left to replay");
    dir.append("a/vm-a.jsonl", archive(3000, 9));
    dir.run(&["a"]);
    std::fs::copy(dir.join("backup.db"), dir.db()).unwrap();
    let run = dir.run(&["a"]);
    assert_ne!(run.code, 1, "{run:?}");
    let ok: String = dir.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn a_failing_switch_to_wal_stops_with_a_clear_error() {
    if !has("strace") {
        eprintln!("skipped: strace is not installed (apt-get install strace)");
        return;
    }
    let dir = Dir::new();
    dir.write("a/vm-a.jsonl", archive(50, 1));
    let out = std::process::Command::new("strace")
        .args([
            "-f",
            "-o",
            "/dev/null",
            "-e",
            "trace=fsync,fdatasync",
            "-e",
            "inject=fsync,fdatasync:error=EIO:when=1+",
        ])
        .arg(env!("CARGO_BIN_EXE_qmp-ingest"))
        .args(["a", "--db"])
        .arg(dir.db())
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("Error code"), "{stderr}");
    // Whatever failed, it said so, and no rows sit in a database readers would be locked out of.
    let conn = rusqlite::Connection::open(dir.db()).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)).unwrap();
    assert!(mode == "wal" || tables == 0, "{mode} with {tables} tables: {stderr}");
}

fn mkfifo(path: &std::path::Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a plain libc call on a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

#[test]
fn a_fifo_in_a_directory_is_skipped_and_one_named_is_read() {
    let dir = Dir::new();
    dir.write("d/vm-a.jsonl", archive(50, 1));
    mkfifo(&dir.join("d/vm-fifo.jsonl"));
    let mut child = dir
        .command()
        .args(["d", "--json", "--db"])
        .arg(dir.db())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("the import hangs on the FIFO");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("vm-fifo.jsonl: skipped, a FIFO"), "{stderr}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["files"].as_array().unwrap().len(), 1);
    // Named explicitly, it is a stream.
    let fifo = dir.join("d/vm-fifo.jsonl");
    let data = archive(40, 7);
    let writer = std::thread::spawn(move || std::fs::write(fifo, data).unwrap());
    let run = dir.run(&["d/vm-fifo.jsonl", "--json"]);
    writer.join().unwrap();
    assert_eq!(run.json()["files"][0]["label"], "vm-fifo");
    assert_eq!(run.json()["lines"], 40, "{run:?}");
}

fn full() -> std::fs::File {
    std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap()
}

#[test]
fn unwritable_output_streams_never_panic() {
    let dir = Dir::new();
    dir.write("a/vm-a.jsonl", archive(50, 1));
    let out = dir.command().args(["a", "--db"]).arg(dir.db()).stderr(full()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "the run's own code, stderr or not");
    let out = dir.command().args(["--generate", "bash"]).stdout(full()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write to standard output"));
    let out = dir.command().args(["a", "--json", "--db"]).arg(dir.join("b.db")).stdout(full()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot write the summary to standard output: no space left on device"), "{stderr}");
    // `--json | true`: the reader went away; the run's own code stands.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = dir.command().args(["a", "--json", "--db"]).arg(dir.join("c.db")).stdout(writer).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn duplicate_member_names_are_rejected_at_any_depth() {
    let dir = Dir::new();
    let lines = [
        (r#"{"event": "STOP", "event": "RESUME"}"#, "duplicate member event"),
        (r#"{"event": "DEVICE_DELETED", "data": {"path": "p"}, "data": {"device": "z"}}"#, "duplicate member data"),
        (r#"{"event": "DEVICE_DELETED", "data": {"path": "p", "path": "q"}}"#, "duplicate member data.path"),
        (r#"{"event": "X_NEW", "data": {"a": [{"b": 1, "b": 2}]}}"#, "duplicate member data.a[0].b"),
        (
            r#"{"event": "STOP", "timestamp": {"seconds": 1, "seconds": 2, "microseconds": 0}}"#,
            "duplicate member timestamp.seconds",
        ),
    ];
    let text: String = lines.iter().map(|(l, _)| format!("{l}\n")).collect();
    dir.write("vm-a.jsonl", &text);
    let run = dir.run(&["vm-a.jsonl", "--json"]);
    assert_eq!(run.json()["rejects"], lines.len());
    let reasons = dir.rows("SELECT reason FROM rejects ORDER BY line");
    for ((_, want), got) in lines.iter().zip(&reasons) {
        assert!(got[0].starts_with(want), "{} does not start with {want}", got[0]);
    }
    assert_eq!(dir.count("SELECT count(*) FROM all_events"), 0);
    // As deep as a line may nest: found without recursion, the path spelled out.
    let deep = format!(
        "{{\"event\": \"X_NEW\", \"data\": {{\"a\": {}{{\"b\": 1, \"b\": 2}}{}}}}}\n",
        "[".repeat(1000),
        "]".repeat(1000)
    );
    dir.write("vm-deep.jsonl", &deep);
    dir.run(&["vm-deep.jsonl"]);
    let reason: String = dir
        .conn()
        .query_row("SELECT reason FROM rejects WHERE reason LIKE 'duplicate member data.a[0][0]%'", [], |r| r.get(0))
        .unwrap();
    assert!(reason.starts_with(&format!("duplicate member data.a{}.b:", "[0]".repeat(1000))), "{}", &reason[..80]);
}

#[test]
fn file_names_that_are_not_utf8_stay_apart() {
    let dir = Dir::new();
    let a = dir.path().join(std::ffi::OsStr::from_bytes(b"vm-\xffa.jsonl"));
    let b = dir.path().join(std::ffi::OsStr::from_bytes(b"vm-\xfea.jsonl"));
    std::fs::write(&a, archive(30, 1)).unwrap();
    std::fs::write(&b, archive(30, 2)).unwrap();
    let run = dir.run(&[".", "--json"]);
    assert_eq!(run.json()["files"].as_array().unwrap().len(), 2, "{run:?}");
    for _ in 0..2 {
        let run = dir.run(&[".", "--json"]);
        let statuses: Vec<&str> = run.json()["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["status"].as_str().unwrap().to_string())
            .map(|s| if s == "unchanged" { "unchanged" } else { "other" })
            .collect();
        assert_eq!(statuses, ["unchanged", "unchanged"], "{}", run.stdout);
    }
    let labels = dir.rows("SELECT label FROM files ORDER BY label");
    assert_eq!(labels, vec![vec!["vm-\\xfea".to_string()], vec!["vm-\\xffa".to_string()]]);
    // Named on the command line.
    let out = dir.command().arg(&a).arg("--json").arg("--db").arg(dir.db()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    // A newline in a name does not break the summary's lines.
    let odd = dir.write("vm-new\nline.jsonl", "{\"event\": 5}\n");
    let run = dir.run(&[odd.to_str().unwrap()]);
    let listed: Vec<&str> = run.stderr.lines().filter(|l| l.contains("vm-new")).collect();
    assert_eq!(listed.len(), 1, "{}", run.stderr);
    assert!(listed[0].contains("vm-new\\nline.jsonl:1: "), "{}", listed[0]);
}

#[test]
fn an_address_space_limit_is_no_abort() {
    let dir = Dir::new();
    let data = archive(600_000, 3); // about 90 MB: mapped whole, it would not fit beside the allocator's arenas
    dir.write("big/vm-a.jsonl", &data);
    drop(data);
    let mut cmd = dir.command();
    cmd.args(["big", "--json", "--db"]).arg(dir.db());
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: 256 << 20, rlim_max: 256 << 20 };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(1 | 3)), "{:?}: {stderr}", out.status);
    if out.status.code() == Some(1) {
        assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
    } else {
        let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(summary["lines"], 600_000);
    }
}

fn signal_run(sig: libc::c_int, want: i32) {
    let dir = Dir::new();
    for i in 0..4 {
        dir.write(&format!("a/vm-{i}.jsonl"), archive(60_000, i));
    }
    let child = dir.command().args(["a", "--db"]).arg(dir.db()).stderr(Stdio::piped()).spawn().unwrap();
    // Wait until something is committed, then interrupt.
    let started = Instant::now();
    loop {
        let committed = rusqlite::Connection::open(dir.db())
            .and_then(|c| c.query_row("SELECT coalesce(sum(lines), 0) FROM files", [], |r| r.get::<_, i64>(0)))
            .unwrap_or(0);
        if committed > 0 || started.elapsed() > Duration::from_secs(30) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // SAFETY: sending a signal to our own child.
    unsafe { libc::kill(child.id() as i32, sig) };
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(3) {
        return; // finished before the signal arrived: nothing to check
    }
    assert_eq!(out.status.code(), Some(want), "{stderr}");
    assert!(stderr.contains("interrupted") && stderr.contains("re-run"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    // A re-run finishes the job: the same rows as one clean run.
    dir.run(&["a"]);
    let clean = Dir::new();
    for i in 0..4 {
        clean.write(&format!("a/vm-{i}.jsonl"), archive(60_000, i));
    }
    clean.run(&["a"]);
    assert_eq!(dir.total_rows(), clean.total_rows());
}

#[test]
fn sigterm_says_what_was_kept_and_exits_143() {
    signal_run(libc::SIGTERM, 143);
}

#[test]
fn sigint_says_what_was_kept_and_exits_130() {
    signal_run(libc::SIGINT, 130);
}

#[test]
fn a_directory_that_cannot_be_written_is_named_as_the_cause() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Dir::new();
    dir.write("a/vm-a.jsonl", archive(20, 1));
    let ro = dir.join("ro");
    std::fs::create_dir(&ro).unwrap();
    // The database file may be written, its directory not: SQLite cannot create the -wal file.
    std::fs::write(ro.join("e.db"), b"").unwrap();
    for (path, mode) in [(dir.path().to_path_buf(), 0o755), (ro.clone(), 0o555), (ro.join("e.db"), 0o666)] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let mut cmd = dir.command();
    cmd.args(["a", "--db"]).arg(ro.join("e.db"));
    // SAFETY: getuid has no preconditions.
    if unsafe { libc::getuid() } == 0 {
        cmd.uid(65534).gid(65534); // root writes anywhere: run as nobody
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("Permission denied") && stderr.contains("os error") {
        eprintln!("skipped: the test binary cannot run as nobody here: {stderr}");
        return;
    }
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is not writable") && stderr.contains("-wal"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
