//! Shared helpers for the integration tests: a temporary directory to put archives in, a way to
//! run the built binary with a clean environment, and SQL access to the resulting database.
//! (Modelled on ripgrep's tests/util.rs.)
#![allow(dead_code)]

pub mod catalog;

use qmp_ingest::catalog::EVENTS;
use qmp_ingest::store::SPAN_ROWS;
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A temporary directory holding inputs and a database `events.db`.
pub struct Dir {
    pub tmp: tempfile::TempDir,
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// The `--json` summary.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }
}

impl Dir {
    pub fn new() -> Dir {
        Dir { tmp: tempfile::tempdir().expect("tempdir") }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    pub fn db(&self) -> PathBuf {
        self.join("events.db")
    }

    /// Writes `contents` to `rel`, creating directories.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Appends `contents` to `rel`.
    pub fn append(&self, rel: &str, contents: impl AsRef<[u8]>) {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().append(true).create(true).open(self.join(rel)).unwrap();
        f.write_all(contents.as_ref()).unwrap();
    }

    /// A command for the binary in this directory, with a clean environment.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_qmp-ingest"));
        cmd.current_dir(self.path()).env_clear().env("PATH", std::env::var_os("PATH").unwrap_or_default());
        cmd.stdin(Stdio::null());
        cmd
    }

    /// Runs the binary with `args` (and `--db events.db` unless `args` has `--db`).
    pub fn run(&self, args: &[&str]) -> Run {
        let mut cmd = self.command();
        cmd.args(args);
        if !args.contains(&"--db") {
            cmd.arg("--db").arg(self.db());
        }
        Run::from(cmd.output().expect("run qmp-ingest"))
    }

    /// Runs the binary with `input` on standard input.
    pub fn run_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        use std::io::Write;
        let mut cmd = self.command();
        cmd.args(args).arg("--db").arg(self.db()).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn");
        let mut stdin = child.stdin.take().unwrap();
        let data = input.to_vec();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&data);
        });
        let out = child.wait_with_output().expect("wait");
        writer.join().unwrap();
        Run::from(out)
    }

    /// Starts an import of `args` into this directory's database, without waiting for it.
    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command()
            .args(args)
            .arg("--db")
            .arg(self.db())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// Waits until the registry shows more than `bytes` ingested, or `child` exits (false then).
    pub fn wait_for_progress(&self, child: &mut Child, bytes: i64) -> bool {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                return false;
            }
            if self.db().exists()
                && let Ok(conn) = Connection::open_with_flags(self.db(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                && let Ok(done) =
                    conn.query_row("SELECT coalesce(sum(ingested_bytes), 0) FROM files", [], |r| r.get::<_, i64>(0))
                && done > bytes
            {
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }

    /// Opens the database read-only.
    pub fn conn(&self) -> Connection {
        Connection::open_with_flags(self.db(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open db")
    }

    /// One integer from `sql`.
    pub fn count(&self, sql: &str) -> i64 {
        self.conn().query_row(sql, [], |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Every row of `sql` with each value rendered as text (NULL as "NULL"), for comparisons.
    pub fn rows(&self, sql: &str) -> Vec<Vec<String>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        let n = stmt.column_count();
        stmt.query_map([], |row| {
            (0..n)
                .map(|i| {
                    Ok(match row.get_ref(i)? {
                        rusqlite::types::ValueRef::Null => "NULL".to_string(),
                        rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                        rusqlite::types::ValueRef::Real(v) => format!("{v:?}"),
                        rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                        rusqlite::types::ValueRef::Blob(b) => {
                            format!("x'{}'", b.iter().map(|x| format!("{x:02x}")).collect::<String>())
                        }
                    })
                })
                .collect()
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    }

    /// Every table's rows (event tables, unknown_events, rejects) as one comparable dump,
    /// without the `files` registry.
    pub fn dump(&self) -> Vec<(String, Vec<Vec<String>>)> {
        let tables: Vec<Vec<String>> =
            // `event_spans` is derived from the rows and cut where batches end, so it is left out,
            // and so is `event_days`, derived from them (check_spans proves both agree with the
            // rows), and `vm_hours`, set from them (assert_hours_cover_rows); so are the lake's marks.
            self.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('files', 'event_spans', 'pruned_events', 'event_days', 'vm_hours') AND name NOT LIKE 'lake_%' ORDER BY name");
        tables
            .into_iter()
            .map(|t| {
                let name = t[0].clone();
                let rows = self.rows(&format!("SELECT * FROM \"{name}\" ORDER BY file_id, line"));
                (name, rows)
            })
            .filter(|(_, rows)| !rows.is_empty())
            .collect()
    }

    /// Total rows over event tables, unknown_events and rejects.
    pub fn total_rows(&self) -> usize {
        self.dump().iter().map(|(_, rows)| rows.len()).sum()
    }
}

/// A QEMU-formatted event line with CRLF.
pub fn qemu_line(seconds: i64, micros: i64, event: &str, data: Option<&str>) -> String {
    match data {
        Some(d) => format!(
            "{{\"timestamp\": {{\"seconds\": {seconds}, \"microseconds\": {micros}}}, \"event\": \"{event}\", \"data\": {d}}}\r\n"
        ),
        None => format!(
            "{{\"timestamp\": {{\"seconds\": {seconds}, \"microseconds\": {micros}}}, \"event\": \"{event}\"}}\r\n"
        ),
    }
}

/// Where the first half of `archive` ends at a line end: the length of a prefix that a later
/// append of the rest makes a grown file.
pub fn half_at_line_end(archive: &[u8]) -> usize {
    archive[..archive.len() / 2].iter().rposition(|&b| b == b'\n').unwrap() + 1
}

/// A deterministic archive of `lines` realistic QEMU event lines (CRLF), about 150 bytes each,
/// with a sprinkle of greetings, blanks, unknown events and one bad line every 997.
pub fn archive(lines: usize, seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(lines * 160);
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    for i in 0..lines {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let secs = 1_764_000_000 + i as i64;
        let us = (x % 1_000_000) as i64;
        let line = match (i % 997 == 996, x % 10) {
            (true, _) => "{\"event\": \"QUORUM_FAILURE\", \"data\": {\"sector-num\": \"oops\"}}\r\n".to_string(),
            (_, 0) => qemu_line(
                secs,
                us,
                "JOB_STATUS_CHANGE",
                Some(&format!("{{\"status\": \"running\", \"id\": \"job{}\"}}", x % 7)),
            ),
            (_, 1) => qemu_line(
                secs,
                us,
                "BLOCK_JOB_COMPLETED",
                Some(&format!(
                    "{{\"device\": \"drive{}\", \"len\": {}, \"offset\": {}, \"speed\": 0, \"type\": \"mirror\"}}",
                    x % 3,
                    x % 1_000_000_007,
                    x % 1_000_000_007
                )),
            ),
            (_, 2) => {
                qemu_line(secs, us, "BALLOON_CHANGE", Some(&format!("{{\"actual\": {}}}", (x % 8192) * 1_048_576)))
            }
            (_, 3) => qemu_line(
                secs,
                us,
                "QUORUM_FAILURE",
                Some(&format!(
                    "{{\"reference\": \"node{}\", \"sector-num\": {}, \"sectors-count\": {}}}",
                    x % 5,
                    x % 100_000,
                    x % 64
                )),
            ),
            (_, 4) => qemu_line(secs, us, "STOP", None),
            (_, 5) => qemu_line(secs, us, "RESUME", None),
            (_, 6) => qemu_line(
                secs,
                us,
                "MIGRATION",
                Some(&format!("{{\"status\": \"{}\"}}", ["setup", "active", "completed", "failed"][(x % 4) as usize])),
            ),
            (_, 7) => qemu_line(
                secs,
                us,
                "GUEST_PANICKED",
                Some(&format!(
                    "{{\"action\": \"pause\", \"info\": {{\"type\": \"hyper-v\", \"arg1\": {}, \"arg2\": 1, \"arg3\": 2, \"arg4\": 3, \"arg5\": 4}}}}",
                    u64::MAX - x % 1000
                )),
            ),
            (_, 8) => format!(
                "{{\"event\": \"X_VENDOR_EVENT\", \"data\": {{\"n\": {}}}, \"timestamp\": {{\"seconds\": {secs}, \"microseconds\": {us}}}}}\r\n",
                x % 100
            ),
            _ => qemu_line(
                secs,
                us,
                "DEVICE_DELETED",
                Some(&format!("{{\"path\": \"/machine/peripheral/net{}\", \"device\": \"net{}\"}}", x % 9, x % 9)),
            ),
        };
        out.extend_from_slice(line.as_bytes());
    }
    out
}

/// `event_spans` (migration 0004) holds: every event row is in exactly one span, each span's
/// bounds and count are its rows', and the counts and time bounds per file, day and event
/// (`event_counts`, from `event_days`) are the tables' own.
pub fn assert_spans_agree(conn: &Connection) {
    for def in EVENTS.iter() {
        let (t, e) = (def.table, def.name);
        let rows: i64 = conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap();
        let joined: i64 = conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM {t} AS t JOIN event_spans AS s ON s.event = '{e}'
                     AND t.rowid BETWEEN s.first_rowid AND s.last_rowid AND t.file_id = s.file_id"
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        let orphans: i64 = conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM {t} AS t WHERE NOT EXISTS (SELECT 1 FROM event_spans AS s WHERE s.event = '{e}'
                     AND t.rowid BETWEEN s.first_rowid AND s.last_rowid AND t.file_id = s.file_id)"
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!((joined, orphans), (rows, 0), "{t}: rows in spans (joined, orphans) vs {rows} rows");
        // Each span's recorded bounds are exactly those of its rows, and it stays in one hour.
        let wrong: i64 = conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM (SELECT s.id FROM event_spans AS s JOIN {t} AS t
                       ON t.rowid BETWEEN s.first_rowid AND s.last_rowid AND t.file_id = s.file_id
                     WHERE s.event = '{e}' GROUP BY s.id
                     HAVING count(*) != s.rows OR min(t.line) != s.first_line OR max(t.line) != s.last_line
                        OR min(t.ts_us) IS NOT s.first_us OR max(t.ts_us) IS NOT s.last_us
                        OR min(t.ts_us / 3600000000) IS NOT s.hour OR max(t.ts_us / 3600000000) IS NOT s.hour
                        OR s.rows > {SPAN_ROWS}
                        OR s.vm != (SELECT label FROM files WHERE id = s.file_id))"
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(wrong, 0, "{t}: spans whose bounds or counts are not their rows'");
        let bounds = |sql: &str| count_map::<Option<String>>(conn, sql);
        assert_eq!(
            bounds(&format!("SELECT file_id, day, first_us || '..' || last_us FROM event_counts WHERE event = '{e}'")),
            bounds(&format!(
                "SELECT file_id, date(ts_us / 1000000, 'unixepoch'), min(ts_us) || '..' || max(ts_us) FROM {t} GROUP BY 1, 2"
            )),
            "event_counts' time bounds of {e}"
        );
    }
    assert_day_counts_agree(conn);
    assert_hours_cover_rows(conn);
}

/// For each VM and UTC hour, the bits of the event tables with rows then, from the rows
/// themselves: what `vm_hours.event_bits` (migration 0012) must have set.
pub fn hour_bits_of_rows(conn: &Connection) -> BTreeMap<(String, i64), i64> {
    let mut bits = BTreeMap::new();
    for def in EVENTS.iter() {
        let sql = format!(
            "SELECT DISTINCT f.label, t.ts_us / 3600000000 FROM {} AS t JOIN files AS f ON f.id = t.file_id
             WHERE t.ts_us IS NOT NULL",
            def.table
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        for key in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap() {
            *bits.entry(key.unwrap()).or_insert(0) |= 1i64 << def.index;
        }
    }
    bits
}

/// `vm_hours` as stored.
pub fn hour_bits(conn: &Connection) -> BTreeMap<(String, i64), i64> {
    let mut stmt = conn.prepare("SELECT vm, hour, event_bits FROM vm_hours").unwrap();
    stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?))).unwrap().map(Result::unwrap).collect()
}

/// Every table with a row of a VM in an hour has its bit set in `vm_hours` for them (a set bit
/// without rows is allowed: deleted rows leave theirs).
pub fn assert_hours_cover_rows(conn: &Connection) {
    let stored = hour_bits(conn);
    for (key, bits) in hour_bits_of_rows(conn) {
        let have = stored.get(&key).copied().unwrap_or(0);
        assert_eq!(have & bits, bits, "vm_hours {key:?}: bits {have:#x} lack some of the rows' {bits:#x}");
    }
}

/// The counts per file, day and event (`event_counts`, `events_per_vm_day`) are the tables' own,
/// also after rows were deleted by hand (the triggers of migration 0010).
pub fn assert_day_counts_agree(conn: &Connection) {
    let mut typed = 0;
    for def in EVENTS.iter() {
        let (t, e) = (def.table, def.name);
        let real = count_map::<i64>(
            conn,
            &format!("SELECT file_id, date(ts_us / 1000000, 'unixepoch'), count(*) FROM {t} GROUP BY 1, 2"),
        );
        let summary =
            count_map::<i64>(conn, &format!("SELECT file_id, day, events FROM event_counts WHERE event = '{e}'"));
        assert_eq!(summary, real, "event_counts of {e}");
        typed += conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get::<_, i64>(0)).unwrap();
    }
    let all: i64 = conn.query_row("SELECT count(*) FROM all_events", [], |r| r.get(0)).unwrap();
    let per_vm: i64 =
        conn.query_row("SELECT coalesce(sum(events), 0) FROM events_per_vm_day", [], |r| r.get(0)).unwrap();
    assert_eq!((all, per_vm), (typed, typed), "all_events and events_per_vm_day vs the tables");
}

fn count_map<V: rusqlite::types::FromSql>(conn: &Connection, sql: &str) -> BTreeMap<(i64, Option<String>), V> {
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap()
}
