//! The `lembar` binary: parses the command line, runs the command
//! (`lembar::commands`), and maps the outcome to an exit code (0 ok, 1 the
//! site has errors, 2 usage). Nothing else decides how the process exits.

use std::process::ExitCode;

use clap::Parser;
use lembar::cli::{Cli, Command};
use lembar::commands::{self, Outcome};
use lembar::date::Date;
use lembar::diagnostic::Diagnostic;

// Building a site is thousands of small allocations on every thread; mimalloc
// is measurably faster than the system allocator at that (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for this process. mimalloc asks for them,
/// and every first touch of a huge page makes the kernel zero 2 MiB: on a
/// 10,000-page build that was a quarter of all CPU time, for a peak of a few
/// hundred MiB (see BENCHMARKS.md). Nothing is lost if the kernel refuses.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

fn main() -> ExitCode {
    no_huge_pages();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let today = match today(std::env::var_os("SOURCE_DATE_EPOCH")) {
        Ok(today) => today,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(2);
        }
    };
    let outcome = match cli.command {
        Command::Build(args) => {
            let pdf = args.pdf;
            commands::build(args.into_options(today), pdf)
        }
        Command::Pdf(args) => commands::pdf(args, today),
        Command::Serve(args) => commands::serve(args, today),
        Command::Check(args) => commands::check(args, today),
        Command::New(args) => commands::new(args, today),
        Command::Schema(args) => commands::schema(args),
        Command::Completions(args) => commands::completions(args),
    };
    match outcome {
        Outcome::Done => ExitCode::SUCCESS,
        Outcome::Failed => ExitCode::from(1),
        Outcome::Usage => ExitCode::from(2),
    }
}

/// Today for review reminders: `SOURCE_DATE_EPOCH` (the reproducible-builds
/// convention, also what tests set) or the clock. Unset or empty (as the
/// spec's `${SOURCE_DATE_EPOCH:-…}` recipes treat it) means the clock. A value
/// that is not a timestamp is a usage error: reproducible-builds.org's spec says
/// a malformed value should make the build fail, and silently using the clock
/// would give a different site on another day.
fn today(epoch: Option<std::ffi::OsString>) -> Result<Date, Diagnostic> {
    let Some(epoch) = epoch.filter(|e| !e.is_empty()) else {
        return Ok(Date::today());
    };
    let text = epoch.to_string_lossy();
    text.trim()
        .parse::<i64>()
        .ok()
        .and_then(Date::from_unix_seconds)
        .ok_or_else(|| {
            Diagnostic::error(format!(
                "SOURCE_DATE_EPOCH is `{text}`, not a number of seconds since 1970-01-01 00:00 UTC"
            ))
            .help("set it to a whole number such as `1754438400` (`git log -1 --format=%ct` gives the last commit's), or unset it to use today's date")
        })
}
