//! `sql_time`: times SQL queries with the SQLite compiled into qmp-ingest (rusqlite `bundled`),
//! for `benches/queries.py`, which also times them with the `sqlite3` shell.
//!
//! ```text
//! sql_time DB RUNS < queries      # queries separated by lines `-- next`
//! ```
//!
//! Prints one line per query: the median wall time in seconds over RUNS runs (every row stepped
//! and every column read), and the number of rows. The first line is the SQLite version.

use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, db, runs] = &args[..] else {
        return Err("usage: sql_time DB RUNS < queries (separated by lines `-- next`)".into());
    };
    let runs: usize = runs.parse()?;
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    println!("{}", rusqlite::version());
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    for query in input.split("\n-- next\n").map(str::trim).filter(|q| !q.is_empty()) {
        let mut times = Vec::with_capacity(runs);
        let mut rows = 0usize;
        for _ in 0..runs.max(1) {
            let started = Instant::now();
            let mut stmt = conn.prepare(query)?;
            let columns = stmt.column_count();
            let mut cursor = stmt.query([])?;
            rows = 0;
            while let Some(row) = cursor.next()? {
                for i in 0..columns {
                    let _ = row.get_ref(i)?;
                }
                rows += 1;
            }
            times.push(started.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        println!("{:.4} {rows}", times[times.len() / 2]);
    }
    Ok(())
}
