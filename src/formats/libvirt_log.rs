//! The libvirt daemon log (`libvirtd.log`, `virtqemud.log`, `log_outputs="…:file:PATH"`) and the
//! [`MonitorMap`] that names the domain of each event in it.
//!
//! A record is `TIME: THREAD: LEVEL : FUNCTION:LINE : MESSAGE` (libvirt's `virLogFormatString`;
//! `TIME: THREAD: LEVEL : MESSAGE` when there is no function). A message may hold newlines — a
//! monitor command ends in `\r\n`, so its record goes on in a continuation line (` fd=-1`,
//! ` len=49 ret=49 errno=0`). Only `QEMU_MONITOR_RECV_EVENT: mon=0x… event=JSON` records are
//! events, JSON being QEMU's line as received. They do not name the domain; these records tie a
//! monitor address to one:
//!
//! - `QEMU_MONITOR_NEW: mon=0x…` (info): a monitor opens at that address, so what the address
//!   meant before (a domain since gone) is forgotten; `QEMU_MONITOR_CLOSE: mon=0x…` closes it;
//! - `Entering monitor (mon=0x… vm=0x… name=NAME)` and `Exited monitor (…)` (debug,
//!   `qemu.qemu_domain`): the domain's name, raw;
//! - the `query-chardev` reply (info), `QEMU_MONITOR_RECV_REPLY: mon=0x… reply=…
//!   "unix:/var/lib/libvirt/qemu/domain-N-NAME/monitor.sock…"`: the name JSON-escaped, and cut by
//!   libvirt to its first 20 characters. A name from a debug record wins over it.
//!
//! Every other record and every continuation line is [`Line::NotEvent`]. Finding that is cheap:
//! only the record header is looked at (a few bytes), never the rest of a long reply.

use super::{Event, Line, trim_cr};
use memchr::memmem;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Whether `line` is a libvirt log record: `YYYY-MM-DD HH:MM:SS.mmm+ZZZZ: THREAD: `.
pub fn looks_like(line: &[u8]) -> bool {
    super::time::parse(line).is_some()
        && line[super::time::LEN..].strip_prefix(b": ").is_some_and(|rest| {
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            digits > 0 && rest[digits..].starts_with(b": ")
        })
}

/// Reads a daemon log line by line, keeping the monitor-to-domain map up to date.
#[derive(Debug, Clone, Default)]
pub struct LibvirtLog {
    map: MonitorMap,
}

impl LibvirtLog {
    /// A reader that knows no monitor yet (the start of a log).
    pub fn new() -> LibvirtLog {
        LibvirtLog::default()
    }

    /// A reader going on from `map`: saved half-way through this log, or left by the log it
    /// continues (the file logrotate renamed).
    pub fn with_map(map: MonitorMap) -> LibvirtLog {
        LibvirtLog { map }
    }

    /// What is known of the monitors after the lines read so far.
    pub fn map(&self) -> &MonitorMap {
        &self.map
    }

    /// Classifies one physical line (without its `\n`).
    pub fn read_line<'a>(&mut self, line: &'a [u8]) -> Line<'a> {
        let line_cr = line;
        let line = trim_cr(line);
        let Some(at) = message_start(line) else {
            return if crate::parse::is_blank(line_cr) { Line::Blank } else { Line::NotEvent };
        };
        let message = &line[at..];
        if let Some(rest) = message.strip_prefix(b"QEMU_MONITOR_") {
            return self.monitor_record(line_cr, at + b"QEMU_MONITOR_".len(), rest);
        }
        for prefix in [&b"Entering monitor (mon="[..], b"Exited monitor (mon="] {
            if let Some(rest) = message.strip_prefix(prefix) {
                if let Some((mon, rest)) = address(rest)
                    && let Some(name_at) = memmem::find(rest, b" name=")
                {
                    let name = &rest[name_at + b" name=".len()..];
                    let name = name.strip_suffix(b")").unwrap_or(name);
                    self.map.named(mon, &String::from_utf8_lossy(name));
                }
                return Line::NotEvent;
            }
        }
        Line::NotEvent
    }

    /// A `QEMU_MONITOR_*` record; `rest` starts after that prefix, at `at` in `line`.
    fn monitor_record<'a>(&mut self, line: &'a [u8], at: usize, rest: &'a [u8]) -> Line<'a> {
        if let Some(after) = rest.strip_prefix(b"RECV_EVENT: mon=") {
            let Some((mon, after_mon)) = address(after) else {
                return Line::Rejected("QEMU_MONITOR_RECV_EVENT record without a monitor address".to_string());
            };
            let Some(json) = after_mon.strip_prefix(b" event=") else {
                return Line::Rejected("QEMU_MONITOR_RECV_EVENT record without \"event=\"".to_string());
            };
            let json_at = at + (rest.len() - json.len());
            let label = self.map.label(mon).map(|name| Cow::Owned(name.to_string()));
            return Line::Event(Event::borrowed(&line[json_at..], json_at, label));
        }
        if let Some(after) = rest.strip_prefix(b"RECV_REPLY: mon=") {
            static SOCKET: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"/monitor.sock"));
            let reply_at = after.iter().position(|&b| b == b' ').unwrap_or(after.len());
            if is_chardev_list(&after[reply_at..])
                && let Some((mon, reply)) = address(after)
                && let Some(end) = SOCKET.find(reply)
                && let Some(name) = socket_domain(&reply[..end])
            {
                self.map.named_by_socket(mon, &name);
            }
        } else if let Some(after) = rest.strip_prefix(b"NEW: mon=") {
            if let Some((mon, _)) = address(after) {
                self.map.opened(mon);
            }
        } else if let Some(after) = rest.strip_prefix(b"CLOSE: mon=")
            && let Some((mon, _)) = address(after)
        {
            self.map.closed(mon);
        }
        Line::NotEvent
    }
}

/// Where the message of a record starts, or `None` if `line` is not a record (a continuation
/// line, a blank line). Looks only at the header, `TIME: THREAD: LEVEL : [FUNCTION:LINE : ]`,
/// a few dozen bytes.
fn message_start(line: &[u8]) -> Option<usize> {
    const TIME: usize = super::time::LEN + 2; // "YYYY-MM-DD HH:MM:SS.mmm+ZZZZ: "
    const LEVELS: [&[u8]; 4] = [b"debug : ", b"info : ", b"warning : ", b"error : "];
    if line.len() <= TIME || !line[0].is_ascii_digit() || &line[TIME - 2..TIME] != b": " {
        return None;
    }
    let digits = line[TIME..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut at = TIME + digits;
    if digits == 0 || !line[at..].starts_with(b": ") {
        return None;
    }
    at += 2;
    at += LEVELS.iter().find(|level| line[at..].starts_with(level))?.len();
    // "FUNCTION:LINE : MESSAGE" (a function name holds no space), or the message right away.
    let window = &line[at..line.len().min(at + 256)];
    if let Some(space) = memchr::memchr(b' ', window)
        && window[space..].starts_with(b" : ")
        && memchr::memrchr(b':', &window[..space])
            .is_some_and(|c| c + 1 < space && window[c + 1..space].iter().all(u8::is_ascii_digit))
    {
        return Some(at + space + 3);
    }
    Some(at)
}

/// `0x7f9d5c06f010` at the start of `text` (a `%p`), and what follows it.
fn address(text: &[u8]) -> Option<(u64, &[u8])> {
    let hex = text.strip_prefix(b"0x")?;
    let mut value = 0u64;
    let mut len = 0;
    for &b in hex.iter().take(17) {
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => break,
        };
        value = (value << 4) | u64::from(digit);
        len += 1;
    }
    (1..=16).contains(&len).then(|| (value, &hex[len..]))
}

/// Whether a reply (` reply={…}`) is `query-chardev`'s, the only one naming the monitor socket:
/// a list of objects with `label`, `filename` and `frontend-open`, in whatever member order.
fn is_chardev_list(reply: &[u8]) -> bool {
    reply.strip_prefix(br#" reply={"return": [{""#).is_some_and(|members| {
        [&b"frontend-open\""[..], b"filename\"", b"label\""].iter().any(|m| members.starts_with(m))
    })
}

/// The domain name in `…/domain-N-NAME` (the bytes before `/monitor.sock`, inside a JSON
/// string), unescaped.
fn socket_domain(before: &[u8]) -> Option<String> {
    let dir = &before[memchr::memrchr(b'/', before)? + 1..];
    let id_and_name = dir.strip_prefix(b"domain-")?;
    let digits = id_and_name.iter().take_while(|b| b.is_ascii_digit()).count();
    let escaped = id_and_name.get(digits..)?.strip_prefix(b"-").filter(|_| digits > 0)?;
    let mut quoted = Vec::with_capacity(escaped.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(escaped);
    quoted.push(b'"');
    serde_json::from_slice(&quoted).ok()
}

/// Which domain each open monitor belongs to, as far as the log has said.
///
/// Holds only the monitors open at this point of the log (a closed monitor is forgotten), so it
/// stays small; [`MonitorMap::to_state`] and [`MonitorMap::from_state`] carry it across a resume.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonitorMap {
    monitors: HashMap<u64, Named>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Named {
    name: String,
    /// From a debug record (the whole name), not from a monitor socket path (maybe cut short).
    whole: bool,
}

/// A saved [`MonitorMap`] that cannot be read back.
#[derive(Debug, thiserror::Error)]
#[error("saved libvirt monitor map is unreadable: {0}")]
pub struct StateError(String);

/// The saved form: version 1, `[address in hex, name, whole]` sorted by address.
#[derive(Serialize, Deserialize)]
struct State {
    v: u32,
    monitors: Vec<(String, String, bool)>,
}

impl MonitorMap {
    /// An empty map.
    pub fn new() -> MonitorMap {
        MonitorMap::default()
    }

    /// The domain name of the monitor at `mon`, if the log named it since the monitor opened.
    pub fn label(&self, mon: u64) -> Option<&str> {
        self.monitors.get(&mon).map(|n| n.name.as_str())
    }

    /// How many monitors are known.
    pub fn len(&self) -> usize {
        self.monitors.len()
    }

    /// Whether no monitor is known.
    pub fn is_empty(&self) -> bool {
        self.monitors.is_empty()
    }

    /// A monitor opened at `mon`: whatever the address was before is forgotten.
    pub fn opened(&mut self, mon: u64) {
        self.monitors.remove(&mon);
    }

    /// The monitor at `mon` closed.
    pub fn closed(&mut self, mon: u64) {
        self.monitors.remove(&mon);
    }

    /// A debug record named the domain of `mon`, whole.
    pub fn named(&mut self, mon: u64, name: &str) {
        if self.label(mon) != Some(name) {
            self.monitors.insert(mon, Named { name: name.to_string(), whole: true });
        }
    }

    /// A monitor socket path named the domain of `mon`, maybe cut to 20 characters: kept unless
    /// the whole name is known and starts with it.
    pub fn named_by_socket(&mut self, mon: u64, name: &str) {
        match self.monitors.get(&mon) {
            Some(known) if known.name == name || (known.whole && known.name.starts_with(name)) => {}
            _ => {
                self.monitors.insert(mon, Named { name: name.to_string(), whole: false });
            }
        }
    }

    /// The map as a compact JSON string, to store with the lines it covers.
    pub fn to_state(&self) -> String {
        let mut monitors: Vec<_> = self.monitors.iter().collect();
        monitors.sort_unstable_by_key(|(mon, _)| **mon);
        let monitors = monitors.into_iter().map(|(mon, n)| (format!("{mon:#x}"), n.name.clone(), n.whole)).collect();
        serde_json::to_string(&State { v: 1, monitors }).expect("strings and booleans serialise")
    }

    /// The map [`MonitorMap::to_state`] saved.
    pub fn from_state(state: &str) -> Result<MonitorMap, StateError> {
        let state: State = serde_json::from_str(state).map_err(|e| StateError(e.to_string()))?;
        if state.v != 1 {
            return Err(StateError(format!("version {} is not known", state.v)));
        }
        let mut monitors = HashMap::with_capacity(state.monitors.len());
        for (mon, name, whole) in state.monitors {
            let (address, rest) =
                address(mon.as_bytes()).ok_or_else(|| StateError(format!("{mon:?} is not a monitor address")))?;
            if !rest.is_empty() {
                return Err(StateError(format!("{mon:?} is not a monitor address")));
            }
            monitors.insert(address, Named { name, whole });
        }
        Ok(MonitorMap { monitors })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENT: &str = r#"2026-12-01 23:51:49.481+0000: 11490: info : qemuMonitorJSONIOProcessLine:207 : QEMU_MONITOR_RECV_EVENT: mon=0x7fe264070010 event={"timestamp": {"seconds": 1796169109, "microseconds": 481306}, "event": "RESUME"}"#;

    fn event(log: &mut LibvirtLog, line: &str) -> Event<'static> {
        let line: &'static str = Box::leak(line.to_string().into_boxed_str());
        match log.read_line(line.as_bytes()) {
            Line::Event(e) => e,
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn event_json_is_the_verbatim_tail_of_the_record() {
        let mut log = LibvirtLog::new();
        let e = event(&mut log, EVENT);
        assert_eq!(
            e.json.as_ref(),
            br#"{"timestamp": {"seconds": 1796169109, "microseconds": 481306}, "event": "RESUME"}"#
        );
        assert!(matches!(e.json, Cow::Borrowed(_)));
        assert_eq!(&EVENT.as_bytes()[e.at.unwrap()..], e.json.as_ref());
        assert_eq!((e.label, e.receive_time_us), (None, None), "no record named the monitor yet");
    }

    #[test]
    fn info_level_names_come_from_the_monitor_socket_unescaped() {
        let mut log = LibvirtLog::new();
        let reply = r#"2026-12-01 23:51:48.240+0000: 11490: info : qemuMonitorJSONIOProcessLine:212 : QEMU_MONITOR_RECV_REPLY: mon=0x7fe264070010 reply={"return": [{"frontend-open": true, "filename": "unix:/var/lib/libvirt/qemu/domain-3-web '\u00FC' 02/monitor.sock,server=on", "label": "charmonitor"}], "id": "libvirt-4"}"#;
        assert_eq!(log.read_line(reply.as_bytes()), Line::NotEvent);
        assert_eq!(event(&mut log, EVENT).label.as_deref(), Some("web 'ü' 02"));
        let close =
            "2026-12-01 23:51:59.000+0000: 11408: info : qemuMonitorClose:757 : QEMU_MONITOR_CLOSE: mon=0x7fe264070010";
        assert_eq!(log.read_line(close.as_bytes()), Line::NotEvent);
        assert_eq!(event(&mut log, EVENT).label, None);
    }

    #[test]
    fn debug_names_win_over_cut_socket_names_and_a_reused_address_is_renamed() {
        let mut map = MonitorMap::new();
        map.named(1, "a-domain-name-longer-than-twenty");
        map.named_by_socket(1, "a-domain-name-longer");
        assert_eq!(map.label(1), Some("a-domain-name-longer-than-twenty"));
        map.named_by_socket(1, "db01");
        assert_eq!(map.label(1), Some("db01"), "a socket naming another domain means the address was reused");
        map.opened(1);
        assert_eq!(map.label(1), None);
    }

    #[test]
    fn entering_monitor_names_the_domain_raw() {
        let mut log = LibvirtLog::new();
        let enter = "2026-12-01 23:50:45.172+0000: 10643: debug : qemuDomainObjEnterMonitorInternal:4925 : Entering monitor (mon=0x7fe264070010 vm=0x55f163df6110 name=it's (odd) ü)";
        assert_eq!(log.read_line(enter.as_bytes()), Line::NotEvent);
        assert_eq!(log.map().label(0x7fe264070010), Some("it's (odd) ü"));
    }

    #[test]
    fn other_records_continuations_and_blanks_are_not_events() {
        let mut log = LibvirtLog::new();
        for line in [
            r#"2026-12-01 23:50:47.773+0000: 10781: debug : qemuMonitorJSONIOProcessLine:193 : Line [{"timestamp": {"seconds": 1796169047, "microseconds": 773418}, "event": "RESUME"}]"#,
            "2026-12-01 23:51:44.910+0000: 11423: info : libvirt version: 11.3.0, package: 11.3.0-2~bpo12+1 (Debian)",
            "2026-12-01 23:51:48.036+0000: 11408: info : qemuMonitorSend:836 : QEMU_MONITOR_SEND_MSG: mon=0x7fe264070010 msg={\"execute\":\"cont\",\"id\":\"libvirt-478\"}\r",
            " fd=-1",
            " len=39 ret=39 errno=0",
            "2026-12-01 23:50:47.773+0000: 10781: debug : qemuMonitorEmitEvent:1055 : mon=0x7f9d5c06f5d0 event=RESUME",
            "2026-12-01 23:50:47.773+0000: 10781: debug : fn:1 : QEMU_MONITOR_RECV_EVENTS are mentioned here",
        ] {
            assert_eq!(log.read_line(line.as_bytes()), Line::NotEvent, "{line}");
        }
        assert_eq!(log.read_line(b""), Line::Blank);
        assert_eq!(log.read_line(b"\r"), Line::Blank);
    }

    #[test]
    fn broken_event_records_are_rejected() {
        let mut log = LibvirtLog::new();
        let no_event = "2026-12-01 23:51:49.481+0000: 11490: info : qemuMonitorJSONIOProcessLine:207 : QEMU_MONITOR_RECV_EVENT: mon=0x7fe264070010 {}";
        assert!(matches!(log.read_line(no_event.as_bytes()), Line::Rejected(r) if r.contains("event=")));
        let no_mon = "2026-12-01 23:51:49.481+0000: 11490: info : qemuMonitorJSONIOProcessLine:207 : QEMU_MONITOR_RECV_EVENT: mon=(nil) event={}";
        assert!(matches!(log.read_line(no_mon.as_bytes()), Line::Rejected(r) if r.contains("monitor address")));
    }

    #[test]
    fn state_round_trips_and_refuses_garbage() {
        let mut map = MonitorMap::new();
        map.named(0x7fe264070010, "web 'ü' 02 \"quoted\"");
        map.named_by_socket(0x7fe25c070010, "db01");
        let state = map.to_state();
        assert_eq!(
            state,
            r#"{"v":1,"monitors":[["0x7fe25c070010","db01",false],["0x7fe264070010","web 'ü' 02 \"quoted\"",true]]}"#
        );
        assert_eq!(MonitorMap::from_state(&state).unwrap(), map);
        assert_eq!(MonitorMap::from_state(&MonitorMap::new().to_state()).unwrap(), MonitorMap::new());
        for bad in ["", "[]", r#"{"v":2,"monitors":[]}"#, r#"{"v":1,"monitors":[["web01","x",true]]}"#] {
            assert!(MonitorMap::from_state(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn recognises_records() {
        assert!(looks_like(EVENT.as_bytes()));
        assert!(!looks_like(b"2026-12-01 23:52:03.677+0000: event STOP for domain 'a': <null>"));
        assert!(!looks_like(b" fd=-1"));
    }
}
