//! The date-time libvirt and virsh print before a record (`2026-12-01 22:10:38.794+0000`), as
//! microseconds since the Unix epoch.

/// Length of `YYYY-MM-DD HH:MM:SS.mmm+ZZZZ`.
pub const LEN: usize = 28;

/// Parses `YYYY-MM-DD HH:MM:SS.mmm±HHMM` at the start of `text` into microseconds since the
/// epoch (UTC); `None` if `text` does not start with one.
pub fn parse(text: &[u8]) -> Option<i64> {
    let t = text.get(..LEN)?;
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        t[range].iter().try_fold(0i64, |n, &b| b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0')))
    };
    let punctuation = [(4, b'-'), (7, b'-'), (10, b' '), (13, b':'), (16, b':'), (19, b'.')];
    if punctuation.iter().any(|&(i, c)| t[i] != c) {
        return None;
    }
    let sign = match t[23] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second, milli) = (num(11..13)?, num(14..16)?, num(17..19)?, num(20..23)?);
    let offset_minutes = sign * (num(24..26)? * 60 + num(26..28)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let seconds = crate::civil::to_days(year, month as u32, day as u32) * 86_400 + hour * 3600 + minute * 60 + second
        - offset_minutes * 60;
    Some(seconds * 1_000_000 + milli * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_libvirt_times() {
        // virsh printed this receive time for an event QEMU stamped 1796169121.672334.
        assert_eq!(parse(b"2026-12-01 23:52:03.677+0000: event"), Some(1_796_169_123_677_000));
        assert_eq!(parse(b"1970-01-01 00:00:00.000+0000"), Some(0));
        assert_eq!(parse(b"2000-02-29 12:00:00.001+0000"), Some(951_825_600_001_000));
        assert_eq!(parse(b"2026-12-02 01:52:03.677+0200"), Some(1_796_169_123_677_000));
        assert_eq!(parse(b"2026-12-01 21:52:03.677-0200"), Some(1_796_169_123_677_000));
    }

    #[test]
    fn refuses_what_is_not_a_time() {
        for text in [
            &b"2026-12-01 23:52:03.677"[..],
            b"2026-12-01T23:52:03.677+0000",
            b"2026-13-01 23:52:03.677+0000",
            b"2026-12-01 23:52:03.6x7+0000",
            b"2026-12-01 23:52:03.677 0000",
            b"event STOP at 1796169121.672334 for domain",
        ] {
            assert_eq!(parse(text), None, "{}", String::from_utf8_lossy(text));
        }
    }
}
