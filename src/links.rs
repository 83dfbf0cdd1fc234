//! Links between content files: which hrefs point at a content file, and the
//! path under `content/` they name; which addresses may be published at all
//! (no link that runs code, web addresses that are absolute). Pure.

/// What an href in Markdown is.
#[derive(Debug, PartialEq, Eq)]
pub enum Href<'a> {
    /// `https://…`, `mailto:…`, `//host/…`: left as written.
    External,
    /// `#visa`: an anchor on the same page.
    Anchor(&'a str),
    /// `japan.id.md#visa`, resolved against the linking file's folder.
    Content {
        rel: String,
        anchor: Option<&'a str>,
    },
    /// A relative link to a file that is not Markdown (an image, a PDF
    /// beside the page): `rel` its path under `content/`, percent-decoded,
    /// and what followed it (`?…`, `#…`).
    File { rel: String, rest: &'a str },
    /// Nothing but a query (`?lang=en`), or nothing at all: left as written.
    Other,
    /// `/images/x.png`, `/id/negara/`: an address from the site's root,
    /// `path` without its `/`, percent-decoded, and what followed it (`?…`, `#…`).
    Root { path: String, rest: &'a str },
    /// A content link that climbs out of `content/`.
    Outside,
}

/// Classifies `href`, written in a file in folder `dir` (under `content/`).
pub fn parse_href<'a>(href: &'a str, dir: &str) -> Href<'a> {
    if let Some(anchor) = href.strip_prefix('#') {
        return Href::Anchor(anchor);
    }
    if href.starts_with("//") || scheme(href).is_some() {
        return Href::External;
    }
    let (path, anchor) = match href.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    if let Some(root) = path.strip_prefix('/').filter(|_| !path.ends_with(".md")) {
        let decoded = percent_encoding::percent_decode_str(root).decode_utf8_lossy();
        return Href::Root {
            path: decoded.into_owned(),
            rest: &href[path.len()..],
        };
    }
    if path.is_empty() {
        return Href::Other;
    }
    // `Kerja%20Jepang.md` names the file `Kerja Jepang.md`, as a browser
    // would read it; decoded before the path is made, so `%2e%2e` is `..`
    // and checked like it.
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    match normalize(dir, &decoded) {
        None => Href::Outside,
        Some(rel) if path.ends_with(".md") => Href::Content { rel, anchor },
        Some(rel) => Href::File {
            rel,
            rest: &href[path.len()..],
        },
    }
}

/// The scheme of `href`, lowercased, as a browser reads it (WHATWG URL
/// parsing): leading and trailing spaces and C0 controls are ignored and tabs
/// and newlines removed anywhere, so ` Java\tScript:` is `javascript`. `None`
/// for a relative reference. Hand-written rather than the `url` crate: that
/// one needs a whole valid URL, and a link that fails to parse must still be
/// seen for its scheme.
pub fn scheme(href: &str) -> Option<String> {
    let trimmed = href.trim_matches(|c: char| c <= ' ');
    let (scheme, _) = trimmed.split_once(':')?;
    let scheme: String = scheme
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_is_scheme = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts_with_letter && rest_is_scheme).then(|| scheme.to_ascii_lowercase())
}

/// Schemes whose links run code, or (`data:`) carry a whole document that can
/// run code, when followed.
const CODE_SCHEMES: &[&str] = &["javascript", "vbscript", "data"];

/// The scheme that makes `href` unsafe to publish, if any. An image's source
/// may be `data:image/…`: an `<img>` never runs script, an SVG one included
/// (browsers load images in a mode without scripts or external loads), and
/// browsers refuse to open `data:` addresses as pages, so even "open image in
/// new tab" runs nothing.
pub fn code_scheme(href: &str, image: bool) -> Option<String> {
    let scheme = scheme(href)?;
    if !CODE_SCHEMES.contains(&scheme.as_str()) {
        return None;
    }
    let cleaned: String = href
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let inline_image = cleaned
        .get(..11)
        .is_some_and(|p| p.eq_ignore_ascii_case("data:image/"));
    (!(image && inline_image)).then_some(scheme)
}

/// Checks an address a front-matter field links out to (a source, a
/// mission's or a test's website): it must be an absolute `http(s)` address.
/// `Err((message, help))` otherwise.
pub fn check_web_url(url: &str) -> Result<(), (String, String)> {
    let shown = printable(url);
    match scheme(url).as_deref() {
        Some("http" | "https") if is_plain_web_url(url) => Ok(()),
        Some("http" | "https") => Err((
            format!("`{shown}` is not a full web address"),
            "write `https://`, then the host name, with nothing before them: `https://kemnaker.go.id/`".into(),
        )),
        Some(s) if CODE_SCHEMES.contains(&s) => Err((
            format!("`{shown}` is not a web address: a `{s}:` link can run code in the reader's browser"),
            "write the web address of the page it names, starting with `https://`".into(),
        )),
        Some(s) => Err((
            format!("`{shown}` is not a web address (`{s}:`)"),
            "write a web address, starting with `https://`: fields named `url` link to web pages".into(),
        )),
        None if looks_like_a_host(url) => Err((
            format!("`{shown}` is not a full web address: without `https://` it is a link inside this site"),
            format!("did you mean `https://{}`?", url.trim()),
        )),
        None => Err((
            format!("`{shown}` is not a full web address"),
            "write the full address, starting with `https://`: fields named `url` link outside the site".into(),
        )),
    }
}

/// `http://` or `https://` (any case) right at the start, then the first
/// character of a host name. `front_matter::patterns::WEB_URL` is this as a regular expression.
fn is_plain_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    rest.chars()
        .next()
        .is_some_and(|c| !c.is_whitespace() && !matches!(c, '/' | '?' | '#'))
}

/// `href` for a message: control characters written as escapes (`\t`), since
/// a tab inside a scheme is exactly what the reader of the message must see.
pub fn printable(href: &str) -> String {
    href.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `kemnaker.go.id/x`: a dotted name before the first `/`, as people write
/// addresses without their scheme.
fn looks_like_a_host(url: &str) -> bool {
    let url = url.trim();
    let host = url.split('/').next().unwrap_or(url);
    host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with(".md")
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':'))
}

/// The link from a file in folder `from` to the page `key` (`procedures/departure`),
/// without a language: `../procedures/departure.md`.
pub fn relative_link(from: &str, key: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = key.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let common = common.min(to.len() - 1);
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    format!("{}.md", parts.join("/"))
}

/// Joins `path` to `dir` and folds `.` and `..`; `None` if it leaves `content/`.
/// A leading `/` means the top of `content/`.
fn normalize(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_links_resolve_against_the_linking_folder() {
        assert_eq!(
            parse_href("japan.id.md", "countries"),
            Href::Content {
                rel: "countries/japan.id.md".into(),
                anchor: None
            }
        );
        assert_eq!(
            parse_href("../procedures/_index.id.md", "countries"),
            Href::Content {
                rel: "procedures/_index.id.md".into(),
                anchor: None
            }
        );
        assert_eq!(
            parse_href("japan.md#visa", "countries"),
            Href::Content {
                rel: "countries/japan.md".into(),
                anchor: Some("visa")
            }
        );
        assert_eq!(
            parse_href("/events/x.en.md", "countries/asia"),
            Href::Content {
                rel: "events/x.en.md".into(),
                anchor: None
            }
        );
    }

    #[test]
    fn other_links_are_left_alone() {
        assert_eq!(parse_href("https://bp2mi.go.id/", ""), Href::External);
        assert_eq!(parse_href("mailto:a@b.id", ""), Href::External);
        assert_eq!(parse_href("tel:+62212924", ""), Href::External);
        assert_eq!(parse_href("//cdn.example/x.md", ""), Href::External);
        assert_eq!(parse_href("?lang=en", ""), Href::Other);
        assert_eq!(parse_href("", ""), Href::Other);
        assert_eq!(parse_href("#top", ""), Href::Anchor("top"));
    }

    #[test]
    fn files_beside_pages_are_named_from_the_content_folder() {
        assert_eq!(
            parse_href("photo.jpg", "events"),
            Href::File {
                rel: "events/photo.jpg".into(),
                rest: ""
            }
        );
        assert_eq!(
            parse_href("../forms/Formulir%20Kerja.pdf#page=2", "countries/japan"),
            Href::File {
                rel: "countries/forms/Formulir Kerja.pdf".into(),
                rest: "#page=2"
            }
        );
        assert_eq!(parse_href("../../../x.png", "a/b"), Href::Outside);
        assert_eq!(parse_href("#top", ""), Href::Anchor("top"));
    }

    #[test]
    fn a_page_is_linked_relative_to_the_linking_file() {
        assert_eq!(
            relative_link("leaflets", "procedures/departure"),
            "../procedures/departure.md"
        );
        assert_eq!(relative_link("", "about"), "about.md");
        assert_eq!(relative_link("a/b", "a/c"), "../c.md");
        assert_eq!(relative_link("a", "a/c"), "c.md");
    }

    #[test]
    fn links_cannot_climb_out_of_content() {
        assert_eq!(parse_href("../../secret.md", "countries"), Href::Outside);
    }
    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        assert_eq!(scheme("https://a.id").as_deref(), Some("https"));
        assert_eq!(scheme(" JavaScript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("java\tscr\nipt:x").as_deref(), Some("javascript"));
        assert_eq!(
            scheme("\u{1}\u{0}javascript:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme("a+b-c.d1:x").as_deref(), Some("a+b-c.d1"));
        // Every rule of the scheme's shape on its own: a letter first, then
        // letters, digits, `+`, `-`, `.`; something before the colon.
        assert_eq!(scheme(":x"), None);
        assert_eq!(scheme("1a:x"), None);
        assert_eq!(scheme("+a:x"), None);
        assert_eq!(scheme("a_b:x"), None);
        assert_eq!(scheme("a b:x"), None);
        assert_eq!(scheme("japan.md"), None);
        assert_eq!(scheme("../a.md#x:y"), None);
    }

    #[test]
    fn links_that_run_code_are_caught_however_spelt() {
        for href in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "  javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "vbscript:msgbox",
            "VBScript:msgbox",
            "data:text/html,<script>alert(1)</script>",
            "DATA:text/html,x",
        ] {
            assert!(code_scheme(href, false).is_some(), "{href:?}");
            assert!(code_scheme(href, true).is_some(), "{href:?} as an image");
        }
        assert_eq!(
            code_scheme("java\tscript:x", false).as_deref(),
            Some("javascript")
        );
        for href in [
            "https://a.id/",
            "mailto:a@b.id",
            "japan.md",
            "#top",
            "javascript.md",
        ] {
            assert_eq!(code_scheme(href, false), None, "{href:?}");
        }
    }

    #[test]
    fn inline_images_may_be_data_but_links_may_not() {
        for src in [
            "data:image/png;base64,iVBOR",
            " Data:Image/svg+xml,<svg/>",
            "da\tta:image/gif,x",
        ] {
            assert_eq!(code_scheme(src, true), None, "{src:?}");
            assert_eq!(code_scheme(src, false).as_deref(), Some("data"), "{src:?}");
        }
        assert!(code_scheme("data:text/html,x", true).is_some());
        assert!(code_scheme("data:image", true).is_some());
    }

    #[test]
    fn web_urls_must_be_absolute_http() {
        assert!(check_web_url("https://kemnaker.go.id/").is_ok());
        assert!(check_web_url("http://a.id").is_ok());
        assert!(check_web_url("HTTPS://A.ID/x?y#z").is_ok());
        let help = |url| check_web_url(url).unwrap_err().1;
        assert_eq!(
            help("kemnaker.go.id"),
            "did you mean `https://kemnaker.go.id`?"
        );
        assert_eq!(
            help("www.bp2mi.go.id/layanan"),
            "did you mean `https://www.bp2mi.go.id/layanan`?"
        );
        for bad in [
            "javascript:alert(1)",
            " java\tscript:alert(1)",
            "data:text/html,x",
            "mailto:a@b.id",
            "ftp://a.id/",
            "https://",
            "https:///x",
            "https:// a.id",
            " https://a.id",
            "https:a.id",
            "/id/negara/",
            "../a.md",
            "",
        ] {
            let (_, help) = check_web_url(bad).unwrap_err();
            assert!(!help.starts_with("did you mean"), "{bad:?}: {help}");
        }
        assert!(
            check_web_url("JavaScript:x")
                .unwrap_err()
                .0
                .contains("`javascript:` link can run code")
        );
        // Another scheme is not a web address, but says nothing of code.
        assert_eq!(
            check_web_url("mailto:a@b.id").unwrap_err().0,
            "`mailto:a@b.id` is not a web address (`mailto:`)"
        );
    }
}
