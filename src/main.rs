//! The `lembar` binary: parses the command line, runs the command, prints
//! diagnostics, and maps the outcome to an exit code (0 ok, 1 the site has
//! errors, 2 usage). Nothing else decides how the process exits.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use lembar::cli::{Cli, Command};
use lembar::date::Date;
use lembar::{BuildOptions, build_site};

/// More than this many diagnostics are summarised, not printed one by one.
const MAX_SHOWN: usize = 100;

fn main() -> ExitCode {
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
    match cli.command {
        Command::Build(args) => build(args.into_options(today())),
    }
}

/// Today for review reminders: `SOURCE_DATE_EPOCH` (the reproducible-builds
/// convention, also what tests set) or the clock.
fn today() -> Date {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(Date::from_unix_seconds)
        .unwrap_or_else(Date::today)
}

fn build(options: BuildOptions) -> ExitCode {
    let started = Instant::now();
    let built = build_site(&options);
    let summary = built.diagnostics.summary();
    let quiet = built.diagnostics.is_empty();
    let items = built.diagnostics.sorted();
    let mut err = std::io::stderr().lock();
    for d in items.iter().take(MAX_SHOWN) {
        let _ = writeln!(err, "{d}");
    }
    if items.len() > MAX_SHOWN {
        let _ = writeln!(err, "… and {} more\n", items.len() - MAX_SHOWN);
    }
    match built.ok {
        true => {
            let warnings = if quiet {
                String::new()
            } else {
                format!(" ({summary})")
            };
            let _ = writeln!(
                err,
                "built {} pages ({} files) into {} in {:.2} s{warnings}",
                built.documents + 1,
                built.files,
                options.out_dir().display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        false => {
            let _ = writeln!(
                err,
                "error: the site was not built: {summary}; the previous output is untouched"
            );
            ExitCode::from(1)
        }
    }
}

// Building a site is thousands of small allocations on every thread; mimalloc
// is measurably faster than the system allocator at that (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
