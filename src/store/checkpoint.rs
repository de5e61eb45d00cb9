//! Checkpoint: copying committed WAL pages into the database file, on a thread of its own.
//!
//! SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the
//! writer's thread: the writer then waits for the WAL's fsync, the copy and the database's fsync
//! (about a fifth of an import's time on a 2-core machine) while the parsers, their queue full,
//! wait for it. Here the writer's connection has automatic checkpoints off; after each commit it
//! asks this thread, on a connection of its own, for a passive checkpoint (which never blocks
//! the writer or a reader), and goes on inserting. The WAL can only start over from its
//! beginning at a transaction that begins when everything committed has been copied, so every
//! [`RESTART_BYTES`] of input the writer waits for the checkpoint in progress before it begins
//! its next transaction: the WAL stays at about a hundred MiB at most. That checkpoint copies the
//! commit just made and syncs the database, a tenth of a second or more on a slow disk, so the
//! wait is rare (every 64 MiB it cost a fifth of a 1 GiB import's time). Durability is SQLite's:
//! a checkpoint syncs the WAL before copying and the database after (`synchronous=NORMAL`),
//! whichever connection runs it.

use rusqlite::Connection;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

/// How much input the writer commits between two waits for the checkpoint (see the module).
pub const RESTART_BYTES: u64 = 256 << 20;

/// Checkpoints asked for and done, counted.
#[derive(Default)]
struct Counts {
    asked: u64,
    done: u64,
    stop: bool,
}

#[derive(Default)]
struct Shared {
    counts: Mutex<Counts>,
    changed: Condvar,
}

/// The checkpoint thread of one database.
pub struct Checkpointer {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread with a connection of its own to the (WAL-mode) database at `path`.
    pub fn start(path: &Path) -> rusqlite::Result<Checkpointer> {
        let conn = Connection::open(path)?;
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
        let shared = Arc::new(Shared::default());
        let theirs = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("qmp-checkpoint".into())
            .spawn(move || {
                // On this thread: the pragma reads the whole schema (some milliseconds), which
                // the writer need not wait for. Should it fail, checkpoints sync as with FULL.
                let _ = conn.pragma_update(None, "synchronous", "NORMAL");
                run(&conn, &theirs)
            })
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        Ok(Checkpointer { shared, thread: Some(thread) })
    }

    /// Asks for a checkpoint of everything committed so far; does not wait.
    pub fn ask(&self) {
        let mut counts = self.shared.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts.asked += 1;
        self.shared.changed.notify_all();
    }

    /// Waits until every checkpoint asked for is done.
    pub fn wait(&self) {
        let mut counts = self.shared.counts.lock().unwrap_or_else(|e| e.into_inner());
        while counts.done < counts.asked {
            counts = self.shared.changed.wait(counts).unwrap_or_else(|e| e.into_inner());
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        {
            let mut counts = self.shared.counts.lock().unwrap_or_else(|e| e.into_inner());
            counts.stop = true;
            self.shared.changed.notify_all();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The thread: one passive checkpoint per round of requests, until told to stop.
fn run(conn: &Connection, shared: &Shared) {
    let mut counts = shared.counts.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        while counts.done == counts.asked && !counts.stop {
            counts = shared.changed.wait(counts).unwrap_or_else(|e| e.into_inner());
        }
        if counts.stop {
            return;
        }
        let asked = counts.asked;
        drop(counts);
        // A failure (the disk, a busy lock) is no loss: the pages stay in the WAL, the next
        // checkpoint, or the one at the end of the run, copies them.
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        counts = shared.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts.done = asked;
        shared.changed.notify_all();
    }
}
