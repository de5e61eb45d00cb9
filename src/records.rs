//! Records: what the parser makes of lines and the store writes, one batch at a time.
//!
//! A typed row's column values live side by side in its batch's arena ([`Rows`]): one vector
//! of values and one buffer of text for all the rows, so parsing allocates nothing per row, the
//! store binds text straight from the buffer (no copy into SQLite), and a whole batch is freed
//! in a few deallocations. Unknown events and rejects, which are rare, carry their own strings.
//! Every value is already what its column stores: booleans as 0/1, `uint64` values above
//! 2^63-1 as their exact decimal text, arrays and `any` as compact JSON text.

use crate::catalog::EVENTS;
use crate::split::Position;

/// One column value of a typed row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// SQL NULL: the member was absent or `null`.
    Null,
    /// INTEGER.
    Int(i64),
    /// REAL.
    Real(f64),
    /// TEXT: bytes `start..start + len` of the arena's text (always UTF-8).
    Text { start: u32, len: u32 },
}

/// Where a typed row's values are in its [`Rows`]: the event table, then the data columns in
/// catalog order followed by `extra`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRef {
    /// Index into [`EVENTS`].
    pub table: u16,
    first: u32,
}

impl RowRef {
    /// The catalog entry of the row's event.
    pub fn def(self) -> &'static crate::catalog::EventDef {
        &EVENTS[self.table as usize]
    }
}

/// The arena of a batch's typed rows.
///
/// Offsets are `u32`: a batch is one read of a source, a few MiB, or one line of at most
/// `--max-line-bytes` (1 GiB at most), so its text stays far below 4 GiB.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Rows {
    values: Vec<Value>,
    text: Vec<u8>,
}

impl Rows {
    /// An arena sized for about `bytes` of input lines.
    pub fn for_input(bytes: usize) -> Rows {
        Rows { values: Vec::with_capacity(bytes / 24), text: Vec::with_capacity(bytes / 4) }
    }

    /// Empties the arena, keeping its memory.
    pub fn clear(&mut self) {
        self.values.clear();
        self.text.clear();
    }

    /// How much text the arena holds: a mark to [`Rows::truncate_text`] back to.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Forgets the text written after `mark` (that of a line rejected half-way).
    pub fn truncate_text(&mut self, mark: usize) {
        self.text.truncate(mark);
    }

    /// Stores `bytes` (UTF-8) as a text value.
    pub fn text_value(&mut self, bytes: &[u8]) -> Value {
        let start = self.text.len();
        self.text.extend_from_slice(bytes);
        Value::Text { start: start as u32, len: bytes.len() as u32 }
    }

    /// Writes text with `write`, which appends UTF-8 to the buffer it is given, as one value.
    pub fn text_with(&mut self, write: impl FnOnce(&mut Vec<u8>)) -> Value {
        let start = self.text.len();
        write(&mut self.text);
        Value::Text { start: start as u32, len: (self.text.len() - start) as u32 }
    }

    /// Appends a row of event `table` with `values` (data columns, then `extra`).
    pub fn push_row(&mut self, table: usize, values: &[Value]) -> RowRef {
        debug_assert_eq!(values.len(), EVENTS[table].columns.len() + 1);
        let first = self.values.len() as u32;
        self.values.extend_from_slice(values);
        RowRef { table: table as u16, first }
    }

    /// The values of `row`: its data columns in catalog order, then `extra`.
    pub fn values(&self, row: RowRef) -> &[Value] {
        let first = row.first as usize;
        &self.values[first..first + row.def().columns.len() + 1]
    }

    /// The bytes of a text value (empty for any other).
    pub fn bytes(&self, value: Value) -> &[u8] {
        match value {
            Value::Text { start, len } => &self.text[start as usize..(start + len) as usize],
            _ => &[],
        }
    }

    /// The text of a text value, `None` for any other.
    pub fn text(&self, value: Value) -> Option<&str> {
        match value {
            Value::Text { .. } => std::str::from_utf8(self.bytes(value)).ok(),
            _ => None,
        }
    }

    /// The value of `row`'s column `name` (`extra` included), for tests and messages.
    pub fn column(&self, row: RowRef, name: &str) -> Option<Value> {
        let def = row.def();
        let at = match name {
            "extra" => def.columns.len(),
            _ => def.columns.iter().position(|c| c.name == name)?,
        };
        Some(self.values(row)[at])
    }

    /// `EVENT column=value …` (non-null columns only): a row as people and tests compare it.
    pub fn describe(&self, row: RowRef) -> String {
        let def = row.def();
        let names = def.columns.iter().map(|c| c.name).chain(["extra"]);
        let mut out = def.name.to_string();
        for (name, value) in names.zip(self.values(row)) {
            match *value {
                Value::Null => continue,
                Value::Int(v) => out.push_str(&format!(" {name}={v}")),
                Value::Real(v) => out.push_str(&format!(" {name}={v:?}")),
                Value::Text { .. } => out.push_str(&format!(" {name}={:?}", self.text(*value).unwrap_or(""))),
            }
        }
        out
    }
}

/// One line that ends up in a table. Small (40 bytes): the writer reads a batch's records
/// straight after another core wrote them, so their size is memory traffic on the hot path;
/// the rare kinds keep their strings behind a box.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// A row of an event table; its values are in its segment's [`Rows`].
    Typed { line: u64, ts_us: Option<i64>, row: RowRef },
    /// A row of `unknown_events`.
    Unknown { line: u64, ts_us: Option<i64>, event: Box<UnknownEvent> },
    /// A row of `rejects`.
    Reject { at: Position, rejected: Box<Rejected> },
}

/// What `unknown_events` keeps of an event the catalog does not know.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownEvent {
    /// The name as written.
    pub name: String,
    /// `data` as compact JSON.
    pub data: Option<String>,
    /// Unexpected top-level members as a JSON object.
    pub extra: Option<String>,
}

/// What `rejects` keeps of a line that breaks a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    /// What is wrong and where in the line.
    pub reason: String,
    /// The line's bytes (the first ones of an overlong line).
    pub raw: Vec<u8>,
}

impl Record {
    /// A reject of the line at `at`.
    pub fn reject(at: Position, reason: String, raw: Vec<u8>) -> Record {
        Record::Reject { at, rejected: Box::new(Rejected { reason, raw }) }
    }

    /// The line the record was read from.
    pub fn line_mut(&mut self) -> &mut u64 {
        match self {
            Record::Typed { line, .. }
            | Record::Unknown { line, .. }
            | Record::Reject { at: Position { line, .. }, .. } => line,
        }
    }
}

/// Some of a batch's records, in the order of their lines, with the arena of their typed rows.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Segment {
    /// The records.
    pub list: Vec<Record>,
    /// The values of the typed ones.
    pub rows: Rows,
}

impl Segment {
    /// No records yet, with room for about `bytes` of input lines.
    pub fn for_input(bytes: usize) -> Segment {
        Segment { list: Vec::with_capacity(bytes / 160), rows: Rows::for_input(bytes) }
    }

    /// The values of a typed record's row.
    pub fn values(&self, row: RowRef) -> &[Value] {
        self.rows.values(row)
    }

    fn is_empty(&self) -> bool {
        self.list.is_empty() && self.rows.values.is_empty() && self.rows.text.is_empty()
    }

    /// Asks the processor to start fetching record `i`: the writer reads a batch another core
    /// wrote, so it is not in this core's cache, it reads one table's rows at a time, from all
    /// over the batch, and between two rows SQLite's own work evicts what the hardware
    /// prefetcher brought. Measured (store/feed.rs's scan, 256 MiB import): 0.94 → 0.84 s.
    #[inline]
    pub fn prefetch_record(&self, i: usize) {
        if let Some(record) = self.list.get(i) {
            prefetch(record);
        }
    }

    /// Asks the processor to start fetching the values of record `i` (fetched before with
    /// [`Segment::prefetch_record`]).
    #[inline]
    pub fn prefetch_values(&self, i: usize) {
        if let Some(Record::Typed { row, .. }) = self.list.get(i)
            && let Some(first) = self.rows.values.get(row.first as usize)
        {
            prefetch(first);
            prefetch((first as *const Value).wrapping_add(4));
        }
    }

    /// Asks the processor to start fetching the first text of record `i` (whose values were
    /// fetched before with [`Segment::prefetch_values`]).
    #[inline]
    pub fn prefetch_text(&self, i: usize) {
        if let Some(Record::Typed { row, .. }) = self.list.get(i)
            && let Some(Value::Text { start, .. }) =
                self.rows.values(*row).iter().find(|v| matches!(v, Value::Text { .. }))
            && let Some(text) = self.rows.text.get(*start as usize)
        {
            prefetch(text);
        }
    }
}

/// A batch's records, in the order of their lines: one or more [`Segment`]s, each with the
/// arena of its own typed rows.
///
/// The pieces of a chunk parsed in parallel each come back with an arena of their own;
/// appending one moves it in as a segment instead of copying its values and text into one
/// arena (that copy, on the reading thread, was about 3 % of an import's CPU samples).
/// Records are added at the end: to the last segment, whose arena [`Records::rows_mut`] gives.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Records {
    segments: Vec<Segment>,
}

impl From<Segment> for Records {
    fn from(segment: Segment) -> Records {
        Records { segments: vec![segment] }
    }
}

impl Records {
    /// No records yet, with room for about `bytes` of input lines.
    pub fn for_input(bytes: usize) -> Records {
        Records::from(Segment::for_input(bytes))
    }

    /// How many records there are.
    pub fn len(&self) -> usize {
        self.segments.iter().map(|s| s.list.len()).sum()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.segments.iter().all(|s| s.list.is_empty())
    }

    /// The segments, in order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The records, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Record> {
        self.segments.iter().flat_map(|s| s.list.iter())
    }

    /// The records, in order, to change in place.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Record> {
        self.segments.iter_mut().flat_map(|s| s.list.iter_mut())
    }

    fn last(&mut self) -> &mut Segment {
        if self.segments.is_empty() {
            self.segments.push(Segment::default());
        }
        self.segments.last_mut().expect("one segment at least")
    }

    /// The arena of the last segment: where the values of the next record pushed go.
    pub fn rows_mut(&mut self) -> &mut Rows {
        &mut self.last().rows
    }

    /// Adds `record` (its values, if typed, in [`Records::rows_mut`]) at the end.
    pub fn push(&mut self, record: Record) {
        self.last().list.push(record);
    }

    /// Adds `records` at the end, as [`Records::push`] does.
    pub fn extend(&mut self, records: impl IntoIterator<Item = Record>) {
        let mut records = records.into_iter().peekable();
        if records.peek().is_some() {
            self.last().list.extend(records);
        }
    }

    /// Moves the records of `other` to the end, their line numbers moved on by `line_base`.
    pub fn append(&mut self, other: Records, line_base: u64) {
        for mut segment in other.segments {
            if line_base > 0 {
                segment.list.iter_mut().for_each(|record| *record.line_mut() += line_base);
            }
            if self.segments.last().is_some_and(Segment::is_empty) {
                self.segments.pop();
            }
            self.segments.push(segment);
        }
    }

    /// The records without their arenas (for tests).
    pub fn into_list(self) -> Vec<Record> {
        self.segments.into_iter().flat_map(|s| s.list).collect()
    }
}

/// A hint to bring the cache line at `at` closer (no effect where there is no such instruction).
#[inline]
fn prefetch<T>(at: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(at.cast::<i8>(), std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::event_index;

    fn stop_row(records: &mut Records, line: u64, extra: &str) {
        let table = event_index("STOP").unwrap();
        let extra = records.rows_mut().text_value(extra.as_bytes());
        let row = records.rows_mut().push_row(table, &[extra]);
        records.push(Record::Typed { line, ts_us: Some(line as i64), row });
    }

    /// (line, extra) of every record, each read from its own segment's arena.
    fn lines_and_extras(records: &Records) -> Vec<(u64, &str)> {
        let mut seen = Vec::new();
        for segment in records.segments() {
            for record in &segment.list {
                match record {
                    Record::Typed { line, row, .. } => {
                        seen.push((*line, segment.rows.text(segment.values(*row)[0]).unwrap()))
                    }
                    other => panic!("{other:?}"),
                }
            }
        }
        seen
    }

    #[test]
    fn records_stay_small() {
        assert!(std::mem::size_of::<Record>() <= 40, "{}", std::mem::size_of::<Record>());
    }

    #[test]
    fn appended_records_keep_their_values_and_move_their_lines() {
        let mut a = Records::default();
        stop_row(&mut a, 1, "{\"a\":1}");
        let mut b = Records::default();
        stop_row(&mut b, 1, "{\"b\":2}");
        stop_row(&mut b, 2, "{\"c\":3}");
        a.append(b, 10);
        assert_eq!(a.segments().len(), 2, "moved in, not copied");
        assert_eq!(lines_and_extras(&a), [(1, "{\"a\":1}"), (11, "{\"b\":2}"), (12, "{\"c\":3}")]);
        assert_eq!(a.len(), 3);
        // What comes after goes to the end, its values in the last segment's arena.
        stop_row(&mut a, 13, "{\"d\":4}");
        assert_eq!(lines_and_extras(&a)[3], (13, "{\"d\":4}"));
        assert_eq!(
            a.iter()
                .map(|r| match r {
                    Record::Typed { line, .. } => *line,
                    _ => 0,
                })
                .collect::<Vec<_>>(),
            [1, 11, 12, 13]
        );
    }

    #[test]
    fn appending_to_nothing_keeps_no_empty_segment() {
        let mut a = Records::default();
        let _ = a.rows_mut();
        let mut b = Records::default();
        stop_row(&mut b, 1, "{}");
        a.append(b, 4);
        assert_eq!(a.segments().len(), 1);
        assert_eq!(lines_and_extras(&a), [(5, "{}")]);
        assert!(!a.is_empty());
        assert!(Records::default().is_empty());
    }

    #[test]
    fn columns_are_found_by_name() {
        let mut rows = Rows::default();
        let table = event_index("QUORUM_FAILURE").unwrap();
        let reference = rows.text_value(b"usr1");
        let row = rows.push_row(table, &[reference, Value::Int(345435), Value::Int(5), Value::Null]);
        assert_eq!(rows.text(rows.column(row, "reference").unwrap()), Some("usr1"));
        assert_eq!(rows.column(row, "sectors_count"), Some(Value::Int(5)));
        assert_eq!(rows.column(row, "extra"), Some(Value::Null));
        assert_eq!(rows.column(row, "nothing"), None);
        assert_eq!(rows.describe(row), r#"QUORUM_FAILURE reference="usr1" sector_num=345435 sectors_count=5"#);
    }
}
