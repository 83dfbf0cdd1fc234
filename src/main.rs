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
use lembar::pdf::{PrintOptions, find_chromium, print_leaflets, select};
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
    let today = match today(std::env::var_os("SOURCE_DATE_EPOCH")) {
        Ok(today) => today,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Build(args) => {
            let pdf = args.pdf;
            build(args.into_options(today), pdf)
        }
        Command::Pdf(args) => pdf(args, today),
        Command::Serve(args) => serve(args, today),
        Command::Check(args) => check(args, today),
        Command::New(args) => new(args, today),
        Command::Schema(args) => schema(args),
        Command::Completions(args) => completions(args),
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

fn build(mut options: BuildOptions, pdf: bool) -> ExitCode {
    let started = Instant::now();
    if let Err((message, help)) = lembar::output::check_out_dir(&options.root, &options.out_dir()) {
        eprintln!("error: {message}\n  = help: {help}");
        return ExitCode::from(2);
    }
    // With `--pdf`, the leaflets are printed from the site built in memory,
    // then the site is built again with their PDFs, which its pages link.
    if pdf {
        match print_site(&options, &[], &[], true) {
            Ok(printed) => options.printed = std::sync::Arc::new(printed),
            Err(()) => {
                eprintln!("error: the site was not built; the previous output is untouched");
                return ExitCode::from(1);
            }
        }
    }
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
                built.pages,
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
    let out = args.out.clone().unwrap_or_else(|| args.root.join("pdf"));
    let names = args.names.clone();
    let pages = args.pages.clone();
    let booklets = args.booklet;
    let options = args.into_options(today);
    let Ok(printed) = print_site(&options, &names, &pages, booklets) else {
        return ExitCode::from(1);
    };
    match lembar::pdf::write_printed(&printed, &out) {
        Ok(files) => {
            for f in &files {
                eprintln!("wrote {}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            let (summary, _) = report(problems.into_iter().collect());
            eprintln!("error: no PDF was written: {summary}");
            ExitCode::from(1)
        }
    }
}

/// Builds the site in memory and prints the leaflets `names` (all when
/// empty) and the built `pages` (by URL path), with their booklets when
/// asked. Problems are printed here; `Err` means nothing was printed.
fn print_site(
    options: &BuildOptions,
    names: &[String],
    pages: &[String],
    booklets: bool,
) -> Result<lembar::printed::Printed, ()> {
    let fail = |problems: Vec<Diagnostic>| {
        let (summary, _) = report(problems.into_iter().collect());
        eprintln!("error: nothing was printed: {summary}");
    };
    let chromium = find_chromium(
        std::env::var_os("CHROMIUM").map(PathBuf::from),
        std::env::var_os("PATH").as_deref(),
    )
    .map_err(|d| fail(vec![d]))?;
    let (built, tree) = render_output(options);
    let (summary, quiet) = report(built.diagnostics);
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
        .filter(|p| tree.get(&format!("{}index.html", p.path)).is_none())
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

/// `lembar serve`: prints the address, then each rebuild, until stopped.
fn serve(args: lembar::cli::ServeArgs, today: Date) -> ExitCode {
    use lembar::serve::{Report, Server, site_url, terminal_qr};
    let hosts = lembar::serve::http::Hosts {
        names: args.allow_host.clone(),
    };
    let limits = lembar::http_server::Limits {
        idle: std::time::Duration::from_secs(args.idle_timeout.max(1)),
        ..Default::default()
    };
    let server = match Server::bind(args.bind, args.port, hosts, limits) {
        Ok(s) => s,
        Err(d) => {
            let (summary, _) = report(std::iter::once(d).collect());
            eprintln!("error: not serving: {summary}");
            return ExitCode::from(1);
        }
    };
    let url = site_url(server.address);
    let options = BuildOptions {
        root: args.root,
        out: None,
        base_url: Some(url.clone()),
        drafts: args.drafts,
        strict: false,
        timings: args.timings,
        today,
        printed: Default::default(),
        cache: false,
    };
    let first = std::cell::Cell::new(true);
    let on_report = |r: Report| {
        match r {
            Report::Rebuilt {
                what,
                pages,
                warnings,
                millis,
            } => {
                let (summary, quiet) = report(warnings.into_iter().collect());
                let warned = if quiet {
                    String::new()
                } else {
                    format!(" ({summary})")
                };
                match (what.is_empty(), pages) {
                    (true, Some(n)) => eprintln!("built {n} pages in {millis:.0} ms{warned}"),
                    (_, Some(n)) => {
                        eprintln!("{what} changed: rebuilt {n} pages in {millis:.0} ms{warned}")
                    }
                    (_, None) => eprintln!("{what} changed: updated in {millis:.1} ms{warned}"),
                }
            }
            Report::Failed { what, problems } => {
                let (summary, _) = report(problems.into_iter().collect());
                let what = if what.is_empty() {
                    String::new()
                } else {
                    format!("{what} changed: ")
                };
                eprintln!(
                    "{what}not rebuilt: {summary}; the browser shows the errors until they are fixed"
                );
            }
        }
        if first.replace(false) {
            eprintln!("serving {url}  (Ctrl+C stops)");
            if args.bind.is_unspecified() {
                if let Some(qr) = terminal_qr(&url) {
                    eprintln!("open it on a phone in the same network:\n{qr}");
                }
            }
            if args.open {
                open_browser(&url);
            }
        }
    };
    match server.run(&options, &on_report) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            let (summary, _) = report(std::iter::once(d).collect());
            eprintln!("error: stopped serving: {summary}");
            ExitCode::from(1)
        }
    }
}

/// Opens `url` in the desktop's browser; says so when it cannot.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("(could not start `{opener}`; open {url} yourself)");
    }
}

/// `lembar check`: the build's stages into memory (nothing is written), then
/// the status report. Human: diagnostics and the summary line on stderr as
/// `build` prints them, the report on stdout. JSON: one document on stdout.
fn check(args: lembar::cli::CheckArgs, today: Date) -> ExitCode {
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
    let status = lembar::report::load_report(&args.root, args.drafts, today);
    let code = if built.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    if args.format == lembar::cli::Format::Json {
        let diagnostics = built.diagnostics.sorted();
        let json = lembar::report::render_json(&diagnostics, status.as_ref());
        let _ = writeln!(std::io::stdout().lock(), "{json}");
        return code;
    }
    let (summary, quiet) = report(built.diagnostics);
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

/// `lembar new`: writes a new page in every language, prints the files'
/// paths on stdout (one a line, for `$EDITOR $(lembar new …)`).
fn new(args: lembar::cli::NewArgs, today: Date) -> ExitCode {
    match lembar::scaffold::new_page(&args.root, &args.kind, &args.name, today) {
        Ok(paths) => {
            let mut out = std::io::stdout().lock();
            for path in &paths {
                // Relative to where lembar runs, so the paths can be opened as printed.
                let shown = match args.root.as_os_str() == "." {
                    true => path.clone(),
                    false => args.root.join(path),
                };
                let _ = writeln!(out, "{}", shown.display());
            }
            eprintln!(
                "created {} files: replace their TODO markers, then run `lembar build`",
                paths.len()
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            let (summary, _) = report(problems.into_iter().collect());
            eprintln!("error: no page was created: {summary}");
            ExitCode::from(1)
        }
    }
}

/// `lembar schema`: writes the front-matter schemas, then prints the editor
/// configuration that maps the site's folders to them.
fn schema(args: lembar::cli::SchemaArgs) -> ExitCode {
    use lembar::schema;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.root.join(".lembar").join("schemas"));
    let written = match schema::write_schemas(&out) {
        Ok(w) => w,
        Err(d) => {
            let (summary, _) = report(std::iter::once(d).collect());
            eprintln!("error: the schemas were not written: {summary}");
            return ExitCode::from(1);
        }
    };
    for path in &written {
        eprintln!("wrote {}", path.display());
    }
    let mut config = match lembar::config::load_config(&args.root, None) {
        Ok(c) => c,
        Err(problems) => {
            let (summary, _) = report(problems.into_iter().collect());
            eprintln!("error: cannot read the site, so no editor settings were printed: {summary}");
            return ExitCode::from(1);
        }
    };
    lembar::facts::attach(&mut config);
    let (content, problems) = lembar::content::load_content(&config, true);
    if !problems.is_empty() {
        eprintln!(
            "note: {} content problem(s) left out of the folder list; `lembar build` shows them",
            problems.len()
        );
    }
    let absolute =
        |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let schema_dir = schema::relative_path(&absolute(&args.root), &absolute(&out));
    let associations = schema::associations(&config, &content);
    println!(
        "// VS Code: front matter in Markdown is checked against these schemas by the remark\n\
         // extension (unifiedjs.vscode-remark) with remark-lint-frontmatter-schema, not by the\n\
         // YAML extension (see README, \"Editor support\"). In the site's folder:\n\
         //   npm install --save-dev remark-cli remark-frontmatter remark-lint-frontmatter-schema\n\
         // then save this as .remarkrc.mjs there ({}):\n",
        absolute(&args.root).display()
    );
    print!("{}", schema::remark_config(&schema_dir, &associations));
    println!(
        "\n// {}: the YAML extension (redhat.vscode-yaml) checks it with this in .vscode/settings.json:\n\
         //   \"yaml.schemas\": {{ \"{schema_dir}/{}\": \"{}\" }}",
        lembar::facts::FACTS_FILE,
        schema::FACTS_SCHEMA,
        lembar::facts::FACTS_FILE
    );
    ExitCode::SUCCESS
}

/// `lembar completions <shell>`: prints the shell's completion script.
fn completions(args: lembar::cli::CompletionsArgs) -> ExitCode {
    use clap::CommandFactory;
    let mut command = Cli::command();
    let name = command.get_name().to_string();
    clap_complete::generate(args.shell, &mut command, name, &mut std::io::stdout());
    ExitCode::SUCCESS
}
