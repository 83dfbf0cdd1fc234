//! `lembar build`: the site into its output folder (with `--pdf`, the
//! leaflets printed first and linked from their pages).

use std::io::Write;
use std::time::Instant;

use super::print::print_site;
use super::{Outcome, print_diagnostics};
use crate::{BuildOptions, build_site};

/// `lembar build`: checks where the output goes, prints the leaflets first
/// with `--pdf`, builds, and says what was built.
pub fn build(mut options: BuildOptions, pdf: bool) -> Outcome {
    let started = Instant::now();
    if let Err((message, help)) = crate::output::check_out_dir(&options.root, &options.out_dir()) {
        eprintln!("error: {message}\n  = help: {help}");
        return Outcome::Usage;
    }
    // With `--pdf`, the leaflets are printed from the site built in memory,
    // then the site is built again with their PDFs, which its pages link.
    if pdf {
        match print_site(&options, &[], &[], true) {
            Ok(printed) => options.printed = std::sync::Arc::new(printed),
            Err(()) => {
                eprintln!("error: the site was not built; the previous output is untouched");
                return Outcome::Failed;
            }
        }
    }
    let built = build_site(&options);
    let (summary, quiet) = print_diagnostics(built.diagnostics);
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
                built.pages,
                built.files,
                options.out_dir().display(),
                started.elapsed().as_secs_f64()
            );
            Outcome::Done
        }
        false => {
            let _ = writeln!(
                err,
                "error: the site was not built: {summary}; the previous output is untouched"
            );
            Outcome::Failed
        }
    }
}
