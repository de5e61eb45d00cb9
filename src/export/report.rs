//! Report: what an export tells the user — a progress bar on a terminal (tables done, rows per
//! second), and the summary for people (stderr) or as one JSON object (stdout, `--json`).

use super::ExportConfig;
use super::period::Period;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use std::time::Instant;

/// What happened to a table that had something to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TableStatus {
    /// Only the partitions with new rows were rewritten.
    Updated,
    /// Every partition was written (first export, `--rebuild`, or the watermark no longer matched).
    Rebuilt,
}

/// One table's part of the run.
#[derive(Debug, Clone, Serialize)]
pub struct TableReport {
    /// Table name.
    pub table: String,
    /// What was done.
    pub status: TableStatus,
    /// Files written.
    pub files: u64,
    /// Rows in them.
    pub rows: u64,
    /// Their bytes.
    pub bytes: u64,
    /// This host's files removed (partitions that no longer have rows).
    pub removed: u64,
}

impl TableReport {
    /// Nothing written yet.
    pub fn new(table: &str, status: TableStatus) -> TableReport {
        TableReport { table: table.to_string(), status, files: 0, rows: 0, bytes: 0, removed: 0 }
    }

    /// One more file of `rows` rows and `bytes` bytes.
    pub fn add_file(&mut self, (rows, bytes): (u64, u64)) {
        self.files += 1;
        self.rows += rows;
        self.bytes += bytes;
    }
}

/// The whole export. Names are stable: add, never rename.
#[derive(Debug, Clone, Serialize)]
pub struct ExportSummary {
    /// The lake directory, absolute.
    pub lake: String,
    /// The host name written under.
    pub host: String,
    /// The partitioning.
    pub period: Period,
    /// Whether `--rebuild` was given.
    pub rebuild: bool,
    /// Tables that had files written or removed.
    pub tables: Vec<TableReport>,
    /// Tables with nothing to write.
    pub tables_unchanged: u64,
    /// Files written.
    pub files_written: u64,
    /// Files removed.
    pub files_removed: u64,
    /// Rows written.
    pub rows: u64,
    /// Bytes of Parquet written.
    pub bytes: u64,
    /// Wall time.
    pub elapsed_s: f64,
}

impl ExportSummary {
    /// An empty summary for `config`, lake at `lake`.
    pub fn new(lake: &str, config: &ExportConfig) -> ExportSummary {
        ExportSummary {
            lake: lake.to_string(),
            host: config.host.clone(),
            period: config.period,
            rebuild: config.rebuild,
            tables: Vec::new(),
            tables_unchanged: 0,
            files_written: 0,
            files_removed: 0,
            rows: 0,
            bytes: 0,
            elapsed_s: 0.0,
        }
    }

    /// Adds a table's report.
    pub fn add(&mut self, table: TableReport) {
        if table.files == 0 && table.removed == 0 {
            self.tables_unchanged += 1;
            return;
        }
        self.files_written += table.files;
        self.files_removed += table.removed;
        self.rows += table.rows;
        self.bytes += table.bytes;
        self.tables.push(table);
    }

    /// The summary for people.
    pub fn human(&self) -> String {
        if self.files_written == 0 && self.files_removed == 0 {
            return format!("{}: up to date for host {} (nothing to export)\n", self.lake, self.host);
        }
        let mib = self.bytes as f64 / (1024.0 * 1024.0);
        let rate = if self.elapsed_s > 0.0 { self.rows as f64 / self.elapsed_s } else { 0.0 };
        let mut out = format!(
            "{}: host {}: {} rows of {} tables into {} files ({mib:.1} MiB of Parquet) in {:.2} s ({rate:.0} rows/s); {} tables unchanged\n",
            self.lake,
            self.host,
            self.rows,
            self.tables.len(),
            self.files_written,
            self.elapsed_s,
            self.tables_unchanged
        );
        if self.files_removed > 0 {
            out.push_str(&format!("  removed {} files of partitions that no longer have rows\n", self.files_removed));
        }
        out
    }

    /// The summary as one JSON object.
    pub fn json(&self) -> String {
        serde_json::to_string(self).expect("a summary serialises")
    }
}

/// The progress bar; a no-op unless enabled.
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    rows: std::sync::atomic::AtomicU64,
}

impl Progress {
    /// A bar on stderr when `enabled`.
    pub fn new(enabled: bool) -> Progress {
        let bar = enabled.then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr_with_hz(10));
            if let Ok(style) = ProgressStyle::with_template("{pos}/{len} tables [{bar:30}] {msg}") {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        Progress { bar, started: Instant::now(), rows: 0.into() }
    }

    /// `tables` tables to go.
    pub fn start(&self, tables: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(tables);
        }
    }

    /// Now at `table`.
    pub fn table(&self, table: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{} rows/s {table}", self.rate()));
        }
    }

    /// `n` more rows written.
    pub fn rows(&self, n: u64) {
        self.rows.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
    }

    /// One more table done.
    pub fn table_done(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn rate(&self) -> u64 {
        let secs = self.started.elapsed().as_secs_f64();
        if secs > 0.0 { (self.rows.load(std::sync::atomic::Ordering::Relaxed) as f64 / secs) as u64 } else { 0 }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
