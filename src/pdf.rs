//! `lembar pdf`: prints the leaflets to PDF with headless Chromium. The site is
//! built in memory and served on a loopback port only to that Chromium,
//! which is kept off the network: the server is also Chromium's proxy for
//! every address, loopback included, and answers nothing but the site.
//! Runs processes and writes the PDFs.
//!
//! Longer than the ~400-line bound: finding Chromium, the loopback server that
//! is its only network and the print-until-the-numbers-hold loop share one set of
//! options and time limits; the PDF edits are apart (`pdf/document.rs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hyper::header::{CONTENT_TYPE, HOST, HeaderValue};
use hyper::{Request, Response, StatusCode};
use indicatif::{ProgressBar, ProgressStyle};

pub mod document;

use crate::Printable;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::http_server::{self, Body};
use crate::output::OutputTree;
use crate::printed::{NUMBERS_FILE, PdfFile, Printed, PrintedEdition, numbers_css};
use document::Pdf;

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
    find_on_path(CHROMIUM_NAMES, path).ok_or_else(|| {
        Diagnostic::error("no Chromium found to print with")
            .help("install the `chromium` package (Debian/Ubuntu: `apt-get install chromium`), or set CHROMIUM to its path")
    })
}

/// The first of `names` found in the folders of `path` (a `PATH` value), as
/// the shell would find it; no `which` program needed.
pub fn find_on_path(names: &[&str], path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    let dirs: Vec<PathBuf> = path
        .map(|p| std::env::split_paths(p).collect())
        .unwrap_or_default();
    names
        .iter()
        .flat_map(|name| dirs.iter().map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

impl Printable {
    /// A leaflet edition (a page printed by its path has no edition): what
    /// gets a booklet.
    pub fn is_leaflet(&self) -> bool {
        !self.edition.is_empty()
    }

    /// `bontang-2025-id.pdf`; a page printed by its path: `id-negara-jepang.pdf`.
    pub fn file_name(&self) -> String {
        format!("{}.pdf", self.stem())
    }

    /// `bontang-2025-id-booklet.pdf`: the pages imposed for folding.
    pub fn booklet_file_name(&self) -> String {
        format!("{}-booklet.pdf", self.stem())
    }

    fn stem(&self) -> String {
        if self.edition.is_empty() {
            self.name.clone()
        } else {
            format!("{}-{}", self.name, self.edition)
        }
    }

    /// A built page printed by its URL path, on `paper`.
    pub fn page(path: &str, paper: crate::config::Paper) -> Printable {
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
            title: String::new(),
            paper,
            outline: Vec::new(),
        }
    }
}

/// Chooses the leaflets to print: those `names` asks for, or all.
pub fn select<'a>(
    printables: &'a [Printable],
    names: &[String],
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
        .filter(|p| names.is_empty() || names.contains(&p.name))
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

/// How to print: whether to impose booklets too, and the site's address,
/// which the PDFs' links get instead of the loopback address they were
/// printed from.
pub struct PrintOptions<'a> {
    pub booklets: bool,
    /// `https://lembar.example.org/` (the base URL, with its path).
    pub site_url: &'a str,
}

/// How many times a leaflet is printed at most until its contents' numbers
/// match where its parts land (numbers can only move a part when a number
/// grows a digit, so two prints settle it; the third is a guard).
const MAX_PRINTS: usize = 3;

/// Prints each of `printables` (leaflet editions, then pages) from the
/// in-memory site `tree`. A leaflet is printed, the page each part landed
/// on read from the PDF, and printed again with its contents numbered;
/// its PDF gets a bookmark per part. Returns what was printed, and the
/// addresses outside the site that pages asked for (refused, so what they
/// would have shown is missing from the PDF).
pub fn print_leaflets(
    chromium: &Path,
    tree: OutputTree,
    base_path: &str,
    printables: &[&Printable],
    options: &PrintOptions,
) -> Result<(Printed, Vec<String>), Vec<Diagnostic>> {
    let cannot_serve = |e: std::io::Error| {
        vec![Diagnostic::error(format!("cannot open a local port to print from: {e}"))
            .help("lembar serves the site to Chromium on 127.0.0.1; check that loopback networking works")]
    };
    let listener = http_server::listen(std::net::SocketAddr::from(([127, 0, 0, 1], 0)))
        .map_err(cannot_serve)?;
    let origin = listener.local_addr().map_err(cannot_serve)?.to_string();
    let printing = Arc::new(Printing {
        tree,
        numbers: Mutex::new(None),
        base_path: base_path.to_string(),
        origin: origin.clone(),
        refused: Mutex::new(Vec::new()),
    });
    let server = http_server::start(
        listener,
        Arc::clone(&printing),
        http_server::Limits::default(),
    )
    .map_err(cannot_serve)?;
    let bar = ProgressBar::new(printables.len() as u64).with_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
            .expect("a valid progress template"),
    );
    let mut printed = Printed::default();
    let mut problems = Vec::new();
    for printable in printables {
        bar.set_message(printable.file_name());
        match print_edition(chromium, &printing, printable, options) {
            Ok(edition) => printed.editions.push(edition),
            Err(d) => problems.push(d),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    drop(server);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut refused =
        std::mem::take(&mut *printing.refused.lock().unwrap_or_else(|e| e.into_inner()));
    // Chromium asks its own services for things too (accounts, updates):
    // only addresses the printed pages name are the author's business. (Only
    // those pages: the whole site can be hundreds of megabytes.)
    let pages: Vec<&[u8]> = printables
        .iter()
        .filter_map(|l| printing.tree.get(&crate::urls::index_file(&l.path)))
        .collect();
    refused.retain(|address| {
        let host = host_of(address).as_bytes();
        !host.is_empty()
            && pages
                .iter()
                .any(|page| page.windows(host.len()).any(|w| w == host))
    });
    refused.sort();
    refused.dedup();
    Ok((printed, refused))
}

/// Writes the printed PDFs into `out`; returns the files written.
pub fn write_printed(printed: &Printed, out: &Path) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    std::fs::create_dir_all(out).map_err(|e| {
        vec![
            Diagnostic::error(format!("cannot create `{}`: {e}", out.display()))
                .help("choose another `--out` folder"),
        ]
    })?;
    let mut written = Vec::new();
    for file in printed.editions.iter().flat_map(|e| &e.files) {
        let path = out.join(&file.file_name);
        std::fs::write(&path, file.bytes.as_slice()).map_err(|e| {
            vec![
                Diagnostic::error(format!("cannot write `{}`: {e}", path.display()))
                    .help("check that the folder is writable and the disk is not full"),
            ]
        })?;
        written.push(path);
    }
    Ok(written)
}

/// One edition: printed until its contents' numbers hold, given its
/// bookmarks, title and the site's address in its links; its booklet too
/// when asked for.
fn print_edition(
    chromium: &Path,
    printing: &Printing,
    printable: &Printable,
    options: &PrintOptions,
) -> Result<PrintedEdition, Diagnostic> {
    let url = format!(
        "http://{}{}{}",
        printing.origin,
        printing.base_path,
        crate::urls::encode_path(&printable.path)
    );
    let file = printable.file_name();
    let fail = |what: String| {
        Diagnostic::error(what)
            .in_file(Path::new(&file))
            .help("run Chromium by hand on the leaflet's page to see why, or try again")
    };
    let anchors: Vec<&str> = printable.outline.iter().map(|(a, _)| a.as_str()).collect();
    let numbers_path = format!("{}{}", printable.path, NUMBERS_FILE);
    let mut numbers: Vec<(String, usize)> = Vec::new();
    let mut pdf = None;
    for _ in 0..MAX_PRINTS {
        *printing.numbers.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((numbers_path.clone(), numbers_css(&numbers).into_bytes()));
        let bytes = print_one(chromium, &url, &printing.origin)?;
        let printed = Pdf::load(&bytes)
            .map_err(|e| fail(format!("Chromium wrote a PDF lembar cannot read: {e}")))?;
        let landed: Vec<(String, usize)> = anchors
            .iter()
            .zip(printed.destination_pages(&anchors))
            .filter_map(|(a, page)| Some((a.to_string(), page?)))
            .collect();
        let settled = landed == numbers;
        numbers = landed;
        pdf = Some(printed);
        if settled {
            break;
        }
    }
    *printing.numbers.lock().unwrap_or_else(|e| e.into_inner()) = None;
    let mut pdf = pdf.expect("printed at least once");
    let outline: Vec<(String, usize)> = printable
        .outline
        .iter()
        .filter_map(|(anchor, title)| {
            let (_, page) = numbers.iter().find(|(a, _)| a == anchor)?;
            Some((title.clone(), *page))
        })
        .collect();
    pdf.set_outline(&outline);
    if !printable.title.is_empty() {
        pdf.set_title(&printable.title);
    }
    let printed_from = format!("http://{}{}", printing.origin, printing.base_path);
    pdf.rewrite_links(&printed_from, options.site_url);
    let paper = format!("{:?}", printable.paper);
    let mut files = vec![pdf_file(
        file.clone(),
        false,
        pdf.page_count(),
        paper.clone(),
        pdf.to_bytes().map_err(fail)?,
    )];
    if options.booklets && printable.is_leaflet() {
        let bytes =
            document::booklet(&pdf).map_err(|e| fail(format!("cannot impose the booklet: {e}")))?;
        let sides = Pdf::load(&bytes).map_err(fail)?.page_count();
        files.push(pdf_file(
            printable.booklet_file_name(),
            true,
            sides,
            crate::printed::booklet_paper(&paper),
            bytes,
        ));
    }
    Ok(PrintedEdition {
        name: printable.name.clone(),
        edition: printable.edition.clone(),
        path: printable.path.clone(),
        numbers,
        files,
    })
}

fn pdf_file(
    file_name: String,
    booklet: bool,
    pages: usize,
    paper: String,
    bytes: Vec<u8>,
) -> PdfFile {
    PdfFile {
        file_name,
        booklet,
        pages,
        paper,
        size: bytes.len() as u64,
        bytes: Arc::new(bytes),
    }
}

/// `http://127.0.0.1:8099/x` or `example.org:443` → `127.0.0.1`, `example.org`.
fn host_of(address: &str) -> &str {
    let rest = address.split_once("://").map_or(address, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or("");
    match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    }
}

/// The in-memory site, answered to Chromium at `origin` only.
struct Printing {
    tree: OutputTree,
    /// The numbers stylesheet of the edition being printed, served in place
    /// of the one in `tree`.
    numbers: Mutex<Option<(String, Vec<u8>)>>,
    base_path: String,
    /// `127.0.0.1:PORT`: the one address pages are printed from.
    origin: String,
    /// Every other address asked for.
    refused: Mutex<Vec<String>>,
}

impl http_server::Handler for Printing {
    async fn handle(self: Arc<Self>, request: Request<hyper::body::Incoming>) -> Response<Body> {
        // As the proxy, the server gets every request in absolute form
        // (`GET http://host:port/path`), or as `CONNECT host:443`.
        let authority = request
            .uri()
            .authority()
            .map(|a| a.as_str().to_string())
            .or_else(|| {
                let host = request.headers().get(HOST)?;
                host.to_str().ok().map(str::to_string)
            });
        if authority.as_deref() != Some(self.origin.as_str())
            || *request.method() == hyper::Method::CONNECT
        {
            self.refused
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(request.uri().to_string());
            return http_server::text(
                StatusCode::FORBIDDEN,
                "lembar prints offline: only the site itself is served\n",
            );
        }
        let file = request
            .uri()
            .path()
            .strip_prefix(self.base_path.as_str())
            .and_then(|rest| crate::urls::site_path(&format!("/{rest}")))
            .map(|rel| crate::urls::index_file(&rel));
        let numbers = self
            .numbers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let overlay = |f: &str| match &numbers {
            Some((path, css)) if path == f => Some(css.clone()),
            _ => None,
        };
        let found = file.as_deref().and_then(|f| {
            Some((
                f,
                overlay(f).or_else(|| self.tree.get(f).map(<[u8]>::to_vec))?,
            ))
        });
        match found {
            Some((file, bytes)) => {
                let mut response = Response::new(http_server::full(bytes));
                let headers = response.headers_mut();
                headers.insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static(crate::urls::content_type(file)),
                );
                // The proxy keeps HTTP in; WebRTC's UDP would pass it, and only
                // a script can start WebRTC. A printed page needs none.
                headers.insert(
                    hyper::header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static("script-src 'none'; object-src 'none'"),
                );
                response
            }
            None => http_server::text(StatusCode::NOT_FOUND, "not found\n"),
        }
    }
}

/// One page to one PDF, with a Chromium kept off the network (`proxy`, the
/// server at `origin`, is its proxy for every address, loopback included;
/// host rules resolve no name) and a profile of its own.
fn print_one(chromium: &Path, url: &str, proxy: &str) -> Result<Vec<u8>, Diagnostic> {
    let fail = |what: String| {
        Diagnostic::error(what)
            .help("run Chromium by hand on the leaflet's page to see why, or try again")
    };
    let profile = tempfile::tempdir()
        .map_err(|e| fail(format!("cannot make a Chromium profile folder: {e}")))?;
    let file = &profile.path().join("printed.pdf");
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
            // Chromium sends loopback addresses past a proxy unless told not to.
            "--proxy-bypass-list=<-loopback>",
            // The proxy itself is reached by its address; no name resolves.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--proxy-server=http://{proxy}"))
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
    match std::fs::read(file) {
        Ok(bytes) if !bytes.is_empty() => Ok(bytes),
        _ => Err(fail(format!("Chromium wrote no PDF for {url}"))),
    }
}

#[cfg(test)]
mod tests;
