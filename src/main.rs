//! The `qmp-ingest` binary: parse arguments, run the library, map the result to an exit code.
//! Nothing here writes with `print!`/`eprint!`: an unwritable stream must never panic.

use clap::Parser;
use qmp_ingest::config::{Args, generate};
use qmp_ingest::exit::ExitCode;
use qmp_ingest::report::{self, Progress, write_stdout};

/// How many rejected lines the human summary lists.
const REJECTS_LISTED: usize = 5;

fn main() -> std::process::ExitCode {
    run().into()
}

fn run() -> ExitCode {
    qmp_ingest::config::tune_allocator();
    // `qmp-ingest export …` has a command line of its own; `./export` is still an import input.
    if std::env::args_os().nth(1).is_some_and(|first| first == "export") {
        return qmp_ingest::export::cli::main(std::env::args_os().skip(1));
    }
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let code = if e.use_stderr() { ExitCode::Usage } else { ExitCode::Success };
            let text = e.render().to_string();
            if e.use_stderr() {
                report::write_stderr(&text);
            } else if let Err(e) = write_stdout(text.as_bytes()) {
                report::error(&format!("cannot write to standard output: {}", report::io_cause(&e)));
                return ExitCode::Fatal;
            }
            return code;
        }
    };
    if let Some(what) = args.generate {
        return match write_stdout(&generate(what)) {
            Ok(()) => ExitCode::Success,
            Err(e) => {
                report::error(&format!("cannot write to standard output: {}", report::io_cause(&e)));
                ExitCode::Fatal
            }
        };
    }
    let config = match args.into_config() {
        Ok(config) => config,
        Err(e) => {
            report::error(&e.to_string());
            return ExitCode::Usage;
        }
    };
    qmp_ingest::interrupt::install();
    let progress = Progress::new(config.progress);
    let summary = match qmp_ingest::ingest::run(&config, &progress) {
        Ok(summary) => summary,
        Err(e) => {
            progress.finish();
            report::error(&report::error_chain(&e));
            return ExitCode::Fatal;
        }
    };
    for warning in &summary.warnings {
        report::warning(warning);
    }
    for file in &summary.files {
        if let Some(error) = &file.error {
            report::error(error);
        }
    }
    if summary.files.is_empty() {
        let inputs: Vec<String> = config.inputs.iter().map(|i| qmp_ingest::input::path_text(i)).collect();
        report::warning(&format!("no archive files found in {}", inputs.join(" ")));
    }
    let mut code = ExitCode::for_summary(&summary);
    if config.json
        && let Err(e) = write_stdout(format!("{}\n", summary.json()).as_bytes())
    {
        report::error(&format!("cannot write the summary to standard output: {}", report::io_cause(&e)));
        code = ExitCode::Fatal;
    }
    if let Some(signal) = summary.interrupted {
        report::write_stderr(&format!("qmp-ingest: {}\n", summary.interrupted_line(signal)));
    } else if !config.quiet {
        report::write_stderr(&summary.human(REJECTS_LISTED));
    }
    code
}
