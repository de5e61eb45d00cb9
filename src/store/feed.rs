//! Feed: the virtual table `qmp_batch`, through which SQLite reads the rows of one event table
//! of a batch straight from the batch's arenas.
//!
//! A row inserted with its own `INSERT … VALUES (?, …)` pays for a whole statement: binding
//! every value, opening a cursor on the table, finding its last row, halting and resetting.
//! Through this table a batch's rows of one event table go in with one
//! `INSERT INTO t SELECT file_id, line, ts_us, v0, … FROM qmp_batch`, whose loop reads each
//! value from here ([`Feed::serve`] says which rows) with no copy (`SQLITE_STATIC` text: the
//! arenas outlive the statement). Measured with callgrind on 200 k rows of a six-column STRICT
//! table: 3.40 k instructions per row with a statement each, 2.31 k through this table.
//!
//! The table is eponymous and exists only on the writer's connection: nothing of it is in the
//! database file. With nothing served it has no rows.

use crate::catalog::max_columns;
use crate::records::{Record, Rows, Segment, Value};
use rusqlite::{Connection, ffi};
use std::cell::Cell;
use std::ffi::{CString, c_char, c_int, c_void};
use std::ptr;

/// The name queries read the table by.
pub const TABLE: &str = "qmp_batch";

/// One row to serve: record `record` of segment `segment` (a typed one), owned by `ids[owner]`.
#[derive(Debug, Clone, Copy)]
pub struct Pick {
    pub segment: u32,
    pub record: u32,
    pub owner: u32,
}

/// The rows the table serves while a statement runs: `picks`, in order, from `segments`.
pub struct Serving<'b> {
    pub segments: &'b [Segment],
    /// The file id of each owner.
    pub ids: &'b [i64],
    pub picks: &'b [Pick],
}

/// What the module's callbacks share: the rows being served, if any.
struct State {
    serving: Cell<*const Serving<'static>>,
}

/// The `qmp_batch` table of one connection.
pub struct Feed {
    /// Owned by the connection (freed by the module's destructor when it closes).
    state: *const State,
}

impl Feed {
    /// Registers the table on `conn`, which must outlive the returned value.
    pub fn register(conn: &Connection) -> rusqlite::Result<Feed> {
        let state = Box::into_raw(Box::new(State { serving: Cell::new(ptr::null()) }));
        let name = CString::new(TABLE).expect("no NUL in the name");
        // SAFETY: a live connection; SQLite keeps `state` until it drops the module, then calls
        // `destroy_state` on it (also when registering fails).
        let code = unsafe {
            ffi::sqlite3_create_module_v2(conn.handle(), name.as_ptr(), &MODULE, state.cast(), Some(destroy_state))
        };
        if code != ffi::SQLITE_OK {
            return Err(rusqlite::Error::SqliteFailure(ffi::Error::new(code), None));
        }
        Ok(Feed { state })
    }

    /// Runs `run` (which steps a statement reading `qmp_batch`) with the table serving `serving`.
    pub fn serve<R>(&self, serving: &Serving<'_>, run: impl FnOnce() -> R) -> R {
        struct Clear<'s>(&'s State);
        impl Drop for Clear<'_> {
            fn drop(&mut self) {
                self.0.serving.set(ptr::null());
            }
        }
        // SAFETY: the connection, which owns the state, outlives this Feed.
        let state = unsafe { &*self.state };
        // The pointer is only read by callbacks of statements `run` steps, and cleared below
        // (also on unwinding) before `serving` can go away.
        state.serving.set((serving as *const Serving<'_>).cast());
        let _clear = Clear(state);
        run()
    }
}

unsafe extern "C" fn destroy_state(state: *mut c_void) {
    // SAFETY: the pointer `Feed::register` gave away, freed once, here.
    drop(unsafe { Box::from_raw(state.cast::<State>()) });
}

/// The virtual table: SQLite's header, then the shared state.
#[repr(C)]
struct Table {
    base: ffi::sqlite3_vtab,
    state: *const State,
}

/// A scan of the rows served; the current one's values resolved once, for every column read.
#[repr(C)]
struct Scan {
    base: ffi::sqlite3_vtab_cursor,
    state: *const State,
    /// What the state served when the scan began.
    serving: *const Serving<'static>,
    at: usize,
    current: Current,
}

/// The row a scan is on.
#[derive(Clone, Copy)]
struct Current {
    file_id: i64,
    line: i64,
    ts_us: Option<i64>,
    values: *const Value,
    len: usize,
    rows: *const Rows,
}

const NO_ROW: Current = Current { file_id: 0, line: 0, ts_us: None, values: ptr::null(), len: 0, rows: ptr::null() };

impl Scan {
    fn serving(&self) -> Option<&Serving<'static>> {
        // SAFETY: set from a live `Serving` for as long as the statement reading us runs.
        unsafe { self.serving.as_ref() }
    }

    fn len(&self) -> usize {
        self.serving().map_or(0, |s| s.picks.len())
    }

    /// Resolves the row at `self.at`.
    fn load(&mut self) {
        self.current = NO_ROW;
        let Some(serving) = self.serving() else { return };
        // The rows ahead, picked from all over the batch: their record, values, then text.
        let ahead = |n: usize| {
            let pick = serving.picks.get(self.at + n)?;
            Some((serving.segments.get(pick.segment as usize)?, pick.record as usize))
        };
        if let Some((segment, record)) = ahead(4) {
            segment.prefetch_record(record);
        }
        if let Some((segment, record)) = ahead(2) {
            segment.prefetch_values(record);
        }
        if let Some((segment, record)) = ahead(1) {
            segment.prefetch_text(record);
        }
        let Some(pick) = serving.picks.get(self.at) else { return };
        let Some(segment) = serving.segments.get(pick.segment as usize) else { return };
        if let Some(Record::Typed { line, ts_us, row }) = segment.list.get(pick.record as usize) {
            let values = segment.rows.values(*row);
            self.current = Current {
                file_id: serving.ids.get(pick.owner as usize).copied().unwrap_or(0),
                line: *line as i64,
                ts_us: *ts_us,
                values: values.as_ptr(),
                len: values.len(),
                rows: &segment.rows,
            };
        }
    }
}

/// The declared columns: file_id, line, ts_us, then v0… for the data columns and `extra` of the
/// widest event.
fn declaration() -> CString {
    let values: Vec<String> = (0..=max_columns()).map(|i| format!("v{i}")).collect();
    CString::new(format!("CREATE TABLE x(file_id, line, ts_us, {})", values.join(", "))).expect("no NUL")
}

/// The `SELECT` list that reads an event table's columns from [`TABLE`]: `values` is its
/// number of data columns plus one (`extra`).
pub fn select_list(values: usize) -> String {
    let mut list = String::from("file_id, line, ts_us");
    for i in 0..values {
        list.push_str(&format!(", v{i}"));
    }
    list
}

unsafe extern "C" fn connect(
    db: *mut ffi::sqlite3,
    aux: *mut c_void,
    _argc: c_int,
    _argv: *const *const c_char,
    table: *mut *mut ffi::sqlite3_vtab,
    _error: *mut *mut c_char,
) -> c_int {
    let declaration = declaration();
    // SAFETY: SQLite's arguments, as documented for xConnect.
    unsafe {
        let code = ffi::sqlite3_declare_vtab(db, declaration.as_ptr());
        if code != ffi::SQLITE_OK {
            return code;
        }
        // SAFETY: sqlite3_vtab is plain data; SQLite fills in what it needs.
        let new = Box::new(Table { base: std::mem::zeroed(), state: aux.cast() });
        *table = Box::into_raw(new).cast();
    }
    ffi::SQLITE_OK
}

unsafe extern "C" fn best_index(_table: *mut ffi::sqlite3_vtab, info: *mut ffi::sqlite3_index_info) -> c_int {
    // SAFETY: SQLite's argument. One plan only: every row served, in order.
    unsafe { (*info).estimatedCost = 1.0e6 };
    ffi::SQLITE_OK
}

unsafe extern "C" fn disconnect(table: *mut ffi::sqlite3_vtab) -> c_int {
    // SAFETY: the Table `connect` made, freed once, here.
    drop(unsafe { Box::from_raw(table.cast::<Table>()) });
    ffi::SQLITE_OK
}

unsafe extern "C" fn open(table: *mut ffi::sqlite3_vtab, scan: *mut *mut ffi::sqlite3_vtab_cursor) -> c_int {
    // SAFETY: SQLite's arguments; the table is one `connect` made.
    unsafe {
        let state = (*table.cast::<Table>()).state;
        let new = Box::new(Scan { base: std::mem::zeroed(), state, serving: ptr::null(), at: 0, current: NO_ROW });
        *scan = Box::into_raw(new).cast();
    }
    ffi::SQLITE_OK
}

unsafe extern "C" fn close(scan: *mut ffi::sqlite3_vtab_cursor) -> c_int {
    // SAFETY: the Scan `open` made, freed once, here.
    drop(unsafe { Box::from_raw(scan.cast::<Scan>()) });
    ffi::SQLITE_OK
}

unsafe extern "C" fn filter(
    scan: *mut ffi::sqlite3_vtab_cursor,
    _index: c_int,
    _index_name: *const c_char,
    _argc: c_int,
    _argv: *mut *mut ffi::sqlite3_value,
) -> c_int {
    // SAFETY: a Scan `open` made.
    let scan = unsafe { &mut *scan.cast::<Scan>() };
    // SAFETY: the state outlives every table and scan of the connection.
    scan.serving = unsafe { (*scan.state).serving.get() };
    scan.at = 0;
    scan.load();
    ffi::SQLITE_OK
}

unsafe extern "C" fn next(scan: *mut ffi::sqlite3_vtab_cursor) -> c_int {
    // SAFETY: a Scan `open` made.
    let scan = unsafe { &mut *scan.cast::<Scan>() };
    scan.at += 1;
    scan.load();
    ffi::SQLITE_OK
}

unsafe extern "C" fn eof(scan: *mut ffi::sqlite3_vtab_cursor) -> c_int {
    // SAFETY: a Scan `open` made.
    let scan = unsafe { &*scan.cast::<Scan>() };
    c_int::from(scan.at >= scan.len())
}

unsafe extern "C" fn column(
    scan: *mut ffi::sqlite3_vtab_cursor,
    context: *mut ffi::sqlite3_context,
    n: c_int,
) -> c_int {
    // SAFETY: a Scan `open` made; `current` points into the arenas being served, alive while
    // the statement runs; text is UTF-8 and bound static for the same reason.
    unsafe {
        let current = &(*scan.cast::<Scan>()).current;
        match n {
            0 => ffi::sqlite3_result_int64(context, current.file_id),
            1 => ffi::sqlite3_result_int64(context, current.line),
            2 => match current.ts_us {
                Some(ts) => ffi::sqlite3_result_int64(context, ts),
                None => ffi::sqlite3_result_null(context),
            },
            _ => {
                let i = (n - 3) as usize;
                if i >= current.len {
                    ffi::sqlite3_result_null(context);
                    return ffi::SQLITE_OK;
                }
                match *current.values.add(i) {
                    Value::Null => ffi::sqlite3_result_null(context),
                    Value::Int(v) => ffi::sqlite3_result_int64(context, v),
                    Value::Real(v) => ffi::sqlite3_result_double(context, v),
                    value @ Value::Text { .. } => {
                        let text = (*current.rows).bytes(value);
                        ffi::sqlite3_result_text(
                            context,
                            text.as_ptr().cast(),
                            text.len() as c_int,
                            ffi::SQLITE_STATIC(),
                        );
                    }
                }
            }
        }
    }
    ffi::SQLITE_OK
}

unsafe extern "C" fn rowid(scan: *mut ffi::sqlite3_vtab_cursor, rowid: *mut ffi::sqlite3_int64) -> c_int {
    // SAFETY: SQLite's arguments.
    unsafe { *rowid = (*scan.cast::<Scan>()).at as i64 };
    ffi::SQLITE_OK
}

/// Eponymous only (no xCreate): `qmp_batch` can be read, never created in a schema.
static MODULE: ffi::sqlite3_module = ffi::sqlite3_module {
    iVersion: 1,
    xCreate: None,
    xConnect: Some(connect),
    xBestIndex: Some(best_index),
    xDisconnect: Some(disconnect),
    xDestroy: None,
    xOpen: Some(open),
    xClose: Some(close),
    xFilter: Some(filter),
    xNext: Some(next),
    xEof: Some(eof),
    xColumn: Some(column),
    xRowid: Some(rowid),
    xUpdate: None,
    xBegin: None,
    xSync: None,
    xCommit: None,
    xRollback: None,
    xFindFunction: None,
    xRename: None,
    xSavepoint: None,
    xRelease: None,
    xRollbackTo: None,
    xShadowName: None,
    xIntegrity: None,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::event_index;
    use crate::records::Records;

    /// Two segments of typed rows of QUORUM_FAILURE (reference, sector_num, sectors_count,
    /// extra) and one picked row that is not typed.
    fn batch() -> Records {
        let table = event_index("QUORUM_FAILURE").unwrap();
        let mut first = Records::default();
        let reference = first.rows_mut().text_value(b"usr1");
        let row = first.rows_mut().push_row(table, &[reference, Value::Int(7), Value::Null, Value::Null]);
        first.push(Record::Typed { line: 1, ts_us: Some(10), row });
        let mut second = Records::default();
        let extra = second.rows_mut().text_value(br#"{"x":1.5}"#);
        let row = second.rows_mut().push_row(table, &[Value::Null, Value::Real(2.5), Value::Int(-3), extra]);
        second.push(Record::Typed { line: 1, ts_us: None, row });
        first.append(second, 1);
        first
    }

    type Seen = (i64, i64, Option<i64>, Option<String>, rusqlite::types::Value, Option<i64>, Option<String>);

    fn read(conn: &Connection) -> Vec<Seen> {
        let sql = format!("SELECT file_id, line, ts_us, v0, v1, v2, v3 FROM {TABLE}");
        let mut stmt = conn.prepare(&sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn serves_the_picked_rows_in_order_from_their_segments_and_nothing_otherwise() {
        let conn = Connection::open_in_memory().unwrap();
        let feed = Feed::register(&conn).unwrap();
        let records = batch();
        assert_eq!(records.segments().len(), 2);
        let picks = [
            Pick { segment: 1, record: 0, owner: 1 },
            Pick { segment: 0, record: 0, owner: 0 },
            Pick { segment: 0, record: 9, owner: 0 }, // no such record: a row of NULLs
        ];
        let serving = Serving { segments: records.segments(), ids: &[4, 5], picks: &picks };
        let seen = feed.serve(&serving, || read(&conn));
        use rusqlite::types::Value as V;
        assert_eq!(
            seen,
            [
                (5, 2, None, None, V::Real(2.5), Some(-3), Some(r#"{"x":1.5}"#.to_string())),
                (4, 1, Some(10), Some("usr1".to_string()), V::Integer(7), None, None),
                (0, 0, None, None, V::Null, None, None),
            ]
        );
        assert!(read(&conn).is_empty(), "nothing is served outside serve()");
        let declared: i64 =
            conn.query_row(&format!("SELECT count(*) FROM pragma_table_info('{TABLE}')"), [], |r| r.get(0)).unwrap();
        assert_eq!(declared as usize, 3 + max_columns() + 1);
    }

    #[test]
    fn the_select_list_reads_an_event_tables_columns_in_order() {
        assert_eq!(select_list(2), "file_id, line, ts_us, v0, v1");
    }
}
