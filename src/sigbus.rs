//! SIGBUS protection for memory-mapped input files.
//!
//! # Why this module exists
//!
//! qmp-ingest memory-maps its input files and parses them on several threads. If another process
//! truncates a file while it is mapped, touching a page past the new end of the file makes the
//! kernel send `SIGBUS` (`BUS_ADRERR`) to the reading thread, and the default action kills the
//! whole process. The same happens when the page cannot be read at all (an I/O error on the
//! device or a network file system). The requirement is: *a file truncated or rewritten while it
//! is being read gives a clear error for that file, never a crash.*
//!
//! # What it owns
//!
//! * The process-wide `SIGBUS` handler ([`install`]), installed once and chained to whatever
//!   handler was there before (normally the Rust runtime's own stack-overflow handler).
//! * A fixed-size, lock-free table of *guarded* address ranges ([`guard`], [`try_guard`],
//!   [`Guard`]).
//!
//! When a `SIGBUS` fault hits an address inside a guarded range, the handler maps one anonymous,
//! zero-filled, read-only page over the faulting page (`mmap(MAP_FIXED | MAP_ANONYMOUS)`), marks
//! the range's guard as faulted and returns. The faulting instruction runs again and reads zeros;
//! the thread goes on, and the caller finds out through [`Guard::faulted`]. Any other `SIGBUS` (an
//! address outside every guarded range, a signal sent with `kill`, or a failed `mmap`) is passed
//! on: the handler puts the previous action back and lets the signal be delivered again, so the
//! process dies exactly as it would have without this module. Genuine bugs are never swallowed.
//!
//! # Caller contract
//!
//! ```text
//! let map = unsafe { memmap2::Mmap::map(&file)? };
//! let g = sigbus::guard(map.as_ptr(), map.len()); // installs the handler on first use
//! let result = parse(&map[..]);                   // may run on many threads
//! if g.faulted() {
//!     // Some bytes read from `map` were zeros standing in for pages that vanished:
//!     // the file was truncated (or could not be read) while it was being read.
//!     return Err(/* "file truncated while being read" for this file */);
//! }
//! drop(g);   // the guard goes first ...
//! drop(map); // ... then the map
//! commit(result);
//! ```
//!
//! 1. Create the guard right after mapping, before reading anything from the map, and guard the
//!    whole map (`map.as_ptr()`, `map.len()`), or any part of it that will be read.
//! 2. Check [`Guard::faulted`] *after all reads are done* (after joining the reading threads or
//!    the rayon scope) and *before* trusting, committing or printing anything derived from the
//!    map. If it is true, data read from the map may contain zeros where the file was cut: report
//!    "truncated while being read" for that file and discard its results. The flag is sticky for
//!    the life of the guard.
//! 3. Keep the guard alive for as long as the map is read, and drop it **before** the map. After a
//!    fault, zero pages are mapped over part of the map's region; dropping the map still unmaps
//!    the whole region (`munmap` spans them), so nothing leaks. Dropping the map first would leave
//!    a stale range in the table that a later, unrelated mapping could reuse.
//! 4. Use it for read-only maps (`memmap2::Mmap`). The replacement page is `PROT_READ`; a write
//!    into it would be a `SIGSEGV`.
//!
//! # Limits (what this module does not catch)
//!
//! * A file rewritten in place *without* shrinking below the bytes being read, or truncated and
//!   grown again before those pages are touched, produces no fault: the reader sees mixed data.
//!   Compare the file's metadata (length, mtime, inode) before mapping and after reading to catch
//!   that.
//! * Passing map memory to a system call (`write(2)` from the map, say) gets `EFAULT` from the
//!   kernel, not a signal: that call returns an error and the guard is not marked.
//! * The table holds [`SLOT_COUNT`] guards at once. [`guard`] waits for a free slot when it is
//!   full (never hands out an unprotected guard); [`try_guard`] returns `None` instead. A thread
//!   that already holds guards and waits for another one while every slot is held by threads
//!   doing the same would wait forever, so hold at most one or two guards per thread.
//! * If other code replaces the `SIGBUS` handler after [`install`], protection is gone. After a
//!   foreign `SIGBUS` has been passed on, the previous handler stays in place (the process is
//!   normally dying at that point).
//! * Strictly, bytes of a `&[u8]` changing under the reader is outside Rust's memory model; that
//!   caveat is the one every `memmap2` map already carries. The handler only ever replaces a page
//!   that could not be read at all by a page of zeros.

use std::ffi::{c_int, c_void};
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering, fence};
use std::sync::{Once, OnceLock};
use std::time::Duration;

/// How many guards can be registered at the same time.
pub const SLOT_COUNT: usize = 256;

/// One entry of the guarded-range table.
///
/// Writers (guard creation and drop) and the signal handler communicate through a seqlock:
/// `seq` is odd while the slot describes a live range and even otherwise, and it only ever
/// grows. The handler trusts `start`/`len` only if it read the same odd `seq` before and after
/// reading them.
struct Slot {
    /// Ownership among guard creators: set by the creator that claimed the slot.
    claimed: AtomicBool,
    /// Seqlock counter; odd = active.
    seq: AtomicUsize,
    start: AtomicUsize,
    len: AtomicUsize,
    /// Set by the handler when it replaced a page of this range.
    faulted: AtomicBool,
}

impl Slot {
    const fn new() -> Self {
        Slot {
            claimed: AtomicBool::new(false),
            seq: AtomicUsize::new(0),
            start: AtomicUsize::new(0),
            len: AtomicUsize::new(0),
            faulted: AtomicBool::new(false),
        }
    }
}

static SLOTS: [Slot; SLOT_COUNT] = [const { Slot::new() }; SLOT_COUNT];

/// The system page size, read once by [`install`]; 0 until then.
static PAGE_SIZE: AtomicUsize = AtomicUsize::new(0);

/// The `SIGBUS` action that was in place before ours; written once, before ours is installed.
static PREVIOUS: OnceLock<SigAction> = OnceLock::new();

static INSTALL: Once = Once::new();

/// A `libc::sigaction` that may live in a static.
struct SigAction(libc::sigaction);

// SAFETY: `libc::sigaction` is plain data (a handler address, a signal mask, flags and a restorer
// function pointer); it holds no pointer to data owned by anyone, so sharing it between threads
// is sound. It is written once (through `OnceLock`) and only read afterwards.
unsafe impl Sync for SigAction {}
// SAFETY: as above; it is plain data.
unsafe impl Send for SigAction {}

/// Installs the process-wide `SIGBUS` handler. Idempotent and cheap after the first call;
/// [`guard`] and [`try_guard`] call it themselves, so calling it explicitly (early in `main`) is
/// optional.
///
/// # Panics
///
/// If the system refuses to report the page size or to install the handler (which does not
/// happen on Linux); continuing would turn a truncated input file back into a crash.
pub fn install() {
    INSTALL.call_once(|| {
        // SAFETY: sysconf has no preconditions.
        let raw = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        let page = usize::try_from(raw).unwrap_or(0);
        assert!(page.is_power_of_two(), "sigbus: sysconf(_SC_PAGESIZE) returned {raw}");
        PAGE_SIZE.store(page, Ordering::SeqCst);

        // Read the current action first and publish it, so the handler can pass foreign signals
        // on from the very moment it is installed.
        // SAFETY: an all-zero sigaction is a valid value (SIG_DFL, empty mask, no flags).
        let mut previous: libc::sigaction = unsafe { std::mem::zeroed() };
        // SAFETY: `previous` is a valid, writable sigaction; a null `act` only queries.
        let rc = unsafe { libc::sigaction(libc::SIGBUS, ptr::null(), &raw mut previous) };
        assert_eq!(rc, 0, "sigbus: sigaction(SIGBUS) query failed");
        if PREVIOUS.set(SigAction(previous)).is_err() {
            unreachable!("PREVIOUS is only set inside INSTALL");
        }

        // SAFETY: as above, all-zero is a valid sigaction to start from.
        let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
        action.sa_sigaction =
            on_sigbus as extern "C" fn(c_int, *mut libc::siginfo_t, *mut c_void) as libc::sighandler_t;
        // SA_SIGINFO: we need si_addr and si_code.
        // SA_ONSTACK: run on the thread's alternate stack when it has one (Rust threads do), the
        //   handler needs only a few hundred bytes either way.
        // No SA_NODEFER: SIGBUS stays blocked while the handler runs, so a fault inside the
        //   handler itself kills the process instead of recursing.
        // No SA_RESETHAND: the handler must stay for the next truncated file.
        action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
        // SAFETY: `action.sa_mask` is a valid sigset_t to initialise.
        unsafe { libc::sigemptyset(&raw mut action.sa_mask) };
        // SAFETY: `action` is fully initialised and `on_sigbus` has the SA_SIGINFO signature.
        let rc = unsafe { libc::sigaction(libc::SIGBUS, &raw const action, ptr::null_mut()) };
        assert_eq!(rc, 0, "sigbus: installing the SIGBUS handler failed");
    });
}

/// A registered address range. While it lives, a `SIGBUS` fault inside the range reads zeros
/// instead of killing the process, and [`Guard::faulted`] turns true. Dropping it unregisters the
/// range. See the module documentation for the caller contract.
#[derive(Debug)]
#[must_use = "the range is unprotected once the guard is dropped"]
pub struct Guard {
    slot: usize,
}

impl Guard {
    /// True if any page of the guarded range could not be read (the file was truncated or the
    /// read failed) and was replaced by zeros. Sticky for the life of the guard. Check it after
    /// all reads from the range are done.
    pub fn faulted(&self) -> bool {
        SLOTS[self.slot].faulted.load(Ordering::Acquire)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let slot = &SLOTS[self.slot];
        // Odd -> even: the handler stops matching this range.
        slot.seq.fetch_add(1, Ordering::Release);
        // Hand the slot back to creators; they synchronise with this store.
        slot.claimed.store(false, Ordering::Release);
    }
}

/// Registers `[ptr, ptr + len)` — normally a whole `memmap2::Mmap` — and returns its guard.
///
/// Installs the handler if needed. When all [`SLOT_COUNT`] slots are taken it waits (sleeping
/// briefly) until one is free; it never returns an unprotected guard. A `len` of 0 guards
/// nothing.
pub fn guard(ptr: *const u8, len: usize) -> Guard {
    let mut waits: u32 = 0;
    loop {
        if let Some(g) = try_guard(ptr, len) {
            return g;
        }
        if waits < 64 {
            std::thread::yield_now();
        } else {
            std::thread::sleep(Duration::from_millis(1));
        }
        waits = waits.saturating_add(1);
    }
}

/// Like [`guard`], but returns `None` instead of waiting when every slot is taken.
pub fn try_guard(ptr: *const u8, len: usize) -> Option<Guard> {
    install();
    for (index, slot) in SLOTS.iter().enumerate() {
        if slot.claimed.load(Ordering::Relaxed)
            || slot.claimed.compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed).is_err()
        {
            continue;
        }
        // We own the slot; `seq` is even, so the handler ignores it. The fence makes a handler
        // that reads the values stored below also see every earlier `seq` bump (seqlock writer
        // side), so it cannot mistake them for the range of the previous owner.
        fence(Ordering::Release);
        slot.start.store(ptr as usize, Ordering::Relaxed);
        slot.len.store(len, Ordering::Relaxed);
        slot.faulted.store(false, Ordering::Relaxed);
        // Even -> odd: publish the range.
        slot.seq.fetch_add(1, Ordering::Release);
        return Some(Guard { slot: index });
    }
    None
}

/// The `SIGBUS` handler. Only async-signal-safe operations: atomics, `mmap`, `sigaction`,
/// `raise` and errno access. No allocation, no locks, no formatting.
extern "C" fn on_sigbus(signal: c_int, info: *mut libc::siginfo_t, _context: *mut c_void) {
    // SAFETY: __errno_location returns this thread's errno slot, valid for the thread's life.
    let errno = unsafe { libc::__errno_location() };
    // SAFETY: `errno` is valid (above); saving it so the interrupted code sees it unchanged.
    let saved_errno = unsafe { *errno };

    // SAFETY: the kernel passes a valid siginfo_t for an SA_SIGINFO handler.
    let info = unsafe { &*info };
    let from_fault = info.si_code > 0; // <= 0: sent by kill/tgkill/sigqueue, si_addr is garbage.
    let handled = from_fault && info.si_code == libc::BUS_ADRERR && {
        // SAFETY: for a kernel-generated SIGBUS the `_sigfault` member of the union is the
        // active one.
        let addr = unsafe { info.si_addr() } as usize;
        replace_faulting_page(addr)
    };

    if !handled {
        pass_on(signal, from_fault);
    }

    // SAFETY: as above.
    unsafe { *errno = saved_errno };
}

/// If `addr` lies in a live guarded range, maps a zero page over its page, marks the range's
/// guard and returns true.
fn replace_faulting_page(addr: usize) -> bool {
    let page = PAGE_SIZE.load(Ordering::Relaxed);
    if page == 0 {
        return false;
    }
    let Some(slot) = SLOTS.iter().find(|slot| slot_contains(slot, addr)) else {
        return false;
    };
    let page_start = addr & !(page - 1);
    // SAFETY: the page at `page_start` lies in a registered range (by contract, a read-only file
    // mapping its guard's owner holds) and cannot be read at all: the kernel just reported
    // BUS_ADRERR for it. Replacing it with a private read-only zero page turns an access that
    // would kill the process into a read of zeros and changes no byte that anyone could read
    // before; MAP_FIXED over exactly this page touches no other page or mapping.
    let mapped = unsafe {
        libc::mmap(
            page_start as *mut c_void,
            page,
            libc::PROT_READ,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
            -1,
            0,
        )
    };
    if mapped != page_start as *mut c_void {
        // MAP_FAILED (e.g. ENOMEM at vm.max_map_count): let the process die as it would have.
        return false;
    }
    slot.faulted.store(true, Ordering::Release);
    true
}

/// Seqlock read: does `slot` hold a live range containing `addr`?
fn slot_contains(slot: &Slot, addr: usize) -> bool {
    let before = slot.seq.load(Ordering::Acquire);
    if before.is_multiple_of(2) {
        return false;
    }
    let start = slot.start.load(Ordering::Relaxed);
    let len = slot.len.load(Ordering::Relaxed);
    fence(Ordering::Acquire);
    if slot.seq.load(Ordering::Relaxed) != before {
        return false; // changed while we read it
    }
    addr >= start && addr - start < len
}

/// Puts the previous `SIGBUS` action back so it sees this signal. For a fault, returning from the
/// handler re-runs the faulting instruction, which faults again under the previous action (for
/// `SIG_DFL`: the process dies with SIGBUS). A signal sent by another process is raised again;
/// it stays pending (SIGBUS is blocked inside the handler) until the handler returns.
fn pass_on(signal: c_int, from_fault: bool) {
    let default: libc::sigaction = {
        // SAFETY: all-zero is SIG_DFL with an empty mask and no flags.
        unsafe { std::mem::zeroed() }
    };
    let previous = PREVIOUS.get().map_or(&default, |p| &p.0);
    // SAFETY: `previous` points to a valid sigaction; sigaction is async-signal-safe.
    let rc = unsafe { libc::sigaction(signal, previous, ptr::null_mut()) };
    if rc != 0 {
        // SAFETY: as above, with the default action.
        unsafe { libc::sigaction(signal, &raw const default, ptr::null_mut()) };
    }
    if !from_fault {
        // SAFETY: raise is async-signal-safe.
        unsafe { libc::raise(signal) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;
    use std::hint::black_box;
    use std::io::Write;
    use std::sync::RwLock;

    const MIB: usize = 1 << 20;
    const CUT: u64 = 4096;

    /// Tests that fill the whole table take this for writing; the others for reading.
    static TABLE: RwLock<()> = RwLock::new(());

    fn shared() -> std::sync::RwLockReadGuard<'static, ()> {
        TABLE.read().unwrap_or_else(|e| e.into_inner())
    }

    /// A 1 MiB temporary file of non-zero bytes, and a read-only map of it.
    fn mapped_file() -> (File, memmap2::Mmap) {
        let mut file = tempfile::tempfile().expect("tempfile");
        let data: Vec<u8> = (0..MIB).map(|i| (i % 251) as u8 + 1).collect();
        file.write_all(&data).expect("write");
        file.flush().expect("flush");
        // SAFETY: the file is a private temporary file; the tests truncate it on purpose, which
        // is exactly what the guard under test handles.
        let map = unsafe { memmap2::Mmap::map(&file) }.expect("mmap");
        assert_eq!(map.len(), MIB);
        (file, map)
    }

    fn expected_sum(upto: usize) -> u64 {
        (0..upto).map(|i| (i % 251) as u64 + 1).sum()
    }

    fn sum(bytes: &[u8]) -> u64 {
        // black_box on both ends: the reads must really happen, even where a test ignores the sum.
        black_box(black_box(bytes).iter().map(|&b| u64::from(b)).sum())
    }

    #[test]
    fn truncated_map_reads_zeros_and_reports_faulted() {
        let _t = shared();
        let (file, map) = mapped_file();
        let g = guard(map.as_ptr(), map.len());
        file.set_len(CUT).expect("truncate");

        let total = sum(&map);

        assert!(g.faulted());
        assert_eq!(total, expected_sum(CUT as usize));
        assert!(map[CUT as usize..].iter().all(|&b| b == 0));
        assert_eq!(map[0], 1); // the bytes before the cut are still the file's
        drop(g);
        drop(map); // munmap over file pages and replacement zero pages alike
    }

    #[test]
    fn untouched_file_is_not_faulted() {
        let _t = shared();
        let (_file, map) = mapped_file();
        let g = guard(map.as_ptr(), map.len());
        assert_eq!(sum(&map), expected_sum(MIB));
        assert!(!g.faulted());
    }

    #[test]
    fn only_the_truncated_file_of_two_reports_faulted() {
        let _t = shared();
        let (file_a, map_a) = mapped_file();
        let (_file_b, map_b) = mapped_file();
        let ga = guard(map_a.as_ptr(), map_a.len());
        let gb = guard(map_b.as_ptr(), map_b.len());
        file_a.set_len(CUT).expect("truncate");

        assert_eq!(sum(&map_a), expected_sum(CUT as usize));
        assert_eq!(sum(&map_b), expected_sum(MIB));
        assert!(ga.faulted());
        assert!(!gb.faulted());
    }

    #[test]
    fn truncation_to_zero_and_partial_guard() {
        let _t = shared();
        let (file, map) = mapped_file();
        // Guard only the second half, from an address that is not page-aligned.
        let off = MIB / 2 + 123;
        let g = guard(map[off..].as_ptr(), MIB - off);
        file.set_len(0).expect("truncate");
        assert_eq!(sum(&map[off..]), 0);
        assert!(g.faulted());
    }

    #[test]
    fn concurrent_readers_of_a_truncated_map() {
        let _t = shared();
        let (file, map) = mapped_file();
        let g = guard(map.as_ptr(), map.len());
        file.set_len(CUT).expect("truncate");

        let sums: Vec<u64> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    let map = &map;
                    s.spawn(move || {
                        // Half the threads read forwards, half backwards, so they race on the
                        // same pages from both ends.
                        if i % 2 == 0 { sum(map) } else { map.iter().rev().map(|&b| u64::from(b)).sum() }
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(sums.iter().all(|&s| s == expected_sum(CUT as usize)), "{sums:?}");
        assert!(g.faulted());
    }

    #[test]
    fn truncation_while_threads_are_reading() {
        let _t = shared();
        let (file, map) = mapped_file();
        let g = guard(map.as_ptr(), map.len());
        let truncated = AtomicBool::new(false);

        let last_sums: Vec<u64> = std::thread::scope(|s| {
            let readers: Vec<_> = (0..4)
                .map(|_| {
                    s.spawn(|| {
                        loop {
                            // Checked before the pass: the last pass starts after the cut.
                            let after_cut = truncated.load(Ordering::SeqCst);
                            let total = sum(&map);
                            if after_cut {
                                break total;
                            }
                        }
                    })
                })
                .collect();
            std::thread::sleep(Duration::from_millis(20));
            file.set_len(CUT).expect("truncate");
            truncated.store(true, Ordering::SeqCst);
            readers.into_iter().map(|r| r.join().unwrap()).collect()
        });
        assert!(g.faulted());
        assert!(last_sums.iter().all(|&s| s == expected_sum(CUT as usize)), "{last_sums:?}");
    }

    // The two table tests below also pass when other tests of the crate create guards at the
    // same time (they can take a freed slot first); they only assert what that cannot change.

    #[test]
    fn dropped_guard_frees_its_slot() {
        let _t = TABLE.write().unwrap_or_else(|e| e.into_inner());
        let (_file, map) = mapped_file();
        let g = guard(map.as_ptr(), map.len());
        let index = g.slot;
        let live = SLOTS[index].seq.load(Ordering::SeqCst);
        assert_eq!(live % 2, 1, "a live slot has an odd sequence number");
        drop(g);
        // Deactivated (whoever may have claimed it again since).
        assert!(SLOTS[index].seq.load(Ordering::SeqCst) > live);

        // A slot whose last owner faulted is reused, and starts out clean.
        let (file, map2) = mapped_file();
        let g = guard(map2.as_ptr(), map2.len());
        file.set_len(CUT).expect("truncate");
        let _ = sum(&map2);
        assert!(g.faulted());
        let index = g.slot;
        let live = SLOTS[index].seq.load(Ordering::SeqCst);
        drop(g);
        let mut held = Vec::new();
        let mut reused = false;
        while let Some(g) = try_guard(map.as_ptr(), map.len()) {
            if g.slot == index {
                assert!(!g.faulted());
                reused = true;
                break;
            }
            held.push(g);
        }
        // Not handed to us only if another test's guard claimed it (one more activation).
        let taken_elsewhere = SLOTS[index].seq.load(Ordering::SeqCst) >= live + 2;
        assert!(reused || taken_elsewhere, "slot {index} was not freed");
    }

    #[test]
    fn full_table_makes_guard_wait_for_a_free_slot() {
        let _t = TABLE.write().unwrap_or_else(|e| e.into_inner());
        let (_file, map) = mapped_file();
        let mut held: Vec<Guard> =
            std::iter::from_fn(|| try_guard(map.as_ptr(), map.len())).take(SLOT_COUNT + 1).collect();
        assert!(!held.is_empty() && held.len() <= SLOT_COUNT);
        let all_ours = held.len() == SLOT_COUNT;

        let ptr = map.as_ptr() as usize;
        let waiter = std::thread::spawn(move || guard(ptr as *const u8, MIB).slot);
        std::thread::sleep(Duration::from_millis(50));
        if all_ours {
            // No other guard exists, so none can be dropped to let the waiter through.
            assert!(!waiter.is_finished(), "guard() must wait while the table is full");
        }
        drop(held.pop());
        let got = waiter.join().unwrap();
        assert!(got < SLOT_COUNT);
        drop(held);
        assert!(try_guard(map.as_ptr(), map.len()).is_some());
    }

    #[test]
    fn zero_length_guard_and_install_are_harmless() {
        let _t = shared();
        install();
        install();
        let g = guard(ptr::null(), 0);
        assert!(!g.faulted());
    }

    /// Environment variable that turns the `child_*` tests into real scenarios; the parent tests
    /// below run this test binary again with it set.
    const CHILD_ENV: &str = "QMP_SIGBUS_TEST_CHILD";

    /// Runs `child_test` (a test of this module) in a fresh process and returns its status.
    fn run_child(child_test: &str) -> std::process::ExitStatus {
        let module = module_path!();
        // The harness names tests by their path without the crate name.
        let within_crate = module.split_once("::").map_or(module, |(_, rest)| rest);
        let name = format!("{within_crate}::{child_test}");
        std::process::Command::new(std::env::current_exe().expect("current_exe"))
            .args([name.as_str(), "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("spawn child test process")
    }

    /// True inside a child process started by [`run_child`]; also turns off core dumps there,
    /// since one child is meant to die of SIGBUS.
    fn is_child() -> bool {
        if std::env::var_os(CHILD_ENV).is_none() {
            return false;
        }
        let no_core = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: `no_core` is a valid rlimit; lowering RLIMIT_CORE has no other effect.
        unsafe { libc::setrlimit(libc::RLIMIT_CORE, &no_core) };
        true
    }

    /// Reads a truncated map that some *other* range is guarding: must die of SIGBUS.
    #[test]
    fn child_unguarded_fault() {
        if !is_child() {
            return;
        }
        let (_file_a, map_a) = mapped_file();
        let _g = guard(map_a.as_ptr(), map_a.len());
        let (file_b, map_b) = mapped_file();
        file_b.set_len(CUT).expect("truncate");
        let total = sum(&map_b);
        // Only reached if the fault was swallowed.
        println!("survived with sum {total}");
        std::process::exit(0);
    }

    /// Reads a truncated map whose guard was already dropped: must die of SIGBUS.
    #[test]
    fn child_fault_after_guard_dropped() {
        if !is_child() {
            return;
        }
        let (file, map) = mapped_file();
        drop(guard(map.as_ptr(), map.len()));
        file.set_len(CUT).expect("truncate");
        let total = sum(&map);
        println!("survived with sum {total}");
        std::process::exit(0);
    }

    /// Control: the same with a guard on the truncated map must succeed.
    #[test]
    fn child_guarded_fault() {
        if !is_child() {
            return;
        }
        let (file, map) = mapped_file();
        let g = guard(map.as_ptr(), map.len());
        file.set_len(CUT).expect("truncate");
        let total = sum(&map);
        std::process::exit(if g.faulted() && total == expected_sum(CUT as usize) { 0 } else { 3 });
    }

    #[test]
    fn fault_outside_guarded_ranges_still_kills_the_process() {
        use std::os::unix::process::ExitStatusExt;
        if is_child() {
            return;
        }
        for child in ["child_unguarded_fault", "child_fault_after_guard_dropped"] {
            let status = run_child(child);
            assert_eq!(status.signal(), Some(libc::SIGBUS), "{child}: {status:?}");
        }

        let status = run_child("child_guarded_fault");
        assert!(status.success(), "{status:?}");
    }
}
