//! Framing: where lines begin and end across reads and across runs (README, "The database": lines).
//!
//! The source hands out bytes a chunk at a time ([`crate::source::Fill`]); this module owns what
//! is special about their edges, so the driver only parses the whole lines in between:
//!
//! - the **continuation** of a final line that an earlier run imported without its newline
//!   (`tail_open`): the newline that arrives later ends that same line; bytes appended before it
//!   are kept in `rejects`, never taken for a new line;
//! - the **final unterminated line** at the end of the content: imported when it is complete
//!   (an event or a non-event line), left pending otherwise — unless the source cannot grow (a
//!   compressed file, standard input, a FIFO): then it is as complete as it will ever be, and a
//!   line that is not a whole event is rejected as truncated;
//! - **overlong lines**, cut short by the source: rejected with their first bytes kept, or, when
//!   the content ends inside one, pending (a file that may grow) or rejected (one that cannot);
//! - the byte order mark that may open a source.
//!
//! [`Framer`] carries the position (offset, line number, `tail_open`) from one chunk to the next
//! and, through the registry, from one run to the next.

use crate::parse::{Outcome, Parser, is_blank};
use crate::records::{Record, Rows, UnknownEvent};
use crate::source::OVERLONG_KEEP;
use crate::split::Position;
use crate::store::Counts;

/// Where reading a source stands: what the registry records after each batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Framer {
    /// Offset just past the last line framed.
    pub ingested: u64,
    /// Number of the last line framed.
    pub lines: u64,
    /// The last line framed had no newline (it was imported as complete).
    pub tail_open: bool,
    /// The source can still grow (a plain regular file); else its end is final.
    pub can_grow: bool,
}

/// The lines of one [`crate::source::Fill::Lines`], as framed.
#[derive(Debug)]
pub struct Framed<'a> {
    /// Whole lines to parse, each ending in `\n`.
    pub body: &'a [u8],
    /// Offset of `body[0]` in the content.
    pub body_offset: u64,
    /// Bytes of the fill before `body` (a continuation).
    pub skipped: usize,
    /// The final bytes after `body` that have no newline (at the end of the content only).
    pub tail: &'a [u8],
}

/// A line that begins and ends within what was read, and what became of it.
pub struct Edge {
    /// The record to store, if any (a typed one's values are in the [`Rows`] it was parsed into).
    pub record: Option<Record>,
    /// The counts it adds.
    pub counts: Counts,
}

/// A UTF-8 byte order mark at the very start of a source is ignored, as RFC 8259 allows (§8.1);
/// anywhere else it is an error like any other stray byte.
pub fn without_bom(text: &[u8], byte_offset: u64) -> &[u8] {
    match byte_offset {
        0 => text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text),
        _ => text,
    }
}

impl Framer {
    /// Splits `bytes` (read at `offset`; `eof` when the content ends there) into a continuation
    /// of an open line, whole lines and an unterminated tail. The continuation's reject, if any,
    /// goes to `edges`.
    pub fn split<'a>(&mut self, bytes: &'a [u8], offset: u64, eof: bool, edges: &mut Vec<Edge>) -> Framed<'a> {
        let mut at = 0usize;
        if self.tail_open {
            match memchr::memchr(b'\n', bytes) {
                Some(i) => {
                    let continuation = &bytes[..i];
                    if !is_blank(continuation) {
                        edges.push(Edge {
                            record: Some(Record::reject(
                                Position { line: self.lines, byte: offset },
                                format!(
                                    "{} bytes were appended to line {} after it had been imported as complete; they are kept here",
                                    continuation.len(),
                                    self.lines
                                ),
                                continuation.to_vec(),
                            )),
                            counts: Counts { rejects: 1, ..Counts::default() },
                        });
                    }
                    self.tail_open = false;
                    at = i + 1;
                }
                None => at = if is_blank(bytes) { bytes.len() } else { 0 },
            }
        }
        let rest = &bytes[at..];
        let complete = if eof { crate::split::complete_end(rest) } else { rest.len() };
        Framed { body: &rest[..complete], body_offset: offset + at as u64, skipped: at, tail: &rest[complete..] }
    }

    /// Decides the unterminated `tail` at the end of the content, read at `offset`: `Some`
    /// when it is taken (imported, rejected as truncated, or counted as blank), `None` when it
    /// stays pending for a later run. A tail that continues an open line is never here
    /// ([`Framer::split`] consumed it). A typed line's values go to `rows`.
    pub fn finish(
        &mut self,
        parser: &mut Parser,
        tail: &[u8],
        offset: u64,
        max_line_bytes: usize,
        rows: &mut Rows,
    ) -> Option<Edge> {
        if tail.is_empty() || self.tail_open {
            return None;
        }
        let outcome = parser.parse_line(without_bom(tail, offset), rows);
        let complete = matches!(outcome, Outcome::Typed { .. } | Outcome::Unknown { .. } | Outcome::NonEvent);
        let outcome = match outcome {
            _ if complete => outcome,
            // Only a typed line leaves values in `rows`, and it is complete.
            _ if self.can_grow => return None,
            Outcome::Blank => Outcome::Blank,
            Outcome::Rejected { reason } => Outcome::Rejected { reason: truncated(&reason) },
            other => other,
        };
        let line = self.lines + 1;
        let mut counts = Counts { lines: 1, ..Counts::default() };
        let record = to_record(outcome, line, offset, tail, max_line_bytes, &mut counts);
        self.lines = line;
        self.ingested = offset + tail.len() as u64;
        // A blank tail in a stream ends nothing; a real line may yet get its newline (a
        // compressed file rewritten longer), which must not make a new line.
        self.tail_open = record.is_some() || counts.non_event > 0;
        Some(Edge { record, counts })
    }

    /// A line longer than `--max-line-bytes` at `offset`, `len` bytes without its newline, of
    /// which `head` was kept; `terminated` when its newline was found. `None` when it stays
    /// pending (the content ends inside it and the file may grow).
    pub fn overlong(
        &mut self,
        head: &[u8],
        offset: u64,
        len: u64,
        terminated: bool,
        max_line_bytes: usize,
    ) -> Option<Edge> {
        if !terminated && self.can_grow {
            return None;
        }
        let continues_open_line = std::mem::take(&mut self.tail_open);
        if !continues_open_line {
            self.lines += 1;
        }
        let mut reason = format!("line is {len} bytes, longer than --max-line-bytes {max_line_bytes}");
        if !terminated {
            reason = truncated(&reason);
        }
        self.ingested = offset + len + u64::from(terminated);
        self.tail_open = !terminated;
        Some(Edge {
            record: Some(Record::reject(Position { line: self.lines, byte: offset }, reason, head.to_vec())),
            counts: Counts { lines: u64::from(!continues_open_line), rejects: 1, ..Counts::default() },
        })
    }
}

/// The reason for a final line that a source ended inside of.
pub fn truncated(reason: &str) -> String {
    format!("truncated: the source ends inside this line, without a newline, and cannot grow ({reason})")
}

/// What a parsed line becomes: a record to store (events and rejects) or only a count.
pub fn to_record(
    outcome: Outcome,
    line: u64,
    byte_offset: u64,
    text: &[u8],
    max_line_bytes: usize,
    counts: &mut Counts,
) -> Option<Record> {
    match outcome {
        Outcome::Typed { ts_us, row } => {
            counts.typed += 1;
            Some(Record::Typed { line, ts_us, row })
        }
        Outcome::Unknown { ts_us, name, data, extra } => {
            counts.unknown += 1;
            Some(Record::Unknown { line, ts_us, event: Box::new(UnknownEvent { name, data, extra }) })
        }
        Outcome::Rejected { reason } => {
            counts.rejects += 1;
            let keep = if text.len() > max_line_bytes { OVERLONG_KEEP.min(text.len()) } else { text.len() };
            Some(Record::reject(Position { line, byte: byte_offset }, reason, text[..keep].to_vec()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Rejected;

    fn framer(can_grow: bool) -> Framer {
        Framer { can_grow, ..Framer::default() }
    }

    const EVENT: &[u8] = br#"{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}}"#;

    #[test]
    fn a_complete_final_line_is_imported_and_an_incomplete_one_waits_in_a_growing_file() {
        let mut parser = Parser::new(1 << 20);
        let mut f = framer(true);
        let edge = f.finish(&mut parser, EVENT, 10, 1 << 20, &mut Rows::default()).expect("complete: imported");
        assert!(matches!(edge.record, Some(Record::Typed { line: 1, .. })));
        assert!(f.tail_open);
        assert_eq!(f.ingested, 10 + EVENT.len() as u64);
        let mut f = framer(true);
        assert!(f.finish(&mut parser, &EVENT[..20], 0, 1 << 20, &mut Rows::default()).is_none(), "pending");
        assert_eq!(f, framer(true));
    }

    #[test]
    fn an_incomplete_final_line_of_a_source_that_cannot_grow_is_rejected_as_truncated() {
        let mut parser = Parser::new(1 << 20);
        let mut f = framer(false);
        let edge = f.finish(&mut parser, &EVENT[..20], 5, 1 << 20, &mut Rows::default()).expect("taken");
        let Some(Record::Reject { at, rejected }) = edge.record else { panic!("not a reject") };
        let Rejected { reason, raw } = *rejected;
        assert_eq!((at.line, at.byte), (1, 5));
        assert!(reason.starts_with("truncated"), "{reason}");
        assert_eq!(raw, &EVENT[..20]);
        assert_eq!((edge.counts.lines, edge.counts.rejects), (1, 1));
        let edge = framer(false).finish(&mut parser, b"  \r", 0, 1 << 20, &mut Rows::default()).expect("taken");
        assert_eq!((edge.counts.lines, edge.counts.blank, edge.record.is_none()), (1, 1, true));
    }

    #[test]
    fn overlong_lines() {
        let mut f = framer(true);
        assert!(f.overlong(b"{", 0, 100, false, 10).is_none(), "pending in a file that may grow");
        let edge = f.overlong(b"{", 0, 100, true, 10).expect("terminated: rejected");
        assert_eq!(f.ingested, 101);
        assert_eq!(edge.counts.lines, 1);
        let mut f = framer(false);
        let edge = f.overlong(b"{", 0, 100, false, 10).expect("stream: rejected");
        let Some(Record::Reject { rejected, .. }) = edge.record else { panic!() };
        let reason = rejected.reason;
        assert!(reason.contains("truncated") && reason.contains("longer than"), "{reason}");
        assert_eq!(f.ingested, 100);
    }

    #[test]
    fn a_continuation_ends_the_open_line() {
        let mut f = Framer { tail_open: true, lines: 3, ingested: 50, can_grow: true };
        let mut edges = Vec::new();
        let framed = f.split(b"xy\n{\"a\":1}\n", 50, true, &mut edges);
        assert_eq!(framed.skipped, 3);
        assert_eq!(framed.body, b"{\"a\":1}\n");
        assert_eq!(framed.body_offset, 53);
        assert_eq!(edges.len(), 1, "the appended bytes are kept");
        let mut f = Framer { tail_open: true, lines: 3, ingested: 50, can_grow: true };
        let framed = f.split(b"\r\nrest", 50, true, &mut Vec::new());
        assert_eq!((framed.skipped, framed.body, framed.tail), (2, &b""[..], &b"rest"[..]));
    }
}
