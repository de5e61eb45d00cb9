//! Spans: the small zone map of the event tables (`event_spans`, migration 0004), built as rows
//! are inserted and written just before their transaction commits ([`PendingSpans`]).
//!
//! A span is a run of at most [`SPAN_ROWS`] rows of one event table that were inserted one after
//! the other (consecutive rowids) from one source file, all with a `ts_us` in the same UTC hour
//! (or all without one), and few enough for the time they cover ([`SPAN_ROW_TIME_US`]). It
//! records the rowid, line and `ts_us` bounds and the row count, so `all_events` finds a VM's
//! rows, and a query a time window's rows, by rowid ranges instead of scanning every table. The
//! cost is one small row per span: the per-row work here is a few comparisons.
//!
//! The same pass counts the rows per event and UTC day (`event_days`, migration 0010), which
//! `event_counts` and `events_per_vm_day` read: an upsert per file, event and day at each commit;
//! and it sets, per VM and UTC hour, the bit of each event table with rows then (`vm_hours`,
//! migration 0012), which the fleet-wide moment questions test before they look up any span.

use crate::catalog::EVENTS;
use crate::store::insert::{Param, Raw};
use rusqlite::Connection;

/// Most rows in one span: small enough that a time window reads few rows outside it, large
/// enough that spans stay a small fraction of the rows.
pub const SPAN_ROWS: u64 = 64;

/// A span ends when its rows times the time they cover would reach this (two hours): 64 rows
/// cover at most about two minutes, 3 rows 40 minutes. A window of a few seconds then reads few
/// rows outside it even in a busy table, and a quiet table still has about one span an hour.
/// Measured on a 1 GiB archive (32 VMs): 583 k spans instead of 265 k (with migration 0010's
/// index change, +12 % database), and the rows read for the 30 s before each failed migration
/// down from 5.3 M to about 1.5 M.
pub const SPAN_ROW_TIME_US: i64 = 7_200_000_000;

const HOUR_US: i64 = 3_600_000_000;

/// The UTC (hour, day) of a timestamp, as the migration's SQL computes them: the hour is
/// `ts_us / 3600000000` (SQLite's integer division truncates like Rust's), the day is that of
/// `date(ts_us / 1000000, 'unixepoch')`, a whole number of days since 1970.
fn bucket(ts_us: Option<i64>) -> Option<(i64, i64)> {
    ts_us.map(|ts| (ts / HOUR_US, (ts / 1_000_000).div_euclid(86_400)))
}

/// One span being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    table: usize,
    bucket: Option<(i64, i64)>,
    first_rowid: i64,
    last_rowid: i64,
    first_line: u64,
    last_line: u64,
    first_us: Option<i64>,
    last_us: Option<i64>,
    rows: u64,
}

impl Span {
    fn new(table: usize, rowid: i64, line: u64, ts_us: Option<i64>) -> Span {
        Span {
            table,
            bucket: bucket(ts_us),
            first_rowid: rowid,
            last_rowid: rowid,
            first_line: line,
            last_line: line,
            first_us: ts_us,
            last_us: ts_us,
            rows: 1,
        }
    }

    /// Takes the row in if it continues this span.
    fn extend(&mut self, rowid: i64, line: u64, ts_us: Option<i64>) -> bool {
        if self.rows >= SPAN_ROWS || rowid != self.last_rowid + 1 || bucket(ts_us) != self.bucket {
            return false;
        }
        if let (Some(first), Some(last), Some(ts)) = (self.first_us, self.last_us, ts_us) {
            let covered = last.max(ts) - first.min(ts);
            if (self.rows as i64).saturating_mul(covered) >= SPAN_ROW_TIME_US {
                return false;
            }
        }
        self.last_rowid = rowid;
        self.first_line = self.first_line.min(line);
        self.last_line = self.last_line.max(line);
        self.first_us = self.first_us.min(ts_us);
        self.last_us = self.last_us.max(ts_us);
        self.rows += 1;
        true
    }
}

/// The rows of one event table and UTC day (days since 1970; `None`: without `ts_us`) among a
/// batch's spans, for `event_days`.
struct DayCount {
    table: usize,
    day: Option<i64>,
    events: i64,
    first_us: Option<i64>,
    last_us: Option<i64>,
}

/// The bit of event table `table` in `vm_hours.event_bits`: its catalog position, as
/// `all_events.event_bit` (migration 0012). The 60 events fit one INTEGER.
fn event_bit(table: usize) -> i64 {
    1 << table
}

const _: () = assert!(EVENTS.len() <= 63, "vm_hours.event_bits holds the bits of 63 events at most");

/// The spans of one batch of one source file.
#[derive(Debug)]
pub struct Spans {
    open: Vec<Option<Span>>,
    done: Vec<Span>,
}

impl Default for Spans {
    fn default() -> Self {
        Spans::new()
    }
}

impl Spans {
    /// No spans yet.
    pub fn new() -> Spans {
        Spans { open: vec![None; EVENTS.len()], done: Vec::new() }
    }

    /// Records that row `rowid` of event table `table` (an index into `EVENTS`) holds `line`.
    #[inline]
    pub fn add(&mut self, table: usize, rowid: i64, line: u64, ts_us: Option<i64>) {
        let slot = &mut self.open[table];
        if let Some(span) = slot
            && span.extend(rowid, line, ts_us)
        {
            return;
        }
        if let Some(full) = slot.replace(Span::new(table, rowid, line, ts_us)) {
            self.done.push(full);
        }
    }

    /// Writes the spans of source `file_id` (their VM is its label) in transaction `tx`, in the
    /// order of the index they are looked up by (event, hour).
    fn write(&mut self, tx: &Connection, file_id: i64) -> rusqlite::Result<()> {
        self.done.extend(self.open.iter_mut().filter_map(Option::take));
        if self.done.is_empty() {
            return Ok(());
        }
        self.done.sort_unstable_by_key(|s| (s.table, s.bucket, s.first_rowid));
        let vm: String =
            tx.prepare_cached("SELECT label FROM files WHERE id = ?1")?.query_row([file_id], |r| r.get(0))?;
        let mut insert = Raw::prepare(
            tx,
            "INSERT INTO event_spans (event, vm, file_id, day, hour, first_rowid, last_rowid, first_line, last_line,
                first_us, last_us, rows)
             VALUES (?1, ?2, ?3, date(?4 * 86400, 'unixepoch'), ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        for s in &self.done {
            insert.execute(&[
                Param::Text(EVENTS[s.table].name),
                Param::Text(&vm),
                Param::Int(file_id),
                s.bucket.map(|b| b.1).into(),
                s.bucket.map(|b| b.0).into(),
                Param::Int(s.first_rowid),
                Param::Int(s.last_rowid),
                Param::Int(s.first_line as i64),
                Param::Int(s.last_line as i64),
                s.first_us.into(),
                s.last_us.into(),
                Param::Int(s.rows as i64),
            ])?;
        }
        self.write_days(tx, file_id)?;
        self.write_hours(tx, &vm)
    }

    /// Sets the bits of this batch's tables in `vm_hours`, one upsert per hour of `vm`.
    fn write_hours(&self, tx: &Connection, vm: &str) -> rusqlite::Result<()> {
        let mut hours: Vec<(i64, i64)> =
            self.done.iter().filter_map(|s| Some((s.bucket?.0, event_bit(s.table)))).collect();
        hours.sort_unstable_by_key(|h| h.0);
        hours.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 |= later.1;
            }
            same
        });
        let mut upsert = Raw::prepare(
            tx,
            "INSERT INTO vm_hours (vm, hour, event_bits) VALUES (?1, ?2, ?3)
             ON CONFLICT (vm, hour) DO UPDATE SET event_bits = event_bits | excluded.event_bits",
        )?;
        for &(hour, bits) in &hours {
            upsert.execute(&[Param::Text(vm), Param::Int(hour), Param::Int(bits)])?;
        }
        Ok(())
    }

    /// Adds the rows of this batch's spans to `event_days`, one upsert per event and day.
    fn write_days(&self, tx: &Connection, file_id: i64) -> rusqlite::Result<()> {
        // The spans are in (table, hour) order, so each table's days follow one another.
        let mut days: Vec<DayCount> = Vec::new();
        for s in &self.done {
            let day = s.bucket.map(|b| b.1);
            match days.last_mut() {
                Some(d) if d.table == s.table && d.day == day => {
                    d.events += s.rows as i64;
                    d.first_us = d.first_us.min(s.first_us);
                    d.last_us = d.last_us.max(s.last_us);
                }
                _ => days.push(DayCount {
                    table: s.table,
                    day,
                    events: s.rows as i64,
                    first_us: s.first_us,
                    last_us: s.last_us,
                }),
            }
        }
        let mut upsert = Raw::prepare(
            tx,
            "INSERT INTO event_days (file_id, event, day, events, first_us, last_us)
             VALUES (?1, ?2, coalesce(date(?3 * 86400, 'unixepoch'), ''), ?4, ?5, ?6)
             ON CONFLICT (file_id, event, day) DO UPDATE SET events = events + excluded.events,
                first_us = min(first_us, excluded.first_us), last_us = max(last_us, excluded.last_us)",
        )?;
        for d in &days {
            upsert.execute(&[
                Param::Int(file_id),
                Param::Text(EVENTS[d.table].name),
                d.day.into(),
                Param::Int(d.events),
                d.first_us.into(),
                d.last_us.into(),
            ])?;
        }
        Ok(())
    }
}

/// The spans of the open transaction, per source file (`files.id` of the rows).
///
/// A file's spans go on from one batch to the next (its rows continue each table's rowids when
/// no other file's rows came between), and they are written once, just before the transaction
/// commits: fewer, fuller spans, inserted in index order. Rolled back with the transaction.
#[derive(Debug, Default)]
pub struct PendingSpans {
    files: Vec<(i64, Spans)>,
}

impl PendingSpans {
    /// Where the spans of `file_id`'s rows are built: the slot to [`PendingSpans::add`] them to.
    pub fn slot(&mut self, file_id: i64) -> usize {
        self.files.iter().position(|(id, _)| *id == file_id).unwrap_or_else(|| {
            self.files.push((file_id, Spans::new()));
            self.files.len() - 1
        })
    }

    /// Records that row `rowid` of event table `table`, from the file of `slot`, holds `line`.
    #[inline]
    pub fn add(&mut self, slot: usize, table: usize, rowid: i64, line: u64, ts_us: Option<i64>) {
        self.files[slot].1.add(table, rowid, line, ts_us);
    }

    /// Writes every pending span in transaction `tx` (before it commits) and forgets them.
    pub fn write(&mut self, tx: &Connection) -> rusqlite::Result<()> {
        for (file_id, spans) in &mut self.files {
            spans.write(tx, *file_id)?;
        }
        self.files.clear();
        Ok(())
    }

    /// Forgets every pending span (their transaction was rolled back).
    pub fn clear(&mut self) {
        self.files.clear();
    }
}

/// The spans of `event`'s table built from its rows, as migration 0004 first built them: its
/// `INSERT INTO event_spans … SELECT '<event>', …` statement (one source for the rule).
fn rebuild_sql(event: &str) -> Option<&'static str> {
    let migration = crate::store::MIGRATIONS.iter().find(|(name, _)| name.starts_with("0004"))?.1;
    let head = format!("SELECT '{event}', ");
    migration.split_inclusive(';').find(|statement| is_rebuild(statement) && statement.contains(&head))
}

/// Whether one `;`-ended piece of a migration (comments before it included) is one of 0004's
/// `INSERT INTO event_spans … SELECT`, which build the spans of rows already in a table.
pub fn is_rebuild(statement: &str) -> bool {
    let code = statement.lines().map(str::trim_start).find(|line| !line.is_empty() && !line.starts_with("--"));
    code.is_some_and(|line| line.starts_with("INSERT INTO event_spans ")) && statement.contains("SELECT")
}

/// Rebuilds the spans of every event table whose rows no longer match them, and returns those
/// tables. The importer only appends and the delete triggers (migration 0008) keep the spans of
/// pruned rows exact, so the last span of a table always ends at its largest rowid; but `VACUUM`
/// after deletes may renumber the rows of tables without an `INTEGER PRIMARY KEY`, which moves
/// the largest rowid below the spans' end. That is checked for the tables that had rows deleted
/// (`pruned_events`, kept by the triggers; none in a database only the importer wrote), and such
/// a table's spans are built again from its rows, and its counts per day (`event_days`) from them.
pub fn repair(conn: &Connection) -> rusqlite::Result<Vec<&'static str>> {
    let mut repaired = Vec::new();
    let pruned: Vec<String> =
        conn.prepare("SELECT event FROM pruned_events")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    for def in EVENTS.iter().filter(|def| pruned.iter().any(|p| p == def.name)) {
        let max_rowid: Option<i64> =
            conn.query_row(&format!("SELECT max(rowid) FROM {}", def.table), [], |r| r.get(0))?;
        let spans_end: Option<i64> =
            conn.query_row("SELECT max(last_rowid) FROM event_spans WHERE event = ?1", [def.name], |r| r.get(0))?;
        if max_rowid == spans_end {
            continue;
        }
        let Some(sql) = rebuild_sql(def.name) else { continue };
        conn.execute("DELETE FROM event_spans WHERE event = ?1", [def.name])?;
        conn.execute_batch(sql)?;
        // The counts per day stayed right through the deletes; their time bounds become exact.
        conn.execute("DELETE FROM event_days WHERE event = ?1", [def.name])?;
        conn.execute(
            "INSERT INTO event_days (file_id, event, day, events, first_us, last_us)
             SELECT file_id, event, coalesce(day, ''), sum(rows), min(first_us), max(last_us)
             FROM event_spans WHERE event = ?1 GROUP BY file_id, coalesce(day, '')",
            [def.name],
        )?;
        // The table's hours keep their bits (rows deleted leave them set); its rebuilt spans'
        // hours get theirs, should a VM's rows have moved to another one.
        conn.execute(
            "INSERT INTO vm_hours (vm, hour, event_bits)
             SELECT vm, hour, ?2 FROM event_spans WHERE event = ?1 AND hour IS NOT NULL GROUP BY vm, hour
             ON CONFLICT (vm, hour) DO UPDATE SET event_bits = event_bits | excluded.event_bits",
            rusqlite::params![def.name, event_bit(def.index)],
        )?;
        repaired.push(def.table);
    }
    Ok(repaired)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_has_its_rebuild_statement() {
        for def in EVENTS.iter() {
            let sql = rebuild_sql(def.name).unwrap_or_else(|| panic!("no rebuild statement for {}", def.name));
            assert!(sql.contains(&format!("FROM {} WINDOW", def.table)), "{}", def.name);
        }
    }

    fn spans(rows: &[(usize, i64, u64, Option<i64>)]) -> Vec<Span> {
        let mut s = Spans::new();
        for &(t, rowid, line, ts) in rows {
            s.add(t, rowid, line, ts);
        }
        s.done.extend(s.open.iter_mut().filter_map(Option::take));
        s.done
    }

    #[test]
    fn a_span_ends_at_an_hour_a_gap_in_rowids_or_its_size() {
        let h = HOUR_US;
        let got = spans(&[(0, 1, 1, Some(10)), (0, 2, 2, Some(h - 1)), (0, 3, 3, Some(h)), (0, 5, 4, Some(h + 1))]);
        let shape: Vec<(i64, i64, u64)> = got.iter().map(|s| (s.first_rowid, s.last_rowid, s.rows)).collect();
        assert_eq!(shape, [(1, 2, 2), (3, 3, 1), (5, 5, 1)]);
        assert_eq!((got[0].first_us, got[0].last_us), (Some(10), Some(h - 1)));
        let many: Vec<_> = (1..=SPAN_ROWS as i64 + 1).map(|i| (3, i, i as u64, Some(7))).collect();
        let got = spans(&many);
        assert_eq!(got.iter().map(|s| s.rows).collect::<Vec<_>>(), [SPAN_ROWS, 1]);
    }

    #[test]
    fn a_span_ends_when_its_rows_times_its_time_reach_the_limit() {
        let s = 1_000_000;
        // 3 rows may cover 50 minutes; a fourth 58 minutes after the first does not join them
        // (3 × 58 min is more than two hours)...
        let quiet =
            [(0, 1, 1, Some(0)), (0, 2, 2, Some(1000 * s)), (0, 3, 3, Some(3000 * s)), (0, 4, 4, Some(3500 * s))];
        assert_eq!(spans(&quiet).iter().map(|s| s.rows).collect::<Vec<_>>(), [3, 1]);
        // ... and a busy table's span of 64 rows covers under two minutes.
        let busy: Vec<_> = (0..200).map(|i| (0, i + 1, i as u64 + 1, Some(i * s))).collect();
        let got = spans(&busy);
        assert!(
            got.iter()
                .all(|span| span.rows as i64 * (span.last_us.unwrap() - span.first_us.unwrap()) < SPAN_ROW_TIME_US)
        );
        assert!(got[..got.len() - 1].iter().all(|span| span.rows >= 60), "{got:?}");
        assert_eq!(got.iter().map(|s| s.rows).sum::<u64>(), 200);
    }

    #[test]
    fn rows_without_timestamp_share_spans_and_tables_never_mix() {
        let got = spans(&[(1, 1, 1, None), (2, 1, 2, Some(5)), (1, 2, 3, None), (1, 3, 4, Some(5))]);
        let shape: Vec<_> = got.iter().map(|s| (s.table, s.first_rowid, s.last_rowid, s.bucket)).collect();
        assert_eq!(shape, [(1, 1, 2, None), (1, 3, 3, Some((0, 0))), (2, 1, 1, Some((0, 0)))]);
    }

    #[test]
    fn buckets_agree_with_sqlite() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for ts in [0i64, 1, 3_599_999_999, 3_600_000_000, 1_795_478_436_128_802, -1, -86_400_000_001, -3_600_000_001] {
            let (hour, day): (i64, String) = conn
                .query_row("SELECT ?1 / 3600000000, date(?1 / 1000000, 'unixepoch')", [ts], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .unwrap();
            let (h, d) = bucket(Some(ts)).unwrap();
            let ours: String = conn.query_row("SELECT date(?1 * 86400, 'unixepoch')", [d], |r| r.get(0)).unwrap();
            assert_eq!((h, ours), (hour, day), "ts_us {ts}");
        }
    }
}
