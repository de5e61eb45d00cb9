//! The `qmp-ingest` binary: parse arguments, run the library, map the result to an exit code.

use clap::Parser;
use qmp_ingest::config::{Args, generate};
use qmp_ingest::exit::ExitCode;
use qmp_ingest::report::{Progress, print_stdout};

/// How many rejected lines the human summary lists.
const REJECTS_LISTED: usize = 5;

fn main() -> std::process::ExitCode {
    run().into()
}

fn run() -> ExitCode {
    // `qmp-ingest export …` has a command line of its own; `./export` is still an import input.
    if std::env::args_os().nth(1).is_some_and(|first| first == "export") {
        return qmp_ingest::export::cli::main(std::env::args_os().skip(1));
    }
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::Usage } else { ExitCode::Success };
        }
    };
    if let Some(what) = args.generate {
        return match generate(what, &mut std::io::stdout().lock()) {
            Ok(()) => ExitCode::Success,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::Success,
            Err(e) => {
                eprintln!("qmp-ingest: error: {e}");
                ExitCode::Fatal
            }
        };
    }
    let config = match args.into_config() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("qmp-ingest: error: {e}");
            return ExitCode::Usage;
        }
    };
    let progress = Progress::new(config.progress);
    let summary = match qmp_ingest::ingest::run(&config, &progress) {
        Ok(summary) => summary,
        Err(e) => {
            progress.finish();
            eprintln!("qmp-ingest: error: {:#}", anyhow::Error::new(e));
            return ExitCode::Fatal;
        }
    };
    for file in &summary.files {
        if let Some(error) = &file.error {
            eprintln!("qmp-ingest: error: {error}");
        }
    }
    if summary.files.is_empty() {
        eprintln!("qmp-ingest: warning: no archive files found in {}", config.inputs.join(" "));
    }
    if config.json && print_stdout(&summary.json()).is_err() {
        return ExitCode::Fatal;
    }
    if !config.quiet {
        eprint!("{}", summary.human(REJECTS_LISTED));
    }
    ExitCode::for_summary(&summary)
}
