//! Schema: what each lake dataset holds — its columns, their lake types and where each value comes
//! from. Event tables are described by the generated catalog ([`EVENTS`], the one source of
//! truth for their columns); `unknown_events`, `rejects` and `files` by the database's own
//! `PRAGMA table_info`, so a migration that adds a column adds it to the lake too.

use crate::catalog::{EVENTS, EventDef, Kind};
use arrow_schema::extension::Json;
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use rusqlite::Connection;
use std::sync::Arc;

/// The lake layout's version, written to `_qmp_lake.json` and each file's metadata. Adding a
/// column keeps it; anything an old reader of the lake would misread raises it.
pub const LAKE_VERSION: u32 = 1;

/// Precision of the DECIMAL that holds `uint64`/`size` values exactly (2^64-1 has 20 digits).
pub const WIDE_PRECISION: u8 = 20;

/// A column's type in the lake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LakeType {
    /// INT64.
    Int,
    /// DECIMAL(20,0): `uint64`/`size`, an INTEGER or exact decimal TEXT in SQLite.
    Wide,
    /// BOOLEAN, from INTEGER 0/1.
    Bool,
    /// DOUBLE.
    Real,
    /// UTF8 string.
    Text,
    /// UTF8 string with the JSON logical type.
    Json,
    /// BINARY (`rejects.raw`).
    Binary,
    /// TIMESTAMP(µs, UTC), from `ts_us`.
    Timestamp,
}

impl LakeType {
    fn arrow(self) -> DataType {
        match self {
            LakeType::Int => DataType::Int64,
            LakeType::Wide => DataType::Decimal128(WIDE_PRECISION, 0),
            LakeType::Bool => DataType::Boolean,
            LakeType::Real => DataType::Float64,
            LakeType::Text | LakeType::Json => DataType::Utf8,
            LakeType::Binary => DataType::Binary,
            LakeType::Timestamp => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        }
    }

    /// The lake type of an event table's data column.
    pub fn of_kind(kind: Kind) -> LakeType {
        match kind {
            Kind::Text => LakeType::Text,
            Kind::Int => LakeType::Int,
            Kind::Bool => LakeType::Bool,
            Kind::Wide => LakeType::Wide,
            Kind::Real => LakeType::Real,
            Kind::Json => LakeType::Json,
        }
    }
}

/// Where a lake column's values come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The `--host` name.
    Host,
    /// `files.label` of the row's `file_id` (the VM).
    Vm,
    /// Column `n` of the table's SELECT.
    Sql(usize),
    /// `ts_us` (column `n` of the SELECT) as a timestamp.
    Ts(usize),
}

/// One column of a lake dataset.
#[derive(Debug, Clone)]
pub struct LakeColumn {
    /// Column name.
    pub name: String,
    /// Its type.
    pub ty: LakeType,
    /// Where its values come from.
    pub source: Source,
}

/// How a dataset's files are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `DIR/<table>/<period>=…/<host>.parquet`, by `ts_us` (column `n` of the SELECT).
    ByTime(usize),
    /// `DIR/<table>/<period>=none/<host>.parquet`: the table has no timestamp (`rejects`).
    Untimed,
    /// `DIR/<table>/<host>.parquet`: the registry, one file per host.
    Single,
}

/// A lake dataset: one database table.
#[derive(Debug, Clone)]
pub struct LakeTable {
    /// Table (and directory) name.
    pub name: String,
    /// The SQL columns read, in SELECT order.
    pub sql_columns: Vec<String>,
    /// The lake columns, in file order.
    pub columns: Vec<LakeColumn>,
    /// Index into `sql_columns` of `file_id` (`id` for `files`), for the VM look-up.
    pub file_id: usize,
    /// How its files are laid out.
    pub layout: Layout,
    /// The row order of its files.
    pub order_by: &'static str,
}

/// A table the lake cannot describe.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// A column of a type the lake has no mapping for.
    #[error("table {table}, column {column}: SQL type {sql} has no lake type")]
    Unsupported { table: String, column: String, sql: String },
    /// A table without the columns the lake needs.
    #[error("table {table} has no column {column}")]
    Missing { table: String, column: &'static str },
    /// Reading the table's description failed.
    #[error("cannot read the columns of table {table}")]
    Sqlite { table: String, source: rusqlite::Error },
}

impl LakeTable {
    /// Every dataset of the lake: the event tables in catalog order, then `unknown_events`,
    /// `rejects` and `files`.
    pub fn all(conn: &Connection) -> Result<Vec<LakeTable>, SchemaError> {
        let mut tables: Vec<LakeTable> = EVENTS.iter().map(LakeTable::event).collect();
        for name in ["unknown_events", "rejects", "files"] {
            tables.push(LakeTable::introspected(conn, name)?);
        }
        Ok(tables)
    }

    /// An event table, from its catalog entry.
    pub fn event(def: &EventDef) -> LakeTable {
        let mut sql = vec![("file_id".to_string(), LakeType::Int), ("line".into(), LakeType::Int)];
        sql.push(("ts_us".into(), LakeType::Int));
        sql.extend(def.columns.iter().map(|c| (c.name.to_string(), LakeType::of_kind(c.kind))));
        sql.push(("extra".into(), LakeType::Json));
        LakeTable::build(def.table, sql).expect("event tables have file_id, line and ts_us")
    }

    /// `unknown_events`, `rejects` or `files`, from the database's description of it.
    pub fn introspected(conn: &Connection, table: &str) -> Result<LakeTable, SchemaError> {
        let sqlite = |source| SchemaError::Sqlite { table: table.to_string(), source };
        let mut stmt = conn.prepare("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid").map_err(sqlite)?;
        let described: Vec<(String, String)> =
            stmt.query_map([table], |r| Ok((r.get(0)?, r.get(1)?))).and_then(|rows| rows.collect()).map_err(sqlite)?;
        let mut sql = Vec::new();
        for (column, decl) in described {
            let ty = match decl.to_ascii_uppercase().as_str() {
                "INTEGER" => LakeType::Int,
                "REAL" => LakeType::Real,
                "BLOB" => LakeType::Binary,
                "TEXT" if column == "data" || column == "extra" => LakeType::Json,
                "TEXT" => LakeType::Text,
                _ => return Err(SchemaError::Unsupported { table: table.to_string(), column, sql: decl }),
            };
            sql.push((column, ty));
        }
        LakeTable::build(table, sql)
    }

    fn build(table: &str, sql: Vec<(String, LakeType)>) -> Result<LakeTable, SchemaError> {
        let position = |name: &'static str| sql.iter().position(|(c, _)| c == name);
        let missing = |column| SchemaError::Missing { table: table.to_string(), column };
        let (file_id, layout, order_by) = if table == "files" {
            (position("id").ok_or(missing("id"))?, Layout::Single, "id")
        } else {
            let file_id = position("file_id").ok_or(missing("file_id"))?;
            position("line").ok_or(missing("line"))?;
            match position("ts_us") {
                Some(ts) => (file_id, Layout::ByTime(ts), "ts_us, file_id, line"),
                None => (file_id, Layout::Untimed, "file_id, line"),
            }
        };
        let mut columns = vec![
            LakeColumn { name: "host".into(), ty: LakeType::Text, source: Source::Host },
            LakeColumn { name: "vm".into(), ty: LakeType::Text, source: Source::Vm },
        ];
        for (i, (name, ty)) in sql.iter().enumerate() {
            columns.push(LakeColumn { name: name.clone(), ty: *ty, source: Source::Sql(i) });
            if name == "ts_us" {
                columns.push(LakeColumn { name: "ts".into(), ty: LakeType::Timestamp, source: Source::Ts(i) });
            }
        }
        Ok(LakeTable {
            name: table.to_string(),
            sql_columns: sql.into_iter().map(|(c, _)| c).collect(),
            columns,
            file_id,
            layout,
            order_by,
        })
    }

    /// The Arrow schema of its files (every column nullable, so files of different releases merge).
    pub fn arrow_schema(&self) -> SchemaRef {
        let fields: Vec<Field> = self
            .columns
            .iter()
            .map(|c| {
                let field = Field::new(&c.name, c.ty.arrow(), true);
                if c.ty == LakeType::Json { field.with_extension_type(Json::default()) } else { field }
            })
            .collect();
        Arc::new(Schema::new(fields))
    }

    /// Indexes (into [`LakeTable::columns`]) of the columns its rows are sorted by.
    pub fn sort_columns(&self) -> Vec<usize> {
        self.order_by.split(", ").filter_map(|name| self.columns.iter().position(|c| c.name == name)).collect()
    }

    /// The SELECT reading its rows (after `WHERE`, when given), in file order.
    pub fn select(&self, filter: Option<&str>) -> String {
        let columns: Vec<String> = self.sql_columns.iter().map(|c| format!("\"{c}\"")).collect();
        let filter = filter.map(|f| format!(" WHERE {f}")).unwrap_or_default();
        format!("SELECT {} FROM \"{}\"{filter} ORDER BY {}", columns.join(", "), self.name, self.order_by)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::event_index;

    #[test]
    fn event_tables_follow_the_catalog_with_host_vm_and_ts() {
        let def = &EVENTS[event_index("BLOCK_IMAGE_CORRUPTED").unwrap()];
        let t = LakeTable::event(def);
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names[..6], ["host", "vm", "file_id", "line", "ts_us", "ts"]);
        assert_eq!(names.len(), def.columns.len() + 7);
        assert_eq!(*names.last().unwrap(), "extra");
        let ty = |n: &str| t.columns.iter().find(|c| c.name == n).unwrap().ty;
        assert_eq!(ty("offset"), LakeType::Int);
        assert_eq!(ty("fatal"), LakeType::Bool);
        assert_eq!(ty("msg"), LakeType::Text);
        assert_eq!(ty("extra"), LakeType::Json);
        assert_eq!(t.layout, Layout::ByTime(2));
        assert_eq!(t.sort_columns(), vec![4, 2, 3]);
        assert!(t.arrow_schema().field_with_name("extra").unwrap().try_extension_type::<Json>().is_ok());
        let wide = LakeTable::event(&EVENTS[event_index("BLOCK_WRITE_THRESHOLD").unwrap()]);
        let schema = wide.arrow_schema();
        assert_eq!(schema.field_with_name("write_threshold").unwrap().data_type(), &DataType::Decimal128(20, 0));
    }

    #[test]
    fn every_catalog_kind_has_a_lake_type() {
        for def in EVENTS.iter() {
            for c in def.columns {
                let ty = LakeType::of_kind(c.kind);
                assert_eq!(ty == LakeType::Wide, c.sql == "ANY", "{}.{}", def.table, c.name);
            }
        }
    }

    #[test]
    fn other_tables_come_from_the_database() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(crate::store::MIGRATIONS[0].1).unwrap();
        let all = LakeTable::all(&conn).unwrap();
        assert_eq!(all.len(), EVENTS.len() + 3);
        let rejects = all.iter().find(|t| t.name == "rejects").unwrap();
        assert_eq!(rejects.layout, Layout::Untimed);
        assert_eq!(rejects.columns.iter().find(|c| c.name == "raw").unwrap().ty, LakeType::Binary);
        let unknown = all.iter().find(|t| t.name == "unknown_events").unwrap();
        assert_eq!(unknown.columns.iter().find(|c| c.name == "data").unwrap().ty, LakeType::Json);
        let files = all.iter().find(|t| t.name == "files").unwrap();
        assert_eq!(files.layout, Layout::Single);
        assert!(files.select(None).ends_with("FROM \"files\" ORDER BY id"));
        let bad = Connection::open_in_memory().unwrap();
        bad.execute_batch("CREATE TABLE rejects (file_id INTEGER, line INTEGER, x ANY)").unwrap();
        let err = LakeTable::introspected(&bad, "rejects").unwrap_err();
        assert!(err.to_string().contains("column x"), "{err}");
    }
}
