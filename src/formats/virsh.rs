//! virsh: the lines `virsh qemu-monitor-event --loop` prints, as libvirt's `virshEventQemuPrint`
//! writes them.
//!
//! - plain: `event NAME at SECONDS.MICROS for domain 'DOMAIN': DATA` — QEMU's timestamp;
//! - `--timestamp`: `YYYY-MM-DD HH:MM:SS.mmm+0000: event NAME for domain 'DOMAIN': DATA` — virsh's
//!   receive time (milliseconds) replaces QEMU's.
//!
//! `DATA` is the event's `data` as compact JSON, or `<null>` when it has none. `DOMAIN` is printed
//! raw: it may hold spaces, quotes, `': ` and any UTF-8, so the name ends at the first `': ` after
//! which a well-formed `DATA` follows. The closing lines (`event loop interrupted`,
//! `event loop timed out`, `events received: N`) and blank lines are not events. `--pretty`
//! spreads `DATA` over several lines; that is not supported and its lines are rejected saying so.
//!
//! An event comes back as a QMP line rebuilt from the pieces,
//! `{"timestamp": {"seconds": S, "microseconds": U}, "event": "NAME", "data": DATA}` (members
//! left out as QEMU leaves them out: no `data` for `<null>`, no `timestamp` for `--timestamp`,
//! whose time is [`super::Event::receive_time_us`] instead), so the parser types it exactly like
//! the raw line QEMU sent. `DATA` is checked to be JSON here, so a reject names the byte of the
//! physical line.

use super::{Event, Line, time, trim_cr};
use std::borrow::Cow;
use std::io::Write;

/// The reason every line of `--pretty` output is rejected with.
pub const PRETTY_NOT_SUPPORTED: &str = "virsh qemu-monitor-event --pretty output (JSON over several lines) is not \
     supported; record with --loop, without --pretty";

const FOR_DOMAIN: &[u8] = b" for domain '";

/// The pieces of one virsh event line.
#[derive(Debug, Clone, PartialEq)]
pub struct VirshEvent<'a> {
    /// The QMP event name (`SHUTDOWN`).
    pub name: &'a str,
    /// QEMU's timestamp as `(seconds, microseconds)`; `None` with `--timestamp`, or when libvirt
    /// printed `-1` because QEMU's line had none.
    pub qemu_time: Option<(i64, u32)>,
    /// virsh's receive time in microseconds (`--timestamp` only).
    pub receive_time_us: Option<i64>,
    /// The domain name exactly as printed.
    pub domain: &'a str,
    /// `data` as printed (compact JSON), `None` for `<null>`.
    pub data: Option<&'a [u8]>,
}

impl VirshEvent<'_> {
    /// Appends the equivalent QMP line to `out`: what QEMU sent, in QEMU's member order.
    pub fn write_qmp(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        if let Some((seconds, micros)) = self.qemu_time {
            let _ = write!(out, r#""timestamp": {{"seconds": {seconds}, "microseconds": {micros}}}, "#);
        }
        out.extend_from_slice(b"\"event\": \"");
        out.extend_from_slice(self.name.as_bytes()); // checked: letters, digits, '_' and '-' only
        out.push(b'"');
        if let Some(data) = self.data {
            out.extend_from_slice(b", \"data\": ");
            out.extend_from_slice(data);
        }
        out.push(b'}');
    }
}

/// Whether `line` is a plain virsh event line (`event NAME at S.U for domain '`).
pub fn looks_like_plain(line: &[u8]) -> bool {
    matches!(split_plain(line), Some(Ok(_)))
}

/// Whether `line` is a `--timestamp` virsh event line (`TIME: event NAME for domain '`).
pub fn looks_like_receive_time(line: &[u8]) -> bool {
    time::parse(line).is_some()
        && line[time::LEN..].starts_with(b": event ")
        && memchr::memmem::find(line, FOR_DOMAIN).is_some()
}

/// Classifies one line of virsh output.
pub fn read_line(line: &[u8]) -> Line<'_> {
    match parse_line(line) {
        Ok(Some(event)) => {
            let mut json = Vec::with_capacity(line.len() + 32);
            event.write_qmp(&mut json);
            Line::Event(Event {
                json: Cow::Owned(json),
                at: None,
                label: Some(Cow::Borrowed(event.domain)),
                receive_time_us: event.receive_time_us,
            })
        }
        Ok(None) if crate::parse::is_blank(line) => Line::Blank,
        Ok(None) => Line::NotEvent,
        Err(reason) => Line::Rejected(reason),
    }
}

/// The pieces of an event line; `Ok(None)` for blank and closing lines; `Err` with the reason.
pub fn parse_line(line: &[u8]) -> Result<Option<VirshEvent<'_>>, String> {
    let line = trim_cr(line);
    if crate::parse::is_blank(line) || is_closing(line) {
        return Ok(None);
    }
    if let Some(found) = split_plain(line) {
        let (name, qemu_time, rest_at) = found?;
        return finish(line, name, qemu_time, None, rest_at).map(Some);
    }
    if let Some(receive_us) = time::parse(line).filter(|_| line[time::LEN..].starts_with(b": event ")) {
        let name_at = time::LEN + b": event ".len();
        let Some(name_len) = memchr::memmem::find(&line[name_at..], FOR_DOMAIN) else {
            return Err(format!("no \"for domain '\" after the event name at byte {name_at}"));
        };
        let name = event_name(line, name_at, name_len)?;
        return finish(line, name, None, Some(receive_us), name_at + name_len + FOR_DOMAIN.len()).map(Some);
    }
    if is_pretty_continuation(line) {
        return Err(PRETTY_NOT_SUPPORTED.to_string());
    }
    Err("not a line of virsh qemu-monitor-event output".to_string())
}

/// virsh's lines after the loop ends.
fn is_closing(line: &[u8]) -> bool {
    line == b"event loop interrupted"
        || line == b"event loop timed out"
        || line.strip_prefix(b"events received: ").is_some_and(|n| !n.is_empty() && n.iter().all(u8::is_ascii_digit))
}

/// The lines `--pretty` prints inside an event's data: indented members and closing brackets.
fn is_pretty_continuation(line: &[u8]) -> bool {
    let text = line.trim_ascii_start();
    (line.starts_with(b"  ") && matches!(text.first(), Some(b'"' | b'}' | b']' | b'{' | b'[')))
        || matches!(line, b"}" | b"]")
}

/// For `event NAME at S.U for domain '…`: `None` if the line does not start like that, else the
/// name, QEMU's time and where the domain starts, or why the time is malformed.
type Plain<'a> = Result<(&'a str, Option<(i64, u32)>, usize), String>;

fn split_plain(line: &[u8]) -> Option<Plain<'_>> {
    let rest = line.strip_prefix(b"event ")?;
    let name_len = memchr::memchr(b' ', rest)?;
    let after_name = &rest[name_len..];
    let time_text = after_name.strip_prefix(b" at ")?;
    let time_len = memchr::memchr(b' ', time_text)?;
    if !time_text[time_len..].starts_with(FOR_DOMAIN) {
        return None;
    }
    let name_at = b"event ".len();
    let time_at = name_at + name_len + b" at ".len();
    let result = event_name(line, name_at, name_len).and_then(|name| {
        let qemu_time = qemu_time(&time_text[..time_len])
            .ok_or_else(|| format!("malformed time at byte {time_at}: expected SECONDS.MICROSECONDS"))?;
        Ok((name, qemu_time, time_at + time_len + FOR_DOMAIN.len()))
    });
    Some(result)
}

/// `SECONDS.MICROS` (`%lld.%06u`); `-1.000000`, which libvirt prints for a line without a
/// timestamp, is no time.
fn qemu_time(text: &[u8]) -> Option<Option<(i64, u32)>> {
    let dot = memchr::memchr(b'.', text)?;
    let (seconds, micros) = (std::str::from_utf8(&text[..dot]).ok()?, std::str::from_utf8(&text[dot + 1..]).ok()?);
    if micros.len() != 6 || !micros.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds: i64 = seconds.parse().ok()?;
    let micros: u32 = micros.parse().ok()?;
    Some((seconds >= 0).then_some((seconds, micros)))
}

fn event_name(line: &[u8], at: usize, len: usize) -> Result<&str, String> {
    let name = &line[at..at + len];
    if name.is_empty() || !name.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        return Err(format!("malformed event name at byte {at}"));
    }
    Ok(std::str::from_utf8(name).expect("ASCII"))
}

/// Splits `DOMAIN': DATA` at `at` and builds the event.
fn finish<'a>(
    line: &'a [u8],
    name: &'a str,
    qemu_time: Option<(i64, u32)>,
    receive_time_us: Option<i64>,
    at: usize,
) -> Result<VirshEvent<'a>, String> {
    let (domain_len, data) = split_domain(&line[at..]).map_err(|e| e.at(at))?;
    let domain = std::str::from_utf8(&line[at..at + domain_len])
        .map_err(|e| format!("domain name is not valid UTF-8 at byte {}", at + e.valid_up_to()))?;
    Ok(VirshEvent { name, qemu_time, receive_time_us, domain, data })
}

/// Why `DOMAIN': DATA` could not be split, with a position relative to the domain's start.
enum SplitError {
    Pretty,
    Json { byte: usize, message: String },
    NoData,
}

impl SplitError {
    fn at(self, base: usize) -> String {
        match self {
            SplitError::Pretty => PRETTY_NOT_SUPPORTED.to_string(),
            SplitError::Json { byte, message } => {
                format!("invalid JSON in the event data at byte {}: {message}", base + byte)
            }
            SplitError::NoData => format!("no \"': \" and data after the domain name at byte {base}"),
        }
    }
}

/// The domain name's length and the data (`None` for `<null>`). The name ends at the first `': `
/// followed by `<null>` or by a JSON object that is the rest of the line.
fn split_domain(text: &[u8]) -> Result<(usize, Option<&[u8]>), SplitError> {
    let mut first_error = None;
    for end in memchr::memmem::find_iter(text, b"': ") {
        let data_at = end + 3;
        let data = &text[data_at..];
        if data == b"<null>" {
            return Ok((end, None));
        }
        if data.first() != Some(&b'{') {
            continue;
        }
        if data == b"{" {
            first_error.get_or_insert(SplitError::Pretty);
            continue;
        }
        match serde_json::from_slice::<serde::de::IgnoredAny>(data) {
            Ok(_) => return Ok((end, Some(data))),
            Err(e) => {
                let text = e.to_string();
                let message = text.split(" at line ").next().unwrap_or(&text).to_string();
                let byte = data_at + e.column().saturating_sub(1).min(data.len());
                first_error.get_or_insert(SplitError::Json { byte, message });
            }
        }
    }
    Err(first_error.unwrap_or(SplitError::NoData))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Outcome, Parser};
    use crate::records::Rows;

    fn event(line: &str) -> VirshEvent<'_> {
        match parse_line(line.as_bytes()) {
            Ok(Some(event)) => event,
            other => panic!("{line}: {other:?}"),
        }
    }

    fn reason(line: &str) -> String {
        parse_line(line.as_bytes()).expect_err(line)
    }

    #[test]
    fn plain_line_with_and_without_data() {
        let e = event(
            r#"event SHUTDOWN at 1796169161.107167 for domain 'web 'ü' 02': {"guest":false,"reason":"host-signal"}"#,
        );
        assert_eq!(
            (e.name, e.domain, e.qemu_time, e.receive_time_us),
            ("SHUTDOWN", "web 'ü' 02", Some((1796169161, 107167)), None)
        );
        assert_eq!(e.data, Some(&br#"{"guest":false,"reason":"host-signal"}"#[..]));
        let mut qmp = Vec::new();
        e.write_qmp(&mut qmp);
        assert_eq!(
            String::from_utf8(qmp).unwrap(),
            r#"{"timestamp": {"seconds": 1796169161, "microseconds": 107167}, "event": "SHUTDOWN", "data": {"guest":false,"reason":"host-signal"}}"#
        );
        let e = event("event RESUME at 1796168982.000001 for domain 'web01': <null>\r");
        assert_eq!((e.domain, e.data, e.qemu_time), ("web01", None, Some((1796168982, 1))));
    }

    #[test]
    fn receive_time_line() {
        let e = event(
            r#"2026-12-01 23:52:03.677+0000: event SHUTDOWN for domain 'db01': {"guest":false,"reason":"host-signal"}"#,
        );
        assert_eq!(
            (e.name, e.domain, e.qemu_time, e.receive_time_us),
            ("SHUTDOWN", "db01", None, Some(1_796_169_123_677_000))
        );
        let mut qmp = Vec::new();
        e.write_qmp(&mut qmp);
        assert_eq!(
            String::from_utf8(qmp).unwrap(),
            r#"{"event": "SHUTDOWN", "data": {"guest":false,"reason":"host-signal"}}"#
        );
    }

    #[test]
    fn domain_names_holding_the_separator() {
        // The name ends where valid data follows, not at the first "': ".
        let e = event(r#"event STOP at 1.000000 for domain 'a': b': {x': <null>"#);
        assert_eq!((e.domain, e.data), ("a': b': {x", None));
        let e = event(r#"event X at 1.000000 for domain 'it's': {': {"k":"v"}"#);
        assert_eq!((e.domain, e.data), ("it's': {", Some(&br#"{"k":"v"}"#[..])));
        let e = event(r#"event X at 1.000000 for domain '': {}"#);
        assert_eq!((e.domain, e.data), ("", Some(&b"{}"[..])));
    }

    #[test]
    fn a_time_of_minus_one_is_no_time() {
        let e = event("event STOP at -1.000000 for domain 'a': <null>");
        let mut qmp = Vec::new();
        e.write_qmp(&mut qmp);
        assert_eq!(qmp, br#"{"event": "STOP"}"#);
    }

    #[test]
    fn closing_and_blank_lines_are_not_events() {
        for line in ["event loop interrupted", "event loop timed out", "events received: 49", "", "\r", "  "] {
            assert_eq!(parse_line(line.as_bytes()), Ok(None), "{line:?}");
        }
        assert_eq!(read_line(b""), Line::Blank);
        assert_eq!(read_line(b"events received: 0"), Line::NotEvent);
    }

    #[test]
    fn pretty_output_is_rejected_saying_so() {
        assert_eq!(reason("event RESET at 1796168988.198417 for domain 'db01': {"), PRETTY_NOT_SUPPORTED);
        assert_eq!(reason(r#"  "guest": false,"#), PRETTY_NOT_SUPPORTED);
        assert_eq!(reason("}"), PRETTY_NOT_SUPPORTED);
    }

    #[test]
    fn malformed_lines_say_where() {
        assert_eq!(reason("hello"), "not a line of virsh qemu-monitor-event output");
        assert_eq!(
            reason("event STOP at 12x.000000 for domain 'a': <null>"),
            "malformed time at byte 14: expected SECONDS.MICROSECONDS"
        );
        assert_eq!(reason("event ST\"OP at 1.000000 for domain 'a': <null>"), "malformed event name at byte 6");
        assert_eq!(
            reason("event STOP at 1.000000 for domain 'a"),
            "no \"': \" and data after the domain name at byte 35"
        );
        assert_eq!(
            reason(r#"event X at 1.000000 for domain 'a': {"k":tru}"#),
            "invalid JSON in the event data at byte 44: expected ident"
        );
        assert_eq!(
            reason("event X at 1.000000 for domain '\u{1}\u{2}': 7"),
            "no \"': \" and data after the domain name at byte 32"
        );
        let bad_utf8 = b"event X at 1.000000 for domain 'a\xff': <null>";
        assert_eq!(parse_line(bad_utf8), Err("domain name is not valid UTF-8 at byte 33".into()));
    }

    #[test]
    fn rebuilt_lines_parse_like_the_line_qemu_sent() {
        let mut parser = Parser::new(1 << 20);
        let virsh =
            r#"event RESET at 1796168988.198417 for domain 'db01': {"guest":false,"reason":"host-qmp-system-reset"}"#;
        let qemu = r#"{"timestamp": {"seconds": 1796168988, "microseconds": 198417}, "event": "RESET", "data": {"guest": false, "reason": "host-qmp-system-reset"}}"#;
        let Line::Event(e) = read_line(virsh.as_bytes()) else { panic!() };
        let mut rows = Rows::default();
        let ours = parser.parse_line(&e.json, &mut rows);
        let Outcome::Typed { ts_us: Some(1_796_168_988_198_417), row: ours } = ours else { panic!("{ours:?}") };
        let Outcome::Typed { ts_us: Some(1_796_168_988_198_417), row: theirs } =
            parser.parse_line(qemu.as_bytes(), &mut rows)
        else {
            panic!("QEMU's line is not typed")
        };
        assert_eq!(rows.describe(ours), rows.describe(theirs));
    }
}
