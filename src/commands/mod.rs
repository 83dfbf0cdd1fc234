//! The commands' bodies, one module each, called by `main.rs` with their
//! parsed arguments. They run the pipeline, print diagnostics and progress on
//! stderr (what a command makes for another program on stdout), and say how
//! it went as an [`Outcome`]; only `main.rs` turns that into an exit code.

use std::io::Write;

use crate::cli::Cli;
use crate::diagnostic::Diagnostics;

mod build;
mod check;
mod new;
mod print;
mod serve;

pub use build::build;
pub use check::check;
pub use new::{new, schema};
pub use print::pdf;
pub use serve::serve;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It did what was asked.
    Done,
    /// The site (or the machine) had problems, printed as diagnostics.
    Failed,
    /// The command line asked for something that cannot be done.
    Usage,
}

/// More than this many diagnostics are summarised, not printed one by one.
const MAX_SHOWN: usize = 100;

/// Prints diagnostics, sorted, at most `MAX_SHOWN` of them; returns the
/// summary line and whether there was nothing to say.
pub fn print_diagnostics(diagnostics: Diagnostics) -> (String, bool) {
    let items = diagnostics.sorted();
    // Counted after duplicates are gone, so the summary matches what is shown.
    let counted: Diagnostics = items.iter().cloned().collect();
    let summary = counted.summary();
    let quiet = counted.is_empty();
    let mut err = std::io::stderr().lock();
    for d in items.iter().take(MAX_SHOWN) {
        let _ = writeln!(err, "{d}");
    }
    if items.len() > MAX_SHOWN {
        let _ = writeln!(err, "… and {} more\n", items.len() - MAX_SHOWN);
    }
    (summary, quiet)
}

/// `lembar completions <shell>`: prints the shell's completion script.
pub fn completions(args: crate::cli::CompletionsArgs) -> Outcome {
    use clap::CommandFactory;
    let mut command = Cli::command();
    let name = command.get_name().to_string();
    clap_complete::generate(args.shell, &mut command, name, &mut std::io::stdout());
    Outcome::Done
}
