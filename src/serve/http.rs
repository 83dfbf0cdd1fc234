//! The HTTP side of `serve` (tiny_http): maps request paths to the built
//! site's files, never to the disk; adds the live-reload script and the error
//! overlay to pages; streams reload events. Pure but for the socket.

use std::io::Write;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response};

use super::State;
use super::world::Found;
use crate::markdown::escape;

/// The path of the event stream: one per open page, same origin and port as
/// the site (so proxies, containers and Codespaces pass it like any page).
pub const EVENTS: &str = "/__lembar/events";

/// Answers one request.
pub fn respond(state: &State, request: Request) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(
            Response::from_string("only GET and HEAD")
                .with_status_code(405)
                .with_header(header("Allow", "GET, HEAD")),
        );
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS {
        stream_events(state, request);
        return;
    }
    let (status, bytes, kind) = answer(state, path);
    let mut response = Response::from_data(bytes)
        .with_status_code(status.0)
        .with_header(header("Content-Type", kind))
        // A preview is never cached: the next reload must show the edit.
        .with_header(header("Cache-Control", "no-store"));
    if let Some(location) = status.1 {
        response = response.with_header(header("Location", &location));
    }
    let _ = request.respond(response);
}

/// Status (and a redirect's target), body and content type for a path.
fn answer(state: &State, path: &str) -> ((u16, Option<String>), Vec<u8>, &'static str) {
    const HTML: &str = "text/html; charset=utf-8";
    let guard = state.world.read().unwrap_or_else(|e| e.into_inner());
    let Some(world) = guard.as_ref() else {
        // No good build yet: every page is the overlay.
        let page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>lembar</title></head><body></body></html>";
        return ((503, None), state.decorate(page.as_bytes()), HTML);
    };
    let Some(rel) = site_path(path) else {
        return not_found(state, world);
    };
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.clone()
    };
    match world.get(&file) {
        Some(Found::File(bytes)) => {
            let kind = content_type(&file);
            let body = if kind == HTML {
                state.decorate(&bytes)
            } else {
                bytes.to_vec()
            };
            ((200, None), body, kind)
        }
        Some(Found::Failed(problem)) => {
            let page = format!(
                "<!doctype html><html><head><meta charset=\"utf-8\"><title>lembar</title></head><body><main><h1>/{}</h1></main>{}</body></html>",
                escape(&rel),
                overlay(&[problem.to_string()])
            );
            ((500, None), state.decorate(page.as_bytes()), HTML)
        }
        // `/id/negara` is the folder `/id/negara/`, as static hosts answer.
        None if world.has(&format!("{rel}/index.html")) => {
            let location = format!("/{rel}/");
            ((301, Some(location)), Vec::new(), HTML)
        }
        None => not_found(state, world),
    }
}

fn not_found(
    state: &State,
    world: &super::world::World,
) -> ((u16, Option<String>), Vec<u8>, &'static str) {
    let body = match world.get("404.html") {
        Some(Found::File(bytes)) => state.decorate(&bytes),
        _ => state.decorate(
            b"<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>404</title></head><body><h1>Halaman tidak ditemukan / Page not found</h1><p><a href=\"/\">Beranda / Home</a></p></body></html>",
        ),
    };
    ((404, None), body, "text/html; charset=utf-8")
}

/// The output path a request path names, or `None` for anything that could
/// step outside the site: `..` and `.` segments (also percent-encoded),
/// backslashes, empty segments (`//etc`), drive letters, NUL, bad UTF-8.
pub fn site_path(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let decoded = percent_decode_str(rest).decode_utf8().ok()?;
    if decoded.contains(['\\', '\0', ':']) {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    let bad = segments
        .iter()
        .enumerate()
        .any(|(i, s)| *s == ".." || *s == "." || (s.is_empty() && i != last));
    if bad {
        return None;
    }
    Some(decoded.into_owned())
}

/// The content type by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// The live-reload script for a page served at `version`: it reloads on a
/// `reload` event, swaps stylesheets on a `css` event, and reloads after
/// reconnecting to a server whose version moved on (an edit it missed, a
/// restart). EventSource reconnects by itself; `retry` makes it quick.
pub fn reload_script(version: &str) -> String {
    format!(
        r#"<script>(function(){{var seen="{version}";var s=new EventSource("{EVENTS}");
s.addEventListener("hello",function(e){{if(e.data!==seen)location.reload();}});
s.addEventListener("reload",function(){{location.reload();}});
s.addEventListener("css",function(e){{seen=e.data;document.querySelectorAll('link[rel="stylesheet"]').forEach(function(l){{var u=new URL(l.href);u.searchParams.set("v",e.data);l.href=u.href;}});}});
}})();</script>"#
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

/// Streams reload events to one page until it goes away. The stream is
/// written by hand on the raw connection (tiny_http would buffer a chunked
/// body), with a comment every 15 s so proxies keep it open.
fn stream_events(state: &State, request: Request) {
    let receiver = state.subscribe();
    let version = state.version();
    let mut out = request.into_writer();
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\nevent: hello\ndata: {version}\n\n"
    );
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match receiver.recv_timeout(std::time::Duration::from_secs(15)) {
            Ok(event) => format!("event: {}\ndata: {}\n\n", event.name, event.version),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if out
            .write_all(message.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_could_leave_the_site_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/id/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/id/%2e%2e%2f%2e%2e%2fetc/passwd",
            "/..%5c..%5cwindows",
            "/id\\..\\secret",
            "//etc/passwd",
            "/C:/Windows/win.ini",
            "/./index.html",
            "/id/%00",
            "/%ff",
            "etc/passwd",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
        assert_eq!(site_path("/"), Some(String::new()));
        assert_eq!(site_path("/id/negara/"), Some("id/negara/".into()));
        assert_eq!(site_path("/id/negara"), Some("id/negara".into()));
        assert_eq!(
            site_path("/id/caf%C3%A9/"),
            Some("id/café/".into()),
            "percent-encoded UTF-8 is decoded"
        );
    }

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
