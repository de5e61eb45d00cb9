//! Rows: SQLite values into Arrow columns, one bounded batch at a time, by the lake types of
//! [`super::schema`]. A value the column cannot hold is an error naming table, column and row;
//! STRICT tables make that a sign of a database edited by hand.

use super::schema::{LakeTable, LakeType, Source, WIDE_PRECISION};
use arrow_array::builder::{
    BinaryBuilder, BooleanBuilder, Decimal128Builder, Float64Builder, Int64Builder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::SchemaRef;
use rusqlite::types::ValueRef;
use std::collections::HashMap;
use std::sync::Arc;

/// Rows a batch holds at most.
pub const BATCH_ROWS: usize = 8192;
/// Bytes of text and binary values a batch holds at most (a reject's raw line can be 16 MiB).
pub const BATCH_BYTES: usize = 32 << 20;

/// A value a lake column cannot hold.
#[derive(Debug, thiserror::Error)]
#[error("table {table}, row {row}, column {column}: {what}")]
pub struct ValueError {
    pub table: String,
    pub row: u64,
    pub column: String,
    pub what: String,
}

enum Column {
    Int(Int64Builder),
    Wide(Decimal128Builder),
    Bool(BooleanBuilder),
    Real(Float64Builder),
    Text(StringBuilder),
    Binary(BinaryBuilder),
    Ts(TimestampMicrosecondBuilder),
}

impl Column {
    fn new(ty: LakeType) -> Column {
        match ty {
            LakeType::Int => Column::Int(Int64Builder::new()),
            LakeType::Wide => Column::Wide(
                Decimal128Builder::new().with_precision_and_scale(WIDE_PRECISION, 0).expect("valid precision"),
            ),
            LakeType::Bool => Column::Bool(BooleanBuilder::new()),
            LakeType::Real => Column::Real(Float64Builder::new()),
            LakeType::Text | LakeType::Json => Column::Text(StringBuilder::new()),
            LakeType::Binary => Column::Binary(BinaryBuilder::new()),
            LakeType::Timestamp => Column::Ts(TimestampMicrosecondBuilder::new().with_timezone("UTC")),
        }
    }

    /// Appends `value`; returns the bytes it added, or what is wrong with it.
    fn push(&mut self, value: ValueRef<'_>) -> Result<usize, String> {
        use ValueRef::{Blob, Integer, Null, Real, Text};
        match (self, value) {
            (Column::Int(b), Integer(v)) => b.append_value(v),
            (Column::Int(b), Null) => b.append_null(),
            (Column::Ts(b), Integer(v)) => b.append_value(v),
            (Column::Ts(b), Null) => b.append_null(),
            (Column::Wide(b), Integer(v)) => b.append_value(v as i128),
            (Column::Wide(b), Text(t)) => match std::str::from_utf8(t).ok().and_then(|s| s.parse::<u64>().ok()) {
                Some(v) => b.append_value(v as i128),
                None => return Err(format!("{:?} is not an unsigned 64-bit integer", String::from_utf8_lossy(t))),
            },
            (Column::Wide(b), Null) => b.append_null(),
            (Column::Bool(b), Integer(v @ (0 | 1))) => b.append_value(v == 1),
            (Column::Bool(b), Null) => b.append_null(),
            (Column::Real(b), Real(v)) => b.append_value(v),
            (Column::Real(b), Integer(v)) => b.append_value(v as f64),
            (Column::Real(b), Null) => b.append_null(),
            (Column::Text(b), Text(t)) => {
                b.append_value(std::str::from_utf8(t).map_err(|_| "text is not valid UTF-8".to_string())?);
                return Ok(t.len());
            }
            (Column::Text(b), Null) => b.append_null(),
            (Column::Binary(b), Blob(v) | Text(v)) => {
                b.append_value(v);
                return Ok(v.len());
            }
            (Column::Binary(b), Null) => b.append_null(),
            (_, other) => return Err(format!("unexpected {} value", other.data_type().to_string().to_lowercase())),
        }
        Ok(8)
    }

    fn push_str(&mut self, value: Option<&str>) {
        if let Column::Text(b) = self {
            b.append_option(value);
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Column::Int(b) => Arc::new(b.finish()),
            Column::Wide(b) => Arc::new(b.finish()),
            Column::Bool(b) => Arc::new(b.finish()),
            Column::Real(b) => Arc::new(b.finish()),
            Column::Text(b) => Arc::new(b.finish()),
            Column::Binary(b) => Arc::new(b.finish()),
            Column::Ts(b) => Arc::new(b.finish()),
        }
    }
}

/// The batch being filled for one dataset.
pub struct Batch<'t> {
    table: &'t LakeTable,
    schema: SchemaRef,
    host: String,
    labels: &'t HashMap<i64, String>,
    columns: Vec<Column>,
    rows: usize,
    bytes: usize,
    rows_seen: u64,
}

impl<'t> Batch<'t> {
    /// An empty batch of `table`'s rows for `host`; `labels` maps `files.id` to its label.
    pub fn new(table: &'t LakeTable, host: &str, labels: &'t HashMap<i64, String>) -> Batch<'t> {
        Batch {
            table,
            schema: table.arrow_schema(),
            host: host.to_string(),
            labels,
            columns: table.columns.iter().map(|c| Column::new(c.ty)).collect(),
            rows: 0,
            bytes: 0,
            rows_seen: 0,
        }
    }

    /// The schema of the batches.
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// Appends one SQLite row (columns in [`LakeTable::sql_columns`] order).
    pub fn push(&mut self, row: &rusqlite::Row<'_>) -> Result<(), ValueError> {
        self.rows_seen += 1;
        let error = |column: &str, what: String| ValueError {
            table: self.table.name.clone(),
            row: self.rows_seen,
            column: column.to_string(),
            what,
        };
        let file_id = match row.get_ref(self.table.file_id) {
            Ok(ValueRef::Integer(id)) => Some(id),
            _ => None,
        };
        for (column, def) in self.columns.iter_mut().zip(&self.table.columns) {
            match def.source {
                Source::Host => column.push_str(Some(&self.host)),
                Source::Vm => column.push_str(file_id.and_then(|id| self.labels.get(&id)).map(String::as_str)),
                Source::Sql(i) | Source::Ts(i) => {
                    let value = row.get_ref(i).map_err(|e| error(&def.name, e.to_string()))?;
                    self.bytes += column.push(value).map_err(|what| error(&def.name, what))?;
                }
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Whether the batch is full.
    pub fn full(&self) -> bool {
        self.rows >= BATCH_ROWS || self.bytes >= BATCH_BYTES
    }

    /// Rows in the batch.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether the batch holds no row.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The rows so far as a record batch; the batch starts empty again.
    pub fn take(&mut self) -> RecordBatch {
        let arrays: Vec<ArrayRef> = self.columns.iter_mut().map(Column::finish).collect();
        self.rows = 0;
        self.bytes = 0;
        RecordBatch::try_new(self.schema.clone(), arrays).expect("builders follow the schema")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Array, Decimal128Array, StringArray};

    #[test]
    fn values_land_in_their_lake_types() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE unknown_events (file_id INTEGER, line INTEGER, ts_us INTEGER, event TEXT, data TEXT, extra TEXT);
             INSERT INTO unknown_events VALUES (1, 2, 3, 'X', '{}', NULL), (9, 1, NULL, 'Y', NULL, NULL);",
        )
        .unwrap();
        let table = LakeTable::introspected(&conn, "unknown_events").unwrap();
        let labels = HashMap::from([(1, "vm-a".to_string())]);
        let mut batch = Batch::new(&table, "hv01", &labels);
        let mut stmt = conn.prepare(&table.select(None)).unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            batch.push(row).unwrap();
        }
        assert_eq!(batch.len(), 2);
        let rb = batch.take();
        assert!(batch.is_empty());
        let vm = rb.column_by_name("vm").unwrap().as_any().downcast_ref::<StringArray>().unwrap();
        // ORDER BY ts_us puts the NULL first.
        assert!(vm.is_null(0), "file 9 has no label");
        assert_eq!(vm.value(1), "vm-a");
        assert_eq!(rb.column_by_name("ts").unwrap().null_count(), 1);
    }

    #[test]
    fn wide_values_are_exact_and_bad_ones_named() {
        let mut col = Column::new(LakeType::Wide);
        col.push(ValueRef::Integer(-1)).unwrap();
        col.push(ValueRef::Text(b"18446744073709551615")).unwrap();
        col.push(ValueRef::Null).unwrap();
        assert!(col.push(ValueRef::Text(b"18446744073709551616")).unwrap_err().contains("unsigned 64-bit"));
        let array = col.finish();
        let d = array.as_any().downcast_ref::<Decimal128Array>().unwrap();
        assert_eq!((d.value(0), d.value(1)), (-1, u64::MAX as i128));
        let mut b = Column::new(LakeType::Bool);
        assert!(b.push(ValueRef::Integer(2)).unwrap_err().contains("integer"));
        assert!(Column::new(LakeType::Int).push(ValueRef::Text(b"x")).is_err());
    }
}
