//! Tests on the samples recorded with a real libvirt (tests/data/libvirt/README.md says how):
//! every event found, with its domain and time, nothing else taken for an event, nothing
//! rejected, the same events whichever way they were recorded.

use super::*;
use crate::parse::{Outcome, Parser};
use crate::records::Rows;
use std::collections::BTreeMap;
use std::io::Read;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/libvirt/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    if !name.ends_with(".gz") {
        return bytes;
    }
    let mut plain = Vec::new();
    flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut plain).unwrap();
    plain
}

fn lines(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    data.strip_suffix(b"\n").unwrap_or(data).split(|&b| b == b'\n')
}

/// One event as the database would get it: line number, label, ts_us and the parsed outcome.
#[derive(Debug, Clone, PartialEq)]
struct Got {
    line: usize,
    label: Option<String>,
    ts_us: Option<i64>,
    outcome: Outcome,
    /// The outcome without its time: a typed event's row described, anything else as it is.
    untimed: String,
}

#[derive(Debug, Default)]
struct Tally {
    events: Vec<Got>,
    not_events: usize,
    blank: usize,
    rejects: Vec<(usize, String)>,
}

/// Reads `data` with `reader` from line number `first` on, parsing events as the pipeline will.
fn read(reader: &mut Reader, data: &[u8], first: usize) -> Tally {
    let mut parser = Parser::new(16 << 20);
    let mut rows = Rows::default();
    let mut out = Tally::default();
    for (i, line) in lines(data).enumerate() {
        match reader.read_line(line) {
            Line::Event(e) => {
                let outcome = parser.parse_line(&e.json, &mut rows);
                let ts_us = match (&outcome, e.receive_time_us) {
                    (_, Some(receive)) => Some(receive),
                    (Outcome::Typed { ts_us, .. } | Outcome::Unknown { ts_us, .. }, None) => *ts_us,
                    (other, None) => panic!("line {}: {other:?}", first + i),
                };
                let untimed = match &outcome {
                    Outcome::Typed { row, .. } => rows.describe(*row),
                    other => format!("{other:?}"),
                };
                out.events.push(Got { line: first + i, label: e.label.map(Cow::into_owned), ts_us, outcome, untimed });
            }
            Line::NotEvent => out.not_events += 1,
            Line::Blank => out.blank += 1,
            Line::Rejected(reason) => out.rejects.push((first + i, reason)),
        }
    }
    out
}

fn read_all(format: Format, name: &str) -> Tally {
    let data = fixture(name);
    assert_eq!(detect(&data), format, "{name}");
    read(&mut Reader::new(format), &data, 1)
}

/// The events as `(label, ts_us, outcome without its time)`, sorted: what must agree between
/// two recordings of the same pass.
fn comparable(events: &[Got]) -> Vec<(Option<String>, Option<i64>, String)> {
    let mut v: Vec<_> = events.iter().map(|g| (g.label.clone(), g.ts_us, g.untimed.clone())).collect();
    v.sort();
    v
}

/// What the database gets of each event: line, label, time and the row (a typed row's place in
/// its arena differs from one read to another).
fn seen(events: &[Got]) -> Vec<(usize, Option<&str>, Option<i64>, &str)> {
    events.iter().map(|g| (g.line, g.label.as_deref(), g.ts_us, g.untimed.as_str())).collect()
}

fn per_label(events: &[Got]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for g in events {
        *m.entry(g.label.clone().unwrap_or_else(|| "<none>".into())).or_default() += 1;
    }
    m
}

const WEB02: &str = "web 'ü' 02";

fn assert_all_typed(read: &Tally, what: &str) {
    assert!(read.rejects.is_empty(), "{what}: {:?}", read.rejects);
    for g in &read.events {
        assert!(matches!(g.outcome, Outcome::Typed { .. }), "{what} line {}: {:?}", g.line, g.outcome);
        assert!(g.ts_us.is_some(), "{what} line {}", g.line);
    }
}

#[test]
fn virsh_plain_every_event_with_domain_and_qemu_time() {
    let r = read_all(Format::Virsh, "virsh-plain.txt");
    assert_all_typed(&r, "virsh-plain");
    assert_eq!((r.events.len(), r.not_events, r.blank), (49, 2, 1));
    let counts = per_label(&r.events);
    assert_eq!(counts, BTreeMap::from([("db01".into(), 22), ("web01".into(), 21), (WEB02.into(), 6)]));
    let first = &r.events[0];
    assert_eq!((first.line, first.label.as_deref(), first.ts_us), (1, Some("web01"), Some(1_796_169_109_481_306)));
    // Lines from different domains are not in time order in general; these are QEMU's times.
    let shutdown = r.events.iter().find(|g| g.label.as_deref() == Some(WEB02) && g.line == 49).unwrap();
    assert_eq!(shutdown.ts_us, Some(1_796_169_161_107_167));
}

#[test]
fn virsh_domain_is_the_plain_output_of_one_domain() {
    let one = read_all(Format::Virsh, "virsh-domain.txt");
    assert_all_typed(&one, "virsh-domain");
    assert_eq!((one.events.len(), one.not_events, one.blank), (6, 2, 1));
    let all = read_all(Format::Virsh, "virsh-plain.txt");
    let web02: Vec<Got> = all.events.into_iter().filter(|g| g.label.as_deref() == Some(WEB02)).collect();
    assert_eq!(comparable(&one.events), comparable(&web02));
}

#[test]
fn virsh_timestamp_gives_receive_times_shortly_after_qemus() {
    let received = read_all(Format::VirshReceiveTime, "virsh-timestamp.txt");
    assert_all_typed(&received, "virsh-timestamp");
    assert_eq!((received.events.len(), received.not_events, received.blank), (49, 2, 1));
    let plain = read_all(Format::Virsh, "virsh-plain.txt");
    // The two listeners printed the same events in the same order.
    for (r, p) in received.events.iter().zip(&plain.events) {
        assert_eq!((&r.label, &r.untimed), (&p.label, &p.untimed), "line {}", r.line);
        let late = r.ts_us.unwrap() - p.ts_us.unwrap();
        assert!((0..3_000_000).contains(&late), "line {}: received {late} µs after QEMU's time", r.line);
        assert_eq!(r.ts_us.unwrap() % 1000, 0, "milliseconds");
    }
}

#[test]
fn virsh_pretty_is_rejected_saying_so_but_single_line_events_are_read() {
    let r = read_all(Format::Virsh, "virsh-pretty.txt");
    assert_eq!(r.events.len(), 26, "the <null> events fit on one line");
    assert!(!r.rejects.is_empty());
    for (line, reason) in &r.rejects {
        assert_eq!(reason, virsh::PRETTY_NOT_SUPPORTED, "line {line}");
    }
}

#[test]
fn info_log_has_the_same_events_as_virsh_with_their_domains() {
    let log = read_all(Format::LibvirtLog, "libvirtd-info.log");
    assert_all_typed(&log, "libvirtd-info");
    let virsh = read_all(Format::Virsh, "virsh-plain.txt");
    assert_eq!(comparable(&log.events), comparable(&virsh.events));
    let data = fixture("libvirtd-info.log");
    assert_eq!(log.events.len() + log.not_events + log.blank, lines(&data).count());
}

#[test]
fn debug_log_has_the_same_events_as_virsh_of_its_pass() {
    let log = read_all(Format::LibvirtLog, "libvirtd-debug.log");
    assert_all_typed(&log, "libvirtd-debug");
    let virsh = read_all(Format::Virsh, "debug-pass/virsh-plain.txt");
    assert_eq!(virsh.events.len(), 50);
    assert_eq!(comparable(&log.events), comparable(&virsh.events));
}

/// `(mon, label)` of each event of a daemon log, in order.
fn monitors_and_labels(name: &str) -> Vec<(String, Option<String>)> {
    let data = fixture(name);
    let mut reader = Reader::new(Format::LibvirtLog);
    let mut out = Vec::new();
    for line in lines(&data) {
        if let Line::Event(e) = reader.read_line(line) {
            let text = String::from_utf8_lossy(line);
            let mon = text.split("mon=").nth(1).unwrap().split(' ').next().unwrap().to_string();
            out.push((mon, e.label.map(Cow::into_owned)));
        }
    }
    out
}

#[test]
fn a_monitor_address_reused_by_another_domain_gets_the_new_name() {
    for (log, mon, first, then) in [
        ("libvirtd-info.log", "0x7fe25c070010", "web01", "db01"),
        ("libvirtd-info.log", "0x7fe25c0702f0", "web01", "db01"),
        ("libvirtd-info.log", "0x7fe2640702f0", "db01", "web01"),
        ("libvirtd-debug.log", "0x7f9d58071a20", "web01", "db01"),
    ] {
        let mut names: Vec<String> = Vec::new();
        for (m, label) in monitors_and_labels(log) {
            if m == mon && names.last() != label.as_ref() {
                names.push(label.unwrap());
            }
        }
        assert_eq!(names, [first, then], "{log} {mon}");
    }
}

#[test]
fn a_log_read_in_two_halves_gives_the_same_labels_as_in_one() {
    for name in ["libvirtd-info.log", "libvirtd-debug.log"] {
        let data = fixture(name);
        let all: Vec<&[u8]> = lines(&data).collect();
        let whole = read(&mut Reader::new(Format::LibvirtLog), &data, 1).events;
        for cut in (0..=all.len()).step_by(3) {
            let (first, second) = all.split_at(cut);
            let join = |part: &[&[u8]]| part.iter().flat_map(|l| l.iter().copied().chain([b'\n'])).collect::<Vec<u8>>();
            let mut reader = Reader::new(Format::LibvirtLog);
            let mut events = read(&mut reader, &join(first), 1).events;
            let state = reader.state().expect("the libvirt log has a state");
            let mut resumed = Reader::resume(Format::LibvirtLog, Some(&state)).unwrap();
            events.extend(read(&mut resumed, &join(second), cut + 1).events);
            assert_eq!(seen(&events), seen(&whole), "{name} cut after line {cut}, state {state}");
        }
    }
}

#[test]
fn rotated_logs_read_in_order_with_the_map_carried_over_match_the_whole_log() {
    let whole = read_all(Format::LibvirtLog, "libvirtd-info.log");
    let mut reader = Reader::new(Format::LibvirtLog);
    let mut carried = Vec::new();
    let mut fresh = Vec::new();
    for name in ["rotated/libvirtd.log.2.gz", "rotated/libvirtd.log.1", "rotated/libvirtd.log"] {
        let data = fixture(name);
        assert_eq!(detect(&data), Format::LibvirtLog, "{name}");
        let part = read(&mut reader, &data, 1);
        assert!(part.rejects.is_empty(), "{name}: {:?}", part.rejects);
        carried.extend(part.events);
        fresh.extend(read(&mut Reader::new(Format::LibvirtLog), &data, 1).events);
    }
    let labels = |events: &[Got]| events.iter().map(|g| (g.label.clone(), g.ts_us)).collect::<Vec<_>>();
    assert_eq!(labels(&carried), labels(&whole.events));
    // Read alone, a rotated piece cannot name monitors opened before it: the map must be carried.
    let unnamed = fresh.iter().filter(|g| g.label.is_none()).count();
    assert!(unnamed > 0 && whole.events.iter().all(|g| g.label.is_some()), "{unnamed}");
}

#[test]
fn kubevirt_log_has_the_events_of_its_vm() {
    let kube = read_all(Format::Kubevirt, "virt-launcher-web01.log");
    assert_all_typed(&kube, "virt-launcher");
    assert_eq!((kube.events.len(), kube.not_events), (6, 18));
    assert!(kube.events.iter().all(|g| g.label.is_none()), "the pod's label comes from the file");
    let log = read_all(Format::LibvirtLog, "libvirtd-info.log");
    let first_web01: Vec<Got> = monitors_and_labels("libvirtd-info.log")
        .into_iter()
        .zip(log.events)
        .filter(|((mon, _), _)| mon == "0x7fe264070010")
        .map(|(_, g)| Got { label: None, ..g })
        .collect();
    assert_eq!(comparable(&kube.events), comparable(&first_web01));
}
