//! Source: opening one input and reading its (decompressed) content in chunks of whole lines.
//!
//! Plain regular files are memory-mapped (memmap2) under a SIGBUS guard ([`crate::sigbus`]), so a
//! file truncated while we read it is an error for that file, never a crash; pages behind the
//! reader are released (`MADV_DONTNEED`) so memory stays flat however big the file. Compressed
//! files (`.gz`, `.zst`, recognised by magic bytes), standard input and anything that is not a
//! regular file are streamed through a bounded buffer.

use crate::input::{self, Compression, SourcePath};
use crate::registry::FINGERPRINT_WINDOW;
use crate::sigbus;
use memmap2::{Mmap, UncheckedAdvice};
use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes handed to the parser at a time (then extended to the end of the line).
pub const CHUNK_BYTES: usize = 4 << 20;

/// The first chunk of a source is smaller, so the writer starts on it sooner.
const FIRST_CHUNK_BYTES: usize = 256 << 10;

/// Errors reading a source's content.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The operating system refused a read.
    #[error("cannot read: {0}")]
    Io(#[from] io::Error),
    /// The file got shorter while it was being read.
    #[error("file was truncated or rewritten while being read (now {now} bytes, was {was})")]
    Truncated { was: u64, now: u64 },
}

/// What [`Opened::fill`] hands out.
#[derive(Debug)]
pub enum Fill<'a> {
    /// Whole lines (ending in `\n`), or at end of input whatever is left.
    Lines {
        /// The bytes.
        bytes: &'a [u8],
        /// Offset of `bytes[0]` in the (decompressed) content.
        offset: u64,
        /// No more content follows `bytes`.
        eof: bool,
    },
    /// A line longer than the limit, cut short while streaming: its first bytes and length.
    Overlong {
        /// The first 64 KiB.
        head: &'a [u8],
        /// Offset of the line.
        offset: u64,
        /// Its length without the newline (so far, when not terminated).
        len: u64,
        /// Whether its newline was found; if not, the input ended inside it.
        terminated: bool,
    },
}

/// An input opened for reading.
pub struct Opened {
    /// How the content is compressed on disk.
    pub compression: Compression,
    /// The first bytes of the content (up to the fingerprint window).
    pub head: Vec<u8>,
    /// The content's length, when known without reading it all (plain files).
    pub content_len: Option<u64>,
    /// Size on disk.
    pub disk_size: Option<u64>,
    /// Modification time in nanoseconds.
    pub mtime_ns: Option<i64>,
    /// A plain regular file, which may still grow; a compressed file, standard input or a FIFO
    /// ends where it ends.
    growable: bool,
    reader: Reader,
}

/// The message for a source that could not be opened.
pub fn open_error(e: &io::Error) -> String {
    format!("cannot open: {}", crate::report::io_cause(e))
}

enum Reader {
    Mapped(Mapped),
    Stream(Stream),
}

/// A plain file read through a memory map of a bounded window of it (so virtual memory stays
/// bounded too, whatever the file's size), moved along as reading proceeds.
struct Mapped {
    /// The window's guard and map (the tuple drops the guard before the map); `None` only
    /// while the window moves.
    mapping: Option<(sigbus::Guard, Mmap)>,
    /// File offset of the window's first byte (a multiple of the page size).
    window: usize,
    /// The file's length when it was opened: all that is read of it.
    len: usize,
    file: File,
    pos: usize,
    /// Offset (in the file) up to which pages of the window were released.
    released: usize,
    fills: usize,
    max_line_bytes: usize,
    /// Where the overlong line last handed out ends (just past its newline).
    skipping: Option<usize>,
    /// The first bytes of the overlong line last handed out.
    overlong_head: Vec<u8>,
}

/// The least a map window spans (more only for a line longer than that).
const WINDOW_BYTES: usize = 16 << 20;

/// How far past a chunk's end the end of its last line is looked for before the slower search
/// up to `--max-line-bytes` (nearly every line ends well within this).
const LINE_END_PROBE: usize = 64 << 10;

const PAGE: usize = 4096;

/// Maps `len` bytes of `file` from `offset` (page-aligned), under a SIGBUS guard.
fn map_window(file: &File, offset: usize, len: usize) -> io::Result<(sigbus::Guard, Mmap)> {
    sigbus::install();
    // SAFETY: the map is read-only; a concurrent truncation raises SIGBUS, which the guard
    // turns into zero pages plus a flag we check before trusting any byte (see `check`).
    let map = unsafe { memmap2::MmapOptions::new().offset(offset as u64).len(len).map(file) }.map_err(|e| {
        io::Error::new(e.kind(), format!("cannot map the file into memory: {}", crate::report::io_cause(&e)))
    })?;
    let guard = sigbus::guard(map.as_ptr(), map.len());
    let _ = map.advise(memmap2::Advice::Sequential);
    Ok((guard, map))
}

struct Stream {
    inner: Box<dyn Read + Send>,
    /// Bytes read from the underlying file or pipe (compressed bytes for `.gz`/`.zst`).
    raw_read: Arc<AtomicU64>,
    buf: Vec<u8>,
    start: usize,
    offset: u64,
    eof: bool,
    max_line_bytes: usize,
    /// The overlong line last handed out: its offset, length without the newline, and whether
    /// the newline was found. Handed out again until consumed.
    skipping: Option<(u64, u64, bool)>,
    overlong_head: Vec<u8>,
}

/// The first 64 KiB kept of an overlong line.
pub const OVERLONG_KEEP: usize = 64 * 1024;

fn mtime_ns(meta: &std::fs::Metadata) -> i64 {
    meta.mtime().saturating_mul(1_000_000_000).saturating_add(meta.mtime_nsec())
}

impl Opened {
    /// Opens `source`; lines longer than `max_line_bytes` are cut short when streamed.
    pub fn open(source: &SourcePath, max_line_bytes: usize) -> io::Result<Opened> {
        match source {
            SourcePath::Stdin => Self::stream(Box::new(io::stdin()), None, None, max_line_bytes, false),
            SourcePath::File(path) => Self::open_file(path, max_line_bytes),
        }
    }

    fn open_file(path: &Path, max_line_bytes: usize) -> io::Result<Opened> {
        let file = File::open(path)?;
        let meta = file.metadata()?;
        if meta.is_dir() {
            return Err(io::Error::other("is a directory"));
        }
        let (disk_size, mtime) = (Some(meta.len()), Some(mtime_ns(&meta)));
        if !meta.is_file() || meta.len() == 0 {
            return Self::stream(Box::new(file), disk_size, mtime, max_line_bytes, meta.is_file());
        }
        let len = usize::try_from(meta.len()).map_err(|_| io::Error::other("file too large"))?;
        let (guard, map) = map_window(&file, 0, len.min(WINDOW_BYTES))?;
        let magic = &map[..map.len().min(4)];
        let compression = input::detect_compression(magic);
        if guard.faulted() {
            return Err(io::Error::other("file was truncated while being opened"));
        }
        if compression != Compression::None {
            drop(guard);
            drop(map);
            return Self::stream(Box::new(File::open(path)?), disk_size, mtime, max_line_bytes, false);
        }
        let head = map[..map.len().min(FINGERPRINT_WINDOW as usize)].to_vec();
        let mapped = Mapped {
            mapping: Some((guard, map)),
            window: 0,
            len,
            file,
            pos: 0,
            released: 0,
            fills: 0,
            max_line_bytes,
            skipping: None,
            overlong_head: Vec::new(),
        };
        let opened = Opened {
            compression,
            head,
            content_len: Some(len as u64),
            disk_size,
            mtime_ns: mtime,
            growable: true,
            reader: Reader::Mapped(mapped),
        };
        opened.check().map_err(io::Error::other)?;
        Ok(opened)
    }

    /// Streams `raw`, decompressing it when its first bytes say it is gzip or zstd.
    fn stream(
        raw: Box<dyn Read + Send>,
        disk_size: Option<u64>,
        mtime_ns: Option<i64>,
        max_line_bytes: usize,
        growable: bool,
    ) -> io::Result<Opened> {
        let raw_read = Arc::new(AtomicU64::new(0));
        let counted = Counted { inner: raw, read: Arc::clone(&raw_read) };
        let (compression, mut inner) = input::sniff_and_decode(counted)?;
        let growable = growable && compression == Compression::None;
        let mut head = Vec::with_capacity(FINGERPRINT_WINDOW as usize);
        (&mut inner).take(FINGERPRINT_WINDOW).read_to_end(&mut head)?;
        let stream = Stream {
            inner,
            raw_read,
            buf: head.clone(),
            start: 0,
            offset: 0,
            eof: false,
            max_line_bytes,
            skipping: None,
            overlong_head: Vec::new(),
        };
        Ok(Opened {
            compression,
            head,
            content_len: None,
            disk_size,
            mtime_ns,
            growable,
            reader: Reader::Stream(stream),
        })
    }

    /// Moves to `offset` of the content (where the last import stopped).
    pub fn skip_to(&mut self, offset: u64) -> Result<(), SourceError> {
        match &mut self.reader {
            Reader::Mapped(m) => m.pos = (offset as usize).min(m.len),
            Reader::Stream(s) => {
                while s.offset < offset {
                    let available = (s.buf.len() - s.start) as u64;
                    if available == 0 {
                        if s.eof {
                            break;
                        }
                        s.read_more()?;
                        continue;
                    }
                    let step = available.min(offset - s.offset);
                    s.start += step as usize;
                    s.offset += step;
                }
            }
        }
        self.check()
    }

    /// The next bytes to parse; an empty `Lines` with `eof` at the end.
    pub fn fill(&mut self) -> Result<Fill<'_>, SourceError> {
        match &mut self.reader {
            Reader::Mapped(m) => m.fill(),
            Reader::Stream(s) => s.fill(),
        }
    }

    /// Whether the content may still grow (a plain regular file), so that a final line without
    /// a newline may yet be completed.
    pub fn can_grow(&self) -> bool {
        self.growable
    }

    /// The content offset of the next byte `fill` hands out.
    pub fn position(&self) -> u64 {
        match &self.reader {
            Reader::Mapped(m) => m.pos as u64,
            Reader::Stream(s) => s.offset,
        }
    }

    /// Whether the source is memory-mapped (a plain file) rather than streamed.
    pub fn is_mapped(&self) -> bool {
        matches!(self.reader, Reader::Mapped(_))
    }

    /// How far into the file (on disk, so compressed bytes for `.gz`/`.zst`) reading has got.
    pub fn raw_position(&self) -> u64 {
        match &self.reader {
            Reader::Mapped(m) => m.pos as u64,
            Reader::Stream(s) => s.raw_read.load(Ordering::Relaxed),
        }
    }

    /// Marks `n` bytes of the last `Lines` fill (or the whole `Overlong` line) as done.
    pub fn consume(&mut self, n: usize) {
        match &mut self.reader {
            Reader::Mapped(m) => {
                m.pos = m.skipping.take().unwrap_or(m.pos + n);
                m.release_behind();
            }
            Reader::Stream(s) => {
                if let Some((offset, len, terminated)) = s.skipping.take() {
                    s.offset = offset + len + u64::from(terminated);
                } else {
                    s.start += n;
                    s.offset += n as u64;
                }
            }
        }
    }

    /// Fails if the file shrank under a memory map (the bytes read may then be zeros).
    pub fn check(&self) -> Result<(), SourceError> {
        if let Reader::Mapped(m) = &self.reader {
            let was = m.len as u64;
            let now = m.file.metadata().map(|meta| meta.len()).unwrap_or(0);
            if m.faulted() || now < was {
                return Err(SourceError::Truncated { was, now });
            }
        }
        Ok(())
    }
}

/// Counts the bytes read through it.
struct Counted {
    inner: Box<dyn Read + Send>,
    read: Arc<AtomicU64>,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl Mapped {
    /// Makes the window cover file bytes `from..to`, moving it if need be.
    fn cover(&mut self, from: usize, to: usize) -> io::Result<()> {
        if from >= to || (from >= self.window && to <= self.window + self.map_len()) {
            return Ok(());
        }
        let start = from / PAGE * PAGE;
        let len = (to - start).max(WINDOW_BYTES).min(self.len - start);
        // The old window goes first, so that two never add up in the address space.
        self.mapping = None;
        self.mapping = Some(map_window(&self.file, start, len)?);
        self.window = start;
        self.released = start;
        Ok(())
    }

    fn map_len(&self) -> usize {
        self.mapping.as_ref().map_or(0, |(_, map)| map.len())
    }

    /// File bytes `from..to`, which `cover` has put in the window.
    fn bytes(&self, from: usize, to: usize) -> &[u8] {
        match &self.mapping {
            Some((_, map)) if from < to => &map[from - self.window..to - self.window],
            _ => &[],
        }
    }

    /// Whether a page of the window was cut off under it (SIGBUS).
    fn faulted(&self) -> bool {
        self.mapping.as_ref().is_some_and(|(guard, _)| guard.faulted())
    }

    fn fill(&mut self) -> Result<Fill<'_>, SourceError> {
        let (pos, len) = (self.pos, self.len);
        let chunk = if self.fills == 0 { FIRST_CHUNK_BYTES } else { CHUNK_BYTES };
        self.fills += 1;
        let mut end = (pos + chunk).min(len);
        // Look for the end of the line crossing `end` no further than the longest line allowed:
        // a longer one is cut short, never scanned whole in one go.
        let limit = end.saturating_add(self.max_line_bytes + 1).min(len);
        let probe = end.saturating_add(LINE_END_PROBE).min(limit);
        self.cover(pos, probe)?;
        if end < len {
            let found = match memchr::memchr(b'\n', self.bytes(end, probe)) {
                Some(i) => Some(end + i),
                None if probe < limit => {
                    self.cover(pos, limit)?;
                    memchr::memchr(b'\n', self.bytes(probe, limit)).map(|i| probe + i)
                }
                None => None,
            };
            end = match found {
                Some(i) => i + 1,
                None if limit == len => len,
                None => match memchr::memrchr(b'\n', self.bytes(pos, end)) {
                    Some(i) => pos + i + 1,
                    None => return self.overlong().map_err(SourceError::Io),
                },
            };
        } else if end - pos > self.max_line_bytes && memchr::memchr(b'\n', self.bytes(pos, end)).is_none() {
            return self.overlong().map_err(SourceError::Io);
        }
        Ok(Fill::Lines { bytes: self.bytes(pos, end), offset: pos as u64, eof: end == len })
    }

    /// The line at `pos` is longer than the limit: keep its first 64 KiB, find its end a window
    /// at a time, and hand it out.
    fn overlong(&mut self) -> io::Result<Fill<'_>> {
        let (pos, len) = (self.pos, self.len);
        self.cover(pos, (pos + OVERLONG_KEEP).min(len))?;
        self.overlong_head = self.bytes(pos, (pos + OVERLONG_KEEP).min(len)).to_vec();
        let mut at = pos;
        let newline = loop {
            let to = (at + WINDOW_BYTES).min(len);
            self.cover(at, to)?;
            if let Some(i) = memchr::memchr(b'\n', self.bytes(at, to)) {
                break Some(at + i);
            }
            if to == len {
                break None;
            }
            at = to;
        };
        let end = newline.unwrap_or(len);
        if newline.is_some() {
            self.skipping = Some(end + 1);
        }
        self.overlong_head.truncate(end - pos);
        let head = &self.overlong_head;
        Ok(Fill::Overlong { head, offset: pos as u64, len: (end - pos) as u64, terminated: newline.is_some() })
    }

    /// Drops the pages already parsed from memory; the kernel re-reads them if ever touched again.
    fn release_behind(&mut self) {
        let upto = (self.pos / PAGE * PAGE).min(self.window + self.map_len());
        if let Some((_, map)) = &self.mapping
            && upto >= self.released + (8 << 20)
        {
            // SAFETY: nothing borrows the released range any more (every record owns its bytes);
            // DONTNEED on a read-only file mapping only drops clean page-cache references.
            let _ = unsafe {
                map.unchecked_advise_range(UncheckedAdvice::DontNeed, self.released - self.window, upto - self.released)
            };
            self.released = upto;
        }
    }
}

impl Stream {
    fn read_more(&mut self) -> io::Result<()> {
        if self.start > 0 && self.start == self.buf.len() {
            self.buf.clear();
            self.start = 0;
        } else if self.start >= CHUNK_BYTES {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        let have = self.buf.len();
        self.buf.resize(have + (1 << 20), 0);
        loop {
            match self.inner.read(&mut self.buf[have..]) {
                Ok(0) => {
                    self.eof = true;
                    self.buf.truncate(have);
                    return Ok(());
                }
                Ok(n) => {
                    self.buf.truncate(have + n);
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted && crate::interrupt::requested().is_none() => continue,
                Err(e) => {
                    self.buf.truncate(have);
                    return Err(e);
                }
            }
        }
    }

    fn fill(&mut self) -> Result<Fill<'_>, SourceError> {
        if let Some((offset, len, terminated)) = self.skipping {
            return Ok(Fill::Overlong { head: &self.overlong_head, offset, len, terminated });
        }
        loop {
            let pending = &self.buf[self.start..];
            let complete = crate::split::complete_end(pending);
            if self.eof || pending.len() >= CHUNK_BYTES && complete > 0 {
                let end = if self.eof { pending.len() } else { complete };
                let bytes = &self.buf[self.start..self.start + end];
                return Ok(Fill::Lines { bytes, offset: self.offset, eof: self.eof });
            }
            if complete == 0 && pending.len() > self.max_line_bytes {
                return self.skip_overlong();
            }
            self.read_more()?;
        }
    }

    /// Keeps the first 64 KiB of the line at `start`, reads past its end, and reports it.
    fn skip_overlong(&mut self) -> Result<Fill<'_>, SourceError> {
        self.buf.drain(..self.start);
        self.start = 0;
        let mut len = self.buf.len() as u64;
        self.buf.truncate(OVERLONG_KEEP);
        let mut scratch = vec![0u8; 1 << 16];
        loop {
            let n = match self.inner.read(&mut scratch) {
                Ok(0) => {
                    // No newline before the end: the line stays pending, like any unfinished line.
                    self.eof = true;
                    self.overlong_head = std::mem::take(&mut self.buf);
                    self.skipping = Some((self.offset, len, false));
                    return Ok(Fill::Overlong {
                        head: &self.overlong_head,
                        offset: self.offset,
                        len,
                        terminated: false,
                    });
                }
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            };
            let line_part = memchr::memchr(b'\n', &scratch[..n]).unwrap_or(n);
            let room = OVERLONG_KEEP.saturating_sub(self.buf.len());
            self.buf.extend_from_slice(&scratch[..line_part.min(room)]);
            if line_part < n {
                let i = line_part;
                len += i as u64;
                self.overlong_head = std::mem::replace(&mut self.buf, scratch[i + 1..n].to_vec());
                self.start = 0;
                self.skipping = Some((self.offset, len, true));
                return Ok(Fill::Overlong { head: &self.overlong_head, offset: self.offset, len, terminated: true });
            }
            len += n as u64;
        }
    }
}
