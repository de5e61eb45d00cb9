//! Writer: one Parquet file of the lake — deterministic writer properties (zstd, page statistics,
//! sorting columns, a fixed `created_by`, no clock and no random ids), so that the same rows always
//! give the same bytes; and the key-value metadata naming the database that wrote it, read back
//! to refuse overwriting another database's file.

use super::storage::{Storage, Upload};
use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::{KeyValue, ParquetMetaDataReader, SortingColumn};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;
use std::io;

/// Key-value metadata key: the exporting database's id (`lake_source.id`).
pub const WRITER_KEY: &str = "qmp_lake.writer";
/// Key-value metadata key: the `--host` name.
pub const HOST_KEY: &str = "qmp_lake.host";
/// Key-value metadata key: the lake layout version.
pub const VERSION_KEY: &str = "qmp_lake.version";

/// Rows a row group holds at most (page statistics let readers skip finer than that).
const ROW_GROUP_ROWS: usize = 128 * 1024;
/// Encoded bytes a row group holds at most: bounds the writer's memory.
const ROW_GROUP_BYTES: usize = 64 << 20;

/// What a lake file failed at.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The storage failed.
    #[error("{path}: {source}")]
    Io { path: String, source: io::Error },
    /// The Parquet encoder failed.
    #[error("{path}: cannot write Parquet: {source}")]
    Parquet { path: String, source: parquet::errors::ParquetError },
}

/// Who writes a file: the database's id and the host name.
#[derive(Debug, Clone)]
pub struct Identity {
    /// `lake_source.id` of the database.
    pub writer: String,
    /// `--host`.
    pub host: String,
}

/// A lake file being written.
pub struct FileWriter {
    path: String,
    inner: ArrowWriter<Counted>,
    rows: u64,
}

/// An upload that counts the bytes written to it.
struct Counted {
    upload: Box<dyn Upload>,
    bytes: u64,
}

impl io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.upload.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.upload.flush()
    }
}

/// The writer properties of every lake file.
fn properties(sorting: &[usize], identity: &Identity) -> WriterProperties {
    let sorting =
        sorting.iter().map(|&i| SortingColumn { column_idx: i as i32, descending: false, nulls_first: true }).collect();
    WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(3).expect("level 3 is valid")))
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
        .set_sorting_columns(Some(sorting))
        // Nearly every value differs: a dictionary only costs hashing (a fifth of the export's
        // time, profiled) before the writer gives it up for plain encoding anyway.
        .set_column_dictionary_enabled(ColumnPath::from("ts_us"), false)
        .set_column_dictionary_enabled(ColumnPath::from("ts"), false)
        .set_column_dictionary_enabled(ColumnPath::from("line"), false)
        .set_created_by(format!("qmp-ingest version {}", env!("CARGO_PKG_VERSION")))
        .set_key_value_metadata(Some(vec![
            KeyValue::new(WRITER_KEY.to_string(), identity.writer.clone()),
            KeyValue::new(HOST_KEY.to_string(), identity.host.clone()),
            KeyValue::new(VERSION_KEY.to_string(), super::schema::LAKE_VERSION.to_string()),
        ]))
        .build()
}

impl FileWriter {
    /// Starts file `path` in `storage` with `schema`, rows sorted by columns `sorting`.
    pub fn create(
        storage: &dyn Storage,
        path: &str,
        schema: SchemaRef,
        sorting: &[usize],
        identity: &Identity,
    ) -> Result<FileWriter, WriteError> {
        let upload = storage.create(path).map_err(|source| WriteError::Io { path: path.to_string(), source })?;
        let inner = ArrowWriter::try_new(Counted { upload, bytes: 0 }, schema, Some(properties(sorting, identity)))
            .map_err(|source| WriteError::Parquet { path: path.to_string(), source })?;
        Ok(FileWriter { path: path.to_string(), inner, rows: 0 })
    }

    /// Appends `batch`.
    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), WriteError> {
        self.rows += batch.num_rows() as u64;
        self.inner.write(batch).map_err(|source| WriteError::Parquet { path: self.path.clone(), source })
    }

    /// Finishes the file and makes it visible; returns (rows, bytes).
    pub fn commit(self) -> Result<(u64, u64), WriteError> {
        let path = self.path;
        // Writes the footer, then hands back the upload.
        let counted = self.inner.into_inner().map_err(|source| WriteError::Parquet { path: path.clone(), source })?;
        counted.upload.commit().map_err(|source| WriteError::Io { path, source })?;
        Ok((self.rows, counted.bytes))
    }
}

/// Who wrote the lake file `path`: `Ok(None)` when there is no such file, `Err` with a reason when
/// it is not a Parquet file at all.
pub fn writer_of(storage: &dyn Storage, path: &str) -> Result<Option<Option<String>>, String> {
    let Some((size, tail)) = storage.read_tail(path, 8).map_err(|e| e.to_string())? else { return Ok(None) };
    if size < 12 || tail.len() != 8 || &tail[4..] != b"PAR1" {
        return Err("not a Parquet file".into());
    }
    let len = u32::from_le_bytes(tail[..4].try_into().expect("4 bytes")) as u64;
    if len + 12 > size {
        return Err("not a Parquet file (bad footer)".into());
    }
    let (_, footer) = storage.read_tail(path, len + 8).map_err(|e| e.to_string())?.ok_or("vanished")?;
    let metadata = ParquetMetaDataReader::decode_metadata(&footer[..len as usize]).map_err(|e| e.to_string())?;
    let writer = metadata
        .file_metadata()
        .key_value_metadata()
        .and_then(|kv| kv.iter().find(|kv| kv.key == WRITER_KEY))
        .and_then(|kv| kv.value.clone());
    Ok(Some(writer))
}
