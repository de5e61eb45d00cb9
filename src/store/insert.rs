//! Insert: writing a batch's typed rows into the event tables, one statement per table
//! ([`Inserts`], reading the rows through `feed.rs`'s virtual table), and [`Raw`], a prepared
//! statement run with values borrowed for one call (text bound in place, `SQLITE_STATIC`: no
//! copy, where rusqlite copies every string), for the spans' writes.
//!
//! This and `feed.rs` are the only `unsafe` SQLite code of the project; everything else goes
//! through rusqlite.

use crate::catalog::EVENTS;
use crate::records::Segment;
use crate::store::feed::{self, Feed, Pick, Serving};
use rusqlite::{Connection, ffi};
use std::ffi::c_int;
use std::ptr::NonNull;

/// One statement prepared over the raw handle of a connection, finalized when dropped. It must
/// be dropped before that connection.
pub struct Raw {
    stmt: NonNull<ffi::sqlite3_stmt>,
    db: *mut ffi::sqlite3,
    params: usize,
}

/// A value [`Raw::execute`] binds: text is borrowed for the call, not copied.
#[derive(Clone, Copy)]
pub enum Param<'a> {
    Int(i64),
    Null,
    Text(&'a str),
}

impl From<Option<i64>> for Param<'_> {
    fn from(v: Option<i64>) -> Self {
        v.map_or(Param::Null, Param::Int)
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared by `Raw::prepare` and is finalized once, here.
        unsafe { ffi::sqlite3_finalize(self.stmt.as_ptr()) };
    }
}

fn error(db: *mut ffi::sqlite3, code: c_int) -> rusqlite::Error {
    // SAFETY: `db` is the live connection; the message is copied before anything else runs.
    let message = unsafe {
        let text = ffi::sqlite3_errmsg(db);
        (!text.is_null()).then(|| std::ffi::CStr::from_ptr(text).to_string_lossy().into_owned())
    };
    rusqlite::Error::SqliteFailure(ffi::Error::new(code), message)
}

impl Raw {
    /// Prepares `sql` (one statement) on `conn`, which must outlive it.
    pub fn prepare(conn: &Connection, sql: &str) -> rusqlite::Result<Raw> {
        // SAFETY: the handle stays valid as long as `conn`, which outlives the statement.
        Raw::prepare_on(unsafe { conn.handle() }, sql)
    }

    fn prepare_on(db: *mut ffi::sqlite3, sql: &str) -> rusqlite::Result<Raw> {
        let mut stmt = std::ptr::null_mut();
        // SAFETY: `sql` outlives the call; `stmt` receives a statement we own from here on.
        let code = unsafe {
            ffi::sqlite3_prepare_v3(
                db,
                sql.as_ptr().cast(),
                sql.len() as c_int,
                ffi::SQLITE_PREPARE_PERSISTENT,
                &mut stmt,
                std::ptr::null_mut(),
            )
        };
        match NonNull::new(stmt) {
            Some(stmt) if code == ffi::SQLITE_OK => {
                // SAFETY: a live statement of ours.
                let params = unsafe { ffi::sqlite3_bind_parameter_count(stmt.as_ptr()) } as usize;
                Ok(Raw { stmt, db, params })
            }
            _ => Err(error(db, code)),
        }
    }

    /// Runs the statement once with `values`, one per parameter, in order.
    ///
    /// Text is bound in place (`SQLITE_STATIC`) for this call only: every parameter is bound
    /// again by the next call before the statement runs, so none is read after `values` is gone.
    pub fn execute(&mut self, values: &[Param<'_>]) -> rusqlite::Result<()> {
        assert_eq!(values.len(), self.params, "one value per parameter");
        let stmt = self.stmt.as_ptr();
        // SAFETY: a live statement with `params` parameters; the text outlives the step below.
        unsafe {
            let mut code = ffi::SQLITE_OK;
            for (i, value) in values.iter().enumerate() {
                let at = i as c_int + 1;
                code |= match *value {
                    Param::Int(v) => ffi::sqlite3_bind_int64(stmt, at, v),
                    Param::Null => ffi::sqlite3_bind_null(stmt, at),
                    Param::Text(text) => ffi::sqlite3_bind_text(
                        stmt,
                        at,
                        text.as_ptr().cast(),
                        text.len() as c_int,
                        ffi::SQLITE_STATIC(),
                    ),
                };
            }
            self.step(code)
        }
    }

    /// Runs a parameterless query of one integer and returns it (0 for no row or NULL).
    pub fn query_i64(&mut self) -> rusqlite::Result<i64> {
        let stmt = self.stmt.as_ptr();
        // SAFETY: a live statement; nothing is bound.
        unsafe {
            let code = ffi::sqlite3_step(stmt);
            let value = if code == ffi::SQLITE_ROW { ffi::sqlite3_column_int64(stmt, 0) } else { 0 };
            ffi::sqlite3_reset(stmt);
            if code != ffi::SQLITE_ROW && code != ffi::SQLITE_DONE {
                return Err(error(self.db, code));
            }
            Ok(value)
        }
    }

    /// Steps the statement once (after binds that returned `bound`) and resets it.
    ///
    /// # Safety
    /// Every parameter must be bound to a value that is still alive.
    unsafe fn step(&mut self, bound: c_int) -> rusqlite::Result<()> {
        let stmt = self.stmt.as_ptr();
        // SAFETY: as the caller promises; the statement is live.
        unsafe {
            // Every bind returns SQLITE_OK (0) or an error code: any bit set is a failure.
            if bound != ffi::SQLITE_OK {
                return Err(error(self.db, ffi::sqlite3_errcode(self.db)));
            }
            let done = ffi::sqlite3_step(stmt);
            if done != ffi::SQLITE_DONE {
                let error = error(self.db, done);
                ffi::sqlite3_reset(stmt);
                return Err(error);
            }
            ffi::sqlite3_reset(stmt);
        }
        Ok(())
    }
}

/// Writes a batch's typed rows, table by table, through [`Feed`]: each event table's rows of the
/// batch are picked ([`Inserts::pick`]) in line order, then inserted with one statement per
/// table ([`Inserts::insert_picked`]), which also tells each row's rowid.
///
/// Must be dropped before the connection it was prepared on (the store declares it first).
pub struct Inserts {
    db: *mut ffi::sqlite3,
    feed: Feed,
    /// Per table: `INSERT INTO t SELECT … FROM qmp_batch`, prepared on first use.
    statements: Vec<Option<Raw>>,
    /// Per table: `SELECT coalesce(max(rowid), 0) FROM t`, prepared on first use.
    last_rowids: Vec<Option<Raw>>,
    /// Per table: the rowid its next row gets, once known in the open transaction.
    next_rowids: Vec<Option<i64>>,
    /// Per table: the rows of the batch being written.
    picks: Vec<Vec<Pick>>,
}

impl Inserts {
    /// Statements for the event tables of `conn`, through a [`Feed`] registered on it.
    pub fn new(conn: &Connection) -> rusqlite::Result<Inserts> {
        let feed = Feed::register(conn)?;
        // SAFETY: the handle stays valid as long as `conn`, which the store drops after us.
        let db = unsafe { conn.handle() };
        let none = || EVENTS.iter().map(|_| None).collect();
        Ok(Inserts {
            db,
            feed,
            statements: none(),
            last_rowids: none(),
            next_rowids: vec![None; EVENTS.len()],
            picks: vec![Vec::new(); EVENTS.len()],
        })
    }

    /// Forgets what the last transaction knew: rows may have been added or deleted since.
    pub fn begin(&mut self) {
        self.next_rowids.fill(None);
        self.picks.iter_mut().for_each(Vec::clear);
    }

    /// Takes in a typed row of event table `table`, to insert with the batch's others.
    #[inline]
    pub fn pick(&mut self, table: usize, pick: Pick) {
        self.picks[table].push(pick);
    }

    /// Inserts every row picked since the last call, served from `segments` with the file ids
    /// `ids` of their owners, and calls `inserted(table, pick, rowid)` for each, in line order
    /// within each table.
    pub fn insert_picked(
        &mut self,
        segments: &[Segment],
        ids: &[i64],
        mut inserted: impl FnMut(usize, &Pick, i64),
    ) -> rusqlite::Result<()> {
        for (table, def) in EVENTS.iter().enumerate() {
            if self.picks[table].is_empty() {
                continue;
            }
            let first = self.next_rowid(table)?;
            let picks = &self.picks[table];
            let count = picks.len() as i64;
            let statement = prepared(&mut self.statements[table], self.db, || insert_sql(table))?;
            let serving = Serving { segments, ids, picks };
            self.feed.serve(&serving, || statement.execute(&[]))?;
            // SAFETY: a live connection; its last insert is the statement's last row.
            let last = unsafe { ffi::sqlite3_last_insert_rowid(self.db) };
            // SQLite gives each new row the table's largest rowid plus one (unless that is
            // i64::MAX, when it picks at random): so the rows are first..=last, or the spans
            // would point at the wrong rows.
            if first.checked_add(count - 1) != Some(last) {
                let message = format!(
                    "the rows of {} did not get consecutive rowids (is its largest rowid 9223372036854775807?)",
                    def.table
                );
                return Err(rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_ERROR), Some(message)));
            }
            for (i, pick) in picks.iter().enumerate() {
                inserted(table, pick, first + i as i64);
            }
            self.next_rowids[table] = Some(last.saturating_add(1));
            self.picks[table].clear();
        }
        Ok(())
    }

    /// The rowid the next row of `table` gets: its largest rowid plus one, read once per
    /// transaction.
    fn next_rowid(&mut self, table: usize) -> rusqlite::Result<i64> {
        if let Some(next) = self.next_rowids[table] {
            return Ok(next);
        }
        let sql = || format!("SELECT coalesce(max(rowid), 0) FROM {}", EVENTS[table].table);
        let last = prepared(&mut self.last_rowids[table], self.db, sql)?.query_i64()?;
        Ok(last.saturating_add(1))
    }
}

/// The statement in `slot`, prepared from `sql()` on `db` the first time.
fn prepared(slot: &mut Option<Raw>, db: *mut ffi::sqlite3, sql: impl FnOnce() -> String) -> rusqlite::Result<&mut Raw> {
    if slot.is_none() {
        *slot = Some(Raw::prepare_on(db, &sql())?);
    }
    Ok(slot.as_mut().expect("prepared above"))
}

/// `INSERT INTO t SELECT file_id, line, ts_us, v0, … FROM qmp_batch` for event table `table`.
fn insert_sql(table: usize) -> String {
    let def = &EVENTS[table];
    format!("INSERT INTO {} SELECT {} FROM {}", def.table, feed::select_list(def.columns.len() + 1), feed::TABLE)
}
