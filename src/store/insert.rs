//! Insert: the prepared INSERT of each event table, bound straight from a batch's arena.
//!
//! rusqlite binds every string as `SQLITE_TRANSIENT` (SQLite copies it), since it cannot know
//! how long the caller's string lives, and goes through its generic `ToSql` on every value. Here
//! the lifetime is known: a batch's text stays in its [`Rows`] until the batch is committed. So
//! these statements bind it in place (`SQLITE_STATIC`: no copy, no allocation per value) and
//! clear their bindings before the batch can be freed ([`Inserts::release`]). This is the only
//! `unsafe` SQLite code of the project; everything else goes through rusqlite.

use crate::catalog::EVENTS;
use crate::records::{RowRef, Rows, Value};
use rusqlite::{Connection, ffi};
use std::ffi::c_int;
use std::ptr::NonNull;

/// One prepared INSERT.
struct Insert(NonNull<ffi::sqlite3_stmt>);

impl Drop for Insert {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared by `Inserts::prepare` and is finalized once, here.
        unsafe { ffi::sqlite3_finalize(self.0.as_ptr()) };
    }
}

/// The INSERT statement of every event table, prepared on first use.
///
/// Must be dropped before the connection it was prepared on (the store declares it first).
pub struct Inserts {
    db: *mut ffi::sqlite3,
    sql: Vec<String>,
    statements: Vec<Option<Insert>>,
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

    fn error(&self, code: c_int) -> rusqlite::Error {
        // SAFETY: `db` is the live connection; the message is copied before anything else runs.
        let message = unsafe {
            let text = ffi::sqlite3_errmsg(self.db);
            (!text.is_null()).then(|| std::ffi::CStr::from_ptr(text).to_string_lossy().into_owned())
        };
        rusqlite::Error::SqliteFailure(ffi::Error::new(code), message)
    }

    fn prepare(&mut self, table: usize) -> rusqlite::Result<NonNull<ffi::sqlite3_stmt>> {
        if let Some(insert) = &self.statements[table] {
            return Ok(insert.0);
        }
        let sql = &self.sql[table];
        let mut stmt = std::ptr::null_mut();
        // SAFETY: `sql` outlives the call; `stmt` receives a statement we own from here on.
        let code = unsafe {
            ffi::sqlite3_prepare_v3(
                self.db,
                sql.as_ptr().cast(),
                sql.len() as c_int,
                ffi::SQLITE_PREPARE_PERSISTENT,
                &mut stmt,
                std::ptr::null_mut(),
            )
        };
        match NonNull::new(stmt) {
            Some(stmt) if code == ffi::SQLITE_OK => {
                self.statements[table] = Some(Insert(stmt));
                Ok(stmt)
            }
            _ => Err(self.error(code)),
        }
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
        let stmt = self.prepare(table)?.as_ptr();
        self.bound[table] = true;
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
            // Every bind returns SQLITE_OK (0) or an error code: any bit set is a failure.
            if code != ffi::SQLITE_OK {
                return Err(self.error(ffi::sqlite3_errcode(self.db)));
            }
            let done = ffi::sqlite3_step(stmt);
            if done != ffi::SQLITE_DONE {
                let error = self.error(done);
                ffi::sqlite3_reset(stmt);
                return Err(error);
            }
            ffi::sqlite3_reset(stmt);
            Ok(ffi::sqlite3_last_insert_rowid(self.db))
        }
    }

    /// Clears every binding into the current batch, so it may be freed.
    pub fn release(&mut self) {
        for (bound, statement) in self.bound.iter_mut().zip(&self.statements) {
            if let (true, Some(insert)) = (std::mem::take(bound), statement) {
                // SAFETY: a live statement of ours; clearing bindings cannot fail.
                unsafe { ffi::sqlite3_clear_bindings(insert.0.as_ptr()) };
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
