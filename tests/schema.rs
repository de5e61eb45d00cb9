//! The schema cannot drift: the migrations, the generated Rust types (`catalog::EVENTS`) and
//! `catalog/qmp-events.json` describe exactly the same tables, columns and SQL types, and the
//! views the README promises exist with the promised columns.

mod util;
use util::catalog::Field;
use util::*;

use qmp_ingest::catalog::{EVENTS, Kind, Member, Node};
use rusqlite::Connection;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const CATALOG: &str = include_str!("../catalog/qmp-events.json");

/// The tables that are not event tables.
const OTHER_TABLES: [&str; 9] = [
    "files",
    "unknown_events",
    "rejects",
    "event_spans",
    "lake_source",
    "lake_watermarks",
    "pruned_events",
    "event_days",
    "vm_hours",
];

fn catalog() -> Vec<Value> {
    let catalog: Value = serde_json::from_str(CATALOG).expect("catalog is JSON");
    let events = catalog["events"].as_array().expect("catalog has events");
    assert_eq!(events.len(), 60, "the catalog lists 57 current and 3 removed events");
    events.clone()
}

fn text<'v>(v: &'v Value, key: &str) -> &'v str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} is not a string in {v}"))
}

fn path_of(column: &Value) -> Vec<String> {
    column["path"]
        .as_array()
        .expect("column path")
        .iter()
        .map(|p| p.as_str().expect("path element").to_string())
        .collect()
}

/// A database created by the binary from an empty input file.
fn fresh_db() -> Dir {
    let dir = Dir::new();
    dir.write("empty.jsonl", "");
    let run = dir.run(&["empty.jsonl", "--quiet"]);
    assert_eq!(run.code, 0, "empty input: {run:?}");
    dir
}

/// `(name, type, notnull)` of every column of `table`, in order.
fn table_info(conn: &Connection, table: &str) -> Vec<(String, String, bool)> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info(\"{table}\")")).unwrap();
    stmt.query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get::<_, i64>(3)? != 0)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// `name → (type, strict, without rowid)` of every table and view (`PRAGMA table_list`), SQLite's
/// own excluded.
fn table_list(conn: &Connection) -> BTreeMap<String, (String, bool, bool)> {
    let mut stmt = conn.prepare("SELECT name, type, strict, wr FROM pragma_table_list WHERE schema = 'main'").unwrap();
    stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, (r.get::<_, String>(1)?, r.get::<_, i64>(2)? != 0, r.get::<_, i64>(3)? != 0)))
    })
    .unwrap()
    .collect::<Result<BTreeMap<_, _>, _>>()
    .unwrap()
    .into_iter()
    .filter(|(name, _)| !name.starts_with("sqlite_"))
    .collect()
}

/// The SQL type the README's rules give a QAPI type.
fn sql_type_by_the_rules(qapi: &str) -> &'static str {
    match qapi {
        "str" => "TEXT",
        q if q.starts_with("enum:") => "TEXT",
        "int" | "int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32" => "INTEGER",
        "uint64" | "size" => "ANY",
        "number" => "REAL",
        "bool" => "INTEGER",
        "any" => "TEXT",
        q if q.starts_with("array") || q.starts_with('[') => "TEXT",
        other => panic!("QAPI type {other} has no rule in the README"),
    }
}

#[derive(serde::Deserialize)]
struct TypedEvent {
    name: String,
    fields: Vec<Field>,
}

#[derive(serde::Deserialize)]
struct TypedCatalog {
    events: Vec<TypedEvent>,
}

/// Leaves of an event's QAPI member tree: `(column, path, qapi)`, first seen first, union
/// discriminators and every branch's members flattened under the union's name.
fn leaves(fields: &[Field], prefix: &[String], out: &mut Vec<(String, Vec<String>, String)>) {
    for field in fields {
        let mut path = prefix.to_vec();
        path.push(field.name.clone());
        match field.kind.as_str() {
            "builtin" | "enum" => {
                let column = path.join("_").replace('-', "_");
                let qapi = if field.kind == "enum" { format!("enum:{}", field.ty) } else { field.ty.clone() };
                if let Some((_, old_path, old_qapi)) = out.iter().find(|(c, _, _)| *c == column) {
                    // The same member in two branches (SocketAddress inet/vsock `port`).
                    assert_eq!((old_path, old_qapi), (&path, &qapi), "two members share column {column}");
                } else {
                    out.push((column, path, qapi));
                }
            }
            "struct" => leaves(&field.fields, &path, out),
            "union" => {
                leaves(&field.base_fields, &path, out);
                for (_, branch) in &field.branches.0 {
                    leaves(branch, &path, out);
                }
            }
            other => panic!("unknown member kind {other}"),
        }
    }
}

#[test]
fn every_event_table_has_exactly_the_catalog_columns() {
    let dir = fresh_db();
    let conn = dir.conn();
    for event in catalog() {
        let table = text(&event, "table");
        let mut expected = vec![
            ("file_id".to_string(), "INTEGER".to_string(), true),
            ("line".to_string(), "INTEGER".to_string(), true),
            ("ts_us".to_string(), "INTEGER".to_string(), false),
        ];
        for column in event["columns"].as_array().unwrap() {
            expected.push((text(column, "column").to_string(), text(column, "sql").to_string(), false));
        }
        expected.push(("extra".to_string(), "TEXT".to_string(), false));
        assert_eq!(table_info(&conn, table), expected, "table {table} of event {}", text(&event, "name"));
    }
}

#[test]
fn every_table_is_strict_and_no_table_is_unknown_to_the_catalog() {
    let dir = fresh_db();
    let conn = dir.conn();
    let list = table_list(&conn);
    let mut expected: BTreeSet<String> = catalog().iter().map(|e| text(e, "table").to_string()).collect();
    expected.extend(OTHER_TABLES.iter().map(|t| t.to_string()));
    let tables: BTreeSet<String> =
        list.iter().filter(|(_, (kind, _, _))| kind == "table").map(|(name, _)| name.clone()).collect();
    assert_eq!(tables, expected, "tables of a fresh database");
    for name in &tables {
        assert!(list[name].1, "table {name} is not STRICT");
        // No id column, the rowid serves; only the per-day counts and the per-hour bits are keyed
        // by what they count.
        assert_eq!(list[name].2, name == "event_days" || name == "vm_hours", "table {name}: WITHOUT ROWID");
        let sql: String = conn
            .query_row("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1", [name], |r| r.get(0))
            .unwrap();
        assert!(sql.contains("STRICT"), "{name}: {sql}");
    }
}

#[test]
fn generated_types_match_the_catalog() {
    let catalog = catalog();
    assert_eq!(EVENTS.len(), catalog.len());
    for (i, (def, event)) in EVENTS.iter().zip(&catalog).enumerate() {
        assert_eq!(def.index, i);
        assert_eq!(def.name, text(event, "name"));
        assert_eq!(def.table, text(event, "table"));
        assert_eq!(def.table, def.name.to_ascii_lowercase(), "table = event in lower case");
        let columns = event["columns"].as_array().unwrap();
        let generated: Vec<(&str, &str, Vec<String>)> =
            def.columns.iter().map(|c| (c.name, c.sql, c.path.iter().map(|p| p.to_string()).collect())).collect();
        let cataloged: Vec<(&str, &str, Vec<String>)> =
            columns.iter().map(|c| (text(c, "column"), text(c, "sql"), path_of(c))).collect();
        assert_eq!(generated, cataloged, "columns of {}", def.name);
        for (c, column) in def.columns.iter().zip(columns) {
            let qapi = text(column, "qapi");
            let want = match qapi {
                "bool" => Kind::Bool,
                "uint64" | "size" => Kind::Wide,
                "number" => Kind::Real,
                "any" => Kind::Json,
                q if q.starts_with("array") || q.starts_with('[') => Kind::Json,
                q if q == "str" || q.starts_with("enum:") => Kind::Text,
                _ => Kind::Int,
            };
            assert_eq!(c.kind, want, "{}.{} ({qapi})", def.name, c.name);
        }
    }
}

/// Every path the parser's member tree reaches, with the column it fills.
fn member_paths(members: &[Member], prefix: &[String], out: &mut BTreeMap<Vec<String>, usize>) {
    for member in members {
        let mut path = prefix.to_vec();
        path.push(member.key.to_string());
        match member.node {
            Node::Leaf(col) => {
                assert!(out.insert(path.clone(), col).is_none(), "{path:?} twice");
            }
            Node::Object(inner) => member_paths(inner, &path, out),
        }
    }
}

#[test]
fn generated_member_trees_reach_exactly_the_catalog_paths_and_aliases() {
    for (def, event) in EVENTS.iter().zip(catalog()) {
        let mut expected = BTreeMap::new();
        for (i, column) in event["columns"].as_array().unwrap().iter().enumerate() {
            expected.insert(path_of(column), i);
        }
        for alias in event["aliases"].as_array().into_iter().flatten() {
            let column = text(alias, "column");
            let col = def
                .columns
                .iter()
                .position(|c| c.name == column)
                .unwrap_or_else(|| panic!("{}: alias to unknown column {column}", def.name));
            expected.insert(path_of(alias), col);
        }
        let mut found = BTreeMap::new();
        member_paths(def.members, &[], &mut found);
        assert_eq!(found, expected, "member tree of {}", def.name);
    }
}

#[test]
fn catalog_columns_follow_designs_naming_and_type_rules() {
    let typed: TypedCatalog = serde_json::from_str(CATALOG).unwrap();
    for (event, typed) in catalog().iter().zip(&typed.events) {
        let name = text(event, "name");
        assert_eq!(name, typed.name);
        let mut from_fields = Vec::new();
        leaves(&typed.fields, &[], &mut from_fields);
        let columns: Vec<(String, Vec<String>, String)> = event["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (text(c, "column").to_string(), path_of(c), text(c, "qapi").to_string()))
            .collect();
        assert_eq!(columns, from_fields, "columns of {name} vs its QAPI members");
        for column in event["columns"].as_array().unwrap() {
            assert_eq!(
                text(column, "sql"),
                sql_type_by_the_rules(text(column, "qapi")),
                "{name}.{}",
                text(column, "column")
            );
        }
    }
}

#[test]
fn the_store_and_the_binary_create_the_same_schema_at_the_latest_version() {
    let dir = fresh_db();
    let other = tempfile::tempdir().unwrap();
    let path = other.path().join("store.db");
    let store = qmp_ingest::store::Store::open(&path, std::time::Duration::from_secs(5)).expect("open");
    let schema = |conn: &Connection| -> Vec<(String, String, String)> {
        let mut stmt = conn.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, Option<String>>(2)?.unwrap_or_default())))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(schema(store.connection()), schema(&dir.conn()));

    // The schema version is the number of numbered SQL files in migrations/, applied in order.
    let mut files: Vec<(String, String)> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    files.sort();
    let embedded: Vec<(String, String)> =
        qmp_ingest::store::MIGRATIONS.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect();
    assert_eq!(embedded, files, "MIGRATIONS must be migrations/*.sql in order");
    let version: i64 = dir.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, files.len() as i64);
    assert_eq!(store.schema_version().unwrap(), files.len() as i64);
}

#[test]
fn views_exist_with_designs_columns() {
    let dir = fresh_db();
    let conn = dir.conn();
    let list = table_list(&conn);
    for (view, columns) in [
        // The documented columns, then `span` (migration 0004) and `event_bit` (0012): added,
        // nothing renamed.
        ("all_events", &["event", "file_id", "label", "line", "ts_us", "time", "data", "span", "event_bit"][..]),
        ("quorum_failures_by_node", &["node", "failures", "first_time", "last_time"]),
        ("quorum_reports_by_node", &["node", "reports", "first_time", "last_time"]),
        ("events_per_vm_day", &["vm", "day", "event", "events"]),
        ("event_counts", &["file_id", "vm", "day", "event", "events", "first_us", "last_us"]),
    ] {
        assert_eq!(list.get(view).map(|(kind, _, _)| kind.as_str()), Some("view"), "view {view}");
        let names: Vec<String> = table_info(&conn, view).into_iter().map(|c| c.0).collect();
        assert_eq!(names, columns, "columns of view {view}");
        // The view compiles and runs on an empty database.
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {view}"), [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{view}: {e}"));
        assert_eq!(n, 0);
    }
}

#[test]
fn quorum_views_count_per_node_with_first_and_last_times() {
    let dir = Dir::new();
    let lines = [
        qemu_line(
            1_700_000_003,
            250_000,
            "QUORUM_FAILURE",
            Some(r#"{"reference": "a", "sector-num": 1, "sectors-count": 2}"#),
        ),
        qemu_line(
            1_700_000_001,
            5,
            "QUORUM_FAILURE",
            Some(r#"{"reference": "a", "sector-num": 3, "sectors-count": 4}"#),
        ),
        qemu_line(
            1_700_000_002,
            0,
            "QUORUM_FAILURE",
            Some(r#"{"reference": "b", "sector-num": 5, "sectors-count": 6}"#),
        ),
        qemu_line(
            1_700_000_010,
            999_999,
            "QUORUM_REPORT_BAD",
            Some(r#"{"type": "read", "node-name": "n1", "sector-num": 7, "sectors-count": 8}"#),
        ),
        qemu_line(
            1_700_000_011,
            1,
            "QUORUM_REPORT_BAD",
            Some(r#"{"node-name": "n1", "sector-num": 9, "sector-count": 1}"#),
        ),
    ];
    dir.write("vm.jsonl", lines.concat());
    let run = dir.run(&["vm.jsonl", "--quiet"]);
    assert_eq!(run.code, 0, "{run:?}");
    // 1700000000 is 2023-11-14T22:13:20Z.
    assert_eq!(
        dir.rows("SELECT node, failures, first_time, last_time FROM quorum_failures_by_node ORDER BY node"),
        vec![
            vec!["a", "2", "2023-11-14T22:13:21.000005Z", "2023-11-14T22:13:23.250000Z"],
            vec!["b", "1", "2023-11-14T22:13:22.000000Z", "2023-11-14T22:13:22.000000Z"],
        ]
    );
    assert_eq!(
        dir.rows("SELECT node, reports, first_time, last_time FROM quorum_reports_by_node ORDER BY node"),
        vec![vec!["n1", "2", "2023-11-14T22:13:30.999999Z", "2023-11-14T22:13:31.000001Z"]]
    );
}
