//! `lembar pdf`: the site built in memory, its leaflets (and any `--page`)
//! printed by Chromium; also what `build --pdf` prints first.

use std::path::PathBuf;

use super::{Outcome, print_diagnostics};
use crate::cli::PdfArgs;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::pdf::{PrintOptions, find_chromium, print_leaflets, select};
use crate::{BuildOptions, Printable, render_output};

/// `lembar pdf`: builds the site in memory and prints its leaflets.
pub fn pdf(args: PdfArgs, today: Date) -> Outcome {
    let out = args.out.clone().unwrap_or_else(|| args.root.join("pdf"));
    let names = args.names.clone();
    let pages = args.pages.clone();
    let booklets = args.booklet;
    let options = args.into_options(today);
    let Ok(printed) = print_site(&options, &names, &pages, booklets) else {
        return Outcome::Failed;
    };
    match crate::pdf::write_printed(&printed, &out) {
        Ok(files) => {
            for f in &files {
                eprintln!("wrote {}", f.display());
            }
            Outcome::Done
        }
        Err(problems) => {
            let (summary, _) = print_diagnostics(problems.into_iter().collect());
            eprintln!("error: no PDF was written: {summary}");
            Outcome::Failed
        }
    }
}

/// Builds the site in memory and prints the leaflets `names` (all when
/// empty) and the built `pages` (by URL path), with their booklets when
/// asked. Problems are printed here; `Err` means nothing was printed.
pub fn print_site(
    options: &BuildOptions,
    names: &[String],
    pages: &[String],
    booklets: bool,
) -> Result<crate::printed::Printed, ()> {
    let fail = |problems: Vec<Diagnostic>| {
        let (summary, _) = print_diagnostics(problems.into_iter().collect());
        eprintln!("error: nothing was printed: {summary}");
    };
    let chromium = find_chromium(
        std::env::var_os("CHROMIUM").map(PathBuf::from),
        std::env::var_os("PATH").as_deref(),
    )
    .map_err(|d| fail(vec![d]))?;
    let (built, tree) = render_output(options);
    let (summary, quiet) = print_diagnostics(built.diagnostics);
    let Some(tree) = tree else {
        eprintln!("error: the site has errors, so nothing was printed: {summary}");
        return Err(());
    };
    if !quiet {
        eprintln!("({summary})");
    }
    let mut printables = select(&built.printables, names).map_err(fail)?;
    let pages: Vec<Printable> = pages
        .iter()
        .map(|p| Printable::page(p, built.paper))
        .collect();
    let missing: Vec<Diagnostic> = pages
        .iter()
        .filter(|p| tree.get(&crate::urls::index_file(&p.path)).is_none())
        .map(|p| {
            Diagnostic::error(format!("the site has no page `/{}`", p.path)).help(
                "give the page's URL path below the site's address, such as `id/negara/jepang/`",
            )
        })
        .collect();
    if !missing.is_empty() {
        fail(missing);
        return Err(());
    }
    printables.extend(pages.iter());
    let print = PrintOptions {
        booklets,
        site_url: &built.site_url,
    };
    let (printed, refused) =
        print_leaflets(&chromium, tree, &built.base_path, &printables, &print).map_err(fail)?;
    // Printing is offline: what a page embeds from elsewhere is not printed.
    for address in &refused {
        eprintln!("warning: not printed: {address} is outside the site (lembar prints offline)");
    }
    Ok(printed)
}
