//! Registry: the `files` table's notion of "which source is this, and where do we resume"
//! (README, "Nightly imports").
//!
//! A source is known by its path and by its content: a fingerprint of its first bytes. The rule
//! that keeps re-runs exactly-once without ever losing a line is *when in doubt, import*: a
//! duplicate can be found later, a skipped line cannot. So
//!
//! - the same path whose content still starts with what was imported is the same source
//!   (skipped when unchanged, resumed at `ingested_bytes` when it grew);
//! - content found under another path (a rotation, a move, a compressed or piped copy) is taken
//!   for a known source only when the prefix they share proves it: it holds an event's
//!   microsecond timestamp (the greeting and `{"return": {}}` that every VM of one QEMU release
//!   starts with prove nothing), or it is everything that was imported, compared byte for byte,
//!   and the two are labelled for the same VM;
//! - a copy of a source whose file is still in place is skipped only when its whole content is
//!   shown, byte for byte against that file, to be already imported. Otherwise the lines the two
//!   share are passed over and the rest is imported as a source of its own.

use crate::input::STDIN_LABEL;
use crate::source::{Fill, Opened, SourceError};
use crate::store::StoreError;
use rusqlite::{Connection, OptionalExtension, params};

/// How many leading bytes a fingerprint covers at most.
pub const FINGERPRINT_WINDOW: u64 = 64 * 1024;

/// The content fingerprint of `bytes`: xxh3-64 as 16 hex digits.
pub fn fingerprint(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// How many leading bytes the look-up fingerprint of a source with `ingested` bytes committed
/// (and `head` bytes at hand) covers: the largest power of two up to 64 KiB, so that look-ups by
/// content need only try 17 lengths. 0 while nothing is committed.
pub fn fingerprint_len(ingested: u64, head: usize) -> u64 {
    let most = ingested.min(head as u64).min(FINGERPRINT_WINDOW);
    if most == 0 { 0 } else { 1 << most.ilog2() }
}

/// How many leading bytes the exact head fingerprint covers: every byte committed, up to 64 KiB.
pub fn head_len(ingested: u64) -> u64 {
    ingested.min(FINGERPRINT_WINDOW)
}

/// A path as the registry keeps it: `text` (exact when the path is UTF-8, else with odd bytes
/// escaped) and, only for a path that is not UTF-8, its exact `bytes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryPath {
    /// `files.path`.
    pub text: String,
    /// `files.path_bytes`: the exact bytes of a path that is not valid UTF-8.
    pub bytes: Option<Vec<u8>>,
}

impl RegistryPath {
    /// Standard input, registered as `-`.
    pub fn stdin() -> RegistryPath {
        RegistryPath { text: "-".to_string(), bytes: None }
    }

    /// The registry's form of `path`.
    pub fn of(path: &std::path::Path) -> RegistryPath {
        use std::os::unix::ffi::OsStrExt;
        let raw = path.as_os_str().as_bytes();
        let bytes = std::str::from_utf8(raw).is_err().then(|| raw.to_vec());
        RegistryPath { text: crate::input::path_text(path.as_os_str()), bytes }
    }

    /// Whether this is standard input.
    pub fn is_stdin(&self) -> bool {
        self.text == "-" && self.bytes.is_none()
    }

    /// The file system path.
    pub fn to_path(&self) -> std::path::PathBuf {
        use std::os::unix::ffi::OsStrExt;
        match &self.bytes {
            Some(bytes) => std::ffi::OsStr::from_bytes(bytes).into(),
            None => self.text.clone().into(),
        }
    }
}

/// A `files` row as the registry logic needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRow {
    pub id: i64,
    pub path: RegistryPath,
    pub label: String,
    pub size: u64,
    pub disk_size: Option<u64>,
    pub mtime_ns: Option<i64>,
    pub fingerprint: String,
    pub fingerprint_len: u64,
    /// xxh3 of exactly the first `head_len(ingested_bytes)` bytes (NULL in rows of releases
    /// before it was kept).
    pub head_fingerprint: Option<String>,
    pub ingested_bytes: u64,
    pub tail_open: bool,
    pub lines: u64,
    pub pending: u64,
    /// `files.format`: how the source was read (a [`crate::formats::Format::name`]).
    pub format: String,
    /// `files.format_state`: what its reader must know to go on after `ingested_bytes`.
    pub format_state: Option<String>,
}

/// Where a new source starts: at its beginning, or past lines it shares with a source already
/// imported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Start {
    /// Content offset of the first line to import.
    pub offset: u64,
    /// Lines before it.
    pub lines: u64,
}

/// The registry's decision for one source.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// Already imported and unchanged (or a copy shown to hold nothing new): skip it.
    Skip(FileRow),
    /// A known source: import from where it stopped. `rename` when it moved.
    Resume { row: FileRow, rename: bool },
    /// Not seen before (`replaced`: its path held other content before), from `start` on.
    Fresh { replaced: bool, start: Start },
    /// Starts like source `of`, whose file is still in place: a copy, to be compared with it
    /// ([`compare_with_original`]) before anything is skipped.
    Copy { of: FileRow, replaced: bool },
}

/// How well a row's recorded prefix matches the first bytes of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    /// The content does not start like what was imported.
    No,
    /// It does, over `verified` bytes; `everything` when those are all the bytes imported.
    Yes { verified: u64, everything: bool },
}

fn prefix_match(row: &FileRow, head: &[u8]) -> Match {
    let pow2 = row.fingerprint_len as usize;
    if head.len() < pow2 || (pow2 > 0 && fingerprint(&head[..pow2]) != row.fingerprint) {
        return Match::No;
    }
    let exact = head_len(row.ingested_bytes) as usize;
    match &row.head_fingerprint {
        Some(fp) if head.len() >= exact => {
            if fingerprint(&head[..exact]) != *fp {
                return Match::No;
            }
            Match::Yes { verified: exact as u64, everything: exact as u64 == row.ingested_bytes }
        }
        Some(_) => Match::No,
        None => Match::Yes { verified: pow2 as u64, everything: pow2 as u64 == row.ingested_bytes },
    }
}

/// Whether content of length `content_len` (when known) is shorter than what `row` examined.
fn shorter(row: &FileRow, content_len: Option<u64>) -> bool {
    content_len.is_some_and(|len| len < row.size || len < row.ingested_bytes)
}

/// Whether a shared prefix tells sources apart: it holds an event's timestamp, which no other
/// VM's archive has to the microsecond. Greetings and command replies do not.
fn distinctive(prefix: &[u8]) -> bool {
    memchr::memmem::find(prefix, b"\"microseconds\"").is_some_and(|at| at + 20 < prefix.len())
}

/// Whether `a` and `b` may name the same VM: equal, or one of them the placeholder of stdin.
fn same_vm(a: &str, b: &str) -> bool {
    a == b || a == STDIN_LABEL || b == STDIN_LABEL
}

/// Decides what to do with an opened source (see the module's documentation).
pub fn plan(conn: &Connection, path: &RegistryPath, label: &str, opened: &Opened) -> Result<Plan, StoreError> {
    let by_path = if path.is_stdin() { None } else { by_path(conn, path)? };
    if let Some(row) = &by_path
        && prefix_match(row, &opened.head) != Match::No
        && !shorter(row, opened.content_len)
    {
        let unchanged = match opened.content_len {
            Some(len) => len == row.size,
            None => opened.disk_size.is_some() && opened.disk_size == row.disk_size && opened.mtime_ns == row.mtime_ns,
        };
        return Ok(if unchanged { Plan::Skip(row.clone()) } else { Plan::Resume { row: row.clone(), rename: false } });
    }
    let mut candidates: Vec<FileRow> = by_content(conn, &opened.head)?
        .into_iter()
        .filter(|c| Some(c.id) != by_path.as_ref().map(|r| r.id))
        .filter(|c| match prefix_match(c, &opened.head) {
            Match::No => false,
            Match::Yes { verified, everything } => {
                distinctive(&opened.head[..verified as usize]) || (everything && same_vm(&c.label, label))
            }
        })
        .collect();
    candidates.sort_by_key(|c| std::cmp::Reverse((c.fingerprint_len, c.ingested_bytes)));
    let replaced = by_path.is_some();
    let Some(candidate) = candidates.into_iter().next() else {
        return Ok(Plan::Fresh { replaced, start: Start::default() });
    };
    if original_in_place(&candidate, path) {
        // A copy: skipped or trimmed only on byte-for-byte evidence (`compare_with_original`).
        return Ok(Plan::Copy { of: candidate, replaced });
    }
    if shorter(&candidate, opened.content_len) {
        // Not all of what was imported is here: not that source moved.
        return Ok(Plan::Fresh { replaced, start: Start::default() });
    }
    Ok(Plan::Resume { rename: !path.is_stdin(), row: candidate })
}

/// Whether the file `row` was imported from is still there and still starts as it did.
fn original_in_place(row: &FileRow, other: &RegistryPath) -> bool {
    if row.path.is_stdin() || row.path == *other {
        return false;
    }
    Opened::open(&crate::input::SourcePath::File(row.path.to_path()), usize::MAX >> 1)
        .is_ok_and(|o| prefix_match(row, &o.head) != Match::No && !shorter(row, o.content_len))
}

/// What comparing a copy with the file it copies showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyCheck {
    /// Everything in the copy is already imported: it is a prefix of the original's imported bytes.
    Imported,
    /// They differ (or the copy goes on past what was imported) from the line at `start` on.
    NewFrom(Start),
}

/// Compares `copy` (read from its current position, the start) with the imported bytes of
/// `row`'s file, a line at a time, and leaves `copy` at the first line that is not known to be
/// imported.
pub fn compare_with_original(copy: &mut Opened, row: &FileRow) -> Result<CopyCheck, SourceError> {
    let mut original = Opened::open(&crate::input::SourcePath::File(row.path.to_path()), usize::MAX >> 1)?;
    let imported = row.ingested_bytes;
    let mut theirs: Vec<u8> = Vec::new();
    let mut start = Start::default();
    loop {
        let (bytes, offset, eof) = match copy.fill()? {
            Fill::Lines { bytes, offset, eof } => (bytes, offset, eof),
            Fill::Overlong { .. } => return Ok(CopyCheck::NewFrom(start)),
        };
        if bytes.is_empty() && eof {
            return Ok(CopyCheck::Imported);
        }
        let want = bytes.len().min(imported.saturating_sub(offset) as usize);
        read_exactly(&mut original, &mut theirs, want)?;
        let same = bytes[..want].iter().zip(&theirs).take_while(|(a, b)| a == b).count();
        if same == bytes.len() && eof {
            return Ok(CopyCheck::Imported);
        }
        // Whole lines up to the first difference (or the end of what was imported) are shared.
        let shared = memchr::memrchr(b'\n', &bytes[..same]).map_or(0, |i| i + 1);
        start.lines += memchr::memchr_iter(b'\n', &bytes[..shared]).count() as u64;
        start.offset = offset + shared as u64;
        let whole = shared == bytes.len();
        copy.consume(shared);
        if !whole {
            return Ok(CopyCheck::NewFrom(start));
        }
    }
}

/// Reads the next `n` bytes of `source` into `out` (fewer at its end).
fn read_exactly(source: &mut Opened, out: &mut Vec<u8>, n: usize) -> Result<(), SourceError> {
    out.clear();
    while out.len() < n {
        let take = match source.fill()? {
            Fill::Lines { bytes, eof, .. } => {
                let take = (n - out.len()).min(bytes.len());
                out.extend_from_slice(&bytes[..take]);
                if take == 0 && eof {
                    return Ok(());
                }
                take
            }
            Fill::Overlong { .. } => return Ok(()),
        };
        source.consume(take);
    }
    Ok(())
}

const ROW_COLUMNS: &str = "id, path, path_bytes, label, size, disk_size, mtime_ns, fingerprint, fingerprint_len, head_fingerprint, ingested_bytes, tail_open, lines, pending, format, format_state";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FileRow> {
    Ok(FileRow {
        id: r.get(0)?,
        path: RegistryPath { text: r.get(1)?, bytes: r.get(2)? },
        label: r.get(3)?,
        size: r.get::<_, i64>(4)? as u64,
        disk_size: r.get::<_, Option<i64>>(5)?.map(|v| v as u64),
        mtime_ns: r.get(6)?,
        fingerprint: r.get(7)?,
        fingerprint_len: r.get::<_, i64>(8)? as u64,
        head_fingerprint: r.get(9)?,
        ingested_bytes: r.get::<_, i64>(10)? as u64,
        tail_open: r.get(11)?,
        lines: r.get::<_, i64>(12)? as u64,
        pending: r.get::<_, i64>(13)? as u64,
        format: r.get(14)?,
        format_state: r.get(15)?,
    })
}

/// The newest source registered under `path`.
pub fn by_path(conn: &Connection, path: &RegistryPath) -> Result<Option<FileRow>, StoreError> {
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM files WHERE path = ?1 AND path_bytes IS ?2 AND parent IS NULL ORDER BY id DESC LIMIT 1"
    );
    conn.query_row(&sql, params![path.text, path.bytes], row).optional().map_err(|e| StoreError::of(conn, e))
}

/// Sources whose look-up fingerprint matches the start of `head` (the first bytes of a file).
pub fn by_content(conn: &Connection, head: &[u8]) -> Result<Vec<FileRow>, StoreError> {
    // Fingerprints cover a power-of-two prefix (see `fingerprint_len`), so at most 17 indexed
    // look-ups find every candidate, however many sources the registry holds.
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM files WHERE fingerprint = ?1 AND fingerprint_len = ?2 AND parent IS NULL ORDER BY id"
    );
    let mut found = Vec::new();
    let mut len = 1usize;
    while len <= head.len() && len as u64 <= FINGERPRINT_WINDOW {
        let fp = fingerprint(&head[..len]);
        let mut stmt = conn.prepare_cached(&sql).map_err(|e| StoreError::of(conn, e))?;
        let rows = stmt.query_map(params![fp, len as i64], row).and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        found.extend(rows.map_err(|e| StoreError::of(conn, e))?);
        len *= 2;
    }
    Ok(found)
}

/// Registers a new source read as `format` with nothing ingested yet; returns its id.
pub fn register(
    conn: &Connection,
    path: &RegistryPath,
    label: &str,
    compression: &str,
    format: &str,
) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO files (path, path_bytes, label, compression, fingerprint, fingerprint_len, first_import, last_import, format)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?6)",
        params![path.text, path.bytes, label, compression, fingerprint(b""), format],
    )
    .map_err(|e| StoreError::of(conn, e))?;
    Ok(conn.last_insert_rowid())
}

/// The id of source `parent`'s child row for the VM `label`, registered now if it has none yet:
/// the parent's path, compression and format, an empty fingerprint (never found by content),
/// nothing ingested (README, "The database": `files`).
pub fn child(conn: &Connection, parent: i64, label: &str) -> rusqlite::Result<i64> {
    let found = conn
        .prepare_cached("SELECT id FROM files WHERE parent = ?1 AND label = ?2")?
        .query_row(params![parent, label], |r| r.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    conn.prepare_cached(
        "INSERT INTO files (path, path_bytes, label, compression, fingerprint, fingerprint_len, first_import, last_import, parent, format)
         SELECT path, path_bytes, ?2, compression, '', 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), id, format FROM files WHERE id = ?1",
    )?
    .execute(params![parent, label])?;
    Ok(conn.last_insert_rowid())
}

/// Records that source `id` (and the rows of the VMs in it) now lives at `path`.
pub fn rename(conn: &Connection, id: i64, path: &RegistryPath) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE files SET path = ?2, path_bytes = ?3 WHERE id = ?1 OR parent = ?1",
        params![id, path.text, path.bytes],
    )
    .map_err(|e| StoreError::of(conn, e))?;
    Ok(())
}

/// Records that source `id`, with nothing ingested yet, is read as `format` after all (it was
/// empty, or too short to tell, when it was registered).
pub fn set_format(conn: &Connection, id: i64, format: &str) -> Result<(), StoreError> {
    conn.execute("UPDATE files SET format = ?2 WHERE id = ?1 OR parent = ?1", params![id, format])
        .map_err(|e| StoreError::of(conn, e))?;
    Ok(())
}

/// Gives source `id` a better label than the placeholder `stdin` it was imported under.
pub fn relabel(conn: &Connection, id: i64, label: &str) -> Result<(), StoreError> {
    conn.execute("UPDATE files SET label = ?2 WHERE id = ?1 AND label = ?3", params![id, label, STDIN_LABEL])
        .map_err(|e| StoreError::of(conn, e))?;
    Ok(())
}

/// The reader state a new source `id` in `format` starts from: the saved state of the source
/// it most likely continues — the newest other source in the same format, with the same label,
/// in the same directory (logrotate's predecessor: `libvirtd.log` is followed by a new
/// `libvirtd.log` once the old one is `libvirtd.log.1`). `None` when there is none.
pub fn predecessor_state(
    conn: &Connection,
    id: i64,
    path: &RegistryPath,
    label: &str,
    format: &str,
) -> Result<Option<String>, StoreError> {
    let dir = |p: &RegistryPath| p.to_path().parent().map(std::path::Path::to_path_buf);
    let mut stmt = conn
        .prepare_cached(
            "SELECT path, path_bytes, format_state FROM files
             WHERE parent IS NULL AND id < ?1 AND label = ?2 AND format = ?3 AND format_state IS NOT NULL
             ORDER BY id DESC",
        )
        .map_err(|e| StoreError::of(conn, e))?;
    let rows = stmt
        .query_map(params![id, label, format], |r| {
            Ok((RegistryPath { text: r.get(0)?, bytes: r.get(1)? }, r.get::<_, String>(2)?))
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(|e| StoreError::of(conn, e))?;
    let want = dir(path);
    Ok(rows.into_iter().find(|(p, _)| dir(p) == want).map(|(_, state)| state))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Records;
    use crate::store::{Progress, Store};
    use std::time::Duration;

    fn path(text: &str) -> RegistryPath {
        RegistryPath { text: text.to_string(), bytes: None }
    }

    #[test]
    fn content_lookup_matches_prefixes_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db"), Duration::from_secs(1)).unwrap();
        let id = register(store.connection(), &path("/a"), "a", "none", "qmp").unwrap();
        let progress = Progress {
            fingerprint: fingerprint(b"hell"),
            fingerprint_len: fingerprint_len(6, 6),
            head_fingerprint: fingerprint(b"hello\n"),
            ingested_bytes: 6,
            size: 6,
            lines: 1,
            ..Default::default()
        };
        store.commit_batch(id, &Records::default(), &progress).unwrap();
        assert_eq!(fingerprint_len(6, 6), 4);
        assert_eq!(fingerprint_len(1 << 20, 1 << 20), FINGERPRINT_WINDOW);
        assert_eq!(fingerprint_len(100_000, 70_000), FINGERPRINT_WINDOW);
        assert_eq!(fingerprint_len(0, 10), 0);
        let conn = store.connection();
        assert_eq!(by_content(conn, b"hello\nworld\n").unwrap().len(), 1);
        assert!(by_content(conn, b"hEllo\n").unwrap().is_empty());
        assert!(by_content(conn, b"hel").unwrap().is_empty());
        let row = by_path(conn, &path("/a")).unwrap().unwrap();
        assert_eq!(row.ingested_bytes, 6);
        assert_eq!(prefix_match(&row, b"hello\nworld\n"), Match::Yes { verified: 6, everything: true });
        assert_eq!(prefix_match(&row, b"hellO\nworld\n"), Match::No, "the exact head tells them apart");
        assert!(shorter(&row, Some(5)) && !shorter(&row, Some(6)) && !shorter(&row, None));
    }

    #[test]
    fn a_path_that_is_not_utf8_is_its_own_key() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db"), Duration::from_secs(1)).unwrap();
        let conn = store.connection();
        let odd = RegistryPath::of(std::path::Path::new(std::ffi::OsStr::from_bytes(b"/a/vm-\xffa.jsonl")));
        let other = RegistryPath::of(std::path::Path::new(std::ffi::OsStr::from_bytes(b"/a/vm-\xfea.jsonl")));
        let literal = path("/a/vm-\\xffa.jsonl");
        assert_eq!(odd.text, literal.text, "shown alike");
        let id = register(conn, &odd, "vm-\\xffa", "none", "qmp").unwrap();
        assert_eq!(by_path(conn, &odd).unwrap().map(|r| r.id), Some(id));
        assert!(by_path(conn, &other).unwrap().is_none());
        assert!(by_path(conn, &literal).unwrap().is_none(), "the escaped text is not the same path");
        assert_eq!(odd.to_path().as_os_str().as_bytes(), b"/a/vm-\xffa.jsonl");
    }

    #[test]
    fn only_a_timestamp_makes_a_prefix_distinctive() {
        let greeting = br#"{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 8}, "package": ""}, "capabilities": ["oob"]}}
{"return": {}}
"#;
        assert!(!distinctive(greeting));
        let event = br#"{"timestamp": {"seconds": 1764000000, "microseconds": 123456}, "event": "STOP"}
"#;
        assert!(distinctive(&[&greeting[..], &event[..]].concat()));
        assert!(!distinctive(&event[..40]), "cut before the digits");
        assert!(same_vm("vm-a", "vm-a") && same_vm("stdin", "vm-a") && !same_vm("vm-a", "vm-b"));
    }
}
