//! Property test of the nightly-import file-state logic against a simple model (after Vector's
//! file-source tests): random sequences of appends, partial last lines, rotations (rename,
//! rename + gzip, copy + truncate) and imports. After every import the database must hold every
//! complete event line written so far exactly once — nothing lost, nothing doubled.

mod util;

use proptest::prelude::*;
use std::io::Write;
use util::*;

#[derive(Debug, Clone)]
enum Op {
    /// Append `n` complete lines.
    Append(u8),
    /// Append the first bytes of a line (not yet valid JSON), no newline.
    StartPartial,
    /// Finish the partial line and its newline.
    FinishPartial,
    /// Append a complete event with no newline yet.
    AppendUnterminated,
    /// Append the newline of the unterminated event.
    Newline,
    /// logrotate: rename to `vm-a.jsonl.K`, start a new empty file.
    Rotate,
    /// logrotate with compress: rename and gzip to `vm-a.jsonl.K.gz`.
    RotateGzip,
    /// logrotate copytruncate: copy to `vm-a.jsonl.K`, truncate the original.
    CopyTruncate,
    /// Run qmp-ingest over the directory.
    Import,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1u8..20).prop_map(Op::Append),
        1 => Just(Op::StartPartial),
        1 => Just(Op::FinishPartial),
        1 => Just(Op::AppendUnterminated),
        1 => Just(Op::Newline),
        1 => Just(Op::Rotate),
        1 => Just(Op::RotateGzip),
        1 => Just(Op::CopyTruncate),
        3 => Just(Op::Import),
    ]
}

/// The model: which event counters must be in the database.
#[derive(Default)]
struct Model {
    next: u64,
    complete: Vec<u64>,
    /// A partial line in the live file: its counter and the bytes still to write.
    partial: Option<(u64, String)>,
    /// The live file ends in a complete event without its newline.
    unterminated: bool,
    rotations: u32,
    /// Partial lines sealed in a compressed file, which cannot grow: each is rejected as
    /// truncated. How many in all, and how many since the last import.
    truncated: i64,
    new_truncated: i64,
}

fn line(counter: u64) -> String {
    format!(
        "{{\"timestamp\": {{\"seconds\": {}, \"microseconds\": 0}}, \"event\": \"BALLOON_CHANGE\", \"data\": {{\"actual\": {counter}}}}}",
        1_764_000_000 + counter
    )
}

const LIVE: &str = "logs/vm-a.jsonl";

fn apply(dir: &Dir, model: &mut Model, op: &Op) -> Result<(), TestCaseError> {
    // Appending after an open line first closes it, as a writer would.
    let close_open_line = |dir: &Dir, model: &mut Model| {
        if let Some((counter, rest)) = model.partial.take() {
            dir.append(LIVE, format!("{rest}\r\n"));
            model.complete.push(counter);
        }
        if model.unterminated {
            dir.append(LIVE, "\r\n");
            model.unterminated = false;
        }
    };
    match op {
        Op::Append(n) => {
            close_open_line(dir, model);
            let mut text = String::new();
            for _ in 0..*n {
                text.push_str(&line(model.next));
                text.push_str("\r\n");
                model.complete.push(model.next);
                model.next += 1;
            }
            dir.append(LIVE, text);
        }
        Op::StartPartial => {
            close_open_line(dir, model);
            let full = line(model.next);
            let cut = full.len() / 2;
            dir.append(LIVE, &full[..cut]);
            model.partial = Some((model.next, full[cut..].to_string()));
            model.next += 1;
        }
        Op::FinishPartial | Op::Newline => close_open_line(dir, model),
        Op::AppendUnterminated => {
            close_open_line(dir, model);
            dir.append(LIVE, line(model.next));
            model.complete.push(model.next);
            model.next += 1;
            model.unterminated = true;
        }
        Op::Rotate | Op::RotateGzip | Op::CopyTruncate => {
            // A rotated file is finished: its open line, if any, never completes. In a plain
            // file it stays pending (it could still grow); sealed in a .gz it is rejected.
            if model.partial.is_some() && matches!(op, Op::RotateGzip) {
                model.truncated += 1;
                model.new_truncated += 1;
            }
            model.partial = None;
            model.unterminated = false;
            model.rotations += 1;
            let live = dir.join(LIVE);
            let rotated = dir.join(&format!("{LIVE}.{}", model.rotations));
            match op {
                Op::Rotate => std::fs::rename(&live, &rotated).unwrap(),
                Op::RotateGzip => {
                    let data = std::fs::read(&live).unwrap();
                    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                    enc.write_all(&data).unwrap();
                    std::fs::write(rotated.with_extension(format!("{}.gz", model.rotations)), enc.finish().unwrap())
                        .unwrap();
                    std::fs::remove_file(&live).unwrap();
                }
                _ => {
                    std::fs::copy(&live, &rotated).unwrap();
                    std::fs::OpenOptions::new().write(true).open(&live).unwrap().set_len(0).unwrap();
                }
            }
            dir.write(LIVE, "");
        }
        Op::Import => {
            let run = dir.run(&["logs", "--quiet"]);
            let want_code = if model.new_truncated > 0 { 3 } else { 0 };
            model.new_truncated = 0;
            prop_assert_eq!(run.code, want_code, "{}", run.stderr);
            let mut got: Vec<u64> =
                dir.rows("SELECT actual FROM balloon_change").into_iter().map(|r| r[0].parse().unwrap()).collect();
            got.sort_unstable();
            let mut want = model.complete.clone();
            want.sort_unstable();
            prop_assert_eq!(got, want, "after {:?}", op);
            prop_assert_eq!(dir.count("SELECT count(*) FROM rejects"), model.truncated);
            prop_assert_eq!(dir.count("SELECT count(*) FROM rejects WHERE reason NOT LIKE 'truncated:%'"), 0);
            // The model never writes a blank line: a newline that ends an imported line must not
            // make one.
            prop_assert_eq!(dir.count("SELECT coalesce(sum(blank), 0) FROM files"), 0);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_complete_line_is_imported_exactly_once(ops in proptest::collection::vec(op(), 1..14)) {
        let dir = Dir::new();
        dir.write(LIVE, "");
        let mut model = Model::default();
        for op in ops.iter().chain(std::iter::once(&Op::Import)) {
            apply(&dir, &mut model, op)?;
        }
    }
}
