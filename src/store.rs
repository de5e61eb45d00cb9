//! Store: the SQLite database — opening and locking it, migrations, the `files` registry, and
//! writing each batch of records together with the registry update that covers it in one
//! transaction (DESIGN.md, "Re-runs, crashes, concurrency").

use crate::catalog::{EVENTS, Event};
use crate::split::Position;
use rusqlite::{Connection, OptionalExtension, params};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The migrations, in order; the schema version is the number of migrations applied.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_initial.sql", include_str!("../migrations/0001_initial.sql")),
    ("0002_views.sql", include_str!("../migrations/0002_views.sql")),
    ("0004_lake.sql", include_str!("../migrations/0004_lake.sql")),
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
    /// Any SQLite failure.
    #[error("{path}: database error")]
    Sqlite { path: PathBuf, source: rusqlite::Error },
}

/// One line that ends up in a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// A row of an event table.
    Typed { line: u64, ts_us: Option<i64>, event: Event },
    /// A row of `unknown_events`.
    Unknown { line: u64, ts_us: Option<i64>, name: String, data: Option<String>, extra: Option<String> },
    /// A row of `rejects`.
    Reject { at: Position, reason: String, raw: Vec<u8> },
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

/// A `files` row as the registry logic needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRow {
    pub id: i64,
    pub path: String,
    pub label: String,
    pub size: u64,
    pub disk_size: Option<u64>,
    pub mtime_ns: Option<i64>,
    pub fingerprint: String,
    pub fingerprint_len: u64,
    pub ingested_bytes: u64,
    pub tail_open: bool,
    pub lines: u64,
    pub pending: u64,
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
    /// The source's fingerprint after this batch.
    pub fingerprint: String,
    /// Bytes it covers.
    pub fingerprint_len: u64,
    /// Counts of the lines in this batch.
    pub counts: Counts,
    /// On-disk size and mtime, recorded (at the end of a source) so an unchanged compressed file
    /// can be skipped without decompressing it.
    pub disk_size: Option<u64>,
    /// See `disk_size`.
    pub mtime_ns: Option<i64>,
}

/// The open, locked database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    insert_sql: Vec<String>,
    _lock: File,
}

impl Drop for Store {
    fn drop(&mut self) {
        // Keep the WAL small between runs without ever blocking a reader.
        let _ = self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    }
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
        let sql_err = |source| StoreError::Sqlite { path: path.to_path_buf(), source };
        let conn = Connection::open(path).map_err(sql_err)?;
        conn.busy_timeout(lock_timeout.max(Duration::from_secs(5))).map_err(sql_err)?;
        // 16 KiB pages: measured a few per cent faster inserts than the 4 KiB default (only takes
        // effect on a new database). Multi-row INSERTs and grouping rows by table measured slower.
        conn.pragma_update(None, "page_size", 16384).map_err(sql_err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(sql_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(sql_err)?;
        conn.pragma_update(None, "cache_size", -65536).map_err(sql_err)?;
        conn.pragma_update(None, "temp_store", "MEMORY").map_err(sql_err)?;
        // Closing the last connection normally checkpoints and deletes the WAL under an exclusive
        // lock, and a reader opening the database in that instant gets "database is locked".
        // So: no checkpoint on close (Store's Drop runs a passive one, which never blocks
        // readers), and the WAL file stays for the next writer.
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true).map_err(sql_err)?;
        conn.set_prepared_statement_cache_capacity(EVENTS.len() + 16);
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            insert_sql: EVENTS
                .iter()
                .map(|def| {
                    let n = def.columns.len() + 4;
                    let marks = vec!["?"; n].join(",");
                    format!("INSERT INTO {} VALUES ({marks})", def.table)
                })
                .collect(),
            _lock: lock,
        };
        store.migrate()?;
        Ok(store)
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite { path: self.path.clone(), source }
    }

    /// The schema version: how many migrations have been applied.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| self.err(e))
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let found = self.schema_version()?;
        let known = MIGRATIONS.len() as i64;
        if found > known {
            return Err(StoreError::TooNew { path: self.path.clone(), found, known });
        }
        if found == known {
            return Ok(());
        }
        let path = self.path.clone();
        let sql_err = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(sql_err)?;
        for (_, sql) in &MIGRATIONS[found as usize..] {
            tx.execute_batch(sql).map_err(sql_err)?;
        }
        tx.pragma_update(None, "user_version", known).map_err(sql_err)?;
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

    fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FileRow> {
        Ok(FileRow {
            id: r.get(0)?,
            path: r.get(1)?,
            label: r.get(2)?,
            size: r.get::<_, i64>(3)? as u64,
            disk_size: r.get::<_, Option<i64>>(4)?.map(|v| v as u64),
            mtime_ns: r.get(5)?,
            fingerprint: r.get(6)?,
            fingerprint_len: r.get::<_, i64>(7)? as u64,
            ingested_bytes: r.get::<_, i64>(8)? as u64,
            tail_open: r.get(9)?,
            lines: r.get::<_, i64>(10)? as u64,
            pending: r.get::<_, i64>(11)? as u64,
        })
    }

    const ROW_COLUMNS: &'static str = "id, path, label, size, disk_size, mtime_ns, fingerprint, fingerprint_len, ingested_bytes, tail_open, lines, pending";

    /// The newest source registered under `path`.
    pub fn by_path(&self, path: &str) -> Result<Option<FileRow>, StoreError> {
        let sql = format!("SELECT {} FROM files WHERE path = ?1 ORDER BY id DESC LIMIT 1", Self::ROW_COLUMNS);
        self.conn.query_row(&sql, [path], Self::row).optional().map_err(|e| self.err(e))
    }

    /// Sources whose fingerprint matches the start of `head` (the first bytes of a file).
    pub fn by_content(&self, head: &[u8]) -> Result<Vec<FileRow>, StoreError> {
        // Fingerprints cover a power-of-two prefix (see `fingerprint_len`), so at most 17
        // indexed look-ups find every candidate, however many sources the registry holds.
        let sql = format!(
            "SELECT {} FROM files WHERE fingerprint = ?1 AND fingerprint_len = ?2 ORDER BY id",
            Self::ROW_COLUMNS
        );
        let mut found = Vec::new();
        let mut len = 1usize;
        while len <= head.len() && len as u64 <= FINGERPRINT_WINDOW {
            let fp = fingerprint(&head[..len]);
            let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
            let rows =
                stmt.query_map(params![fp, len as i64], Self::row).and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
            found.extend(rows.map_err(|e| self.err(e))?);
            len *= 2;
        }
        Ok(found)
    }

    /// Registers a new source with nothing ingested yet; returns its id.
    pub fn register(&mut self, path: &str, label: &str, compression: &str) -> Result<i64, StoreError> {
        let now = now_text(&self.conn).map_err(|e| self.err(e))?;
        self.conn
            .execute(
                "INSERT INTO files (path, label, compression, fingerprint, fingerprint_len, first_import, last_import) VALUES (?1, ?2, ?3, ?4, 0, ?5, ?5)",
                params![path, label, compression, fingerprint(b""), now],
            )
            .map_err(|e| self.err(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records that source `id` now lives at `path`.
    pub fn rename(&mut self, id: i64, path: &str) -> Result<(), StoreError> {
        self.conn.execute("UPDATE files SET path = ?2 WHERE id = ?1", params![id, path]).map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Writes `records` of source `file_id` and its new `progress` in one transaction.
    pub fn commit_batch(&mut self, file_id: i64, records: &[Record], progress: &Progress) -> Result<(), StoreError> {
        let path = self.path.clone();
        let sql_err = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(sql_err)?;
        {
            // One statement per table for the whole batch: no cache lookup per row.
            let mut typed: Vec<Option<rusqlite::CachedStatement<'_>>> = EVENTS.iter().map(|_| None).collect();
            let mut unknown =
                tx.prepare_cached("INSERT INTO unknown_events VALUES (?1, ?2, ?3, ?4, ?5, ?6)").map_err(sql_err)?;
            let mut reject = tx.prepare_cached("INSERT INTO rejects VALUES (?1, ?2, ?3, ?4, ?5)").map_err(sql_err)?;
            for record in records {
                match record {
                    Record::Typed { line, ts_us, event } => {
                        let index = event.def().index;
                        let stmt = match &mut typed[index] {
                            Some(stmt) => stmt,
                            slot => slot.insert(tx.prepare_cached(&self.insert_sql[index]).map_err(sql_err)?),
                        };
                        stmt.raw_bind_parameter(1, file_id).map_err(sql_err)?;
                        stmt.raw_bind_parameter(2, *line as i64).map_err(sql_err)?;
                        stmt.raw_bind_parameter(3, ts_us).map_err(sql_err)?;
                        event.bind(stmt, 4).map_err(sql_err)?;
                        stmt.raw_execute().map_err(sql_err)?;
                    }
                    Record::Unknown { line, ts_us, name, data, extra } => {
                        unknown.execute(params![file_id, *line as i64, ts_us, name, data, extra]).map_err(sql_err)?;
                    }
                    Record::Reject { at, reason, raw } => {
                        reject
                            .execute(params![file_id, at.line as i64, at.byte as i64, reason, raw])
                            .map_err(sql_err)?;
                    }
                }
            }
        }
        let c = &progress.counts;
        let now = now_text(&tx).map_err(sql_err)?;
        tx.execute(
            "UPDATE files SET size = ?2, disk_size = ?3, mtime_ns = ?4, fingerprint = ?5, fingerprint_len = ?6,
                ingested_bytes = ?7, tail_open = ?8, lines = ?9, pending = ?10,
                events = events + ?11 + ?12, typed = typed + ?11, unknown = unknown + ?12, rejects = rejects + ?13,
                non_event = non_event + ?14, blank = blank + ?15, last_import = ?16
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
                now
            ],
        )
        .map_err(sql_err)?;
        tx.commit().map_err(sql_err)
    }
}

/// The content fingerprint of `bytes`: xxh3-64 as 16 hex digits.
pub fn fingerprint(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// How many leading bytes a fingerprint covers at most.
pub const FINGERPRINT_WINDOW: u64 = 64 * 1024;

/// How many leading bytes the fingerprint of a source with `ingested` bytes committed (and `head`
/// bytes at hand) covers: the largest power of two up to 64 KiB, so that look-ups by content
/// need only try 17 lengths. 0 while nothing is committed.
pub fn fingerprint_len(ingested: u64, head: usize) -> u64 {
    let most = ingested.min(head as u64).min(FINGERPRINT_WINDOW);
    if most == 0 { 0 } else { 1 << most.ilog2() }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn content_lookup_matches_prefixes_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db"), Duration::from_secs(1)).unwrap();
        let id = store.register("/a", "a", "none").unwrap();
        let progress = Progress {
            fingerprint: fingerprint(b"hell"),
            fingerprint_len: fingerprint_len(6, 6),
            ingested_bytes: 6,
            size: 6,
            lines: 1,
            ..Default::default()
        };
        store.commit_batch(id, &[], &progress).unwrap();
        assert_eq!(fingerprint_len(6, 6), 4);
        assert_eq!(fingerprint_len(1 << 20, 1 << 20), FINGERPRINT_WINDOW);
        assert_eq!(fingerprint_len(100_000, 70_000), FINGERPRINT_WINDOW);
        assert_eq!(fingerprint_len(0, 10), 0);
        assert_eq!(store.by_content(b"hello\nworld\n").unwrap().len(), 1);
        assert!(store.by_content(b"hEllo\n").unwrap().is_empty());
        assert!(store.by_content(b"hel").unwrap().is_empty());
        assert_eq!(store.by_path("/a").unwrap().unwrap().ingested_bytes, 6);
    }
}
