//! Decode: the stage between framing and parsing for sources that are not raw QMP — virsh
//! output, libvirt daemon logs, KubeVirt logs ([`crate::formats`]).
//!
//! Raw QMP lines go straight to the parser ([`crate::ingest`]), exactly as always. A line of any
//! other format is first read by its format's [`Reader`], sequentially, on the producer thread
//! (a libvirt log's reader learns from the records before an event which domain its monitor
//! belongs to); only the QMP JSON of the events found is then parsed, in parallel. Each record
//! gets its owner ([`Owners`]): the child row of the VM the format names, or the source itself
//! when it names none or `--label` was given. Records that are not events are counted
//! (`non_event`), never stored, never rejected. Line numbers and byte offsets stay those of the
//! physical source.

use crate::formats::{Format, Line, Reader};
use crate::framing::{Edge, Framer, to_record, truncated, without_bom};
use crate::parse::{Outcome, Parser};
use crate::records::{Record, Records, Segment};
use crate::split::{self, Position};
use crate::store::{Counts, Owners};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;

/// The format to read a source in: `forced` (`--format`) or, for `auto`, the one [`detect`]
/// finds in its first bytes. `--format virsh` reads `--timestamp` output as such.
///
/// [`detect`]: crate::formats::detect
pub fn format_of(forced: Option<Format>, head: &[u8]) -> Format {
    let detected = crate::formats::detect(head);
    match forced {
        None => detected,
        Some(Format::Virsh) if detected == Format::VirshReceiveTime => detected,
        Some(format) => format,
    }
}

/// Reads one source's lines in a format other than raw QMP.
#[derive(Debug)]
pub struct Decoder {
    reader: Reader,
    /// Events go to the VM the format names; `false` with `--label`: all to the source.
    per_vm: bool,
}

/// The owners of a batch's records, with the labels interned.
#[derive(Debug, Default)]
pub struct Owned {
    /// What goes to the store with the records.
    pub owners: Owners,
    index: HashMap<String, u32>,
}

impl Owned {
    /// The owner of an event labelled `label` (0: the source itself).
    fn owner(&mut self, label: Option<&str>) -> u32 {
        let Some(label) = label else { return 0 };
        if let Some(&owner) = self.index.get(label) {
            return owner;
        }
        self.owners.labels.push(label.to_string());
        let owner = self.owners.labels.len() as u32;
        self.index.insert(label.to_string(), owner);
        owner
    }

    /// Records up to `len` without an owner yet belong to the source itself.
    pub fn fill_to(&mut self, len: usize) {
        self.owners.of.resize(len, 0);
    }
}

/// A line the reader has classified, waiting for the parser (events) or not (rejects).
struct Item<'a> {
    line: u64,
    offset: u64,
    text: &'a [u8],
    owner: u32,
    what: What<'a>,
}

enum What<'a> {
    Event { json: Cow<'a, [u8]>, at: Option<usize>, receive_time_us: Option<i64> },
    Rejected(String),
}

/// Where a batch's decoded lines go: records, their owners and the counts.
pub struct Out<'o> {
    /// The batch's records so far.
    pub records: &'o mut Records,
    /// Their owners.
    pub owned: &'o mut Owned,
    /// The batch's counts.
    pub counts: &'o mut Counts,
}

impl Decoder {
    /// A decoder for a source read by `reader`; `per_vm` unless `--label` names every event's VM.
    pub fn new(reader: Reader, per_vm: bool) -> Decoder {
        Decoder { reader, per_vm }
    }

    /// What must be saved with the batch to resume after its last line (`files.format_state`).
    pub fn state(&self) -> Option<String> {
        self.reader.state()
    }

    /// Reads the whole lines `body` (at `offset`, numbered after `framer.lines`), parses their
    /// events on `pool` and appends the records to `out`.
    pub fn body(
        &mut self,
        pool: &rayon::ThreadPool,
        max_line_bytes: usize,
        body: &[u8],
        offset: u64,
        framer: &mut Framer,
        out: Out<'_>,
    ) {
        let mut items = Vec::new();
        for range in split::lines(body) {
            framer.lines += 1;
            out.counts.lines += 1;
            let byte_offset = offset + range.start as u64;
            let text = &body[range];
            let (line, owned) = (framer.lines, &mut *out.owned);
            let (owner, what) = match self.reader.read_line(without_bom(text, byte_offset)) {
                Line::Event(e) => {
                    let owner = if self.per_vm { owned.owner(e.label.as_deref()) } else { 0 };
                    (owner, What::Event { json: e.json, at: e.at, receive_time_us: e.receive_time_us })
                }
                Line::NotEvent => {
                    out.counts.non_event += 1;
                    continue;
                }
                Line::Blank => {
                    out.counts.blank += 1;
                    continue;
                }
                Line::Rejected(reason) => (0, What::Rejected(reason)),
            };
            items.push(Item { line, offset: byte_offset, text, owner, what });
        }
        framer.ingested = offset + body.len() as u64;
        let parts: Vec<Part> = pool.install(|| {
            items
                .par_chunks(256)
                .map_init(
                    || Parser::new(max_line_bytes),
                    |parser, items| {
                        let mut part = Part::default();
                        items.iter().for_each(|item| part.add(parser, item, max_line_bytes));
                        part
                    },
                )
                .collect()
        });
        out.owned.fill_to(out.records.len());
        for part in parts {
            out.counts.add(&part.counts);
            out.owned.owners.of.extend(part.owners);
            out.records.append(Records::from(part.records), 0);
        }
    }

    /// Decides the unterminated `tail` at the end of the content, read at `offset`: `true` when
    /// it is taken, `false` when it stays pending. In these formats a line is whole only with its
    /// newline, so the tail of a file that may grow waits; that of a source that cannot grow is
    /// read as it is, and whatever in it is not a whole event is rejected as truncated.
    pub fn tail(
        &mut self,
        pool: &rayon::ThreadPool,
        max_line_bytes: usize,
        tail: &[u8],
        offset: u64,
        framer: &mut Framer,
        out: Out<'_>,
    ) -> bool {
        if tail.is_empty() || framer.tail_open || framer.can_grow {
            return false;
        }
        let (first, before) = (out.records.len(), *out.counts);
        let records = &mut *out.records;
        let counts = &mut *out.counts;
        self.body(pool, max_line_bytes, tail, offset, framer, Out { records, owned: out.owned, counts });
        for record in records.iter_mut().skip(first) {
            if let Record::Reject { rejected, .. } = record {
                rejected.reason = truncated(&rejected.reason);
            }
        }
        // As for raw QMP: a line taken without its newline is open; what follows it continues it.
        framer.tail_open = records.len() > first || counts.non_event > before.non_event;
        true
    }

    /// An overlong line (`edge`, its reject from [`Framer::overlong`]) whose first bytes are
    /// `head`: a record that is not an event is counted as such instead.
    pub fn overlong(&mut self, edge: Edge, head: &[u8]) -> Edge {
        match self.reader.read_line(head) {
            Line::NotEvent | Line::Blank => {
                Edge { record: None, counts: Counts { lines: edge.counts.lines, non_event: 1, ..Counts::default() } }
            }
            Line::Event(_) | Line::Rejected(_) => edge,
        }
    }
}

/// The records of some classified lines, their owners and the counts they add.
#[derive(Default)]
struct Part {
    records: Segment,
    owners: Vec<u32>,
    counts: Counts,
}

impl Part {
    /// Parses one classified line into this part.
    fn add(&mut self, parser: &mut Parser, item: &Item<'_>, max_line_bytes: usize) {
        let outcome = match &item.what {
            What::Event { json, at, receive_time_us } => match parser.parse_line(json, &mut self.records.rows) {
                Outcome::Typed { ts_us, row } => Outcome::Typed { ts_us: receive_time_us.or(ts_us), row },
                Outcome::Unknown { ts_us, name, data, extra } => {
                    Outcome::Unknown { ts_us: receive_time_us.or(ts_us), name, data, extra }
                }
                Outcome::Rejected { reason } => Outcome::Rejected { reason: in_physical_line(&reason, *at) },
                other => other,
            },
            What::Rejected(reason) => {
                self.counts.rejects += 1;
                let at = Position { line: item.line, byte: item.offset };
                let raw = item.text[..item.text.len().min(crate::source::OVERLONG_KEEP)].to_vec();
                self.records.list.push(Record::reject(at, reason.clone(), raw));
                self.owners.push(0);
                return;
            }
        };
        let record = to_record(outcome, item.line, item.offset, item.text, max_line_bytes, &mut self.counts);
        if let Some(record) = record {
            self.records.list.push(record);
            self.owners.push(item.owner);
        }
    }
}

/// A parser's reason about QMP JSON found at byte `at` of the physical line, with its byte
/// position ("at byte N of the line") moved to count from the start of the physical line.
fn in_physical_line(reason: &str, at: Option<usize>) -> String {
    const BEFORE: &str = "at byte ";
    const AFTER: &str = " of the line";
    let Some(at) = at.filter(|&at| at > 0) else { return reason.to_string() };
    let Some(start) = reason.find(BEFORE).map(|i| i + BEFORE.len()) else { return reason.to_string() };
    let digits = reason[start..].bytes().take_while(u8::is_ascii_digit).count();
    match reason[start..start + digits].parse::<usize>() {
        Ok(n) if reason[start + digits..].starts_with(AFTER) => {
            format!("{}{}{}", &reason[..start], n + at, &reason[start + digits..])
        }
        _ => reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool() -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap()
    }

    fn decode(format: Format, text: &[u8], can_grow: bool) -> (Vec<Record>, Owned, Counts, Framer, bool) {
        let mut decoder = Decoder::new(Reader::new(format), true);
        let (mut records, mut owned, mut counts) = (Records::default(), Owned::default(), Counts::default());
        let mut framer = Framer { can_grow, ..Framer::default() };
        let end = split::complete_end(text);
        let pool = pool();
        let out = Out { records: &mut records, owned: &mut owned, counts: &mut counts };
        decoder.body(&pool, 1 << 20, &text[..end], 0, &mut framer, out);
        let out = Out { records: &mut records, owned: &mut owned, counts: &mut counts };
        let taken = decoder.tail(&pool, 1 << 20, &text[end..], end as u64, &mut framer, out);
        (records.into_list(), owned, counts, framer, taken)
    }

    const VIRSH: &[u8] = b"event STOP at 1796169109.481306 for domain 'web01': <null>\n\
event RESUME at 1796169110.000001 for domain 'db 01': <null>\n\
event STOP at 1796169111.000002 for domain 'web01': {\"x\":1}\n\
events received: 3\n\n";

    #[test]
    fn events_get_the_owner_of_their_vm_and_other_lines_are_counted() {
        let (records, owned, counts, framer, taken) = decode(Format::Virsh, VIRSH, true);
        assert!(!taken, "nothing after the last newline");
        assert_eq!(owned.owners.labels, ["web01", "db 01"]);
        assert_eq!(owned.owners.of, [1, 2, 1]);
        let lines: Vec<u64> = records
            .iter()
            .map(|r| match r {
                Record::Typed { line, ts_us, .. } => {
                    assert!(ts_us.is_some());
                    *line
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(lines, [1, 2, 3]);
        assert_eq!((counts.lines, counts.typed, counts.non_event, counts.blank), (5, 3, 1, 1));
        assert_eq!((framer.lines, framer.ingested), (5, VIRSH.len() as u64));
    }

    #[test]
    fn a_final_line_waits_for_its_newline_unless_the_source_cannot_grow() {
        let text = b"event STOP at 1.000002 for domain 'a': <null>\nevent STOP at 1.000003 for dom";
        let (records, _, _, framer, taken) = decode(Format::Virsh, text, true);
        assert!(!taken);
        assert_eq!((records.len(), framer.lines), (1, 1));
        let (records, owned, counts, framer, taken) = decode(Format::Virsh, text, false);
        assert!(taken && framer.tail_open);
        let Record::Reject { rejected, at } = &records[1] else { panic!("{:?}", records[1]) };
        assert!(rejected.reason.starts_with("truncated"), "{}", rejected.reason);
        assert_eq!((at.line, at.byte), (2, 46));
        assert_eq!((counts.rejects, owned.owners.of.as_slice()), (1, &[1, 0][..]));
    }

    #[test]
    fn receive_times_replace_the_missing_qemu_time() {
        let line = b"2026-12-01 23:52:03.677+0000: event SHUTDOWN for domain 'web01': {\"guest\":false}\n";
        let (records, ..) = decode(Format::VirshReceiveTime, line, true);
        let Record::Typed { ts_us, .. } = &records[0] else { panic!() };
        assert_eq!(*ts_us, Some(1_796_169_123_677_000));
    }

    #[test]
    fn reject_positions_count_from_the_start_of_the_physical_line() {
        assert_eq!(
            in_physical_line("invalid JSON at byte 5 of the line: x", Some(100)),
            "invalid JSON at byte 105 of the line: x"
        );
        assert_eq!(in_physical_line("invalid JSON at byte 5 of the line", None), "invalid JSON at byte 5 of the line");
        assert_eq!(in_physical_line("data.x: expected a string", Some(9)), "data.x: expected a string");
        let log =
            b"2026-12-01 23:51:49.481+0000: 1: info : f:1 : QEMU_MONITOR_RECV_EVENT: mon=0x1 event={\"event\": 1}\n";
        let (records, _, counts, ..) = decode(Format::LibvirtLog, log, true);
        assert_eq!(counts.rejects, 1);
        let Record::Reject { rejected, .. } = &records[0] else { panic!() };
        assert_eq!(rejected.raw.as_slice(), &log[..log.len() - 1]);
        assert!(!rejected.reason.is_empty());
    }

    #[test]
    fn forced_formats() {
        let receive = b"2026-12-01 23:52:03.677+0000: event STOP for domain 'a': <null>\n";
        assert_eq!(format_of(None, receive), Format::VirshReceiveTime);
        assert_eq!(format_of(Some(Format::Virsh), receive), Format::VirshReceiveTime);
        assert_eq!(format_of(Some(Format::Virsh), b""), Format::Virsh);
        assert_eq!(format_of(Some(Format::Qmp), receive), Format::Qmp);
        assert_eq!(format_of(Some(Format::LibvirtLog), b"{}"), Format::LibvirtLog);
    }
}
