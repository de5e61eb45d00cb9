//! Ingest: drives the pipeline for a whole run.
//!
//! For each source found by [`crate::input`]: open it ([`crate::source`]), decide from the
//! `files` registry whether it is new, grown, renamed, replaced or unchanged ([`plan`]), then
//! stream it: a producer thread reads chunks of whole lines and parses them in parallel on the
//! rayon pool ([`crate::split`], [`crate::parse`]); this thread owns the database and commits each
//! chunk's records with the registry update that covers them in one transaction
//! ([`crate::store`]). The bounded channel between the two keeps memory flat.

use crate::catalog::EVENTS;
use crate::config::Config;
use crate::input::{self, InputSpec, SourcePath};
use crate::parse::{Outcome, Parser, is_blank};
use crate::report::{FileReport, Progress as ProgressView, RejectNote, Status, Summary};
use crate::source::{Fill, OVERLONG_KEEP, Opened, SourceError};
use crate::split::{self, Position};
use crate::store::{Counts, FileRow, Progress, Record, Store, StoreError, fingerprint, fingerprint_len};
use rayon::prelude::*;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::Instant;

/// How many reject notes a file report keeps for the summary.
const REJECT_NOTES: usize = 10;

/// Imports one source; a source that cannot be read yields a report with status `error`,
/// a database failure ends the run.
fn import_one(
    store: &mut Store,
    pool: &rayon::ThreadPool,
    spec: &InputSpec,
    config: &Config,
    progress: &ProgressView,
    event_counts: &mut [u64; EVENTS.len()],
) -> Result<FileReport, StoreError> {
    let path = display_path(spec);
    let mut report = FileReport::new(&path, &spec.label);
    progress.set_file(&path);
    if let Err(message) = import_source(store, pool, spec, &path, config, progress, event_counts, &mut report)? {
        report.status = Status::Error;
        report.error = Some(format!("{path}: {message}"));
    }
    Ok(report)
}

/// The registry's decision for one source.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// Already imported and unchanged (or an identical copy of an imported file): skip it.
    Skip(FileRow),
    /// A known source: import from where it stopped. `rename` when it moved.
    Resume { row: FileRow, rename: bool },
    /// Not seen before (`replaced`: its path held other content before).
    Fresh { replaced: bool },
}

fn is_prefix_of(row: &FileRow, head: &[u8]) -> bool {
    let len = row.fingerprint_len as usize;
    len == 0 || (head.len() >= len && fingerprint(&head[..len]) == row.fingerprint)
}

/// Whether `row` still describes the content `head` (of length `content_len`, when known).
fn same_source(row: &FileRow, head: &[u8], content_len: Option<u64>) -> bool {
    is_prefix_of(row, head) && content_len.is_none_or(|len| len >= row.size && len >= row.ingested_bytes)
}

/// Decides what to do with an opened source (DESIGN.md, "Re-runs, crashes, concurrency").
pub fn plan(store: &Store, path: &str, opened: &Opened, max_line_bytes: usize) -> Result<Plan, StoreError> {
    let stdin = path == "-";
    let by_path = if stdin { None } else { store.by_path(path)? };
    if let Some(row) = &by_path
        && same_source(row, &opened.head, opened.content_len)
    {
        let unchanged = match opened.content_len {
            Some(len) => len == row.size,
            None => opened.disk_size.is_some() && opened.disk_size == row.disk_size && opened.mtime_ns == row.mtime_ns,
        };
        return Ok(if unchanged { Plan::Skip(row.clone()) } else { Plan::Resume { row: row.clone(), rename: false } });
    }
    let mut candidates = store.by_content(&opened.head)?;
    candidates
        .retain(|c| Some(c.id) != by_path.as_ref().map(|r| r.id) && same_source(c, &opened.head, opened.content_len));
    candidates.sort_by_key(|c| std::cmp::Reverse((c.fingerprint_len, c.ingested_bytes)));
    for candidate in candidates {
        let original_alive = candidate.path != "-"
            && candidate.path != path
            && Opened::open(&SourcePath::File(candidate.path.clone().into()), max_line_bytes).is_ok_and(|o| {
                is_prefix_of(&candidate, &o.head) && o.content_len.is_none_or(|l| l >= candidate.ingested_bytes)
            });
        if !original_alive {
            return Ok(Plan::Resume { row: candidate, rename: !stdin });
        }
        // The original is still in place: this is a copy. An identical one, or one whose length
        // we cannot know without reading it all (compressed, stdin), adds nothing the original
        // does not hold; a longer plain file that merely starts like a short live one is a
        // source of its own.
        if opened.content_len.is_none_or(|len| len == candidate.size) {
            return Ok(Plan::Skip(candidate));
        }
    }
    Ok(Plan::Fresh { replaced: by_path.is_some() })
}

/// Where reading a source stands; what the registry records after each batch.
#[derive(Debug, Clone)]
struct Cursor {
    ingested: u64,
    lines: u64,
    tail_open: bool,
    fingerprint: String,
    fingerprint_len: u64,
}

/// One chunk's worth of work for the writer.
struct Batch {
    records: Vec<Record>,
    progress: Progress,
    bytes_read: u64,
    /// Typed rows per catalog event in `records`.
    typed_by_event: [u64; EVENTS.len()],
    /// The first rejected lines in `records`, for the summary.
    reject_notes: Vec<RejectNote>,
}

/// Imports every input of `config`; fatal database errors end the run early.
pub fn run(config: &Config, progress: &ProgressView) -> Result<Summary, StoreError> {
    let started = Instant::now();
    let (specs, input_errors) = input::discover(&config.inputs, config.label.as_deref());
    let mut summary = Summary::default();
    for error in input_errors {
        summary.files.push(FileReport::failed(&error.subject(), error.to_string()));
    }
    let mut store = Store::open(&config.db, config.lock_timeout)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.jobs)
        .thread_name(|i| format!("qmp-parse-{i}"))
        .build()
        .map_err(|e| StoreError::Open { path: config.db.clone(), source: std::io::Error::other(e) })?;
    progress.set_total(specs.iter().map(disk_size).sum());
    for spec in &specs {
        let report = import_one(&mut store, &pool, spec, config, progress, &mut summary.event_counts)?;
        summary.files.push(report);
    }
    progress.finish();
    summary.elapsed = started.elapsed();
    summary.total_up();
    Ok(summary)
}

fn disk_size(spec: &InputSpec) -> u64 {
    match &spec.source {
        SourcePath::File(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
        SourcePath::Stdin => 0,
    }
}

/// The path a source is registered under: canonical where possible, `-` for stdin.
fn display_path(spec: &InputSpec) -> String {
    match &spec.source {
        SourcePath::Stdin => "-".to_string(),
        SourcePath::File(p) => std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()).to_string_lossy().into_owned(),
    }
}

/// Plans and streams one source into `report`. The outer error is fatal (the database); the
/// inner one is this source's own failure, as a message.
#[allow(clippy::too_many_arguments)]
fn import_source(
    store: &mut Store,
    pool: &rayon::ThreadPool,
    spec: &InputSpec,
    path: &str,
    config: &Config,
    progress: &ProgressView,
    event_counts: &mut [u64; EVENTS.len()],
    report: &mut FileReport,
) -> Result<Result<(), String>, StoreError> {
    let mut opened = match Opened::open(&spec.source, config.max_line_bytes) {
        Ok(o) => o,
        Err(e) => return Ok(Err(format!("cannot open: {e}"))),
    };
    let (file_id, cursor) = match plan(store, path, &opened, config.max_line_bytes)? {
        Plan::Skip(row) => {
            report.status = Status::Unchanged;
            report.label = row.label;
            report.pending = row.pending;
            progress.advance(opened.disk_size.unwrap_or(0), 0);
            return Ok(Ok(()));
        }
        Plan::Resume { row, rename } => {
            if rename {
                store.rename(row.id, path)?;
            }
            report.status = if rename { Status::Renamed } else { Status::Grown };
            report.label = row.label.clone();
            let cursor = Cursor {
                ingested: row.ingested_bytes,
                lines: row.lines,
                tail_open: row.tail_open,
                fingerprint: row.fingerprint,
                fingerprint_len: row.fingerprint_len,
            };
            (row.id, cursor)
        }
        Plan::Fresh { replaced } => {
            let id = store.register(path, &spec.label, opened.compression.as_str())?;
            report.status = if replaced { Status::Replaced } else { Status::New };
            (id, Cursor { ingested: 0, lines: 0, tail_open: false, fingerprint: fingerprint(b""), fingerprint_len: 0 })
        }
    };
    if let Err(e) = opened.skip_to(cursor.ingested) {
        return Ok(Err(e.to_string()));
    }
    let grown = report.status == Status::Grown;
    let (tx, rx) = sync_channel::<Batch>(2);
    let max_line_bytes = config.max_line_bytes;
    let jobs = config.jobs;
    let (written, produced) = std::thread::scope(|scope| {
        let producer = std::thread::Builder::new()
            .name("qmp-read".into())
            .spawn_scoped(scope, move || produce(opened, cursor, pool, jobs, max_line_bytes, tx))
            .map_err(|e| StoreError::Open { path: store.path().to_path_buf(), source: e });
        let producer = match producer {
            Ok(p) => p,
            Err(e) => return (Err(e), Ok(())),
        };
        let written = write_batches(store, pool, file_id, rx, report, progress, event_counts);
        let produced =
            producer.join().unwrap_or_else(|_| Err(SourceError::Io(std::io::Error::other("reader thread panicked"))));
        (written, produced)
    });
    written?;
    if let Err(e) = produced {
        return Ok(Err(e.to_string()));
    }
    if grown && report.counts.lines == 0 {
        report.status = Status::Unchanged;
    }
    Ok(Ok(()))
}

fn write_batches(
    store: &mut Store,
    pool: &rayon::ThreadPool,
    file_id: i64,
    rx: Receiver<Batch>,
    report: &mut FileReport,
    progress: &ProgressView,
    event_counts: &mut [u64; EVENTS.len()],
) -> Result<(), StoreError> {
    for batch in rx {
        store.commit_batch(file_id, &batch.records, &batch.progress)?;
        // Freeing a batch's strings is real work: leave it to the parser threads.
        pool.spawn(move || drop(batch.records));
        for (total, n) in event_counts.iter_mut().zip(batch.typed_by_event) {
            *total += n;
        }
        let room = REJECT_NOTES.saturating_sub(report.reject_notes.len());
        report.reject_notes.extend(batch.reject_notes.into_iter().take(room));
        report.counts.add(&batch.progress.counts);
        report.pending = batch.progress.pending;
        report.bytes += batch.bytes_read;
        progress.advance(batch.bytes_read, batch.progress.counts.typed + batch.progress.counts.unknown);
    }
    Ok(())
}

/// Parsed lines of one piece of a chunk: records numbered from 1 within the piece.
struct Piece {
    records: Vec<Record>,
    counts: Counts,
}

fn parse_piece(parser: &mut Parser, bytes: &[u8], offset: u64, max_line_bytes: usize) -> Piece {
    let mut piece = Piece { records: Vec::new(), counts: Counts::default() };
    for (n, range) in split::lines(bytes).enumerate() {
        let line = n as u64 + 1;
        let byte_offset = offset + range.start as u64;
        let text = &bytes[range];
        piece.counts.lines += 1;
        if let Some(record) = to_record(
            parser.parse_line(without_bom(text, byte_offset)),
            line,
            byte_offset,
            text,
            max_line_bytes,
            &mut piece.counts,
        ) {
            piece.records.push(record);
        }
    }
    piece
}

/// A UTF-8 byte order mark at the very start of a source is ignored, as RFC 8259 allows (§8.1);
/// anywhere else it is an error like any other stray byte.
fn without_bom(text: &[u8], byte_offset: u64) -> &[u8] {
    match byte_offset {
        0 => text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text),
        _ => text,
    }
}

fn to_record(
    outcome: Outcome,
    line: u64,
    byte_offset: u64,
    text: &[u8],
    max_line_bytes: usize,
    counts: &mut Counts,
) -> Option<Record> {
    match outcome {
        Outcome::Typed { ts_us, event } => {
            counts.typed += 1;
            Some(Record::Typed { line, ts_us, event })
        }
        Outcome::Unknown { ts_us, name, data, extra } => {
            counts.unknown += 1;
            Some(Record::Unknown { line, ts_us, name, data, extra })
        }
        Outcome::Rejected { reason } => {
            counts.rejects += 1;
            let keep = if text.len() > max_line_bytes { OVERLONG_KEEP.min(text.len()) } else { text.len() };
            Some(Record::Reject { at: Position { line, byte: byte_offset }, reason, raw: text[..keep].to_vec() })
        }
        Outcome::NonEvent => {
            counts.non_event += 1;
            None
        }
        Outcome::Blank => {
            counts.blank += 1;
            None
        }
    }
}

/// Reads `opened` from `cursor` to its end, parsing on `pool` and sending one batch per chunk.
fn produce(
    mut opened: Opened,
    mut cursor: Cursor,
    pool: &rayon::ThreadPool,
    jobs: usize,
    max_line_bytes: usize,
    tx: SyncSender<Batch>,
) -> Result<(), SourceError> {
    let head = std::mem::take(&mut opened.head);
    let (disk_size, mtime_ns) = (opened.disk_size, opened.mtime_ns);
    let mut tail_parser = Parser::new(max_line_bytes);
    // A map starts counting where the import resumes; a stream from its first byte (the
    // fingerprint's head has already been read through it).
    let mut raw_position = if opened.is_mapped() { opened.raw_position() } else { 0 };
    loop {
        let mut records = Vec::new();
        let mut counts = Counts::default();
        let mut pending = 0;
        let mut examined_extra = 0;
        let (consumed, eof) = match opened.fill()? {
            Fill::Overlong { head: line_head, offset, len, terminated } => {
                if !terminated {
                    pending = 1;
                    examined_extra = len;
                    (0, true)
                } else {
                    if cursor.tail_open {
                        cursor.tail_open = false;
                    } else {
                        cursor.lines += 1;
                        counts.lines += 1;
                    }
                    counts.rejects += 1;
                    records.push(Record::Reject {
                        at: Position { line: cursor.lines, byte: offset },
                        reason: format!("line is {len} bytes, longer than --max-line-bytes {max_line_bytes}"),
                        raw: line_head.to_vec(),
                    });
                    cursor.ingested = offset + len + 1;
                    (0, false)
                }
            }
            Fill::Lines { bytes, offset, eof } => {
                let mut at = 0usize;
                if cursor.tail_open {
                    match memchr::memchr(b'\n', bytes) {
                        Some(i) => {
                            let continuation = &bytes[..i];
                            if !is_blank(continuation) {
                                counts.rejects += 1;
                                records.push(Record::Reject {
                                    at: Position { line: cursor.lines, byte: offset },
                                    reason: format!(
                                        "{} bytes were appended to line {} after it had been imported as complete; they are kept here",
                                        continuation.len(),
                                        cursor.lines
                                    ),
                                    raw: continuation.to_vec(),
                                });
                            }
                            cursor.tail_open = false;
                            at = i + 1;
                        }
                        None => at = if is_blank(bytes) { bytes.len() } else { 0 },
                    }
                }
                let rest = &bytes[at..];
                let complete = if eof { split::complete_end(rest) } else { rest.len() };
                let body = &rest[..complete];
                let body_offset = offset + at as u64;
                let ranges = split::pieces(body, jobs * 4);
                let pieces: Vec<Piece> = pool.install(|| {
                    ranges
                        .par_iter()
                        .map_init(
                            || Parser::new(max_line_bytes),
                            |parser, r| {
                                parse_piece(parser, &body[r.clone()], body_offset + r.start as u64, max_line_bytes)
                            },
                        )
                        .collect()
                });
                for piece in pieces {
                    let base = cursor.lines;
                    for mut record in piece.records {
                        match &mut record {
                            Record::Typed { line, .. }
                            | Record::Unknown { line, .. }
                            | Record::Reject { at: Position { line, .. }, .. } => *line += base,
                        }
                        records.push(record);
                    }
                    cursor.lines += piece.counts.lines;
                    counts.add(&piece.counts);
                }
                let mut used = at + complete;
                let tail = &rest[complete..];
                if eof && !tail.is_empty() && !cursor.tail_open {
                    let outcome = tail_parser.parse_line(without_bom(tail, offset + used as u64));
                    let complete_event =
                        matches!(outcome, Outcome::Typed { .. } | Outcome::Unknown { .. } | Outcome::NonEvent);
                    if complete_event {
                        let mut tail_counts = Counts { lines: 1, ..Counts::default() };
                        let line = cursor.lines + 1;
                        if let Some(record) =
                            to_record(outcome, line, offset + used as u64, tail, max_line_bytes, &mut tail_counts)
                        {
                            records.push(record);
                        }
                        counts.add(&tail_counts);
                        cursor.lines = line;
                        cursor.tail_open = true;
                        used += tail.len();
                    } else {
                        pending = 1;
                        examined_extra = tail.len() as u64;
                    }
                }
                cursor.ingested = offset + used as u64;
                (used, eof)
            }
        };
        // Nothing read may be trusted until we know the file did not shrink under the map.
        opened.check()?;
        opened.consume(consumed);
        let read = opened.raw_position().saturating_sub(raw_position);
        raw_position += read;
        let want = fingerprint_len(cursor.ingested, head.len());
        if want > cursor.fingerprint_len {
            cursor.fingerprint = fingerprint(&head[..want as usize]);
            cursor.fingerprint_len = want;
        }
        let progress = Progress {
            ingested_bytes: cursor.ingested,
            size: cursor.ingested + examined_extra,
            lines: cursor.lines,
            tail_open: cursor.tail_open,
            pending,
            fingerprint: cursor.fingerprint.clone(),
            fingerprint_len: cursor.fingerprint_len,
            counts,
            // Recorded only once the whole source has been read: a compressed file whose import
            // stopped half-way must not look unchanged to the next run.
            disk_size: disk_size.filter(|_| eof),
            mtime_ns: mtime_ns.filter(|_| eof),
        };
        let mut typed_by_event = [0u64; EVENTS.len()];
        let mut reject_notes = Vec::new();
        for record in &records {
            match record {
                Record::Typed { event, .. } => typed_by_event[event.def().index] += 1,
                Record::Reject { at, reason, .. } if reject_notes.len() < REJECT_NOTES => {
                    reject_notes.push(RejectNote { at: *at, reason: reason.clone() });
                }
                _ => {}
            }
        }
        if tx.send(Batch { records, progress, bytes_read: read, typed_by_event, reject_notes }).is_err() {
            return Ok(()); // the writer stopped; it reports why
        }
        if eof {
            return Ok(());
        }
    }
}
