//! Ingest: wires the stages together for a whole run.
//!
//! For each source found by [`crate::input`]: open it ([`crate::source`]), ask the registry
//! what it is ([`crate::registry::plan`]: new, grown, renamed, replaced, unchanged, or a copy to
//! compare), then stream it: a producer thread reads chunks ([`crate::source`]), frames their
//! edges ([`crate::framing`]) and parses the whole lines between in parallel on the rayon pool
//! ([`crate::split`], [`crate::parse`]); this thread owns the database and commits each chunk's
//! records with the registry update that covers them in one transaction ([`crate::store`]). The
//! bounded channel between the two keeps memory flat.

use crate::catalog::EVENTS;
use crate::config::Config;
use crate::decode::{self, Decoder, Out, Owned};
use crate::formats::{Format, Reader};
use crate::framing::{Edge, Framer, to_record, without_bom};
use crate::input::{self, InputSpec, STDIN_LABEL, SourcePath};
use crate::parse::Parser;
use crate::records::{Record, Records, Segment};
use crate::registry::{self, CopyCheck, Plan, RegistryPath, Start, fingerprint, fingerprint_len, head_len};
use crate::report::{FileReport, Progress as ProgressView, RejectNote, Status, Summary};
use crate::source::{Fill, Opened, SourceError};
use crate::split;
use crate::store::{Counts, Owners, Progress, Store, StoreError};
use rayon::prelude::*;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::time::{Duration, Instant};

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
    let path = registry_path(spec);
    let mut report = FileReport::new(&path.text, &spec.label);
    progress.set_file(&path.text);
    if let Err(message) = import_source(store, pool, spec, &path, config, progress, event_counts, &mut report)? {
        report.status = Status::Error;
        report.error = Some(format!("{}: {message}", path.text));
    }
    Ok(report)
}

/// Where reading a source stands: its framing position and the fingerprints of what is committed.
#[derive(Debug, Clone)]
struct Cursor {
    framer: Framer,
    fingerprint: String,
    fingerprint_len: u64,
    head_fingerprint: String,
}

impl Cursor {
    /// Brings the fingerprints up to what is committed (`framer.ingested`), from `head`.
    fn fingerprint(&mut self, head: &[u8]) {
        let ingested = self.framer.ingested;
        let want = fingerprint_len(ingested, head.len());
        if want > self.fingerprint_len {
            self.fingerprint = fingerprint(&head[..want as usize]);
            self.fingerprint_len = want;
        }
        let exact = (head_len(ingested) as usize).min(head.len());
        self.head_fingerprint = fingerprint(&head[..exact]);
    }
}

/// One chunk's worth of work for the writer.
struct Batch {
    records: Records,
    /// The VM each record belongs to (empty for raw QMP: the source itself).
    owners: Owners,
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
    let input::Discovery { mut specs, errors, mut skipped } = input::discover(&config.inputs, config.label.as_deref());
    input::exclude_database(&mut specs, &config.db, &mut skipped);
    let mut summary = Summary { warnings: skipped, ..Summary::default() };
    for error in errors {
        summary.files.push(FileReport::failed(&error.subject(), error.to_string()));
    }
    let mut store = Store::open(&config.db, config.lock_timeout)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.jobs)
        .thread_name(|i| format!("qmp-parse-{i}"))
        .start_handler(|_| yield_to_the_writer())
        .build()
        .map_err(|e| StoreError::Open { path: config.db.clone(), source: std::io::Error::other(e) })?;
    progress.set_total(specs.iter().map(disk_size).sum());
    for spec in &specs {
        if crate::interrupt::requested().is_some() {
            break;
        }
        let report = import_one(&mut store, &pool, spec, config, progress, &mut summary.event_counts)?;
        summary.files.push(report);
        // A transaction spans sources; one left open by many skipped ones is closed in time.
        if store.commit_due() == Some(Duration::ZERO) {
            store.commit()?;
        }
    }
    store.commit()?;
    summary.interrupted = crate::interrupt::requested();
    progress.finish();
    summary.elapsed = started.elapsed();
    summary.total_up();
    Ok(summary)
}

/// Lowers the calling parse thread's priority a little below the writer's (nice + 5).
///
/// The writer thread is the pipeline's narrowest stage: on a 2-core machine, the parse threads
/// share the cores with it, and with equal shares the scheduler took it off its core for about
/// a seventh of an import (measured with `perf sched`). A parse thread that yields to the writer
/// still has the other core and every moment the writer waits; about 4-5 % shorter imports
/// (A/B, 256 MiB and 1 GiB). Relative to the process's own niceness, so `nice qmp-ingest` still works;
/// where the system refuses, nothing changes.
fn yield_to_the_writer() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on the calling thread (who = 0: on Linux, this thread only).
    unsafe {
        let now = libc::getpriority(libc::PRIO_PROCESS, 0);
        libc::setpriority(libc::PRIO_PROCESS, 0, (now + 5).min(19));
    }
}

fn disk_size(spec: &InputSpec) -> u64 {
    match &spec.source {
        SourcePath::File(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
        SourcePath::Stdin => 0,
    }
}

/// The path a source is registered under: canonical where possible, `-` for stdin.
fn registry_path(spec: &InputSpec) -> RegistryPath {
    match &spec.source {
        SourcePath::Stdin => RegistryPath::stdin(),
        SourcePath::File(p) => RegistryPath::of(&std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())),
    }
}

/// Plans and streams one source into `report`. The outer error is fatal (the database); the
/// inner one is this source's own failure, as a message.
#[allow(clippy::too_many_arguments)]
fn import_source(
    store: &mut Store,
    pool: &rayon::ThreadPool,
    spec: &InputSpec,
    path: &RegistryPath,
    config: &Config,
    progress: &ProgressView,
    event_counts: &mut [u64; EVENTS.len()],
    report: &mut FileReport,
) -> Result<Result<(), String>, StoreError> {
    let mut opened = match Opened::open(&spec.source, config.max_line_bytes) {
        Ok(o) => o,
        Err(e) => return Ok(Err(crate::source::open_error(&e))),
    };
    let Positioned { file_id, cursor, format, state } =
        match position(store, &mut opened, spec, path, config, progress, report)? {
            Ok(Some(positioned)) => positioned,
            Ok(None) => return Ok(Ok(())),
            Err(message) => return Ok(Err(message)),
        };
    report.format = format.name().to_string();
    let decoder = match decoder_for(store, file_id, path, &report.label, format, state, cursor.framer.ingested, config)?
    {
        Ok(decoder) => decoder,
        Err(message) => return Ok(Err(message)),
    };
    let grown = report.status == Status::Grown;
    let (tx, rx) = sync_channel::<Batch>(2);
    let max_line_bytes = config.max_line_bytes;
    let jobs = config.jobs;
    let (written, produced) = std::thread::scope(|scope| {
        let producer = std::thread::Builder::new()
            .name("qmp-read".into())
            .spawn_scoped(scope, move || produce(opened, cursor, decoder, Parsing { pool, jobs, max_line_bytes }, tx))
            .map_err(|e| StoreError::Open { path: store.path().to_path_buf(), source: e });
        let producer = match producer {
            Ok(p) => p,
            Err(e) => return (Err(e), Ok(())),
        };
        let written = write_batches(store, file_id, rx, report, progress, event_counts);
        let produced =
            producer.join().unwrap_or_else(|_| Err(SourceError::Io(std::io::Error::other("reader thread panicked"))));
        (written, produced)
    });
    written?;
    match produced {
        // A read cut short by SIGINT/SIGTERM is the run stopping, not the file failing.
        Err(_) if crate::interrupt::requested().is_some() => {}
        Err(e) => return Ok(Err(e.to_string())),
        Ok(()) => {}
    }
    if grown && report.counts.lines == 0 {
        report.status = Status::Unchanged;
    }
    Ok(Ok(()))
}

/// Where the import of an opened source starts: its `files` row, read position and format.
struct Positioned {
    file_id: i64,
    cursor: Cursor,
    format: Format,
    /// The reader's saved state (`files.format_state`).
    state: Option<String>,
}

/// Carries out the registry's plan for `opened` (registering, renaming or relabelling its
/// `files` row) and moves it to where the import starts. `None`: nothing to import (the source
/// is unchanged, or a copy of one imported); the inner error is the source's own failure.
fn position(
    store: &mut Store,
    opened: &mut Opened,
    spec: &InputSpec,
    path: &RegistryPath,
    config: &Config,
    progress: &ProgressView,
    report: &mut FileReport,
) -> Result<Result<Option<Positioned>, String>, StoreError> {
    let mut plan = registry::plan(store.connection(), path, &spec.label, opened)?;
    loop {
        match plan {
            Plan::Copy { of, replaced } => {
                plan = match registry::compare_with_original(opened, &of) {
                    Ok(CopyCheck::Imported) => Plan::Skip(of),
                    Ok(CopyCheck::NewFrom(start)) => Plan::Fresh { replaced, start },
                    Err(e) => return Ok(Err(e.to_string())),
                };
            }
            Plan::Skip(row) => {
                report.status = Status::Unchanged;
                report.label = row.label;
                report.pending = row.pending;
                progress.advance(opened.disk_size.unwrap_or(0), 0);
                return Ok(Ok(None));
            }
            Plan::Resume { row, rename } => {
                return resume(store, opened, row, rename, spec, path, config, report).map(|r| r.map(Some));
            }
            Plan::Fresh { replaced, start } => {
                report.status = if replaced { Status::Replaced } else { Status::New };
                return fresh(store, opened, start, spec, path, config).map(|r| r.map(Some));
            }
        }
    }
}

/// Goes on with registered source `row` (renamed to `path` when `rename`) where its last
/// import stopped.
#[allow(clippy::too_many_arguments)]
fn resume(
    store: &mut Store,
    opened: &mut Opened,
    row: registry::FileRow,
    rename: bool,
    spec: &InputSpec,
    path: &RegistryPath,
    config: &Config,
    report: &mut FileReport,
) -> Result<Result<Positioned, String>, StoreError> {
    if rename {
        registry::rename(store.connection(), row.id, path)?;
    }
    report.label = row.label.clone();
    if row.label == STDIN_LABEL && spec.label != STDIN_LABEL {
        registry::relabel(store.connection(), row.id, &spec.label)?;
        report.label = spec.label.clone();
    }
    report.status = if rename { Status::Renamed } else { Status::Grown };
    let can_grow = opened.can_grow();
    let framer = Framer { ingested: row.ingested_bytes, lines: row.lines, tail_open: row.tail_open, can_grow };
    let head_fingerprint = row.head_fingerprint.unwrap_or_else(|| fingerprint(b""));
    let cursor =
        Cursor { framer, fingerprint: row.fingerprint, fingerprint_len: row.fingerprint_len, head_fingerprint };
    if let Err(e) = opened.skip_to(cursor.framer.ingested) {
        return Ok(Err(e.to_string()));
    }
    let mut format = Format::from_name(&row.format).unwrap_or(Format::Qmp);
    if row.ingested_bytes == 0 {
        // Registered while empty or too short to tell: tell now.
        let now = decode::format_of(config.format, &opened.head);
        if now != format {
            registry::set_format(store.connection(), row.id, now.name())?;
            format = now;
        }
    }
    Ok(Ok(Positioned { file_id: row.id, cursor, format, state: row.format_state }))
}

/// Registers `opened` as a new source at `path`, its import starting at `start`.
fn fresh(
    store: &mut Store,
    opened: &mut Opened,
    start: Start,
    spec: &InputSpec,
    path: &RegistryPath,
    config: &Config,
) -> Result<Result<Positioned, String>, StoreError> {
    let format = decode::format_of(config.format, &opened.head);
    let compression = opened.compression.as_str();
    let file_id = registry::register(store.connection(), path, &spec.label, compression, format.name())?;
    let Start { offset, lines } = start;
    let framer = Framer { ingested: offset, lines, tail_open: false, can_grow: opened.can_grow() };
    let mut cursor =
        Cursor { framer, fingerprint: fingerprint(b""), fingerprint_len: 0, head_fingerprint: String::new() };
    cursor.fingerprint(&opened.head);
    // A copy compared with its original is already positioned at `offset`.
    if opened.position() != offset
        && let Err(e) = opened.skip_to(offset)
    {
        return Ok(Err(e.to_string()));
    }
    Ok(Ok(Positioned { file_id, cursor, format, state: None }))
}

/// The decoder for a source in `format` (`None` for raw QMP, read as always), going on from the
/// reader `state` saved with what is committed. A libvirt log starting from its beginning with no
/// state of its own starts from its predecessor's (the log logrotate renamed), so the monitors
/// opened there are known. The inner error is the source's own failure.
#[allow(clippy::too_many_arguments)]
fn decoder_for(
    store: &Store,
    file_id: i64,
    path: &RegistryPath,
    label: &str,
    format: Format,
    state: Option<String>,
    ingested: u64,
    config: &Config,
) -> Result<Result<Option<Decoder>, String>, StoreError> {
    if format == Format::Qmp {
        return Ok(Ok(None));
    }
    let state = match state {
        None if ingested == 0 && format == Format::LibvirtLog => {
            registry::predecessor_state(store.connection(), file_id, path, label, format.name())?
        }
        state => state,
    };
    Ok(match Reader::resume(format, state.as_deref()) {
        Ok(reader) => Ok(Some(Decoder::new(reader, config.label.is_none()))),
        Err(e) => Err(e.to_string()),
    })
}

/// Writes the batches of one source as they come, committing when the store says a commit is
/// due ([`Store::commit_due`]) — also while waiting for the reader, so what a slow source (a pipe
/// fed slowly, a big compressed file) gave is committed within a second, not when it ends — and
/// after the source's first
/// batch (a small one), so that readers, and a run killed early, see at once that it started.
fn write_batches(
    store: &mut Store,
    file_id: i64,
    rx: Receiver<Batch>,
    report: &mut FileReport,
    progress: &ProgressView,
    event_counts: &mut [u64; EVENTS.len()],
) -> Result<(), StoreError> {
    let mut first = true;
    loop {
        let received = match store.commit_due() {
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(wait) => rx.recv_timeout(wait),
        };
        let batch = match received {
            Ok(batch) => batch,
            Err(RecvTimeoutError::Timeout) => {
                store.commit()?;
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        store.write(file_id, &batch.records, &batch.owners, &batch.progress, batch.bytes_read)?;
        if std::mem::take(&mut first) || store.commit_due() == Some(Duration::ZERO) {
            store.commit()?;
        }
        for (total, n) in event_counts.iter_mut().zip(batch.typed_by_event) {
            *total += n;
        }
        let room = REJECT_NOTES.saturating_sub(report.reject_notes.len());
        report.reject_notes.extend(batch.reject_notes.into_iter().take(room));
        for vm in &batch.owners.labels {
            if !report.vms.contains(vm) {
                report.vms.push(vm.clone());
            }
        }
        report.counts.add(&batch.progress.counts);
        report.pending = batch.progress.pending;
        report.bytes += batch.bytes_read;
        progress.advance(batch.bytes_read, batch.progress.counts.typed + batch.progress.counts.unknown);
    }
}

/// Parsed lines of one piece of a chunk: records numbered from 1 within the piece.
struct Piece {
    records: Segment,
    counts: Counts,
}

fn parse_piece(parser: &mut Parser, bytes: &[u8], offset: u64, max_line_bytes: usize) -> Piece {
    let mut piece = Piece { records: Segment::for_input(bytes.len()), counts: Counts::default() };
    for (n, range) in split::lines(bytes).enumerate() {
        let line = n as u64 + 1;
        let byte_offset = offset + range.start as u64;
        let text = &bytes[range];
        piece.counts.lines += 1;
        let outcome = parser.parse_line(without_bom(text, byte_offset), &mut piece.records.rows);
        if let Some(record) = to_record(outcome, line, byte_offset, text, max_line_bytes, &mut piece.counts) {
            piece.records.list.push(record);
        }
    }
    piece
}

/// How lines are parsed: on which pool, in how many pieces, with what line limit.
#[derive(Clone, Copy)]
struct Parsing<'p> {
    pool: &'p rayon::ThreadPool,
    jobs: usize,
    max_line_bytes: usize,
}

impl Parsing<'_> {
    /// Parses whole lines `body` (at `offset`) in parallel and appends their records, numbered
    /// after `framer`'s last line, to `records`.
    fn body(self, body: &[u8], offset: u64, framer: &mut Framer, records: &mut Records, counts: &mut Counts) {
        let max = self.max_line_bytes;
        let ranges = split::pieces(body, self.jobs * 4);
        let pieces: Vec<Piece> = self.pool.install(|| {
            ranges
                .par_iter()
                .map_init(
                    || Parser::new(max),
                    |parser, r| parse_piece(parser, &body[r.clone()], offset + r.start as u64, max),
                )
                .collect()
        });
        for piece in pieces {
            records.append(Records::from(piece.records), framer.lines);
            framer.lines += piece.counts.lines;
            counts.add(&piece.counts);
        }
        framer.ingested = offset + body.len() as u64;
    }
}

/// Reads `opened` from `cursor` to its end, parsing on `pool` and sending one batch per chunk.
/// Raw QMP lines go straight to the parser; those of other formats through `decoder`.
fn produce(
    mut opened: Opened,
    mut cursor: Cursor,
    mut decoder: Option<Decoder>,
    parsing: Parsing<'_>,
    tx: SyncSender<Batch>,
) -> Result<(), SourceError> {
    let max_line_bytes = parsing.max_line_bytes;
    let head = std::mem::take(&mut opened.head);
    let (disk_size, mtime_ns) = (opened.disk_size, opened.mtime_ns);
    let mut tail_parser = Parser::new(max_line_bytes);
    // A map starts counting where the import resumes; a stream from its first byte (the
    // fingerprint's head has already been read through it).
    let mut raw_position = if opened.is_mapped() { opened.raw_position() } else { 0 };
    loop {
        let mut chunk = Chunk::default();
        let (consumed, eof) = match opened.fill()? {
            Fill::Overlong { head: line_head, offset, len, terminated } => {
                match cursor.framer.overlong(line_head, offset, len, terminated, max_line_bytes) {
                    Some(edge) => match &mut decoder {
                        Some(decoder) => chunk.edges.push(decoder.overlong(edge, line_head)),
                        None => chunk.edges.push(edge),
                    },
                    None => chunk.examined_extra = len,
                }
                (0, !terminated)
            }
            Fill::Lines { bytes, offset, eof } => {
                let lines = Lines { bytes, offset, eof };
                chunk.lines(lines, &mut cursor.framer, decoder.as_mut(), parsing, &mut tail_parser);
                ((cursor.framer.ingested - offset) as usize, eof)
            }
        };
        for edge in std::mem::take(&mut chunk.edges) {
            chunk.records.extend(edge.record);
            chunk.counts.add(&edge.counts);
        }
        if decoder.is_some() {
            chunk.owned.fill_to(chunk.records.len());
        }
        // Nothing read may be trusted until we know the file did not shrink under the map.
        opened.check()?;
        opened.consume(consumed);
        let read = opened.raw_position().saturating_sub(raw_position);
        raw_position += read;
        cursor.fingerprint(&head);
        let framer = cursor.framer;
        let progress = Progress {
            ingested_bytes: framer.ingested,
            size: framer.ingested + chunk.examined_extra,
            lines: framer.lines,
            tail_open: framer.tail_open,
            pending: u64::from(chunk.examined_extra > 0),
            fingerprint: cursor.fingerprint.clone(),
            fingerprint_len: cursor.fingerprint_len,
            head_fingerprint: cursor.head_fingerprint.clone(),
            counts: chunk.counts,
            // Recorded only once the whole source has been read: a compressed file whose import
            // stopped half-way must not look unchanged to the next run.
            disk_size: disk_size.filter(|_| eof),
            mtime_ns: mtime_ns.filter(|_| eof),
            format_state: decoder.as_ref().and_then(Decoder::state),
        };
        let (records, owners) = (chunk.records, chunk.owned.owners);
        let (typed_by_event, reject_notes) = tally(&records);
        if tx.send(Batch { records, owners, progress, bytes_read: read, typed_by_event, reject_notes }).is_err() {
            return Ok(()); // the writer stopped; it reports why
        }
        if eof || crate::interrupt::requested().is_some() {
            return Ok(());
        }
    }
}

/// The bytes of one [`Fill::Lines`].
struct Lines<'a> {
    bytes: &'a [u8],
    offset: u64,
    eof: bool,
}

/// What one chunk of a source becomes, on its way into a [`Batch`].
#[derive(Default)]
struct Chunk {
    records: Records,
    owned: Owned,
    counts: Counts,
    edges: Vec<Edge>,
    /// Bytes looked at beyond what is committed: a pending final line.
    examined_extra: u64,
}

impl Chunk {
    /// Frames `fill` and reads its lines: raw QMP straight into the parser, other formats
    /// through `decoder`.
    fn lines(
        &mut self,
        fill: Lines<'_>,
        framer: &mut Framer,
        decoder: Option<&mut Decoder>,
        parsing: Parsing<'_>,
        tail_parser: &mut Parser,
    ) {
        let Lines { bytes, offset, eof } = fill;
        let framed = framer.split(bytes, offset, eof, &mut self.edges);
        self.records.extend(self.edges.iter_mut().filter_map(|e| e.record.take()));
        self.edges.iter().for_each(|e| self.counts.add(&e.counts));
        self.edges.clear();
        if framed.skipped > 0 {
            framer.ingested = offset + framed.skipped as u64;
        }
        let (body, body_offset, tail) = (framed.body, framed.body_offset, framed.tail);
        let tail_offset = body_offset + body.len() as u64;
        let max_line_bytes = parsing.max_line_bytes;
        let Some(decoder) = decoder else {
            parsing.body(body, body_offset, framer, &mut self.records, &mut self.counts);
            match framer.finish(tail_parser, tail, tail_offset, max_line_bytes, self.records.rows_mut()) {
                Some(edge) => self.edges.push(edge),
                None => self.examined_extra = tail.len() as u64,
            }
            return;
        };
        let out = Out { records: &mut self.records, owned: &mut self.owned, counts: &mut self.counts };
        decoder.body(parsing.pool, max_line_bytes, body, body_offset, framer, out);
        let out = Out { records: &mut self.records, owned: &mut self.owned, counts: &mut self.counts };
        if !decoder.tail(parsing.pool, max_line_bytes, tail, tail_offset, framer, out) {
            self.examined_extra = tail.len() as u64;
        }
    }
}

/// Typed rows per catalog event, and the first rejected lines, of a batch's records.
fn tally(records: &Records) -> ([u64; EVENTS.len()], Vec<RejectNote>) {
    let mut typed_by_event = [0u64; EVENTS.len()];
    let mut reject_notes = Vec::new();
    for record in records.iter() {
        match record {
            Record::Typed { row, .. } => typed_by_event[row.table as usize] += 1,
            Record::Reject { at, rejected } if reject_notes.len() < REJECT_NOTES => {
                reject_notes.push(RejectNote { at: *at, reason: rejected.reason.clone() });
            }
            _ => {}
        }
    }
    (typed_by_event, reject_notes)
}
