//! The tool never panics on input. Arbitrary bytes and mutated QMP lines go through the parser
//! (every outcome is one of `Outcome`'s variants, and consistent with the line), and whole files
//! of them go through the binary: it exits 0 or 3, never crashes, and every line is accounted
//! for exactly once — in the `--json` summary, in the `files` registry and in the tables.

mod util;
use util::*;

use proptest::prelude::*;
use proptest::sample::Index;
use qmp_ingest::catalog::{EVENTS, Kind};
use qmp_ingest::parse::{Outcome, Parser};
use qmp_ingest::records::{Rows, Value};

/// Valid lines of many shapes, the material the mutations work on.
const SEEDS: &[&str] = &[
    r#"{"timestamp": {"seconds": 1700000000, "microseconds": 123456}, "event": "STOP"}"#,
    r#"{"timestamp": {"seconds": 1344522075, "microseconds": 745528}, "event": "QUORUM_FAILURE", "data": {"reference": "usr1", "sector-num": 345435, "sectors-count": 5}}"#,
    r#"{"event": "SPICE_CONNECTED", "data": {"server": {"port": "5900", "family": "ipv4", "host": "127.0.0.1"}, "client": {"port": "52873", "family": "ipv4", "host": "127.0.0.1"}}, "timestamp": {"seconds": 1290688046, "microseconds": 388707}}"#,
    r#"{"event": "GUEST_PANICKED", "data": {"action": "pause", "info": {"type": "hyper-v", "arg1": 18446744073709551615, "arg2": 9223372036854775808, "arg3": 0, "arg4": 1, "arg5": 2}}}"#,
    r#"{"event": "NETDEV_STREAM_CONNECTED", "data": {"netdev-id": "netdev0", "addr": {"type": "unix", "path": "/tmp/s\u00e9", "abstract": false}}}"#,
    r#"{"event": "COMMAND_DROPPED", "data": {"id": {"a": [1, "x", null, true, {"b": -2.5}]}, "reason": "queue-full"}}"#,
    r#"{ "event": "ACPI_DEVICE_OST", "data": { "device": "d1", "slot": "0", "slot-type": "DIMM", "source": 1, "status": 0 } }"#,
    r#"{"event": "X_VENDOR_EVENT", "data": {"k": "v\"\\\/\n\ud83d\ude00", "n": [1, 2, 3]}, "timestamp": {"seconds": 1, "microseconds": 2}}"#,
    r#"{"event": "BALLOON_CHANGE", "data": {"actual": 944766976, "x-new": {"deep": [1]}}, "x-top": 5}"#,
    r#"{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 10}, "package": ""}, "capabilities": ["oob"]}}"#,
    r#"{"return": {}}"#,
    r#"{"error": {"class": "GenericError", "desc": "x"}}"#,
    r#"{"event": "VNC_DISCONNECTED", "data": {"server": {"auth": "sasl", "family": "ipv4", "service": "5901", "host": "0.0.0.0", "websocket": false}, "client": {"family": "ipv4", "service": "58425", "host": "127.0.0.1", "sasl_username": "u", "x509_dname": "CN=x", "websocket": false}}}"#,
];

/// Members spliced in after a line's first `{`, making duplicate keys and odd types.
const DUPLICATES: &[&str] = &[
    r#""event": "RESUME", "#,
    r#""event": 5, "#,
    r#""event": null, "#,
    r#""data": {"actual": "x"}, "#,
    r#""data": null, "#,
    r#""data": [1], "#,
    r#""timestamp": {"seconds": 1, "microseconds": 2}, "#,
    r#""timestamp": {"seconds": "1"}, "#,
    r#""QMP": {}, "#,
];

/// How many cases a property test runs: at most `most`, fewer when `PROPTEST_CASES` says so.
/// (Inside `proptest!` the environment can still raise it; that is fine for the cheap parser tests.)
fn cases(most: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).map_or(most, |n: u32| n.clamp(1, most))
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(Index, u8),
    Insert(Index, u8),
    Delete(Index),
    Truncate(Index),
    Duplicate(Index),
    /// Wrap the data (or the whole line) in `depth` arrays or objects, maybe unterminated.
    Nest {
        depth: usize,
        objects: bool,
        close: bool,
        whole: bool,
    },
    /// Copy a random slice of the line into another place.
    Splice(Index, Index, Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<Index>(), 0u8..8).prop_map(|(i, bit)| Mutation::Flip(i, bit)),
        3 => (any::<Index>(), prop_oneof![any::<u8>(), proptest::sample::select(b"{}[]\":,\\ \r\t0-eE.nu\xff\x00".to_vec())]).prop_map(|(i, b)| Mutation::Insert(i, b)),
        3 => any::<Index>().prop_map(Mutation::Delete),
        2 => any::<Index>().prop_map(Mutation::Truncate),
        2 => any::<Index>().prop_map(Mutation::Duplicate),
        1 => (prop_oneof![1usize..40, Just(1023usize), Just(1024), Just(1025), Just(2000), Just(5000)], any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(depth, objects, close, whole)| Mutation::Nest { depth, objects, close, whole }),
        1 => (any::<Index>(), any::<Index>(), any::<Index>()).prop_map(|(a, b, c)| Mutation::Splice(a, b, c)),
    ]
}

fn nest(depth: usize, objects: bool, close: bool, inner: &[u8]) -> Vec<u8> {
    let (open, shut): (&[u8], &[u8]) = if objects { (b"{\"a\": ", b"}") } else { (b"[", b"]") };
    let mut out = open.repeat(depth);
    out.extend_from_slice(inner);
    if close {
        out.extend_from_slice(&shut.repeat(depth));
    }
    out
}

fn apply(line: &mut Vec<u8>, m: &Mutation) {
    let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len) };
    match m {
        Mutation::Flip(i, bit) => {
            if !line.is_empty() {
                let i = at(i, line.len());
                line[i] ^= 1 << bit;
            }
        }
        Mutation::Insert(i, b) => {
            let i = at(i, line.len() + 1);
            line.insert(i, *b);
        }
        Mutation::Delete(i) => {
            if !line.is_empty() {
                let i = at(i, line.len());
                line.remove(i);
            }
        }
        Mutation::Truncate(i) => {
            let i = at(i, line.len() + 1);
            line.truncate(i);
        }
        Mutation::Duplicate(i) => {
            let snippet = DUPLICATES[i.index(DUPLICATES.len())].as_bytes();
            if let Some(p) = line.iter().position(|&b| b == b'{') {
                line.splice(p + 1..p + 1, snippet.iter().copied());
            }
        }
        Mutation::Nest { depth, objects, close, whole } => {
            if *whole {
                *line = nest(*depth, *objects, *close, line);
            } else {
                let inner = nest(*depth, *objects, *close, b"1");
                let mut out = br#"{"event": "X_VENDOR_EVENT", "data": {"deep": "#.to_vec();
                if line.len().is_multiple_of(2) {
                    out = br#"{"event": "COMMAND_DROPPED", "data": {"reason": "queue-full", "id": "#.to_vec();
                }
                out.extend_from_slice(&inner);
                out.extend_from_slice(b"}}");
                *line = out;
            }
        }
        Mutation::Splice(a, b, c) => {
            if !line.is_empty() {
                let (x, y) = (at(a, line.len()), at(b, line.len()));
                let piece = line[x.min(y)..x.max(y)].to_vec();
                let to = at(c, line.len() + 1);
                line.splice(to..to, piece);
            }
        }
    }
}

fn mutated_line() -> impl Strategy<Value = Vec<u8>> {
    (0..SEEDS.len(), proptest::collection::vec(mutation(), 0..4)).prop_map(|(seed, mutations)| {
        let mut line = SEEDS[seed].as_bytes().to_vec();
        for m in &mutations {
            apply(&mut line, m);
        }
        line
    })
}

/// Bytes biased toward JSON's alphabet, so the parser gets past the first byte often.
fn jsonish_bytes() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            2 => any::<u8>(),
            3 => proptest::sample::select(b"{}[]\":,\\ \t\r0123456789-+.eEtruefalsnl\"event\"data".to_vec()),
        ],
        0..400,
    )
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

fn json_object(text: &str, what: &str, line: &[u8]) {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        // serde_json stops at 128 levels; simd-json (the product's parser) goes deeper.
        Err(e) if e.to_string().contains("recursion limit") => {
            let mut bytes = text.as_bytes().to_vec();
            let value =
                simd_json::to_owned_value(&mut bytes).unwrap_or_else(|e| panic!("{what} is not JSON ({e}): {text}"));
            assert!(matches!(value, simd_json::OwnedValue::Object(_)), "{what} is not an object: {text}");
            return;
        }
        Err(e) => panic!("{what} is not JSON ({e}): {text} — line {:?}", String::from_utf8_lossy(line)),
    };
    assert!(value.is_object(), "{what} is not an object: {text}");
}

/// Parses `line` (no `\n` in it) and checks the outcome is consistent with the line.
fn parse_and_check(parser: &mut Parser, line: &[u8], max_line_bytes: usize) -> Outcome {
    let mut rows = Rows::default();
    let outcome = parser.parse_line(line, &mut rows);
    // Exhaustive on purpose: a new variant must be looked at here.
    match &outcome {
        Outcome::Typed { ts_us: _, row } => {
            assert!(std::str::from_utf8(line).is_ok(), "typed from invalid UTF-8");
            assert!(line.len() <= max_line_bytes);
            assert!(EVENTS.iter().any(|d| std::ptr::eq(d, row.def())));
            let values = rows.values(*row);
            assert_eq!(values.len(), row.def().columns.len() + 1);
            for (column, value) in row.def().columns.iter().zip(values) {
                if let (Kind::Json, Value::Text { .. }) = (column.kind, value) {
                    let text = rows.text(*value).expect("JSON columns hold UTF-8");
                    // simd-json: as deep as the line it came from (serde_json stops at 128 levels).
                    let valid = simd_json::to_borrowed_value(&mut text.as_bytes().to_vec()).is_ok();
                    assert!(valid, "{}: {text}", column.name);
                }
            }
            if let Some(extra) = rows.text(values[values.len() - 1]) {
                json_object(extra, "extra", line);
            }
        }
        Outcome::Unknown { ts_us: _, name, data, extra } => {
            assert!(std::str::from_utf8(line).is_ok(), "unknown event from invalid UTF-8");
            assert!(line.len() <= max_line_bytes);
            assert!(qmp_ingest::catalog::event_index(name).is_none(), "{name} is a catalog event");
            if let Some(data) = data {
                json_object(data, "data", line);
            }
            if let Some(extra) = extra {
                json_object(extra, "extra", line);
            }
        }
        Outcome::NonEvent => {
            assert!(std::str::from_utf8(line).is_ok(), "non-event from invalid UTF-8");
        }
        Outcome::Blank => {}
        Outcome::Rejected { reason } => {
            assert!(!reason.trim().is_empty(), "a reject without a reason");
        }
    }
    assert_eq!(matches!(outcome, Outcome::Blank), is_blank(line), "blank iff whitespace: {outcome:?}");
    if line.len() > max_line_bytes && !is_blank(line) {
        assert!(matches!(outcome, Outcome::Rejected { .. }), "overlong line accepted: {outcome:?}");
    }
    outcome
}

/// Every way to parse a line agrees: a reused parser, a fresh one, and with a `\r` appended.
fn check_line(line: &[u8]) {
    let line: Vec<u8> = line.iter().copied().filter(|&b| b != b'\n').collect();
    let mut reused = Parser::new(1 << 20);
    // Dirty the reused parser's buffers first.
    for seed in SEEDS {
        parse_and_check(&mut reused, seed.as_bytes(), 1 << 20);
    }
    let first = parse_and_check(&mut reused, &line, 1 << 20);
    let fresh = parse_and_check(&mut Parser::new(1 << 20), &line, 1 << 20);
    assert_eq!(first, fresh, "a reused parser differs from a fresh one");
    let mut crlf = line.clone();
    crlf.push(b'\r');
    let with_cr = parse_and_check(&mut reused, &crlf, 1 << 20);
    if !matches!(first, Outcome::Rejected { .. }) {
        assert_eq!(with_cr, first, "a trailing \\r changed the outcome");
    }
    parse_and_check(&mut Parser::new(64), &line, 64);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    #[test]
    fn parse_line_never_panics_on_arbitrary_bytes(line in proptest::collection::vec(any::<u8>(), 0..400)) {
        check_line(&line);
    }

    #[test]
    fn parse_line_never_panics_on_json_like_bytes(line in jsonish_bytes()) {
        check_line(&line);
    }

    #[test]
    fn parse_line_never_panics_on_mutated_qmp_lines(line in mutated_line()) {
        check_line(&line);
    }
}

#[test]
fn the_seeds_are_valid_and_parse_as_intended() {
    let mut parser = Parser::new(1 << 20);
    for seed in SEEDS {
        let outcome = parse_and_check(&mut parser, seed.as_bytes(), 1 << 20);
        assert!(
            matches!(outcome, Outcome::Typed { .. } | Outcome::Unknown { .. } | Outcome::NonEvent),
            "{seed}: {outcome:?}"
        );
    }
}

#[test]
fn deep_nesting_never_panics() {
    for depth in [100, 1000, 1023, 1024, 1025, 2000, 100_000] {
        for objects in [false, true] {
            for close in [true, false] {
                for whole in [false, true] {
                    let mut line = SEEDS[0].as_bytes().to_vec();
                    apply(&mut line, &Mutation::Nest { depth, objects, close, whole });
                    check_line(&line);
                    // And in a known event's `any` member and unknown member.
                    let mut line = SEEDS[1].as_bytes().to_vec();
                    apply(&mut line, &Mutation::Nest { depth, objects, close, whole });
                    check_line(&line);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Whole files through the binary.

/// The lines of `bytes` as `(offset, bytes without \n)`, the unterminated tail included.
fn split_lines(bytes: &[u8]) -> Vec<(usize, &[u8])> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            out.push((start, &bytes[start..i]));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push((start, &bytes[start..]));
    }
    out
}

fn n(v: &serde_json::Value, key: &str) -> i64 {
    v[key].as_i64().unwrap_or_else(|| panic!("{key} missing or not a number in {v}"))
}

/// Imports `bytes` as one file and checks that every line is accounted for exactly once.
fn import_and_account(bytes: &[u8], max_line_bytes: Option<usize>) {
    import_and_account_via(bytes, max_line_bytes, false);
}

/// Like [`import_and_account`], from a file or from standard input.
fn import_and_account_via(bytes: &[u8], max_line_bytes: Option<usize>, stdin: bool) {
    let dir = Dir::new();
    let max = max_line_bytes.map(|m| m.to_string());
    let mut args = vec!["--json", "--quiet"];
    if let Some(max) = &max {
        args.extend(["--max-line-bytes", max]);
    }
    let run = if stdin {
        args.push("-");
        dir.run_stdin(&args, bytes)
    } else {
        dir.write("fuzz.jsonl", bytes);
        args.push("fuzz.jsonl");
        dir.run(&args)
    };
    assert!(run.code == 0 || run.code == 3, "exit {} (a crash?): {}", run.code, run.stderr);
    let s = run.json();
    let (lines, typed, unknown, rejects, non_event, blank, pending) = (
        n(&s, "lines"),
        n(&s, "typed"),
        n(&s, "unknown"),
        n(&s, "rejects"),
        n(&s, "non_event"),
        n(&s, "blank"),
        n(&s, "pending"),
    );
    assert_eq!(lines, typed + unknown + rejects + non_event + blank, "summary does not add up: {s}");
    assert_eq!(run.code, if rejects > 0 { 3 } else { 0 }, "{s}");
    let split = split_lines(bytes);
    assert_eq!(lines + pending, split.len() as i64, "every line read or pending: {s}");
    assert!(pending <= 1);

    // The database holds exactly what the summary says, and every stored line is a distinct
    // line of the file.
    let conn = dir.conn();
    let lines_of = |table: &str| -> Vec<i64> {
        let mut stmt = conn.prepare(&format!("SELECT line FROM {table}")).unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut stored = |table: &str| -> i64 {
        let found = lines_of(table);
        for &line in &found {
            assert!(line >= 1 && line <= lines, "{table} has line {line} of {lines}");
            assert!(seen.insert(line), "line {line} stored twice (again in {table})");
        }
        found.len() as i64
    };
    let event_rows: i64 = EVENTS.iter().map(|d| stored(d.table)).sum();
    assert_eq!(event_rows, typed, "rows in event tables");
    assert_eq!(stored("unknown_events"), unknown, "rows in unknown_events");
    assert_eq!(stored("rejects"), rejects, "rows in rejects");
    let registry: Vec<i64> = conn
        .query_row("SELECT lines, typed, unknown, rejects, non_event, blank, pending FROM files", [], |r| {
            (0..7).map(|i| r.get(i)).collect()
        })
        .unwrap();
    assert_eq!(registry, [lines, typed, unknown, rejects, non_event, blank, pending], "files registry");
    assert_eq!(conn.query_row("SELECT count(*) FROM files", [], |r| r.get::<_, i64>(0)).unwrap(), 1);

    // Rejects are the file's lines, byte for byte, where they are.
    let mut stmt = conn.prepare("SELECT line, byte_offset, raw FROM rejects").unwrap();
    let got: Vec<(i64, i64, Vec<u8>)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap();
    let max = max_line_bytes.unwrap_or(16 << 20);
    for (line, offset, raw) in got {
        let (at, text) = split[line as usize - 1];
        assert_eq!(offset, at as i64, "byte_offset of rejected line {line}");
        // The whole line, or its first 64 KiB when it is longer than --max-line-bytes.
        let keep = if text.len() > max { text.len().min(64 * 1024) } else { text.len() };
        assert!(
            raw[..] == text[..keep],
            "raw of rejected line {line}: {} bytes, want {keep} of {}",
            raw.len(),
            text.len()
        );
    }
}

#[derive(Debug, Clone)]
enum FileLine {
    Seed(usize),
    Mutated(Vec<u8>),
    Bytes(Vec<u8>),
    Blank(usize),
}

fn file_line() -> impl Strategy<Value = FileLine> {
    prop_oneof![
        3 => (0..SEEDS.len()).prop_map(FileLine::Seed),
        4 => mutated_line().prop_map(FileLine::Mutated),
        2 => jsonish_bytes().prop_map(FileLine::Bytes),
        1 => proptest::collection::vec(any::<u8>(), 0..100).prop_map(FileLine::Bytes),
        1 => (0usize..4).prop_map(FileLine::Blank),
    ]
}

fn build_file(lines: &[(FileLine, bool)], final_newline: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (line, crlf)) in lines.iter().enumerate() {
        match line {
            FileLine::Seed(s) => out.extend_from_slice(SEEDS[*s].as_bytes()),
            FileLine::Mutated(b) | FileLine::Bytes(b) => out.extend_from_slice(b),
            FileLine::Blank(k) => out.extend_from_slice(&b" \t"[..(*k).min(2)]),
        }
        if *crlf {
            out.push(b'\r');
        }
        if i + 1 < lines.len() || final_newline {
            out.push(b'\n');
        }
    }
    out
}

#[test]
fn whole_files_exit_0_or_3_and_conserve_every_line() {
    // Each case runs the binary, so the count is fixed here (PROPTEST_CASES may only lower it):
    // the `proptest!` macro would let the environment raise it.
    let config = ProptestConfig { cases: cases(12), failure_persistence: None, ..ProptestConfig::default() };
    let files =
        (proptest::collection::vec((file_line(), any::<bool>()), 0..40), any::<bool>(), any::<bool>(), any::<bool>());
    proptest::test_runner::TestRunner::new(config)
        .run(&files, |(lines, final_newline, small_limit, stdin)| {
            let bytes = build_file(&lines, final_newline);
            import_and_account_via(&bytes, small_limit.then_some(200), stdin);
            Ok(())
        })
        .unwrap();
}

/// A deterministic stream of bytes (xorshift).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

#[test]
fn pathological_files_exit_0_or_3_and_conserve_every_line() {
    let deep = |depth: usize, close: bool| {
        let mut line = SEEDS[0].as_bytes().to_vec();
        apply(&mut line, &Mutation::Nest { depth, objects: false, close, whole: false });
        line
    };
    let mut mixed = Vec::new();
    for (i, seed) in SEEDS.iter().enumerate() {
        mixed.extend_from_slice(seed.as_bytes());
        mixed.extend_from_slice(if i % 2 == 0 { b"\r\n" } else { b"\n" });
        mixed.extend_from_slice(&noise(50, i as u64 + 1));
        mixed.push(b'\n');
    }
    let files: Vec<(&str, Vec<u8>, Option<usize>)> = vec![
        ("empty", Vec::new(), None),
        ("random bytes", noise(64 * 1024, 7), None),
        ("NUL bytes", vec![0; 10_000], None),
        ("NULs and newlines", b"\0\n".repeat(500), None),
        ("only CRLF", b"\r\n".repeat(1000), None),
        ("only CR", b"\r".repeat(1000), None),
        ("0xff lines", b"\xff\xfe\n".repeat(100), None),
        (
            "deep nesting",
            [deep(2000, true), b"\n".to_vec(), deep(2000, false), b"\n".to_vec(), deep(100_000, true), b"\n".to_vec()]
                .concat(),
            None,
        ),
        ("seeds and noise", mixed.clone(), None),
        ("seeds and noise, small limit", mixed, Some(100)),
        (
            "one long garbage line without newline",
            noise(2 << 20, 3).into_iter().map(|b| if b == b'\n' { b'x' } else { b }).collect(),
            None,
        ),
        (
            "long lines, small limit",
            [
                b"x".repeat(70_000),
                b"\n".to_vec(),
                SEEDS[0].as_bytes().repeat(1000),
                b"\r\n".to_vec(),
                SEEDS[0].as_bytes().to_vec(),
            ]
            .concat(),
            Some(1000),
        ),
    ];
    for (what, bytes, max) in files {
        eprintln!("{what}");
        import_and_account(&bytes, max);
    }
}

#[test]
fn files_larger_than_a_read_chunk_conserve_every_line_from_a_file_and_from_stdin() {
    // Several MiB: the reader hands the parser more than one chunk, each cut in parallel pieces.
    let filler = format!("{{\"return\": {{}}, \"pad\": \"{}\"}}", "p".repeat(200));
    let mut bytes = Vec::new();
    let mut i = 0u64;
    while bytes.len() < (9 << 20) / 2 {
        i += 1;
        let line: Vec<u8> = match i % 50 {
            0 => SEEDS[(i / 50) as usize % SEEDS.len()].as_bytes().to_vec(),
            7 => noise(40, i),
            13 => format!(r#"{{"event": "QUORUM_FAILURE", "data": {{"sector-num": "{i}"}}}}"#).into_bytes(),
            29 => Vec::new(),
            _ => filler.clone().into_bytes(),
        };
        bytes.extend_from_slice(&line);
        bytes.extend_from_slice(if i.is_multiple_of(3) { b"\r\n" } else { b"\n" });
    }
    import_and_account_via(&bytes, None, false);
    import_and_account_via(&bytes, None, true);
}
