//! Watermark: how far each table of a host has been exported to a lake (`lake_watermarks`),
//! whether that mark still describes the database (rowids change after VACUUM), and which
//! partitions hold rows past it — the only ones a re-run rewrites.

use super::period::{Partition, Period};
use super::schema::{LakeTable, Layout};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeSet;

/// The exported state of one table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mark {
    /// Rows up to this rowid are in the lake.
    pub max_rowid: i64,
    /// How many rows that was.
    pub row_count: i64,
    /// `file_id` and `line` of the row at `max_rowid`.
    pub last: Option<(i64, i64)>,
    /// `files`: a hash of every row.
    pub digest: Option<String>,
}

/// What an export of one table has to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Nothing changed.
    Unchanged,
    /// Rewrite these partitions (sorted); every other file stays.
    Partitions(Vec<Partition>),
    /// Rewrite every partition and remove this host's files of partitions that no longer have rows.
    Everything,
}

impl Plan {
    /// This plan, also rewriting the partitions of `missing`: this host's files of `table` that
    /// the last export wrote and the lake no longer has (deleted by hand, lost with a disk).
    pub fn restoring(self, table: &LakeTable, period: Period, missing: &[&String]) -> Plan {
        if missing.is_empty() || self == Plan::Everything {
            return self;
        }
        let mut parts: BTreeSet<Partition> = match self {
            Plan::Partitions(parts) => parts.into_iter().collect(),
            Plan::Unchanged | Plan::Everything => BTreeSet::new(),
        };
        for path in missing {
            // `<table>/<period>=…/<host>.parquet`; the registry's single file is rewritten whole.
            let dir = path.split('/').nth(1).filter(|_| table.layout != Layout::Single);
            match dir.and_then(|dir| period.partition_of_dir(dir)) {
                Some(part) => parts.insert(part),
                None => return Plan::Everything,
            };
        }
        Plan::Partitions(parts.into_iter().collect())
    }
}

/// Where the watermarks of one lake and host live.
pub struct Marks<'c> {
    conn: &'c Connection,
    lake: String,
    host: String,
}

impl<'c> Marks<'c> {
    /// The watermarks of `host` in `lake`, in the database behind `conn`.
    pub fn new(conn: &'c Connection, lake: &str, host: &str) -> Marks<'c> {
        Marks { conn, lake: lake.to_string(), host: host.to_string() }
    }

    /// The stored mark of `table`.
    pub fn get(&self, table: &str) -> rusqlite::Result<Option<Mark>> {
        self.conn
            .query_row(
                "SELECT max_rowid, row_count, last_file_id, last_line, digest FROM lake_watermarks
                 WHERE lake = ?1 AND host = ?2 AND tbl = ?3",
                params![self.lake, self.host, table],
                |r| {
                    let last = match (r.get::<_, Option<i64>>(2)?, r.get::<_, Option<i64>>(3)?) {
                        (Some(f), Some(l)) => Some((f, l)),
                        _ => None,
                    };
                    Ok(Mark { max_rowid: r.get(0)?, row_count: r.get(1)?, last, digest: r.get(4)? })
                },
            )
            .optional()
    }

    /// This host's files of `table` the last export left in the lake (paths from its root);
    /// `None` when no export recorded them (none yet, or one by a release before schema 7).
    pub fn files(&self, table: &str) -> rusqlite::Result<Option<BTreeSet<String>>> {
        let text: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT files FROM lake_watermarks WHERE lake = ?1 AND host = ?2 AND tbl = ?3",
                params![self.lake, self.host, table],
                |r| r.get(0),
            )
            .optional()?;
        Ok(text.flatten().map(|t| t.lines().map(str::to_string).collect()))
    }

    /// Records that `table`'s files, `files`, now hold everything up to `mark`.
    pub fn set(&self, table: &str, mark: &Mark, files: &BTreeSet<String>) -> rusqlite::Result<()> {
        let files = files.iter().map(String::as_str).collect::<Vec<_>>().join("\n");
        self.conn.execute(
            "INSERT OR REPLACE INTO lake_watermarks
               (lake, host, tbl, max_rowid, row_count, last_file_id, last_line, digest, files)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                self.lake,
                self.host,
                table,
                mark.max_rowid,
                mark.row_count,
                mark.last.map(|l| l.0),
                mark.last.map(|l| l.1),
                mark.digest,
                files
            ],
        )?;
        Ok(())
    }
}

/// The mark `table` has now, read through `conn` (the export's read transaction).
pub fn current(conn: &Connection, table: &LakeTable) -> rusqlite::Result<Mark> {
    if table.layout == Layout::Single {
        return Ok(Mark { digest: Some(digest(conn, table)?), ..Mark::default() });
    }
    let name = &table.name;
    let max_rowid: i64 =
        conn.query_row(&format!("SELECT coalesce(max(rowid), 0) FROM \"{name}\""), [], |r| r.get(0))?;
    let row_count: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| r.get(0))?;
    Ok(Mark { max_rowid, row_count, last: row_at(conn, name, max_rowid)?, digest: None })
}

fn row_at(conn: &Connection, table: &str, rowid: i64) -> rusqlite::Result<Option<(i64, i64)>> {
    conn.query_row(&format!("SELECT file_id, line FROM \"{table}\" WHERE rowid = ?1"), [rowid], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
}

/// A hash of every value of `table` in file order (for `files`, whose rows change in place).
fn digest(conn: &Connection, table: &LakeTable) -> rusqlite::Result<String> {
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    let mut stmt = conn.prepare(&table.select(None))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        for i in 0..table.sql_columns.len() {
            match row.get_ref(i)? {
                ValueRef::Null => hash.update(b"n"),
                ValueRef::Integer(v) => {
                    hash.update(b"i");
                    hash.update(&v.to_le_bytes());
                }
                ValueRef::Real(v) => {
                    hash.update(b"r");
                    hash.update(&v.to_le_bytes());
                }
                ValueRef::Text(t) | ValueRef::Blob(t) => {
                    hash.update(b"t");
                    hash.update(&(t.len() as u64).to_le_bytes());
                    hash.update(t);
                }
            }
        }
    }
    Ok(format!("{:032x}", hash.digest128()))
}

/// What to write for `table`, whose mark is `now`, when the lake holds `stored`.
pub fn plan(
    conn: &Connection,
    table: &LakeTable,
    period: Period,
    stored: Option<&Mark>,
    now: &Mark,
) -> rusqlite::Result<Plan> {
    let Some(stored) = stored else { return Ok(Plan::Everything) };
    if table.layout == Layout::Single {
        return Ok(if stored.digest == now.digest { Plan::Unchanged } else { Plan::Everything });
    }
    let name = &table.name;
    if stored.max_rowid > 0 {
        let still: i64 =
            conn.query_row(&format!("SELECT count(*) FROM \"{name}\" WHERE rowid <= ?1"), [stored.max_rowid], |r| {
                r.get(0)
            })?;
        if still != stored.row_count || row_at(conn, name, stored.max_rowid)? != stored.last {
            return Ok(Plan::Everything);
        }
    } else if stored.row_count != 0 {
        return Ok(Plan::Everything);
    }
    if now.max_rowid == stored.max_rowid {
        return Ok(Plan::Unchanged);
    }
    let mut parts = BTreeSet::new();
    match table.layout {
        Layout::ByTime(ts) => {
            let column = &table.sql_columns[ts];
            let mut stmt = conn.prepare(&format!("SELECT \"{column}\" FROM \"{name}\" WHERE rowid > ?1"))?;
            let mut rows = stmt.query([stored.max_rowid])?;
            while let Some(row) = rows.next()? {
                parts.insert(period.partition(row.get(0)?));
            }
        }
        Layout::Untimed | Layout::Single => {
            parts.insert(Partition::None);
        }
    }
    Ok(Plan::Partitions(parts.into_iter().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        for (_, sql) in crate::store::MIGRATIONS {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO files (path, label, fingerprint, fingerprint_len, first_import, last_import)
               VALUES ('/a', 'vm-a', 'x', 0, 't', 't');
             INSERT INTO unknown_events (file_id, line, ts_us, event) VALUES (1, 1, 0, 'A'), (1, 2, NULL, 'B');",
        )
        .unwrap();
        conn
    }

    #[test]
    fn plans_follow_new_rows_and_notice_renumbered_rowids() {
        let conn = db();
        let table = LakeTable::introspected(&conn, "unknown_events").unwrap();
        let marks = Marks::new(&conn, "/lake", "hv01");
        let now = current(&conn, &table).unwrap();
        assert_eq!((now.max_rowid, now.row_count, now.last), (2, 2, Some((1, 2))));
        assert_eq!(plan(&conn, &table, Period::Month, None, &now).unwrap(), Plan::Everything);
        marks.set("unknown_events", &now, &BTreeSet::new()).unwrap();
        let stored = marks.get("unknown_events").unwrap().unwrap();
        assert_eq!(stored, now);
        assert_eq!(plan(&conn, &table, Period::Month, Some(&stored), &now).unwrap(), Plan::Unchanged);
        assert!(Marks::new(&conn, "/other", "hv01").get("unknown_events").unwrap().is_none());

        conn.execute("INSERT INTO unknown_events (file_id, line, ts_us, event) VALUES (1, 3, 86400000000, 'C')", [])
            .unwrap();
        let now = current(&conn, &table).unwrap();
        let Plan::Partitions(parts) = plan(&conn, &table, Period::Day, Some(&stored), &now).unwrap() else {
            panic!("expected partitions")
        };
        assert_eq!(parts, vec![Period::Day.partition(Some(86_400_000_000))]);

        // The row at the mark changes (what VACUUM's renumbering does): rebuild.
        conn.execute("UPDATE unknown_events SET line = 99 WHERE rowid = 2", []).unwrap();
        assert_eq!(plan(&conn, &table, Period::Day, Some(&stored), &now).unwrap(), Plan::Everything);
        conn.execute("UPDATE unknown_events SET line = 2 WHERE rowid = 2", []).unwrap();
        conn.execute("DELETE FROM unknown_events WHERE rowid = 1", []).unwrap();
        assert_eq!(plan(&conn, &table, Period::Day, Some(&stored), &now).unwrap(), Plan::Everything);
    }

    #[test]
    fn the_registry_is_compared_by_content() {
        let conn = db();
        let table = LakeTable::introspected(&conn, "files").unwrap();
        let before = current(&conn, &table).unwrap();
        assert_eq!(plan(&conn, &table, Period::Month, Some(&before), &before).unwrap(), Plan::Unchanged);
        conn.execute("UPDATE files SET lines = lines + 1", []).unwrap();
        let after = current(&conn, &table).unwrap();
        assert_ne!(before.digest, after.digest);
        assert_eq!(plan(&conn, &table, Period::Month, Some(&before), &after).unwrap(), Plan::Everything);
    }
}
