//! Report: what the user sees — the progress bar (stderr, terminals only), the end-of-run
//! summary for people (stderr) or as one JSON object (stdout, `--json`), and the per-file
//! results the exit code is decided from.

use crate::catalog::EVENTS;
use crate::input::one_line;
use crate::split::Position;
use crate::store::Counts;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use std::io::Write;
use std::time::Duration;

/// What happened to one source in this run (the `status` values of README's "--json summary").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not seen before.
    #[default]
    New,
    /// Known and longer than last time: the new lines were imported.
    Grown,
    /// Already imported; nothing new.
    Unchanged,
    /// Known content under a new name (rotation, a move).
    Renamed,
    /// Its path held other content before: a new source.
    Replaced,
    /// Could not be read; the message says why.
    Error,
}

/// A rejected line, for the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectNote {
    /// Where the line is.
    pub at: Position,
    /// What was wrong.
    pub reason: String,
}

/// One source's result.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FileReport {
    /// Absolute path, or `-` for standard input.
    pub path: String,
    /// The VM label its rows carry.
    pub label: String,
    /// What happened to it.
    pub status: Status,
    /// How it was read (`files.format`: `qmp`, `virsh`, `virsh-receive-time`, `libvirt-log`,
    /// `kubevirt`); empty when it was not read.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub format: String,
    /// Lines of this run.
    #[serde(flatten)]
    pub counts: Counts,
    /// A final line without newline, left for the next run (0 or 1).
    pub pending: u64,
    /// Bytes read from disk in this run (compressed bytes for `.gz`/`.zst`).
    pub bytes: u64,
    /// Why it failed, when `status` is `error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The VMs whose events this run read from it, in order of appearance, for sources that
    /// name the VM of each event (virsh output, libvirt daemon logs).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vms: Vec<String>,
    /// The first rejected lines.
    #[serde(skip)]
    pub reject_notes: Vec<RejectNote>,
}

impl FileReport {
    /// `PATH: a libvirt daemon log, events of 3 VMs: web01, db01, web 02` (one line).
    fn read_as(&self) -> String {
        const SHOWN: usize = 5;
        let format = crate::formats::Format::from_name(&self.format).map_or(self.format.as_str(), |f| f.describe());
        let mut names: Vec<String> = self.vms.iter().take(SHOWN).map(|vm| one_line(vm).into_owned()).collect();
        if self.vms.len() > SHOWN {
            names.push(format!("and {} more", self.vms.len() - SHOWN));
        }
        format!(
            "{}: {format}, events of {}: {}\n",
            one_line(&self.path),
            plural(self.vms.len() as u64, "VM", "VMs"),
            names.join(", ")
        )
    }

    /// A report for `path` before anything happened.
    pub fn new(path: &str, label: &str) -> FileReport {
        FileReport { path: path.to_string(), label: label.to_string(), ..FileReport::default() }
    }

    /// A report for an input that could not even be found or opened.
    pub fn failed(path: &str, message: String) -> FileReport {
        FileReport { path: path.to_string(), status: Status::Error, error: Some(message), ..FileReport::default() }
    }
}

/// The whole run.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Every source, in the order read.
    pub files: Vec<FileReport>,
    /// Totals over `files`.
    #[serde(flatten)]
    pub totals: Counts,
    /// Pending lines over all files.
    pub pending: u64,
    /// Bytes read from disk over all files.
    pub bytes: u64,
    /// Inputs passed over on purpose (the database itself, a FIFO in a directory), one line each.
    pub warnings: Vec<String>,
    /// The signal (SIGINT, SIGTERM) that stopped the run early, if one did.
    #[serde(serialize_with = "signal_name")]
    pub interrupted: Option<i32>,
    /// Wall time of the run.
    #[serde(serialize_with = "seconds", rename = "elapsed_s")]
    pub elapsed: Duration,
    /// Typed rows per catalog event, in catalog order.
    #[serde(skip)]
    pub event_counts: [u64; EVENTS.len()],
}

/// `1 line`, `2 lines`.
fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn signal_name<S: serde::Serializer>(signal: &Option<i32>, s: S) -> Result<S::Ok, S::Error> {
    match signal {
        Some(signal) => s.serialize_str(crate::interrupt::name(*signal)),
        None => s.serialize_none(),
    }
}

fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1000.0).round() / 1000.0)
}

impl Default for Summary {
    fn default() -> Summary {
        Summary {
            files: Vec::new(),
            totals: Counts::default(),
            pending: 0,
            bytes: 0,
            warnings: Vec::new(),
            interrupted: None,
            elapsed: Duration::ZERO,
            event_counts: [0; EVENTS.len()],
        }
    }
}

impl Summary {
    /// Sums the per-file counts into the totals.
    pub fn total_up(&mut self) {
        self.totals = Counts::default();
        self.pending = 0;
        self.bytes = 0;
        for file in &self.files {
            self.totals.add(&file.counts);
            self.pending += file.pending;
            self.bytes += file.bytes;
        }
    }

    /// Whether some input could not be read.
    pub fn had_errors(&self) -> bool {
        self.files.iter().any(|f| f.status == Status::Error)
    }

    /// The most frequent event types of this run, most first.
    pub fn top_events(&self, n: usize) -> Vec<(&'static str, u64)> {
        let mut counts: Vec<(&'static str, u64)> =
            EVENTS.iter().zip(self.event_counts).filter(|(_, c)| *c > 0).map(|(def, c)| (def.name, c)).collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        counts.truncate(n);
        counts
    }

    /// The one line for a run that a signal stopped.
    pub fn interrupted_line(&self, signal: i32) -> String {
        format!(
            "interrupted by {}: {} and {} committed in this run are kept; a re-run resumes where this one stopped",
            crate::interrupt::name(signal),
            plural(self.totals.lines, "line", "lines"),
            plural(self.totals.typed + self.totals.unknown, "event", "events"),
        )
    }

    /// The human summary (a short block for stderr).
    pub fn human(&self, rejects_listed: usize) -> String {
        let mut out = String::new();
        let count = |status: Status| self.files.iter().filter(|f| f.status == status).count();
        let t = &self.totals;
        out.push_str(&format!(
            "{}: {} new, {} grown, {} unchanged, {} renamed, {} replaced, {} errors\n",
            plural(self.files.len() as u64, "file", "files"),
            count(Status::New),
            count(Status::Grown),
            count(Status::Unchanged),
            count(Status::Renamed),
            count(Status::Replaced),
            count(Status::Error),
        ));
        let secs = self.elapsed.as_secs_f64();
        out.push_str(&format!(
            "{}: {}, {}, {} rejected, {}, {}, {} pending; {:.2} s, {:.1} MiB/s, {:.0} events/s\n",
            plural(t.lines, "line", "lines"),
            plural(t.typed, "typed event", "typed events"),
            plural(t.unknown, "unknown event", "unknown events"),
            t.rejects,
            plural(t.non_event, "non-event line", "non-event lines"),
            plural(t.blank, "blank line", "blank lines"),
            self.pending,
            secs,
            if secs > 0.0 { self.bytes as f64 / secs / 1048576.0 } else { 0.0 },
            if secs > 0.0 { (t.typed + t.unknown) as f64 / secs } else { 0.0 }
        ));
        let top = self.top_events(5);
        if !top.is_empty() {
            let list: Vec<String> = top.iter().map(|(name, n)| format!("{name} {n}")).collect();
            out.push_str(&format!("top events: {}\n", list.join(", ")));
        }
        for file in self.files.iter().filter(|f| !f.vms.is_empty()) {
            out.push_str(&file.read_as());
        }
        let mut listed = 0;
        for file in &self.files {
            for note in &file.reject_notes {
                if listed < rejects_listed {
                    out.push_str(&format!(
                        "{}:{}: {} (the line starts at byte {} of the file)\n",
                        one_line(&file.path),
                        note.at.line,
                        one_line(&note.reason),
                        note.at.byte
                    ));
                    listed += 1;
                }
            }
        }
        if t.rejects as usize > listed && listed > 0 {
            out.push_str(&format!("and {} more — see the rejects table\n", t.rejects as usize - listed));
        }
        out
    }

    /// The `--json` summary.
    pub fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()))
    }
}

/// Writes `bytes` to stdout; a closed pipe (`| head`, `| true`) is not an error: whoever
/// closed it did not want the rest.
pub fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes `text` to stderr. A stderr that cannot be written (`2>/dev/full`, a closed pipe)
/// loses the text but never stops the run: there is nowhere left to complain.
pub fn write_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// An I/O error as a short lower-case phrase: "permission denied", not
/// "Permission denied (os error 13)".
pub fn io_cause(error: &std::io::Error) -> String {
    let text = error.to_string();
    let text = match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => &text[..at],
        _ => text.as_str(),
    };
    let mut chars = text.chars();
    match chars.next() {
        // Lower-case only a capitalised word ("Permission"), not an acronym ("EOF").
        Some(first) if first.is_uppercase() && !chars.next().is_some_and(char::is_uppercase) => {
            first.to_lowercase().chain(text[first.len_utf8()..].chars()).collect()
        }
        _ => text.to_string(),
    }
}

/// An error and its causes as one line: `a: b: c`, each cause once. SQLite's and the OS's
/// wording is kept, their codes ("Error code 778: ", " (os error 28)") are not, and a cause
/// that only repeats what was already said is left out.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = next {
        let text = e.to_string();
        let text = match text.strip_prefix("Error code ") {
            Some(rest) => rest.split_once(": ").map_or(rest, |(_, words)| words).to_string(),
            None => text,
        };
        let text = match text.rfind(" (os error ") {
            Some(at) if text.ends_with(')') => text[..at].to_string(),
            _ => text,
        };
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = e.source();
    }
    parts.join(": ")
}

/// `qmp-ingest: error: …` on stderr, one line (control characters escaped).
pub fn error(message: &str) {
    write_stderr(&format!("qmp-ingest: error: {}\n", crate::input::one_line(message)));
}

/// `qmp-ingest: warning: …` on stderr, one line (control characters escaped).
pub fn warning(message: &str) {
    write_stderr(&format!("qmp-ingest: warning: {}\n", crate::input::one_line(message)));
}

/// The progress bar; does nothing unless enabled (stderr is a terminal and `--quiet` is off).
pub struct Progress {
    bar: Option<ProgressBar>,
    state: std::sync::Mutex<ProgressState>,
}

#[derive(Default)]
struct ProgressState {
    file: String,
    events: u64,
    started: Option<std::time::Instant>,
}

impl Progress {
    /// A bar on stderr when `enabled`, else a no-op. Plain characters only, so `NO_COLOR`
    /// terminals get no colour from us.
    pub fn new(enabled: bool) -> Progress {
        let state =
            std::sync::Mutex::new(ProgressState { started: Some(std::time::Instant::now()), ..Default::default() });
        if !enabled {
            return Progress { bar: None, state };
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr_with_hz(10));
        let template = "{bytes}/{total_bytes} {binary_bytes_per_sec} [{bar:30}] {msg}";
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress { bar: Some(bar), state }
    }

    /// Total bytes across inputs (on disk: compressed bytes for `.gz`/`.zst`).
    pub fn set_total(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(bytes);
        }
    }

    /// The file being read.
    pub fn set_file(&self, path: &str) {
        if let Some(bar) = &self.bar {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            state.file = path.rsplit('/').next().unwrap_or(path).to_string();
            bar.set_message(state.message());
        }
    }

    /// `bytes` more read (on disk), `events` more stored.
    pub fn advance(&self, bytes: u64, events: u64) {
        if let Some(bar) = &self.bar {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            state.events += events;
            bar.inc(bytes);
            bar.set_message(state.message());
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl ProgressState {
    fn message(&self) -> String {
        let secs = self.started.map_or(0.0, |s| s.elapsed().as_secs_f64());
        let rate = if secs > 0.0 { self.events as f64 / secs } else { 0.0 };
        format!("{:.0} events/s {}", rate, self.file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("{0}")]
    struct Text(&'static str, #[source] Option<Box<Text>>);

    #[test]
    fn an_error_chain_states_each_cause_once_without_codes() {
        let sqlite = Text("Error code 13: database or disk is full", None);
        let outer = Text("database or disk is full", Some(Box::new(sqlite)));
        let top = Text("/x/e.db: database error", Some(Box::new(outer)));
        assert_eq!(error_chain(&top), "/x/e.db: database error: database or disk is full");
        let io = std::io::Error::from_raw_os_error(28);
        assert_eq!(error_chain(&io), "No space left on device");
        assert_eq!(io_cause(&io), "no space left on device");
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "unknown event", "unknown events"), "1 unknown event");
        assert_eq!(plural(0, "line", "lines"), "0 lines");
    }
}
