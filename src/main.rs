//! The `lembar` binary: parses the command line, runs the command, prints
//! diagnostics, and maps the outcome to an exit code (0 ok, 1 the site has
//! errors, 2 usage). Nothing else decides how the process exits.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use lembar::cli::{Cli, Command};
use lembar::date::Date;
use std::path::PathBuf;

use lembar::cli::PdfArgs;
use lembar::diagnostic::{Diagnostic, Diagnostics};
use lembar::pdf::{find_chromium, print_leaflets, select};
use lembar::{BuildOptions, Printable, build_site, render_output};

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
        Command::Pdf(args) => pdf(args, today()),
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

/// Prints diagnostics, sorted, at most `MAX_SHOWN` of them; returns the summary.
fn report(diagnostics: Diagnostics) -> (String, bool) {
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

fn build(options: BuildOptions) -> ExitCode {
    let started = Instant::now();
    let built = build_site(&options);
    let (summary, quiet) = report(built.diagnostics);
    let mut err = std::io::stderr().lock();
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

/// `lembar pdf`: builds the site in memory and prints its leaflets.
fn pdf(args: PdfArgs, today: Date) -> ExitCode {
    let fail = |problems: Vec<Diagnostic>| {
        let (summary, _) = report(problems.into_iter().collect());
        eprintln!("error: no PDF was written: {summary}");
        ExitCode::from(1)
    };
    let chromium = match find_chromium(
        std::env::var_os("CHROMIUM").map(PathBuf::from),
        std::env::var_os("PATH").as_deref(),
    ) {
        Ok(c) => c,
        Err(d) => return fail(vec![d]),
    };
    let out = args.out.clone().unwrap_or_else(|| args.root.join("pdf"));
    let names = args.names.clone();
    let pages: Vec<Printable> = args.pages.iter().map(|p| Printable::page(p)).collect();
    let options = args.into_options(today);
    let (built, tree) = render_output(&options);
    let (summary, quiet) = report(built.diagnostics);
    let Some(tree) = tree else {
        eprintln!("error: the site has errors, so no PDF was written: {summary}");
        return ExitCode::from(1);
    };
    if !quiet {
        eprintln!("({summary})");
    }
    let mut leaflets = match select(&built.printables, &names, pages.is_empty()) {
        Ok(l) => l,
        Err(problems) => return fail(problems),
    };
    let missing: Vec<Diagnostic> = pages
        .iter()
        .filter(|p| tree.get(&format!("{}index.html", p.path)).is_none())
        .map(|p| {
            Diagnostic::error(format!("the site has no page `/{}`", p.path)).help(
                "give the page's URL path below the site's address, such as `id/negara/jepang/`",
            )
        })
        .collect();
    if !missing.is_empty() {
        return fail(missing);
    }
    leaflets.extend(pages.iter());
    match print_leaflets(&chromium, &tree, &built.base_path, &leaflets, &out) {
        Ok(files) => {
            for f in &files {
                eprintln!("wrote {}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(problems) => fail(problems),
    }
}
