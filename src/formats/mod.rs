//! Formats: the ways QMP events reach a file, recognised by content, and the readers that turn
//! one physical line of each into what the parser needs.
//!
//! A source is raw QMP ([`Format::Qmp`], one event a line, as it always was), the output of
//! `virsh qemu-monitor-event --loop` ([`virsh`], plain or `--timestamp`), a libvirt daemon log
//! ([`libvirt_log`]) or a KubeVirt virt-launcher log ([`kubevirt`]). [`detect`] tells them apart
//! from a source's first lines; a [`Reader`] then classifies each line (without its `\n`) as a
//! [`Line`]: an event with the exact QMP JSON to hand to [`crate::parse::Parser::parse_line`],
//! the VM label when the format names it and, for virsh `--timestamp`, the receive time; or a
//! line that is counted but is not an event; or a reject with its reason. The readers never look
//! at the event's members: typing stays in [`crate::parse`].

pub mod kubevirt;
pub mod libvirt_log;
#[cfg(test)]
mod samples;
mod time;
pub mod virsh;

use std::borrow::Cow;

pub use libvirt_log::{LibvirtLog, MonitorMap, StateError};

/// How a source is read. [`Format::name`] is the value of `files.format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Raw QMP lines (JSONL).
    Qmp,
    /// `virsh qemu-monitor-event --loop` output: QEMU's timestamp, the domain named per event.
    Virsh,
    /// The same with `--timestamp`: virsh's receive time (milliseconds) instead of QEMU's.
    VirshReceiveTime,
    /// A libvirt daemon log (`libvirtd.log`, `virtqemud.log`) with the QEMU monitor logged.
    LibvirtLog,
    /// A KubeVirt virt-launcher log: libvirt records inside JSON log lines, one VM.
    Kubevirt,
}

impl Format {
    /// Every format, in the order `--format` lists them.
    pub const ALL: [Format; 5] =
        [Format::Qmp, Format::Virsh, Format::VirshReceiveTime, Format::LibvirtLog, Format::Kubevirt];

    /// The name stored in `files.format`: `qmp`, `virsh`, `virsh-receive-time`, `libvirt-log`,
    /// `kubevirt`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Qmp => "qmp",
            Format::Virsh => "virsh",
            Format::VirshReceiveTime => "virsh-receive-time",
            Format::LibvirtLog => "libvirt-log",
            Format::Kubevirt => "kubevirt",
        }
    }

    /// What the format is, for people: `a libvirt daemon log`.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Qmp => "raw QMP",
            Format::Virsh => "virsh qemu-monitor-event output",
            Format::VirshReceiveTime => "virsh qemu-monitor-event --timestamp output",
            Format::LibvirtLog => "a libvirt daemon log",
            Format::Kubevirt => "a KubeVirt virt-launcher log",
        }
    }

    /// The format named `name` (as [`Format::name`] prints it), if any.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether `ts_us` of this format's events is a receive time rather than QEMU's timestamp.
    pub fn receive_time(self) -> bool {
        self == Format::VirshReceiveTime
    }
}

/// How many of a source's first non-blank lines [`detect`] looks at before settling on QMP.
const DETECT_LINES: usize = 16;

/// The format of a source, from its first bytes (say the first 64 KiB, decompressed).
///
/// The first line that looks like one of the libvirt formats decides; a JSON object line that is
/// not a KubeVirt log line decides for QMP, and so does anything else: raw QMP stays the default,
/// read exactly as before. A UTF-8 byte order mark at the start is skipped.
pub fn detect(head: &[u8]) -> Format {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let lines = head.split(|&b| b == b'\n').filter(|l| !crate::parse::is_blank(l)).take(DETECT_LINES);
    for line in lines {
        let line = trim_cr(line);
        if line.first() == Some(&b'{') {
            return if kubevirt::looks_like(line) { Format::Kubevirt } else { Format::Qmp };
        }
        if virsh::looks_like_plain(line) {
            return Format::Virsh;
        }
        if virsh::looks_like_receive_time(line) {
            return Format::VirshReceiveTime;
        }
        if libvirt_log::looks_like(line) {
            return Format::LibvirtLog;
        }
    }
    Format::Qmp
}

/// What one physical line of a source holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Line<'a> {
    /// An event: parse [`Event::json`] with the parser.
    Event(Event<'a>),
    /// A record or line that is not an event (another log record, a continuation line, virsh's
    /// closing lines): counted as `non_event`, not stored, never rejected.
    NotEvent,
    /// Nothing but whitespace: counted as `blank`.
    Blank,
    /// A line the format cannot read; the reason is for people (stored in `rejects.reason`).
    Rejected(String),
}

/// An event found in a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<'a> {
    /// A QMP event line for [`crate::parse::Parser::parse_line`]: QEMU's own line, borrowed from
    /// the physical line when it stands there verbatim (libvirt log, raw QMP), otherwise owned
    /// (unescaped from a KubeVirt log line; rebuilt from virsh's pieces).
    pub json: Cow<'a, [u8]>,
    /// Where `json` starts in the physical line when it is a verbatim slice of it, so a byte
    /// position in a parser's reject reason can be moved to the physical line.
    pub at: Option<usize>,
    /// The VM the format names for this event (virsh's domain, the libvirt log's monitor's
    /// domain); `None` when the format does not name it (raw QMP, KubeVirt: the file's label) or
    /// does not know it (a monitor opened before the log starts).
    pub label: Option<Cow<'a, str>>,
    /// `ts_us` to store instead of the one in `json`: virsh's receive time for
    /// [`Format::VirshReceiveTime`] (then `json` carries no timestamp).
    pub receive_time_us: Option<i64>,
}

impl<'a> Event<'a> {
    fn borrowed(json: &'a [u8], at: usize, label: Option<Cow<'a, str>>) -> Event<'a> {
        Event { json: Cow::Borrowed(json), at: Some(at), label, receive_time_us: None }
    }
}

/// Reads the lines of one source in one format, in order. Stateless except for the libvirt log,
/// whose [`MonitorMap`] ties monitors to domains: use one reader per source, feed it every line
/// in order, and persist [`Reader::state`] with each committed batch to resume later.
#[derive(Debug, Clone)]
pub enum Reader {
    /// Raw QMP: every line goes to the parser as it is.
    Qmp,
    /// virsh output, plain or `--timestamp` (each line says which).
    Virsh,
    /// A libvirt daemon log.
    LibvirtLog(LibvirtLog),
    /// A KubeVirt virt-launcher log.
    Kubevirt,
}

impl Reader {
    /// A reader for a source in `format`, starting with no monitor known.
    pub fn new(format: Format) -> Reader {
        match format {
            Format::Qmp => Reader::Qmp,
            Format::Virsh | Format::VirshReceiveTime => Reader::Virsh,
            Format::LibvirtLog => Reader::LibvirtLog(LibvirtLog::new()),
            Format::Kubevirt => Reader::Kubevirt,
        }
    }

    /// A reader resuming after a line where [`Reader::state`] returned `state` (`None`: nothing
    /// was saved, start fresh).
    pub fn resume(format: Format, state: Option<&str>) -> Result<Reader, StateError> {
        match (format, state) {
            (Format::LibvirtLog, Some(state)) => {
                Ok(Reader::LibvirtLog(LibvirtLog::with_map(MonitorMap::from_state(state)?)))
            }
            _ => Ok(Reader::new(format)),
        }
    }

    /// What must be saved to resume after the last line read: the libvirt log's monitor map as a
    /// compact string; `None` for the stateless formats.
    pub fn state(&self) -> Option<String> {
        match self {
            Reader::LibvirtLog(log) => Some(log.map().to_state()),
            _ => None,
        }
    }

    /// Classifies one physical line (without its `\n`; a final `\r` is allowed).
    pub fn read_line<'a>(&mut self, line: &'a [u8]) -> Line<'a> {
        match self {
            Reader::Qmp => Line::Event(Event::borrowed(line, 0, None)),
            Reader::Virsh => virsh::read_line(line),
            Reader::LibvirtLog(log) => log.read_line(line),
            Reader::Kubevirt => kubevirt::read_line(line),
        }
    }
}

/// `line` without one final `\r`.
fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/tests/data/libvirt/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn detects_every_recorded_format() {
        for (name, format) in [
            ("virsh-plain.txt", Format::Virsh),
            ("virsh-domain.txt", Format::Virsh),
            ("virsh-pretty.txt", Format::Virsh),
            ("virsh-timestamp.txt", Format::VirshReceiveTime),
            ("libvirtd-info.log", Format::LibvirtLog),
            ("libvirtd-debug.log", Format::LibvirtLog),
            ("rotated/libvirtd.log", Format::LibvirtLog),
            ("rotated/libvirtd.log.1", Format::LibvirtLog),
            ("virt-launcher-web01.log", Format::Kubevirt),
        ] {
            assert_eq!(detect(&fixture(name)), format, "{name}");
        }
    }

    #[test]
    fn raw_qmp_and_anything_unrecognised_stay_qmp() {
        let qmp = br#"{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "STOP"}"#;
        assert_eq!(detect(qmp), Format::Qmp);
        assert_eq!(detect(b"\n\n{\"QMP\": {}}\n"), Format::Qmp);
        assert_eq!(detect(b""), Format::Qmp);
        assert_eq!(detect(b"not json at all\nnor this\n"), Format::Qmp);
        // A QMP line whose data happens to mention virt-launcher is still QMP.
        assert_eq!(detect(br#"{"event": "X", "data": {"component": "virt-launcher"}}"#), Format::Qmp);
        // Blank lines and a byte order mark before the first line do not hide it.
        assert_eq!(detect(b"\xEF\xBB\xBF\r\nevent STOP at 1.000002 for domain 'a': <null>\r\n"), Format::Virsh);
    }

    #[test]
    fn names_round_trip() {
        for format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
        }
        assert_eq!(Format::from_name("auto"), None);
        assert!(Format::VirshReceiveTime.receive_time() && !Format::Virsh.receive_time());
    }

    #[test]
    fn qmp_reader_passes_lines_through_unchanged() {
        let line = br#"{"event": "STOP"}"#;
        let Line::Event(event) = Reader::new(Format::Qmp).read_line(line) else { panic!("not an event") };
        assert!(matches!(event.json, Cow::Borrowed(b) if b == line));
        assert_eq!((event.label, event.receive_time_us, event.at), (None, None, Some(0)));
    }
}
