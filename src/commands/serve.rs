//! `lembar serve`: the preview server, with a line on stderr for each rebuild.

use super::{Outcome, print_diagnostics};
use crate::BuildOptions;
use crate::date::Date;

/// `lembar serve`: prints the address, then each rebuild, until stopped.
pub fn serve(args: crate::cli::ServeArgs, today: Date) -> Outcome {
    use crate::serve::{Report, Server, site_url, terminal_qr};
    let hosts = crate::serve::http::Hosts {
        names: args.allow_host.clone(),
    };
    let limits = crate::http_server::Limits {
        idle: std::time::Duration::from_secs(args.idle_timeout.max(1)),
        ..Default::default()
    };
    let server = match Server::bind(args.bind, args.port, hosts, limits) {
        Ok(s) => s,
        Err(d) => {
            let (summary, _) = print_diagnostics(std::iter::once(d).collect());
            eprintln!("error: not serving: {summary}");
            return Outcome::Failed;
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
                let (summary, quiet) = print_diagnostics(warnings.into_iter().collect());
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
                let (summary, _) = print_diagnostics(problems.into_iter().collect());
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
        Ok(()) => Outcome::Done,
        Err(d) => {
            let (summary, _) = print_diagnostics(std::iter::once(d).collect());
            eprintln!("error: stopped serving: {summary}");
            Outcome::Failed
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
