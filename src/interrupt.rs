//! Interrupt: SIGINT and SIGTERM end a run cleanly instead of killing it mid-batch.
//!
//! The handler only records which signal came (and puts the default action back, so a second
//! Ctrl-C ends the process at once); the pipeline looks at [`requested`] between batches, stops
//! reading, lets what was read so far commit and reports what is in the database. Nothing is lost
//! either way — a kill at any moment leaves the last commit — but a signal gets one line saying
//! what was kept, and the exit code 130 (SIGINT) or 143 (SIGTERM).

use std::sync::atomic::{AtomicI32, Ordering};

static SIGNAL: AtomicI32 = AtomicI32::new(0);

extern "C" fn record(signal: libc::c_int) {
    SIGNAL.store(signal, Ordering::SeqCst);
}

/// Installs the handlers for SIGINT and SIGTERM. A read blocked on a pipe returns early
/// (no `SA_RESTART`), so even a silent stdin notices the request.
pub fn install() {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: a zeroed sigaction with a handler that only stores to an atomic, which is
        // async-signal-safe; SA_RESETHAND restores the default for the next signal.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = record as extern "C" fn(libc::c_int) as libc::sighandler_t;
            action.sa_flags = libc::SA_RESETHAND;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

/// The signal that asked the run to stop, if one did.
pub fn requested() -> Option<i32> {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

/// The name of `signal` as people know it.
pub fn name(signal: i32) -> &'static str {
    match signal {
        libc::SIGINT => "SIGINT",
        libc::SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}
