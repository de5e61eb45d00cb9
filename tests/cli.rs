//! The command line end to end: exit codes, `--help`/`--version`/`--generate`, the `--json`
//! summary against the database, stdout closed early, progress only on terminals, one-line
//! errors, and labels (README "Usage", "Exit status", "--json summary").

mod util;
use util::*;

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// A small clean archive: three typed events. Different `n` give different contents (the
/// same content under two names is one source, recognised by its fingerprint).
fn clean_lines(n: i64) -> String {
    let t = 1_764_000_000 + n * 10;
    [
        qemu_line(t, 1, "STOP", None),
        qemu_line(t + 1, 2, "RESUME", None),
        qemu_line(t + 2, 3, "BALLOON_CHANGE", Some("{\"actual\": 1073741824}")),
    ]
    .concat()
}

/// One typed event and one rejected line (a string where `sector-num` wants an integer).
fn lines_with_reject() -> String {
    qemu_line(1_764_000_000, 1, "STOP", None)
        + "{\"event\": \"QUORUM_FAILURE\", \"data\": {\"sector-num\": \"oops\"}}\n"
}

/// Runs the binary with exactly `args` (no `--db` added).
fn run_exact(dir: &Dir, args: &[&str]) -> Run {
    let out = dir.command().args(args).output().expect("run qmp-ingest");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Names of the event tables (every table but the registry, unknown events, rejects and spans).
fn event_tables(dir: &Dir) -> Vec<String> {
    let tables: Vec<String> = dir
        .rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('files', 'unknown_events', 'rejects', 'event_spans', 'pruned_events', 'event_days', 'vm_hours') \
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'lake_%' ORDER BY name",
        )
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(tables.len(), 60, "one table per catalog event: {tables:?}");
    tables
}

/// Rows over all event tables, for one file (`Some(id)`) or all.
fn typed_rows(dir: &Dir, file_id: Option<i64>) -> i64 {
    let filter = file_id.map(|id| format!(" WHERE file_id = {id}")).unwrap_or_default();
    event_tables(dir).iter().map(|t| dir.count(&format!("SELECT count(*) FROM \"{t}\"{filter}"))).sum()
}

fn file_count(dir: &Dir) -> i64 {
    dir.count("SELECT count(*) FROM files")
}

/// The single-quoted shell form of `text`.
fn sh_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// Whether the `script` utility (util-linux) is available to fake a terminal.
fn have_script() -> bool {
    let found = Command::new("script")
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        eprintln!("SKIPPED: the `script` utility (util-linux) is not installed; cannot run under a pseudo-terminal");
    }
    found
}

/// Runs the binary with `args` under a pseudo-terminal (stdout and stderr both the terminal) and
/// returns the exit code and everything written to the terminal.
fn run_in_pty(dir: &Dir, args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let mut line = sh_quote(env!("CARGO_BIN_EXE_qmp-ingest"));
    for arg in args {
        line.push(' ');
        line.push_str(&sh_quote(arg));
    }
    let mut cmd = Command::new("script");
    cmd.current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TERM", "xterm-256color")
        .env("COLUMNS", "100")
        .env("LINES", "30");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .args(["-qefc", &line, "/dev/null"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run script");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

/// The SGR sequences (`ESC [ params m`) of `text` that set a colour (foreground or background,
/// normal, bright, 256 or RGB).
fn colour_sequences(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("\x1b[") {
        let rest = &text[at + 2..];
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ';')).unwrap_or(rest.len());
        if !rest[end..].starts_with('m') {
            continue; // not SGR: cursor movement, erase, ...
        }
        let colour = rest[..end]
            .split(';')
            .filter_map(|p| p.parse::<u32>().ok())
            .any(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107));
        if colour {
            found.push(format!("\\x1b[{}m", &rest[..end]));
        }
    }
    found
}

/// An archive of a few tens of MB, big enough for the progress bar to be drawn several times.
fn big_archive(dir: &Dir) -> String {
    let path = dir.write("big.jsonl", archive(160_000, 7));
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size > 20 << 20, "the big archive is {size} bytes");
    path.to_string_lossy().into_owned()
}

// ---------------------------------------------------------------------------------------------
// Exit codes

#[test]
fn exit_0_for_a_clean_file() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", clean_lines(1));
    let run = dir.run(&["vm-a.jsonl"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(typed_rows(&dir, None), 3);
    assert_eq!(dir.count("SELECT count(*) FROM rejects"), 0);
}

#[test]
fn exit_0_when_a_final_line_is_left_pending() {
    let dir = Dir::new();
    let mut text = clean_lines(2);
    text.push_str("{\"event\": \"STOP\", \"timestamp\": {\"seconds\": 1");
    dir.write("vm-a.jsonl", text);
    let run = dir.run(&["vm-a.jsonl", "--json"]);
    assert_eq!(run.code, 0, "pending lines count as fine: {run:?}");
    let json = run.json();
    assert_eq!(json["pending"], 1, "{json}");
    assert_eq!(json["files"][0]["pending"], 1, "{json}");
    assert_eq!(json["lines"], 3, "pending excluded from lines: {json}");
    assert_eq!(dir.count("SELECT pending FROM files"), 1);
}

#[test]
fn exit_3_for_a_rejected_line() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", lines_with_reject());
    let run = dir.run(&["vm-a.jsonl"]);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(dir.count("SELECT count(*) FROM rejects"), 1);
    assert_eq!(typed_rows(&dir, None), 1);
    // The human summary lists the rejected line as path:line:byte: reason.
    assert!(run.stderr.contains("vm-a.jsonl:2:"), "{}", run.stderr);
}

#[test]
fn exit_1_for_a_missing_input_and_the_other_inputs_are_still_imported() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", clean_lines(3));
    dir.write("vm-b.jsonl", clean_lines(4));
    let run = dir.run(&["vm-a.jsonl", "does-not-exist.jsonl", "vm-b.jsonl", "--json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("does-not-exist.jsonl"), "the message names the file: {}", run.stderr);
    // Both other inputs are in the database, complete.
    let labels = dir.rows("SELECT label, lines, typed FROM files ORDER BY label");
    assert_eq!(labels, vec![vec!["vm-a", "3", "3"], vec!["vm-b", "3", "3"]]);
    assert_eq!(typed_rows(&dir, None), 6);
    // The summary has the missing input as an `error` entry with a message.
    let json = run.json();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 3, "{json}");
    let failed: Vec<&Value> = files.iter().filter(|f| f["status"] == "error").collect();
    assert_eq!(failed.len(), 1, "{json}");
    assert!(failed[0]["path"].as_str().unwrap().contains("does-not-exist.jsonl"), "{json}");
    assert!(failed[0]["error"].as_str().is_some_and(|e| e.contains("does-not-exist.jsonl")), "{json}");
    assert_eq!(files.iter().filter(|f| f["status"] == "new").count(), 2, "{json}");
}

#[test]
fn exit_1_wins_over_3() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", lines_with_reject());
    let run = dir.run(&["vm-a.jsonl", "missing.jsonl"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("missing.jsonl"), "{}", run.stderr);
    assert_eq!(dir.count("SELECT count(*) FROM rejects"), 1, "the reject is still stored");
    assert_eq!(typed_rows(&dir, None), 1);
}

#[test]
fn exit_1_for_a_database_under_a_regular_file() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", clean_lines(5));
    dir.write("afile", "not a directory");
    let db = dir.join("afile/events.db");
    let db = db.to_str().unwrap();
    let run = dir.run(&["vm-a.jsonl", "--db", db]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains(db), "the message names the database: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "one line: {}", run.stderr);
}

#[test]
fn database_error_states_its_cause_once() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", clean_lines(19));
    dir.write("afile", "not a directory");
    let db = dir.join("afile/events.db");
    let run = dir.run(&["vm-a.jsonl", "--db", db.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{run:?}");
    let message = run.stderr.to_lowercase();
    assert_eq!(message.matches("not a directory").count(), 1, "the cause once: {:?}", run.stderr);
}

#[test]
fn exit_1_for_a_directory_as_database() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", clean_lines(6));
    std::fs::create_dir(dir.join("dbdir")).unwrap();
    let db = dir.join("dbdir");
    let db = db.to_str().unwrap();
    let run = dir.run(&["vm-a.jsonl", "--db", db]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("dbdir"), "the message names the database: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(dir.join("dbdir")).unwrap().count(), 0, "nothing written into the directory");
}

#[test]
fn exit_2_for_usage_errors() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", clean_lines(7));
    let db = dir.db();
    let db = db.to_str().unwrap();
    let cases: &[(&str, &[&str])] = &[
        ("no arguments", &[]),
        ("no --db", &["vm-a.jsonl"]),
        ("no INPUT", &["--db", db]),
        ("unknown option", &["vm-a.jsonl", "--db", db, "--frobnicate"]),
        ("empty label", &["vm-a.jsonl", "--db", db, "--label", " "]),
        ("zero jobs", &["vm-a.jsonl", "--db", db, "--jobs", "0"]),
        ("non-numeric lock timeout", &["vm-a.jsonl", "--db", db, "--lock-timeout", "soon"]),
    ];
    for (what, args) in cases {
        let run = run_exact(&dir, args);
        assert_eq!(run.code, 2, "{what}: {run:?}");
        assert!(!run.stderr.trim().is_empty(), "{what}: a usage error says why");
        assert!(run.stdout.is_empty(), "{what}: nothing on stdout: {run:?}");
        assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
    }
    assert!(!dir.db().exists(), "no usage error creates the database");
}

#[test]
fn missing_db_message_mentions_db() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", clean_lines(8));
    let run = run_exact(&dir, &["vm-a.jsonl"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--db"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// --help, --version, --generate

#[test]
fn help_shows_groups_example_exit_codes_and_defaults() {
    let dir = Dir::new();
    let run = run_exact(&dir, &["--help"]);
    assert_eq!(run.code, 0, "{run:?}");
    let help = &run.stdout;
    for needle in [
        "Usage: qmp-ingest",
        "Input:",
        "Database:",
        "Performance:",
        "Output:",
        "--db <PATH>",
        "--label <TEXT>",
        "--max-line-bytes <N>",
        "--lock-timeout <SECONDS>",
        "--jobs <N>",
        "--quiet",
        "--json",
        "--generate <WHAT>",
        "[default: 60]",
        "[default: 16777216]",
        "Examples:",
        "qmp-ingest archive/",
        "--db events.db",
        "Exit status:",
        "0  every line",
        "2  usage error",
        "3  the import finished",
        "1 wins",
    ] {
        assert!(help.contains(needle), "--help lacks {needle:?}:\n{help}");
    }
    assert!(help.contains("man") && help.contains("bash") && help.contains("zsh") && help.contains("fish"), "{help}");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn version_prints_name_and_version() {
    let dir = Dir::new();
    let run = run_exact(&dir, &["--version"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout.trim(), format!("qmp-ingest {}", env!("CARGO_PKG_VERSION")));
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn generate_man_page() {
    let dir = Dir::new();
    let run = run_exact(&dir, &["--generate", "man"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.starts_with(".ie") || run.stdout.contains(".TH"), "not roff:\n{}", run.stdout);
    assert!(run.stdout.contains("qmp\\-ingest") || run.stdout.contains("qmp-ingest"), "{}", run.stdout);
    assert!(run.stdout.contains("lock\\-timeout"), "the man page documents the options:\n{}", run.stdout);
    assert!(!dir.db().exists());
}

#[test]
fn generate_completions() {
    let dir = Dir::new();
    for shell in ["bash", "zsh", "fish"] {
        let run = run_exact(&dir, &["--generate", shell]);
        assert_eq!(run.code, 0, "{shell}: {run:?}");
        let script = &run.stdout;
        assert!(script.contains("qmp-ingest"), "{shell}:\n{script}");
        // Fish writes long options as `-l db`; bash and zsh as `--db`.
        let (db, lock) = if shell == "fish" { ("-l db", "-l lock-timeout") } else { ("--db", "--lock-timeout") };
        assert!(script.contains(db), "{shell} completion lacks {db}:\n{script}");
        assert!(script.contains(lock), "{shell} completion lacks {lock}:\n{script}");
    }
}

#[test]
fn generate_rejects_an_unknown_kind() {
    let dir = Dir::new();
    let run = run_exact(&dir, &["--generate", "nonsense"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("nonsense"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

// ---------------------------------------------------------------------------------------------
// --json summary

/// The `files` row of `path` as (id, label, [lines, typed, unknown, rejects, non_event, blank, pending, events]).
fn file_row(dir: &Dir, path: &str) -> (i64, String, Vec<i64>) {
    let rows = dir.rows(&format!(
        "SELECT id, label, lines, typed, unknown, rejects, non_event, blank, pending, events FROM files WHERE path = '{}'",
        path.replace('\'', "''")
    ));
    assert_eq!(rows.len(), 1, "one files row for {path}: {rows:?}");
    let row = &rows[0];
    (row[0].parse().unwrap(), row[1].clone(), row[2..].iter().map(|v| v.parse().unwrap()).collect())
}

const COUNTS: [&str; 7] = ["lines", "typed", "unknown", "rejects", "non_event", "blank", "pending"];

#[test]
fn json_summary_matches_the_database() {
    let dir = Dir::new();
    // vm-a: greeting, 2 typed, blank, unknown, reject, return, typed → 8 lines.
    let a = [
        "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 9}, \"package\": \"\"}, \"capabilities\": [\"oob\"]}}\r\n".to_string(),
        qemu_line(1_764_000_000, 1, "STOP", None),
        qemu_line(1_764_000_001, 2, "RESUME", None),
        "\r\n".to_string(),
        qemu_line(1_764_000_002, 3, "X_VENDOR_THING", Some("{\"n\": 1}")),
        "{\"event\": \"QUORUM_FAILURE\", \"data\": {\"sector-num\": \"oops\"}}\r\n".to_string(),
        "{\"return\": {}}\r\n".to_string(),
        qemu_line(1_764_000_003, 4, "BALLOON_CHANGE", Some("{\"actual\": 42}")),
    ]
    .concat();
    let pa = dir.write("vm-a.jsonl", a);
    let pb = dir.write("vm-b.jsonl", clean_lines(9));

    let run = dir.run(&["vm-a.jsonl", "vm-b.jsonl", "--json"]);
    assert_eq!(run.code, 3, "{run:?}");
    let json = run.json();
    assert!(json.is_object(), "{json}");
    assert!(json["elapsed_s"].is_number(), "elapsed_s: {json}");
    assert!(json["elapsed_s"].as_f64().unwrap() >= 0.0, "{json}");
    // With --json the human summary goes to stderr, stdout holds only the object.
    assert!(run.stderr.contains("files:") || run.stderr.contains("lines:"), "human summary on stderr: {}", run.stderr);
    assert_eq!(run.stdout.trim_end().lines().count(), 1, "one object on one line: {}", run.stdout);

    let files = json["files"].as_array().expect("files is a list");
    assert_eq!(files.len(), 2, "{json}");
    let expected = [
        (&pa, "vm-a", [8, 3, 1, 1, 2, 1, 0]), // lines, typed, unknown, rejects, non_event, blank, pending
        (&pb, "vm-b", [3, 3, 0, 0, 0, 0, 0]),
    ];
    let mut totals = [0i64; 7];
    for (entry, (path, label, counts)) in files.iter().zip(expected) {
        let db_path = entry["path"].as_str().expect("path is a string");
        assert!(Path::new(db_path).is_absolute(), "absolute path: {db_path}");
        assert_eq!(Path::new(db_path).canonicalize().unwrap(), path.canonicalize().unwrap(), "{json}");
        assert_eq!(entry["label"], label, "{json}");
        assert_eq!(entry["status"], "new", "{json}");
        assert!(entry.get("error").is_none(), "no error member unless status is error: {entry}");
        let (id, db_label, row) = file_row(&dir, db_path);
        assert_eq!(db_label, label);
        for (i, name) in COUNTS.iter().enumerate() {
            assert_eq!(entry[*name].as_i64(), Some(counts[i]), "{label} {name}: {entry}");
            assert_eq!(row[i], counts[i], "{label}: files.{name}");
            totals[i] += counts[i];
        }
        assert_eq!(row[7], counts[1] + counts[2], "{label}: files.events = typed + unknown");
        // Against the rows actually stored for this file.
        assert_eq!(typed_rows(&dir, Some(id)), counts[1], "{label}: event table rows");
        assert_eq!(dir.count(&format!("SELECT count(*) FROM unknown_events WHERE file_id = {id}")), counts[2]);
        assert_eq!(dir.count(&format!("SELECT count(*) FROM rejects WHERE file_id = {id}")), counts[3]);
    }
    for (i, name) in COUNTS.iter().enumerate() {
        assert_eq!(json[*name].as_i64(), Some(totals[i]), "total {name}: {json}");
    }
    assert_eq!(typed_rows(&dir, None), totals[1]);
    assert_eq!(dir.count("SELECT count(*) FROM unknown_events"), totals[2]);
    assert_eq!(dir.count("SELECT count(*) FROM rejects"), totals[3]);
    for (i, column) in COUNTS.iter().enumerate() {
        assert_eq!(
            dir.count(&format!("SELECT coalesce(sum({column}), 0) FROM files")),
            totals[i],
            "sum of files.{column}"
        );
    }

    // A second run: both unchanged, nothing counted, nothing added.
    let before = dir.dump();
    let again = dir.run(&["vm-a.jsonl", "vm-b.jsonl", "--json"]);
    assert_eq!(again.code, 0, "nothing rejected in this run: {again:?}");
    let json = again.json();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{json}");
    for (entry, label) in files.iter().zip(["vm-a", "vm-b"]) {
        assert_eq!(entry["status"], "unchanged", "{json}");
        assert_eq!(entry["label"], label, "{json}");
        for name in COUNTS {
            assert_eq!(entry[name], 0, "{label} {name}: {entry}");
        }
    }
    for name in COUNTS {
        assert_eq!(json[name], 0, "total {name}: {json}");
    }
    assert!(json["elapsed_s"].is_number(), "{json}");
    assert_eq!(dir.dump(), before, "a second run adds nothing");
    assert_eq!(file_count(&dir), 2);
}

#[test]
fn json_and_quiet_print_only_the_object() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", clean_lines(10));
    let run = dir.run(&["vm-a.jsonl", "--json", "--quiet"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(run.json()["typed"], 3);
}

#[test]
fn stdout_closed_early_is_not_an_error() {
    let dir = Dir::new();
    let mut child = dir
        .command()
        .args(["-", "--json", "--db"])
        .arg(dir.db())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Close the reading end of stdout before the binary can have written anything: it is still
    // waiting for its input.
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(clean_lines(11).as_bytes()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    assert!(matches!(code, Some(0) | Some(3)), "exit {:?} (signal?), stderr: {stderr}", out.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.to_lowercase().contains("broken pipe"), "{stderr}");
    assert_eq!(typed_rows(&dir, None), 3, "the import itself completed");
}

// ---------------------------------------------------------------------------------------------
// stderr: progress, quiet, one-line errors

#[test]
fn no_progress_when_stderr_is_not_a_terminal() {
    let dir = Dir::new();
    // Big enough that a bar would be drawn several times on a terminal (see below).
    let big = big_archive(&dir);
    let run = dir.run(&[&big]);
    assert_eq!(run.code, 3, "the archive holds rejected lines: {run:?}");
    // The bar shows "read/total" ("12.25 MiB/64.00 MiB"); the summary only a rate ("MiB/s").
    assert!(run.stderr.split("iB/").skip(1).all(|rest| rest.starts_with('s')), "no progress bar: {:?}", run.stderr);
    assert!(!run.stderr.contains('\r'), "no carriage returns: {:?}", run.stderr);
    assert!(!run.stderr.contains("\x1b["), "no escape sequences: {:?}", run.stderr);
    assert!(!run.stderr.is_empty(), "the summary is still printed");
}

#[test]
fn quiet_is_silent_on_success_but_prints_errors() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", clean_lines(12));
    let run = dir.run(&["vm-a.jsonl", "--quiet"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr, "", "--quiet prints nothing for a clean run");
    assert_eq!(run.stdout, "");

    dir.write("vm-b.jsonl", clean_lines(13));
    let run = dir.run(&["vm-b.jsonl", "gone.jsonl", "-q"]);
    assert_eq!(run.code, 1, "{run:?}");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line for the one error: {:?}", run.stderr);
    assert!(lines[0].contains("gone.jsonl"), "{:?}", lines[0]);
    assert_eq!(dir.count("SELECT count(*) FROM files WHERE label = 'vm-b'"), 1, "vm-b imported");
}

#[test]
fn a_missing_input_is_one_error_line() {
    let dir = Dir::new();
    let missing = dir.join("nowhere/vm-z.jsonl");
    let missing = missing.to_str().unwrap();
    let run = dir.run(&[missing]);
    assert_eq!(run.code, 1, "{run:?}");
    let naming: Vec<&str> = run.stderr.lines().filter(|l| l.contains("vm-z.jsonl")).collect();
    assert_eq!(naming.len(), 1, "exactly one line names the file: {:?}", run.stderr);
    assert!(naming[0].contains(missing), "the full path as given: {:?}", naming[0]);
    assert!(naming[0].to_lowercase().contains("no such file"), "{:?}", naming[0]);
    let errors = run.stderr.lines().filter(|l| l.to_lowercase().contains("no such file")).count();
    assert_eq!(errors, 1, "{:?}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn progress_is_drawn_on_a_terminal() {
    if !have_script() {
        return;
    }
    let dir = Dir::new();
    let big = big_archive(&dir);
    let db = dir.db();
    let (code, out) = run_in_pty(&dir, &[&big, "--db", db.to_str().unwrap()], &[]);
    assert_eq!(code, 3, "the archive holds rejected lines: {out}");
    assert!(out.contains("MiB"), "no progress bar (byte counts in MiB) on the terminal: {out:?}");
    assert!(out.contains("iB/s"), "no throughput in the progress bar: {out:?}");
    assert!(out.contains('\r') || out.contains("\x1b["), "the bar is redrawn in place: {out:?}");
}

#[test]
fn no_color_under_a_terminal() {
    if !have_script() {
        return;
    }
    let dir = Dir::new();
    let big = big_archive(&dir);
    let db = dir.db();
    let (code, out) = run_in_pty(&dir, &[&big, "--db", db.to_str().unwrap()], &[("NO_COLOR", "1")]);
    assert_eq!(code, 3, "{out}");
    // Cursor movement and erasing (`\x1b[2K`, `\x1b[1A`, ...) are allowed; colour is not.
    let colours = colour_sequences(&out);
    assert!(colours.is_empty(), "colour escapes with NO_COLOR=1: {colours:?} in {out:?}");
}

#[test]
fn quiet_draws_no_progress_on_a_terminal() {
    if !have_script() {
        return;
    }
    let dir = Dir::new();
    let big = big_archive(&dir);
    let db = dir.db();
    let (code, out) = run_in_pty(&dir, &[&big, "--db", db.to_str().unwrap(), "--quiet"], &[]);
    assert_eq!(code, 3, "{out}");
    assert!(!out.contains("MiB"), "--quiet draws no bar: {out:?}");
    assert!(!out.contains("\x1b["), "--quiet draws nothing: {out:?}");
}

// ---------------------------------------------------------------------------------------------
// Labels

#[test]
fn label_overrides_every_input() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", clean_lines(14));
    dir.write("archive/vm-x/2026-11-24.jsonl", lines_with_reject());
    let run = dir.run(&["vm-a.jsonl", "archive/vm-x/2026-11-24.jsonl", "--label", "web01", "--json"]);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(dir.rows("SELECT DISTINCT label FROM files"), vec![vec!["web01"]]);
    assert_eq!(file_count(&dir), 2);
    let json = run.json();
    for entry in json["files"].as_array().unwrap() {
        assert_eq!(entry["label"], "web01", "{json}");
    }
}

#[test]
fn default_labels_come_from_the_path() {
    let dir = Dir::new();
    dir.write("vm-web01.jsonl", clean_lines(15));
    dir.write("archive/vm-x/2026-11-24.jsonl", clean_lines(16));
    let run = dir.run(&["vm-web01.jsonl", "archive/vm-x/2026-11-24.jsonl", "--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let rows = dir.rows("SELECT label, path FROM files ORDER BY label");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0][0], "vm-web01");
    assert!(rows[0][1].ends_with("/vm-web01.jsonl"), "{rows:?}");
    assert_eq!(rows[1][0], "vm-x", "a date stem takes its directory's name");
    assert!(rows[1][1].ends_with("/archive/vm-x/2026-11-24.jsonl"), "{rows:?}");
    let json = run.json();
    let labels: Vec<&str> = json["files"].as_array().unwrap().iter().map(|f| f["label"].as_str().unwrap()).collect();
    assert_eq!(labels, vec!["vm-web01", "vm-x"], "{json}");
}

#[test]
fn stdin_is_labelled_stdin() {
    let dir = Dir::new();
    let run = dir.run_stdin(&["-", "--json"], clean_lines(17).as_bytes());
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(dir.rows("SELECT label, path FROM files"), vec![vec!["stdin", "-"]]);
    let json = run.json();
    assert_eq!(json["files"][0]["label"], "stdin", "{json}");
    assert_eq!(json["files"][0]["path"], "-", "{json}");
    assert_eq!(json["typed"], 3, "{json}");

    // --label applies to standard input too.
    let dir = Dir::new();
    let run = dir.run_stdin(&["-", "--label", "vm-piped"], clean_lines(18).as_bytes());
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(dir.rows("SELECT label FROM files"), vec![vec!["vm-piped"]]);
}

#[test]
fn a_directory_without_archives_warns_and_exits_0() {
    let dir = Dir::new();
    dir.write("logs/notes.txt", "not an archive");
    let run = dir.run(&["logs", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning: no archive files found in logs"), "{}", run.stderr);
}
