//! `lembar pdf`: prints the leaflets to PDF with headless Chromium. The site is
//! built in memory and served on a loopback port only to that Chromium, which
//! is kept off the network. Runs processes and writes the PDFs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::Printable;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::output::OutputTree;

/// What to percent-encode in a URL path (keeps `/`).
const PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// How long one page may take to print before Chromium is stopped.
const PRINT_TIMEOUT: Duration = Duration::from_secs(120);

/// The names Chromium goes by on `PATH`, after `$CHROMIUM`.
const CHROMIUM_NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome"];

/// Finds Chromium: `$CHROMIUM`, else the first of its usual names on `PATH`.
pub fn find_chromium(
    env_chromium: Option<PathBuf>,
    path: Option<&std::ffi::OsStr>,
) -> Result<PathBuf, Diagnostic> {
    if let Some(explicit) = env_chromium.filter(|p| !p.as_os_str().is_empty()) {
        return if explicit.is_file() {
            Ok(explicit)
        } else {
            Err(Diagnostic::error(format!(
                "`CHROMIUM` names `{}`, which is not a file",
                explicit.display()
            ))
            .help("set CHROMIUM to the Chromium program, or unset it to search PATH"))
        };
    }
    let dirs: Vec<PathBuf> = path
        .map(|p| std::env::split_paths(p).collect())
        .unwrap_or_default();
    CHROMIUM_NAMES
        .iter()
        .flat_map(|name| dirs.iter().map(move |d| d.join(name)))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            Diagnostic::error("no Chromium found to print with")
                .help("install the `chromium` package (Debian/Ubuntu: `apt-get install chromium`), or set CHROMIUM to its path")
        })
}

impl Printable {
    /// `bontang-2025-id.pdf`; a page printed by its path: `id-negara-jepang.pdf`.
    pub fn file_name(&self) -> String {
        if self.edition.is_empty() {
            format!("{}.pdf", self.name)
        } else {
            format!("{}-{}.pdf", self.name, self.edition)
        }
    }

    /// A built page printed by its URL path.
    pub fn page(path: &str) -> Printable {
        let path = path.trim_matches('/');
        Printable {
            name: if path.is_empty() {
                "index".into()
            } else {
                path.replace('/', "-")
            },
            edition: String::new(),
            path: if path.is_empty() {
                String::new()
            } else {
                format!("{path}/")
            },
        }
    }
}

/// Chooses the leaflets to print: all, or those `names` asks for (none when
/// only pages are asked for: `all_if_none` false).
pub fn select<'a>(
    printables: &'a [Printable],
    names: &[String],
    all_if_none: bool,
) -> Result<Vec<&'a Printable>, Vec<Diagnostic>> {
    let known: Vec<&str> = printables.iter().map(|p| p.name.as_str()).collect();
    let unknown: Vec<Diagnostic> = names
        .iter()
        .filter(|n| !known.contains(&n.as_str()))
        .map(|n| {
            let help = match did_you_mean(n, known.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None if known.is_empty() => {
                    "the site has no leaflets: add one under `content/leaflets/`".to_string()
                }
                None => format!("the leaflets are {}", list(&known)),
            };
            Diagnostic::error(format!("there is no leaflet `{n}`")).help(help)
        })
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    Ok(printables
        .iter()
        .filter(|p| (names.is_empty() && all_if_none) || names.contains(&p.name))
        .collect())
}

fn list(names: &[&str]) -> String {
    let mut names: Vec<&str> = names.to_vec();
    names.sort();
    names.dedup();
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Prints each leaflet edition to `<out>/<name>-<edition>.pdf`; returns the files written.
pub fn print_leaflets(
    chromium: &Path,
    tree: &OutputTree,
    base_path: &str,
    leaflets: &[&Printable],
    out: &Path,
) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    std::fs::create_dir_all(out).map_err(|e| {
        vec![
            Diagnostic::error(format!("cannot create `{}`: {e}", out.display()))
                .help("choose another `--out` folder"),
        ]
    })?;
    let server = tiny_http::Server::http("127.0.0.1:0").map_err(|e| {
        vec![Diagnostic::error(format!("cannot open a local port to print from: {e}"))
            .help("lembar serves the site to Chromium on 127.0.0.1; check that loopback networking works")]
    })?;
    let port = server.server_addr().to_ip().map_or(0, |a| a.port());
    let bar = ProgressBar::new(leaflets.len() as u64).with_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
            .expect("a valid progress template"),
    );
    std::thread::scope(|scope| {
        scope.spawn(|| serve(&server, tree, base_path));
        let mut written = Vec::new();
        let mut problems = Vec::new();
        for leaflet in leaflets {
            let file = out.join(leaflet.file_name());
            bar.set_message(
                file.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            let path = percent_encoding::utf8_percent_encode(&leaflet.path, PATH);
            let url = format!("http://127.0.0.1:{port}{base_path}{path}");
            match print_one(chromium, &url, &file) {
                Ok(()) => written.push(file),
                Err(d) => problems.push(d),
            }
            bar.inc(1);
        }
        bar.finish_and_clear();
        server.unblock();
        if problems.is_empty() {
            Ok(written)
        } else {
            Err(problems)
        }
    })
}

/// Answers Chromium's requests from the in-memory site until unblocked.
fn serve(server: &tiny_http::Server, tree: &OutputTree, base_path: &str) {
    while let Ok(request) = server.recv() {
        let raw = request.url().split(['?', '#']).next().unwrap_or("/");
        // Chromium asks for `/id/%C3%BCber/`; the tree holds `id/über/`.
        let url = percent_encoding::percent_decode_str(raw)
            .decode_utf8_lossy()
            .into_owned();
        let path = url
            .strip_prefix(base_path)
            .unwrap_or(url.trim_start_matches('/'));
        let path = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        let response = match tree.get(&path) {
            Some(bytes) => {
                let kind = content_type(&path);
                let header =
                    tiny_http::Header::from_bytes("Content-Type", kind).expect("a valid header");
                tiny_http::Response::from_data(bytes.to_vec())
                    .with_header(header)
                    .with_status_code(200)
            }
            None => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
        };
        let _ = request.respond(response);
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    }
}

/// One page to one PDF, with a Chromium kept off the network (a dead proxy and
/// host rules that resolve nothing but loopback) and a profile of its own.
fn print_one(chromium: &Path, url: &str, file: &Path) -> Result<(), Diagnostic> {
    let fail = |what: String| {
        Diagnostic::error(what)
            .in_file(file)
            .help("run Chromium by hand on the leaflet's page to see why, or try again")
    };
    let profile = tempfile::tempdir()
        .map_err(|e| fail(format!("cannot make a Chromium profile folder: {e}")))?;
    let _ = std::fs::remove_file(file);
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-default-apps",
            "--mute-audio",
            "--proxy-server=http://127.0.0.1:9",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE ::1",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", file.display()))
        .arg(url)
        .env("XDG_CONFIG_HOME", profile.path())
        .env("XDG_CACHE_HOME", profile.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| fail(format!("cannot start `{}`: {e}", chromium.display())))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > PRINT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(format!(
                    "Chromium took more than {} s to print {url}",
                    PRINT_TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(fail(format!("lost track of Chromium: {e}"))),
        }
    }
    // Chromium exits 0 even when a page fails to load: the file is the proof.
    match std::fs::metadata(file) {
        Ok(m) if m.len() > 0 => Ok(()),
        _ => Err(fail(format!("Chromium wrote no PDF for {url}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_chromium_names_the_package() {
        let e = find_chromium(None, Some(std::ffi::OsStr::new("/nonexistent"))).unwrap_err();
        assert_eq!(e.message, "no Chromium found to print with");
        assert!(e.help.unwrap().contains("apt-get install chromium"));
    }

    #[test]
    fn unknown_leaflet_names_get_a_suggestion() {
        let p = Printable {
            name: "bontang-2025".into(),
            edition: "id".into(),
            path: "id/x/".into(),
        };
        let e = select(std::slice::from_ref(&p), &["bontang-2052".into()], true).unwrap_err();
        assert_eq!(e[0].help.as_deref(), Some("did you mean `bontang-2025`?"));
        assert_eq!(
            select(std::slice::from_ref(&p), &[], true).unwrap().len(),
            1
        );
        assert_eq!(
            select(std::slice::from_ref(&p), &[], false).unwrap().len(),
            0
        );
    }

    #[test]
    fn pages_print_to_files_named_after_their_path() {
        assert_eq!(
            Printable::page("/id/negara/jepang/").file_name(),
            "id-negara-jepang.pdf"
        );
        assert_eq!(
            Printable::page("/id/negara/jepang/").path,
            "id/negara/jepang/"
        );
    }
}
