//! Split: cutting a buffer of complete lines into lines, and into pieces for parallel parsing,
//! always at `\n` (memchr).

use std::ops::Range;

/// Where a line is in its source: its 1-based number and the offset of its first byte in the
/// (decompressed) content. Printed as `line:byte`, after the file's path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: u64,
    /// Offset of the line's first byte.
    pub byte: u64,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.byte)
    }
}

/// The end of the last complete line in `buf` (just past its `\n`), or 0 when there is none.
pub fn complete_end(buf: &[u8]) -> usize {
    memchr::memrchr(b'\n', buf).map_or(0, |i| i + 1)
}

/// Cuts `buf` (complete lines only) into at most `parts` ranges of about equal size, each made
/// of whole lines.
pub fn pieces(buf: &[u8], parts: usize) -> Vec<Range<usize>> {
    let parts = parts.max(1);
    let target = buf.len().div_ceil(parts).max(1);
    let mut ranges = Vec::with_capacity(parts);
    let mut start = 0;
    while start < buf.len() {
        let want = (start + target).min(buf.len());
        let end = if want >= buf.len() {
            buf.len()
        } else {
            memchr::memchr(b'\n', &buf[want - 1..]).map_or(buf.len(), |i| want - 1 + i + 1)
        };
        ranges.push(start..end);
        start = end;
    }
    ranges
}

/// The lines of `buf` as ranges without their `\n`; a final piece without `\n` is included.
pub fn lines(buf: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', buf);
    std::iter::from_fn(move || match ends.next() {
        Some(end) => {
            let range = start..end;
            start = end + 1;
            Some(range)
        }
        None if start < buf.len() => {
            let range = start..buf.len();
            start = buf.len();
            Some(range)
        }
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lines_keep_cr_and_the_unterminated_tail() {
        let buf = b"a\r\n\nbc\nd";
        let got: Vec<&[u8]> = lines(buf).map(|r| &buf[r]).collect();
        assert_eq!(got, vec![&b"a\r"[..], b"", b"bc", b"d"]);
        assert_eq!(complete_end(buf), 7);
        assert_eq!(complete_end(b"abc"), 0);
    }

    proptest! {
        #[test]
        fn pieces_cover_the_buffer_at_line_ends(body in proptest::collection::vec(prop_oneof![Just(b'\n'), any::<u8>()], 0..400), parts in 1usize..9) {
            let mut buf = body;
            buf.push(b'\n');
            let ranges = pieces(&buf, parts);
            prop_assert!(ranges.len() <= parts);
            let mut at = 0;
            for r in &ranges {
                prop_assert_eq!(r.start, at);
                prop_assert!(r.end > r.start);
                prop_assert_eq!(buf[r.end - 1], b'\n');
                at = r.end;
            }
            prop_assert_eq!(at, buf.len());
            let joined: usize = ranges.iter().map(|r| lines(&buf[r.clone()]).count()).sum();
            prop_assert_eq!(joined, lines(&buf).count());
        }
    }
}
