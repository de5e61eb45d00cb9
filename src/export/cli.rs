//! Cli: the `qmp-ingest export` command line — its own clap parser (so the import's command line
//! stays as it is), validation into one [`ExportConfig`], and the run's exit code.

use super::ExportConfig;
use super::period::Period;
use super::report::Progress;
use crate::exit::ExitCode;
use crate::report;
use clap::{Parser, ValueEnum};
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

const EXAMPLES: &str = "\
Examples:
  qmp-ingest export --db events.db --parquet /srv/lake              # as this machine's host name
  qmp-ingest export --db /srv/events.db --parquet /mnt/lake --host hv01 --quiet   # from cron
  duckdb -c \"SELECT * FROM read_parquet('/srv/lake/quorum_failure/*/*.parquet', union_by_name = true)\"

Layout: DIR/<table>/month=YYYY-MM/<host>.parquet (month=none: rows without a timestamp),
DIR/files/<host>.parquet, DIR/_qmp_lake.json. A re-run writes only the periods with new rows.

Exit status:
  0  the lake holds every committed row of the database
  1  a fatal error: the database could not be opened, locked or read, a lake file could not be
     written, or a file under this --host was written by another database
  2  usage error";

/// What `--generate` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Generate {
    /// A man page (roff).
    Man,
}

/// Export the database into a Parquet lake that DuckDB, Spark, Trino and ClickHouse read.
#[derive(Debug, Parser)]
#[command(
    name = "qmp-ingest export",
    bin_name = "qmp-ingest export",
    version,
    after_help = EXAMPLES,
    max_term_width = 100,
    override_usage = "qmp-ingest export --db <PATH> --parquet <DIR> [OPTIONS]"
)]
pub struct ExportArgs {
    /// The SQLite database to export (as written by the import).
    #[arg(long, value_name = "PATH", required_unless_present = "generate")]
    pub db: Option<PathBuf>,

    /// The lake directory (local or mounted); created if missing.
    #[arg(long, value_name = "DIR", required_unless_present = "generate")]
    pub parquet: Option<PathBuf>,

    /// Name of this host in the lake (file names and the `host` column) [default: the machine's host name].
    #[arg(long, value_name = "NAME")]
    pub host: Option<String>,

    /// Partition files by month or by day (UTC); a lake keeps the period it was made with.
    #[arg(long, value_enum, default_value_t = Period::Month)]
    pub period: Period,

    /// Rewrite every file of this host, not just the periods with new rows.
    #[arg(long)]
    pub rebuild: bool,

    /// Wait up to SECONDS for an import of the same database, then exit 1.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub lock_timeout: u64,

    /// No progress bar and no summary; errors are still printed.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Print the run's summary as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,

    /// Print a man page and exit.
    #[arg(long, value_name = "WHAT")]
    pub generate: Option<Generate>,
}

/// A command line that parses but makes no sense.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    /// `--db` or `--parquet` missing.
    #[error("{0} is required")]
    Missing(&'static str),
    /// A host name that would not make a visible, single file name.
    #[error(
        "--host {0:?}: a host name must be letters, digits, '.', '-' or '_', and not start with '.' or '_' (engines skip such files)"
    )]
    BadHost(String),
    /// No `--host` and the machine's name is unusable.
    #[error("the machine's host name {0:?} cannot name lake files; give --host NAME")]
    BadHostName(String),
}

/// Whether `name` makes a lake file name every engine reads.
fn host_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name.starts_with(['.', '_'])
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// The machine's host name.
fn host_name() -> Option<String> {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname writes at most that many bytes.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return None;
    }
    let len = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8(buf[..len].to_vec()).ok()
}

impl ExportArgs {
    /// Validates the arguments into an [`ExportConfig`].
    pub fn into_config(self) -> Result<ExportConfig, UsageError> {
        let db = self.db.ok_or(UsageError::Missing("--db PATH"))?;
        let lake = self.parquet.ok_or(UsageError::Missing("--parquet DIR"))?;
        let host = match self.host {
            Some(host) if host_ok(&host) => host,
            Some(host) => return Err(UsageError::BadHost(host)),
            None => {
                let name = host_name().unwrap_or_default();
                if !host_ok(&name) {
                    return Err(UsageError::BadHostName(name));
                }
                name
            }
        };
        Ok(ExportConfig {
            db,
            lake,
            host,
            period: self.period,
            rebuild: self.rebuild,
            json: self.json,
            quiet: self.quiet,
            progress: !self.quiet && std::io::stderr().is_terminal(),
            lock_timeout: Duration::from_secs(self.lock_timeout),
        })
    }
}

/// `qmp-ingest export: error: …`, one line, on a stderr that may not be writable.
fn error(message: &str) {
    report::write_stderr(&format!("qmp-ingest export: error: {}\n", crate::input::one_line(message)));
}

/// Runs `qmp-ingest export ARGS…` (`args` starts at `export`) and decides the exit code. Like
/// the import, it writes nothing with `print!`: a full or closed stream never panics.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args = match ExportArgs::try_parse_from(args) {
        Ok(args) => args,
        Err(e) => {
            let text = e.render().to_string();
            if e.use_stderr() {
                report::write_stderr(&text);
                return ExitCode::Usage;
            }
            return match report::write_stdout(text.as_bytes()) {
                Ok(()) => ExitCode::Success,
                Err(e) => {
                    error(&format!("cannot write to standard output: {}", report::io_cause(&e)));
                    ExitCode::Fatal
                }
            };
        }
    };
    if args.generate == Some(Generate::Man) {
        use clap::CommandFactory;
        let mut page = Vec::new();
        // Rendering into memory cannot fail.
        let _ = clap_mangen::Man::new(ExportArgs::command()).render(&mut page);
        return match report::write_stdout(&page) {
            Ok(()) => ExitCode::Success,
            Err(e) => {
                error(&format!("cannot write to standard output: {}", report::io_cause(&e)));
                ExitCode::Fatal
            }
        };
    }
    let config = match args.into_config() {
        Ok(config) => config,
        Err(e) => {
            error(&e.to_string());
            return ExitCode::Usage;
        }
    };
    let progress = Progress::new(config.progress);
    let summary = match super::run(&config, &progress) {
        Ok(summary) => summary,
        Err(e) => {
            progress.finish();
            error(&report::error_chain(&e));
            return ExitCode::Fatal;
        }
    };
    let mut code = ExitCode::Success;
    if config.json
        && let Err(e) = report::write_stdout(format!("{}\n", summary.json()).as_bytes())
    {
        error(&format!("cannot write the summary to standard output: {}", report::io_cause(&e)));
        code = ExitCode::Fatal;
    }
    if !config.quiet {
        report::write_stderr(&summary.human());
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<ExportConfig, String> {
        let args = ExportArgs::try_parse_from(std::iter::once("export").chain(args.iter().copied()))
            .map_err(|e| e.to_string())?;
        args.into_config().map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_and_refusals() {
        let c = parse(&["--db", "x.db", "--parquet", "lake", "--host", "hv01"]).unwrap();
        assert_eq!((c.period, c.rebuild, c.lock_timeout), (Period::Month, false, Duration::from_secs(60)));
        assert_eq!(c.host, "hv01");
        assert!(parse(&["--db", "x.db"]).is_err());
        assert!(parse(&["--parquet", "lake"]).is_err());
        assert!(parse(&["--db", "x", "--parquet", "l", "--period", "week"]).is_err());
        for bad in ["", ".hidden", "_meta", "a/b", "a b", "..", "ü"] {
            assert!(parse(&["--db", "x", "--parquet", "l", "--host", bad]).unwrap_err().contains("--host"), "{bad}");
        }
        let c = parse(&["--db", "x", "--parquet", "l", "--period", "day", "--rebuild"]).unwrap();
        assert_eq!(c.period, Period::Day);
        assert_eq!(c.host, host_name().unwrap(), "the default is the machine's name");
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        ExportArgs::command().debug_assert();
    }
}
