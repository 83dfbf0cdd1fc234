//! Tests of `lembar serve`: the real binary on a free port, a real event
//! stream, edits on disk.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use crate::support::Site;

/// A running `lembar serve`, stopped when dropped.
struct Serving {
    child: Child,
    address: String,
    /// What it printed before its address: the first build's line.
    startup: Vec<String>,
    stderr: Receiver<String>,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serving {
    fn start(site: &Site) -> Serving {
        Serving::start_with(site, &[])
    }

    fn start_with(site: &Site, args: &[&str]) -> Serving {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lembar"));
        command.args(["serve", "--port", "0"]).args(args);
        Serving::spawn(site, command)
    }

    /// `lembar serve` allowed only `files` open files, as macOS allows 256.
    fn start_with_open_files(site: &Site, files: u32) -> Serving {
        let mut command = Command::new("sh");
        command.args([
            "-c",
            &format!("ulimit -n {files} && exec \"$0\" serve --port 0"),
            env!("CARGO_BIN_EXE_lembar"),
        ]);
        Serving::spawn(site, command)
    }

    fn spawn(site: &Site, mut command: Command) -> Serving {
        let mut child = command
            .current_dir(site.root())
            .env("SOURCE_DATE_EPOCH", "1796515200")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("lembar starts");
        let (tx, rx) = channel();
        let stderr = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        let mut seen = Vec::new();
        let address = loop {
            let line = rx
                .recv_timeout(Duration::from_secs(20))
                .unwrap_or_else(|_| panic!("no address printed; stderr: {seen:?}"));
            if let Some(rest) = line.strip_prefix("serving http://") {
                break rest.split('/').next().expect("host:port").to_string();
            }
            seen.push(line);
        };
        Serving {
            child,
            address,
            startup: seen,
            stderr: rx,
        }
    }

    /// A raw HTTP/1.1 request on a new connection: the whole response.
    fn exchange(&self, method: &str, path: &str) -> String {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("a response");
        String::from_utf8_lossy(&response).into_owned()
    }

    /// A request's status code and body.
    fn request(&self, method: &str, path: &str) -> (u16, String) {
        let response = self.exchange(method, path);
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("a status line: {response:?}"));
        let body = response
            .split_once("\r\n\r\n")
            .map_or(String::new(), |(_, b)| b.to_string());
        (status, body)
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.request("GET", path)
    }

    /// Opens the event stream, as the page's script does.
    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET /__lembar/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let hello = events.next();
        assert_eq!(hello.0, "hello", "the stream greets with the version");
        events
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next event: its name and data (comments and headers skipped).
    /// Fails after 20 s: the pings every 2 s would otherwise wait forever
    /// for an event that never comes.
    fn next(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), String::new());
        let started = std::time::Instant::now();
        loop {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no event within 20 s"
            );
            let mut line = String::new();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("an event before the timeout");
            assert!(n > 0, "the event stream ended");
            let line = line.trim_end();
            if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data = v.to_string();
            } else if line.is_empty() && !name.is_empty() {
                return (name, data);
            }
        }
    }
}

const PAGE: &str = "content/countries/japan.en.md";
const URL: &str = "/en/countries/japan/";

#[test]
fn edits_reload_errors_show_over_the_page_and_fixes_recover() {
    let site = Site::copy("base");
    site.write("static/style.css", "body { color: black }");
    let server = Serving::start(&site);
    let (status, body) = server.get(URL);
    assert_eq!(status, 200);
    assert!(body.contains("/__lembar/events"), "the reload script is in");
    assert!(!body.contains("lembar-errors"));
    let mut events = server.events();

    // An edit: a reload event, then the new text.
    let original = site.read(PAGE);
    site.write(
        PAGE,
        original.replacen("\n---\n", "\n---\n\nFreshly edited paragraph.\n", 1),
    );
    assert_eq!(events.next().0, "reload");
    let (status, body) = server.get(URL);
    assert_eq!(status, 200);
    assert!(
        body.contains("Freshly edited paragraph."),
        "the edit is served"
    );

    // Broken front matter: the last good page, with the error over it.
    site.write(PAGE, original.replacen("title: Japan", "titel: Japan", 1));
    assert_eq!(events.next().0, "reload");
    let (status, body) = server.get(URL);
    assert_eq!(status, 200, "the last good page is still served");
    assert!(body.contains("Freshly edited paragraph."));
    assert!(body.contains("lembar-errors"), "the overlay is shown");
    assert!(
        body.contains("countries/japan.en.md:2:1"),
        "the overlay names file:line:col: {body}"
    );
    assert!(body.contains("did you mean `title`?"), "and the help");
    let (_, other) = server.get("/id/");
    assert!(other.contains("lembar-errors"), "on every page");

    // Fixed: the overlay is gone and the fixed page is served.
    site.write(
        PAGE,
        original.replacen("\n---\n", "\n---\n\nFixed again.\n", 1),
    );
    assert_eq!(events.next().0, "reload");
    let (status, body) = server.get(URL);
    assert_eq!(status, 200);
    assert!(!body.contains("lembar-errors"), "the overlay is gone");
    assert!(body.contains("Fixed again."));
    assert!(!body.contains("Freshly edited paragraph."));

    // A stylesheet edit swaps the stylesheet without a reload.
    site.write("static/style.css", "body { color: rebeccapurple }");
    assert_eq!(events.next().0, "css");
    let (status, css) = server.get("/style.css");
    assert_eq!(status, 200);
    assert!(css.contains("rebeccapurple"));

    // The stderr log names what happened.
    let log: Vec<String> = server.stderr.try_iter().collect();
    assert!(
        log.iter()
            .any(|l| l.contains("error: unknown front-matter field `titel`")),
        "{log:?}"
    );
}

#[test]
fn an_added_page_and_a_changed_slug_are_served_at_their_new_addresses() {
    let site = Site::copy("base");
    let server = Serving::start(&site);
    let mut events = server.events();
    assert_eq!(server.get("/en/notes/").0, 404);

    // A new page.
    site.write(
        "content/notes.en.md",
        "---\ntitle: Field notes\n---\n\nWritten after the start.\n",
    );
    assert_eq!(events.next().0, "reload");
    let (status, body) = server.get("/en/notes/");
    assert_eq!(status, 200, "the added page is served");
    assert!(body.contains("Written after the start."));

    // A new slug: the page moves, the old address is gone, links follow.
    site.write(
        PAGE,
        site.read(PAGE).replacen("slug: japan", "slug: nippon", 1),
    );
    assert_eq!(events.next().0, "reload");
    let (status, body) = server.get("/en/countries/nippon/");
    assert_eq!(status, 200, "the page at its new address");
    assert!(body.contains("<h1>Japan</h1>"));
    assert_eq!(server.get(URL).0, 404, "nothing at the old address");
    let (_, section) = server.get("/en/countries/");
    assert!(
        section.contains(r#"href="/en/countries/nippon/""#),
        "{section}"
    );
    assert!(
        !section.contains(r#"href="/en/countries/japan/""#),
        "{section}"
    );
}

#[test]
fn serve_counts_the_pages_as_build_does() {
    let site = Site::copy("base");
    let built = site.build(&[]);
    let count = |line: &str| line.split(" pages").next().map(str::to_string);
    let build_line = built
        .stderr
        .lines()
        .find(|l| l.starts_with("built "))
        .unwrap();
    let server = Serving::start(&site);
    let serve_line = &server.startup[0];
    assert!(serve_line.starts_with("built "), "{serve_line}");
    assert_eq!(
        count(serve_line),
        count(build_line),
        "{serve_line} / {build_line}"
    );
}

#[test]
fn a_leaflet_in_one_language_has_no_bilingual_edition() {
    let site = Site::copy("base");
    site.write(
        "content/leaflets/solo.id.md",
        "---\ntitle: Sendiri\ndate: 2025-08-06\npages:\n  - ../procedures/departure.md\n---\n\nTeks.\n",
    );
    site.build(&[]).success();
    assert!(site.path("public/leaflets/bontang/index.html").exists());
    assert!(!site.path("public/leaflets/solo").exists());
    let server = Serving::start(&site);
    assert_eq!(
        server.get("/leaflets/bontang/").0,
        200,
        "both languages: an edition"
    );
    assert_eq!(server.get("/leaflets/solo/").0, 404, "as build: no edition");
    assert_eq!(server.get("/id/lembar/solo/").0, 200);
}

#[test]
fn nothing_outside_the_built_site_is_served() {
    let site = Site::copy("base");
    // A file beside the content that must never be reachable.
    site.write("secret.txt", "do not serve");
    let server = Serving::start(&site);
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/en/%2e%2e/%2e%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/..%5csecret.txt",
        "/en\\..\\..\\secret.txt",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/secret.txt",
        "/site.yaml",
        "/content/countries/japan.en.md",
        "/%00",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path} is not found");
        assert!(!body.contains("do not serve"), "{path}");
        assert!(!body.contains("root:"), "{path}");
    }
}

#[test]
fn pages_have_types_heads_and_folders_redirect() {
    let site = Site::copy("base");
    let server = Serving::start(&site);
    // Header names are case-insensitive; hyper writes them in lowercase.
    let head = |path: &str| server.exchange("HEAD", path).to_ascii_lowercase();
    let page = head(URL);
    assert!(page.starts_with("http/1.1 200"), "{page}");
    assert!(
        page.contains("content-type: text/html; charset=utf-8"),
        "{page}"
    );
    assert!(page.ends_with("\r\n\r\n"), "HEAD has no body: {page:?}");
    assert!(head("/style.css").contains("content-type: text/css"));
    // The tabs share one event stream through this worker.
    assert!(head("/__lembar/reload-worker.js").contains("content-type: text/javascript"));
    let (_, page) = server.get(URL);
    assert!(page.contains("new SharedWorker(\"/__lembar/reload-worker.js\")"));
    let folder = head("/en/countries");
    assert!(folder.starts_with("http/1.1 301"), "{folder}");
    assert!(folder.contains("location: /en/countries/"), "{folder}");
    let (status, _) = server.request("POST", URL);
    assert_eq!(status, 405);
    // The offline worker would keep serving pages from before an edit: the
    // preview has none to install (and its pages' script does not try).
    assert!(head("/sw.js").starts_with("http/1.1 404"));
    assert!(page.contains("window.lembarPreview=true"));
    let (status, list) = server.get("/en/offline.json");
    assert_eq!(status, 200);
    assert!(list.contains("\"/en/about/\""), "{list}");
    // The build output never carries the reload script.
    site.build(&[]).success();
    assert!(
        !site
            .read("public/en/countries/japan/index.html")
            .contains("__lembar")
    );
}

/// Sends `head` (a request line and headers, without the blank line) and
/// returns the status, or `None` if the server closed without answering.
fn raw_status(address: &str, head: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let _ = write!(stream, "{head}\r\n\r\n");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
}

/// The server's own count of open event streams.
fn open_streams(server: &Serving) -> usize {
    let (status, body) = server.get("/__lembar/status");
    assert_eq!(status, 200);
    body.lines()
        .find_map(|l| l.strip_prefix("streams "))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a stream count: {body}"))
}

#[test]
fn many_open_tabs_never_hold_up_page_requests() {
    let site = Site::copy("base");
    let server = Serving::start(&site);
    // Every open tab holds an event stream; with a thread per stream, eight
    // of them left no worker for pages.
    let mut tabs: Vec<Events> = (0..200).map(|_| server.events()).collect();
    assert_eq!(open_streams(&server), 200);
    for _ in 0..20 {
        let (status, body) = server.get("/en/");
        assert_eq!(status, 200);
        assert!(body.contains("/__lembar/events"));
    }
    // An edit reaches every one of them.
    let original = site.read(PAGE);
    site.write(PAGE, original.replacen("\n---\n", "\n---\n\nEdited.\n", 1));
    for tab in &mut tabs {
        assert_eq!(tab.next().0, "reload");
    }
    assert_eq!(server.get(URL).0, 200);
}

#[test]
fn closed_tabs_are_let_go_within_seconds() {
    let site = Site::copy("base");
    let server = Serving::start(&site);
    let tabs: Vec<Events> = (0..10).map(|_| server.events()).collect();
    assert_eq!(open_streams(&server), 10);
    drop(tabs);
    // The pings find them gone; a few seconds at most, waited for in steps.
    let mut left = usize::MAX;
    for _ in 0..100 {
        left = open_streams(&server);
        if left == 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(left, 0, "closed streams are still counted after 10 s");
}

#[test]
fn a_redirect_to_a_non_ascii_address_is_encoded_and_costs_nothing() {
    let site = Site::copy("base");
    site.write("content/koréa.id.md", "---\ntitle: Korea\n---\n\nKorea.\n");
    let server = Serving::start(&site);
    // Each of these once panicked a worker; eight of them left none.
    for _ in 0..20 {
        let text = server
            .exchange("GET", "/id/kor%C3%A9a")
            .to_ascii_lowercase();
        assert!(text.starts_with("http/1.1 301"), "{text}");
        assert!(text.contains("location: /id/kor%c3%a9a/\r\n"), "{text}");
    }
    let (status, body) = server.get("/id/kor%C3%A9a/");
    assert_eq!(status, 200);
    assert!(body.contains("Korea."));
}

#[test]
fn only_the_servers_own_host_names_are_answered() {
    let site = Site::copy("base");
    let server = Serving::start_with(&site, &["--allow-host", "preview.example.org"]);
    let port = server.address.rsplit(':').next().unwrap().to_string();
    let status = |host: &str| {
        raw_status(
            &server.address,
            &format!("GET /en/ HTTP/1.1\r\nHost: {host}\r\nConnection: close"),
        )
    };
    // A name that resolves to this machine through someone's DNS: refused.
    assert_eq!(status(&format!("attacker.example:{port}")), Some(403));
    assert_eq!(status("attacker.example"), Some(403));
    for allowed in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("localhost.:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
        format!("preview.example.org:{port}"),
        "preview.example.org".to_string(),
    ] {
        assert_eq!(status(&allowed), Some(200), "{allowed}");
    }
}

#[test]
fn long_addresses_and_headers_are_refused_and_idle_connections_closed() {
    let site = Site::copy("base");
    let server = Serving::start_with(&site, &["--idle-timeout", "1"]);
    let host = format!("Host: {}\r\nConnection: close", server.address);
    let long_url = format!("/{}", "a".repeat(10_000));
    assert_eq!(
        raw_status(
            &server.address,
            &format!("GET {long_url} HTTP/1.1\r\n{host}")
        ),
        Some(414)
    );
    let big_header = format!("X-Big: {}", "b".repeat(100_000));
    assert_eq!(
        raw_status(
            &server.address,
            &format!("GET /en/ HTTP/1.1\r\n{host}\r\n{big_header}")
        ),
        Some(431)
    );
    // A client that opens a connection and sends half a request (slowloris)
    // is closed after the idle timeout, not kept forever.
    let mut slow = TcpStream::connect(&server.address).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(slow, "GET /en/ HTTP/1.1\r\nHost: {}\r\n", server.address).unwrap();
    let started = std::time::Instant::now();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "the half-sent request was not closed"
    );
    // A keep-alive connection left idle after a request is closed too.
    let mut idle = TcpStream::connect(&server.address).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        idle,
        "GET /style.css HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.address
    )
    .unwrap();
    let started = std::time::Instant::now();
    let mut all = Vec::new();
    let _ = idle.read_to_end(&mut all);
    assert!(String::from_utf8_lossy(&all).starts_with("HTTP/1.1 200"));
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "the idle keep-alive connection was not closed"
    );
    // And the server still answers.
    assert_eq!(server.get("/en/").0, 200);
}

#[test]
fn idle_connections_cost_no_thread_each() {
    let site = Site::copy("base");
    let server = Serving::start(&site);
    let threads = || {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("Threads:"))
            .and_then(|n| n.trim().parse::<usize>().ok())
            .unwrap()
    };
    let before = threads();
    let idle: Vec<TcpStream> = (0..500)
        .map(|_| TcpStream::connect(&server.address).unwrap())
        .collect();
    assert_eq!(server.get("/en/").0, 200, "pages answer beside them");
    let during = threads();
    assert!(
        during < before + 20,
        "500 idle connections took {} threads ({before} before)",
        during - before.min(during)
    );
    drop(idle);
}

#[test]
fn a_fifo_saved_into_the_site_never_blocks_later_saves() {
    let site = Site::copy("base");
    let server = Serving::start(&site);
    let mut events = server.events();
    // Reading a FIFO would wait for a writer forever: the change thread
    // would hang, and every later save would be ignored without a word.
    let ok = Command::new("mkfifo")
        .arg(site.path("content/stuck.id.md"))
        .status()
        .expect("mkfifo");
    assert!(ok.success());
    assert_eq!(events.next().0, "reload", "the FIFO is reported");
    let (_, body) = server.get("/en/");
    assert!(body.contains("named pipe"), "the overlay names it: {body}");
    std::fs::remove_file(site.path("content/stuck.id.md")).unwrap();
    assert_eq!(events.next().0, "reload");
    let original = site.read(PAGE);
    site.write(
        PAGE,
        original.replacen("\n---\n", "\n---\n\nAfter the pipe.\n", 1),
    );
    assert_eq!(events.next().0, "reload");
    let (status, body) = server.get(URL);
    assert_eq!(status, 200);
    assert!(body.contains("After the pipe."));
    assert!(!body.contains("lembar-errors"));
}

#[test]
fn a_low_open_file_limit_costs_extra_tabs_not_the_preview() {
    let site = Site::copy("base");
    // 200 open files: connections get 136 of them, event streams half of those.
    let server = Serving::start_with_open_files(&site, 200);
    let mut tabs = Vec::new();
    let mut refused = 0;
    for _ in 0..100 {
        let mut stream = TcpStream::connect(&server.address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET /__lembar/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.address
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        if status.contains(" 503 ") {
            refused += 1;
        } else {
            assert!(status.contains(" 200 "), "{status}");
            tabs.push(Events { reader });
        }
    }
    assert_eq!(tabs.len(), 68, "half the connections for streams");
    assert_eq!(refused, 32);
    assert_eq!(server.get("/en/").0, 200, "pages still answer");
    // A rebuild still has files to read: no "Too many open files".
    let original = site.read(PAGE);
    site.write(
        PAGE,
        original.replacen("\n---\n", "\n---\n\nWith few files.\n", 1),
    );
    for tab in &mut tabs {
        // The hello first, then the reload.
        assert_eq!(tab.next().0, "hello");
        assert_eq!(tab.next().0, "reload");
    }
    let (status, body) = server.get(URL);
    assert_eq!(status, 200);
    assert!(body.contains("With few files."), "{body}");
}

/// A few MB of text that differs line by line, so a dropped, doubled or
/// shifted chunk shows.
fn numbered_lines(lines: usize) -> String {
    (0..lines).map(|i| format!("line {i:07}\n")).collect()
}

#[test]
fn static_files_are_served_and_a_dotfile_edit_reloads() {
    let site = Site::copy("base");
    let big = numbered_lines(300_000);
    site.write("static/big.txt", &big);
    site.write("static/.well-known/security.txt", "Contact: one");
    let server = Serving::start(&site);
    let (status, body) = server.get("/big.txt");
    assert_eq!(status, 200);
    assert!(body == big, "the big file arrives intact");
    let mut events = server.events();

    // What the build publishes is what the preview follows.
    site.write("static/.well-known/security.txt", "Contact: two");
    assert_eq!(events.next().0, "reload");
    let (status, body) = server.get("/.well-known/security.txt");
    assert_eq!(status, 200);
    assert_eq!(body, "Contact: two");
}

#[test]
fn an_edit_of_the_facts_file_updates_every_page_that_shows_a_fact() {
    let site = Site::copy("base");
    let facts = "hotline:\n  kind: phone\n  value: \"0800-1000\"\n  as_of: 2026-04-10\n  source: {title: P2MI, url: \"https://kp2mi.go.id/\"}\n";
    site.write("data/facts.yaml", facts);
    site.write(
        "content/about.id.md",
        "---\ntitle: Tentang\nslug: tentang\n---\n\nTelepon {{ hotline }}.\n",
    );
    site.write(
        PAGE,
        site.read(PAGE)
            .replacen("\n---\n", "\n---\n\nCall {{ hotline }}.\n", 1),
    );
    let server = Serving::start(&site);
    let (_, body) = server.get(URL);
    assert!(body.contains(">0800-1000</a>"), "{body}");
    let mut events = server.events();

    site.write("data/facts.yaml", facts.replace("0800-1000", "0800-2000"));
    assert_eq!(events.next().0, "reload");
    for url in [URL, "/id/tentang/"] {
        let (status, body) = server.get(url);
        assert_eq!(status, 200);
        assert!(
            body.contains(r#"href="tel:08002000">0800-2000</a>"#),
            "{url}: {body}"
        );
        assert!(!body.contains("0800-1000"), "{url}");
    }

    // A mistake in the data file shows over the pages; its fix recovers.
    site.write("data/facts.yaml", facts.replace("as_of", "asof"));
    assert_eq!(events.next().0, "reload");
    let (_, body) = server.get(URL);
    assert!(
        body.contains("lembar-errors") && body.contains("data/facts.yaml:4:3"),
        "{body}"
    );
    site.write("data/facts.yaml", facts);
    assert_eq!(events.next().0, "reload");
    let (_, body) = server.get(URL);
    assert!(
        !body.contains("lembar-errors") && body.contains(">0800-1000</a>"),
        "{body}"
    );
}

/// The first preview is served as soon as the site is prepared, before every
/// page's Markdown is checked; an error that check finds (a link to a missing
/// anchor: only the whole site's bodies show it) is shown over the pages, and
/// the fix takes it away, as any error's.
#[test]
fn an_error_found_after_the_first_pages_are_served_is_shown_over_them() {
    let site = Site::copy("base");
    let original = site.read(PAGE);
    site.write(
        PAGE,
        original.replacen("\n---\n", "\n---\n\nSee [the steps](#no-such-part).\n", 1),
    );
    let server = Serving::start(&site);
    let (status, body) = server.get(URL);
    assert_eq!(status, 200, "the page is served");
    assert!(body.contains("lembar-errors"), "with the overlay: {body}");
    assert!(body.contains("#no-such-part"), "naming the anchor: {body}");
    let (_, other) = server.get("/id/");
    assert!(other.contains("lembar-errors"), "on every page");

    let mut events = server.events();
    site.write(PAGE, original.replacen("\n---\n", "\n---\n\nFixed.\n", 1));
    assert_eq!(events.next().0, "reload");
    let (status, body) = server.get(URL);
    assert_eq!(status, 200);
    assert!(!body.contains("lembar-errors"), "the overlay is gone");
    assert!(body.contains("Fixed."));
}
