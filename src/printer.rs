//! The one place that decides where output goes: stdout (the command's result) or stderr
//! (status, warnings, errors, progress), in colour or not, how much of it, and whether a
//! progress bar is drawn.
//!
//! Writes never panic: once a stream is closed (`lakectl audit … | head -1`), further output to it
//! is dropped, as `grep` and `ls` do, and the command finishes with its own exit code. A deploy
//! whose terminal went away therefore still completes instead of stopping half-way.

use std::fmt::Display;
use std::io::{BufRead, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How much lakectl says on stderr. The command's result on stdout is never suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// `-q`: errors and warnings only.
    Quiet,
    Default,
    /// `-v` and more: also debug logs (see [`crate::settings::GlobalSettings`]).
    Verbose,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set; `CLICOLOR_FORCE` forces it.
    #[default]
    Auto,
    Always,
    Never,
}

/// Whether to colour one stream. `NO_COLOR` (https://no-color.org) wins over `CLICOLOR_FORCE`
/// (https://bixense.com/clicolors), which wins over the terminal check; the flag wins over both.
pub fn wants_color(
    choice: ColorChoice,
    no_color: bool,
    clicolor_force: bool,
    is_terminal: bool,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !no_color && (clicolor_force || is_terminal),
    }
}

/// Decides every output: a small `Copy` value handed to each command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Printer {
    verbosity: Verbosity,
    stdout_color: bool,
    stderr_color: bool,
    /// Draw progress bars: stderr is a terminal, not quiet, not CI.
    progress: bool,
}

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

impl Printer {
    pub fn new(
        verbosity: Verbosity,
        stdout_color: bool,
        stderr_color: bool,
        progress: bool,
    ) -> Self {
        Printer {
            verbosity,
            stdout_color,
            stderr_color,
            progress,
        }
    }

    /// Plain output, no progress: for tests and library callers.
    pub fn plain() -> Self {
        Printer::new(Verbosity::Default, false, false, false)
    }

    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// Whether the command's result on stdout may carry ANSI colour.
    pub fn stdout_color(&self) -> bool {
        self.stdout_color
    }

    /// Whether messages on stderr may carry ANSI colour.
    pub fn stderr_color(&self) -> bool {
        self.stderr_color
    }

    /// The command's result, exactly as given (no newline added).
    pub fn out(&self, text: impl Display) {
        write_to(&mut std::io::stdout().lock(), &STDOUT_CLOSED, text, false);
    }

    /// One line of the command's result.
    pub fn outln(&self, text: impl Display) {
        write_to(&mut std::io::stdout().lock(), &STDOUT_CLOSED, text, true);
    }

    /// A status line on stderr (what was written, a summary); silent with `-q`.
    pub fn status(&self, text: impl Display) {
        if self.verbosity > Verbosity::Quiet {
            self.stderr_line(text);
        }
    }

    /// A warning on stderr, shown even with `-q`.
    pub fn warn(&self, text: impl Display) {
        self.stderr_line(format_args!("warning: {text}"));
    }

    /// An error or a diagnostic on stderr, shown even with `-q`.
    pub fn error(&self, text: impl Display) {
        self.stderr_line(text);
    }

    fn stderr_line(&self, text: impl Display) {
        write_to(&mut std::io::stderr().lock(), &STDERR_CLOSED, text, true);
    }

    /// A bar of `len` steps on stderr, hidden unless progress is drawn.
    pub fn bar(&self, len: u64, template: &str) -> ProgressBar {
        let bar = ProgressBar::with_draw_target(Some(len), self.draw_target());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        if self.progress {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        bar
    }

    /// A spinner with a message on stderr, hidden unless progress is drawn.
    pub fn spinner(&self, message: impl Into<String>) -> ProgressBar {
        let bar = ProgressBar::with_draw_target(None, self.draw_target());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
            bar.set_style(style);
        }
        bar.set_message(message.into());
        if self.progress {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        bar
    }

    /// Whether progress bars are drawn (so per-item lines go above the bar).
    pub fn draws_progress(&self) -> bool {
        self.progress
    }

    /// Whether a question can be asked: stdin and stderr are terminals.
    pub fn can_ask(&self) -> bool {
        std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
    }

    /// Shows `what` on stderr and asks `question`; only the answer `yes` confirms. Without a
    /// terminal on stdin and stderr nobody can answer, which is [`Confirmation::NoTerminal`];
    /// a closed stdin is a refusal.
    pub fn confirm(&self, what: impl Display, question: &str) -> Confirmation {
        if !self.can_ask() {
            return Confirmation::NoTerminal;
        }
        self.stderr_line(what);
        write_to(
            &mut std::io::stderr().lock(),
            &STDERR_CLOSED,
            format_args!("{question} "),
            false,
        );
        read_answer(&mut std::io::stdin().lock())
    }

    fn draw_target(&self) -> ProgressDrawTarget {
        if self.progress {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        }
    }
}

/// The answer to [`Printer::confirm`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    Yes,
    No,
    /// Nobody could be asked: stdin or stderr is not a terminal.
    NoTerminal,
}

fn read_answer(input: &mut impl BufRead) -> Confirmation {
    let mut answer = String::new();
    match input.read_line(&mut answer) {
        Ok(_) if answer.trim() == "yes" => Confirmation::Yes,
        // A closed stdin (Ok(0)) or a failed read is a refusal.
        _ => Confirmation::No,
    }
}

fn write_to(stream: &mut impl Write, closed: &AtomicBool, text: impl Display, newline: bool) {
    if closed.load(Ordering::Relaxed) {
        return;
    }
    let result = if newline {
        writeln!(stream, "{text}")
    } else {
        write!(stream, "{text}")
    }
    .and_then(|()| stream.flush());
    // A closed pipe (or any other failure to write) ends output to that stream, never the run.
    if result.is_err() {
        closed.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_yes_confirms_and_a_closed_stdin_refuses() {
        let answer = |text: &str| read_answer(&mut std::io::Cursor::new(text.as_bytes()));
        assert_eq!(answer("yes\n"), Confirmation::Yes);
        assert_eq!(answer("  yes  \n"), Confirmation::Yes);
        assert_eq!(answer("y\n"), Confirmation::No);
        assert_eq!(answer("YES\n"), Confirmation::No);
        assert_eq!(answer(""), Confirmation::No);
    }

    #[test]
    fn no_color_wins_then_clicolor_force_then_the_terminal() {
        use ColorChoice::*;
        // (choice, NO_COLOR, CLICOLOR_FORCE, terminal) -> colour
        let table = [
            (Auto, false, false, true, true),
            (Auto, false, false, false, false),
            (Auto, true, false, true, false),
            (Auto, true, true, true, false),
            (Auto, false, true, false, true),
            (Always, true, false, false, true),
            (Never, false, true, true, false),
        ];
        for (choice, no_color, force, terminal, expected) in table {
            assert_eq!(
                wants_color(choice, no_color, force, terminal),
                expected,
                "{choice:?} NO_COLOR={no_color} CLICOLOR_FORCE={force} terminal={terminal}"
            );
        }
    }

    #[test]
    fn a_closed_stream_drops_later_writes_instead_of_failing() {
        struct Closed(usize);
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                self.0 += 1;
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let closed = AtomicBool::new(false);
        let mut stream = Closed(0);
        write_to(&mut stream, &closed, "a", true);
        write_to(&mut stream, &closed, "b", true);
        assert!(closed.load(Ordering::Relaxed));
        assert_eq!(stream.0, 1);
    }
}
