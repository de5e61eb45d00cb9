//! Store: the SQLite database — opening and locking it, migrations, the `files` registry, and
//! writing each batch of records together with the registry update that covers it in one
//! transaction (README, "Nightly imports").

use crate::catalog::EVENTS;
use crate::records::{Record, Records, UnknownEvent};
use rusqlite::{Connection, params};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod checkpoint;
mod feed;
mod insert;
mod new_database;

pub use new_database::for_new_database;
mod spans;
use checkpoint::{Checkpointer, RESTART_BYTES};
use feed::Pick;
use insert::Inserts;
use spans::PendingSpans;
pub use spans::SPAN_ROWS;

/// The migrations, in order; the schema version is the number of migrations applied.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_initial.sql", include_str!("../migrations/0001_initial.sql")),
    ("0002_views.sql", include_str!("../migrations/0002_views.sql")),
    ("0003_registry.sql", include_str!("../migrations/0003_registry.sql")),
    ("0004_query_speed.sql", include_str!("../migrations/0004_query_speed.sql")),
    ("0005_lake.sql", include_str!("../migrations/0005_lake.sql")),
    ("0006_provenance.sql", include_str!("../migrations/0006_provenance.sql")),
    ("0007_lake_files.sql", include_str!("../migrations/0007_lake_files.sql")),
    ("0008_span_deletes.sql", include_str!("../migrations/0008_span_deletes.sql")),
    ("0009_reader_cache.sql", include_str!("../migrations/0009_reader_cache.sql")),
    ("0010_day_counts.sql", include_str!("../migrations/0010_day_counts.sql")),
    ("0011_cheaper_rows.sql", include_str!("../migrations/0011_cheaper_rows.sql")),
    ("0012_vm_hours.sql", include_str!("../migrations/0012_vm_hours.sql")),
];

/// Errors of the database layer; each names the database file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file could not be created or opened.
    #[error("{path}: cannot open database")]
    Open { path: PathBuf, source: std::io::Error },
    /// Another importer holds the database for longer than `--lock-timeout`.
    #[error(
        "{path}: another qmp-ingest is importing into this database; gave up after waiting {waited_s} s (see --lock-timeout)"
    )]
    Locked { path: PathBuf, waited_s: u64 },
    /// The database was written by a newer qmp-ingest.
    #[error(
        "{path}: database schema version {found} is newer than this qmp-ingest knows ({known}); use a newer qmp-ingest"
    )]
    TooNew { path: PathBuf, found: i64, known: i64 },
    /// The file is not a SQLite database at all.
    #[error(
        "{path}: not a SQLite database; qmp-ingest writes only to a database of its own or a new one, so it left the file alone"
    )]
    NotADatabase { path: PathBuf },
    /// A SQLite database that some other program made.
    #[error(
        "{path}: a SQLite database of another program ({what}); qmp-ingest writes only to a database of its own or an empty one, so it left the file alone"
    )]
    Foreign { path: PathBuf, what: String },
    /// SQLite would not run the database in WAL mode, which readers during an import rely on.
    #[error(
        "{path}: could not switch the database to WAL mode (it stayed in {mode} mode), so readers would be locked out during imports; nothing was imported (is the disk failing, or the file system without shared-memory support?)"
    )]
    NoWal { path: PathBuf, mode: String },
    /// The directory holding the database cannot be written: SQLite needs to create the
    /// `-wal` and `-shm` files beside the database.
    #[error("{path}: the directory {} is not writable, and SQLite needs to create its -wal and -shm files there", .dir.display())]
    DirectoryNotWritable { path: PathBuf, dir: PathBuf },
    /// Any SQLite failure.
    #[error("{path}: database error")]
    Sqlite { path: PathBuf, source: rusqlite::Error },
}

/// Per-file line counts (also the run's totals).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Lines read (every kind below, pending excluded).
    pub lines: u64,
    /// Rows in event tables.
    pub typed: u64,
    /// Rows in `unknown_events`.
    pub unknown: u64,
    /// Rows in `rejects`.
    pub rejects: u64,
    /// Greeting, `return` and `error` lines.
    pub non_event: u64,
    /// Blank lines.
    pub blank: u64,
}

impl Counts {
    /// Adds `other` into `self`.
    pub fn add(&mut self, other: &Counts) {
        self.lines += other.lines;
        self.typed += other.typed;
        self.unknown += other.unknown;
        self.rejects += other.rejects;
        self.non_event += other.non_event;
        self.blank += other.blank;
    }
}

/// Where a source stands after a batch: written with the batch, in the same transaction.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// Offset just past the last line in this batch.
    pub ingested_bytes: u64,
    /// Bytes of content examined (ingested, plus a pending final line).
    pub size: u64,
    /// Line number of the last line in this batch (the next line is `lines + 1`).
    pub lines: u64,
    /// Whether the last line of the batch had no newline yet.
    pub tail_open: bool,
    /// Pending lines after this batch (0 or 1).
    pub pending: u64,
    /// The source's look-up fingerprint after this batch.
    pub fingerprint: String,
    /// Bytes it covers.
    pub fingerprint_len: u64,
    /// The exact fingerprint of the first `registry::head_len(ingested_bytes)` bytes.
    pub head_fingerprint: String,
    /// Counts of the lines in this batch.
    pub counts: Counts,
    /// On-disk size and mtime, recorded (at the end of a source) so an unchanged compressed file
    /// can be skipped without decompressing it.
    pub disk_size: Option<u64>,
    /// See `disk_size`.
    pub mtime_ns: Option<i64>,
    /// What the format's reader must know to go on after `ingested_bytes` (`files.format_state`);
    /// `None` leaves it as it is.
    pub format_state: Option<String>,
}

/// Which VM each record of a batch belongs to, for sources that name the VM of each event
/// (README, "The database": `files`): owner 0 is the source itself, owner `i + 1` its child row for the
/// VM labelled `labels[i]` (registered in the batch's transaction when new).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owners {
    /// The labels of the VMs this batch's records name.
    pub labels: Vec<String>,
    /// The owner of each record, in order; empty when every record belongs to the source itself.
    pub of: Vec<u32>,
}

/// The most input one transaction holds.
const COMMIT_BYTES: u64 = 64 << 20;

/// The longest a transaction stays open: readers see an import's progress, and a kill loses, at
/// most this much work (which the next run redoes).
const COMMIT_INTERVAL: Duration = Duration::from_secs(1);

/// What the open transaction holds: since when, and how many bytes of input.
#[derive(Debug, Clone, Copy)]
struct Uncommitted {
    since: Instant,
    input_bytes: u64,
}

/// The open, locked database.
pub struct Store {
    /// Declared before `conn`: statements are finalized before the connection closes.
    inserts: Inserts,
    uncommitted: Option<Uncommitted>,
    /// The spans of the open transaction's rows, written just before it commits.
    spans: PendingSpans,
    /// Checkpoints off the writer's thread (`None`: SQLite's automatic ones, if it could not start).
    checkpointer: Option<Checkpointer>,
    /// Input committed since the writer last waited for the checkpoint.
    unrestarted_bytes: u64,
    conn: Connection,
    path: PathBuf,
    _lock: File,
}

impl Drop for Store {
    fn drop(&mut self) {
        // The checkpoint thread stops first (after the checkpoint it is running, if any).
        drop(self.checkpointer.take());
        // Leave nothing to replay: copy the WAL into the database and truncate it to zero bytes,
        // so a database file restored from a backup never meets a stale WAL. Without waiting: a
        // reader still holding an old snapshot makes SQLite fall back to a passive checkpoint
        // (the WAL then stays until the next run), and never is a reader blocked.
        let _ = self.conn.busy_timeout(Duration::ZERO);
        let _ = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }
}

/// The `application_id` in the header of every database qmp-ingest makes ("QMPI").
pub const APPLICATION_ID: i64 = 0x514D_5049;

/// What kind of database a file holds, as far as qmp-ingest is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// No tables, no version: a new file, or one `sqlite3` created empty.
    Empty,
    /// Made by qmp-ingest (its `application_id`, or the tables of a release made before it set one).
    Ours,
}

/// Tells whether `conn` is a database qmp-ingest may write to, without changing anything.
fn identify(conn: &Connection, path: &Path) -> Result<Kind, StoreError> {
    let not_a_database = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotADatabase { path: path.to_path_buf() },
        _ => sqlite_error(path, e),
    };
    let application_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(not_a_database)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(not_a_database)?;
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect())
        .map_err(not_a_database)?;
    if application_id == APPLICATION_ID {
        return Ok(Kind::Ours);
    }
    if application_id == 0 && version == 0 && tables.is_empty() {
        return Ok(Kind::Empty);
    }
    // Releases before application_id: schema version 1 or 2 and our registry's own columns.
    let has = |name: &str| tables.iter().any(|t| t == name);
    let registry = has("files")
        && conn
            .query_row("SELECT count(*) FROM pragma_table_info('files') WHERE name IN ('fingerprint_len', 'ingested_bytes', 'tail_open')", [], |r| r.get::<_, i64>(0))
            .is_ok_and(|n| n == 3);
    if application_id == 0 && (1..=2).contains(&version) && registry && has("rejects") && has("unknown_events") {
        return Ok(Kind::Ours);
    }
    let mut what = format!("{} table{}", tables.len(), if tables.len() == 1 { "" } else { "s" });
    if let Some(first) = tables.first() {
        what.push_str(&format!(" such as '{first}'"));
    }
    if application_id != 0 {
        what.push_str(&format!(", application_id {application_id}"));
    }
    if version != 0 {
        what.push_str(&format!(", user_version {version}"));
    }
    Err(StoreError::Foreign { path: path.to_path_buf(), what })
}

impl StoreError {
    /// A SQLite failure on `conn`'s database.
    pub fn of(conn: &Connection, source: rusqlite::Error) -> StoreError {
        sqlite_error(Path::new(conn.path().unwrap_or("")), source)
    }
}

/// A SQLite failure on the database at `path`, with the real cause where SQLite's words hide
/// it: "attempt to write a readonly database" when the directory cannot be written.
fn sqlite_error(path: &Path, source: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode::{CannotOpen, ReadOnly};
    if matches!(source.sqlite_error_code(), Some(ReadOnly | CannotOpen))
        && let Some(dir) = unwritable_directory(path)
    {
        return StoreError::DirectoryNotWritable { path: path.to_path_buf(), dir };
    }
    StoreError::Sqlite { path: path.to_path_buf(), source }
}

/// The directory holding `path`, when this process may not create files in it.
fn unwritable_directory(path: &Path) -> Option<PathBuf> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let c_dir = std::ffi::CString::new(std::os::unix::ffi::OsStrExt::as_bytes(dir.as_os_str())).ok()?;
    // SAFETY: access() only reads the NUL-terminated path.
    (unsafe { libc::access(c_dir.as_ptr(), libc::W_OK) } != 0).then(|| dir.to_path_buf())
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// Now as ISO-8601 UTC text, for `first_import`/`last_import`.
fn now_text(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", [], |r| r.get(0))
}

impl Store {
    /// Opens (creating if missing) and locks `path`, then migrates it to the current schema.
    /// Waits up to `lock_timeout` for another importer.
    pub fn open(path: &Path, lock_timeout: Duration) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open { path: path.to_path_buf(), source };
        let lock =
            OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path).map_err(open_err)?;
        let started = Instant::now();
        loop {
            match lock.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < lock_timeout => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(StoreError::Locked { path: path.to_path_buf(), waited_s: lock_timeout.as_secs() });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(open_err(e)),
            }
        }
        let sql_err = |source| sqlite_error(path, source);
        let conn = Connection::open(path).map_err(sql_err)?;
        conn.busy_timeout(lock_timeout.max(Duration::from_secs(5))).map_err(sql_err)?;
        // Before anything is changed: is this a database we may write to?
        let kind = identify(&conn, path)?;
        // 16 KiB pages: measured a few per cent faster inserts than the 4 KiB default (only takes
        // effect on a new database). Multi-row INSERTs and grouping rows by table measured slower.
        if kind == Kind::Empty {
            conn.pragma_update(None, "page_size", 16384).map_err(sql_err)?;
        }
        // WAL is what lets readers query during an import: if SQLite could not switch (an I/O
        // error, a file system without shared memory), stop rather than fall back silently.
        let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)).map_err(sql_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            if let Some(dir) = unwritable_directory(path) {
                return Err(StoreError::DirectoryNotWritable { path: path.to_path_buf(), dir });
            }
            return Err(StoreError::NoWal { path: path.to_path_buf(), mode });
        }
        // NORMAL: with WAL, a commit survives a crash of the process, and the database stays
        // consistent through a power loss (FULL, the default, would only be slower).
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(sql_err)?;
        // 64 MiB of page cache, or 8 MiB under an address-space limit.
        let cache_kib = if crate::config::address_space_limit().is_some() { 8192 } else { 65536 };
        conn.pragma_update(None, "cache_size", -cache_kib).map_err(sql_err)?;
        conn.pragma_update(None, "temp_store", "MEMORY").map_err(sql_err)?;
        // The REFERENCES clauses document the schema; SQLite does not enforce them unless asked
        // (the bundled library is built to ask by default). The writer registers a source before
        // its rows, so a check per row would only cost a look-up in `files` for every row.
        conn.pragma_update(None, "foreign_keys", false).map_err(sql_err)?;
        // Closing the last connection normally checkpoints and deletes the WAL under an exclusive
        // lock, and a reader opening the database in that instant gets "database is locked".
        // So: no checkpoint on close; Store's Drop checkpoints and truncates the WAL itself
        // without waiting for readers (see `Drop`).
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true).map_err(sql_err)?;
        conn.set_prepared_statement_cache_capacity(EVENTS.len() + 16);
        let inserts = Inserts::new(&conn).map_err(sql_err)?;
        let mut store = Store {
            inserts,
            uncommitted: None,
            spans: PendingSpans::default(),
            checkpointer: None,
            unrestarted_bytes: 0,
            conn,
            path: path.to_path_buf(),
            _lock: lock,
        };
        store.migrate(kind == Kind::Empty)?;
        store.repair_spans()?;
        // Checkpoints on a thread of their own (store/checkpoint.rs); SQLite's own, inside the
        // writer's commits, only if that thread cannot be had.
        if let Ok(checkpointer) = Checkpointer::start(path) {
            store.conn.pragma_update(None, "wal_autocheckpoint", 0).map_err(sql_err)?;
            store.checkpointer = Some(checkpointer);
        }
        Ok(store)
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        sqlite_error(&self.path, source)
    }

    /// The schema version: how many migrations have been applied.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| self.err(e))
    }

    /// Applies the migrations this database lacks, in one transaction; a `new` database (no
    /// tables) runs them as one script ([`new_database::script`]): without the statements that
    /// only carry existing rows forward, each added column in its `CREATE TABLE`.
    fn migrate(&mut self, new: bool) -> Result<(), StoreError> {
        let found = self.schema_version()?;
        let known = MIGRATIONS.len() as i64;
        if found > known {
            return Err(StoreError::TooNew { path: self.path.clone(), found, known });
        }
        if found == known {
            let id: i64 =
                self.conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(|e| self.err(e))?;
            if id != APPLICATION_ID {
                // A database of a release that did not mark its files yet.
                self.conn.pragma_update(None, "application_id", APPLICATION_ID).map_err(|e| self.err(e))?;
            }
            return Ok(());
        }
        let path = self.path.clone();
        let sql_err = |source| sqlite_error(&path, source);
        let tx = self.conn.transaction().map_err(sql_err)?;
        if new && found == 0 {
            tx.execute_batch(&new_database::script()).map_err(sql_err)?;
        } else {
            for (_, sql) in &MIGRATIONS[found as usize..] {
                tx.execute_batch(sql).map_err(sql_err)?;
            }
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID).map_err(sql_err)?;
        tx.pragma_update(None, "user_version", known).map_err(sql_err)?;
        tx.commit().map_err(sql_err)
    }

    /// Rebuilds, in one transaction, the spans of event tables whose rows were renumbered
    /// behind the importer's back ([`spans::repair`]).
    fn repair_spans(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        let sql_err = |source| sqlite_error(&path, source);
        let tx = self.conn.transaction().map_err(sql_err)?;
        let repaired = spans::repair(&tx).map_err(sql_err)?;
        if repaired.is_empty() {
            return Ok(()); // nothing written: the transaction rolls back
        }
        tx.commit().map_err(sql_err)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The raw connection, for queries the registry logic and tests need.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Writes `records` of source `file_id` and its new `progress` in one transaction.
    pub fn commit_batch(&mut self, file_id: i64, records: &Records, progress: &Progress) -> Result<(), StoreError> {
        self.write(file_id, records, &Owners::default(), progress, 0)?;
        self.commit()
    }

    /// Writes `records` of source `file_id` (read from `input_bytes` of it), each pointing at the
    /// `files` row of its owner (child rows registered as needed), and the new `progress`, in
    /// the open transaction (begun when none is). Nothing of it is visible to readers, nor kept
    /// after a crash, before [`Store::commit`]; rows and the registry update covering them always
    /// commit together. On failure the transaction is rolled back.
    ///
    /// Transactions are large on purpose: each commit rewrites the last page of every table it
    /// appended to, and checkpoints (with their fsyncs) follow commits, so a bulk import commits
    /// about once a second ([`Store::commit_due`]), across sources, instead of once per batch.
    pub fn write(
        &mut self,
        file_id: i64,
        records: &Records,
        owners: &Owners,
        progress: &Progress,
        input_bytes: u64,
    ) -> Result<(), StoreError> {
        if self.conn.is_autocommit() {
            // Only a transaction that begins with the whole WAL copied lets the WAL start over.
            if self.unrestarted_bytes >= RESTART_BYTES
                && let Some(checkpointer) = &self.checkpointer
            {
                checkpointer.wait();
                self.unrestarted_bytes = 0;
            }
            self.conn.execute_batch("BEGIN").map_err(|e| self.err(e))?;
            self.inserts.begin();
        }
        let since = self.uncommitted.map_or_else(Instant::now, |u| u.since);
        let before = self.uncommitted.map_or(0, |u| u.input_bytes);
        self.uncommitted = Some(Uncommitted { since, input_bytes: before + input_bytes });
        let written = write_batch(&self.conn, &mut self.inserts, &mut self.spans, file_id, records, owners, progress);
        if let Err(e) = written {
            self.rollback();
            return Err(self.err(e));
        }
        Ok(())
    }

    /// Rolls the open transaction back, with the spans of its rows.
    fn rollback(&mut self) {
        let _ = self.conn.execute_batch("ROLLBACK");
        self.inserts.begin();
        self.uncommitted = None;
        self.spans.clear();
    }

    /// When the open transaction is due to be committed: `None` when nothing is uncommitted,
    /// `Some(Duration::ZERO)` when it is due now (a second old, or holding 64 MiB of input).
    pub fn commit_due(&self) -> Option<Duration> {
        let open = self.uncommitted?;
        if open.input_bytes >= COMMIT_BYTES {
            return Some(Duration::ZERO);
        }
        Some(COMMIT_INTERVAL.saturating_sub(open.since.elapsed()))
    }

    /// Commits what was written since the last commit, if anything.
    pub fn commit(&mut self) -> Result<(), StoreError> {
        let committed = self.uncommitted.take().map_or(0, |u| u.input_bytes);
        if self.conn.is_autocommit() {
            return Ok(());
        }
        let committed_ok = self.spans.write(&self.conn).and_then(|()| self.conn.execute_batch("COMMIT"));
        if let Err(e) = committed_ok {
            self.rollback();
            return Err(self.err(e));
        }
        self.unrestarted_bytes += committed;
        if let Some(checkpointer) = &self.checkpointer {
            checkpointer.ask();
        }
        Ok(())
    }
}

/// The rows of one batch (their spans in `spans`) and the `files` updates covering them, in the
/// open transaction.
fn write_batch(
    conn: &Connection,
    inserts: &mut Inserts,
    spans: &mut PendingSpans,
    file_id: i64,
    records: &Records,
    owners: &Owners,
    progress: &Progress,
) -> rusqlite::Result<()> {
    let mut ids = vec![file_id];
    for label in &owners.labels {
        ids.push(crate::registry::child(conn, file_id, label)?);
    }
    let mut per_owner = vec![Counts::default(); ids.len()];
    insert_records(conn, inserts, spans, &ids, records, owners, &mut per_owner)?;
    let now = now_text(conn)?;
    // Each row counts the rows that point at it: the source keeps what no VM owns.
    let mut own = progress.counts;
    for (id, counts) in ids.iter().zip(&per_owner).skip(1) {
        own.typed -= counts.typed;
        own.unknown -= counts.unknown;
        own.rejects -= counts.rejects;
        conn.execute(
            "UPDATE files SET events = events + ?2 + ?3, typed = typed + ?2, unknown = unknown + ?3,
                rejects = rejects + ?4, last_import = ?5 WHERE id = ?1",
            params![id, counts.typed as i64, counts.unknown as i64, counts.rejects as i64, now],
        )?;
    }
    update_progress(conn, file_id, progress, &own, &now)?;
    Ok(())
}

/// Inserts `records`, the one at `i` with file id `ids[owners.of[i]]` (`ids[0]` when `of` is
/// empty), adding each owner's typed, unknown and reject rows to `per_owner` when there are
/// owners besides the source. Typed rows go in table by table ([`Inserts`]), in line order
/// within each; the rare unknown events and rejects one by one.
fn insert_records(
    tx: &Connection,
    inserts: &mut Inserts,
    spans: &mut PendingSpans,
    ids: &[i64],
    records: &Records,
    owners: &Owners,
    per_owner: &mut [Counts],
) -> rusqlite::Result<()> {
    let mut unknown = tx.prepare_cached("INSERT INTO unknown_events VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    let mut reject = tx.prepare_cached("INSERT INTO rejects VALUES (?1, ?2, ?3, ?4, ?5)")?;
    let counted = ids.len() > 1;
    let mut i = 0;
    for (s, segment) in records.segments().iter().enumerate() {
        for (r, record) in segment.list.iter().enumerate() {
            let owner = owners.of.get(i).map_or(0, |&o| o as usize);
            i += 1;
            match record {
                Record::Typed { row, .. } => {
                    inserts.pick(row.table as usize, Pick { segment: s as u32, record: r as u32, owner: owner as u32 });
                }
                Record::Unknown { line, ts_us, event } => {
                    let UnknownEvent { name, data, extra } = &**event;
                    unknown.execute(params![ids[owner], *line as i64, ts_us, name, data, extra])?;
                    if counted {
                        per_owner[owner].unknown += 1;
                    }
                }
                Record::Reject { at, rejected } => {
                    reject.execute(params![
                        ids[owner],
                        at.line as i64,
                        at.byte as i64,
                        rejected.reason,
                        rejected.raw
                    ])?;
                    if counted {
                        per_owner[owner].rejects += 1;
                    }
                }
            }
        }
    }
    let slots: Vec<usize> = ids.iter().map(|&id| spans.slot(id)).collect();
    let segments = records.segments();
    inserts.insert_picked(segments, ids, |table, pick, rowid| {
        let owner = pick.owner as usize;
        if let Some(Record::Typed { line, ts_us, .. }) = segments[pick.segment as usize].list.get(pick.record as usize)
        {
            // The zone map of the event tables (`spans.rs`).
            spans.add(slots[owner], table, rowid, *line, *ts_us);
        }
        if counted {
            per_owner[owner].typed += 1;
        }
    })
}

/// The `files` update of source `file_id` after a batch: where it stands, and the counts `c` of
/// the rows it owns (its lines, and the events no VM of it owns).
fn update_progress(
    tx: &Connection,
    file_id: i64,
    progress: &Progress,
    c: &Counts,
    now: &str,
) -> rusqlite::Result<usize> {
    tx.execute(
        "UPDATE files SET size = ?2, disk_size = ?3, mtime_ns = ?4, fingerprint = ?5, fingerprint_len = ?6,
            ingested_bytes = ?7, tail_open = ?8, lines = ?9, pending = ?10,
            events = events + ?11 + ?12, typed = typed + ?11, unknown = unknown + ?12, rejects = rejects + ?13,
            non_event = non_event + ?14, blank = blank + ?15, last_import = ?16, head_fingerprint = ?17,
            format_state = coalesce(?18, format_state)
         WHERE id = ?1",
        params![
            file_id,
            progress.size as i64,
            progress.disk_size.map(|v| v as i64),
            progress.mtime_ns,
            progress.fingerprint,
            progress.fingerprint_len as i64,
            progress.ingested_bytes as i64,
            progress.tail_open,
            progress.lines as i64,
            progress.pending as i64,
            c.typed as i64,
            c.unknown as i64,
            c.rejects as i64,
            c.non_event as i64,
            c.blank as i64,
            now,
            progress.head_fingerprint,
            progress.format_state,
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_gets_the_same_schema_without_carrying_rows_forward() {
        let schema = |new: bool| -> Vec<(String, String, Option<String>)> {
            let conn = Connection::open_in_memory().unwrap();
            for (_, sql) in MIGRATIONS {
                conn.execute_batch(&if new { for_new_database(sql) } else { sql.to_string() }).unwrap();
            }
            let mut stmt = conn.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name").unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap()
        };
        let (full, new) = (schema(false), schema(true));
        assert!(full.len() > 2 * EVENTS.len(), "{} schema objects", full.len());
        assert_eq!(full, new);
        // Exactly the 0004 statements that build spans from existing rows are left out.
        let dropped: usize = MIGRATIONS.iter().map(|(_, sql)| sql.len() - for_new_database(sql).len()).sum();
        let inserts: usize = MIGRATIONS[3].1.matches("INSERT INTO event_spans ").count();
        assert_eq!(inserts, EVENTS.len());
        assert!(dropped > 0);
        for (name, sql) in MIGRATIONS {
            let kept = for_new_database(sql);
            assert_eq!(kept == *sql, !name.starts_with("0004"), "{name}");
            assert_eq!(kept.matches("INSERT INTO event_spans ").count(), 0, "{name}");
            assert_eq!(kept.matches("CREATE ").count(), sql.matches("CREATE ").count(), "{name}");
        }
    }

    #[test]
    fn a_newer_schema_is_refused_and_an_older_one_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let store = Store::open(&db, Duration::from_secs(1)).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        store.connection().pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        let err = Store::open(&db, Duration::from_secs(1)).unwrap_err();
        assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
        assert!(err.to_string().contains("newer"));
    }

    #[test]
    fn an_older_database_is_migrated_forward_keeping_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        {
            let conn = Connection::open(&db).unwrap();
            conn.execute_batch(MIGRATIONS[0].1).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute("INSERT INTO files (path, label, fingerprint, fingerprint_len, first_import, last_import) VALUES ('/a', 'vm-a', 'x', 0, 't', 't')", []).unwrap();
            conn.execute(
                "INSERT INTO guest_panicked (file_id, line, ts_us, action) VALUES (1, 7, 1000000, 'pause')",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&db, Duration::from_secs(1)).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let (vm, time): (String, String) = store
            .connection()
            .query_row("SELECT vm, time FROM guest_panics", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!((vm.as_str(), time.as_str()), ("vm-a", "1970-01-01T00:00:01.000000Z"));
    }

    #[test]
    fn a_second_store_waits_then_gives_up() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let _first = Store::open(&db, Duration::from_secs(1)).unwrap();
        let started = Instant::now();
        let err = Store::open(&db, Duration::from_millis(300)).unwrap_err();
        assert!(matches!(err, StoreError::Locked { .. }), "{err}");
        assert!(started.elapsed() >= Duration::from_millis(300));
    }

    /// A STOP row of source `id` (text bound in place: the arena is dropped after the write).
    fn one_row(line: u64) -> Records {
        let mut records = Records::default();
        let extra = records.rows_mut().text_value(format!("{{\"n\":{line}}}").as_bytes());
        let row = records.rows_mut().push_row(crate::catalog::event_index("STOP").unwrap(), &[extra]);
        records.push(Record::Typed { line, ts_us: Some(line as i64), row });
        records
    }

    /// A new store at `db` with one source registered (and committed); its file id.
    fn store_with_one_source(db: &Path) -> (Store, i64) {
        let mut store = Store::open(db, Duration::from_secs(1)).unwrap();
        let source = crate::registry::RegistryPath::of(&db.with_file_name("vm.jsonl"));
        let id = crate::registry::register(store.connection(), &source, "vm", "none", "qmp").unwrap();
        store.commit().unwrap();
        (store, id)
    }

    type Pairs = Vec<(i64, i64)>;

    /// (rowid, line) of every STOP row, and (first_rowid, last_rowid) of every STOP span.
    fn stop_rowids(store: &Store) -> (Pairs, Pairs) {
        let pairs = |sql: &str| -> Vec<(i64, i64)> {
            let mut stmt = store.connection().prepare(sql).unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
        };
        (
            pairs("SELECT rowid, line FROM stop ORDER BY rowid"),
            pairs("SELECT first_rowid, last_rowid FROM event_spans WHERE event = 'STOP' ORDER BY first_rowid"),
        )
    }

    #[test]
    fn rows_get_the_rowids_their_spans_name_after_rows_added_or_deleted_by_hand() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let (mut store, id) = store_with_one_source(&db);
        store.commit_batch(id, &one_row(1), &Progress::default()).unwrap();
        store
            .connection()
            .execute("INSERT INTO stop (rowid, file_id, line, ts_us) VALUES (1000, ?1, 99, NULL)", [id])
            .unwrap();
        store.commit_batch(id, &one_row(2), &Progress::default()).unwrap();
        let (rows, spans) = stop_rowids(&store);
        assert_eq!(rows, [(1, 1), (1000, 99), (1001, 2)]);
        assert_eq!(spans, [(1, 1), (1001, 1001)], "the hand-made row is in no span");
        store.connection().execute("DELETE FROM stop WHERE rowid >= 1000", []).unwrap();
        store.commit_batch(id, &one_row(3), &Progress::default()).unwrap();
        assert_eq!(stop_rowids(&store), (vec![(1, 1), (2, 3)], vec![(1, 1), (2, 2)]));
    }

    #[test]
    fn a_table_out_of_rowids_fails_the_write_instead_of_misplacing_spans() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let (mut store, id) = store_with_one_source(&db);
        store
            .connection()
            .execute("INSERT INTO stop (rowid, file_id, line, ts_us) VALUES (9223372036854775807, ?1, 1, NULL)", [id])
            .unwrap();
        let err = store.commit_batch(id, &one_row(2), &Progress::default()).unwrap_err();
        let message = crate::report::error_chain(&err);
        assert!(message.contains("the rows of stop did not get consecutive rowids"), "{message}");
        let (rows, spans) = stop_rowids(&store);
        assert_eq!((rows.len(), spans.len()), (1, 0), "rolled back: {rows:?} {spans:?}");
    }

    #[test]
    fn writes_stay_invisible_until_committed_and_commits_come_when_due() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let (mut store, id) = store_with_one_source(&db);
        assert_eq!(store.commit_due(), None, "nothing written");
        let reader = Connection::open(&db).unwrap();
        let count =
            |reader: &Connection| -> i64 { reader.query_row("SELECT count(*) FROM stop", [], |r| r.get(0)).unwrap() };
        store.write(id, &one_row(1), &Owners::default(), &Progress::default(), 10).unwrap();
        let due = store.commit_due().expect("a transaction is open");
        assert!(due > Duration::ZERO && due <= COMMIT_INTERVAL, "{due:?}");
        assert_eq!(count(&reader), 0, "not committed yet");
        store.write(id, &one_row(2), &Owners::default(), &Progress::default(), COMMIT_BYTES).unwrap();
        assert_eq!(store.commit_due(), Some(Duration::ZERO), "64 MiB of input: due now");
        store.commit().unwrap();
        assert_eq!((store.commit_due(), count(&reader)), (None, 2));
        let extra: String = reader.query_row("SELECT extra FROM stop WHERE line = 2", [], |r| r.get(0)).unwrap();
        assert_eq!(extra, "{\"n\":2}", "text bound in place survives its arena");
    }

    #[test]
    fn a_span_goes_on_across_the_batches_of_one_transaction_and_is_written_at_its_commit() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let (mut store, id) = store_with_one_source(&db);
        let spans = |store: &Store| -> Vec<(i64, i64, i64)> {
            let mut stmt = store.connection().prepare("SELECT first_rowid, last_rowid, rows FROM event_spans").unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
        };
        for line in 1..=3 {
            store.write(id, &one_row(line), &Owners::default(), &Progress::default(), 10).unwrap();
        }
        assert_eq!(spans(&store), [], "written when the transaction commits");
        store.commit().unwrap();
        assert_eq!(spans(&store), [(1, 3, 3)], "one span for three batches");
        // The next transaction's rows start a span of their own, and a rolled-back one leaves none.
        store.write(id, &one_row(4), &Owners::default(), &Progress::default(), 10).unwrap();
        store.rollback();
        store.write(id, &one_row(5), &Owners::default(), &Progress::default(), 10).unwrap();
        store.commit().unwrap();
        assert_eq!(spans(&store), [(1, 3, 3), (4, 4, 1)]);
    }

    #[test]
    fn checkpoints_off_the_writer_keep_the_wal_from_growing() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let mut store = Store::open(&db, Duration::from_secs(1)).unwrap();
        assert!(store.checkpointer.is_some(), "the checkpoint thread started");
        let source = crate::registry::RegistryPath::of(&dir.path().join("vm.jsonl"));
        let id = crate::registry::register(store.connection(), &source, "vm", "none", "qmp").unwrap();
        store.commit().unwrap();
        let mut rows = Records::default();
        for line in 1..=3000 {
            let more = one_row(line);
            rows.append(more, 0);
        }
        let wal = dir.path().join("t.db-wal");
        let mut sizes = Vec::new();
        for _ in 0..12 {
            // Each transaction counts as RESTART_BYTES of input: the next one waits for the
            // checkpoint and the WAL starts over.
            store.write(id, &rows, &Owners::default(), &Progress::default(), RESTART_BYTES).unwrap();
            store.commit().unwrap();
            sizes.push(std::fs::metadata(&wal).unwrap().len());
        }
        assert!(sizes[11] <= 2 * sizes[0], "the WAL grew with every transaction: {sizes:?}");
        let count: i64 = store.connection().query_row("SELECT count(*) FROM stop", [], |r| r.get(0)).unwrap();
        assert_eq!(count, 12 * 3000);
        drop(store);
        assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0, "left empty at the end");
    }
}
