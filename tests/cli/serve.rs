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
        let mut child = Command::new(env!("CARGO_BIN_EXE_lembar"))
            .args(["serve", "--port", "0"])
            .current_dir(site.root())
            .env("SOURCE_DATE_EPOCH", "1795737600")
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
            stderr: rx,
        }
    }

    /// A raw HTTP/1.1 request: status code and body.
    fn request(&self, method: &str, path: &str) -> (u16, String) {
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
        let response = String::from_utf8_lossy(&response).into_owned();
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
    fn next(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), String::new());
        loop {
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
    let head = |path: &str| {
        let mut stream = TcpStream::connect(&server.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "HEAD {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap();
        text
    };
    let page = head(URL);
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(
        page.contains("Content-Type: text/html; charset=utf-8"),
        "{page}"
    );
    assert!(page.ends_with("\r\n\r\n"), "HEAD has no body: {page:?}");
    assert!(head("/style.css").contains("Content-Type: text/css"));
    let folder = head("/en/countries");
    assert!(folder.starts_with("HTTP/1.1 301"), "{folder}");
    assert!(folder.contains("Location: /en/countries/"), "{folder}");
    let (status, _) = server.request("POST", URL);
    assert_eq!(status, 405);
    // The build output never carries the reload script.
    site.build(&[]).success();
    assert!(
        !site
            .read("public/en/countries/japan/index.html")
            .contains("__lembar")
    );
}
