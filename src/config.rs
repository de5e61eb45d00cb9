//! Config: the command line (clap) and its validation into one [`Config`] before any work
//! starts. `--help`, the man page and the completions all come from [`Args`].

use clap::{Parser, ValueEnum};
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

const EXAMPLES: &str = "\
Examples:
  qmp-ingest archive/*.jsonl --db events.db
  qmp-ingest /var/log/qmp --db /srv/events.db --quiet     # nightly, from cron
  zcat old.jsonl.gz | qmp-ingest - --label vm-web01 --db events.db
  sqlite3 events.db 'SELECT * FROM quorum_failures_by_node'

Exit status:
  0  every line ended up where it belongs (lines left pending count as fine)
  1  a fatal error: the database could not be opened, locked or written, or an input
     could not be read (other inputs are still imported)
  2  usage error
  3  the import finished but some lines were rejected (see the rejects table)
  When both 1 and 3 apply, 1 wins.";

/// What `--generate` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Generate {
    /// A man page (roff).
    Man,
    /// Bash completion.
    Bash,
    /// Zsh completion.
    Zsh,
    /// Fish completion.
    Fish,
}

/// How `--format` reads the inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Each source as its first lines show: raw QMP, virsh, libvirt log or KubeVirt log.
    Auto,
    /// Raw QMP lines (JSONL).
    Qmp,
    /// `virsh qemu-monitor-event --loop` output (plain or --timestamp).
    Virsh,
    /// A libvirt daemon log (libvirtd.log, virtqemud.log) with the QEMU monitor logged.
    LibvirtLog,
    /// A KubeVirt virt-launcher log (one VM).
    Kubevirt,
}

impl FormatArg {
    /// The format forced, `None` for `auto`.
    fn forced(self) -> Option<crate::formats::Format> {
        use crate::formats::Format;
        match self {
            FormatArg::Auto => None,
            FormatArg::Qmp => Some(Format::Qmp),
            FormatArg::Virsh => Some(Format::Virsh),
            FormatArg::LibvirtLog => Some(Format::LibvirtLog),
            FormatArg::Kubevirt => Some(Format::Kubevirt),
        }
    }
}

/// Import QEMU QMP event archives (JSONL) into a typed SQLite database.
#[derive(Debug, Parser)]
#[command(
    name = "qmp-ingest",
    version,
    after_help = EXAMPLES,
    max_term_width = 100,
    override_usage = "qmp-ingest [OPTIONS] <INPUT>... --db <PATH>\n       qmp-ingest --generate <man|bash|zsh|fish>\n       qmp-ingest export --db <PATH> --parquet <DIR> [OPTIONS]   (see qmp-ingest export --help)"
)]
pub struct Args {
    /// Files, directories (searched for *.jsonl, and *.log holding libvirt or virsh output, with rotated/compressed forms), quoted globs, or - for stdin.
    #[arg(value_name = "INPUT", required_unless_present = "generate", value_parser = clap::value_parser!(OsString), help_heading = "Input")]
    pub inputs: Vec<OsString>,

    /// Label every input of this run with TEXT [default: the file's stem, or its directory when the stem is a date].
    #[arg(long, value_name = "TEXT", help_heading = "Input")]
    pub label: Option<String>,

    /// How to read the inputs: auto tells each source's format from its first lines (virsh qemu-monitor-event output, a libvirt daemon log, a KubeVirt virt-launcher log, else raw QMP).
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = FormatArg::Auto, help_heading = "Input")]
    pub format: FormatArg,

    /// Reject lines longer than N bytes (the first 64 KiB are kept in rejects).
    #[arg(long, value_name = "N", default_value_t = 16 * 1024 * 1024, value_parser = clap::value_parser!(u64).range(1..=1 << 30), help_heading = "Input")]
    pub max_line_bytes: u64,

    /// The SQLite database: created if missing, migrated if older.
    #[arg(long, value_name = "PATH", required_unless_present = "generate", help_heading = "Database")]
    pub db: Option<PathBuf>,

    /// Wait up to SECONDS for another importer of the same database, then exit 1.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, help_heading = "Database")]
    pub lock_timeout: u64,

    /// Parser threads [default: all cores].
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024), help_heading = "Performance")]
    pub jobs: Option<u64>,

    /// No progress bar and no summary; errors are still printed.
    #[arg(long, short = 'q', help_heading = "Output")]
    pub quiet: bool,

    /// Print the run's summary as one JSON object on stdout.
    #[arg(long, help_heading = "Output")]
    pub json: bool,

    /// Print a man page or a shell completion script and exit.
    #[arg(long, value_name = "WHAT", help_heading = "Output")]
    pub generate: Option<Generate>,
}

/// A validated run configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The INPUT arguments as given (bytes: a file name need not be UTF-8).
    pub inputs: Vec<OsString>,
    /// The database path.
    pub db: PathBuf,
    /// Parser threads.
    pub jobs: usize,
    /// Suppress progress and summary.
    pub quiet: bool,
    /// JSON summary on stdout.
    pub json: bool,
    /// Label override.
    pub label: Option<String>,
    /// The format every input is read in (`--format`); `None`: told per source.
    pub format: Option<crate::formats::Format>,
    /// Longest accepted line.
    pub max_line_bytes: usize,
    /// How long to wait for another importer.
    pub lock_timeout: Duration,
    /// Whether to draw a progress bar.
    pub progress: bool,
}

/// A command line that parses but makes no sense.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    /// `--db` missing.
    #[error("--db PATH is required")]
    NoDatabase,
    /// No INPUT.
    #[error("at least one INPUT is required")]
    NoInput,
    /// An empty label.
    #[error("--label must not be empty")]
    EmptyLabel,
}

impl Args {
    /// Validates the arguments into a [`Config`].
    pub fn into_config(self) -> Result<Config, UsageError> {
        let db = self.db.ok_or(UsageError::NoDatabase)?;
        if self.inputs.is_empty() {
            return Err(UsageError::NoInput);
        }
        if self.label.as_deref().is_some_and(|l| l.trim().is_empty()) {
            return Err(UsageError::EmptyLabel);
        }
        let jobs = match self.jobs {
            Some(n) => n as usize,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        Ok(Config {
            inputs: self.inputs,
            db,
            jobs,
            quiet: self.quiet,
            json: self.json,
            label: self.label,
            format: self.format.forced(),
            max_line_bytes: self.max_line_bytes as usize,
            lock_timeout: Duration::from_secs(self.lock_timeout),
            progress: !self.quiet && std::io::stderr().is_terminal(),
        })
    }
}

/// The address-space limit the process runs under (`ulimit -v`, `prlimit --as`), if any.
pub fn address_space_limit() -> Option<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit only writes the struct it is given.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut limit) } == 0;
    (ok && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur)
}

/// Largest block glibc still serves from its heaps rather than mapping on its own (the most
/// `mallopt` accepts on 64-bit systems).
const MMAP_THRESHOLD: i32 = 32 << 20;
/// Free memory a glibc heap keeps at its top before giving it back to the system.
const TRIM_THRESHOLD: i32 = 256 << 20;

/// Sets glibc's allocator up for the import; must run before any thread starts.
///
/// A batch's buffers are a few MiB, above glibc's first threshold for mapping a block on its
/// own: each batch's were mapped, faulted in page by page (zeroed by the kernel) and unmapped
/// when the writer freed them, about half of an import's page faults. With fixed thresholds they
/// come from the heaps and are reused batch after batch. Measured on 2026-12-04 (2-core AMD
/// EPYC, `/usr/bin/time` and `perf stat -e page-faults`): a 256 MiB import 51–58 k → 30–31 k
/// page faults, system time 0.43 → 0.33 s; 1 GiB: 1.32 → 0.77 s, peak RSS 114 → 135 MiB. The
/// memory kept is what the batches in flight need at most: it stays flat in the archive's size.
///
/// Under an address-space limit (`ulimit -v`, `prlimit --as`) instead one malloc arena for all
/// threads (glibc reserves 64 MiB of address space for each arena a thread opens) and glibc's
/// own thresholds, which give memory back as soon as they can.
pub fn tune_allocator() {
    // SAFETY: mallopt only sets allocator parameters; no other thread exists yet.
    unsafe {
        if address_space_limit().is_some() {
            libc::mallopt(libc::M_ARENA_MAX, 1);
        } else {
            libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
            libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD);
        }
    }
}

/// The man page or completion script for `what`. Rendered into memory, because
/// clap_complete panics when its output cannot be written; the caller writes it out.
pub fn generate(what: Generate) -> Vec<u8> {
    use clap::CommandFactory;
    let cmd = Args::command();
    let mut out = Vec::new();
    let shell = match what {
        Generate::Man => {
            // Writing into a Vec cannot fail.
            let _ = clap_mangen::Man::new(cmd).render(&mut out);
            return out;
        }
        Generate::Bash => clap_complete::Shell::Bash,
        Generate::Zsh => clap_complete::Shell::Zsh,
        Generate::Fish => clap_complete::Shell::Fish,
    };
    // The completion knows `qmp-ingest export` and its options too (main.rs sends a first
    // argument `export` to its own command line).
    let export = crate::export::cli::ExportArgs::command().name("export").bin_name("qmp-ingest export");
    let mut cmd = cmd.args_conflicts_with_subcommands(true).subcommand(export);
    clap_complete::generate(shell, &mut cmd, "qmp-ingest", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, String> {
        let args = Args::try_parse_from(std::iter::once("qmp-ingest").chain(args.iter().copied()))
            .map_err(|e| e.to_string())?;
        args.into_config().map_err(|e| e.to_string())
    }

    #[test]
    fn completions_know_the_export_command_and_its_options() {
        for shell in [Generate::Bash, Generate::Zsh, Generate::Fish] {
            let script = String::from_utf8(generate(shell)).unwrap();
            assert!(script.contains("export") && script.contains("parquet") && script.contains("rebuild"), "{shell:?}");
            assert!(script.contains("max-line-bytes"), "{shell:?}: the import's options are still there");
        }
    }

    #[test]
    fn defaults_follow_the_design() {
        let c = parse(&["a.jsonl", "--db", "x.db"]).unwrap();
        assert_eq!(c.max_line_bytes, 16 << 20);
        assert_eq!(c.lock_timeout, Duration::from_secs(60));
        assert!(c.jobs >= 1);
        assert!(!c.json && !c.quiet && c.label.is_none());
    }

    #[test]
    fn bad_command_lines_are_refused() {
        assert!(parse(&["a.jsonl"]).is_err());
        assert!(parse(&["--db", "x.db"]).is_err());
        assert!(parse(&["a", "--db", "x", "--jobs", "0"]).is_err());
        assert!(parse(&["a", "--db", "x", "--label", " "]).unwrap_err().contains("label"));
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }
}
