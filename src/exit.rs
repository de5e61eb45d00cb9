//! Exit: the process exit code, decided in one place (README, "Exit status").

use crate::report::Summary;

/// The exit codes of qmp-ingest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Every line ended up where it belongs (pending lines count as fine).
    Success = 0,
    /// A fatal error: the database could not be opened, locked or written, or an input could not be read.
    Fatal = 1,
    /// The command line was wrong.
    Usage = 2,
    /// The import finished but some lines were rejected.
    Rejects = 3,
    /// Stopped by SIGINT (128 + 2); what was committed stays, a re-run resumes.
    Interrupted = 130,
    /// Stopped by SIGTERM (128 + 15); what was committed stays, a re-run resumes.
    Terminated = 143,
}

impl ExitCode {
    /// The code for a finished run: unreadable inputs (1) win over rejected lines (3).
    pub fn for_summary(summary: &Summary) -> ExitCode {
        match summary.interrupted {
            Some(libc::SIGINT) => return ExitCode::Interrupted,
            Some(_) => return ExitCode::Terminated,
            None => {}
        }
        if summary.had_errors() {
            ExitCode::Fatal
        } else if summary.totals.rejects > 0 {
            ExitCode::Rejects
        } else {
            ExitCode::Success
        }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{FileReport, Status};

    fn summary(rejects: u64, error: bool) -> Summary {
        let mut file = FileReport::new("/a", "a");
        file.counts.rejects = rejects;
        let mut s = Summary::default();
        s.files.push(file);
        if error {
            s.files.push(FileReport::failed("/b", "/b: cannot open".into()));
        }
        s.total_up();
        s
    }

    #[test]
    fn codes() {
        assert_eq!(ExitCode::for_summary(&summary(0, false)), ExitCode::Success);
        assert_eq!(ExitCode::for_summary(&summary(2, false)), ExitCode::Rejects);
        assert_eq!(ExitCode::for_summary(&summary(0, true)), ExitCode::Fatal);
        assert_eq!(ExitCode::for_summary(&summary(2, true)), ExitCode::Fatal, "1 wins over 3");
        let mut stopped = summary(2, true);
        stopped.interrupted = Some(libc::SIGTERM);
        assert_eq!(ExitCode::for_summary(&stopped), ExitCode::Terminated, "a signal wins");
        stopped.interrupted = Some(libc::SIGINT);
        assert_eq!(ExitCode::for_summary(&stopped) as u8, 130);
        let mut pending = summary(0, false);
        pending.files[0].pending = 1;
        pending.total_up();
        assert_eq!(ExitCode::for_summary(&pending), ExitCode::Success, "pending is fine");
        assert_eq!(
            ExitCode::for_summary(&Summary {
                files: vec![FileReport { status: Status::Unchanged, ..FileReport::default() }],
                ..Summary::default()
            }),
            ExitCode::Success
        );
    }
}
