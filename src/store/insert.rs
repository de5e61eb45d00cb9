//! Insert: the prepared INSERT of each event table, bound straight from a batch's arena.
//!
//! rusqlite binds every string as `SQLITE_TRANSIENT` (SQLite copies it), since it cannot know
//! how long the caller's string lives, and goes through its generic `ToSql` on every value. Here
//! the lifetime is known: a batch's text stays in its [`Rows`] until the batch is committed. So
//! these statements bind it in place (`SQLITE_STATIC`: no copy, no allocation per value) and
//! clear their bindings before the batch can be freed ([`Inserts::release`]). [`Raw`] is the
//! same for a statement run with values borrowed for one call (the spans' INSERT). This is the
//! only `unsafe` SQLite code of the project; everything else goes through rusqlite.

use crate::catalog::EVENTS;
use crate::records::{RowRef, Rows, Value};
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

/// The INSERT statement of every event table, prepared on first use.
///
/// Must be dropped before the connection it was prepared on (the store declares it first).
pub struct Inserts {
    db: *mut ffi::sqlite3,
    sql: Vec<String>,
    statements: Vec<Option<Raw>>,
    /// Per table: whether its statement holds bindings into the current batch.
    bound: Vec<bool>,
}

impl Inserts {
    /// Statements for the event tables of `conn`.
    pub fn new(conn: &Connection) -> Inserts {
        let sql = EVENTS
            .iter()
            .map(|def| {
                let marks = vec!["?"; def.columns.len() + 4].join(",");
                format!("INSERT INTO {} VALUES ({marks})", def.table)
            })
            .collect();
        // SAFETY: the handle stays valid as long as `conn`, which the store drops after us.
        let db = unsafe { conn.handle() };
        Inserts { db, sql, statements: EVENTS.iter().map(|_| None).collect(), bound: vec![false; EVENTS.len()] }
    }

    fn prepare(&mut self, table: usize) -> rusqlite::Result<&mut Raw> {
        if self.statements[table].is_none() {
            self.statements[table] = Some(Raw::prepare_on(self.db, &self.sql[table])?);
        }
        Ok(self.statements[table].as_mut().expect("prepared above"))
    }

    /// Inserts typed `row` (values in `rows`) of source `file_id`, read from `line`; returns its
    /// rowid. `rows` must stay alive and unchanged until [`Inserts::release`].
    pub fn insert(
        &mut self,
        rows: &Rows,
        row: RowRef,
        file_id: i64,
        line: u64,
        ts_us: Option<i64>,
    ) -> rusqlite::Result<i64> {
        let table = row.table as usize;
        let db = self.db;
        self.bound[table] = true;
        let raw = self.prepare(table)?;
        let stmt = raw.stmt.as_ptr();
        // SAFETY: `stmt` is a live statement of `db` with `columns + 4` parameters; text is bound
        // SQLITE_STATIC from `rows`, which the caller keeps alive until `release` clears it.
        unsafe {
            let mut code = ffi::sqlite3_bind_int64(stmt, 1, file_id);
            code |= ffi::sqlite3_bind_int64(stmt, 2, line as i64);
            code |= match ts_us {
                Some(ts) => ffi::sqlite3_bind_int64(stmt, 3, ts),
                None => ffi::sqlite3_bind_null(stmt, 3),
            };
            for (i, value) in rows.values(row).iter().enumerate() {
                let at = i as c_int + 4;
                code |= match *value {
                    Value::Null => ffi::sqlite3_bind_null(stmt, at),
                    Value::Int(v) => ffi::sqlite3_bind_int64(stmt, at, v),
                    Value::Real(v) => ffi::sqlite3_bind_double(stmt, at, v),
                    Value::Text { .. } => {
                        let text = rows.bytes(*value);
                        ffi::sqlite3_bind_text(
                            stmt,
                            at,
                            text.as_ptr().cast(),
                            text.len() as c_int,
                            ffi::SQLITE_STATIC(),
                        )
                    }
                };
            }
            raw.step(code)?;
            Ok(ffi::sqlite3_last_insert_rowid(db))
        }
    }

    /// Clears every binding into the current batch, so it may be freed.
    pub fn release(&mut self) {
        for (bound, statement) in self.bound.iter_mut().zip(&self.statements) {
            if let (true, Some(insert)) = (std::mem::take(bound), statement) {
                // SAFETY: a live statement of ours; clearing bindings cannot fail.
                unsafe { ffi::sqlite3_clear_bindings(insert.stmt.as_ptr()) };
            }
        }
    }
}

/// Clears the bindings even when an insert failed half-way.
pub struct Released<'i>(pub &'i mut Inserts);

impl Drop for Released<'_> {
    fn drop(&mut self) {
        self.0.release();
    }
}
