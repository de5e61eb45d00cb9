//! KubeVirt: a virt-launcher pod's log (`kubectl logs POD -c compute`), where libvirt's records
//! arrive as JSON lines (KubeVirt's `LogLibvirtLogLine`):
//! `{"component":"virt-launcher","level":"info","msg":"QEMU_MONITOR_RECV_EVENT: mon=0x… event={…}",
//! "pos":"qemuMonitorJSONIOProcessLine:207","subcomponent":"libvirt","thread":"…","timestamp":"…"}`.
//!
//! `msg` is the record's message, so an event's JSON is QEMU's line, JSON-escaped inside `msg`;
//! it comes back unescaped (owned). One pod runs one VM, so the event's label is the file's (or
//! `--label`), and `ts_us` is QEMU's timestamp inside the event, not the log line's. Every other
//! line (virt-launcher's own, other libvirt records, QEMU's) is [`Line::NotEvent`]; only lines
//! holding the event marker are parsed as JSON at all.

use super::{Event, Line, trim_cr};
use memchr::memmem;
use serde::Deserialize;
use std::borrow::Cow;
use std::sync::LazyLock;

const MARKER: &[u8] = b"QEMU_MONITOR_RECV_EVENT: mon=";

/// Whether `line` is a virt-launcher JSON log line.
pub fn looks_like(line: &[u8]) -> bool {
    line.starts_with(br#"{"component":"virt-launcher""#)
        || (memmem::find(line, br#""component":"virt-launcher""#).is_some()
            && memmem::find(line, br#""subcomponent":"libvirt""#).is_some())
}

#[derive(Deserialize)]
struct Record<'a> {
    #[serde(borrow)]
    msg: Cow<'a, str>,
}

/// Classifies one line of a virt-launcher log.
pub fn read_line(line: &[u8]) -> Line<'_> {
    static FINDER: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(MARKER));
    let line = trim_cr(line);
    if crate::parse::is_blank(line) {
        return Line::Blank;
    }
    if FINDER.find(line).is_none() {
        return Line::NotEvent;
    }
    let record: Record<'_> = match serde_json::from_slice(line) {
        Ok(record) => record,
        Err(e) => {
            let text = e.to_string();
            let message = text.split(" at line ").next().unwrap_or(&text);
            let byte = e.column().saturating_sub(1).min(line.len());
            return Line::Rejected(format!(
                "KubeVirt log line is not a JSON object with a string \"msg\" (at byte {byte}: {message})"
            ));
        }
    };
    let Some(rest) = record.msg.strip_prefix("QEMU_MONITOR_RECV_EVENT: mon=") else {
        return Line::NotEvent; // the marker was elsewhere in the line, not this record's kind
    };
    let Some(event_at) = rest.find(" event=") else {
        return Line::Rejected("QEMU_MONITOR_RECV_EVENT record without \"event=\"".to_string());
    };
    let json = rest.as_bytes()[event_at + " event=".len()..].to_vec();
    Line::Event(Event { json: Cow::Owned(json), at: None, label: None, receive_time_us: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_event_is_unescaped_from_msg() {
        let line = r#"{"component":"virt-launcher","level":"info","msg":"QEMU_MONITOR_RECV_EVENT: mon=0x7fe264070010 event={\"timestamp\": {\"seconds\": 1796169109, \"microseconds\": 481306}, \"event\": \"RESUME\"}","pos":"qemuMonitorJSONIOProcessLine:207","subcomponent":"libvirt","thread":"11490","timestamp":"2026-12-01T23:51:49.481000Z"}"#;
        let Line::Event(e) = read_line(line.as_bytes()) else { panic!() };
        assert_eq!(
            e.json.as_ref(),
            br#"{"timestamp": {"seconds": 1796169109, "microseconds": 481306}, "event": "RESUME"}"#
        );
        assert_eq!((e.label, e.receive_time_us, e.at), (None, None, None));
        assert!(looks_like(line.as_bytes()));
    }

    #[test]
    fn other_lines_are_not_events_and_broken_ones_are_rejected() {
        for line in [
            r#"{"component":"virt-launcher","level":"info","msg":"QEMU_MONITOR_IO_WRITE: mon=0x7fe264070010 buf={\"execute\":\"cont\",\"id\":\"libvirt-478\"}","pos":"qemuMonitorIOWrite:339","subcomponent":"libvirt","thread":"11490","timestamp":"2026-12-01T23:51:49.480000Z"}"#,
            r#"{"component":"virt-launcher","level":"info","msg":" len=39 ret=39 errno=0","subcomponent":"libvirt","timestamp":"2026-12-01T23:51:49.480000Z"}"#,
            r#"{"component":"virt-launcher","level":"info","msg":"Domain started.","pos":"manager.go:1","timestamp":"2026-12-01T23:51:49.480000Z"}"#,
            r#"{"component":"virt-launcher","level":"info","msg":"saw QEMU_MONITOR_RECV_EVENT: mon=0x1 event={}","timestamp":"x"}"#,
        ] {
            assert_eq!(read_line(line.as_bytes()), Line::NotEvent, "{line}");
        }
        assert_eq!(read_line(b"  \r"), Line::Blank);
        let Line::Rejected(reason) = read_line(b"QEMU_MONITOR_RECV_EVENT: mon=0x1 event={}") else { panic!() };
        assert_eq!(reason, "KubeVirt log line is not a JSON object with a string \"msg\" (at byte 0: expected value)");
        let Line::Rejected(reason) = read_line(br#"{"msg":"QEMU_MONITOR_RECV_EVENT: mon=0x1 {}"}"#) else { panic!() };
        assert!(reason.contains("event="), "{reason}");
    }
}
