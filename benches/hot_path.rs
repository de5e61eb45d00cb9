//! Criterion benches of the parse hot path: splitting a chunk into lines, the typed parse of
//! single lines and of whole chunks (one core and the rayon pool), and the store writing a
//! parsed batch (the writer thread's whole work per batch: inserts, spans, registry update).
//!
//!     cargo bench --bench hot_path

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use qmp_ingest::parse::{Outcome, Parser};
use qmp_ingest::records::{Record, Records, Rows};
use qmp_ingest::registry::{self, RegistryPath};
use qmp_ingest::split;
use qmp_ingest::store::{Progress, Store};
use rayon::prelude::*;
use std::hint::black_box;
use std::time::Duration;

/// A realistic mix of QEMU lines (job/block/balloon/quorum-heavy), CRLF-terminated.
fn chunk(lines: usize) -> Vec<u8> {
    let templates = [
        r#"{"timestamp": {"seconds": 1764000000, "microseconds": 123456}, "event": "JOB_STATUS_CHANGE", "data": {"status": "running", "id": "mirror-drive0"}}"#,
        r#"{"timestamp": {"seconds": 1764000001, "microseconds": 223456}, "event": "BLOCK_JOB_COMPLETED", "data": {"device": "mirror-drive0", "len": 10737418240, "offset": 10737418240, "speed": 0, "type": "mirror"}}"#,
        r#"{"timestamp": {"seconds": 1764000002, "microseconds": 323456}, "event": "BALLOON_CHANGE", "data": {"actual": 3221225472}}"#,
        r#"{"event": "QUORUM_FAILURE", "data": {"sectors-count": 8, "reference": "qdisk-data", "sector-num": 1048576}, "timestamp": {"seconds": 1764000003, "microseconds": 423456}}"#,
        r#"{"timestamp": {"seconds": 1764000004, "microseconds": 523456}, "event": "STOP"}"#,
        r#"{"timestamp": {"seconds": 1764000005, "microseconds": 623456}, "event": "RESUME"}"#,
        r#"{"timestamp": {"seconds": 1764000006, "microseconds": 723456}, "event": "MIGRATION", "data": {"status": "active"}}"#,
        r##"{"timestamp": {"seconds": 1764000007, "microseconds": 823456}, "event": "BLOCK_IO_ERROR", "data": {"device": "drive-virtio-disk0", "node-name": "#block163", "operation": "write", "action": "report", "nospace": false, "reason": "Input/output error", "qom-path": "/machine/peripheral/virtio-disk0/virtio-backend"}}"##,
        r#"{"timestamp": {"seconds": 1764000008, "microseconds": 923456}, "event": "RTC_CHANGE", "data": {"offset": -18000, "qom-path": "/machine/unattached/device[8]"}}"#,
        r#"{"timestamp": {"seconds": 1764000009, "microseconds": 23456}, "event": "DEVICE_DELETED", "data": {"path": "/machine/peripheral/net1", "device": "net1"}}"#,
    ];
    let mut out = Vec::new();
    for i in 0..lines {
        out.extend_from_slice(templates[i % templates.len()].as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

fn split_lines(c: &mut Criterion) {
    let data = chunk(40_000);
    let mut group = c.benchmark_group("split");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("lines", |b| b.iter(|| split::lines(black_box(&data)).count()));
    group.bench_function("pieces", |b| b.iter(|| split::pieces(black_box(&data), 8).len()));
    group.finish();
}

fn parse_single_lines(c: &mut Criterion) {
    let data = chunk(10);
    let lines: Vec<&[u8]> = split::lines(&data).map(|r| &data[r]).collect();
    let mut group = c.benchmark_group("parse_line");
    group.throughput(Throughput::Elements(1));
    let mut parser = Parser::new(16 << 20);
    for (name, line) in [
        ("job_status_change", lines[0]),
        ("quorum_failure", lines[3]),
        ("stop", lines[4]),
        ("block_io_error", lines[7]),
    ] {
        group.bench_with_input(BenchmarkId::from_parameter(name), line, |b, line| {
            let mut rows = Rows::default();
            b.iter(|| {
                rows.clear();
                matches!(parser.parse_line(black_box(line), &mut rows), Outcome::Typed { .. })
            })
        });
    }
    group.finish();
}

fn parse_chunk(c: &mut Criterion) {
    let lines = 40_000;
    let data = chunk(lines);
    let mut group = c.benchmark_group("parse_chunk");
    group.throughput(Throughput::Elements(lines as u64));
    group.sample_size(20);
    group.bench_function("one_core", |b| {
        let mut parser = Parser::new(16 << 20);
        b.iter(|| {
            let mut rows = Rows::for_input(data.len());
            split::lines(&data)
                .filter(|r| matches!(parser.parse_line(&data[r.clone()], &mut rows), Outcome::Typed { .. }))
                .count()
        })
    });
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        group.bench_with_input(BenchmarkId::new("rayon", threads), &threads, |b, &threads| {
            b.iter(|| {
                let ranges = split::pieces(&data, threads * 4);
                pool.install(|| {
                    ranges
                        .par_iter()
                        .map_init(
                            || Parser::new(16 << 20),
                            |parser, r| {
                                let piece = &data[r.clone()];
                                let mut rows = Rows::for_input(piece.len());
                                split::lines(piece)
                                    .filter(|l| {
                                        matches!(parser.parse_line(&piece[l.clone()], &mut rows), Outcome::Typed { .. })
                                    })
                                    .count()
                            },
                        )
                        .sum::<usize>()
                })
            })
        });
    }
    group.finish();
}

fn write_batch(c: &mut Criterion) {
    let lines = 10_000;
    let data = chunk(lines);
    let mut parser = Parser::new(1 << 20);
    let mut records = Records::for_input(data.len());
    for (n, r) in split::lines(&data).enumerate() {
        if let Outcome::Typed { ts_us, row } = parser.parse_line(&data[r], records.rows_mut()) {
            records.push(Record::Typed { line: n as u64 + 1, ts_us, row });
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db"), Duration::from_secs(5)).unwrap();
    let source = RegistryPath::of(&dir.path().join("vm.jsonl"));
    let id = registry::register(store.connection(), &source, "vm", "none", "qmp").unwrap();
    let mut group = c.benchmark_group("store");
    group.throughput(Throughput::Elements(lines as u64));
    group.sample_size(20);
    group
        .bench_function("commit_batch", |b| b.iter(|| store.commit_batch(id, &records, &Progress::default()).unwrap()));
    group.finish();
}

criterion_group!(benches, split_lines, parse_single_lines, parse_chunk, write_batch);
criterion_main!(benches);
