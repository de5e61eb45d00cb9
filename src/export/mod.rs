//! Export: the database into a Parquet lake (`qmp-ingest export`, README "Fleet"). One
//! dataset per table, one file per table, host and period; each file a pure function of that
//! host's committed rows, replaced atomically, and a per-table watermark that moves only after its
//! files are in place — so a re-run rewrites only what changed and a killed run, re-run, leaves the
//! same bytes.
//!
//! [`cli`] is the command line, [`period`] the partitioning, [`schema`] the lake's columns and
//! types, [`rows`] SQLite values into Arrow, [`writer`] one Parquet file, [`storage`] where files
//! go, [`watermark`] how far each table has been exported, [`report`] what the user sees.

pub mod cli;
pub mod period;
pub mod report;
pub mod rows;
pub mod schema;
pub mod storage;
pub mod watermark;
pub mod writer;

use crate::store::{Store, StoreError};
use period::{Partition, Period};
use report::{ExportSummary, TableReport, TableStatus};
use rows::{Batch, ValueError};
use rusqlite::{Connection, OpenFlags};
use schema::{LakeTable, Layout, SchemaError};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use storage::{LocalDir, Storage};
use watermark::{Marks, Plan};
use writer::{FileWriter, Identity, WriteError, writer_of};

/// The lake's description file at its root.
pub const MANIFEST: &str = "_qmp_lake.json";

/// A validated export run.
#[derive(Debug, Clone)]
pub struct ExportConfig {
    /// The database to export.
    pub db: PathBuf,
    /// The lake directory.
    pub lake: PathBuf,
    /// The host name the files are written under.
    pub host: String,
    /// How files are partitioned by time.
    pub period: Period,
    /// Rewrite every file of this host.
    pub rebuild: bool,
    /// JSON summary on stdout.
    pub json: bool,
    /// No progress and no summary.
    pub quiet: bool,
    /// Draw a progress bar.
    pub progress: bool,
    /// How long to wait for an import of the same database.
    pub lock_timeout: Duration,
}

/// Why an export stopped (exit 1).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// `--db` names no file.
    #[error("{0}: no such database")]
    NoDatabase(PathBuf),
    /// Opening, locking or migrating the database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Reading the database failed.
    #[error("{path}: database error")]
    Sqlite { path: PathBuf, source: rusqlite::Error },
    /// The lake directory failed.
    #[error("{path}: {source}")]
    Lake { path: PathBuf, source: std::io::Error },
    /// The lake is not one this export may write to as asked.
    #[error("{path}: {what}")]
    Manifest { path: PathBuf, what: String },
    /// A file under this host's name was written by another database.
    #[error(
        "{path}: written by another database, not by {db}; is a second host exporting as --host {host}? Give each host its own --host"
    )]
    OtherWriter { path: PathBuf, db: PathBuf, host: String },
    /// A lake file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// A value no lake column can hold.
    #[error(transparent)]
    Value(#[from] ValueError),
    /// A table the lake cannot describe.
    #[error(transparent)]
    Schema(#[from] SchemaError),
}

/// `_qmp_lake.json`.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    period: Period,
}

/// Everything one run works with.
struct Run<'a> {
    config: &'a ExportConfig,
    lake: &'a LocalDir,
    read: &'a Connection,
    identity: Identity,
    labels: HashMap<i64, String>,
    progress: &'a report::Progress,
}

/// Exports `config.db` into `config.lake`.
pub fn run(config: &ExportConfig, progress: &report::Progress) -> Result<ExportSummary, ExportError> {
    let started = Instant::now();
    if !config.db.is_file() {
        return Err(ExportError::NoDatabase(config.db.clone()));
    }
    // The importer's lock: an export and an import of one database never interleave. Opening
    // also migrates, so `lake_watermarks` exists.
    let store = Store::open(&config.db, config.lock_timeout)?;
    let lake_err = |source| ExportError::Lake { path: config.lake.clone(), source };
    let lake = LocalDir::open(&config.lake).map_err(lake_err)?;
    check_manifest(&lake, config.period)?;
    lake.remove_temporaries(&format!("{}.parquet", config.host)).map_err(lake_err)?;

    // One read transaction for every table: a consistent snapshot, and readers are never blocked.
    let sql = |source| ExportError::Sqlite { path: config.db.clone(), source };
    // NO_MUTEX: the connection stays on this thread; without it every value read takes and
    // releases the connection's mutex (profiled: an eighth of the export's CPU samples).
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let read = Connection::open_with_flags(&config.db, flags).map_err(sql)?;
    read.execute_batch("BEGIN").map_err(sql)?;
    let writer: String = read.query_row("SELECT id FROM lake_source", [], |r| r.get(0)).map_err(sql)?;
    let labels = read
        .prepare("SELECT id, label FROM files")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<HashMap<_, _>, _>>())
        .map_err(sql)?;
    let tables = LakeTable::all(&read)?;
    let run = Run {
        config,
        lake: &lake,
        read: &read,
        identity: Identity { writer, host: config.host.clone() },
        labels,
        progress,
    };
    // Every export writes the registry file: a clash of host names shows before anything is written.
    run.guard(&format!("files/{}.parquet", config.host))?;

    let root = lake.root().to_string_lossy().into_owned();
    let marks = Marks::new(store.connection(), &root, &config.host);
    let mut summary = ExportSummary::new(&root, config);
    progress.start(tables.len() as u64);
    for table in &tables {
        progress.table(&table.name);
        let stored = if config.rebuild { None } else { marks.get(&table.name).map_err(sql)? };
        let now = watermark::current(&read, table).map_err(sql)?;
        let mut plan = watermark::plan(&read, table, config.period, stored.as_ref(), &now).map_err(sql)?;
        // The files the last export left: any of them gone from the lake is written again.
        let present = run.host_files(&table.name)?;
        let recorded = if stored.is_some() { marks.files(&table.name).map_err(sql)? } else { None };
        if let Some(recorded) = &recorded {
            let missing: Vec<&String> = recorded.difference(&present).collect();
            plan = plan.restoring(table, config.period, &missing);
        }
        if plan != Plan::Unchanged {
            let (report, written) = run.table(table, &plan)?;
            let files = match plan {
                Plan::Everything => written,
                _ => recorded.unwrap_or(present).into_iter().chain(written).collect(),
            };
            marks.set(&table.name, &now, &files).map_err(sql)?;
            summary.add(report);
        } else {
            if recorded.is_none() {
                // Marked by a release that did not record its files: these are they.
                marks.set(&table.name, &now, &present).map_err(sql)?;
            }
            summary.tables_unchanged += 1;
        }
        progress.table_done();
    }
    read.execute_batch("COMMIT").map_err(sql)?;
    progress.finish();
    summary.elapsed_s = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Writes `_qmp_lake.json`, or checks that the one there agrees with this export.
fn check_manifest(lake: &LocalDir, period: Period) -> Result<(), ExportError> {
    let path = lake.root().join(MANIFEST);
    let err = |what: String| ExportError::Manifest { path: path.clone(), what };
    let want = Manifest { format: "qmp-ingest lake".into(), version: schema::LAKE_VERSION, period };
    if let Some((_, bytes)) = lake.read_tail(MANIFEST, 1 << 20).map_err(|e| err(e.to_string()))? {
        let found: Manifest =
            serde_json::from_slice(&bytes).map_err(|e| err(format!("not a qmp-ingest lake description ({e})")))?;
        if found.version > want.version {
            return Err(err(format!(
                "lake version {} is newer than this qmp-ingest writes ({}); use a newer qmp-ingest",
                found.version, want.version
            )));
        }
        if found.period != period {
            return Err(err(format!(
                "the lake is partitioned by {}, not by {period}; use --period {} (or another lake)",
                found.period, found.period
            )));
        }
        if found == want {
            return Ok(());
        }
    }
    let mut text = serde_json::to_string_pretty(&want).expect("a manifest serialises");
    text.push('\n');
    let write = || -> std::io::Result<()> {
        let mut upload = lake.create(MANIFEST)?;
        std::io::Write::write_all(&mut upload, text.as_bytes())?;
        upload.commit()
    };
    write().map_err(|e| err(e.to_string()))
}

impl Run<'_> {
    /// Refuses to touch `path` when a file there was written by another database.
    fn guard(&self, path: &str) -> Result<(), ExportError> {
        let full = self.lake.root().join(path);
        match writer_of(self.lake, path) {
            Ok(None) => Ok(()),
            Ok(Some(Some(writer))) if writer == self.identity.writer => Ok(()),
            Ok(Some(_)) => {
                Err(ExportError::OtherWriter { path: full, db: self.config.db.clone(), host: self.config.host.clone() })
            }
            Err(what) => Err(ExportError::Manifest { path: full, what: format!("cannot replace it: {what}") }),
        }
    }

    /// The path of `table`'s file for `part`.
    fn path(&self, table: &LakeTable, part: &Partition) -> String {
        let host = &self.config.host;
        match table.layout {
            Layout::Single => format!("{}/{host}.parquet", table.name),
            Layout::ByTime(_) | Layout::Untimed => {
                format!("{}/{}/{host}.parquet", table.name, part.dir(self.config.period))
            }
        }
    }

    /// Writes the files `plan` asks for; with [`Plan::Everything`], also removes this host's files
    /// of partitions that no longer have rows.
    fn table(&self, table: &LakeTable, plan: &Plan) -> Result<(TableReport, BTreeSet<String>), ExportError> {
        let sql = |source| ExportError::Sqlite { path: self.config.db.clone(), source };
        let filter = match plan {
            Plan::Partitions(parts) => Some(period::sql_filter(parts)),
            Plan::Everything | Plan::Unchanged => None,
        };
        let mut report = TableReport::new(
            &table.name,
            if *plan == Plan::Everything { TableStatus::Rebuilt } else { TableStatus::Updated },
        );
        let mut stmt = self.read.prepare(&table.select(filter.as_deref())).map_err(sql)?;
        let mut rows = stmt.query([]).map_err(sql)?;
        let mut batch = Batch::new(table, &self.config.host, &self.labels);
        let mut open: Option<(Partition, FileWriter)> = None;
        let mut written = BTreeSet::new();
        while let Some(row) = rows.next().map_err(sql)? {
            let ts_us = match table.layout {
                Layout::ByTime(ts) => row.get(ts).map_err(sql)?,
                Layout::Untimed | Layout::Single => None,
            };
            // Rows come sorted by time: most belong to the partition already open.
            if open.as_ref().is_none_or(|(p, _)| !p.contains(ts_us)) {
                let part = match table.layout {
                    Layout::ByTime(_) => self.config.period.partition(ts_us),
                    Layout::Untimed | Layout::Single => Partition::None,
                };
                if let Some((_, mut file)) = open.take() {
                    self.flush(&mut batch, &mut file)?;
                    report.add_file(file.commit()?);
                }
                let path = self.path(table, &part);
                self.guard(&path)?;
                written.insert(path.clone());
                let file = FileWriter::create(self.lake, &path, batch.schema(), &table.sort_columns(), &self.identity)?;
                open = Some((part, file));
            }
            batch.push(row)?;
            if batch.full() {
                self.flush(&mut batch, &mut open.as_mut().expect("a file is open").1)?;
            }
        }
        if let Some((_, mut file)) = open.take() {
            self.flush(&mut batch, &mut file)?;
            report.add_file(file.commit()?);
        }
        if *plan == Plan::Everything {
            report.removed = self.remove_stale(table, &written)?;
        }
        Ok((report, written))
    }

    /// This host's files of table `name` in the lake.
    fn host_files(&self, name: &str) -> Result<BTreeSet<String>, ExportError> {
        let lake_err = |source| ExportError::Lake { path: self.lake.root().join(name), source };
        let file = format!("{}.parquet", self.config.host);
        let all = self.lake.list(name).map_err(lake_err)?;
        Ok(all.into_iter().filter(|path| Path::new(path).file_name().and_then(|n| n.to_str()) == Some(&file)).collect())
    }

    /// Writes the rows of `batch` (if any) to `file`.
    fn flush(&self, batch: &mut Batch<'_>, file: &mut FileWriter) -> Result<(), ExportError> {
        if !batch.is_empty() {
            self.progress.rows(batch.len() as u64);
            file.write(&batch.take())?;
        }
        Ok(())
    }

    /// Removes this host's files of `table` that are not in `written`.
    fn remove_stale(&self, table: &LakeTable, written: &BTreeSet<String>) -> Result<u64, ExportError> {
        let lake_err = |source| ExportError::Lake { path: self.lake.root().join(&table.name), source };
        let mut removed = 0;
        for path in self.host_files(&table.name)?.difference(written) {
            self.guard(path)?;
            self.lake.delete(path).map_err(lake_err)?;
            removed += 1;
        }
        Ok(removed)
    }
}
