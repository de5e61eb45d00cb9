//! Parse: one line of bytes → one [`Outcome`]: a typed event, an unknown event, a non-event QMP
//! line, a blank line, or a rejection with the reason.
//!
//! Lines are parsed with simd-json into a reused tape; the tape is then walked against the
//! catalog's member tree of the event (see [`crate::catalog`]), which type-checks every member,
//! fills the event's typed fields and collects members the catalog does not know into `extra`.
//! The rules for what is rejected are README's ("The database", `rejects`).

use crate::catalog::{self, Kind, Member, Node as Shape};
use crate::records::{RowRef, Rows, Value};
use simd_json::{Node, StaticNode, Tape};

/// What became of one line.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A catalog event, typed.
    Typed {
        /// `seconds * 1e6 + microseconds`, if the line had a timestamp.
        ts_us: Option<i64>,
        /// Its row, in the [`Rows`] the line was parsed into.
        row: RowRef,
    },
    /// An event whose name the catalog does not know.
    Unknown {
        /// `seconds * 1e6 + microseconds`, if the line had a timestamp.
        ts_us: Option<i64>,
        /// The name as written.
        name: String,
        /// `data` as compact JSON.
        data: Option<String>,
        /// Unexpected top-level members as a JSON object.
        extra: Option<String>,
    },
    /// A greeting, `return` or `error` line: valid QMP, not an event.
    NonEvent,
    /// Nothing but whitespace.
    Blank,
    /// Breaks a rule; `reason` says what and where.
    Rejected {
        /// What is wrong and where in the line.
        reason: String,
    },
}

impl Outcome {
    fn reject(reason: impl Into<String>) -> Outcome {
        Outcome::Rejected { reason: reason.into() }
    }
}

/// Whether `line` holds nothing but JSON whitespace (a `\r` before the newline included).
pub fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// The key under which unexpected top-level members of an event line are kept in `extra`.
pub const TOP_LEVEL_EXTRA_KEY: &str = "_top";

/// Parses lines; holds the buffers reused from line to line (one per thread).
pub struct Parser {
    max_line_bytes: usize,
    input: Vec<u8>,
    buffers: simd_json::Buffers,
    tape: Option<Tape<'static>>,
    slots: Vec<Value>,
    extra: Vec<u8>,
}

impl Parser {
    /// A parser that rejects lines longer than `max_line_bytes`.
    pub fn new(max_line_bytes: usize) -> Parser {
        Parser {
            max_line_bytes,
            input: Vec::with_capacity(4096),
            buffers: simd_json::Buffers::new(4096),
            tape: Some(Tape::null().reset()),
            slots: vec![Value::Null; catalog::max_columns() + 1],
            extra: Vec::with_capacity(256),
        }
    }

    /// Classifies and parses one line (without its `\n`; a trailing `\r` is whitespace); a
    /// typed event's row goes to `rows`.
    pub fn parse_line(&mut self, line: &[u8], rows: &mut Rows) -> Outcome {
        if is_blank(line) {
            return Outcome::Blank;
        }
        if line.len() > self.max_line_bytes {
            return Outcome::reject(format!(
                "line is {} bytes, longer than --max-line-bytes {}",
                line.len(),
                self.max_line_bytes
            ));
        }
        let Parser { input, buffers, tape, slots, extra, .. } = self;
        input.clear();
        input.extend_from_slice(line);
        input.resize(line.len() + simd_json::INPUT_PADDING, 0);
        let mut tape_now: Tape<'_> = tape.take().unwrap_or_else(|| Tape::null().reset()).reset();
        let outcome = match simd_json::fill_tape_padded(input, line.len(), buffers, &mut tape_now) {
            // A typed event's objects are checked for duplicate members on the way through
            // `classify`; any other outcome (rare) by a pass over the whole tape.
            Ok(()) => match classify(&tape_now.0, slots, extra, rows) {
                typed @ Outcome::Typed { .. } => typed,
                other => duplicate_member(&tape_now.0).map_or(other, duplicate_reject),
            },
            Err(e) => Outcome::reject(json_error_reason(line, &e)),
        };
        *tape = Some(tape_now.reset());
        outcome
    }
}

/// Describes why `line` is not strict JSON, with the byte position where it can be found.
fn json_error_reason(line: &[u8], simd_error: &simd_json::Error) -> String {
    if matches!(simd_error.error(), simd_json::ErrorType::DepthLimitExceeded) {
        return format!(
            "nested deeper than {} levels of objects and arrays (at byte {} of the line)",
            simd_json::DEFAULT_MAX_DEPTH,
            simd_error.index()
        );
    }
    if let Err(e) = std::str::from_utf8(line) {
        return format!("invalid UTF-8 at byte {} of the line", e.valid_up_to());
    }
    // serde_json gives precise positions and plain-English messages; simd-json decided.
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(line) {
        let text = e.to_string();
        let message = text.split(" at line ").next().unwrap_or(&text);
        let byte = column_to_byte(line, e.column());
        // A line cut short (a crash mid-write) ends inside its JSON; a CRLF line cut inside a
        // string shows up as its '\r' being a control character in that string.
        let content = line.strip_suffix(b"\r").unwrap_or(line);
        let only_the_final_cr = content.len() < line.len() && content.iter().all(|b| *b >= 0x20);
        if e.is_eof() || (message.starts_with("control character") && only_the_final_cr) {
            return format!(
                "invalid JSON at byte {byte} of the line: it ends before the JSON does (the line was cut short)"
            );
        }
        return format!("invalid JSON at byte {byte} of the line: {message}");
    }
    let what = match simd_error.error() {
        simd_json::ErrorType::InvalidNumber => "number out of range or malformed".to_string(),
        simd_json::ErrorType::InvalidUnicodeCodepoint => {
            let at = lone_surrogate_at(line).unwrap_or(simd_error.index());
            return format!("invalid JSON at byte {at} of the line: lone surrogate in a \\u escape");
        }
        simd_json::ErrorType::InputTooLarge => "the line is too large".to_string(),
        _ => "malformed".to_string(),
    };
    format!("invalid JSON at byte {} of the line: {what}", simd_error.index())
}

/// `key` in double quotes, JSON-escaped, with control characters (and DEL) as `\\u00XX`, so a
/// message shows exactly which member is meant.
pub fn quoted(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 2);
    out.push('"');
    for c in key.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn duplicate_reject(path: String) -> Outcome {
    Outcome::reject(format!("duplicate member {path}: JSON allows it, but which value counts is ambiguous"))
}

/// Whether some object within the value at `idx` (itself included) has a member twice.
fn has_duplicate(nodes: &[Node<'_>], idx: usize) -> bool {
    first_duplicate(nodes, idx..idx + span(nodes, idx)).is_some()
}

/// The path of the first member whose name appears twice in the same object, at any depth
/// (`"data"."path"`, shown as `data.path`), or `None`.
///
/// Every object of the line is somewhere in the flat tape, so one pass over the tape checks them
/// all, without recursion (a line may nest 1024 levels deep) and without allocating; the path is
/// worked out only for a duplicate found.
fn duplicate_member(nodes: &[Node<'_>]) -> Option<String> {
    first_duplicate(nodes, 0..nodes.len()).map(|(at, key)| path_to(nodes, at, key))
}

/// The first object among tape nodes `range` that has a member twice, and that member's name.
fn first_duplicate<'i>(nodes: &[Node<'i>], range: std::ops::Range<usize>) -> Option<(usize, &'i str)> {
    range.into_iter().find_map(|at| match nodes[at] {
        Node::Object { len, .. } if len > 1 => duplicate_key(nodes, at, len).map(|key| (at, key)),
        _ => None,
    })
}

/// A key that the object at `obj` (with `len` members) has twice.
fn duplicate_key<'i>(nodes: &[Node<'i>], obj: usize, len: usize) -> Option<&'i str> {
    if len <= 16 {
        // QMP objects are small: one walk over the members, each key compared with the earlier.
        let mut earlier = [""; 16];
        for (n, (key, _)) in members(nodes, obj).enumerate() {
            if earlier[..n].iter().any(|&seen| same_key(seen, key)) {
                return Some(key);
            }
            earlier[n] = key;
        }
        return None;
    }
    // A big object is sorted, so hostile input cannot make this quadratic.
    let mut keys: Vec<&str> = members(nodes, obj).map(|(key, _)| key).collect();
    keys.sort_unstable();
    keys.windows(2).find(|pair| pair[0] == pair[1]).map(|pair| pair[0])
}

/// `a == b`, for the short keys of JSON objects: different lengths or first bytes (most pairs)
/// are told apart without a call to `memcmp`.
#[inline]
fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// `a.b[2].key`: the members and elements leading from the root to the object at `target`,
/// then `key`.
fn path_to(nodes: &[Node<'_>], target: usize, key: &str) -> String {
    let shown = |key: &str| {
        if !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
            key.to_string()
        } else {
            quoted(key)
        }
    };
    let contains = |value: usize| value <= target && target < value + span(nodes, value);
    let mut path = String::new();
    let mut at = 0;
    while at != target {
        let next = match nodes[at] {
            Node::Object { .. } => members(nodes, at).find(|&(_, value)| contains(value)).map(|(k, value)| {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&shown(k));
                value
            }),
            Node::Array { len, .. } => {
                let mut element = at + 1;
                (0..len).find_map(|i| {
                    let here = element;
                    element += span(nodes, here);
                    contains(here).then(|| {
                        path.push_str(&format!("[{i}]"));
                        here
                    })
                })
            }
            _ => None,
        };
        match next {
            Some(next) => at = next,
            None => break, // not reachable for an index inside the tape
        }
    }
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(&shown(key));
    path
}

/// The offset of the first `\\uXXXX` escape that is a surrogate without its pair.
fn lone_surrogate_at(line: &[u8]) -> Option<usize> {
    let hex = |at: usize| -> Option<u16> {
        let digits = line.get(at..at + 4)?;
        u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    };
    let mut i = 0;
    while i + 1 < line.len() {
        if line[i] != b'\\' {
            i += 1;
            continue;
        }
        if line[i + 1] != b'u' {
            i += 2; // some other escape, such as \\\\ or \\"
            continue;
        }
        match hex(i + 2) {
            Some(0xD800..=0xDBFF) => {
                let paired = line.get(i + 6..i + 8) == Some(b"\\u") && matches!(hex(i + 8), Some(0xDC00..=0xDFFF));
                if !paired {
                    return Some(i);
                }
                i += 12;
            }
            Some(0xDC00..=0xDFFF) => return Some(i),
            _ => i += 6,
        }
    }
    None
}

/// serde_json reports a 1-based line and a byte column; a line of ours holds no `\n`, so the
/// column alone is the position.
fn column_to_byte(line: &[u8], column: usize) -> usize {
    column.saturating_sub(1).min(line.len())
}

/// Span of the value at `idx` in tape nodes (itself plus nested nodes).
fn span(nodes: &[Node<'_>], idx: usize) -> usize {
    match nodes[idx] {
        Node::Object { count, .. } | Node::Array { count, .. } => 1 + count,
        _ => 1,
    }
}

fn type_name(node: &Node<'_>) -> &'static str {
    match node {
        Node::String(_) => "a string",
        Node::Object { .. } => "an object",
        Node::Array { .. } => "an array",
        Node::Static(StaticNode::Null) => "null",
        Node::Static(StaticNode::Bool(_)) => "a boolean",
        Node::Static(StaticNode::F64(_)) => "a non-integer number",
        Node::Static(_) => "an integer",
    }
}

/// Iterates `(key, value index)` over the object whose header is at `obj`.
fn members<'t, 'i>(nodes: &'t [Node<'i>], obj: usize) -> impl Iterator<Item = (&'i str, usize)> + 't {
    let len = match nodes[obj] {
        Node::Object { len, .. } => len,
        _ => 0,
    };
    let mut idx = obj + 1;
    (0..len).map(move |_| {
        let key = match nodes[idx] {
            Node::String(k) => k,
            _ => "",
        };
        let value = idx + 1;
        idx = value + span(nodes, value);
        (key, value)
    })
}

fn is_null(node: &Node<'_>) -> bool {
    matches!(node, Node::Static(StaticNode::Null))
}

fn as_i64(node: &Node<'_>) -> Option<i64> {
    match *node {
        Node::Static(StaticNode::I64(v)) => Some(v),
        Node::Static(StaticNode::U64(v)) => i64::try_from(v).ok(),
        _ => None,
    }
}

fn classify(nodes: &[Node<'_>], slots: &mut [Value], extra: &mut Vec<u8>, rows: &mut Rows) -> Outcome {
    if !matches!(nodes.first(), Some(Node::Object { .. })) {
        return Outcome::reject(format!("not a JSON object: found {}", nodes.first().map_or("nothing", type_name)));
    }
    let (mut event, mut timestamp, mut data) = (None, None, None);
    let mut greeting = false;
    let mut others = 0usize;
    // Whether the line may have a member twice somewhere: then, before it is taken as a typed
    // event, the whole tape is checked (`duplicate_member`), as every other outcome is.
    let mut suspect = false;
    for (key, value) in members(nodes, 0) {
        let seen = match key {
            "event" => &mut event,
            "timestamp" => &mut timestamp,
            "data" => &mut data,
            _ => {
                greeting |= matches!(key, "QMP" | "return" | "error");
                others += 1;
                continue;
            }
        };
        suspect |= seen.replace(value).is_some();
    }
    // Unexpected top-level members are rare: their names and values are left to the full check.
    suspect |= others > 0;
    let event = event.filter(|&i| !is_null(&nodes[i]));
    let Some(event) = event else {
        return if greeting { Outcome::NonEvent } else { Outcome::reject("no \"event\" member") };
    };
    let Node::String(name) = nodes[event] else {
        return Outcome::reject(format!("\"event\" is not a string: found {}", type_name(&nodes[event])));
    };
    let ts_us = match timestamp.filter(|&i| !is_null(&nodes[i])) {
        None => None,
        Some(i) => match parse_timestamp(nodes, i) {
            Ok(ts) => {
                // Both members were found, and nothing else: more than two is a repeat.
                suspect |= !matches!(nodes[i], Node::Object { len: 2, .. });
                Some(ts)
            }
            Err(why) => return Outcome::reject(format!("\"timestamp\" {why}")),
        },
    };
    let data = data.filter(|&i| !is_null(&nodes[i]));
    if let Some(i) = data
        && !matches!(nodes[i], Node::Object { .. })
    {
        return Outcome::reject(format!("\"data\" is not an object: found {}", type_name(&nodes[i])));
    }

    extra.clear();
    let Some(index) = catalog::event_index(name) else {
        let data = data.map(|i| {
            let mut out = Vec::new();
            write_json(nodes, i, &mut out);
            into_string(out)
        });
        if others > 0 {
            write_top_level_extra(nodes, extra, false);
        }
        let extra = (!extra.is_empty()).then(|| into_string(std::mem::take(extra)));
        return Outcome::Unknown { ts_us, name: name.to_owned(), data, extra };
    };

    let def = &catalog::EVENTS[index];
    let width = def.columns.len();
    let slots = &mut slots[..width + 1];
    slots.fill(Value::Null);
    let mark = rows.text_len();
    if let Some(i) = data {
        match walk(nodes, i, def.members, def.columns, slots, extra, rows) {
            Ok(repeats) => suspect |= repeats,
            Err(why) => {
                rows.truncate_text(mark);
                return Outcome::reject(format!("data.{why}"));
            }
        }
    }
    if suspect && let Some(path) = duplicate_member(nodes) {
        rows.truncate_text(mark);
        return duplicate_reject(path);
    }
    if others > 0 {
        let had_data_extra = !extra.is_empty();
        if had_data_extra {
            extra.pop(); // reopen the object to append "_top"
        }
        write_top_level_extra(nodes, extra, had_data_extra);
    }
    if !extra.is_empty() {
        slots[width] = rows.text_value(extra);
    }
    Outcome::Typed { ts_us, row: rows.push_row(index, slots) }
}

/// Appends `"_top":{…}` (unexpected top-level members) to the open object in `out`, or writes
/// `{"_top":{…}}` when `out` holds nothing yet.
fn write_top_level_extra(nodes: &[Node<'_>], out: &mut Vec<u8>, continuing: bool) {
    out.push(if continuing { b',' } else { b'{' });
    write_str(TOP_LEVEL_EXTRA_KEY, out);
    out.extend_from_slice(b":{");
    let mut first = true;
    for (key, value) in members(nodes, 0) {
        if matches!(key, "event" | "timestamp" | "data") || is_null(&nodes[value]) {
            continue;
        }
        if !first {
            out.push(b',');
        }
        first = false;
        write_str(key, out);
        out.push(b':');
        write_json(nodes, value, out);
    }
    out.extend_from_slice(b"}}");
}

fn parse_timestamp(nodes: &[Node<'_>], idx: usize) -> Result<i64, String> {
    const SHAPE: &str = "is not {\"seconds\": int, \"microseconds\": int}";
    if !matches!(nodes[idx], Node::Object { .. }) {
        return Err(format!("{SHAPE}: found {}", type_name(&nodes[idx])));
    }
    let (mut seconds, mut micros) = (None, None);
    for (key, value) in members(nodes, idx) {
        let slot = match key {
            "seconds" => &mut seconds,
            "microseconds" => &mut micros,
            other => return Err(format!("{SHAPE}: unexpected member {}", quoted(other))),
        };
        *slot = Some(as_i64(&nodes[value]).ok_or_else(|| match type_name(&nodes[value]) {
            "an integer" => format!("{SHAPE}: {key} is out of range"),
            other => format!("{SHAPE}: {key} is {other}"),
        })?);
    }
    let (Some(seconds), Some(micros)) = (seconds, micros) else {
        return Err(format!("{SHAPE}: a member is missing"));
    };
    seconds.checked_mul(1_000_000).and_then(|us| us.checked_add(micros)).ok_or_else(|| format!("{SHAPE}: out of range"))
}

/// Walks the `data` object at `obj` against `shape`, filling `slots` and writing unknown members
/// to `extra` (an object, nested as in the input; left empty when there are none). Returns
/// whether an object on the way may have a member twice (see `classify`); the error is
/// `member.path: what is wrong`.
fn walk(
    nodes: &[Node<'_>],
    obj: usize,
    shape: &'static [Member],
    columns: &[catalog::ColumnDef],
    slots: &mut [Value],
    extra: &mut Vec<u8>,
    rows: &mut Rows,
) -> Result<bool, String> {
    let start = extra.len();
    let mut suspect = false;
    let mut wrote = false;
    // The members of `shape` met so far: meeting one again is a duplicate (shapes are small;
    // a member past the 64th is left to the full check).
    let mut met = 0u64;
    for (key, value) in members(nodes, obj) {
        let node = &nodes[value];
        let open = |extra: &mut Vec<u8>, wrote: bool| {
            extra.push(if wrote { b',' } else { b'{' });
            write_str(key, extra);
            extra.push(b':');
        };
        let found = shape.iter().position(|m| same_key(m.key, key));
        match found {
            Some(at) if at < 64 => {
                suspect |= met & (1 << at) != 0;
                met |= 1 << at;
            }
            // Members the catalog does not know are rare: left to the full check.
            _ => suspect = true,
        }
        match found.map(|at| &shape[at].node) {
            Some(Shape::Leaf(col)) => {
                if is_null(node) {
                    continue;
                }
                let kind = columns[*col].kind;
                if kind == Kind::Json && matches!(node, Node::Object { .. } | Node::Array { .. }) {
                    suspect |= has_duplicate(nodes, value);
                }
                slots[*col] = leaf_value(nodes, value, kind, rows)
                    .map_err(|found| format!("{key}: expected {}, found {found}", kind.expected()))?;
            }
            Some(Shape::Object(inner)) => {
                if is_null(node) {
                    continue;
                }
                if !matches!(node, Node::Object { .. }) {
                    return Err(format!("{key}: expected an object, found {}", type_name(node)));
                }
                let mark = extra.len();
                open(extra, wrote);
                let nested = extra.len();
                suspect |=
                    walk(nodes, value, inner, columns, slots, extra, rows).map_err(|why| format!("{key}.{why}"))?;
                if extra.len() == nested {
                    extra.truncate(mark);
                } else {
                    wrote = true;
                }
            }
            None => {
                if is_null(node) {
                    continue;
                }
                open(extra, wrote);
                write_json(nodes, value, extra);
                wrote = true;
            }
        }
    }
    if wrote {
        extra.push(b'}');
    } else {
        extra.truncate(start);
    }
    Ok(suspect)
}

/// The typed value of a leaf (its text written to `rows`), or the JSON type found instead of the
/// expected one.
fn leaf_value(nodes: &[Node<'_>], idx: usize, kind: Kind, rows: &mut Rows) -> Result<Value, String> {
    let node = &nodes[idx];
    let mismatch = || type_name(node).to_string();
    let signed_range = |v: &dyn std::fmt::Display| format!("{v}, out of range for a signed 64-bit column");
    match (kind, *node) {
        (Kind::Text, Node::String(s)) => Ok(rows.text_value(s.as_bytes())),
        (Kind::Int, Node::Static(StaticNode::I64(v))) => Ok(Value::Int(v)),
        (Kind::Int, Node::Static(StaticNode::U64(v))) => i64::try_from(v).map(Value::Int).map_err(|_| signed_range(&v)),
        (Kind::Int, Node::Static(StaticNode::I128(v))) => Err(signed_range(&v)),
        (Kind::Int, Node::Static(StaticNode::U128(v))) => Err(signed_range(&v)),
        (Kind::Wide, Node::Static(StaticNode::I64(v))) => Ok(Value::Int(v)),
        // Above 2^63-1 a uint64 is stored as its exact decimal text (the column is ANY).
        (Kind::Wide, Node::Static(StaticNode::U64(v))) => Ok(i64::try_from(v)
            .map(Value::Int)
            .unwrap_or_else(|_| rows.text_with(|text| text.extend_from_slice(v.to_string().as_bytes())))),
        (Kind::Wide, Node::Static(StaticNode::I128(v))) => Err(format!("{v}, out of range for a uint64 column")),
        (Kind::Wide, Node::Static(StaticNode::U128(v))) => Err(format!("{v}, out of range for a uint64 column")),
        (Kind::Bool, Node::Static(StaticNode::Bool(b))) => Ok(Value::Int(i64::from(b))),
        (Kind::Real, Node::Static(StaticNode::F64(v))) => Ok(Value::Real(v)),
        (Kind::Real, Node::Static(StaticNode::I64(v))) => Ok(Value::Real(v as f64)),
        (Kind::Real, Node::Static(StaticNode::U64(v))) => Ok(Value::Real(v as f64)),
        (Kind::Real, Node::Static(StaticNode::I128(v))) => Ok(Value::Real(v as f64)),
        (Kind::Real, Node::Static(StaticNode::U128(v))) => Ok(Value::Real(v as f64)),
        (Kind::Json, _) => Ok(rows.text_with(|text| {
            write_json(nodes, idx, text);
        })),
        _ => Err(mismatch()),
    }
}

/// Our JSON writer only ever writes UTF-8 (it copies `&str`s and ASCII).
fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes the value at `idx` as compact JSON; returns the index after it.
fn write_json(nodes: &[Node<'_>], idx: usize, out: &mut Vec<u8>) -> usize {
    match nodes[idx] {
        Node::String(s) => {
            write_str(s, out);
            idx + 1
        }
        Node::Object { len, .. } => {
            out.push(b'{');
            let mut i = idx + 1;
            for n in 0..len {
                if n > 0 {
                    out.push(b',');
                }
                if let Node::String(k) = nodes[i] {
                    write_str(k, out);
                }
                out.push(b':');
                i = write_json(nodes, i + 1, out);
            }
            out.push(b'}');
            i
        }
        Node::Array { len, .. } => {
            out.push(b'[');
            let mut i = idx + 1;
            for n in 0..len {
                if n > 0 {
                    out.push(b',');
                }
                i = write_json(nodes, i, out);
            }
            out.push(b']');
            i
        }
        Node::Static(s) => {
            match s {
                StaticNode::Null => out.extend_from_slice(b"null"),
                StaticNode::Bool(true) => out.extend_from_slice(b"true"),
                StaticNode::Bool(false) => out.extend_from_slice(b"false"),
                StaticNode::I64(v) => out.extend_from_slice(v.to_string().as_bytes()),
                StaticNode::U64(v) => out.extend_from_slice(v.to_string().as_bytes()),
                StaticNode::I128(v) => out.extend_from_slice(v.to_string().as_bytes()),
                StaticNode::U128(v) => out.extend_from_slice(v.to_string().as_bytes()),
                StaticNode::F64(v) => {
                    if serde_json::to_writer(&mut *out, &v).is_err() {
                        out.extend_from_slice(b"null");
                    }
                }
            }
            idx + 1
        }
    }
}

/// Writes `s` as a JSON string literal.
fn write_str(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[from..i]);
        if escape.is_empty() {
            out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
        } else {
            out.extend_from_slice(escape);
        }
        from = i + 1;
    }
    out.extend_from_slice(&bytes[from..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(line: &str) -> Outcome {
        Parser::new(1 << 20).parse_line(line.as_bytes(), &mut Rows::default())
    }

    /// The timestamp and the non-null columns (`extra` included, as text) of a typed line.
    fn typed(line: &str) -> (Option<i64>, serde_json::Value) {
        let mut rows = Rows::default();
        let out = Parser::new(1 << 20).parse_line(line.as_bytes(), &mut rows);
        let Outcome::Typed { ts_us, row } = out else { panic!("{line}: {out:?}") };
        let def = row.def();
        let names = def.columns.iter().map(|c| c.name).chain(["extra"]);
        let mut columns = serde_json::Map::new();
        for (name, value) in names.zip(rows.values(row)) {
            let value = match *value {
                Value::Null => continue,
                Value::Int(v) => json!(v),
                Value::Real(v) => json!(v),
                Value::Text { .. } => json!(rows.text(*value).unwrap()),
            };
            columns.insert(name.to_string(), value);
        }
        (ts_us, serde_json::Value::Object(columns))
    }

    fn reason(line: &[u8]) -> String {
        match Parser::new(1 << 20).parse_line(line, &mut Rows::default()) {
            Outcome::Rejected { reason } => reason,
            other => panic!("{:?} was not rejected: {other:?}", String::from_utf8_lossy(line)),
        }
    }

    #[test]
    fn seed_quorum_failure_uses_old_sector_count_spelling() {
        let out = typed(
            r#"{ "event": "QUORUM_FAILURE", "data": { "reference": "usr1", "sector-num": 345435, "sector-count": 5 }, "timestamp": { "seconds": 1344522075, "microseconds": 745528 } }"#,
        );
        let expected = json!({"reference": "usr1", "sector_num": 345435, "sectors_count": 5});
        assert_eq!(out, (Some(1344522075745528), expected));
    }

    #[test]
    fn crlf_member_order_and_missing_timestamp() {
        let out = typed(
            "{\"data\": {\"sectors-count\": 5, \"sector-num\": 1, \"reference\": \"a\"}, \"event\": \"QUORUM_FAILURE\"}\r",
        );
        assert_eq!(out, (None, json!({"reference": "a", "sector_num": 1, "sectors_count": 5})));
    }

    #[test]
    fn unknown_members_go_to_extra_nested_as_in_the_input() {
        let (_, columns) = typed(
            r#"{"event":"SPICE_CONNECTED","data":{"server":{"host":"h","port":"1","family":"ipv4","new":[1,{"a":null}]},"client":{"host":"c","port":"2","family":"ipv6"},"top":"x\u00e9\n","gone":null}}"#,
        );
        assert_eq!(columns["server_host"], "h");
        let extra: serde_json::Value = serde_json::from_str(columns["extra"].as_str().unwrap()).unwrap();
        assert_eq!(extra, serde_json::json!({"server": {"new": [1, {"a": null}]}, "top": "xé\n"}));
    }

    #[test]
    fn unexpected_top_level_members_are_kept() {
        let out = typed(r#"{"event":"STOP","foo":{"b":1},"timestamp":{"seconds":1,"microseconds":2}}"#);
        assert_eq!(out, (Some(1_000_002), json!({"extra": r#"{"_top":{"foo":{"b":1}}}"#})));
        let (_, columns) = typed(r#"{"event":"BALLOON_CHANGE","data":{"actual":1,"z":2},"foo":3}"#);
        assert_eq!(columns, json!({"actual": 1, "extra": r#"{"z":2,"_top":{"foo":3}}"#}));
    }

    #[test]
    fn acpi_flat_and_nested_fill_the_same_columns() {
        for line in [
            r#"{ "event": "ACPI_DEVICE_OST", "data": { "device": "d1", "slot": "0", "slot-type": "DIMM", "source": 1, "status": 0 } }"#,
            r#"{"event": "ACPI_DEVICE_OST", "data": {"info": {"device": "d1", "slot": "0", "slot-type": "DIMM", "source": 1, "status": 0}}}"#,
        ] {
            let (_, columns) = typed(line);
            let expected = json!({"info_device": "d1", "info_slot": "0", "info_slot_type": "DIMM", "info_source": 1, "info_status": 0});
            assert_eq!(columns, expected);
        }
    }

    #[test]
    fn uint64_above_i64_is_kept_exactly() {
        let (_, columns) = typed(
            r#"{"event":"GUEST_PANICKED","data":{"action":"pause","info":{"type":"hyper-v","arg1":18446744073709551615,"arg2":0,"arg3":-1,"arg4":4,"arg5":5}}}"#,
        );
        assert_eq!(columns["info_arg1"], "18446744073709551615", "above 2^63-1: exact decimal text");
        assert_eq!((&columns["info_arg2"], &columns["info_arg3"]), (&json!(0), &json!(-1)));
        assert_eq!(columns["info_type"], "hyper-v");
    }

    #[test]
    fn non_events_and_blank_lines() {
        assert_eq!(parse(r#"{"QMP": {"version": {}, "capabilities": []}}"#), Outcome::NonEvent);
        assert_eq!(parse(r#"{"return": {}}"#), Outcome::NonEvent);
        assert_eq!(parse(r#"{"error": {"class": "GenericError", "desc": "x"}}"#), Outcome::NonEvent);
        assert_eq!(parse(" \r"), Outcome::Blank);
        assert_eq!(parse(""), Outcome::Blank);
    }

    #[test]
    fn unknown_events_keep_their_data() {
        let out = parse(r#"{"event":"X_NEW","data":{"b":[1,2.5,"s"],"a":true}}"#);
        let Outcome::Unknown { name, data, .. } = out else { panic!("{out:?}") };
        assert_eq!(name, "X_NEW");
        let data: serde_json::Value = serde_json::from_str(&data.unwrap()).unwrap();
        assert_eq!(data, serde_json::json!({"b": [1, 2.5, "s"], "a": true}));
    }

    #[test]
    fn every_class_of_bad_line_is_rejected_with_a_reason() {
        assert!(reason(b"{\"event\":\"STOP\",\"x\":\"\xff\"}").contains("UTF-8"));
        assert!(reason(br#"{"event":"STOP"} x"#).contains("byte"));
        assert!(reason(br#"{"event":"STOP","data":{"a":NaN}}"#).contains("invalid JSON"));
        assert!(reason(br#"{"event":"STOP","data":{"a":"\ud800"}}"#).contains("invalid JSON"));
        assert!(reason(b"{\"event\":\"STOP\",\"data\":{\"a\":\"x\x01\"}}").contains("control character"));
        assert!(reason(br#"[1,2]"#).contains("not a JSON object"));
        assert!(reason(br#"{"data":{}}"#).contains("no \"event\""));
        assert!(reason(br#"{"event":5}"#).contains("\"event\" is not a string"));
        assert!(reason(br#"{"event":"STOP","timestamp":{"seconds":"1","microseconds":0}}"#).contains("timestamp"));
        assert!(reason(br#"{"event":"STOP","timestamp":5}"#).contains("timestamp"));
        assert!(reason(br#"{"event":"STOP","data":[]}"#).contains("\"data\" is not an object"));
        assert!(reason(br#"{"event":"X_UNKNOWN","data":"s"}"#).contains("\"data\" is not an object"));
        let r = reason(br#"{"event":"QUORUM_FAILURE","data":{"sector-num":"12"}}"#);
        assert_eq!(r, "data.sector-num: expected an integer, found a string");
        assert!(
            reason(br#"{"event":"QUORUM_FAILURE","data":{"reference":7}}"#)
                .contains("data.reference: expected a string")
        );
        assert!(reason(br#"{"event":"QUORUM_FAILURE","data":{"sector-num":1.5}}"#).contains("non-integer"));
        assert!(
            reason(br#"{"event":"SPICE_CONNECTED","data":{"server":"x"}}"#).contains("data.server: expected an object")
        );
        assert!(reason(br#"{"event":"SPICE_CONNECTED","data":{"server":{"host":{}}}}"#).contains("data.server.host"));
        assert!(
            reason(br#"{"event":"QUORUM_FAILURE","data":{"sector-num":9223372036854775808}}"#).contains("out of range")
        );
        assert!(
            reason(br#"{"event":"BLOCK_WRITE_THRESHOLD","data":{"amount-exceeded":18446744073709551616}}"#).contains(
                "data.amount-exceeded: expected an integer, found 18446744073709551616, out of range for a uint64"
            )
        );
    }

    #[test]
    fn a_line_rejected_half_way_leaves_no_text_behind() {
        let mut rows = Rows::default();
        let mut parser = Parser::new(1 << 20);
        let bad = br#"{"event":"QUORUM_FAILURE","data":{"reference":"a-long-reference","sector-num":"x"}}"#;
        assert!(matches!(parser.parse_line(bad, &mut rows), Outcome::Rejected { .. }));
        assert_eq!(rows.text_len(), 0);
        let good = br#"{"event":"QUORUM_FAILURE","data":{"reference":"r"}}"#;
        let Outcome::Typed { row, .. } = parser.parse_line(good, &mut rows) else { panic!() };
        assert_eq!(rows.text(rows.column(row, "reference").unwrap()), Some("r"));
        assert_eq!(rows.text_len(), 1);
    }

    #[test]
    fn a_typed_event_with_a_member_twice_is_rejected_wherever_it_is() {
        // Typed events are checked on the way through the catalog walk, not by a separate pass:
        // every place a repeat can hide, each with the path the whole-tape check names.
        let cases = [
            (r#"{"event":"STOP","data":{},"data":{}}"#, "data"),
            (
                r#"{"event":"STOP","timestamp":{"seconds":1,"microseconds":0,"microseconds":1}}"#,
                "timestamp.microseconds",
            ),
            (r#"{"event":"DEVICE_DELETED","data":{"path":null,"path":"q"}}"#, "data.path"),
            (r#"{"event":"DEVICE_DELETED","data":{"path":1,"device":"a","device":"b"}}"#, "data.device"),
            (
                r#"{"event":"ACPI_DEVICE_OST","data":{"info":{"device":"d","slot":"1","device":"e","source":1,"status":0}}}"#,
                "data.info.device",
            ),
            (r#"{"event":"COMMAND_DROPPED","data":{"id":[{"a":1,"a":2}],"reason":"queue-full"}}"#, "data.id[0].a"),
            (r#"{"event":"STOP","data":{"new":1,"new":2}}"#, "data.new"),
            (r#"{"event":"STOP","data":{"new":{"x":1,"x":2}}}"#, "data.new.x"),
            (r#"{"event":"STOP","x":1,"x":2}"#, "x"),
            (r#"{"event":"STOP","x":{"y":1,"y":2}}"#, "x.y"),
        ];
        for (line, path) in cases {
            let got = reason(line.as_bytes());
            assert!(got.starts_with(&format!("duplicate member {path}:")), "{line}: {got}");
        }
        // The same shapes once each are events.
        for line in [
            r#"{"event":"DEVICE_DELETED","data":{"path":null,"device":"a"}}"#,
            r#"{"event":"COMMAND_DROPPED","data":{"id":[{"a":1,"b":2}],"reason":"queue-full"}}"#,
            r#"{"event":"STOP","x":{"y":1,"z":2},"data":{"new":{"x":1}}}"#,
        ] {
            assert!(matches!(parse(line), Outcome::Typed { .. }), "{line}");
        }
    }

    #[test]
    fn overlong_lines_are_rejected() {
        let mut p = Parser::new(10);
        assert!(matches!(p.parse_line(br#"{"event":"STOP"}"#, &mut Rows::default()), Outcome::Rejected { .. }));
    }

    #[test]
    fn nulls_count_as_absent() {
        let out = typed(r#"{"event":"BALLOON_CHANGE","data":{"actual":null},"timestamp":null}"#);
        assert_eq!(out, (None, json!({})));
    }
}
