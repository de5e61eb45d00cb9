//! Input discovery: turning the command line's `INPUT` arguments into an ordered list of sources.
//!
//! This module owns three things (README, "Usage": INPUT and --label):
//!
//! 1. **Discovery** ([`discover`]): each argument is `-` (standard input), an existing file (taken
//!    whatever its name), an existing directory (walked recursively for archive names, see
//!    [`is_archive_name`], and for `*.log` files holding libvirt output, see [`is_log_name`]), or
//!    a quoted glob expanded here (for cron lines). Results keep the
//!    order of the arguments, within a directory or glob in sorted path order, and are
//!    deduplicated by canonical path (first occurrence wins). Problems with one argument are
//!    returned as [`InputError`]s and never stop the discovery of the others.
//! 2. **Provenance labels** ([`label_for_path`]): by default a file's stem without extension,
//!    rotation and compression suffixes, or its parent directory's name when that stem is a date.
//!    `--label` overrides it for all inputs; standard input is `stdin`.
//! 3. **Compression** ([`detect_compression`], [`decoder`], [`sniff_and_decode`]): gzip and zstd
//!    are recognised by their magic bytes, never by name, and decoded as streams (multi-member
//!    gzip and multi-frame zstd included).
//!
//! Nothing here panics on odd input: a non-UTF-8 file name is kept exactly (as bytes) where it
//! identifies a file, and shown with its odd bytes escaped ([`path_text`]).

use std::collections::{HashMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};
use walkdir::WalkDir;

/// Label of standard input.
pub const STDIN_LABEL: &str = "stdin";

/// Number of leading bytes [`detect_compression`] needs to recognise every format.
pub const MAGIC_LEN: usize = 4;

/// Where a source's bytes come from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SourcePath {
    /// Standard input (the argument `-`).
    Stdin,
    /// A file, by absolute path (made absolute with [`std::path::absolute`], symlinks not
    /// resolved, so the path is the one the user sees).
    File(PathBuf),
}

impl fmt::Display for SourcePath {
    /// `-` for standard input, else the path (lossy for non-UTF-8 names).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourcePath::Stdin => f.write_str("-"),
            SourcePath::File(path) => f.write_str(&path_text(path.as_os_str())),
        }
    }
}

/// A path or file name as text: exactly as it is when it is valid UTF-8, else with each byte
/// that is not part of valid UTF-8 written as `\xNN` (so `vm-\xffa.jsonl` and `vm-\xfea.jsonl`
/// stay two names).
#[must_use]
pub fn path_text(name: &OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let bytes = name.as_bytes();
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02x}"));
        }
    }
    out
}

/// Text for a terminal line: control characters (a newline in a file name, say) written as
/// escapes, so that one message stays one line.
#[must_use]
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// One input to import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputSpec {
    /// Where to read it from.
    pub source: SourcePath,
    /// Its provenance label (`--label`, else [`label_for_path`], else `stdin`).
    pub label: String,
    /// Named on the command line (a file argument or `-`), as opposed to found by walking a
    /// directory or expanding a glob. A file both found and named is explicit.
    pub explicit: bool,
}

/// A problem with one `INPUT` argument. Each variant names the argument or path concerned; the
/// `Display` form is one line suitable for an error message.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The argument is neither an existing path nor a glob.
    #[error("{}: no such file or directory", shown(.arg))]
    NotFound {
        /// The argument as given.
        arg: String,
    },
    /// The argument's path exists (or might) but cannot be examined, e.g. a parent directory is
    /// not searchable.
    #[error("{}: cannot access: {}", path_text(.path.as_os_str()), crate::report::io_cause(.cause))]
    Inaccessible {
        /// The argument's path as given.
        path: PathBuf,
        /// What went wrong.
        cause: io::Error,
    },
    /// A directory (the argument, or one found while walking it or expanding a glob) cannot be
    /// listed.
    #[error("{}: cannot read directory: {}", path_text(.path.as_os_str()), crate::report::io_cause(.cause))]
    DirectoryUnreadable {
        /// The directory, as given or as reached from the argument.
        path: PathBuf,
        /// What went wrong.
        cause: io::Error,
    },
    /// An entry found while walking that would have been an input cannot be examined (for
    /// example a dangling symbolic link named `*.jsonl`).
    #[error("{}: cannot read: {}", path_text(.path.as_os_str()), crate::report::io_cause(.cause))]
    FileUnreadable {
        /// The entry, as reached from the argument.
        path: PathBuf,
        /// What went wrong.
        cause: io::Error,
    },
    /// A glob argument matched no file.
    #[error("'{pattern}': glob matched no files")]
    GlobNoMatch {
        /// The glob as given.
        pattern: String,
    },
    /// A glob argument is not a valid pattern.
    #[error("'{pattern}': invalid glob: {message}")]
    InvalidGlob {
        /// The glob as given.
        pattern: String,
        /// Why it is invalid.
        message: String,
    },
}

impl InputError {
    /// The argument or path the error is about, as text (for a summary's `path` field).
    #[must_use]
    pub fn subject(&self) -> String {
        match self {
            InputError::NotFound { arg } => arg.clone(),
            InputError::Inaccessible { path, .. }
            | InputError::DirectoryUnreadable { path, .. }
            | InputError::FileUnreadable { path, .. } => path_text(path.as_os_str()),
            InputError::GlobNoMatch { pattern } | InputError::InvalidGlob { pattern, .. } => pattern.clone(),
        }
    }
}

/// An argument as shown in messages: an empty one as `''`.
fn shown(arg: &str) -> &str {
    if arg.is_empty() { "''" } else { arg }
}

// ---------------------------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------------------------

/// What [`discover`] found: the sources in order, the arguments that could not be used, and
/// the entries passed over on purpose.
#[derive(Debug, Default)]
pub struct Discovery {
    /// The sources to import, in order.
    pub specs: Vec<InputSpec>,
    /// One per argument (or unreadable directory) that could not be used.
    pub errors: Vec<InputError>,
    /// Entries a walk or glob found but does not read, each with the reason (one line).
    pub skipped: Vec<String>,
}

/// Turns `INPUT` arguments into the ordered, deduplicated list of sources to import, plus one
/// error per argument (or unreadable directory) that could not be used. Errors never stop the
/// other arguments from being discovered.
///
/// - `-` is standard input (listed once however often it is given).
/// - An existing file (or anything that is not a directory, such as a FIFO from `<(zcat …)`) is
///   taken whatever its name, `explicit: true`.
/// - An existing directory is walked recursively (symbolic links followed, loops skipped),
///   keeping regular files whose names pass [`is_archive_name`], in sorted path order. An
///   archive-named FIFO, socket or device is skipped (a FIFO would block the walk until somebody
///   writes to it): it is listed in `skipped`.
/// - A path that does not exist but contains one of `*?[{` is a glob: matched against full
///   paths from its longest literal directory prefix (`*` does not cross `/`, `**` does). Regular
///   files that match are taken whatever their names; directories that match are walked as above.
///
/// Duplicates (same canonical path) are dropped; the first occurrence keeps its place, path and
/// label, and becomes explicit if any occurrence was. Every label is `label_override` when
/// given. Arguments are taken as bytes: a file name need not be UTF-8.
#[must_use]
pub fn discover(args: &[OsString], label_override: Option<&str>) -> Discovery {
    let mut collector = Collector::new(label_override);
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    for arg in args {
        if arg == "-" {
            collector.push_stdin();
            continue;
        }
        let path = Path::new(arg);
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                for found in walk_directory(path, &mut errors, &mut skipped) {
                    collector.push_file(&found, false);
                }
            }
            Ok(_) => collector.push_file(path, true),
            Err(_) if arg.to_str().is_some_and(has_glob_meta) => {
                // Not a path (usually NotFound): a glob. A permission problem on its literal
                // prefix is reported by the walk.
                let pattern = arg.to_str().unwrap_or_default();
                for found in expand_glob(pattern, &mut errors, &mut skipped) {
                    collector.push_file(&found, false);
                }
            }
            Err(cause) if cause.kind() == io::ErrorKind::NotFound => {
                errors.push(InputError::NotFound { arg: path_text(arg) });
            }
            Err(cause) => errors.push(InputError::Inaccessible { path: path.to_path_buf(), cause }),
        }
    }
    // Several arguments can run into the same unreadable directory: say so once.
    let mut shown_errors = HashSet::new();
    errors.retain(|error| shown_errors.insert(error.to_string()));
    skipped.dedup();
    let mut specs = collector.specs;
    oldest_first(&mut specs);
    Discovery { specs, errors, skipped }
}

/// Puts the rotated pieces of one log that stand next to each other in the list oldest first
/// (`libvirtd.log.2.gz`, `libvirtd.log.1`, `libvirtd.log`; `x.log-20261124` before `x.log`), so
/// each piece of a libvirt daemon log is read after the one it continues and starts from the
/// monitors that one left open. Only `*.log` names are reordered; everything else keeps its place.
fn oldest_first(specs: &mut [InputSpec]) {
    let key = |spec: &InputSpec| match &spec.source {
        SourcePath::File(path) => {
            let name = path.file_name()?.to_str()?;
            let (base, rank) = log_rotation(name)?;
            Some((path.parent().map(Path::to_path_buf), base.to_string(), rank))
        }
        SourcePath::Stdin => None,
    };
    let mut start = 0;
    while start < specs.len() {
        let group = key(&specs[start]).map(|(dir, base, _)| (dir, base));
        let mut end = start + 1;
        while group.is_some() && end < specs.len() && key(&specs[end]).map(|(d, b, _)| (d, b)) == group {
            end += 1;
        }
        specs[start..end].sort_by_cached_key(|spec| key(spec).map(|(_, _, rank)| rank));
        start = end;
    }
}

/// How old a rotated piece of a log is, for sorting oldest first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Rotation {
    /// `.N`: the higher, the older (`Reverse`).
    Numbered(std::cmp::Reverse<u64>),
    /// `-DATE`: the earlier, the older.
    Dated(String),
    /// No rotation suffix: the file being written, the newest.
    Current,
}

/// For a `*.log` name (optionally rotated and compressed, see [`is_log_name`]): the name up to
/// `.log` and its [`Rotation`].
fn log_rotation(file_name: &str) -> Option<(&str, Rotation)> {
    let name = strip_any_suffix(file_name, &[".gz", ".zst"], false).unwrap_or(file_name);
    let at = name.rfind(".log").filter(|&at| at > 0)?;
    let tail = &name[at + ".log".len()..];
    let rotation = if tail.is_empty() {
        Rotation::Current
    } else if !is_rotation_after_extension(tail) {
        return None;
    } else if let Some(number) = tail.strip_prefix('.') {
        Rotation::Numbered(std::cmp::Reverse(number.parse().unwrap_or(u64::MAX)))
    } else {
        Rotation::Dated(tail.to_string())
    };
    Some((&name[..at], rotation))
}

/// Whether a directory walk looks inside a file of this name for libvirt output (see
/// [`holds_libvirt_output`]): `*.log` and its rotated forms `*.log.N` and `*.log-DATE`, each
/// optionally followed by `.gz` or `.zst` (`libvirtd.log`, `libvirtd.log.1`, `virtqemud.log.2.gz`).
#[must_use]
pub fn is_log_name(file_name: &str) -> bool {
    log_rotation(file_name).is_some()
}

/// Whether the regular file at `path` holds one of the formats libvirt writes — virsh
/// `qemu-monitor-event` output, a daemon log, a KubeVirt virt-launcher log — judged from its
/// first 64 KiB, decompressed ([`crate::formats::detect`]). A file that cannot be read is not.
pub fn holds_libvirt_output(path: &Path) -> bool {
    let Ok(file) = fs::File::open(path) else { return false };
    let Ok((_, stream)) = sniff_and_decode(file) else { return false };
    let mut head = Vec::with_capacity(64 * 1024);
    if stream.take(64 * 1024).read_to_end(&mut head).is_err() && head.is_empty() {
        return false;
    }
    crate::formats::detect(&head) != crate::formats::Format::Qmp
}

/// Whether a walk or glob takes this entry: regular files only. Anything else named like an
/// archive is noted in `skipped`.
fn regular_or_skip(path: &Path, file_type: fs::FileType, skipped: &mut Vec<String>) -> bool {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_file() {
        return true;
    }
    let what = if file_type.is_fifo() {
        "a FIFO"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    };
    skipped.push(format!(
        "{}: skipped, {what} (name it on the command line to read it as a stream)",
        path_text(path.as_os_str())
    ));
    false
}

/// Removes the database itself and its `-wal`, `-shm` and `-journal` companions from `specs`:
/// reading them would import the database into itself. Each one removed is noted in `skipped`.
pub fn exclude_database(specs: &mut Vec<InputSpec>, db: &Path, skipped: &mut Vec<String>) {
    use std::os::unix::fs::MetadataExt;
    let identity = |path: &Path| fs::metadata(path).ok().map(|m| (m.dev(), m.ino()));
    let mut names: Vec<OsString> = vec![db.as_os_str().to_os_string()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = db.as_os_str().to_os_string();
        name.push(suffix);
        names.push(name);
    }
    let own: Vec<(u64, u64)> = names.iter().filter_map(|name| identity(Path::new(name))).collect();
    let own_paths: Vec<PathBuf> =
        names.iter().map(|name| std::path::absolute(name).unwrap_or_else(|_| name.into())).collect();
    specs.retain(|spec| {
        let SourcePath::File(path) = &spec.source else {
            return true;
        };
        let ours = identity(path).is_some_and(|id| own.contains(&id)) || own_paths.contains(path);
        if ours {
            skipped.push(format!(
                "{}: skipped, it is the database (--db) or one of its files",
                path_text(path.as_os_str())
            ));
        }
        !ours
    });
}

/// Accumulates specs in order, deduplicating by canonical path.
struct Collector<'a> {
    label_override: Option<&'a str>,
    specs: Vec<InputSpec>,
    /// Canonical path (or `None` for stdin) → index in `specs`.
    seen: HashMap<Option<PathBuf>, usize>,
}

impl<'a> Collector<'a> {
    fn new(label_override: Option<&'a str>) -> Self {
        Collector { label_override, specs: Vec::new(), seen: HashMap::new() }
    }

    fn push_stdin(&mut self) {
        let label = self.label_override.unwrap_or(STDIN_LABEL).to_string();
        self.push(None, SourcePath::Stdin, label, true);
    }

    fn push_file(&mut self, path: &Path, explicit: bool) {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let key = fs::canonicalize(path).unwrap_or_else(|_| absolute.clone());
        let label = match self.label_override {
            Some(label) => label.to_string(),
            None => label_for_path(&absolute),
        };
        self.push(Some(key), SourcePath::File(absolute), label, explicit);
    }

    fn push(&mut self, key: Option<PathBuf>, source: SourcePath, label: String, explicit: bool) {
        if let Some(&index) = self.seen.get(&key) {
            self.specs[index].explicit |= explicit;
            return;
        }
        self.seen.insert(key, self.specs.len());
        self.specs.push(InputSpec { source, label, explicit });
    }
}

/// Whether an argument contains glob metacharacters.
fn has_glob_meta(text: &str) -> bool {
    text.contains(['*', '?', '[', '{'])
}

/// How a walk error should be reported, if at all.
fn walk_error(error: walkdir::Error, wanted: impl FnOnce(&Path) -> bool, errors: &mut Vec<InputError>) {
    // A symbolic link back to an ancestor: everything below it is reached through the
    // ancestor already.
    if error.loop_ancestor().is_some() {
        return;
    }
    let Some(path) = error.path().map(Path::to_path_buf) else {
        return;
    };
    let is_dir = fs::metadata(&path).is_ok_and(|m| m.is_dir());
    let depth = error.depth();
    let cause = error.into_io_error().unwrap_or_else(|| io::Error::other("cannot walk"));
    if is_dir || depth == 0 {
        errors.push(InputError::DirectoryUnreadable { path, cause });
    } else if wanted(&path) {
        errors.push(InputError::FileUnreadable { path, cause });
    }
    // Otherwise: something we would have ignored anyway (say a dangling `notes.txt` link).
}

/// Files under `dir` whose names are archive names, and `*.log` files holding libvirt output, in
/// sorted path order. Paths start with `dir`
/// as given.
fn walk_directory(dir: &Path, errors: &mut Vec<InputError>, skipped: &mut Vec<String>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(entry) => {
                let name = entry.file_name().to_string_lossy();
                let (archive, log) = (is_archive_name(&name), is_log_name(&name));
                if !entry.file_type().is_dir()
                    && entry.depth() > 0
                    && (archive || log)
                    && regular_or_skip(entry.path(), entry.file_type(), skipped)
                    && (archive || holds_libvirt_output(entry.path()))
                {
                    found.push(entry.into_path());
                }
            }
            Err(error) => walk_error(
                error,
                |path| path.file_name().is_some_and(|name| is_archive_name(&name.to_string_lossy())),
                errors,
            ),
        }
    }
    found.sort();
    found
}

/// A glob split into its literal directory prefix and the pattern below it.
struct GlobPlan {
    /// The directory to walk from (`.` when the pattern starts with a wildcard).
    base: PathBuf,
    /// Matches a path relative to `base`.
    matcher: GlobMatcher,
    /// One matcher per leading component, up to the first containing `**`, to prune the walk;
    /// empty when the pattern cannot be split per component (a `/` inside `{}` or `[]`).
    components: Vec<GlobMatcher>,
    /// How deep matches can be, when there is no `**`.
    max_depth: Option<usize>,
}

fn build_glob(text: &str) -> Result<GlobMatcher, globset::Error> {
    Ok(GlobBuilder::new(text)
        .literal_separator(true)
        .backslash_escape(true)
        .empty_alternates(true)
        .build()?
        .compile_matcher())
}

fn plan_glob(pattern: &str) -> Result<GlobPlan, globset::Error> {
    let mut base = PathBuf::new();
    if pattern.starts_with('/') {
        base.push("/");
    }
    let parts: Vec<&str> = pattern.split('/').filter(|part| !part.is_empty()).collect();
    let literal = parts.iter().take_while(|part| !has_glob_meta(part) && !part.contains('\\')).count();
    for part in &parts[..literal] {
        base.push(part);
    }
    if base.as_os_str().is_empty() {
        base.push(".");
    }
    // `.` components never appear in walked paths.
    let rest: Vec<&str> = parts[literal..].iter().copied().filter(|part| *part != ".").collect();
    let matcher = build_glob(&rest.join("/"))?;

    let per_component: Option<Vec<GlobMatcher>> =
        rest.iter().take_while(|part| !part.contains("**")).map(|part| build_glob(part).ok()).collect();
    // If a component does not compile alone, a `/` sits inside `{}` or `[]`: the number of
    // components is not what splitting says, so neither prune nor bound the depth.
    let splittable = per_component.is_some() && rest.iter().all(|part| part.contains("**") || build_glob(part).is_ok());
    let components = if splittable { per_component.unwrap_or_default() } else { Vec::new() };
    let max_depth = (splittable && !rest.iter().any(|part| part.contains("**"))).then_some(rest.len());
    Ok(GlobPlan { base, matcher, components, max_depth })
}

/// Files matched by a glob (plus archive files in the directories it matches), in sorted path
/// order. Records an error when nothing matches.
fn expand_glob(pattern: &str, errors: &mut Vec<InputError>, skipped: &mut Vec<String>) -> Vec<PathBuf> {
    let plan = match plan_glob(pattern) {
        Ok(plan) => plan,
        Err(error) => {
            errors.push(InputError::InvalidGlob { pattern: pattern.to_string(), message: error.kind().to_string() });
            return Vec::new();
        }
    };
    // Walked paths start with `base`, except that `.` is dropped for a relative pattern
    // (`*.jsonl` gives `a.jsonl`, not `./a.jsonl`).
    let strip_dot = plan.base == Path::new(".");
    let shown_path = |path: &Path| -> PathBuf {
        if strip_dot { path.strip_prefix(".").unwrap_or(path).to_path_buf() } else { path.to_path_buf() }
    };

    let mut walker = WalkDir::new(&plan.base).follow_links(true).sort_by_file_name();
    if let Some(depth) = plan.max_depth {
        walker = walker.max_depth(depth);
    }
    let components = &plan.components;
    let walker = walker.into_iter().filter_entry(|entry| {
        let depth = entry.depth();
        if depth == 0 || !entry.file_type().is_dir() || depth > components.len() {
            return true;
        }
        components[depth - 1].is_match(entry.file_name())
    });

    let mut found = Vec::new();
    let mut matched_dirs = Vec::new();
    let mut root_failed = false;
    for entry in walker {
        match entry {
            Ok(entry) => {
                if entry.depth() == 0 {
                    continue;
                }
                let Ok(relative) = entry.path().strip_prefix(&plan.base) else {
                    continue;
                };
                if !plan.matcher.is_match(relative) {
                    continue;
                }
                if entry.file_type().is_dir() {
                    matched_dirs.push(shown_path(entry.path()));
                } else if regular_or_skip(entry.path(), entry.file_type(), skipped) {
                    found.push(shown_path(entry.path()));
                }
            }
            Err(error) => {
                let not_found = error.io_error().is_some_and(|e| e.kind() == io::ErrorKind::NotFound);
                if error.depth() == 0 {
                    if not_found {
                        // The literal prefix does not exist: simply no match.
                        continue;
                    }
                    // The literal prefix cannot be read: that error says it all.
                    root_failed = true;
                }
                let matcher = &plan.matcher;
                let base = &plan.base;
                walk_error(
                    error,
                    |path| path.strip_prefix(base).is_ok_and(|relative| matcher.is_match(relative)),
                    errors,
                );
            }
        }
    }
    // Walk order is depth-first, so a directory inside one already walked (`archive/**`
    // matches both) comes right after it and adds nothing.
    let mut walked: Option<PathBuf> = None;
    for dir in matched_dirs {
        if walked.as_ref().is_some_and(|outer| dir.starts_with(outer)) {
            continue;
        }
        found.extend(walk_directory(&dir, errors, skipped));
        walked = Some(dir);
    }
    found.sort();
    found.dedup();
    if found.is_empty() && !root_failed {
        errors.push(InputError::GlobNoMatch { pattern: pattern.to_string() });
    }
    found
}

// ---------------------------------------------------------------------------------------------
// Names and labels
// ---------------------------------------------------------------------------------------------

/// Whether a directory walk picks up a file of this name: `*.jsonl` and its rotated forms
/// `*.jsonl.N` (any number) and `*.jsonl-DATE` (a digit, then digits, `-` and `T`:
/// `-20261124`, `-2026112403`, `-20261124T0315`), each optionally followed by `.gz` or `.zst`.
/// The part before `.jsonl` must not be empty. Case-sensitive, like the shell pattern.
#[must_use]
pub fn is_archive_name(file_name: &str) -> bool {
    let name = strip_any_suffix(file_name, &[".gz", ".zst"], false).unwrap_or(file_name);
    match split_extension(name, &[".jsonl"], false) {
        Some((base, _)) => !base.is_empty(),
        None => false,
    }
}

/// Removes the first of `suffixes` that `text` ends with.
fn strip_any_suffix<'t>(text: &'t str, suffixes: &[&str], ignore_case: bool) -> Option<&'t str> {
    suffixes.iter().find_map(|suffix| {
        let cut = text.len().checked_sub(suffix.len())?;
        let tail = text.get(cut..)?;
        let equal = if ignore_case { tail.eq_ignore_ascii_case(suffix) } else { tail == *suffix };
        equal.then(|| &text[..cut])
    })
}

/// Whether `text` is a rotation suffix written after the extension: `.N` or `-` followed by a
/// digit and then digits, `-` and `T`.
fn is_rotation_after_extension(text: &str) -> bool {
    if let Some(number) = text.strip_prefix('.') {
        return !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
    }
    if let Some(date) = text.strip_prefix('-') {
        return date.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && date.bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'T');
    }
    false
}

/// Splits `name` (compression suffix already removed) as `base EXT [ROTATION]`, with EXT the
/// last occurrence of one of `extensions` (tried in order). Returns the base and whether a
/// rotation suffix followed the extension.
fn split_extension<'n>(name: &'n str, extensions: &[&str], ignore_case: bool) -> Option<(&'n str, bool)> {
    let folded;
    let haystack = if ignore_case {
        folded = name.to_ascii_lowercase();
        folded.as_str()
    } else {
        name
    };
    extensions.iter().find_map(|ext| {
        let at = haystack.rfind(ext)?;
        let tail = &name[at + ext.len()..];
        if tail.is_empty() {
            Some((&name[..at], false))
        } else if is_rotation_after_extension(tail) {
            Some((&name[..at], true))
        } else {
            None
        }
    })
}

/// The provenance label of a file (README, "Usage", --label): its stem — the name without
/// `.gz`/`.zst`, without a rotation suffix (`.1`, `-20261124`, `-20261124T0315`; also one
/// written before the extension: `vm-a.1.jsonl`, `vm-a-2026-11-24.jsonl`), and without
/// `.jsonl`/`.json`/`.log` — unless that stem is a date or date-time (`2026-11-24`,
/// `20261124T031500`, …), in which case the nearest ancestor directory whose name is not a date
/// (`archive/vm-web01/2026-11-24.jsonl` → `vm-web01`). With no such directory, the stem.
///
/// A trailing `.N` before the extension is kept when what precedes it also ends in `.N`
/// (`10.0.0.5.jsonl` → `10.0.0.5`: an address or version, not a rotation).
#[must_use]
pub fn label_for_path(path: &Path) -> String {
    let name = match path.file_name() {
        Some(name) => path_text(name),
        None => return path_text(path.as_os_str()),
    };
    let stem = file_stem(&name);
    if !stem.is_empty() && !is_date_stem(stem) {
        return stem.to_string();
    }
    match directory_label(path) {
        Some(label) => label,
        None if stem.is_empty() => name,
        None => stem.to_string(),
    }
}

/// The stem of a file name as described at [`label_for_path`] (possibly empty, for `.jsonl`).
fn file_stem(name: &str) -> &str {
    let name = strip_any_suffix(name, &[".gz", ".zst", ".zstd"], true).unwrap_or(name);
    match split_extension(name, &[".jsonl", ".json", ".log"], true) {
        Some((base, _)) => strip_rotation_before_extension(base),
        None => name,
    }
}

/// `vm-a.1` → `vm-a`, `vm-a-20261124` → `vm-a`; `10.0.0.5`, `vm-01`, `2026-11-24` unchanged.
fn strip_rotation_before_extension(base: &str) -> &str {
    if let Some(dot) = base.rfind('.') {
        let (head, number) = (&base[..dot], &base[dot + 1..]);
        if !head.is_empty() && !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
            let dotted_number = head
                .rfind('.')
                .map(|d| &head[d + 1..])
                .is_some_and(|last| !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()));
            if !dotted_number {
                return head;
            }
            return base;
        }
    }
    // A date or date-time after `-`, `_` or `.`: the earliest such separator, so the whole date
    // goes (`vm-2026-11-24` → `vm`).
    for (at, byte) in base.bytes().enumerate() {
        if at > 0 && matches!(byte, b'-' | b'_' | b'.') && is_date_stem(&base[at + 1..]) {
            return &base[..at];
        }
    }
    base
}

/// The name of the nearest ancestor directory of `path` whose name is not itself a date.
fn directory_label(path: &Path) -> Option<String> {
    let absolute;
    let path = if path.is_absolute() {
        path
    } else {
        absolute = std::path::absolute(path).ok()?;
        absolute.as_path()
    };
    let mut current = path.parent()?.to_path_buf();
    // `..` has no name: resolve it on disk if possible.
    if current.components().any(|component| component == Component::ParentDir)
        && let Ok(resolved) = fs::canonicalize(&current)
    {
        current = resolved;
    }
    for ancestor in current.ancestors() {
        let Some(name) = ancestor.file_name() else {
            continue;
        };
        let name = path_text(name);
        if !name.is_empty() && !is_date_stem(&name) {
            return Some(name);
        }
    }
    None
}

/// Whether `text` is a date (`2026-11-24`, `20261124`), optionally followed by a time:
/// a separator (`T`, `-`, `_`, space; none after a compact date) and `HH`, `HHMM`, `HHMMSS`,
/// `HH:MM`, `HH:MM:SS`, with optional fraction and zone (`Z`, `+01:00`).
#[must_use]
pub fn is_date_stem(text: &str) -> bool {
    let b = text.as_bytes();
    let (year_month_day, rest, compact) = if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        ([&b[0..4], &b[5..7], &b[8..10]], &b[10..], false)
    } else if b.len() >= 8 {
        ([&b[0..4], &b[4..6], &b[6..8]], &b[8..], true)
    } else {
        return false;
    };
    let [year, month, day] = year_month_day;
    if ![year, month, day].iter().all(|part| part.iter().all(u8::is_ascii_digit)) {
        return false;
    }
    if !(1..=12).contains(&number(month)) || !(1..=31).contains(&number(day)) {
        return false;
    }
    match rest.split_first() {
        None => true,
        Some((b'T' | b't' | b'-' | b'_' | b' ', time)) => is_time(time),
        Some((first, _)) if compact && first.is_ascii_digit() => is_time(rest),
        Some(_) => false,
    }
}

fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0u32, |acc, d| acc.saturating_mul(10).saturating_add(u32::from(d - b'0')))
}

/// Takes two digits at most `max` from the front of `text`.
fn two_digits(text: &[u8], max: u32) -> Option<&[u8]> {
    let (digits, rest) = text.split_at_checked(2)?;
    (digits.iter().all(u8::is_ascii_digit) && number(digits) <= max).then_some(rest)
}

/// `HH[[:]MM[[:]SS]][(.|,)F+][Z|(+|-)HH[[:]MM]]`.
fn is_time(text: &[u8]) -> bool {
    let Some(mut rest) = two_digits(text, 24) else {
        return false;
    };
    for max in [59, 60] {
        let after_colon = rest.strip_prefix(b":").unwrap_or(rest);
        match two_digits(after_colon, max) {
            Some(next) => rest = next,
            None => break,
        }
    }
    if let Some((b'.' | b',', fraction)) = rest.split_first() {
        let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        rest = &fraction[digits..];
    }
    match rest.split_first() {
        None => true,
        Some((b'Z' | b'z', tail)) => tail.is_empty(),
        Some((b'+' | b'-', zone)) => match two_digits(zone, 23) {
            Some(tail) => {
                let tail = tail.strip_prefix(b":").unwrap_or(tail);
                tail.is_empty() || two_digits(tail, 59).is_some_and(<[u8]>::is_empty)
            }
            None => false,
        },
        Some(_) => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Compression
// ---------------------------------------------------------------------------------------------

/// A source's compression, recognised by content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// Plain bytes.
    None,
    /// gzip (one or more members).
    Gzip,
    /// Zstandard (one or more frames).
    Zstd,
}

impl Compression {
    /// `none`, `gzip` or `zstd`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Recognises compression from a stream's first bytes (pass at least [`MAGIC_LEN`] when the
/// stream has them): gzip `1f 8b`, zstd `28 b5 2f fd` or a zstd skippable frame
/// (`5? 2a 4d 18`, as `pzstd` writes first). Anything else, including too short an input, is
/// [`Compression::None`].
#[must_use]
pub fn detect_compression(head: &[u8]) -> Compression {
    let zstd_frame = head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]);
    let zstd_skippable = head.len() >= 4 && head[0] & 0xf0 == 0x50 && head[1..4] == [0x2a, 0x4d, 0x18];
    if head.starts_with(&[0x1f, 0x8b]) {
        Compression::Gzip
    } else if zstd_frame || zstd_skippable {
        Compression::Zstd
    } else {
        Compression::None
    }
}

/// The decompressed stream of `reader` (which starts at the compressed data's beginning).
/// Gzip decodes every member of a multi-member file (`cat a.gz b.gz`, `pigz`); zstd every frame,
/// with windows up to 2 GiB (`zstd --long=31`). Corrupt data surfaces as an `io::Error` from
/// `read`. The result is unbuffered on the output side: wrap it in a `BufReader` to read lines.
///
/// # Errors
/// Only when the zstd decoder cannot be set up (out of memory); bad data is reported by `read`.
pub fn decoder<R: Read + Send + 'static>(compression: Compression, reader: R) -> io::Result<Box<dyn Read + Send>> {
    Ok(match compression {
        Compression::None => Box::new(reader),
        // `read::MultiGzDecoder` buffers its input itself.
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(reader)),
        Compression::Zstd => {
            // `Decoder::new` buffers its input itself and continues across frames.
            let mut zstd = zstd::stream::read::Decoder::new(reader)?;
            zstd.window_log_max(if cfg!(target_pointer_width = "64") { 31 } else { 30 })?;
            Box::new(zstd)
        }
    })
}

/// Reads up to [`MAGIC_LEN`] bytes from `reader` (retrying short reads, so pipes work),
/// recognises the compression and returns it with the decoded stream, the sniffed bytes
/// included. For inputs that cannot seek, such as standard input.
///
/// # Errors
/// A read error while sniffing, or the decoder's set-up error (see [`decoder`]).
pub fn sniff_and_decode<R: Read + Send + 'static>(mut reader: R) -> io::Result<(Compression, Box<dyn Read + Send>)> {
    let mut head = [0u8; MAGIC_LEN];
    let mut filled = 0;
    while filled < MAGIC_LEN {
        match reader.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    let head = head[..filled].to_vec();
    let compression = detect_compression(&head);
    let whole = io::Cursor::new(head).chain(reader);
    Ok((compression, decoder(compression, whole)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn s(text: &str) -> String {
        text.to_string()
    }

    fn touch(path: &Path) {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(path, b"{}\n").unwrap();
    }

    fn files(specs: &[InputSpec]) -> Vec<PathBuf> {
        specs
            .iter()
            .map(|spec| match &spec.source {
                SourcePath::File(path) => path.clone(),
                SourcePath::Stdin => PathBuf::from("-"),
            })
            .collect()
    }

    fn arg(path: &Path) -> String {
        path.to_str().unwrap().to_string()
    }

    /// `discover` over text arguments: its specs and errors.
    fn found<A: AsRef<OsStr>>(args: &[A], label: Option<&str>) -> (Vec<InputSpec>, Vec<InputError>) {
        let args: Vec<OsString> = args.iter().map(|a| a.as_ref().to_os_string()).collect();
        let discovery = discover(&args, label);
        (discovery.specs, discovery.errors)
    }

    // --- labels ------------------------------------------------------------------------------

    #[test]
    fn labels_from_stems() {
        let cases = [
            ("archive/vm-web01.jsonl", "vm-web01"),
            ("archive/vm-web01.jsonl.1.gz", "vm-web01"),
            ("archive/vm-web01.jsonl.1", "vm-web01"),
            ("archive/vm-web01.jsonl.23.zst", "vm-web01"),
            ("/a/vm-a.jsonl-20261124.zst", "vm-a"),
            ("/a/vm-a.jsonl-20261124", "vm-a"),
            ("/a/vm-a.jsonl-2026112403.gz", "vm-a"),
            ("/a/vm-a.jsonl-20261124T0315", "vm-a"),
            ("/a/vm-a.1.jsonl", "vm-a"),
            ("/a/vm-a.12.jsonl.gz", "vm-a"),
            ("/a/vm-a-20261124.jsonl", "vm-a"),
            ("/a/vm-a-2026-11-24T03:15:00.jsonl", "vm-a"),
            ("/a/vm-b.json", "vm-b"),
            ("/a/vm-c.log", "vm-c"),
            ("/a/vm-c.log.3.gz", "vm-c"),
            ("/a/VM-D.JSONL.GZ", "VM-D"),
            ("/a/vm-e.jsonl.zst", "vm-e"),
            ("/a/vm-01.jsonl", "vm-01"),
            ("/a/10.0.0.5.jsonl", "10.0.0.5"),
            ("/a/events.txt", "events.txt"),
            ("/a/events", "events"),
            ("/a/vm-f.jsonl.gz.tmp", "vm-f.jsonl.gz.tmp"),
            ("/a/vm-g-20261124.jsonl.1", "vm-g"),
            ("/a/10.0.0.5.jsonl.1.gz", "10.0.0.5"),
            ("/a/qemu.log.2", "qemu"),
        ];
        for (path, want) in cases {
            assert_eq!(label_for_path(Path::new(path)), want, "{path}");
        }
    }

    #[test]
    fn labels_from_parent_when_stem_is_a_date() {
        let cases = [
            ("archive/vm-web01/2026-11-24.jsonl", "vm-web01"),
            ("/archive/vm-web01/20261124.jsonl", "vm-web01"),
            ("/archive/vm-web01/20261124T031500.jsonl.gz", "vm-web01"),
            ("/archive/vm-web01/2026-11-24T03:15:00.jsonl", "vm-web01"),
            ("/archive/vm-web01/2026-11-24-03:15:00.jsonl", "vm-web01"),
            ("/archive/vm-web01/2026-11-24_031500.jsonl.1.zst", "vm-web01"),
            ("/archive/vm-web01/2026-11-24T03:15:00.123456Z.jsonl", "vm-web01"),
            ("/archive/vm-web01/2026-11-24.1.jsonl", "vm-web01"),
            ("/archive/vm-web01/2026-11-24.jsonl-20261125.gz", "vm-web01"),
            ("/archive/vm-web01/2026-11-24/2026-11-24T03.jsonl", "vm-web01"),
            ("/archive/vm-web01/2026-11-24.log", "vm-web01"),
        ];
        for (path, want) in cases {
            assert_eq!(label_for_path(Path::new(path)), want, "{path}");
        }
    }

    #[test]
    fn date_like_stems_that_are_not_dates_keep_their_name() {
        let cases = [
            ("/archive/vm/2026-13-24.jsonl", "2026-13-24"),
            ("/archive/vm/12345678.jsonl", "12345678"),
            ("/archive/vm/2026-11-24x.jsonl", "2026-11-24x"),
            ("/archive/vm/2026.jsonl", "2026"),
        ];
        for (path, want) in cases {
            assert_eq!(label_for_path(Path::new(path)), want, "{path}");
        }
    }

    #[test]
    fn date_stem_without_parent_keeps_stem() {
        assert_eq!(label_for_path(Path::new("/2026-11-24.jsonl")), "2026-11-24");
        assert_eq!(label_for_path(Path::new("/")), "/");
        assert_eq!(label_for_path(Path::new("/.jsonl")), ".jsonl");
        assert_eq!(label_for_path(Path::new("/vm-a/.jsonl")), "vm-a");
    }

    #[test]
    fn relative_date_file_takes_directory_label() {
        // The parent of a bare relative name is the current directory, which has a name.
        let label = label_for_path(Path::new("2026-11-24.jsonl"));
        let cwd = std::env::current_dir().unwrap();
        if let Some(name) = cwd.file_name()
            && !is_date_stem(&name.to_string_lossy())
        {
            assert_eq!(label, name.to_string_lossy());
        }
    }

    #[test]
    fn date_recognition() {
        for yes in [
            "2026-11-24",
            "20261124",
            "20261124T031500",
            "2026112403",
            "2026-11-24T03:15:00",
            "2026-11-24-03:15:00",
            "2026-11-24_031500",
            "2026-11-24 03:15",
            "2026-11-24T03:15:00+01:00",
            "2026-11-24T0315Z",
        ] {
            assert!(is_date_stem(yes), "{yes}");
        }
        for no in [
            "",
            "2026",
            "2026-11",
            "vm-web01",
            "2026-11-32",
            "2026-00-01",
            "20261124T",
            "2026-11-24T25",
            "2026-11-24T03:61",
            "2026-11-24Tab",
            "２０２６-11-24",
            "2026-11-24T03.",
        ] {
            assert!(!is_date_stem(no), "{no}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_names_do_not_panic() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let name = OsStr::from_bytes(b"vm-\xff.jsonl.1.gz");
        let path = dir.path().join(name);
        touch(&path);
        assert_eq!(label_for_path(&path), "vm-\\xff");
        let (specs, errors) = found(&[arg(dir.path())], None);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(specs.len(), 1);
        assert_eq!(specs[0].label, "vm-\\xff");
    }

    #[test]
    fn odd_names_do_not_panic() {
        let odd = [
            "",
            ".",
            "..",
            "-",
            ".gz",
            ".zst",
            ".jsonl.1",
            "x.jsonl-",
            "x.jsonl.",
            "é.jsonl",
            "ééé.JSONL.GZ",
            "2026-11-2",
            "20261124T",
            "2026-11-24T",
            "2026-11-24T0",
            "2026-1é-24",
            "20261124é",
            "2026112é",
            "x-2026-11-24é.jsonl",
            "x.1é.jsonl",
            "…jsonl",
            "x.jsonl-é",
            "x.jsonl.1.",
            "Z",
            "2026-11-24T03:15:00+",
            "2026-11-24T03:15:00+0",
            "x._1.jsonl",
        ];
        for name in odd {
            let _ = label_for_path(Path::new(name));
            let _ = label_for_path(&Path::new("/a/b").join(name));
            let _ = is_archive_name(name);
            let _ = is_date_stem(name);
        }
    }

    // --- archive names -----------------------------------------------------------------------

    #[test]
    fn archive_names() {
        for yes in [
            "vm.jsonl",
            "vm.jsonl.1",
            "vm.jsonl.10.gz",
            "vm.jsonl.3.zst",
            "vm.jsonl-20261124",
            "vm.jsonl-20261124.gz",
            "vm.jsonl-2026112403.zst",
            "vm.jsonl-20261124T0315",
            "vm.jsonl.gz",
            "vm.jsonl.zst",
            "vm.1.jsonl",
            "2026-11-24.jsonl",
        ] {
            assert!(is_archive_name(yes), "{yes}");
        }
        for no in [
            "vm.json",
            "vm.log",
            "vm.jsonl.tmp",
            "vm.jsonl.gz.tmp",
            "vm.jsonl.bz2",
            "vm.jsonl.",
            "vm.jsonl-",
            "vm.jsonl-abc",
            "vm.jsonl.1a",
            "vm.jsonlx",
            ".jsonl",
            ".jsonl.gz",
            "README.md",
            "vm.JSONL",
            "",
        ] {
            assert!(!is_archive_name(no), "{no}");
        }
    }

    // --- discovery ---------------------------------------------------------------------------

    #[test]
    fn directory_walk_picks_archive_names_in_sorted_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            "vm-b.jsonl",
            "vm-a.jsonl",
            "vm-a.jsonl.1.gz",
            "vm-a.jsonl-20261124.zst",
            "notes.txt",
            "vm-a.json",
            "vm-a.jsonl.swp",
            "sub/vm-c.jsonl",
            "sub/deeper/vm-d.jsonl.2",
            "sub/ignored.log",
            "vm-web01/2026-11-24.jsonl",
        ] {
            touch(&root.join(name));
        }
        let (specs, errors) = found(&[arg(root)], None);
        assert!(errors.is_empty(), "{errors:?}");
        let root = std::path::absolute(root).unwrap();
        let want: Vec<PathBuf> = [
            "sub/deeper/vm-d.jsonl.2",
            "sub/vm-c.jsonl",
            "vm-a.jsonl",
            "vm-a.jsonl-20261124.zst",
            "vm-a.jsonl.1.gz",
            "vm-b.jsonl",
            "vm-web01/2026-11-24.jsonl",
        ]
        .iter()
        .map(|name| root.join(name))
        .collect();
        assert_eq!(files(&specs), want);
        let labels: Vec<&str> = specs.iter().map(|spec| spec.label.as_str()).collect();
        assert_eq!(labels, ["vm-d", "vm-c", "vm-a", "vm-a", "vm-a", "vm-b", "vm-web01"]);
        assert!(specs.iter().all(|spec| !spec.explicit));
        assert!(specs.iter().all(|spec| match &spec.source {
            SourcePath::File(path) => path.is_absolute(),
            SourcePath::Stdin => false,
        }));
    }

    #[test]
    fn explicit_file_is_taken_whatever_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let odd = dir.path().join("capture.txt");
        touch(&odd);
        let (specs, errors) = found(&[arg(&odd)], None);
        assert!(errors.is_empty());
        assert_eq!(specs.len(), 1);
        assert_eq!(specs[0].source, SourcePath::File(odd.clone()));
        assert_eq!(specs[0].label, "capture.txt");
        assert!(specs[0].explicit);
    }

    #[test]
    fn relative_arguments_become_absolute() {
        // Relative to the current directory, which the test does not change: use the crate's
        // own Cargo.toml, which is sure to exist.
        let (specs, errors) = found(&[s("Cargo.toml")], None);
        assert!(errors.is_empty());
        let want = std::env::current_dir().unwrap().join("Cargo.toml");
        assert_eq!(specs[0].source, SourcePath::File(want));
    }

    #[test]
    fn stdin_is_labelled_and_listed_once() {
        let (specs, errors) = found(&[s("-"), s("-")], None);
        assert!(errors.is_empty());
        assert_eq!(specs, vec![InputSpec { source: SourcePath::Stdin, label: s("stdin"), explicit: true }]);
        assert_eq!(SourcePath::Stdin.to_string(), "-");
    }

    #[test]
    fn label_override_applies_to_all() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("vm-a.jsonl"));
        touch(&dir.path().join("vm-b.jsonl.1"));
        let (specs, _) = found(&[arg(dir.path()), s("-")], Some("rack-7"));
        assert_eq!(specs.len(), 3);
        assert!(specs.iter().all(|spec| spec.label == "rack-7"));
    }

    #[test]
    fn glob_expansion_with_quoted_pattern() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            "archive/vm-a.jsonl",
            "archive/vm-b.jsonl",
            "archive/vm-b.jsonl.1",
            "archive/notes.txt",
            "archive/sub/vm-c.jsonl",
            "archive/vm-web01/2026-11-24.jsonl",
            "archive/vm-web01/2026-11-25.jsonl.gz",
            "archive/vm-web02/2026-11-24.jsonl",
            "archive/vm-web02/readme.md",
            "other/vm-z.jsonl",
        ] {
            touch(&root.join(name));
        }
        let archive = root.join("archive");

        // `*` does not cross `/`.
        let (specs, errors) = found(&[format!("{}/*.jsonl", arg(&archive))], None);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(files(&specs), vec![archive.join("vm-a.jsonl"), archive.join("vm-b.jsonl")]);
        assert!(specs.iter().all(|spec| !spec.explicit));

        // Wildcards in directory components, labels from parents.
        let (specs, errors) = found(&[format!("{}/vm-web*/*.jsonl*", arg(&archive))], None);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            files(&specs),
            vec![
                archive.join("vm-web01/2026-11-24.jsonl"),
                archive.join("vm-web01/2026-11-25.jsonl.gz"),
                archive.join("vm-web02/2026-11-24.jsonl"),
            ]
        );
        let labels: Vec<&str> = specs.iter().map(|spec| spec.label.as_str()).collect();
        assert_eq!(labels, ["vm-web01", "vm-web01", "vm-web02"]);

        // `**` crosses directories; files matched by the glob are taken whatever their names.
        let (specs, errors) = found(&[format!("{}/**/*.txt", arg(root))], None);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(files(&specs), vec![archive.join("notes.txt")]);

        // Braces and character classes.
        let (specs, errors) = found(&[format!("{}/vm-[ab].jsonl{{,.1}}", arg(&archive))], None);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            files(&specs),
            vec![archive.join("vm-a.jsonl"), archive.join("vm-b.jsonl"), archive.join("vm-b.jsonl.1"),]
        );

        // A `/` inside braces: no per-component pruning, still correct.
        let (specs, errors) = found(&[format!("{}/{{sub/vm-c,vm-a}}.jsonl", arg(&archive))], None);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(files(&specs), vec![archive.join("sub/vm-c.jsonl"), archive.join("vm-a.jsonl")]);
    }

    #[test]
    fn glob_matching_a_directory_walks_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            "archive/vm-web01/2026-11-24.jsonl",
            "archive/vm-web01/old/2026-11-23.jsonl.1.gz",
            "archive/vm-web01/readme.md",
            "archive/vm-web02/2026-11-24.jsonl",
            "archive/db-01/2026-11-24.jsonl",
        ] {
            touch(&root.join(name));
        }
        let archive = root.join("archive");
        let (specs, errors) = found(&[format!("{}/vm-*", arg(&archive))], None);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            files(&specs),
            vec![
                archive.join("vm-web01/2026-11-24.jsonl"),
                archive.join("vm-web01/old/2026-11-23.jsonl.1.gz"),
                archive.join("vm-web02/2026-11-24.jsonl"),
            ]
        );
        // The nearest non-date ancestor of `old/2026-11-23…` is `old`.
        let labels: Vec<&str> = specs.iter().map(|spec| spec.label.as_str()).collect();
        assert_eq!(labels, ["vm-web01", "old", "vm-web02"]);

        // `**` matches directories at every depth and files whatever their names; each file
        // comes back once, in sorted path order.
        let (specs, errors) = found(&[format!("{}/vm-web01/**", arg(&archive))], None);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            files(&specs),
            vec![
                archive.join("vm-web01/2026-11-24.jsonl"),
                archive.join("vm-web01/old/2026-11-23.jsonl.1.gz"),
                archive.join("vm-web01/readme.md"),
            ]
        );
    }

    #[test]
    fn relative_glob_from_current_directory() {
        // `src/*.rs` is relative to the crate root, the test's working directory.
        let (specs, errors) = found(&[s("src/*.rs")], None);
        assert!(errors.is_empty(), "{errors:?}");
        let cwd = std::env::current_dir().unwrap();
        assert!(files(&specs).contains(&cwd.join("src/input.rs")));
        // A pattern with no literal prefix walks `.`; paths come back without `./`.
        let (specs, errors) = found(&[s("Cargo.t?ml")], None);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(files(&specs), vec![cwd.join("Cargo.toml")]);
    }

    #[test]
    fn errors_do_not_stop_other_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("vm-a.jsonl");
        touch(&good);
        let missing = arg(&dir.path().join("vm-missing.jsonl"));
        let empty_glob = format!("{}/*.nothing", arg(dir.path()));
        let glob_in_missing_dir = format!("{}/nope/*.jsonl", arg(dir.path()));
        let bad_glob = format!("{}/[abc.jsonl", arg(dir.path()));
        let args = vec![
            missing.clone(),
            empty_glob.clone(),
            arg(&good),
            glob_in_missing_dir.clone(),
            bad_glob.clone(),
            s("-"),
            s(""),
        ];
        let (specs, errors) = found(&args, None);
        assert_eq!(files(&specs), vec![good.clone(), PathBuf::from("-")]);
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 5, "{messages:?}");
        assert_eq!(messages[0], format!("{missing}: no such file or directory"));
        assert_eq!(messages[1], format!("'{empty_glob}': glob matched no files"));
        assert_eq!(messages[2], format!("'{glob_in_missing_dir}': glob matched no files"));
        assert!(messages[3].starts_with(&format!("'{bad_glob}': invalid glob: ")), "{}", messages[3]);
        assert_eq!(messages[4], "'': no such file or directory");
        assert!(matches!(&errors[0], InputError::NotFound { arg } if *arg == missing));
        assert_eq!(errors[1].subject(), empty_glob);
        assert!(messages.iter().all(|m| !m.contains('\n')));
    }

    #[test]
    fn dedup_keeps_first_occurrence() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("vm-a.jsonl");
        let b = dir.path().join("vm-b.jsonl");
        touch(&a);
        touch(&b);
        // Same file through a `..` detour, the directory, and a glob.
        let detour = dir.path().join("sub/../vm-b.jsonl");
        fs::create_dir(dir.path().join("sub")).unwrap();
        let args = vec![arg(&b), arg(dir.path()), arg(&detour), format!("{}/*.jsonl", arg(dir.path())), arg(&a)];
        let (specs, errors) = found(&args, None);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(files(&specs), vec![b.clone(), a.clone()]);
        // `a` was first found in the directory, then named: it counts as explicit.
        assert!(specs[0].explicit && specs[1].explicit);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_dedup_and_loops_are_harmless() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(&root.join("data/vm-a.jsonl"));
        symlink(root.join("data/vm-a.jsonl"), root.join("data/current.jsonl")).unwrap();
        symlink(root.join("data"), root.join("data/loop")).unwrap();
        symlink(root.join("data/gone.jsonl.tmp"), root.join("data/dangling.txt")).unwrap();
        let (specs, errors) = found(&[arg(&root.join("data"))], None);
        assert!(errors.is_empty(), "{errors:?}");
        // `current.jsonl` sorts first and wins; `vm-a.jsonl` is the same file.
        assert_eq!(files(&specs), vec![root.join("data/current.jsonl")]);
        assert_eq!(specs[0].label, "current");

        // A dangling link with an archive name is reported, the rest still imported.
        symlink(root.join("data/gone"), root.join("data/vm-gone.jsonl")).unwrap();
        let (specs, errors) = found(&[arg(&root.join("data"))], None);
        assert_eq!(specs.len(), 1);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(matches!(errors[0], InputError::FileUnreadable { .. }));
        assert!(errors[0].to_string().ends_with("vm-gone.jsonl: cannot read: no such file or directory"));
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_directory_is_reported() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        touch(&locked.join("vm-x.jsonl"));
        touch(&dir.path().join("vm-a.jsonl"));
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        let readable = fs::read_dir(&locked).is_ok(); // true when running as root
        let glob_in_locked = format!("{}/*.jsonl", arg(&locked));
        let glob_through_locked = format!("{}/*/*.jsonl", arg(dir.path()));
        let (specs, errors) = found(&[arg(dir.path()), glob_in_locked, glob_through_locked.clone()], None);
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        if readable {
            assert_eq!(specs.len(), 2);
            return;
        }
        assert_eq!(files(&specs), vec![dir.path().join("vm-a.jsonl")]);
        // The same directory is reported once; a glob whose own directory is unreadable gets no
        // extra "matched no files", one that merely met it on the way does.
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                format!("{}: cannot read directory: permission denied", arg(&locked)),
                format!("'{glob_through_locked}': glob matched no files"),
            ]
        );
    }

    #[test]
    fn error_messages() {
        let denied = || io::Error::from_raw_os_error(13);
        assert_eq!(InputError::NotFound { arg: s("vm-a.jsonl") }.to_string(), "vm-a.jsonl: no such file or directory");
        assert_eq!(
            InputError::GlobNoMatch { pattern: s("archive/*.jsonl") }.to_string(),
            "'archive/*.jsonl': glob matched no files"
        );
        assert_eq!(
            InputError::DirectoryUnreadable { path: PathBuf::from("archive/"), cause: denied() }.to_string(),
            "archive/: cannot read directory: permission denied"
        );
        assert_eq!(
            InputError::Inaccessible { path: PathBuf::from("x/vm.jsonl"), cause: denied() }.to_string(),
            "x/vm.jsonl: cannot access: permission denied"
        );
        assert_eq!(crate::report::io_cause(&io::Error::other("EOF reached")), "EOF reached");
    }

    // --- compression -------------------------------------------------------------------------

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    fn read_all(mut reader: Box<dyn Read + Send>) -> Vec<u8> {
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn detects_compression_by_magic() {
        assert_eq!(detect_compression(b"{\"event\": \"X\"}"), Compression::None);
        assert_eq!(detect_compression(&gzip(b"x")), Compression::Gzip);
        let zst = zstd::encode_all(&b"x"[..], 3).unwrap();
        assert_eq!(detect_compression(&zst), Compression::Zstd);
        assert_eq!(detect_compression(&[0x1f, 0x8b]), Compression::Gzip);
        assert_eq!(detect_compression(&[0x28, 0xb5, 0x2f, 0xfd]), Compression::Zstd);
        assert_eq!(detect_compression(&[0x50, 0x2a, 0x4d, 0x18]), Compression::Zstd);
        // Short or empty inputs.
        assert_eq!(detect_compression(&[]), Compression::None);
        assert_eq!(detect_compression(&[0x1f]), Compression::None);
        assert_eq!(detect_compression(&[0x28, 0xb5, 0x2f]), Compression::None);
        assert_eq!(detect_compression(&[0x50, 0x2a]), Compression::None);
        assert_eq!(detect_compression(b"\n"), Compression::None);
    }

    #[test]
    fn gzip_multi_member_is_read_whole() {
        let mut data = gzip(b"{\"event\":\"A\"}\n");
        data.extend(gzip(b"{\"event\":\"B\"}\n"));
        let out = read_all(decoder(Compression::Gzip, io::Cursor::new(data)).unwrap());
        assert_eq!(out, b"{\"event\":\"A\"}\n{\"event\":\"B\"}\n");
    }

    #[test]
    fn zstd_decodes_every_frame() {
        let mut data = zstd::encode_all(&b"{\"event\":\"A\"}\n"[..], 3).unwrap();
        data.extend(zstd::encode_all(&b"{\"event\":\"B\"}\n"[..], 19).unwrap());
        let out = read_all(decoder(Compression::Zstd, io::Cursor::new(data)).unwrap());
        assert_eq!(out, b"{\"event\":\"A\"}\n{\"event\":\"B\"}\n");
    }

    #[test]
    fn plain_passes_through() {
        let out = read_all(decoder(Compression::None, io::Cursor::new(b"abc\n".to_vec())).unwrap());
        assert_eq!(out, b"abc\n");
    }

    #[test]
    fn corrupt_compressed_data_is_an_error_not_a_panic() {
        let mut data = gzip(b"hello\n");
        let mid = data.len() / 2;
        data.truncate(mid);
        let mut reader = decoder(Compression::Gzip, io::Cursor::new(data)).unwrap();
        assert!(reader.read_to_end(&mut Vec::new()).is_err());
        let mut reader = decoder(Compression::Zstd, io::Cursor::new(b"\x28\xb5\x2f\xfdjunk".to_vec())).unwrap();
        assert!(reader.read_to_end(&mut Vec::new()).is_err());
    }

    /// Hands out one byte per `read`, like a slow pipe.
    struct Trickle(io::Cursor<Vec<u8>>);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(1);
            self.0.read(&mut buf[..n])
        }
    }

    #[test]
    fn sniff_and_decode_handles_short_reads() {
        let data = zstd::encode_all(&b"line\n"[..], 3).unwrap();
        let (compression, reader) = sniff_and_decode(Trickle(io::Cursor::new(data))).unwrap();
        assert_eq!(compression, Compression::Zstd);
        assert_eq!(read_all(reader), b"line\n");

        let (compression, reader) = sniff_and_decode(Trickle(io::Cursor::new(gzip(b"g\n")))).unwrap();
        assert_eq!(compression, Compression::Gzip);
        assert_eq!(read_all(reader), b"g\n");

        let (compression, reader) = sniff_and_decode(io::Cursor::new(b"{}".to_vec())).unwrap();
        assert_eq!(compression, Compression::None);
        assert_eq!(read_all(reader), b"{}");

        let (compression, reader) = sniff_and_decode(io::empty()).unwrap();
        assert_eq!(compression, Compression::None);
        assert!(read_all(reader).is_empty());
    }
}
