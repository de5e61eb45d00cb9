//! Property test of how the registry tells sources apart, against a model: several VMs whose
//! files all start with the same greeting, files deleted and new ones started, compressed copies
//! and piped copies that hold lines their original does not. After every import the database
//! must hold every event of every file present (and every piped one) under the label of the VM
//! that wrote it: nothing skipped because it merely started like something else. Events that
//! were never in a copy are there exactly once. One duplicate is allowed by design: a copy that
//! holds *more* than its original, read before the original, imports the original's lines too
//! (the shorter original cannot be shown to be part of it) — a duplicate, never a loss.

mod util;

use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use util::*;

const VMS: [&str; 3] = ["vm-a", "vm-b", "vm-c"];
const GREETING: &str = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 10}, \"package\": \"\"}, \"capabilities\": [\"oob\"]}}\r\n{\"return\": {}}\r\n";

#[derive(Debug, Clone)]
enum Op {
    /// Append events to a VM's live file (starting it with the greeting if it is absent).
    Append(usize, u8),
    /// Delete a VM's live file.
    Delete(usize),
    /// A gzipped copy of a VM's live file, with `n` events of its own added at the end.
    GzipCopy(usize, u8),
    /// The live file's content plus `n` events of its own, piped in with `--label`.
    Pipe(usize, u8),
    /// Run qmp-ingest over the directory.
    Import,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..VMS.len(), 0u8..6).prop_map(|(v, n)| Op::Append(v, n)),
        1 => (0..VMS.len()).prop_map(Op::Delete),
        1 => (0..VMS.len(), 0u8..3).prop_map(|(v, n)| Op::GzipCopy(v, n)),
        1 => (0..VMS.len(), 0u8..3).prop_map(|(v, n)| Op::Pipe(v, n)),
        3 => Just(Op::Import),
    ]
}

#[derive(Default)]
struct Model {
    next: u64,
    /// Each VM's live file: the events in it, or `None` when there is no file.
    live: [Option<Vec<u64>>; 3],
    /// Copies in the directory: their events.
    copies: Vec<(usize, Vec<u64>)>,
    /// What the database must hold: event → label.
    expected: BTreeMap<u64, String>,
    /// Events that were in a copy or a pipe.
    copied: BTreeSet<u64>,
}

fn event(counter: u64) -> String {
    format!(
        "{{\"timestamp\": {{\"seconds\": {}, \"microseconds\": {}}}, \"event\": \"BALLOON_CHANGE\", \"data\": {{\"actual\": {counter}}}}}\r\n",
        1_764_000_000 + counter,
        counter * 7 % 1_000_000
    )
}

fn content(events: &[u64]) -> String {
    std::iter::once(GREETING.to_string()).chain(events.iter().map(|&c| event(c))).collect()
}

fn fresh(model: &mut Model, n: u8) -> Vec<u64> {
    let start = model.next;
    model.next += u64::from(n);
    (start..model.next).collect()
}

fn apply(dir: &Dir, model: &mut Model, op: &Op) -> Result<(), TestCaseError> {
    match *op {
        Op::Append(vm, n) => {
            let rel = format!("logs/{}.jsonl", VMS[vm]);
            let added = fresh(model, n);
            let text: String = added.iter().map(|&c| event(c)).collect();
            match &mut model.live[vm] {
                Some(events) => {
                    dir.append(&rel, text);
                    events.extend(added);
                }
                slot @ None => {
                    dir.write(&rel, format!("{GREETING}{text}"));
                    *slot = Some(added);
                }
            }
        }
        Op::Delete(vm) => {
            if model.live[vm].take().is_some() {
                std::fs::remove_file(dir.join(&format!("logs/{}.jsonl", VMS[vm]))).unwrap();
            }
        }
        Op::GzipCopy(vm, n) => {
            let mut events = model.live[vm].clone().unwrap_or_default();
            events.extend(fresh(model, n));
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(content(&events).as_bytes()).unwrap();
            let k = model.copies.len();
            dir.write(&format!("logs/copies/{}.jsonl.{k}.gz", VMS[vm]), enc.finish().unwrap());
            model.copied.extend(events.iter().copied());
            model.copies.push((vm, events));
        }
        Op::Pipe(vm, n) => {
            let mut events = model.live[vm].clone().unwrap_or_default();
            events.extend(fresh(model, n));
            let run = dir.run_stdin(&["-", "--label", VMS[vm], "--quiet"], content(&events).as_bytes());
            prop_assert_eq!(run.code, 0, "{}", run.stderr);
            for &c in &events {
                model.expected.entry(c).or_insert_with(|| VMS[vm].to_string());
            }
            model.copied.extend(events);
            check(dir, model)?;
        }
        Op::Import => {
            let run = dir.run(&["logs", "--quiet"]);
            prop_assert_eq!(run.code, 0, "{}", run.stderr);
            let present = model.live.iter().enumerate().filter_map(|(vm, e)| e.as_ref().map(|e| (vm, e)));
            for (vm, events) in present.chain(model.copies.iter().map(|(vm, e)| (*vm, e))) {
                for &c in events {
                    model.expected.entry(c).or_insert_with(|| VMS[vm].to_string());
                }
            }
            check(dir, model)?;
        }
    }
    Ok(())
}

fn check(dir: &Dir, model: &Model) -> Result<(), TestCaseError> {
    let got: Vec<(u64, String)> = dir
        .rows("SELECT b.actual, f.label FROM balloon_change AS b JOIN files AS f ON f.id = b.file_id ORDER BY b.actual")
        .into_iter()
        .map(|r| (r[0].parse().unwrap(), r[1].clone()))
        .collect();
    let mut distinct = got.clone();
    distinct.dedup();
    let want: Vec<(u64, String)> = model.expected.iter().map(|(c, l)| (*c, l.clone())).collect();
    prop_assert_eq!(&distinct, &want, "every event, under its VM's label");
    let twice: Vec<u64> = got.windows(2).filter(|w| w[0] == w[1]).map(|w| w[0].0).collect();
    prop_assert!(twice.iter().all(|c| model.copied.contains(c)), "doubled without a copy: {:?}", twice);
    prop_assert_eq!(dir.count("SELECT count(*) FROM rejects"), 0);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn sources_that_start_alike_are_told_apart(ops in proptest::collection::vec(op(), 1..16)) {
        let dir = Dir::new();
        std::fs::create_dir_all(dir.join("logs")).unwrap();
        let mut model = Model::default();
        for op in ops.iter().chain(std::iter::once(&Op::Import)) {
            apply(&dir, &mut model, op)?;
        }
    }
}
