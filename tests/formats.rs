//! The formats libvirt-based fleets record QMP events in, imported end to end from the samples
//! recorded with a real libvirt 11.3 / QEMU 10.0 (tests/data/libvirt/README.md): every event
//! typed value for value with its domain's label and time, nothing else stored, nothing
//! rejected; re-runs, imports in two halves and logrotate's renames and compression give the
//! same database as one import.

mod util;

use std::collections::BTreeMap;
use std::io::Write;
use util::Dir;

const WEB02: &str = "web 'ü' 02";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/libvirt/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// Every event row of the database as `[table, label, ts_us, columns…]` (no `file_id`, no
/// `line`), sorted: what two imports of the same events must agree on, whatever their format.
fn events(dir: &Dir) -> Vec<Vec<String>> {
    let mut all = Vec::new();
    for (table, _) in dir.dump() {
        if table == "rejects" {
            continue;
        }
        for mut row in
            dir.rows(&format!("SELECT f.label, t.* FROM \"{table}\" AS t JOIN files AS f ON f.id = t.file_id"))
        {
            row.drain(1..3); // file_id, line
            row.insert(0, table.clone());
            all.push(row);
        }
    }
    all.sort();
    all
}

/// Every stored row with its owner's label and its physical line: what re-runs and imports in
/// pieces must give exactly as one import does.
fn located(dir: &Dir) -> Vec<Vec<String>> {
    let mut all = Vec::new();
    for (table, _) in dir.dump() {
        let sql = format!("SELECT f.label, t.* FROM \"{table}\" AS t JOIN files AS f ON f.id = t.file_id");
        for mut row in dir.rows(&sql) {
            row.remove(1); // file_id: ids differ between databases, labels must not
            row.insert(0, table.clone());
            all.push(row);
        }
    }
    all.sort();
    all
}

/// Typed events per label.
fn per_label(dir: &Dir) -> BTreeMap<String, i64> {
    dir.rows("SELECT label, sum(typed) FROM files GROUP BY label HAVING sum(typed) > 0")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].parse().unwrap()))
        .collect()
}

fn import(dir: &Dir, args: &[&str]) -> util::Run {
    let run = dir.run(args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run
}

/// The virsh recording of a pass turned into raw QMP, one file per domain, by plain string
/// handling independent of the importer: the reference the other formats are checked against.
fn raw_qmp_per_domain(virsh: &[u8]) -> BTreeMap<String, String> {
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for line in std::str::from_utf8(virsh).unwrap().lines() {
        // Not `event loop interrupted`, `events received: N`.
        let Some((name, rest)) = line.strip_prefix("event ").and_then(|rest| rest.split_once(" at ")) else {
            continue;
        };
        let (time, rest) = rest.split_once(" for domain '").unwrap();
        let (seconds, micros) = time.split_once('.').unwrap();
        let (domain, data) = rest.rsplit_once("': ").unwrap();
        let micros: u32 = micros.parse().unwrap();
        let mut qmp =
            format!(r#"{{"timestamp": {{"seconds": {seconds}, "microseconds": {micros}}}, "event": "{name}""#);
        if data != "<null>" {
            qmp.push_str(&format!(r#", "data": {data}"#));
        }
        qmp.push_str("}\n");
        files.entry(domain.to_string()).or_default().push_str(&qmp);
    }
    files
}

/// A database of the raw QMP equivalent of a virsh recording, each domain's file `--label`led.
fn reference(virsh: &str) -> Dir {
    let dir = Dir::new();
    for (i, (domain, qmp)) in raw_qmp_per_domain(&fixture(virsh)).into_iter().enumerate() {
        let path = dir.write(&format!("vm{i}.jsonl"), qmp);
        import(&dir, &[path.to_str().unwrap(), "--label", &domain]);
    }
    dir
}

fn single(name: &str, args: &[&str]) -> (Dir, util::Run) {
    let dir = Dir::new();
    let path = dir.write(name.rsplit('/').next().unwrap(), fixture(name));
    let mut all = vec![path.to_str().unwrap()];
    all.extend_from_slice(args);
    let run = dir.run(&all);
    (dir, run)
}

#[test]
fn virsh_output_gives_every_event_of_every_domain_as_raw_qmp_would() {
    let (dir, run) = single("virsh-plain.txt", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = reference("virsh-plain.txt");
    assert_eq!(expected.total_rows(), 49);
    assert_eq!(events(&dir), events(&expected));
    assert_eq!(per_label(&dir), BTreeMap::from([("db01".into(), 22), ("web01".into(), 21), (WEB02.into(), 6)]));
    // One parent registering the file (its line counts), one child per domain (its events).
    assert_eq!(
        dir.rows(
            "SELECT parent IS NULL, label, format, lines, typed, non_event, blank, rejects FROM files ORDER BY id"
        ),
        [
            ["1", "virsh-plain.txt", "virsh", "52", "0", "2", "1", "0"],
            ["0", "web01", "virsh", "0", "21", "0", "0", "0"],
            ["0", "db01", "virsh", "0", "22", "0", "0", "0"],
            ["0", WEB02, "virsh", "0", "6", "0", "0", "0"],
        ]
    );
    assert_eq!(dir.count("SELECT count(*) FROM files WHERE parent IS NOT NULL AND parent <> 1"), 0);
    assert_eq!(
        dir.count("SELECT count(*) FROM files AS c JOIN files AS p ON p.id = c.parent WHERE c.path <> p.path"),
        0
    );
    // The line numbers are those of the file.
    let lines = dir.rows("SELECT line FROM all_events WHERE label = 'db01' ORDER BY line LIMIT 2");
    assert_eq!(lines, [["2"], ["6"]]);
    assert_eq!(dir.count("SELECT count(*) FROM rejects") + dir.count("SELECT count(*) FROM unknown_events"), 0);
}

#[test]
fn virsh_one_domain_output() {
    let (dir, run) = single("virsh-domain.txt", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(per_label(&dir), BTreeMap::from([(WEB02.into(), 6)]));
    let all = events(&reference("virsh-plain.txt"));
    let web02: Vec<_> = all.into_iter().filter(|r| r[1] == WEB02).collect();
    assert_eq!(events(&dir), web02);
}

#[test]
fn virsh_receive_times_are_stored_and_said_to_be_receive_times() {
    let (dir, run) = single("virsh-timestamp.txt", &["--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["files"][0]["format"], "virsh-receive-time");
    assert_eq!(dir.count("SELECT count(*) FROM files WHERE format <> 'virsh-receive-time'"), 0);
    // The same events as QEMU stamped them, each received within 3 s after QEMU's time, at
    // millisecond precision.
    let qemu = events(&reference("virsh-plain.txt"));
    let received = events(&dir);
    assert_eq!(received.len(), qemu.len());
    let untimed = |rows: &[Vec<String>]| {
        let mut v: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let mut r = r.clone();
                r.remove(2);
                r
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(untimed(&received), untimed(&qemu));
    let pairs = dir.rows(
        "SELECT count(*) FROM all_events AS r WHERE r.ts_us % 1000 = 0 AND r.ts_us > 1796169000000000 AND r.ts_us < 1796170000000000",
    );
    assert_eq!(pairs, [["49"]]);
    let reference = reference("virsh-plain.txt");
    let qemu_times: Vec<(String, String, i64)> = reference
        .rows("SELECT label, event, ts_us FROM all_events")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].parse().unwrap()))
        .collect();
    for row in dir.rows("SELECT label, event, ts_us FROM all_events") {
        let received: i64 = row[2].parse().unwrap();
        let close = qemu_times
            .iter()
            .any(|(l, e, t)| *l == row[0] && *e == row[1] && (0..3_000_000).contains(&(received - t + 1000)));
        assert!(close, "{row:?} received long after any such event");
    }
}

#[test]
fn virsh_pretty_output_is_rejected_saying_it_is_not_supported() {
    let (dir, run) = single("virsh-pretty.txt", &[]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let reasons = dir.rows("SELECT DISTINCT reason FROM rejects");
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(reasons[0][0].contains("--pretty") && reasons[0][0].contains("not supported"), "{reasons:?}");
    // Events printed on one line (those without data) are still read.
    assert!(dir.count("SELECT count(*) FROM all_events") > 0);
}

#[test]
fn daemon_log_at_info_level_has_the_events_of_virsh_with_their_domains() {
    let (dir, run) = single("libvirtd-info.log", &["--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["files"][0]["format"], "libvirt-log");
    assert_eq!(events(&dir), events(&reference("virsh-plain.txt")));
    let lines = fixture("libvirtd-info.log").iter().filter(|&&b| b == b'\n').count() as i64;
    assert_eq!(
        dir.rows("SELECT lines, typed, non_event + blank, rejects FROM files WHERE parent IS NULL"),
        [[lines.to_string(), "0".into(), (lines - 49).to_string(), "0".into()]]
    );
    assert_eq!(dir.count("SELECT count(*) FROM rejects"), 0);
}

#[test]
fn daemon_log_at_debug_level_has_the_events_of_virsh_of_its_pass() {
    let (dir, run) = single("libvirtd-debug.log", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = reference("debug-pass/virsh-plain.txt");
    assert_eq!(expected.total_rows(), 50);
    assert_eq!(events(&dir), events(&expected));
    assert_eq!(dir.count("SELECT count(*) FROM rejects"), 0);
}

#[test]
fn kubevirt_log_events_carry_the_pods_label() {
    let (dir, run) = single("virt-launcher-web01.log", &["--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["files"][0]["format"], "kubevirt");
    assert_eq!(dir.rows("SELECT label, typed, non_event FROM files"), [["virt-launcher-web01", "6", "18"]]);
    // Each is one of web01's events as virsh saw them.
    let web01: Vec<Vec<String>> =
        events(&reference("virsh-plain.txt")).into_iter().filter(|r| r[1] == "web01").collect();
    for mut row in events(&dir) {
        row[1] = "web01".into();
        assert!(web01.contains(&row), "{row:?}");
    }
}

#[test]
fn label_overrides_the_domains() {
    let (dir, run) = single("libvirtd-info.log", &["--label", "host7"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(dir.rows("SELECT label, typed FROM files"), [["host7", "49"]]);
}

#[test]
fn standard_input_is_detected_too() {
    let dir = Dir::new();
    let run = dir.run_stdin(&["-"], &fixture("virsh-plain.txt"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(events(&dir), events(&reference("virsh-plain.txt")));
    assert_eq!(dir.rows("SELECT label, format FROM files WHERE parent IS NULL"), [["stdin", "virsh"]]);
    let again = dir.run_stdin(&["-"], &fixture("virsh-plain.txt"));
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(dir.total_rows(), 49, "a piped copy of what was imported adds nothing");
}

#[test]
fn re_runs_add_nothing() {
    let dir = Dir::new();
    for name in ["virsh-plain.txt", "virsh-timestamp.txt", "libvirtd-info.log", "libvirtd-debug.log"] {
        dir.write(&format!("in/{}", name.replace(".txt", ".log")), fixture(name));
    }
    dir.write("in/virt-launcher-web01.log", fixture("virt-launcher-web01.log"));
    import(&dir, &["in"]);
    let (rows, files) = (located(&dir), dir.rows("SELECT * FROM files ORDER BY id"));
    assert_eq!(dir.count("SELECT count(*) FROM files WHERE parent IS NULL"), 5);
    let run = import(&dir, &["in", "--json"]);
    for file in run.json()["files"].as_array().unwrap() {
        assert_eq!(file["status"], "unchanged", "{file}");
    }
    assert_eq!(located(&dir), rows);
    let files_now = dir.rows("SELECT * FROM files ORDER BY id");
    assert_eq!(files_now.len(), files.len());
}

/// `data` cut into two pieces at line boundaries: after `cut` lines.
fn halves(data: &[u8], cut: usize) -> (&[u8], &[u8]) {
    let at = data.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(cut - 1).map_or(data.len(), |(i, _)| i + 1);
    data.split_at(at)
}

#[test]
fn an_import_in_two_halves_equals_one_import() {
    for name in ["libvirtd-info.log", "libvirtd-debug.log", "virsh-plain.txt"] {
        let data = fixture(name);
        let whole = Dir::new();
        whole.write("libvirtd.log", &data);
        import(&whole, &["libvirtd.log"]);
        let expected = located(&whole);
        let expected_files = whole.rows("SELECT parent IS NULL, label, lines, typed, non_event, blank FROM files");
        let lines = data.iter().filter(|&&b| b == b'\n').count();
        // Cuts at record boundaries, among them right after the records naming a monitor.
        for cut in [1, 7, 13, 40, lines / 3, lines / 2, lines - 5] {
            let dir = Dir::new();
            let (first, second) = halves(&data, cut);
            dir.write("libvirtd.log", first);
            import(&dir, &["libvirtd.log"]);
            dir.append("libvirtd.log", second);
            let run = import(&dir, &["libvirtd.log", "--json"]);
            assert_eq!(run.json()["files"][0]["status"], "grown");
            assert_eq!(located(&dir), expected, "{name} cut after line {cut}");
            let files = dir.rows("SELECT parent IS NULL, label, lines, typed, non_event, blank FROM files");
            assert_eq!(files, expected_files, "{name} cut after line {cut}");
        }
    }
}

#[test]
fn the_summary_says_how_a_source_was_read_and_whose_events_it_held() {
    let dir = Dir::new();
    dir.write("libvirtd.log", fixture("libvirtd-info.log"));
    let run = import(&dir, &["libvirtd.log", "--json"]);
    let line = run.stderr.lines().find(|l| l.contains("libvirtd.log:")).unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(line.ends_with(&format!(": a libvirt daemon log, events of 3 VMs: web01, db01, {WEB02}")), "{line}");
    assert_eq!(run.json()["files"][0]["vms"], serde_json::json!(["web01", "db01", WEB02]));
    let dir = Dir::new();
    dir.write("vm-a.jsonl", "{\"event\": \"STOP\", \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}\n");
    let run = import(&dir, &["vm-a.jsonl", "--json"]);
    assert!(!run.stderr.contains("vm-a.jsonl:"), "raw QMP names no VMs: {}", run.stderr);
    assert!(run.json()["files"][0].get("vms").is_none());
}

#[test]
fn a_daemon_log_import_killed_at_any_point_is_finished_by_the_next_run() {
    // A day's log: the recorded pass over and over (its monitors reopened each time), ~13 MB.
    let data = fixture("libvirtd-debug.log").repeat(200);
    let whole = Dir::new();
    whole.write("libvirtd.log", &data);
    import(&whole, &["libvirtd.log"]);
    let expected = located(&whole);
    let expected_files = whole.rows("SELECT parent IS NULL, label, lines, typed, non_event, blank FROM files");
    let mut killed_mid_way = 0;
    for point in [0, data.len() as i64 / 3, data.len() as i64 * 2 / 3] {
        let dir = Dir::new();
        dir.write("libvirtd.log", &data);
        let mut child = dir.spawn(&["libvirtd.log"]);
        if dir.wait_for_progress(&mut child, point) {
            child.kill().unwrap();
        }
        child.wait().unwrap();
        let done: i64 = dir.count("SELECT coalesce(sum(ingested_bytes), 0) FROM files");
        killed_mid_way += i32::from(done < data.len() as i64);
        import(&dir, &["libvirtd.log"]);
        assert_eq!(located(&dir), expected, "killed after {done} bytes");
        let files = dir.rows("SELECT parent IS NULL, label, lines, typed, non_event, blank FROM files");
        assert_eq!(files, expected_files, "killed after {done} bytes");
        util::assert_spans_agree(&dir.conn());
    }
    assert!(killed_mid_way > 0, "no import was killed before its end: the log is too small to test this");
}

#[test]
fn a_record_still_being_written_waits_for_its_newline() {
    let data = fixture("libvirtd-info.log");
    let whole = Dir::new();
    whole.write("libvirtd.log", &data);
    import(&whole, &["libvirtd.log"]);
    // Cut inside an event record.
    let event_at = memchr::memmem::find(&data, b"QEMU_MONITOR_RECV_EVENT").unwrap() + 40;
    let dir = Dir::new();
    dir.write("libvirtd.log", &data[..event_at]);
    let run = import(&dir, &["libvirtd.log", "--json"]);
    assert_eq!(run.json()["pending"], 1);
    assert_eq!(dir.count("SELECT count(*) FROM rejects"), 0);
    dir.append("libvirtd.log", &data[event_at..]);
    import(&dir, &["libvirtd.log"]);
    assert_eq!(located(&dir), located(&whole));
}

#[test]
fn logrotate_renames_and_compression_keep_every_label() {
    // The recorded rotation: the oldest piece gzipped, the one before delaycompress'ed.
    let pieces = [
        gunzip(&fixture("rotated/libvirtd.log.2.gz")),
        fixture("rotated/libvirtd.log.1"),
        fixture("rotated/libvirtd.log"),
    ];
    assert_eq!(pieces.concat(), fixture("libvirtd-info.log"), "the pieces are the info log");
    let whole = Dir::new();
    whole.write("log/libvirtd.log", fixture("libvirtd-info.log"));
    import(&whole, &["log"]);
    let expected = events(&whole);
    assert!(expected.iter().all(|r| r[1] != "libvirtd"), "every event has its domain");

    // All three pieces at once, found by walking the directory.
    let dir = Dir::new();
    dir.write("log/libvirtd.log.2.gz", fixture("rotated/libvirtd.log.2.gz"));
    dir.write("log/libvirtd.log.1", fixture("rotated/libvirtd.log.1"));
    dir.write("log/libvirtd.log", fixture("rotated/libvirtd.log"));
    import(&dir, &["log"]);
    assert_eq!(events(&dir), expected);
    assert_eq!(dir.count("SELECT count(*) FROM files WHERE parent IS NULL"), 3);

    // Rotated between nightly runs, as logrotate (delaycompress) does it.
    let dir = Dir::new();
    dir.write("log/libvirtd.log", &pieces[0]);
    import(&dir, &["log"]);
    std::fs::rename(dir.join("log/libvirtd.log"), dir.join("log/libvirtd.log.1")).unwrap();
    dir.write("log/libvirtd.log", &pieces[1]);
    import(&dir, &["log"]);
    let first = std::fs::read(dir.join("log/libvirtd.log.1")).unwrap();
    dir.write("log/libvirtd.log.2.gz", gzip(&first));
    std::fs::remove_file(dir.join("log/libvirtd.log.1")).unwrap();
    std::fs::rename(dir.join("log/libvirtd.log"), dir.join("log/libvirtd.log.1")).unwrap();
    dir.write("log/libvirtd.log", &pieces[2]);
    let run = import(&dir, &["log", "--json"]);
    let statuses: Vec<String> =
        run.json()["files"].as_array().unwrap().iter().map(|f| f["status"].as_str().unwrap().to_string()).collect();
    assert_eq!(statuses, ["renamed", "renamed", "new"], "oldest first: .2.gz, .1, the new log");
    assert_eq!(events(&dir), expected);
    assert_eq!(dir.count("SELECT count(*) FROM rejects"), 0);
}

/// `bytes` cut at the start of the record nearest its middle (records begin `YYYY-…` after a
/// newline; continuation lines of a reply do not).
fn at_a_record_boundary(bytes: &[u8]) -> (&[u8], &[u8]) {
    let middle = bytes.len() / 2;
    let cut = (middle..bytes.len() - 5)
        .find(|&i| bytes[i - 1] == b'\n' && bytes[i..i + 4].iter().all(u8::is_ascii_digit) && bytes[i + 4] == b'-')
        .expect("a record starts after the middle");
    bytes.split_at(cut)
}

#[test]
fn copytruncate_rotation_between_runs_keeps_every_label() {
    // Debian's /etc/logrotate.d/libvirtd (tests/data/libvirt/rotated/logrotate.conf) rotates with
    // `copytruncate`: the log is copied to .1 (with whatever was written since the last import)
    // and emptied in place, and libvirtd goes on writing to it; the monitors it writes events for
    // were opened in the part that is now in the copy.
    let whole = Dir::new();
    whole.write("log/libvirtd.log", fixture("libvirtd-info.log"));
    import(&whole, &["log"]);
    let expected = events(&whole);

    let pieces = [
        gunzip(&fixture("rotated/libvirtd.log.2.gz")),
        fixture("rotated/libvirtd.log.1"),
        fixture("rotated/libvirtd.log"),
    ];
    let (second_early, second_late) = at_a_record_boundary(&pieces[1]);
    let dir = Dir::new();
    let log = |name: &str| dir.join(&format!("log/{name}"));
    dir.write("log/libvirtd.log", &pieces[0]);
    import(&dir, &["log"]);
    // Written after the import, before the rotation: it goes into the copy.
    std::fs::OpenOptions::new().append(true).open(log("libvirtd.log")).unwrap().write_all(second_early).unwrap();
    std::fs::copy(log("libvirtd.log"), log("libvirtd.log.1")).unwrap();
    std::fs::File::create(log("libvirtd.log")).unwrap(); // truncate in place
    std::fs::OpenOptions::new().append(true).open(log("libvirtd.log")).unwrap().write_all(second_late).unwrap();
    let run = import(&dir, &["log", "--json"]);
    let statuses: BTreeMap<String, String> = run.json()["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().rsplit('/').next().unwrap().to_string(), f["status"].to_string()))
        .collect();
    assert_eq!(statuses["libvirtd.log.1"], "\"renamed\"", "the copy continues the imported log: {statuses:?}");

    // The next rotation: delaycompress gzips the old copy, the log is copied and truncated again.
    dir.write("log/libvirtd.log.2.gz", gzip(&std::fs::read(log("libvirtd.log.1")).unwrap()));
    std::fs::copy(log("libvirtd.log"), log("libvirtd.log.1")).unwrap();
    dir.write("log/libvirtd.log", &pieces[2]);
    import(&dir, &["log"]);
    assert_eq!(events(&dir), expected, "every event once, with its domain");
    assert_eq!(dir.count("SELECT count(*) FROM rejects"), 0);
    // Nothing is stored twice nor left to the log itself: every event has its domain.
    assert!(events(&dir).iter().all(|r| r[1] != "libvirtd"));
}

#[test]
fn format_can_be_forced() {
    // Lines auto-detection does not recognise (more than it looks at), then virsh output.
    let mut data = b"starting the listener\n".repeat(20);
    data.extend_from_slice(&fixture("virsh-plain.txt"));
    let dir = Dir::new();
    dir.write("auto.txt", &data);
    dir.write("forced.txt", &data);
    let auto = dir.run(&["auto.txt", "--json"]);
    assert_eq!((auto.code, auto.json()["files"][0]["format"].as_str()), (3, Some("qmp")));
    let forced = dir.run(&["forced.txt", "--format", "virsh", "--json"]);
    assert_eq!(forced.code, 3, "{}", forced.stderr);
    assert_eq!(forced.json()["files"][0]["format"], "virsh");
    assert_eq!(forced.json()["files"][0]["typed"], 49);
    assert_eq!(forced.json()["files"][0]["rejects"], 20);
    // Forcing raw QMP on a daemon log reads it as before: every line a reject.
    let (log, run) = single("libvirtd-info.log", &["--format", "qmp"]);
    assert_eq!(run.code, 3);
    assert_eq!(log.count("SELECT count(*) FROM all_events"), 0);
    assert_eq!(log.rows("SELECT format FROM files"), [["qmp"]]);
    let bad = dir.run(&["auto.txt", "--format", "syslog"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("libvirt-log"), "{}", bad.stderr);
}

#[test]
fn a_directory_walk_takes_log_files_only_when_they_hold_libvirt_output() {
    let dir = Dir::new();
    dir.write("var/libvirtd.log", fixture("libvirtd-info.log"));
    dir.write(
        "var/qemu/web01.log",
        "2026-12-01 23:51:44.910+0000: starting up libvirt version: 11.3.0\nchar device redirected\n",
    );
    dir.write("var/events.log.1.gz", gzip(&fixture("virsh-plain.txt")));
    dir.write("var/raw.log", util::qemu_line(1, 2, "STOP", None));
    dir.write("var/notes.txt", fixture("virsh-plain.txt"));
    let run = import(&dir, &["var", "--json"]);
    let mut paths: Vec<String> = run.json()["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().rsplit('/').next().unwrap().to_string())
        .collect();
    paths.sort();
    assert_eq!(paths, ["events.log.1.gz", "libvirtd.log"]);
    assert_eq!(per_label(&dir), BTreeMap::from([("db01".into(), 44), ("web01".into(), 42), (WEB02.into(), 12)]));
}

#[test]
fn raw_qmp_is_registered_as_before() {
    let dir = Dir::new();
    dir.write("vm-a.jsonl", util::archive(500, 7));
    let run = dir.run(&["vm-a.jsonl", "--json"]);
    assert_eq!(run.json()["files"][0]["format"], "qmp");
    assert_eq!(dir.rows("SELECT label, parent, format, format_state FROM files"), [["vm-a", "NULL", "qmp", "NULL"]]);
}
