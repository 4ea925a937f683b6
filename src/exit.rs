//! Named exit codes, the same for every command.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Valid, no changes, nothing at or above `--fail-on`.
    Success = 0,
    /// `plan`: changes pending; `audit`: findings at or above `--fail-on`.
    Attention = 1,
    /// Usage error, invalid blueprint, or a runtime error.
    Error = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}
