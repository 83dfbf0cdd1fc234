//! Links between content files: which hrefs point at a content file, and the
//! path under `content/` they name. Pure.

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
    /// A relative link that is not to a Markdown file (an image, a PDF): left as written.
    Other,
    /// A content link that climbs out of `content/`.
    Outside,
}

/// Classifies `href`, written in a file in folder `dir` (under `content/`).
pub fn parse_href<'a>(href: &'a str, dir: &str) -> Href<'a> {
    if let Some(anchor) = href.strip_prefix('#') {
        return Href::Anchor(anchor);
    }
    if href.starts_with("//") || has_scheme(href) {
        return Href::External;
    }
    let (path, anchor) = match href.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    if !path.ends_with(".md") {
        return Href::Other;
    }
    match normalize(dir, path) {
        Some(rel) => Href::Content { rel, anchor },
        None => Href::Outside,
    }
}

fn has_scheme(href: &str) -> bool {
    match href.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
        }
        None => false,
    }
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
        assert_eq!(parse_href("photo.jpg", ""), Href::Other);
        assert_eq!(parse_href("#top", ""), Href::Anchor("top"));
    }

    #[test]
    fn links_cannot_climb_out_of_content() {
        assert_eq!(parse_href("../../secret.md", "countries"), Href::Outside);
    }
}
