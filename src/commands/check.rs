//! `lembar check`: the build's stages into memory, then the status report.

use std::io::Write;

use super::{Outcome, print_diagnostics};
use crate::date::Date;
use crate::{BuildOptions, render_output};

/// `lembar check`: the build's stages into memory (nothing is written), then
/// the status report on the site that run resolved. Human: diagnostics and the summary line on stderr as
/// `build` prints them, the report on stdout. JSON: one document on stdout.
pub fn check(args: crate::cli::CheckArgs, today: Date) -> Outcome {
    let options = BuildOptions {
        root: args.root.clone(),
        out: None,
        base_url: None,
        drafts: args.drafts,
        strict: args.strict,
        timings: false,
        today,
        printed: Default::default(),
        cache: false,
    };
    let (built, _) = render_output(&options);
    let status =
        crate::report::load_report(built.prepared.as_ref(), &args.root, args.drafts, today);
    let code = if built.ok {
        Outcome::Done
    } else {
        Outcome::Failed
    };
    if args.format == crate::cli::Format::Json {
        let diagnostics = built.diagnostics.sorted();
        let json = crate::report::render_json(&diagnostics, status.as_ref());
        let _ = writeln!(std::io::stdout().lock(), "{json}");
        return code;
    }
    let (summary, quiet) = print_diagnostics(built.diagnostics);
    if let Some(status) = &status {
        let _ = write!(std::io::stdout().lock(), "{status}");
    }
    match (built.ok, quiet) {
        (true, true) => eprintln!("checked {} pages: no problems", built.pages),
        (true, false) => eprintln!("checked {} pages: {summary}", built.pages),
        (false, _) => eprintln!("error: the site has problems: {summary}"),
    }
    code
}
