//! Stage `markdown`: a document's Markdown body → [`Rendered`] HTML, with
//! heading ids, callouts for GFM alerts, and content links rewritten to URLs.
//! Pure; runs in parallel over documents.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostic::Diagnostic;
use crate::links::{Href, parse_href};
use crate::site::{DocId, LinkTarget, Site};

/// A document's body as HTML, with what later stages check.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Links to anchors, checked once every document is rendered.
    pub anchors: Vec<AnchorRef>,
    pub problems: Vec<Diagnostic>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link to `#anchor` on document `target`, at `span` of the linking file.
#[derive(Debug)]
pub struct AnchorRef {
    pub target: DocId,
    pub anchor: String,
    pub span: Range<usize>,
}

/// The callout titles in the reader's language: note, tip, important, warning, caution.
pub type CalloutLabels = [String; 5];

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders the body of document `id`.
pub fn render_markdown(site: &Site, id: DocId, labels: &CalloutLabels) -> Rendered {
    let doc = &site.docs[id];
    let file = site.file(doc);
    let body_start = file.split.body.start;
    let body = &file.source.text[file.split.body.clone()];
    let base = site.config.base_path();

    let mut out = Rendered::default();
    let mut used_ids = HashSet::new();
    let mut events: Vec<Event> = Vec::with_capacity(body.len() / 16);
    // While inside a heading: its start index in `events`, level and explicit id.
    let mut heading: Option<(usize, HeadingLevel, Option<CowStr>, Vec<CowStr>)> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let span = body_start + range.start..body_start + range.end;
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                heading = Some((events.len(), level, id, classes));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((start, level, explicit, classes)) = heading.take() else {
                    continue;
                };
                let title: String = events[start..]
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let wanted = explicit.map_or_else(|| slugify(&title), |i| i.to_string());
                let id = unique_id(&wanted, &mut used_ids);
                let n = level as u8;
                let class = if classes.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"{}\"", escape(&classes.join(" ")))
                };
                events.insert(
                    start,
                    Event::Html(format!("<h{n} id=\"{}\"{class}>", escape(&id)).into()),
                );
                events.push(Event::Html(format!("</h{n}>\n").into()));
                out.headings.push(Heading {
                    level: n,
                    id,
                    title,
                });
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id: link_id,
            }) => {
                let dest_url = rewrite_link(site, id, &dest_url, span, &base, &mut out)
                    .map_or(dest_url, CowStr::from);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id: link_id,
                }));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = callout(kind, labels);
                events.push(Event::Html(
                    format!("<aside class=\"callout callout-{class}\" aria-label=\"{label}\">\n<p class=\"callout-title\">{label}</p>\n").into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                events.push(Event::Html("</aside>\n".into()))
            }
            other => events.push(other),
        }
    }
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

/// The URL a content link becomes, or `None` to leave it as written.
fn rewrite_link(
    site: &Site,
    id: DocId,
    href: &str,
    span: Range<usize>,
    base: &str,
    out: &mut Rendered,
) -> Option<String> {
    let doc = &site.docs[id];
    let file = site.file(doc);
    let error = |message: String, help: String| {
        Diagnostic::error(message)
            .at(&file.source, span.clone())
            .help(help)
    };
    match parse_href(href, &file.dir) {
        Href::External | Href::Other => None,
        Href::Anchor(anchor) => {
            out.anchors.push(AnchorRef {
                target: id,
                anchor: anchor.to_string(),
                span,
            });
            None
        }
        Href::Outside => {
            out.problems.push(error(
                format!("the link `{href}` points outside `content/`"),
                "link to a file inside `content/`, or use a full https:// address".into(),
            ));
            None
        }
        Href::Content { rel, anchor } => match site.link_target(&rel, &doc.lang) {
            LinkTarget::Doc(target) => {
                if let Some(a) = anchor {
                    out.anchors.push(AnchorRef {
                        target,
                        anchor: a.to_string(),
                        span,
                    });
                }
                let url = format!("{base}{}", site.docs[target].url);
                Some(match anchor {
                    Some(a) => format!("{url}#{a}"),
                    None => url,
                })
            }
            LinkTarget::Draft => {
                out.problems.push(error(
                    format!("the link `{href}` points to a draft, which this build leaves out"),
                    "publish the target (remove `draft: true`), build with `--drafts`, or remove the link".into(),
                ));
                None
            }
            LinkTarget::Missing { suggestion } => {
                let help = match suggestion {
                    Some(s) => format!(
                        "did you mean `content/{s}`? links name the source file, relative to this one"
                    ),
                    None => format!(
                        "there is no `content/{rel}`: links name the source file, relative to this one"
                    ),
                };
                out.problems.push(error(
                    format!("the link `{href}` points to a missing file"),
                    help,
                ));
                None
            }
        },
    }
}

fn callout(kind: BlockQuoteKind, labels: &CalloutLabels) -> (&'static str, &str) {
    let (class, i) = match kind {
        BlockQuoteKind::Note => ("note", 0),
        BlockQuoteKind::Tip => ("tip", 1),
        BlockQuoteKind::Important => ("important", 2),
        BlockQuoteKind::Warning => ("warning", 3),
        BlockQuoteKind::Caution => ("caution", 4),
    };
    (class, &labels[i])
}

/// A heading's id from its text: lowercase words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !slug.is_empty()
            && !slug.ends_with('-')
        {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug.to_string()
    }
}

/// `id`, or `id-1`, `id-2`… if a heading above already has it.
fn unique_id(wanted: &str, used: &mut HashSet<String>) -> String {
    let mut id = wanted.to_string();
    let mut n = 0;
    while used.contains(&id) {
        n += 1;
        id = format!("{wanted}-{n}");
    }
    used.insert(id.clone());
    id
}

fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut s, text).expect("writing to a String cannot fail");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words() {
        assert_eq!(slugify("Program yang terbuka"), "program-yang-terbuka");
        assert_eq!(slugify("Visa & izin: 2025!"), "visa-izin-2025");
        assert_eq!(slugify("  ¿?  "), "section");
        assert_eq!(slugify("Über uns"), "über-uns");
    }

    #[test]
    fn repeated_ids_get_numbers() {
        let mut used = HashSet::new();
        assert_eq!(unique_id("a", &mut used), "a");
        assert_eq!(unique_id("a", &mut used), "a-1");
        assert_eq!(unique_id("a", &mut used), "a-2");
    }
}
