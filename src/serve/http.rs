//! The HTTP side of `serve`: maps request paths to the built site's files,
//! never to the disk; refuses foreign `Host`s; adds the live-reload script and
//! the error overlay to pages; streams reload events. Runs on the
//! [`http_server`](crate::http_server) runtime; pure but for the socket.

use std::sync::Arc;
use std::time::Duration;

use hyper::body::Bytes;
use hyper::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE, HOST, HeaderValue, LOCATION};
use hyper::{Method, Request, Response, StatusCode};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::mpsc;

use super::State;
use super::world::Found;
use crate::http_server::{self, Body};
use crate::markdown::escape;
use crate::urls;

/// The path of the event stream: one per open page, same origin and port as
/// the site (so proxies, containers and Codespaces pass it like any page).
pub const EVENTS: &str = "/__lembar/events";

/// How many event streams are open, and the site's version: for people and
/// tests checking that closed tabs are let go.
pub const STATUS: &str = "/__lembar/status";

/// How often an idle event stream sends a comment: proxies keep it open, and
/// a stream whose page has gone away fails to write and is let go.
pub const PING: Duration = Duration::from_secs(2);

/// Events a page may fall behind by before its stream is closed (it
/// reconnects, and reloads if it missed a change).
const STREAM_BACKLOG: usize = 8;

/// Which `Host` headers the server answers. A page of any web site can make
/// the browser ask a name it controls that resolves to 127.0.0.1 (DNS
/// rebinding) and read the answers; such a name is refused. IP addresses,
/// `localhost` and its subdomains are always allowed.
#[derive(Debug, Clone, Default)]
pub struct Hosts {
    /// `--allow-host NAME`: names a proxy or tunnel uses; `*` allows any.
    pub names: Vec<String>,
}

impl Hosts {
    pub fn allows(&self, host: Option<&str>) -> bool {
        // Browsers always send `Host`; a client without one is no page.
        let Some(host) = host else { return true };
        // `localhost.` is `localhost`, written as a fully qualified name.
        let name = host_name(host).trim_end_matches('.').to_ascii_lowercase();
        name.parse::<std::net::IpAddr>().is_ok()
            || name == "localhost"
            || name.ends_with(".localhost")
            || self
                .names
                .iter()
                .any(|n| n == "*" || n.eq_ignore_ascii_case(&name))
    }
}

/// `example.org:1111` → `example.org`; `[::1]:1111` → `::1`.
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("");
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// The server's side of `serve`: the shared state and the allowed hosts.
pub struct Site {
    pub state: Arc<State>,
    pub hosts: Hosts,
    /// Open event streams at most; one more is answered 503.
    pub max_streams: usize,
}

impl http_server::Handler for Site {
    async fn handle(self: Arc<Self>, request: Request<hyper::body::Incoming>) -> Response<Body> {
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            let mut response =
                http_server::text(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
            response
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
            return response;
        }
        let host = request
            .headers()
            .get(HOST)
            .map(|h| h.to_str().unwrap_or("\u{fffd}"));
        if !self.hosts.allows(host) {
            return http_server::text(
                StatusCode::FORBIDDEN,
                "lembar serve answers only its own address, `localhost` and IP addresses.\nBehind a proxy or tunnel, start it with `--allow-host NAME`.\n",
            );
        }
        let path = request.uri().path().to_string();
        match path.as_str() {
            EVENTS => {
                return match self.state.open_stream(self.max_streams) {
                    Some(open) => stream_events(&self.state, open),
                    None => http_server::text(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "too many open pages: close some tabs, then reload\n",
                    ),
                };
            }
            WORKER => {
                let kind = urls::content_type(WORKER);
                return reply(Reply::ok(worker_script().into_bytes(), kind));
            }
            STATUS => {
                let status = format!(
                    "streams {}\nversion {}\n",
                    self.state.streams(),
                    self.state.version()
                );
                return reply(Reply::ok(status.into_bytes(), "text/plain; charset=utf-8"));
            }
            _ => {}
        }
        // Rendering a page the first time is CPU work, and an edit holds the
        // world's lock for a few milliseconds: both off the async threads.
        let state = Arc::clone(&self.state);
        match tokio::task::spawn_blocking(move || answer(&state, &path)).await {
            Ok(answer) => reply(answer),
            Err(_) => http_server::text(
                StatusCode::INTERNAL_SERVER_ERROR,
                "lembar failed on this page; the terminal says why\n",
            ),
        }
    }
}

/// What to answer a page request.
pub struct Reply {
    pub status: u16,
    /// A redirect's target, as a path (encoded when sent).
    pub location: Option<String>,
    pub body: Vec<u8>,
    pub kind: &'static str,
}

impl Reply {
    fn ok(body: Vec<u8>, kind: &'static str) -> Reply {
        Reply {
            status: 200,
            location: None,
            body,
            kind,
        }
    }
}

fn reply(answer: Reply) -> Response<Body> {
    let mut response = Response::new(http_server::full(answer.body));
    *response.status_mut() =
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(answer.kind));
    // A preview is never cached: the next reload must show the edit.
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(location) = answer.location {
        // `/id/koréa` → `/id/kor%C3%A9a/`: a header holds ASCII only.
        if let Ok(value) = HeaderValue::try_from(urls::encode_path(&location)) {
            headers.insert(LOCATION, value);
        }
    }
    response
}

/// Status (and a redirect's target), body and content type for a path.
pub fn answer(state: &State, path: &str) -> Reply {
    use urls::HTML;
    let guard = state.world.read().unwrap_or_else(|e| e.into_inner());
    let Some(world) = guard.as_ref() else {
        // No good build yet: every page is the overlay.
        let page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>lembar</title></head><body></body></html>";
        return Reply {
            status: 503,
            ..Reply::ok(state.decorate(page.as_bytes()), HTML)
        };
    };
    let Some(rel) = urls::site_path(path) else {
        return not_found(state, world);
    };
    // The preview never installs the offline worker: it would keep serving
    // pages from before the edit (the page's script also leaves it alone).
    if rel == crate::offline::WORKER_FILE {
        return not_found(state, world);
    }
    let file = urls::index_file(&rel);
    match world.get(&file) {
        Some(Found::File(bytes)) => {
            let kind = urls::content_type(&file);
            let body = if kind == HTML {
                state.decorate(&bytes)
            } else {
                bytes.to_vec()
            };
            Reply::ok(body, kind)
        }
        Some(Found::Failed(problem)) => {
            let page = format!(
                "<!doctype html><html><head><meta charset=\"utf-8\"><title>lembar</title></head><body><main><h1>/{}</h1></main>{}</body></html>",
                escape(&rel),
                overlay(&[problem.to_string()])
            );
            Reply {
                status: 500,
                ..Reply::ok(state.decorate(page.as_bytes()), HTML)
            }
        }
        // `/id/negara` is the folder `/id/negara/`, as static hosts answer.
        None if world.has(&format!("{rel}/index.html")) => Reply {
            status: 301,
            location: Some(format!("/{rel}/")),
            ..Reply::ok(Vec::new(), HTML)
        },
        None => not_found(state, world),
    }
}

fn not_found(state: &State, world: &super::world::World) -> Reply {
    let body = match world.get("404.html") {
        Some(Found::File(bytes)) => state.decorate(&bytes),
        _ => state.decorate(
            b"<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>404</title></head><body><h1>Halaman tidak ditemukan / Page not found</h1><p><a href=\"/\">Beranda / Home</a></p></body></html>",
        ),
    };
    Reply {
        status: 404,
        ..Reply::ok(body, urls::HTML)
    }
}

/// The live-reload script for a page served at `version`: it reloads on a
/// `reload` event, swaps stylesheets on a `css` event, and reloads after
/// reconnecting to a server whose version moved on (an edit it missed, a
/// restart). EventSource reconnects by itself; `retry` makes it quick.
///
/// A browser opens at most six HTTP/1.1 connections to one host, and an
/// event stream holds one for good: with a stream per tab, the seventh tab
/// never loads. So the tabs share one stream through a SharedWorker
/// ([`WORKER`]); where there is none (Chrome on Android), each tab keeps its
/// own, closed while the tab is hidden.
pub fn reload_script(version: &str) -> String {
    format!(
        r#"<script>window.lembarPreview=true;(function(){{var seen="{version}";
function on(n,d){{if(n==="hello"){{if(d!==seen)location.reload();}}else if(n==="reload"){{location.reload();}}else if(n==="css"){{seen=d;document.querySelectorAll('link[rel="stylesheet"]').forEach(function(l){{var u=new URL(l.href);u.searchParams.set("v",d);l.href=u.href;}});}}}}
if(window.SharedWorker){{var w=new SharedWorker("{WORKER}");w.port.onmessage=function(e){{on(e.data.name,e.data.data);}};w.port.start();return;}}
var s=null;function open(){{s=new EventSource("{EVENTS}");["hello","reload","css"].forEach(function(n){{s.addEventListener(n,function(e){{on(n,e.data);}});}});}}
document.addEventListener("visibilitychange",function(){{if(document.hidden){{if(s){{s.close();s=null;}}}}else if(!s)open();}});
if(!document.hidden)open();
}})();</script>"#
    )
}

/// The path of the SharedWorker that holds the one event stream of all the
/// open tabs of the site and passes its events on.
pub const WORKER: &str = "/__lembar/reload-worker.js";

/// The SharedWorker: one EventSource; every tab that connects hears every
/// event, and first a `hello` with the version the worker knows, as if it
/// had connected itself.
pub fn worker_script() -> String {
    format!(
        r#"var ports=[],version=null,s=new EventSource("{EVENTS}");
["hello","reload","css"].forEach(function(n){{s.addEventListener(n,function(e){{version=e.data;ports.forEach(function(p){{p.postMessage({{name:n,data:e.data}});}});}});}});
onconnect=function(e){{var p=e.ports[0];ports.push(p);if(version!==null)p.postMessage({{name:"hello",data:version}});p.start();}};
"#
    )
}

/// The overlay that shows the site's errors on every page until they are fixed.
pub fn overlay(problems: &[String]) -> String {
    let mut html = String::from(
        r#"<div id="lembar-errors" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.96);color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:1.5rem"><p style="font:bold 18px/1.3 system-ui,sans-serif;margin:0 0 .5rem;color:#ff8a80">lembar: the site has errors</p><p style="font:15px/1.4 system-ui,sans-serif;margin:0 0 1rem">Fix them and save: this page reloads by itself. Until then the last good version is served.</p>"#,
    );
    for problem in problems {
        html.push_str(r#"<pre style="white-space:pre-wrap;margin:0 0 1rem;padding:.75rem;background:#000;border-left:4px solid #ff8a80">"#);
        html.push_str(&escape(problem));
        html.push_str("</pre>");
    }
    html.push_str("</div>");
    html
}

/// Puts `extra` before the page's last `</body>`, or at its end.
pub fn inject(page: &[u8], extra: &str) -> Vec<u8> {
    let at = page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + extra.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// Streams reload events to one page until it goes away. The stream is a
/// task that costs nothing between events; a ping every [`PING`] finds pages
/// that went away without a word, and a page that stops reading is dropped.
fn stream_events(state: &Arc<State>, open: super::StreamGuard) -> Response<Body> {
    let mut events = state.events.subscribe();
    let (sender, receiver) = mpsc::channel::<Bytes>(STREAM_BACKLOG);
    let hello = format!("retry: 500\nevent: hello\ndata: {}\n\n", state.version());
    let state = Arc::clone(state);
    tokio::spawn(async move {
        let _open = open;
        let mut message = hello;
        let mut ping = tokio::time::interval(PING);
        ping.tick().await;
        loop {
            if sender.try_send(Bytes::from(message)).is_err() {
                return; // gone, or not reading
            }
            message = tokio::select! {
                event = events.recv() => match event {
                    Ok(event) => format!("event: {}\ndata: {}\n\n", event.name, event.version),
                    Err(RecvError::Lagged(_)) => format!("event: reload\ndata: {}\n\n", state.version()),
                    Err(RecvError::Closed) => return,
                },
                _ = ping.tick() => ": ping\n\n".to_string(),
                () = sender.closed() => return,
            };
        }
    });
    let mut response = Response::new(http_server::channel_body(receiver));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let page = b"<html><body><p>x</p></BODY></html>";
        let out = inject(page, "<s>");
        assert_eq!(out, b"<html><body><p>x</p><s></BODY></html>");
        assert_eq!(inject(b"plain", "<s>"), b"plain<s>");
    }

    #[test]
    fn the_overlay_escapes_what_it_shows() {
        let html = overlay(&["a.md:1:1: error: <script>".into()]);
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<script>"));
    }
}
