//! Every class of bad line in the README ("The database", `rejects`) lands in `rejects`
//! exactly once, byte for byte, at the right line and offset, with a reason that names the
//! problem; the good lines around it still land in their tables; the run exits 3 and lists the
//! rejects on stderr. Lines that are valid QMP but not events, and blank lines, are counted and
//! stored nowhere.

mod util;
use util::*;

use serde_json::json;

/// What a line is and where it must end up.
enum Kind {
    /// A typed event: one row in `table`.
    Typed(&'static str),
    /// An event the catalog does not know: one row in `unknown_events`.
    Unknown,
    /// Must be rejected with a reason containing every one of these.
    Bad(&'static [&'static str]),
    /// Greeting, return or error: counted, not stored.
    NonEvent,
    /// Blank: counted, not stored.
    Blank,
}

/// One line as written, with what must become of it.
struct Line {
    kind: Kind,
    /// The bytes without the line end.
    text: Vec<u8>,
    crlf: bool,
    /// 1-based line number and offset of the first byte, filled in by `Archive::bytes`.
    number: u64,
    offset: u64,
}

impl Line {
    /// The line's exact bytes as `rejects.raw` keeps them: with its `\r`, without its `\n`.
    fn raw(&self) -> Vec<u8> {
        let mut raw = self.text.clone();
        if self.crlf {
            raw.push(b'\r');
        }
        raw
    }
}

#[derive(Default)]
struct Archive {
    lines: Vec<Line>,
}

impl Archive {
    fn add(&mut self, kind: Kind, text: impl AsRef<[u8]>) {
        // Alternate CRLF (as QEMU writes) and LF.
        let crlf = self.lines.len().is_multiple_of(2);
        self.lines.push(Line { kind, text: text.as_ref().to_vec(), crlf, number: 0, offset: 0 });
    }

    /// A good line, then the bad one: so every bad line sits amid good ones.
    fn bad(&mut self, text: impl AsRef<[u8]>, reason: &'static [&'static str]) {
        let n = self.lines.len();
        match n % 3 {
            0 => self.add(
                Kind::Typed("quorum_failure"),
                format!(r#"{{"timestamp": {{"seconds": 1700000000, "microseconds": {n}}}, "event": "QUORUM_FAILURE", "data": {{"reference": "r{n}", "sector-num": {n}, "sectors-count": 8}}}}"#),
            ),
            1 => self.add(Kind::Typed("stop"), r#"{"timestamp": {"seconds": 1700000001, "microseconds": 5}, "event": "STOP"}"#),
            _ => self.add(Kind::Unknown, format!(r#"{{"event": "X_VENDOR_EVENT", "data": {{"n": {n}}}}}"#)),
        }
        self.add(Kind::Bad(reason), text);
    }

    /// The file's bytes; numbers and places every line.
    fn bytes(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        for (i, line) in self.lines.iter_mut().enumerate() {
            line.number = i as u64 + 1;
            line.offset = out.len() as u64;
            out.extend_from_slice(&line.text);
            out.extend_from_slice(if line.crlf { b"\r\n" } else { b"\n" });
        }
        out
    }

    fn count(&self, f: impl Fn(&Kind) -> bool) -> usize {
        self.lines.iter().filter(|l| f(&l.kind)).count()
    }
}

/// `(line, byte_offset, reason, raw)` of every reject, in line order.
fn rejects(dir: &Dir) -> Vec<(u64, u64, String, Vec<u8>)> {
    let conn = dir.conn();
    let mut stmt = conn.prepare("SELECT line, byte_offset, reason, raw FROM rejects ORDER BY line").unwrap();
    stmt.query_map([], |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

const MAX_LINE: usize = 300;

/// Every class of bad line the README names, amid good lines.
fn every_class_of_bad_line() -> Archive {
    let mut a = Archive::default();
    // Not valid UTF-8.
    a.bad(b"{\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": \"\xff\"}}", &["UTF-8"]);
    a.bad(b"{\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": \"ab\xc3\"}}", &["UTF-8"]);
    a.bad(b"{\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": \"\xe2\x82\"}}", &["UTF-8"]);
    a.bad(b"{\"event\": \"STOP\"\xff}", &["UTF-8"]);
    // Not strict JSON.
    a.bad(r#"{"event": "BALLOON_CHANGE", "data": {"actual": NaN}}"#, &["invalid JSON"]);
    a.bad(r#"{"event": "BALLOON_CHANGE", "data": {"actual": Infinity}}"#, &["invalid JSON"]);
    a.bad(r#"{"event": "BALLOON_CHANGE", "data": {"actual": -Infinity}}"#, &["invalid JSON"]);
    a.bad(r#"{"event": "STOP",}"#, &["invalid JSON"]);
    a.bad(r#"{"event": "BALLOON_CHANGE", "data": {"actual": 1,}}"#, &["invalid JSON"]);
    a.bad(r#"{'event': 'STOP'}"#, &["invalid JSON"]);
    a.bad(r#"{"event": "DEVICE_DELETED", "data": {"device": "\ud800"}}"#, &["invalid JSON"]);
    a.bad(r#"{"event": "DEVICE_DELETED", "data": {"device": "x\udc00y"}}"#, &["invalid JSON"]);
    a.bad(r#"{"event": "X_VENDOR_EVENT", "data": {"s": "\ud800\u0041"}}"#, &["invalid JSON"]);
    a.bad(
        b"{\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": \"a\x01b\"}}",
        &["invalid JSON", "control character"],
    );
    a.bad(b"{\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": \"a\tb\"}}", &["invalid JSON", "control character"]);
    a.bad(r#"{"event": "STOP"} {"event": "STOP"}"#, &["invalid JSON"]);
    a.bad(r#"{"event": "STOP"}x"#, &["invalid JSON"]);
    a.bad(r#"{"event": "STOP", "data": {"#, &["invalid JSON", "cut short"]);
    a.bad(r#"{"event": "STO"#, &["invalid JSON", "cut short"]);
    // A CRLF line cut inside a string: its '\r' is not taken for the fault.
    a.bad(b"{\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": \"ab\r", &["invalid JSON", "cut short"]);
    // Not a JSON object.
    a.bad(r#"[{"event": "STOP"}]"#, &["not a JSON object"]);
    a.bad(r#""STOP""#, &["not a JSON object"]);
    a.bad("42", &["not a JSON object"]);
    a.bad("null", &["not a JSON object"]);
    a.bad("true", &["not a JSON object"]);
    // No `event`, or `event` not a string.
    a.bad(r#"{"data": {"actual": 1}}"#, &["event"]);
    a.bad(r#"{"timestamp": {"seconds": 1700000000, "microseconds": 0}}"#, &["event"]);
    a.bad("{}", &["event"]);
    a.bad(r#"{"event": null, "data": {}}"#, &["event"]);
    a.bad(r#"{"event": 5}"#, &["event", "string"]);
    a.bad(r#"{"event": {"name": "STOP"}}"#, &["event", "string"]);
    a.bad(r#"{"event": ["STOP"]}"#, &["event", "string"]);
    // A bad `timestamp`.
    a.bad(r#"{"event": "STOP", "timestamp": "2026-11-24T03:15:00"}"#, &["timestamp"]);
    a.bad(r#"{"event": "STOP", "timestamp": 1700000000}"#, &["timestamp"]);
    a.bad(r#"{"event": "STOP", "timestamp": {"seconds": 1700000000}}"#, &["timestamp"]);
    a.bad(r#"{"event": "STOP", "timestamp": {"microseconds": 1}}"#, &["timestamp"]);
    a.bad(r#"{"event": "STOP", "timestamp": {"seconds": "1700000000", "microseconds": 0}}"#, &["timestamp"]);
    a.bad(r#"{"event": "STOP", "timestamp": {"seconds": 1700000000.5, "microseconds": 0}}"#, &["timestamp"]);
    a.bad(r#"{"event": "STOP", "timestamp": {"seconds": 1700000000, "microseconds": 0.5}}"#, &["timestamp"]);
    a.bad(r#"{"event": "X_VENDOR_EVENT", "timestamp": [1700000000, 0]}"#, &["timestamp"]);
    // `data` not an object, for known and unknown events.
    a.bad(r#"{"event": "STOP", "data": "x"}"#, &["data", "object"]);
    a.bad(r#"{"event": "BALLOON_CHANGE", "data": [1]}"#, &["data", "object"]);
    a.bad(r#"{"event": "SHUTDOWN", "data": 5}"#, &["data", "object"]);
    a.bad(r#"{"event": "X_VENDOR_EVENT", "data": "x"}"#, &["data", "object"]);
    a.bad(r#"{"event": "X_VENDOR_EVENT", "data": [1, 2]}"#, &["data", "object"]);
    a.bad(r#"{"event": "X_VENDOR_EVENT", "data": 5}"#, &["data", "object"]);
    a.bad(r#"{"event": "X_VENDOR_EVENT", "data": true}"#, &["data", "object"]);
    // A known event's member of the wrong JSON type for its place.
    a.bad(
        r#"{"event": "QUORUM_FAILURE", "data": {"reference": "r", "sector-num": "12", "sectors-count": 1}}"#,
        &["sector-num"],
    );
    a.bad(
        r#"{"event": "QUORUM_FAILURE", "data": {"reference": 7, "sector-num": 12, "sectors-count": 1}}"#,
        &["reference"],
    );
    a.bad(r#"{"event": "BALLOON_CHANGE", "data": {"actual": 1.5}}"#, &["actual"]);
    a.bad(r#"{"event": "SHUTDOWN", "data": {"guest": 1, "reason": "host-qmp-quit"}}"#, &["guest"]);
    a.bad(r#"{"event": "SPICE_CONNECTED", "data": {"server": "x", "client": {"host": "h", "port": "1", "family": "ipv4"}}}"#, &["server"]);
    a.bad(
        r#"{"event": "SPICE_CONNECTED", "data": {"server": {"host": {}, "port": "5900", "family": "ipv4"}}}"#,
        &["server.host"],
    );
    a.bad(
        r#"{"event": "SPICE_CONNECTED", "data": {"server": {"host": "h", "port": 5900, "family": "ipv4"}}}"#,
        &["server.port"],
    );
    a.bad(r#"{"event": "DEVICE_DELETED", "data": {"device": ["d"], "path": "/p"}}"#, &["device"]);
    a.bad(r#"{"event": "ACPI_DEVICE_OST", "data": {"info": {"slot": {"n": 1}, "slot-type": "DIMM", "source": 1, "status": 0}}}"#, &["info.slot"]);
    a.bad(r#"{"event": "GUEST_PANICKED", "data": {"action": "pause", "info": 5}}"#, &["info"]);
    a.bad(
        r#"{"event": "GUEST_PANICKED", "data": {"action": "pause", "info": {"type": "hyper-v", "arg1": "0x1"}}}"#,
        &["info.arg1"],
    );
    a.bad(r#"{"event": "NETDEV_STREAM_CONNECTED", "data": {"netdev-id": "n", "addr": {"type": "inet", "host": "h", "port": 22}}}"#, &["addr.port"]);
    a.bad(r#"{"event": "VNC_CONNECTED", "data": {"server": {"host": "h", "service": "5900", "family": "ipv4", "websocket": "no"}}}"#, &["server.websocket"]);
    // An integer its column cannot hold.
    a.bad(r#"{"event": "QUORUM_FAILURE", "data": {"reference": "r", "sector-num": 9223372036854775808, "sectors-count": 1}}"#, &["sector-num"]);
    a.bad(r#"{"event": "QUORUM_FAILURE", "data": {"reference": "r", "sector-num": 1, "sectors-count": 18446744073709551615}}"#, &["sectors-count"]);
    a.bad(
        r#"{"event": "QUORUM_FAILURE", "data": {"reference": "r", "sector-num": -9223372036854775809}}"#,
        &["out of range"],
    );
    a.bad(r#"{"event": "BLOCK_WRITE_THRESHOLD", "data": {"node-name": "n", "amount-exceeded": 18446744073709551616, "write-threshold": 1}}"#, &["out of range"]);
    // Longer than --max-line-bytes: exactly one byte too long, a bit longer, and > 64 KiB.
    let pad = |len: usize| {
        let head = r#"{"event": "DEVICE_DELETED", "data": {"device": ""#;
        let tail = r#""}}"#;
        format!("{head}{}{tail}", "d".repeat(len - head.len() - tail.len()))
    };
    // (With LF: the boundary is about the line's bytes, and a `\r` would be one of them.)
    a.add(Kind::Typed("device_deleted"), pad(MAX_LINE));
    a.lines.last_mut().unwrap().crlf = false;
    a.add(Kind::Bad(&["max-line-bytes"]), pad(MAX_LINE + 1));
    a.lines.last_mut().unwrap().crlf = false;
    a.bad(pad(MAX_LINE * 3), &["max-line-bytes"]);
    a.bad(pad(100 * 1024), &["max-line-bytes"]);
    a.add(Kind::Typed("stop"), r#"{"event": "STOP"}"#);
    a
}

#[test]
fn every_class_of_bad_line_is_rejected_once_byte_for_byte_amid_good_lines() {
    let mut archive = every_class_of_bad_line();
    let bytes = archive.bytes();
    let dir = Dir::new();
    let path = dir.write("vm-bad.jsonl", &bytes);
    let max = MAX_LINE.to_string();
    let run = dir.run(&[path.to_str().unwrap(), "--max-line-bytes", &max, "--json"]);
    assert_eq!(run.code, 3, "{run:?}");

    let bad: Vec<&Line> = archive.lines.iter().filter(|l| matches!(l.kind, Kind::Bad(_))).collect();
    let got = rejects(&dir);
    let got_lines: Vec<u64> = got.iter().map(|r| r.0).collect();
    let want_lines: Vec<u64> = bad.iter().map(|l| l.number).collect();
    assert_eq!(got_lines, want_lines, "rejected line numbers");
    for (line, (number, offset, reason, raw)) in bad.iter().zip(&got) {
        let Kind::Bad(needles) = line.kind else { unreachable!() };
        let shown = String::from_utf8_lossy(&line.text[..line.text.len().min(120)]);
        assert_eq!(*offset, line.offset, "byte_offset of line {number}: {shown}");
        let want_raw = line.raw();
        // The whole line, or its first 64 KiB when it is longer than --max-line-bytes.
        let keep = if want_raw.len() > MAX_LINE { want_raw.len().min(64 * 1024) } else { want_raw.len() };
        assert!(raw[..] == want_raw[..keep], "raw of line {number} ({} bytes, want {keep}): {shown}", raw.len());
        for needle in needles {
            assert!(reason.contains(needle), "reason of line {number} {reason:?} does not name {needle:?}: {shown}");
        }
    }
    // The line longer than 64 KiB keeps exactly its first 64 KiB.
    assert!(got.iter().any(|r| r.3.len() == 64 * 1024));

    // The good lines all landed where they belong.
    let conn = dir.conn();
    for line in &archive.lines {
        let sql = match line.kind {
            Kind::Typed(table) => format!("SELECT count(*) FROM {table} WHERE line = ?1"),
            Kind::Unknown => "SELECT count(*) FROM unknown_events WHERE line = ?1".to_string(),
            _ => continue,
        };
        let n: i64 = conn.query_row(&sql, [line.number as i64], |r| r.get(0)).unwrap();
        assert_eq!(n, 1, "good line {} is missing: {sql}", line.number);
    }
    let typed = archive.count(|k| matches!(k, Kind::Typed(_)));
    let unknown = archive.count(|k| matches!(k, Kind::Unknown));
    assert_eq!(dir.total_rows(), typed + unknown + bad.len(), "every line in exactly one table");
    let summary = run.json();
    assert_eq!(summary["lines"], json!(archive.lines.len()));
    assert_eq!(summary["typed"], json!(typed));
    assert_eq!(summary["unknown"], json!(unknown));
    assert_eq!(summary["rejects"], json!(bad.len()));
    assert_eq!(dir.count("SELECT rejects FROM files"), bad.len() as i64, "files.rejects");
}

#[test]
fn the_summary_on_stderr_lists_rejects_as_path_line_reason_and_offset() {
    let mut archive = every_class_of_bad_line();
    let bytes = archive.bytes();
    let dir = Dir::new();
    let path = dir.write("vm-bad.jsonl", &bytes);
    let path = path.to_str().unwrap();
    let max = MAX_LINE.to_string();
    let run = dir.run(&[path, "--max-line-bytes", &max]);
    assert_eq!(run.code, 3, "{run:?}");
    let listed: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with(&format!("{path}:"))).collect();
    assert!(!listed.is_empty(), "no rejects listed: {}", run.stderr);
    let rows = rejects(&dir);
    for (text, (line, offset, reason, _)) in listed.iter().zip(&rows) {
        assert_eq!(*text, format!("{path}:{line}: {reason} (the line starts at byte {offset} of the file)"));
    }
}

#[test]
fn the_same_lines_through_stdin_give_the_same_rejects() {
    // A line longer than 64 KiB first: the streaming reader meets it before any newline.
    let mut archive = every_class_of_bad_line();
    let long = archive.lines.iter().position(|l| l.text.len() > 64 * 1024).unwrap();
    let line = archive.lines.remove(long);
    archive.lines.insert(0, line);
    let bytes = archive.bytes();
    let max = MAX_LINE.to_string();

    let by_file = Dir::new();
    by_file.write("vm.jsonl", &bytes);
    let run = by_file.run(&["vm.jsonl", "--max-line-bytes", &max, "--quiet"]);
    assert_eq!(run.code, 3, "{run:?}");

    let by_stdin = Dir::new();
    let run = by_stdin.run_stdin(&["-", "--max-line-bytes", &max, "--quiet"], &bytes);
    assert_eq!(run.code, 3, "{run:?}");

    let first = rejects(&by_stdin);
    assert_eq!(first[0].0, 1);
    assert_eq!(first[0].1, 0);
    assert_eq!(first[0].3.len(), 64 * 1024, "first 64 KiB kept");
    assert_eq!(first[0].3[..], bytes[..64 * 1024]);
    assert_eq!(rejects(&by_file), first);
    assert_eq!(by_file.dump(), by_stdin.dump());
}

#[test]
fn non_event_and_blank_lines_are_counted_but_stored_nowhere() {
    let mut a = Archive::default();
    a.add(
        Kind::NonEvent,
        r#"{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 10}, "package": ""}, "capabilities": ["oob"]}}"#,
    );
    a.add(Kind::NonEvent, r#"{"return": {}}"#);
    a.add(Kind::Typed("stop"), r#"{"timestamp": {"seconds": 1700000000, "microseconds": 1}, "event": "STOP"}"#);
    a.add(Kind::Blank, "");
    a.add(Kind::Blank, "");
    a.add(Kind::NonEvent, r#"{"return": {"status": "running", "running": true}, "id": "libvirt-1"}"#);
    a.add(Kind::NonEvent, r#"{"error": {"class": "GenericError", "desc": "Device 'x' not found"}, "id": 2}"#);
    a.add(Kind::Blank, "   \t ");
    a.add(Kind::Typed("resume"), r#"{"timestamp": {"seconds": 1700000001, "microseconds": 2}, "event": "RESUME"}"#);
    a.add(Kind::Unknown, r#"{"timestamp": {"seconds": 1700000002, "microseconds": 3}, "event": "X_VENDOR_EVENT"}"#);
    let bytes = a.bytes();
    let dir = Dir::new();
    dir.write("vm.jsonl", &bytes);
    let run = dir.run(&["vm.jsonl", "--json", "--quiet"]);
    assert_eq!(run.code, 0, "{run:?}");
    let s = run.json();
    let file = &s["files"][0];
    for (key, n) in
        [("lines", a.lines.len()), ("typed", 2), ("unknown", 1), ("rejects", 0), ("non_event", 4), ("blank", 3)]
    {
        assert_eq!(s[key], json!(n), "summary {key}: {s}");
        assert_eq!(file[key], json!(n), "files[0].{key}: {s}");
    }
    assert_eq!(s["pending"], json!(0));
    assert_eq!(
        dir.rows("SELECT lines, typed, unknown, rejects, non_event, blank, pending FROM files"),
        vec![vec!["10", "2", "1", "0", "4", "3", "0"]]
    );
    assert_eq!(dir.total_rows(), 3, "only the events are stored: {:?}", dir.dump());
    assert_eq!(dir.count("SELECT line FROM stop"), 3);
    assert_eq!(dir.count("SELECT line FROM resume"), 9);
    assert_eq!(dir.count("SELECT line FROM unknown_events"), 10);
}

#[test]
fn a_file_of_only_good_lines_exits_0() {
    let mut a = Archive::default();
    for i in 0..20 {
        match i % 4 {
            0 => a.add(Kind::Typed("stop"), qemu_line(1_700_000_000 + i, 0, "STOP", None).trim_end()),
            1 => a.add(
                Kind::Typed("balloon_change"),
                qemu_line(1_700_000_000 + i, 7, "BALLOON_CHANGE", Some(r#"{"actual": 1073741824}"#)).trim_end(),
            ),
            2 => a.add(
                Kind::Unknown,
                qemu_line(1_700_000_000 + i, 9, "X_NEW_EVENT", Some(r#"{"a": [1, {"b": null}]}"#)).trim_end(),
            ),
            _ => a.add(Kind::Blank, ""),
        }
    }
    let bytes = a.bytes();
    let dir = Dir::new();
    dir.write("vm.jsonl", &bytes);
    let run = dir.run(&["vm.jsonl", "--json", "--quiet"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()["rejects"], json!(0));
    assert_eq!(dir.count("SELECT count(*) FROM rejects"), 0);
    assert_eq!(dir.total_rows(), 15);
}

#[test]
fn an_unfinished_final_line_is_pending_not_rejected() {
    let dir = Dir::new();
    let good = qemu_line(1_700_000_000, 0, "STOP", None);
    dir.write("vm.jsonl", format!("{good}{{\"timestamp\": {{\"seconds\": 17"));
    let run = dir.run(&["vm.jsonl", "--json", "--quiet"]);
    assert_eq!(run.code, 0, "{run:?}");
    let s = run.json();
    assert_eq!((s["lines"].clone(), s["pending"].clone(), s["rejects"].clone()), (json!(1), json!(1), json!(0)), "{s}");
    assert_eq!(dir.count("SELECT count(*) FROM rejects"), 0);
    assert_eq!(dir.count("SELECT count(*) FROM stop"), 1);
}

#[test]
fn valid_json_that_breaks_no_rule_is_not_rejected() {
    // Things strict JSON allows and the rules do not forbid.
    let lines = [
        // uint64/size columns hold -2^63 ..= 2^64-1.
        r#"{"event": "BLOCK_WRITE_THRESHOLD", "data": {"node-name": "n", "amount-exceeded": -9223372036854775808, "write-threshold": 18446744073709551615}}"#,
        r#"{"event": "BLOCK_WRITE_THRESHOLD", "data": {"node-name": "n", "amount-exceeded": -1, "write-threshold": 0}}"#,
        // INTEGER columns hold -2^63 ..= 2^63-1; -0 is an integer.
        r#"{"event": "QUORUM_FAILURE", "data": {"reference": "r", "sector-num": -9223372036854775808, "sectors-count": 9223372036854775807}}"#,
        r#"{"event": "BALLOON_CHANGE", "data": {"actual": -0}}"#,
        // Escapes, NUL included, and whitespace JSON allows between tokens.
        "{ \"event\" :\t\"DEVICE_DELETED\" , \"data\" : { \"device\" : \"\\u0000\\b\\f\\r\\\"\" } }",
        // Exponents and fractions in members the catalog does not know, and in unknown events.
        r#"{"event": "STOP", "data": {"x-new": [1E2, -0.0, 2.5e-3, 0]}}"#,
        r#"{"event": "X_VENDOR_EVENT", "data": {"f": 1e-7, "g": -1.5E+10}}"#,
        // A null data, null timestamp, null members: absent.
        r#"{"event": "STOP", "data": null, "timestamp": null}"#,
    ];
    let dir = Dir::new();
    dir.write("vm.jsonl", lines.map(|l| format!("{l}\r\n")).concat());
    let run = dir.run(&["vm.jsonl", "--json", "--quiet"]);
    assert_eq!(dir.rows("SELECT line, reason FROM rejects"), Vec::<Vec<String>>::new());
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        dir.rows("SELECT line, typeof(amount_exceeded), amount_exceeded, typeof(write_threshold), write_threshold FROM block_write_threshold ORDER BY line"),
        vec![
            vec!["1", "integer", "-9223372036854775808", "text", "18446744073709551615"],
            vec!["2", "integer", "-1", "integer", "0"],
        ]
    );
    assert_eq!(
        dir.rows("SELECT sector_num, sectors_count FROM quorum_failure"),
        vec![vec!["-9223372036854775808", "9223372036854775807"]]
    );
    assert_eq!(dir.rows("SELECT actual FROM balloon_change"), vec![vec!["0"]]);
    let device: String = dir.conn().query_row("SELECT device FROM device_deleted", [], |r| r.get(0)).unwrap();
    assert_eq!(device, "\u{0}\u{8}\u{c}\r\"");
}

#[test]
fn big_integers_outside_typed_columns_are_kept() {
    // RFC 8259 numbers have no size limit; the rules only limit the integers a *column* holds.
    // Newer QEMU or a vendor patch may send one in a member or event the catalog does not know.
    let lines = [
        r#"{"event": "STOP", "data": {"x-new": 100000000000000000000}}"#,
        r#"{"event": "X_VENDOR_EVENT", "data": {"n": -100000000000000000000}}"#,
    ];
    let dir = Dir::new();
    dir.write("vm.jsonl", lines.map(|l| format!("{l}\n")).concat());
    let run = dir.run(&["vm.jsonl", "--quiet"]);
    assert_eq!(dir.rows("SELECT line, reason FROM rejects"), Vec::<Vec<String>>::new());
    assert_eq!(run.code, 0, "{run:?}");
    let extra: String = dir.conn().query_row("SELECT extra FROM stop", [], |r| r.get(0)).unwrap();
    let extra: serde_json::Value = serde_json::from_str(&extra).unwrap();
    assert_eq!(extra["x-new"].as_f64(), Some(1e20), "{extra}");
    let data: String = dir.conn().query_row("SELECT data FROM unknown_events", [], |r| r.get(0)).unwrap();
    let data: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(data["n"].as_f64(), Some(-1e20), "{data}");
}

#[test]
fn overlong_lines_read_from_a_stream_keep_their_first_64_kib_wherever_they_fall() {
    // Standard input (like .gz and .zst) is read as a stream, in chunks of a few MiB: lines
    // longer than the limit around the first chunk's end must keep the same bytes as anywhere.
    let max = 300;
    let mut bytes = Vec::new();
    let filler = format!("{{\"return\": {{}}}}{}\n", " ".repeat(250));
    while bytes.len() < (4 << 20) - 100 * 1024 {
        bytes.extend_from_slice(filler.as_bytes());
    }
    let mut long = Vec::new();
    let lengths = [1000usize, 5000, 20_000, 70_000, 301, 2500, 333, 9000];
    let mut i = 0;
    while bytes.len() < (5 << 20) + 300 * 1024 {
        let len = lengths[i % lengths.len()];
        i += 1;
        let head = format!(r#"{{"event": "DEVICE_DELETED", "data": {{"device": "{i}-"#);
        let tail = r#""}}"#;
        let line = format!("{head}{}{tail}", "d".repeat(len - head.len() - tail.len()));
        long.push((bytes.len() as u64, line.clone()));
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
    }
    bytes.extend_from_slice(b"{\"event\": \"STOP\"}\n");

    let dir = Dir::new();
    let run = dir.run_stdin(&["-", "--max-line-bytes", &max.to_string(), "--quiet"], &bytes);
    assert_eq!(run.code, 3, "{run:?}");
    let got = rejects(&dir);
    assert_eq!(got.len(), long.len(), "one reject per overlong line");
    let filler_lines = bytes.iter().take(long[0].0 as usize).filter(|&&b| b == b'\n').count() as u64;
    for (k, ((line, offset, reason, raw), (want_offset, text))) in got.iter().zip(&long).enumerate() {
        assert_eq!(*line, filler_lines + k as u64 + 1);
        assert_eq!(offset, want_offset, "byte_offset of line {line}");
        assert!(reason.contains("max-line-bytes"), "{reason}");
        let keep = text.len().min(64 * 1024);
        assert!(
            raw[..] == text.as_bytes()[..keep],
            "line {line} at byte {offset} ({} bytes long): raw has {} bytes, want its first {keep}",
            text.len(),
            raw.len()
        );
    }
    assert_eq!(dir.count("SELECT count(*) FROM stop"), 1);
}

/// Imports `lines` (LF) and returns each one's reject reason, in order; every line must be rejected.
fn reasons_of(lines: &[Vec<u8>]) -> Vec<String> {
    let dir = Dir::new();
    let bytes: Vec<u8> = lines.iter().flat_map(|l| l.iter().copied().chain([b'\n'])).collect();
    dir.write("vm.jsonl", bytes);
    let run = dir.run(&["vm.jsonl", "--quiet"]);
    assert_eq!(run.code, 3, "{run:?}");
    let got = rejects(&dir);
    assert_eq!(got.iter().map(|r| r.0).collect::<Vec<_>>(), (1..=lines.len() as u64).collect::<Vec<_>>());
    got.into_iter().map(|r| r.2).collect()
}

/// The byte number in a reason like "invalid JSON at byte 47: expected value".
fn byte_in(reason: &str) -> Option<usize> {
    let rest = &reason[reason.find("at byte ")? + "at byte ".len()..];
    rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// Checks that each line's reason says it goes wrong at (or just around) the marked token.
fn check_positions(cases: &[(&[u8], &[u8])]) {
    let lines: Vec<Vec<u8>> = cases.iter().map(|(line, _)| line.to_vec()).collect();
    for ((line, token), reason) in cases.iter().zip(reasons_of(&lines)) {
        let at = line.windows(token.len()).position(|w| w == *token).expect("token in line");
        let shown = String::from_utf8_lossy(line);
        let byte = byte_in(&reason).unwrap_or_else(|| panic!("{reason:?} does not say where in {shown}"));
        assert!(
            byte + 1 >= at && byte <= at + token.len(),
            "{reason:?}: the problem in {shown} is at bytes {at}..{}",
            at + token.len()
        );
    }
}

#[test]
fn json_errors_say_at_which_byte_the_line_goes_wrong() {
    // (line, the bytes where it goes wrong)
    check_positions(&[
        (b"{\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": \"\xff\"}}", b"\xff"),
        (b"{\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": \"ab\xc3\"}}", b"\xc3"),
        (br#"{"event": "BALLOON_CHANGE", "data": {"actual": NaN}}"#, b"NaN"),
        (br#"{"event": "BALLOON_CHANGE", "data": {"actual": 1,}}"#, b",}"),
        (b"{\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": \"a\x01b\"}}", b"\x01"),
        (br#"{"event": "STOP"} {"event": "STOP"}"#, b" {"),
        (br#"{"event": "STOP", "x": 1} x"#, b" x"),
        (br#"{"event": "X_VENDOR_EVENT", "data": {"a": "\q"}}"#, br"\q"),
        (br#"{"event": "X_VENDOR_EVENT", "data": {"a": 01}}"#, b"01"),
        (br#"{"event": "X_VENDOR_EVENT", "data": {"a": tru}}"#, b"tru}"),
    ]);
}

#[test]
fn lone_surrogates_are_reported_where_they_are() {
    check_positions(&[
        (br#"{"event": "DEVICE_DELETED", "data": {"device": "\ud800"}}"#, br"\ud800"),
        (br#"{"event": "DEVICE_DELETED", "data": {"device": "x\udc00y"}}"#, br"\udc00"),
    ]);
}

#[test]
fn a_byte_order_mark_is_ignored_at_the_start_of_a_file_only() {
    let dir = Dir::new();
    let line = qemu_line(1, 2, "STOP", None);
    dir.write("vm-a.jsonl", format!("\u{feff}{line}\u{feff}{line}"));
    let run = dir.run(&["vm-a.jsonl"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(dir.rows("SELECT line FROM stop"), vec![vec!["1"]]);
    assert_eq!(dir.rows("SELECT line FROM rejects"), vec![vec!["2"]]);
}

#[test]
fn a_line_longer_than_a_read_chunk_is_cut_short_from_a_map_and_from_a_stream() {
    let long = format!("{{\"event\": \"X_BIG\", \"data\": {{\"a\": \"{}\"}}}}", "y".repeat(6 << 20));
    let before = qemu_line(1, 0, "STOP", None);
    let after = qemu_line(2, 0, "RESUME", None);
    let file = format!("{before}{long}\r\n{after}");
    for stdin in [false, true] {
        let dir = Dir::new();
        let run = if stdin {
            dir.run_stdin(&["-", "--max-line-bytes", "1000"], file.as_bytes())
        } else {
            dir.write("vm-a.jsonl", &file);
            dir.run(&["vm-a.jsonl", "--max-line-bytes", "1000"])
        };
        assert_eq!(run.code, 3, "{}", run.stderr);
        let rows = dir.rows("SELECT line, byte_offset, length(raw), reason FROM rejects");
        assert_eq!(rows.len(), 1, "stdin={stdin}");
        assert_eq!(rows[0][..3], [String::from("2"), before.len().to_string(), (64 * 1024).to_string()]);
        assert!(rows[0][3].contains(&format!("line is {} bytes", long.len() + 1)), "{}", rows[0][3]);
        assert_eq!(dir.rows("SELECT line FROM stop UNION ALL SELECT line FROM resume"), vec![vec!["1"], vec!["3"]]);
    }
}
