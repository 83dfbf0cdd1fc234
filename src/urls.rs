//! URL paths as they go on the wire: the one place a path is percent-encoded,
//! a request path is decoded into an output path, and an output file gets its
//! content type (`serve` and `lembar pdf` answer from the same rules). Pure.

use percent_encoding::percent_decode_str;

/// Characters percent-encoded in a URL path: the ones RFC 3986 does not allow
/// there (non-ASCII is always encoded), so sitemaps, feeds, redirects and
/// printed addresses carry valid URIs. `/` is kept.
const PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'[')
    .add(b']')
    .add(b'%');

/// `id/café/` → `id/caf%C3%A9/`.
pub fn encode_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH).to_string()
}

/// The output path a request path (`/id/caf%C3%A9/`, below the base) names,
/// decoded, or `None` for anything that could
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

/// The content type of HTML pages.
pub const HTML: &str = "text/html; charset=utf-8";

/// The content type of an output file by its extension: what `serve` and the
/// server `lembar pdf` prints from answer with.
pub fn content_type(path: &str) -> &'static str {
    if path.rsplit('/').next() == Some(crate::feed::FILE_NAME) {
        return "application/atom+xml";
    }
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" => HTML,
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

/// The id a link's `#fragment` names, as browsers find it: percent-decoded
/// (`#caf%C3%A9` is the heading `Café`'s `café`).
pub fn fragment_id(fragment: &str) -> String {
    percent_decode_str(fragment)
        .decode_utf8_lossy()
        .into_owned()
}

/// The file a request for `rel` (an output path from [`site_path`]) is
/// answered with: a folder (`id/negara/`, or the root) by its `index.html`, as
/// static hosts answer. So it is also where a page at a folder's address is written.
pub fn index_file(rel: &str) -> String {
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_encoded_where_rfc_3986_requires() {
        assert_eq!(encode_path("id/koréa/"), "id/kor%C3%A9a/");
        assert_eq!(
            encode_path("a b/\"<>`{}|\\^[]%?#/"),
            "a%20b/%22%3C%3E%60%7B%7D%7C%5C%5E%5B%5D%25%3F%23/"
        );
        assert_eq!(encode_path("id/negara/jepang/"), "id/negara/jepang/");
    }

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
    fn feeds_are_served_as_atom_and_fragments_decode() {
        assert_eq!(content_type("id/kegiatan/atom.xml"), "application/atom+xml");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(fragment_id("caf%C3%A9"), "café");
        assert_eq!(fragment_id("bad%ff"), "bad\u{fffd}");
    }
}
