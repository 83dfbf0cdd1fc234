//! Search: the per-language index and search page a build writes, and
//! `search.js` finding pages in headless Chromium (see `support::have` for a
//! machine without it).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::{Site, Tool, have};

/// The base fixture and two pages in each language whose words the queries
/// below look for; `pelatihan` and `melatih` share the stem `latih`.
fn searchable() -> Site {
    let site = Site::copy("base");
    let page = |title: &str, body: &str| format!("---\ntitle: {title}\n---\n\n{body}\n");
    site.write(
        "content/kursus.id.md",
        page(
            "Kursus persiapan",
            "Pelatihan bahasa di **Kafé** Sederhana setiap Sabtu.",
        ),
    );
    site.write(
        "content/kursus.en.md",
        page(
            "Preparation course",
            "Workers are trained at the Café Simple every Saturday.",
        ),
    );
    site.write(
        "content/balai.id.md",
        page("Balai kerja", "Balai ini melatih calon pekerja migran."),
    );
    site.write(
        "content/balai.en.md",
        page("Work centre", "This centre trains future migrant workers."),
    );
    // "bus" is a whole word of one and the start of a word ("busur") of the
    // other; the one with the prefix comes first in the index.
    site.write(
        "content/catatan-a.id.md",
        page("Catatan A", "Sebuah busur tergantung di dinding."),
    );
    site.write(
        "content/catatan-b.id.md",
        page("Catatan B", "Sebuah bus berhenti di depan dinding."),
    );
    site.build(&[]).success();
    site
}

#[test]
fn each_language_gets_an_index_and_a_page_listing_every_page() {
    let site = searchable();
    for (lang, page) in [("id", "id/cari"), ("en", "en/search")] {
        let index = site.read(&format!("public/{lang}/search-index.js"));
        assert!(
            index.starts_with("window.lembarSearch={\"v\":3,"),
            "{index}"
        );
        let html = site.read(&format!("public/{page}/index.html"));
        assert!(
            html.contains(&format!(r#"<script src="/{lang}/search-index.js?h="#))
                && html.contains(r#"" data-search-index defer></script>"#),
            "{html}"
        );
        assert!(html.contains(r#"<script src="/search.js?h="#));
        assert!(html.contains(&format!(
            r#"<form role="search" method="get" action="/{page}/""#
        )));
        // Without JavaScript: every page of the language, linked.
        let main = crate::support::main_of(&html);
        let urls: &[&str] = match lang {
            "id" => &[
                "",
                "kursus/",
                "balai/",
                "tentang/",
                "negara/",
                "negara/jepang/",
            ],
            _ => &[
                "",
                "kursus/",
                "balai/",
                "about/",
                "countries/",
                "countries/japan/",
            ],
        };
        for url in urls {
            assert!(
                main.contains(&format!(r#"<a href="/{lang}/{url}">"#)),
                "{lang}/{url} is not listed:\n{main}"
            );
        }
        assert!(
            main.contains(r#"id="search-nojs""#),
            "the notice that search needs JavaScript"
        );
    }
    let script = std::fs::metadata(site.path("public/search.js"))
        .unwrap()
        .len();
    // 18 KB (6 KB gzipped) since the script unpacks postings at idle, reuses its
    // tables and sorts only what it shows, to search within 20 ms on a slowed phone.
    assert!(script < 18_000, "search.js is {script} bytes");
}

#[test]
fn the_search_page_finds_pages_in_chromium() {
    let Some(chromium) = browser() else {
        return;
    };
    let site = searchable();
    let server = StaticServer::start(site.path("public"));
    let search = |path: &str| {
        let dom = dump_dom(&chromium, &format!("http://{}{path}", server.addr));
        Results::of(&dom)
    };

    // A prefix, in Indonesian.
    let found = search("/id/cari/?q=kurs");
    assert_eq!(found.titles, ["Kursus persiapan"], "{found:?}");
    assert_eq!(found.status, "1 hasil untuk “kurs”");
    assert!(found.hrefs[0].ends_with("/id/kursus/"), "{found:?}");
    assert!(found.nojs_hidden, "the no-JavaScript notice is hidden");

    // Capitals and accents do not matter, either way round.
    let found = search("/id/cari/?q=KAFE");
    assert_eq!(found.titles, ["Kursus persiapan"], "{found:?}");
    let found = search("/id/cari/?q=S%C3%89DERH%C3%81NA");
    assert_eq!(found.titles, ["Kursus persiapan"], "{found:?}");

    // A stem match: "melatih" finds the page that only says "pelatihan".
    let found = search("/id/cari/?q=melatih");
    assert!(
        found.titles.contains(&"Kursus persiapan".to_string())
            && found.titles.contains(&"Balai kerja".to_string()),
        "{found:?}"
    );
    // Title words rank above body words.
    let found = search("/id/cari/?q=balai");
    assert_eq!(
        found.titles.first().map(String::as_str),
        Some("Balai kerja")
    );

    // A whole word ranks above a word it only begins.
    let found = search("/id/cari/?q=bus");
    assert_eq!(found.titles, ["Catatan B", "Catatan A"], "{found:?}");

    // Any word matches; the pages with every word come first.
    let found = search("/id/cari/?q=melatih+kafe");
    assert_eq!(
        found.titles,
        ["Kursus persiapan", "Balai kerja"],
        "{found:?}"
    );
    assert_eq!(found.status, "2 hasil untuk “melatih kafe”");
    // Stop words do not narrow a search ("di" is on neither page)…
    let found = search("/id/cari/?q=melatih+di+kafe");
    assert_eq!(found.titles[0], "Kursus persiapan", "{found:?}");
    // …but a query of stop words alone still searches them (in titles only).
    let found = search("/id/cari/?q=di");
    assert!(
        found.titles.contains(&"Penyuluhan di Bontang".to_string()),
        "{found:?}"
    );
    assert!(
        !found.titles.contains(&"Kursus persiapan".to_string()),
        "{found:?}"
    );
    // A typo of a word of five letters or more: one edit away (two letters
    // swapped), and with it the word's other forms ("melatih").
    let found = search("/id/cari/?q=pelatiahn");
    let mut titles = found.titles.clone();
    titles.sort();
    assert_eq!(titles, ["Balai kerja", "Kursus persiapan"], "{found:?}");
    let found = search("/id/cari/?q=busr");
    assert!(
        found.titles.is_empty(),
        "four letters are too short for a typo: {found:?}"
    );
    // The query is shown as typed, even with `$&` (special to String.replace).
    let found = search("/id/cari/?q=kafe+%24%26");
    assert_eq!(found.status, "1 hasil untuk “kafe $&”");

    // English, with English stems: "trains" finds "trained" too.
    let found = search("/en/search/?q=trains");
    assert!(
        found.titles.contains(&"Preparation course".to_string())
            && found.titles.contains(&"Work centre".to_string()),
        "{found:?}"
    );
    assert!(found.status.ends_with("results for “trains”"), "{found:?}");
    let found = search("/en/search/?q=caf");
    assert_eq!(found.titles, ["Preparation course"], "{found:?}");

    // Nothing found: said so, with the closest words; no list.
    let found = search("/id/cari/?q=kurzuss+xyzzy");
    assert!(found.titles.is_empty(), "{found:?}");
    assert_eq!(
        found.status,
        "Tidak ada halaman yang memuat “kurzuss xyzzy”. Coba kata lain atau kata yang lebih pendek. Mungkin maksud Anda: kursus.",
        "{found:?}"
    );
    let found = search("/id/cari/?q=xyzzy");
    assert!(found.titles.is_empty(), "{found:?}");
    assert!(
        found
            .status
            .starts_with("Tidak ada halaman yang memuat “xyzzy”"),
        "{found:?}"
    );
    let found = search("/en/search/?q=kafe+xyzzy");
    assert!(found.titles.is_empty(), "{found:?}");
    assert!(found.status.starts_with("No page contains"), "{found:?}");
}

#[test]
fn malay_is_stemmed_and_japanese_found_without_spaces_in_chromium() {
    let Some(chromium) = browser() else {
        return;
    };
    let site = Site::overlay(&crate::support::fixtures().join("languages"));
    site.build(&[]).success();
    let server = StaticServer::start(site.path("public"));
    let search = |path: &str| {
        let dom = dump_dom(&chromium, &format!("http://{}{path}", server.addr));
        Results::of(&dom)
    };
    // "pekerjaan" and "bekerja" are forms of "kerja", as in Indonesian.
    for query in ["pekerjaan", "bekerja", "kerja"] {
        let found = search(&format!("/ms/cari/?q={query}"));
        assert!(
            found.titles.contains(&"Tentang kami".to_string()),
            "{query}: {found:?}"
        );
    }
    // Japanese has no spaces: a word inside a sentence is still found, and
    // katakana with voicing marks stays itself (ド is not ト).
    for query in ["労働者", "インドネシア", "サイト"] {
        let found = search(&format!("/ja/search/?q={}", encode(query)));
        assert!(
            found.titles.contains(&"このサイトについて".to_string()),
            "{query}: {found:?}"
        );
    }
    // The index keeps the voiced kana (its pairs `ンド`, `ドネ`).
    let index = site.read("public/ja/search-index.js");
    assert!(index.contains("ドネ") && !index.contains("トネ"), "{index}");
}

/// `text` percent-encoded for a query string.
fn encode(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[test]
fn on_a_large_site_a_word_on_most_pages_ranks_but_does_not_narrow() {
    let Some(chromium) = browser() else {
        return;
    };
    // 120 notes: every one says "umum"; three say "pelabuhan"; one has "Umum" in its title.
    let site = Site::copy("base");
    for n in 0..120 {
        let title = if n == 7 {
            "Catatan umum".to_string()
        } else {
            format!("Catatan {n}")
        };
        let place = if n % 40 == 1 { " di pelabuhan" } else { "" };
        site.write(
            &format!("content/catatan-{n}.id.md"),
            format!("---\ntitle: {title}\n---\n\nKeterangan umum{place}.\n"),
        );
    }
    site.build(&[]).success();
    let index = site.read("public/id/search-index.js");
    // The group: its stem, its one word, then `*`.
    assert!(index.contains("\"umum umum*"), "the common stem is marked");
    let server = StaticServer::start(site.path("public"));
    let search = |path: &str| {
        let dom = dump_dom(&chromium, &format!("http://{}{path}", server.addr));
        Results::of(&dom)
    };
    let json = index
        .strip_prefix("window.lembarSearch=")
        .and_then(|t| t.strip_suffix(";\n"))
        .expect("one assignment");
    let pages = serde_json::from_str::<serde_json::Value>(json).unwrap()["d"]
        .as_array()
        .unwrap()
        .len();
    // Like a stop word: every page of the language matches (20 are shown
    // until the reader asks for more).
    let found = search("/id/cari/?q=umum");
    assert_eq!(found.status, format!("{pages} hasil untuk “umum”"));
    assert_eq!(found.titles.len(), 20);
    assert_eq!(found.titles[0], "Catatan umum", "the title ranks first");
    // The pages with both words come first.
    let found = search("/id/cari/?q=umum+pelabuhan");
    let mut titles = found.titles[..3].to_vec();
    titles.sort();
    assert_eq!(
        titles,
        ["Catatan 1", "Catatan 41", "Catatan 81"],
        "{found:?}"
    );
}

/// What a dumped search page shows.
#[derive(Debug)]
struct Results {
    titles: Vec<String>,
    hrefs: Vec<String>,
    /// The text of the `aria-live` status.
    status: String,
    nojs_hidden: bool,
}

impl Results {
    fn of(dom: &str) -> Results {
        let status = between(dom, r#"id="search-status""#, "</p>")
            .and_then(|s| s.split_once('>'))
            .map_or(String::new(), |(_, text)| text.to_string());
        let list = between(dom, r#"id="search-results""#, "</ol>").unwrap_or_default();
        let mut titles = Vec::new();
        let mut hrefs = Vec::new();
        for item in list.split("<li>").skip(1) {
            let href = between(item, "<a href=\"", "\"").unwrap_or_default();
            let title = between(item, "\">", "</a>").unwrap_or_default();
            hrefs.push(href.to_string());
            titles.push(title.to_string());
        }
        let nojs = between(dom, r#"id="search-nojs""#, ">").unwrap_or_default();
        Results {
            titles,
            hrefs,
            status: status.replace("&amp;", "&"),
            nojs_hidden: nojs.contains("hidden"),
        }
    }
}

/// The text after `start` up to `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

/// Chromium, if the machine has it (see `support::have`).
#[track_caller]
fn browser() -> Option<PathBuf> {
    have(&[Tool::Chromium])
        .then(|| Tool::Chromium.find())
        .flatten()
}

/// The page's DOM after its scripts ran. Headless Chromium now and then never
/// exits on a loaded machine (seen once in three runs beside a parallel build):
/// such a run is killed and tried again, three times at most.
fn dump_dom(chromium: &Path, url: &str) -> String {
    for _ in 0..3 {
        if let Some(dom) = try_dump_dom(chromium, url) {
            return dom;
        }
    }
    panic!("chromium did not finish {url} within 30 s, three times");
}

fn try_dump_dom(chromium: &Path, url: &str) -> Option<String> {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=3000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut dom = String::new();
        stdout.read_to_string(&mut dom).map(|_| dom)
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(reader.join().unwrap().expect("chromium's output"))
}

/// `public/` served on a loopback port, as a static host would: `/x/` is
/// `x/index.html`. Stops when dropped.
struct StaticServer {
    addr: String,
    server: Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    fn start(root: PathBuf) -> StaticServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("a port"));
        let addr = server
            .server_addr()
            .to_ip()
            .expect("an IP address")
            .to_string();
        let serving = Arc::clone(&server);
        let thread = std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                let path = request.url().split('?').next().unwrap_or("/").to_string();
                let response = match file_for(&root, &path) {
                    Some((bytes, kind)) => tiny_http::Response::from_data(bytes)
                        .with_header(tiny_http::Header::from_bytes("Content-Type", kind).unwrap()),
                    None => {
                        tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404)
                    }
                };
                request.respond(response).ok();
            }
        });
        StaticServer {
            addr,
            server,
            thread: Some(thread),
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            thread.join().ok();
        }
    }
}

/// A request path's file under `root` and its content type; never outside it.
fn file_for(root: &Path, path: &str) -> Option<(Vec<u8>, &'static str)> {
    let rel = path.trim_start_matches('/');
    if rel.split('/').any(|part| part == "..") {
        return None;
    }
    let mut file = root.join(rel);
    if path.ends_with('/') {
        file.push("index.html");
    }
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };
    std::fs::read(&file).ok().map(|bytes| (bytes, kind))
}
