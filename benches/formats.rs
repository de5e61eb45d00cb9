//! Criterion benches of the format readers on one core: how fast a libvirt daemon log with few
//! events is read (lines split and classified, the monitor map kept, events handed out), and
//! a virt-launcher log likewise. The logs are built by repeating the records recorded with a
//! real libvirt (tests/data/libvirt/): their non-event records over and over, with one
//! monitor's event record every `EVERY` records and its naming records once at the start.
//!
//!     cargo bench --bench formats

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qmp_ingest::formats::{Format, Line, Reader};
use qmp_ingest::split;
use std::hint::black_box;

/// One event record per this many records.
const EVERY: usize = 2000;
/// Size of the built logs.
const TARGET_BYTES: usize = 64 << 20;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/libvirt/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `recorded` repeated to about `TARGET_BYTES`: its lines without events, with one event line
/// every `EVERY` lines; the lines that name monitors come first, once.
fn few_events(recorded: &[u8], is_event: impl Fn(&[u8]) -> bool, names: impl Fn(&[u8]) -> bool) -> Vec<u8> {
    let lines: Vec<&[u8]> = split::lines(recorded).map(|r| &recorded[r]).collect();
    let events: Vec<&[u8]> = lines.iter().copied().filter(|l| is_event(l)).collect();
    let others: Vec<&[u8]> = lines.iter().copied().filter(|l| !is_event(l) && !names(l)).collect();
    let mut out = Vec::with_capacity(TARGET_BYTES + 4096);
    for line in lines.iter().filter(|l| names(l)) {
        out.extend_from_slice(line);
        out.push(b'\n');
    }
    let mut n = 0;
    while out.len() < TARGET_BYTES {
        let line = if n % EVERY == EVERY - 1 { events[(n / EVERY) % events.len()] } else { others[n % others.len()] };
        out.extend_from_slice(line);
        out.push(b'\n');
        n += 1;
    }
    out
}

fn contains(line: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(line, needle).is_some()
}

fn read(format: Format, data: &[u8]) -> usize {
    let mut reader = Reader::new(format);
    split::lines(data).filter(|r| matches!(reader.read_line(&data[r.clone()]), Line::Event(_))).count()
}

fn readers(c: &mut Criterion) {
    let is_event = |l: &[u8]| contains(l, b"QEMU_MONITOR_RECV_EVENT: mon=");
    let names =
        |l: &[u8]| contains(l, b"QEMU_MONITOR_NEW") || contains(l, b"monitor (mon=") || contains(l, b"monitor.sock");
    let logs = [
        ("libvirt_log_info", Format::LibvirtLog, few_events(&fixture("libvirtd-info.log"), is_event, names)),
        ("libvirt_log_debug", Format::LibvirtLog, few_events(&fixture("libvirtd-debug.log"), is_event, names)),
        ("kubevirt", Format::Kubevirt, few_events(&fixture("virt-launcher-web01.log"), is_event, names)),
    ];
    let mut group = c.benchmark_group("formats");
    group.sample_size(10);
    for (name, format, data) in &logs {
        assert!(read(*format, data) > 0, "{name}: the built log holds events");
        group.throughput(Throughput::Bytes(data.len() as u64));
        group.bench_function(*name, |b| b.iter(|| read(*format, black_box(data))));
    }
    // For scale: only cutting the same bytes into lines.
    let (_, _, info) = &logs[0];
    group.throughput(Throughput::Bytes(info.len() as u64));
    group.bench_function("split_only", |b| b.iter(|| split::lines(black_box(info)).count()));
    group.finish();
}

criterion_group!(benches, readers);
criterion_main!(benches);
