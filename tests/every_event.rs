//! Every catalog event, and every branch of every union, goes in with every member set to a
//! distinct, checkable value and comes back out of its table exactly. The lines are generated
//! from `catalog/qmp-events.json` (each event's QAPI `fields`), not from the product's code, so a
//! member the product forgets, misnames, mistypes or drops shows up here.

mod util;
use util::catalog::Field;
use util::*;

use rusqlite::types::ValueRef;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

const CATALOG: &str = include_str!("../catalog/qmp-events.json");

// ---------------------------------------------------------------------------------------------
// The catalog, read with member and branch order kept.

#[derive(serde::Deserialize)]
struct Catalog {
    events: Vec<CatalogEvent>,
}

#[derive(serde::Deserialize)]
struct CatalogEvent {
    name: String,
    table: String,
    fields: Vec<Field>,
    columns: Vec<Column>,
}

#[derive(serde::Deserialize)]
struct Column {
    column: String,
    sql: String,
}

fn catalog() -> Catalog {
    let catalog: Catalog = serde_json::from_str(CATALOG).expect("catalog");
    assert_eq!(catalog.events.len(), 60);
    catalog
}

// ---------------------------------------------------------------------------------------------
// Generating lines.

/// JSON to write: objects keep (and get shuffled) member order; leaves are raw JSON text.
#[derive(Debug, Clone)]
enum J {
    Obj(Vec<(String, J)>),
    Raw(String),
}

/// What a column must hold.
#[derive(Debug, Clone, PartialEq)]
enum Want {
    /// TEXT, exactly.
    Text(String),
    /// INTEGER, exactly.
    Int(i64),
    /// A uint64/size above 2^63-1: TEXT with the exact decimal digits.
    Big(String),
    /// TEXT holding JSON equal (by value) to this.
    Json(Value),
    /// REAL.
    Real(f64),
}

/// What to put in the members: real values, or `null` everywhere.
#[derive(Clone, Copy, PartialEq)]
enum Fill {
    Values,
    NullLeaves,
}

/// Hands out distinct values per QAPI type.
#[derive(Default)]
struct Values {
    strings: u64,
    ints: u64,
    small: u64,
    wide: u64,
    bools: u64,
    enums: u64,
    anys: u64,
}

impl Values {
    /// The raw JSON of a leaf member and what its column must then hold.
    fn leaf(&mut self, field: &Field, column: &str, line: usize) -> (String, Want) {
        if field.kind == "enum" {
            assert!(!field.values.is_empty(), "enum {} has no values", field.ty);
            let v = &field.values[self.enums as usize % field.values.len()];
            self.enums += 1;
            return (serde_json::to_string(v).unwrap(), Want::Text(v.clone()));
        }
        assert_eq!(field.kind, "builtin", "{column}");
        match field.ty.as_str() {
            "str" => {
                self.strings += 1;
                // As QEMU writes it: non-ASCII both raw and as \u escapes, a surrogate pair,
                // quotes, a backslash, an escaped slash, control characters.
                let raw = format!(r#""s-{column}-{line}-é\u00e9-\ud83d\ude00-\"q\"-\\-\/-\n\t\u0001""#);
                let want = format!("s-{column}-{line}-éé-😀-\"q\"-\\-/-\n\t\u{1}");
                (raw, Want::Text(want))
            }
            "int" | "int64" | "int32" | "int16" | "int8" => {
                let k = self.ints;
                self.ints += 1;
                let bound: i64 = match field.ty.as_str() {
                    "int8" => 127,
                    "int16" => 32_767,
                    "int32" => 2_147_483_647,
                    _ => i64::MAX,
                };
                let v: i64 = match k {
                    0 => -bound - 1,
                    1 => bound,
                    k if k % 2 == 0 => -((k as i64 * 7919 + 1) % bound),
                    k => (k as i64 * 104_729 + 3) % bound,
                };
                (v.to_string(), Want::Int(v))
            }
            "uint8" | "uint16" | "uint32" => {
                let k = self.small as i64;
                self.small += 1;
                let v = match field.ty.as_str() {
                    "uint8" => 1 + k % 255,
                    "uint16" => 65_535 - k,
                    _ => 4_294_967_295 - k,
                };
                (v.to_string(), Want::Int(v))
            }
            "uint64" | "size" => {
                let k = self.wide;
                self.wide += 1;
                let v: u64 = match k % 4 {
                    0 => u64::MAX - k / 4,
                    1 => (1u64 << 63) + k / 4,
                    2 => k + 2,
                    _ => i64::MAX as u64 - k / 4,
                };
                let want = match i64::try_from(v) {
                    Ok(i) => Want::Int(i),
                    Err(_) => Want::Big(v.to_string()),
                };
                (v.to_string(), want)
            }
            "bool" => {
                let b = self.bools.is_multiple_of(2);
                self.bools += 1;
                (b.to_string(), Want::Int(i64::from(b)))
            }
            "number" => {
                let v = 0.25 + self.small as f64;
                self.small += 1;
                (format!("{v:?}"), Want::Real(v))
            }
            "any" => {
                self.anys += 1;
                let raw = format!(
                    r#"{{"any-{column}": [1, -2, "x\u00e9", {{"n": null, "t": true, "big": 18446744073709551615}}], "f": 1.5, "line": {line}, "k": {}}}"#,
                    self.anys
                );
                let want = serde_json::from_str(&raw).unwrap();
                (raw, Want::Json(want))
            }
            other => panic!("QAPI type {other} of {column}: teach this test a value for it"),
        }
    }
}

fn column_name(prefix: &str, member: &str) -> String {
    let member = member.replace('-', "_");
    if prefix.is_empty() { member } else { format!("{prefix}_{member}") }
}

/// The unions of `fields` (at any depth): `(column prefix, branch names)`.
fn unions(fields: &[Field], prefix: &str, out: &mut Vec<(String, Vec<String>)>) {
    for field in fields {
        let name = column_name(prefix, &field.name);
        match field.kind.as_str() {
            "struct" => unions(&field.fields, &name, out),
            "union" => {
                out.push((name.clone(), field.branches.0.iter().map(|(b, _)| b.clone()).collect()));
                unions(&field.base_fields, &name, out);
                for (_, branch) in &field.branches.0 {
                    unions(branch, &name, out);
                }
            }
            _ => {}
        }
    }
}

/// Builds the members of one object; records each column's expected value in `wants`, and with
/// `unknown` adds a member the catalog does not know to every object (recorded in `extra`).
#[allow(clippy::too_many_arguments)]
fn members(
    fields: &[Field],
    prefix: &str,
    choice: &BTreeMap<String, String>,
    fill: Fill,
    unknown: bool,
    line: usize,
    values: &mut Values,
    wants: &mut BTreeMap<String, Want>,
    extra: &mut serde_json::Map<String, Value>,
) -> Vec<(String, J)> {
    let mut out = Vec::new();
    for field in fields {
        let column = column_name(prefix, &field.name);
        let member = match field.kind.as_str() {
            "builtin" | "enum" => {
                if fill == Fill::NullLeaves {
                    J::Raw("null".into())
                } else {
                    let (raw, want) = values.leaf(field, &column, line);
                    assert!(wants.insert(column.clone(), want).is_none(), "{column} twice");
                    J::Raw(raw)
                }
            }
            "struct" | "union" => {
                let mut nested_extra = serde_json::Map::new();
                let mut inner = Vec::new();
                if field.kind == "struct" {
                    inner.extend(members(
                        &field.fields,
                        &column,
                        choice,
                        fill,
                        unknown,
                        line,
                        values,
                        wants,
                        &mut nested_extra,
                    ));
                } else {
                    let discriminator = field.discriminator.as_deref().expect("discriminator");
                    let branch = choice.get(&column).expect("a branch for every union");
                    for base in &field.base_fields {
                        if base.name == discriminator {
                            let tag = column_name(&column, &base.name);
                            assert!(base.values.contains(branch), "{branch} is not a value of {}", base.ty);
                            if fill == Fill::NullLeaves {
                                inner.push((base.name.clone(), J::Raw("null".into())));
                            } else {
                                wants.insert(tag, Want::Text(branch.clone()));
                                inner.push((base.name.clone(), J::Raw(serde_json::to_string(branch).unwrap())));
                            }
                        } else {
                            inner.extend(members(
                                std::slice::from_ref(base),
                                &column,
                                choice,
                                fill,
                                false,
                                line,
                                values,
                                wants,
                                &mut nested_extra,
                            ));
                        }
                    }
                    let (_, branch_fields) = field.branches.0.iter().find(|(name, _)| name == branch).expect("branch");
                    inner.extend(members(
                        branch_fields,
                        &column,
                        choice,
                        fill,
                        false,
                        line,
                        values,
                        wants,
                        &mut nested_extra,
                    ));
                }
                if unknown {
                    let value = json!({"x-new-inner": [line, "é", {"deep": [true, null, -1]}]});
                    inner.push((format!("x-new-in-{}", field.name), J::Raw(value.to_string())));
                    nested_extra.insert(format!("x-new-in-{}", field.name), value);
                }
                if !nested_extra.is_empty() {
                    extra.insert(field.name.clone(), Value::Object(nested_extra));
                }
                J::Obj(inner)
            }
            other => panic!("unknown member kind {other}"),
        };
        out.push((field.name.clone(), member));
    }
    if unknown && prefix.is_empty() {
        let value = json!({"a": [1, "é\u{e9}", {"deep": {"deeper": [false]}}], "b": -1, "c": "\u{1f600}"});
        out.push(("x-new-top".into(), J::Raw(value.to_string())));
        extra.insert("x-new-top".into(), value);
        // A null member counts as absent: not in extra.
        out.push(("x-gone".into(), J::Raw("null".into())));
    }
    out
}

/// A deterministic shuffle (xorshift), so member order differs from line to line.
fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for i in (1..items.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        items.swap(i, (*seed % (i as u64 + 1)) as usize);
    }
}

/// Writes `j` in QEMU's style (`": "` and `", "`), members shuffled.
fn write(j: &J, seed: &mut u64, out: &mut String) {
    match j {
        J::Raw(raw) => out.push_str(raw),
        J::Obj(members) => {
            let mut members = members.clone();
            shuffle(&mut members, seed);
            out.push('{');
            for (i, (key, value)) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&serde_json::to_string(key).unwrap());
                out.push_str(": ");
                write(value, seed, out);
            }
            out.push('}');
        }
    }
}

/// One generated line and what its row must hold.
struct Case {
    line: usize,
    event: usize,
    ts_us: Option<i64>,
    wants: BTreeMap<String, Want>,
    extra: Option<Value>,
    text: String,
}

/// How a line's `data` is made.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// Every member set.
    Full,
    /// Every member set, plus members the catalog does not know at every level.
    WithUnknown,
    /// No `data` key.
    NoData,
    /// `"data": {}`.
    EmptyData,
    /// `"data": null`.
    NullData,
    /// Every leaf `null` (objects present).
    NullLeaves,
    /// Every top-level member `null`.
    NullMembers,
}

/// Lines of a file: appended one at a time, numbered from 1.
#[derive(Default)]
struct File {
    cases: Vec<Case>,
    values: Values,
}

impl File {
    fn next_line(&self) -> usize {
        self.cases.len() + 1
    }

    fn push(&mut self, event: usize, ev: &CatalogEvent, shape: Shape, choice: &BTreeMap<String, String>) {
        let line = self.next_line();
        let mut wants = BTreeMap::new();
        let mut extra = serde_json::Map::new();
        let data = match shape {
            Shape::NoData => None,
            Shape::EmptyData => Some(J::Obj(Vec::new())),
            Shape::NullData => Some(J::Raw("null".into())),
            Shape::NullMembers => {
                Some(J::Obj(ev.fields.iter().map(|f| (f.name.clone(), J::Raw("null".into()))).collect()))
            }
            Shape::Full | Shape::WithUnknown | Shape::NullLeaves => Some(J::Obj(members(
                &ev.fields,
                "",
                choice,
                if shape == Shape::NullLeaves { Fill::NullLeaves } else { Fill::Values },
                shape == Shape::WithUnknown,
                line,
                &mut self.values,
                &mut wants,
                &mut extra,
            ))),
        };
        let seconds = 1_700_000_000 + line as i64 * 37;
        let micros = (line as i64 * 7919) % 1_000_000;
        let mut top = vec![
            (
                "timestamp".to_string(),
                J::Obj(vec![
                    ("seconds".into(), J::Raw(seconds.to_string())),
                    ("microseconds".into(), J::Raw(micros.to_string())),
                ]),
            ),
            ("event".to_string(), J::Raw(format!("\"{}\"", ev.name))),
        ];
        if let Some(data) = data {
            top.push(("data".to_string(), data));
        }
        let mut text = String::new();
        let mut seed = 0x9e37_79b9_7f4a_7c15 ^ (line as u64).wrapping_mul(0x2545_f491_4f6c_dd1d);
        write(&J::Obj(top), &mut seed, &mut text);
        self.cases.push(Case {
            line,
            event,
            ts_us: Some(seconds * 1_000_000 + micros),
            wants,
            extra: (!extra.is_empty()).then_some(Value::Object(extra)),
            text,
        });
    }

    /// A hand-written line with hand-written expectations.
    fn push_raw(&mut self, event: usize, text: &str, wants: &[(&str, Want)]) {
        let line = self.next_line();
        self.cases.push(Case {
            line,
            event,
            ts_us: None,
            wants: wants.iter().map(|(c, w)| (c.to_string(), w.clone())).collect(),
            extra: None,
            text: text.to_string(),
        });
    }

    /// The file's bytes: every line with CRLF, as QEMU writes.
    fn bytes(&self) -> String {
        self.cases.iter().map(|c| format!("{}\r\n", c.text)).collect()
    }
}

/// Every union choice of an event: one per branch of each union (the other unions on their
/// first branch); a single empty choice when the event has no union.
fn choices(ev: &CatalogEvent) -> Vec<BTreeMap<String, String>> {
    let mut found = Vec::new();
    unions(&ev.fields, "", &mut found);
    let first: BTreeMap<String, String> = found.iter().map(|(u, branches)| (u.clone(), branches[0].clone())).collect();
    if found.is_empty() {
        return vec![first];
    }
    let mut out = Vec::new();
    for (u, branches) in &found {
        for b in branches {
            let mut choice = first.clone();
            choice.insert(u.clone(), b.clone());
            out.push(choice);
        }
    }
    out
}

/// Writes `file` as `every.jsonl`, imports it (exit 0), and returns the directory.
fn ingest(file: &File) -> Dir {
    let dir = Dir::new();
    dir.write("every.jsonl", file.bytes());
    let run = dir.run(&["every.jsonl", "--json", "--quiet"]);
    assert_eq!(run.code, 0, "{run:?}");
    let summary = run.json();
    assert_eq!(summary["typed"], json!(file.cases.len()), "{summary}");
    assert_eq!(summary["rejects"], json!(0), "{summary}");
    assert_eq!(summary["unknown"], json!(0), "{summary}");
    dir
}

// ---------------------------------------------------------------------------------------------
// Checking rows.

fn show(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => format!("INTEGER {i}"),
        ValueRef::Real(r) => format!("REAL {r:?}"),
        ValueRef::Text(t) => format!("TEXT {:?}", String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => format!("BLOB {b:?}"),
    }
}

/// Checks each case's row, column by column, and that each table has no other rows.
fn check_rows(dir: &Dir, catalog: &Catalog, cases: &[Case]) {
    let conn = dir.conn();
    let mut per_table: BTreeMap<&str, usize> = BTreeMap::new();
    for case in cases {
        let ev = &catalog.events[case.event];
        *per_table.entry(&ev.table).or_default() += 1;
        let known: BTreeSet<&str> = ev.columns.iter().map(|c| c.column.as_str()).collect();
        for column in case.wants.keys() {
            assert!(known.contains(column.as_str()), "test bug: {} has no column {column}", ev.table);
        }
        let mut stmt = conn.prepare(&format!("SELECT * FROM {} WHERE line = ?1", ev.table)).unwrap();
        let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
        let mut expected_names = vec!["file_id".to_string(), "line".into(), "ts_us".into()];
        expected_names.extend(ev.columns.iter().map(|c| c.column.clone()));
        expected_names.push("extra".into());
        assert_eq!(names, expected_names, "columns of {}", ev.table);
        let mut rows = stmt.query([case.line as i64]).unwrap();
        let row = rows
            .next()
            .unwrap()
            .unwrap_or_else(|| panic!("line {} ({}) has no row in {}: {}", case.line, ev.name, ev.table, case.text));
        let context = || format!("line {} ({}): {}", case.line, ev.name, case.text);
        assert_eq!(row.get_ref(1).unwrap(), ValueRef::Integer(case.line as i64), "{}", context());
        let ts = match case.ts_us {
            Some(ts) => ValueRef::Integer(ts),
            None => ValueRef::Null,
        };
        assert_eq!(row.get_ref(2).unwrap(), ts, "ts_us of {}", context());
        for (i, column) in ev.columns.iter().enumerate() {
            let got = row.get_ref(3 + i).unwrap();
            let ok = match case.wants.get(&column.column) {
                None => got == ValueRef::Null,
                Some(Want::Text(s)) => got == ValueRef::Text(s.as_bytes()),
                Some(Want::Int(v)) => got == ValueRef::Integer(*v),
                Some(Want::Big(digits)) => got == ValueRef::Text(digits.as_bytes()),
                Some(Want::Real(v)) => got == ValueRef::Real(*v),
                Some(Want::Json(v)) => match got {
                    ValueRef::Text(t) => serde_json::from_slice::<Value>(t).ok().as_ref() == Some(v),
                    _ => false,
                },
            };
            assert!(
                ok,
                "{}.{}: got {}, want {:?}\n{}",
                ev.table,
                column.column,
                show(got),
                case.wants.get(&column.column),
                context()
            );
            if column.sql == "ANY" && got != ValueRef::Null {
                let storage: String = conn
                    .query_row(
                        &format!("SELECT typeof({}) FROM {} WHERE line = ?1", column.column, ev.table),
                        [case.line as i64],
                        |r| r.get(0),
                    )
                    .unwrap();
                let want = match case.wants.get(&column.column) {
                    Some(Want::Big(_)) => "text",
                    _ => "integer",
                };
                assert_eq!(storage, want, "typeof({}.{}) {}", ev.table, column.column, context());
            }
        }
        let extra = row.get_ref(3 + ev.columns.len()).unwrap();
        match &case.extra {
            None => assert_eq!(extra, ValueRef::Null, "extra of {}", context()),
            Some(want) => {
                let ValueRef::Text(t) = extra else { panic!("extra of {} is {}", context(), show(extra)) };
                let got: Value =
                    serde_json::from_slice(t).unwrap_or_else(|e| panic!("extra of {} is not JSON ({e})", context()));
                assert_eq!(&got, want, "extra of {}", context());
            }
        }
        assert!(rows.next().unwrap().is_none(), "two rows for {}", context());
    }
    for (table, n) in per_table {
        assert_eq!(dir.count(&format!("SELECT count(*) FROM {table}")), n as i64, "rows of {table}");
    }
}

// ---------------------------------------------------------------------------------------------
// The tests.

#[test]
fn every_event_and_every_union_branch_round_trips_exactly() {
    let catalog = catalog();
    let mut file = File::default();
    for (i, ev) in catalog.events.iter().enumerate() {
        for choice in choices(ev) {
            file.push(i, ev, Shape::Full, &choice);
        }
    }
    // The generator itself covers everything: every event, every column, the edge values.
    let mut filled: BTreeSet<(usize, &str)> = BTreeSet::new();
    for case in &file.cases {
        for column in case.wants.keys() {
            filled.insert((case.event, column.as_str()));
        }
    }
    for (i, ev) in catalog.events.iter().enumerate() {
        assert!(file.cases.iter().any(|c| c.event == i), "{} has no line", ev.name);
        for column in &ev.columns {
            assert!(filled.contains(&(i, column.column.as_str())), "no line fills {}.{}", ev.table, column.column);
        }
    }
    let all: Vec<&Want> = file.cases.iter().flat_map(|c| c.wants.values()).collect();
    for edge in [
        Want::Big("18446744073709551615".into()),
        Want::Big("9223372036854775808".into()),
        Want::Int(i64::MAX),
        Want::Int(i64::MIN),
        Want::Int(0),
        Want::Int(1),
    ] {
        assert!(all.contains(&&edge), "no line carries {edge:?}");
    }
    assert!(all.iter().any(|w| matches!(w, Want::Json(_))), "no `any` member");
    assert_eq!(
        file.cases.iter().filter(|c| catalog.events[c.event].name == "GUEST_PANICKED").count(),
        4,
        "one GUEST_PANICKED line per GuestPanicInformation branch"
    );

    let dir = ingest(&file);
    check_rows(&dir, &catalog, &file.cases);
}

#[test]
fn lines_without_data_or_with_null_members_leave_every_data_column_null() {
    let catalog = catalog();
    let mut file = File::default();
    for (i, ev) in catalog.events.iter().enumerate() {
        let choice = choices(ev).remove(0);
        for shape in [Shape::NoData, Shape::EmptyData, Shape::NullData, Shape::NullLeaves, Shape::NullMembers] {
            file.push(i, ev, shape, &choice);
        }
    }
    assert!(file.cases.iter().all(|c| c.wants.is_empty() && c.extra.is_none()));
    let dir = ingest(&file);
    check_rows(&dir, &catalog, &file.cases);
}

#[test]
fn unknown_members_at_every_level_go_to_extra_nested_as_in_the_input() {
    let catalog = catalog();
    let mut file = File::default();
    for (i, ev) in catalog.events.iter().enumerate() {
        for choice in choices(ev) {
            file.push(i, ev, Shape::WithUnknown, &choice);
        }
    }
    // Nested unknown members really occur: in structs (SPICE server) and in unions (GUEST_PANICKED info).
    for (object, key) in [("server", "x-new-in-server"), ("info", "x-new-in-info")] {
        assert!(
            file.cases.iter().any(|c| c.extra.as_ref().and_then(|e| e.get(object)).and_then(|o| o.get(key)).is_some()),
            "no line has an unknown member inside {object}"
        );
    }
    let dir = ingest(&file);
    check_rows(&dir, &catalog, &file.cases);
}

fn index(catalog: &Catalog, name: &str) -> usize {
    catalog.events.iter().position(|e| e.name == name).unwrap()
}

fn text(s: &str) -> Want {
    Want::Text(s.to_string())
}

#[test]
fn old_qemu_shapes_fill_the_current_columns() {
    let catalog = catalog();
    let acpi = index(&catalog, "ACPI_DEVICE_OST");
    let failure = index(&catalog, "QUORUM_FAILURE");
    let report = index(&catalog, "QUORUM_REPORT_BAD");
    let shutdown = index(&catalog, "SHUTDOWN");
    let job = index(&catalog, "JOB_STATUS_CHANGE");
    let io_error = index(&catalog, "BLOCK_IO_ERROR");
    let mut file = File::default();
    // The seed's flat ACPI_DEVICE_OST.
    file.push_raw(
        acpi,
        r#"{ "event": "ACPI_DEVICE_OST", "data": { "device": "d1", "slot": "0", "slot-type": "DIMM", "source": 1, "status": 0 } }"#,
        &[
            ("info_device", text("d1")),
            ("info_slot", text("0")),
            ("info_slot_type", text("DIMM")),
            ("info_source", Want::Int(1)),
            ("info_status", Want::Int(0)),
        ],
    );
    // Flat without the optional device.
    file.push_raw(
        acpi,
        r#"{"event": "ACPI_DEVICE_OST", "data": {"slot": "3", "slot-type": "CPU", "source": 259, "status": -1}}"#,
        &[
            ("info_slot", text("3")),
            ("info_slot_type", text("CPU")),
            ("info_source", Want::Int(259)),
            ("info_status", Want::Int(-1)),
        ],
    );
    // The seed's (and QEMU 2.0 document's) `sector-count`.
    file.push_raw(
        failure,
        r#"{ "event": "QUORUM_FAILURE", "data": { "reference": "usr1", "sector-num": 345435, "sector-count": 5 } }"#,
        &[("reference", text("usr1")), ("sector_num", Want::Int(345435)), ("sectors_count", Want::Int(5))],
    );
    file.push_raw(
        report,
        r#"{ "event": "QUORUM_REPORT_BAD", "data": { "node-name": "node0", "sector-num": 345435, "sector-count": 5 } }"#,
        &[
            ("node_name", text("node0")),
            ("sector_num", Want::Int(345435)),
            ("sectors_count", Want::Int(5)),
        ],
    );
    file.push_raw(
        report,
        r#"{"event": "QUORUM_REPORT_BAD", "data": {"error": "Input/output error", "node-name": "n1", "sector-num": 1, "sector-count": 2}}"#,
        &[
            ("error", text("Input/output error")),
            ("node_name", text("n1")),
            ("sector_num", Want::Int(1)),
            ("sectors_count", Want::Int(2)),
        ],
    );
    // Members older releases did not send stay NULL; enum values the catalog does not list are
    // stored as they are.
    file.push_raw(shutdown, r#"{"event": "SHUTDOWN"}"#, &[]);
    file.push_raw(
        shutdown,
        r#"{"event": "SHUTDOWN", "data": {"guest": true, "reason": "x-cause-from-the-future"}}"#,
        &[("guest", Want::Int(1)), ("reason", text("x-cause-from-the-future"))],
    );
    file.push_raw(
        job,
        r#"{"event": "JOB_STATUS_CHANGE", "data": {"id": "j", "status": "hibernating"}}"#,
        &[("id", text("j")), ("status", text("hibernating"))],
    );
    file.push_raw(
        io_error,
        r#"{"event": "BLOCK_IO_ERROR", "data": {"device": "ide0-hd1", "operation": "write", "action": "stop"}}"#,
        &[("device", text("ide0-hd1")), ("operation", text("write")), ("action", text("stop"))],
    );
    let dir = ingest(&file);
    check_rows(&dir, &catalog, &file.cases);
}

/// `event, label, ts_us, time, data, file_id` of an `all_events` row.
type ViewRow = (String, String, Option<i64>, Option<String>, String, i64);

/// `ts_us` as `all_events.time`: ISO-8601 UTC with microseconds.
fn iso(ts_us: i64) -> String {
    let secs = ts_us.div_euclid(1_000_000);
    let micros = ts_us.rem_euclid(1_000_000);
    let (days, sod) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{micros:06}", sod / 3600, sod % 3600 / 60, sod % 60)
}

#[test]
fn all_events_has_one_row_per_typed_line_with_its_data() {
    let catalog = catalog();
    let mut file = File::default();
    for (i, ev) in catalog.events.iter().enumerate() {
        for choice in choices(ev) {
            file.push(i, ev, Shape::Full, &choice);
        }
        file.push(i, ev, Shape::NoData, &choices(ev).remove(0));
    }
    let dir = ingest(&file);
    assert_eq!(dir.count("SELECT count(*) FROM all_events"), file.cases.len() as i64);
    let conn = dir.conn();
    let mut stmt =
        conn.prepare("SELECT event, label, ts_us, time, data, file_id FROM all_events WHERE line = ?1").unwrap();
    for case in &file.cases {
        let ev = &catalog.events[case.event];
        let rows: Vec<ViewRow> = stmt
            .query_map([case.line as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows.len(), 1, "all_events rows for line {}", case.line);
        let (event, label, ts_us, time, data, file_id) = &rows[0];
        assert_eq!(event, &ev.name, "line {}", case.line);
        assert_eq!(label, "every", "label is the file's stem");
        assert_eq!(*file_id, 1);
        assert_eq!(*ts_us, case.ts_us);
        let time = time.as_deref().expect("time");
        let want = iso(case.ts_us.unwrap());
        assert!(time == format!("{want}Z") || time == format!("{want}+00:00"), "time {time}, want {want}Z");
        let data: Value = serde_json::from_str(data)
            .unwrap_or_else(|e| panic!("all_events.data of line {} is not JSON ({e}): {data}", case.line));
        let data = data.as_object().unwrap_or_else(|| panic!("data is not an object: {data}"));
        let keys: BTreeSet<&String> = data.keys().collect();
        let want_keys: BTreeSet<&String> = case.wants.keys().collect();
        assert_eq!(keys, want_keys, "data keys of line {} ({})", case.line, ev.name);
        for (column, want) in &case.wants {
            let got = &data[column];
            let ok = match want {
                Want::Text(s) => got == &json!(s),
                Want::Int(v) => got == &json!(v),
                Want::Real(v) => got == &json!(v),
                Want::Json(v) => got == v,
                // Exact digits, as a JSON string (the column's TEXT) or an exact JSON number.
                Want::Big(digits) => {
                    got == &json!(digits) || got.as_u64().map(|u| u.to_string()).as_ref() == Some(digits)
                }
            };
            assert!(ok, "all_events.data.{column} of line {} ({}): got {got}, want {want:?}", case.line, ev.name);
        }
    }
}

/// COMMAND_DROPPED lines whose `any` member `id` holds each of `ids`.
fn command_dropped(catalog: &Catalog, ids: &[&str]) -> File {
    let dropped = index(catalog, "COMMAND_DROPPED");
    let mut file = File::default();
    for id in ids {
        let line = format!(r#"{{"event": "COMMAND_DROPPED", "data": {{"id": {id}, "reason": "queue-full"}}}}"#);
        let want: Value = serde_json::from_str(id).unwrap();
        file.push_raw(dropped, &line, &[("id", Want::Json(want)), ("reason", text("queue-full"))]);
    }
    file
}

/// Checks that `all_events.data.id` is each line's `id`, by value.
fn check_view_ids(dir: &Dir, file: &File) {
    for case in &file.cases {
        let data: String = dir
            .conn()
            .query_row("SELECT data FROM all_events WHERE line = ?1", [case.line as i64], |r| r.get(0))
            .unwrap();
        let data: Value = serde_json::from_str(&data).unwrap();
        let Some(Want::Json(id)) = case.wants.get("id") else { unreachable!() };
        assert_eq!(&data["id"], id, "all_events.data.id of {}", case.text);
    }
}

#[test]
fn any_members_keep_every_kind_of_json_value() {
    let catalog = catalog();
    let ids = [
        r#""libvirt-42""#,
        r#""\u00e9\"\\\n""#,
        "42",
        "-7",
        "9223372036854775807",
        "2.5",
        "[]",
        r#"[1, "a", null, {"b": [false]}]"#,
        "{}",
        r#"{"a": {"b": null, "c": 18446744073709551615, "d": true}}"#,
    ];
    let file = command_dropped(&catalog, &ids);
    let dir = ingest(&file);
    check_rows(&dir, &catalog, &file.cases);
    check_view_ids(&dir, &file);
    // The column itself keeps booleans and integers beyond 2^63-1 exactly.
    let file = command_dropped(&catalog, &["true", "false", "18446744073709551615"]);
    let dir = ingest(&file);
    check_rows(&dir, &catalog, &file.cases);
}

#[test]
fn all_events_keeps_scalar_any_values_exactly() {
    let catalog = catalog();
    let file = command_dropped(&catalog, &["true", "false", "18446744073709551615"]);
    let dir = ingest(&file);
    check_view_ids(&dir, &file);
}
