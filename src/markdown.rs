//! Stage `markdown`: a document's Markdown body → [`Rendered`] HTML, with
//! heading ids, callouts for GFM alerts, and content links rewritten to URLs.
//! Pure; runs in parallel over documents.
//!
//! Longer than the ~400-line bound: it is one streaming pass over pulldown-cmark's
//! events, and every rewrite (heading ids, callouts, links, table labels, `tel:`
//! links, the text search counts) is a step of that one loop.

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, Options, Parser, Tag, TagEnd, TextMergeWithOffset,
};

use crate::config::RawHtml;
use crate::content::join;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::links::{Href, code_scheme, parse_href, printable};
use crate::site::{DocId, LinkTarget, RootTarget, Site};
use crate::source::{is_stray_control, without_stray_controls};
use crate::types::Typed;
use crate::urls::encode_path;

mod landmarks;
pub use landmarks::Landmarks;

/// A document's body as HTML, with what later stages check.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// The anchors it offers and links to, checked once every document is rendered.
    pub landmarks: Landmarks,
    pub problems: Vec<Diagnostic>,
    /// The body's plain text (text and code, a space between blocks), for
    /// the search index; collected while the HTML is written.
    pub text: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
    /// Inside a quote, callout or list: a leaflet cannot bind it as a section.
    pub nested: bool,
}

/// A link to `#anchor` on document `target`, at `span` of the linking file;
/// or, with `section`, a leaflet's choice of that part of a page it binds.
#[derive(Debug)]
pub struct AnchorRef {
    pub target: DocId,
    pub anchor: String,
    pub span: Range<usize>,
    pub section: bool,
}

/// `#` and `#top` mean the top of the page: browsers need no element for them.
fn names_the_top(anchor: &str) -> bool {
    anchor.is_empty() || anchor.eq_ignore_ascii_case("top")
}

/// The words a body shows in the reader's language: the callout titles
/// (note, tip, important, warning, caution), then the name of a footnote's
/// link back to where it is referred to.
pub type BodyLabels = [String; 6];

/// The [`BodyLabels`] of `lang`, from the theme's strings.
pub fn body_labels(strings: &crate::i18n::Strings, lang: &str) -> BodyLabels {
    [
        "callout_note",
        "callout_tip",
        "callout_important",
        "callout_warning",
        "callout_caution",
        "footnote_back",
    ]
    .map(|key| strings.get(lang, key).unwrap_or(key).to_string())
}

/// The index of the footnote back-link's name in [`BodyLabels`].
const FOOTNOTE_BACK: usize = 5;

/// A heading's other `{key=value}` attributes (`# Visa {lang=en}`: a
/// bilingual page marks a heading in the other language), as HTML. An
/// event handler (`onclick`) or a name HTML cannot hold is left out: no
/// Markdown may run code.
fn heading_attributes(attrs: &[(CowStr, Option<CowStr>)]) -> String {
    let mut html = String::new();
    for (key, value) in attrs {
        let name_ok = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'));
        if !name_ok
            || key.to_ascii_lowercase().starts_with("on")
            || key.eq_ignore_ascii_case("style")
        {
            continue;
        }
        match value {
            Some(v) => html.push_str(&format!(" {key}=\"{}\"", escape(v))),
            None => html.push_str(&format!(" {key}")),
        }
    }
    html
}

/// A body's footnotes as they are written: numbered in the order they
/// first appear (a reference or the note itself, as pulldown-cmark numbers
/// them), and which are referred to, found before writing, so a note
/// above its reference still gets its way back.
#[derive(Default)]
struct Footnotes {
    numbers: HashMap<String, usize>,
    references: HashMap<String, usize>,
    referenced: HashSet<String>,
    /// The labels of the notes being written.
    open: Vec<String>,
}

impl Footnotes {
    fn of(body: &str) -> Self {
        let referenced = match body.contains("[^") {
            true => Parser::new_ext(body, options())
                .filter_map(|e| match e {
                    Event::FootnoteReference(label) => Some(label.to_string()),
                    _ => None,
                })
                .collect(),
            false => HashSet::new(),
        };
        Footnotes {
            referenced,
            ..Footnotes::default()
        }
    }

    fn number(&mut self, label: &str) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(label.to_string()).or_insert(next)
    }

    /// Counts a reference to `label`; returns which one it is (1 for the first).
    fn referred(&mut self, label: &str) -> usize {
        let count = self.references.entry(label.to_string()).or_insert(0);
        *count += 1;
        *count
    }
}

/// What to do about a root-relative address nothing in the site is at (a
/// warning, not an error: the host may serve more than the site, such as
/// redirects from old addresses).
fn nothing_at_help() -> String {
    "an address from the site's root names a page (`/id/negara/jepang/`) or a file in `static/` (`/images/peta.png` is `static/images/peta.png`); to link a page, name its file, as in `[Jepang](../countries/japan.md)`; if the host serves this address itself, ignore this".into()
}

/// What bare addresses GitHub's autolink extension links: web addresses
/// with their scheme, and e-mail addresses.
fn address_finder() -> linkify::LinkFinder {
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url, linkify::LinkKind::Email]);
    finder
}

/// `http://` or `https://`, in any case: the only schemes linked bare.
fn is_web(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Whether a body may have an address written bare: an `@`, or a `://`
/// whose scheme is not right after `(`, `<`, a quote or `=` (a link's
/// destination, an autolink, an HTML attribute). Most bodies have links
/// but no bare address, and are then neither joined nor searched.
fn may_have_bare_address(body: &str) -> bool {
    body.contains('@')
        || body.match_indices("://").any(|(i, _)| {
            let scheme = body[..i].trim_end_matches(|c: char| {
                c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')
            });
            !matches!(
                scheme.chars().next_back(),
                Some('(' | '<' | '"' | '\'' | '=')
            )
        })
}

/// Whether text has a bare address to link (a cheap test first: most text has none).
fn has_address(text: &str) -> bool {
    (text.contains("://") || text.contains('@'))
        && address_finder()
            .links(text)
            .any(|l| l.kind() == &linkify::LinkKind::Email || is_web(l.as_str()))
}

/// The byte ranges of `body` that are code: code spans and code blocks
/// (fences included).
pub fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block: Option<usize> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Code(_) => ranges.push(range),
            Event::Start(Tag::CodeBlock(_)) => block = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                ranges.extend(block.take().map(|start| start..range.end));
            }
            _ => {}
        }
    }
    ranges
}

/// The runs of text of a Markdown body (not code, not raw HTML) with their
/// byte ranges in `body`; consecutive pieces the parser splits are joined.
pub fn text_runs(body: &str) -> impl Iterator<Item = (CowStr<'_>, Range<usize>)> {
    let mut in_code = false;
    TextMergeWithOffset::new(Parser::new_ext(body, options()).into_offset_iter()).filter_map(
        move |(event, range)| match event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                None
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                None
            }
            Event::Text(t) if !in_code => Some((t, range)),
            _ => None,
        },
    )
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders the body of document `id`. `booklet` lists the pages a leaflet binds:
/// links to them become anchors inside the booklet, links to other pages full
/// addresses (paper has no site around it).
pub fn render_markdown(site: &Site, id: DocId, labels: &BodyLabels, booklet: &[DocId]) -> Rendered {
    let mut rendered = render_body(site, id, labels, booklet, None);
    rendered.landmarks.links.extend(section_choices(site, id));
    rendered
}

/// How a body is bound into a leaflet edition.
pub struct Binding<'b> {
    /// Before every id the body gives: `part-2-` for a bound page, `id-` for
    /// the leaflet's own text in the bilingual edition, `id-part-2-` for a
    /// bound page there.
    pub ids: String,
    /// Before the `part-N` anchors of links to bound pages: the edition's
    /// (`id-` in the bilingual one, else empty).
    pub edition: &'b str,
    /// Only the sections under these heading ids (each to the next heading of
    /// its level or above); the whole body when `None`.
    pub sections: Option<&'b [&'b str]>,
}

/// The body of page `id` bound in a leaflet whose pages are `booklet`. Its
/// links and problems are the page's own, reported when the page itself is
/// rendered.
pub fn render_bound(
    site: &Site,
    id: DocId,
    labels: &BodyLabels,
    booklet: &[DocId],
    binding: &Binding,
) -> Rendered {
    render_body(site, id, labels, booklet, Some(binding))
}

/// A leaflet's choices of sections of the pages it binds (`x.md#signs`), as
/// anchors to check like any other; the type's own parts (`steps`) need no
/// heading.
fn section_choices(site: &Site, id: DocId) -> Vec<AnchorRef> {
    let file = site.file(&site.docs[id]);
    let Some(leaflet) = file.typed().and_then(Typed::leaflet) else {
        return Vec::new();
    };
    let mut choices = Vec::new();
    for (i, href) in leaflet.pages.iter().enumerate() {
        let Ok(target) = site.field_link(id, href) else {
            continue;
        };
        let earlier = leaflet.pages[..i].iter().filter(|h| *h == href).count();
        let at = crate::front_matter::locate_nth(&file.source, &file.split, href, earlier);
        let parts = site
            .file(&site.docs[target])
            .typed()
            .map(Typed::part_names)
            .unwrap_or_default();
        for (offset, name) in crate::types::chosen_sections(href) {
            if parts.contains(&name) {
                continue;
            }
            // The name inside the link as written (the front matter quotes nothing
            // inside a plain link, so its offsets are the file's).
            let span = if at.len() == href.len() {
                at.start + offset..at.start + offset + name.len()
            } else {
                at.clone()
            };
            choices.push(AnchorRef {
                target,
                anchor: name.to_string(),
                span,
                section: true,
            });
        }
    }
    choices
}

fn render_body(
    site: &Site,
    id: DocId,
    labels: &BodyLabels,
    booklet: &[DocId],
    bound: Option<&Binding>,
) -> Rendered {
    let file = site.file(&site.docs[id]);
    let body = &file.source.text[file.split.body.clone()];
    let mut rewriter = Rewriter {
        site,
        id,
        body_start: file.split.body.start,
        labels,
        booklet,
        anchors: Vec::new(),
        footnotes: Vec::new(),
        html_ids: Vec::new(),
        notes: Footnotes::of(body),
        bare: may_have_bare_address(body),
        problems: Vec::new(),
        open_links: Vec::new(),
        in_code: false,
        in_image: 0,
        text: String::with_capacity(body.len()),
        last_heading: None,
        prefix: bound.map_or_else(String::new, |b| b.ids.clone()),
        edition: bound.map_or("", |b| b.edition),
    };
    // Which sections are written: all, or the chosen ones (`inside` is the
    // level of the chosen heading being written).
    let chosen = bound.and_then(|b| b.sections);
    let mut inside: Option<u8> = None;
    let mut depth = 0usize;
    let mut headings = Vec::new();
    let mut used_ids = Ids::default();
    // The ids the theme's templates give elements around the body: a
    // heading "Main" must not take them.
    let declared = &site.config.theme_declared;
    used_ids.taken.extend(declared.reserved_ids.iter().cloned());
    used_ids
        .taken
        .extend(file.typed().map(Typed::element_ids).unwrap_or_default());
    // A leaflet's own elements, and each bound page's `part-N…` ids (the
    // leaflet's own text only: a bound page's ids get their part's prefix).
    if !booklet.is_empty() && bound.is_none() {
        let ids = &mut used_ids.taken;
        ids.extend(declared.leaflet_ids.iter().cloned());
        for n in 0..booklet.len() {
            let part = part_anchor(n);
            ids.insert(format!("{part}-title"));
            ids.insert(part.clone());
            // The leaflet's own text may link to its parts (`#part-2`).
            rewriter.html_ids.push(part);
        }
    }
    // Text the parser splits (at `_`, `&`, …) is joined, so a fact's name is
    // whole; a body without facts is left as the parser gives it (joining
    // allocates).
    let events = Parser::new_ext(body, options()).into_offset_iter();
    // So is text with an address in it, which the parser splits at `_` or `&`.
    let whole = body.contains("{{") || rewriter.bare;
    let mut parser: Box<dyn Iterator<Item = (Event, Range<usize>)>> = if whole {
        Box::new(TextMergeWithOffset::new(events))
    } else {
        Box::new(events)
    };
    let facts = &site.config.facts;
    let lang = &file.lang;
    // A heading is held back until its end, when its text (and so its id) is known.
    let mut pending: VecDeque<Event> = VecDeque::new();
    let events = std::iter::from_fn(|| {
        loop {
            if let Some(e) = pending.pop_front() {
                return Some(e);
            }
            let (event, range) = parser.next()?;
            let writing = chosen.is_none() || inside.is_some();
            let is_heading = matches!(event, Event::Start(Tag::Heading { .. }));
            // A heading inside a quote, callout or list is part of it: only
            // headings outside them start and end sections.
            match &event {
                Event::Start(
                    Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_),
                ) => depth += 1,
                Event::End(
                    TagEnd::BlockQuote(_)
                    | TagEnd::List(_)
                    | TagEnd::Item
                    | TagEnd::FootnoteDefinition,
                ) => depth = depth.saturating_sub(1),
                _ => {}
            }
            if !writing && !is_heading {
                // Still seen, so code blocks and links open and close in step.
                rewriter.event(event, range);
                continue;
            }
            // A table scrolls sideways in a box a keyboard can focus (WCAG 2.1.1),
            // named by the heading above it.
            match &event {
                Event::Start(Tag::Table(_)) => {
                    let named = rewriter
                        .last_heading
                        .as_ref()
                        .map_or_else(String::new, |h| {
                            format!(" aria-labelledby=\"{}\"", escape(h))
                        });
                    pending.push_back(rewriter.event(event, range));
                    return Some(Event::Html(
                        format!(
                            "<div class=\"table-wrap\" role=\"group\" tabindex=\"0\"{named}>\n"
                        )
                        .into(),
                    ));
                }
                Event::End(TagEnd::Table) => {
                    pending.push_back(Event::Html("</div>\n".into()));
                    return Some(rewriter.event(event, range));
                }
                _ => {}
            }
            let Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) = event
            else {
                return Some(rewriter.event(event, range));
            };
            let mut title = String::new();
            for (inner, range) in parser.by_ref() {
                match &inner {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) if t.contains("{{") => title.push_str(&facts.expand(t, lang)),
                    Event::Text(t) | Event::Code(t) => title.push_str(t),
                    _ => {}
                }
                pending.push_back(rewriter.event(inner, range));
            }
            rewriter.separate();
            let wanted = id.map_or_else(|| slugify(&title), |i| i.to_string());
            let own = used_ids.claim(&wanted);
            let n = level as u8;
            if let Some(sections) = chosen {
                if depth == 0 && inside.is_some_and(|l| n <= l) {
                    inside = None;
                }
                if depth == 0 && inside.is_none() && sections.contains(&own.as_str()) {
                    inside = Some(n);
                }
                if inside.is_none() {
                    pending.clear();
                    continue;
                }
            }
            let id = format!("{}{own}", rewriter.prefix);
            rewriter.last_heading = Some(id.clone());
            let class = if classes.is_empty() {
                String::new()
            } else {
                format!(" class=\"{}\"", escape(&classes.join(" ")))
            };
            let attrs = heading_attributes(&attrs);
            pending.push_back(Event::Html(format!("</h{n}>\n").into()));
            let open = Event::Html(format!("<h{n} id=\"{}\"{class}{attrs}>", escape(&id)).into());
            headings.push(Heading {
                level: n,
                id,
                title,
                nested: depth > 0,
            });
            return Some(open);
        }
    });
    let mut tables = TableLabels::default();
    let events = events.map(|event| tables.event(event));
    // Rendered HTML is a little longer than its Markdown.
    let mut html = String::with_capacity(body.len() + body.len() / 4);
    pulldown_cmark::html::push_html(&mut html, events);
    Rendered {
        html,
        landmarks: Landmarks::new(
            &headings,
            &rewriter.html_ids,
            &rewriter.footnotes,
            rewriter.anchors,
        ),
        headings,
        problems: rewriter.problems,
        text: rewriter.text,
    }
}

/// A `tel:` link must hold a number a phone can dial: the form a phone fact
/// has (`facts::check_phone`); other links pass.
fn check_tel(href: &str) -> Result<(), String> {
    if crate::links::scheme(href).as_deref() != Some("tel") {
        return Ok(());
    }
    let (_, number) = href.split_once(':').unwrap_or_default();
    crate::facts::check_phone(&number.replace("%20", " "))
}

/// Tables stack into one block per row on phones, where their columns do not
/// fit: each body cell carries its column's heading as `data-label`, for the
/// stylesheet to show before it.
#[derive(Default)]
struct TableLabels {
    alignments: Vec<pulldown_cmark::Alignment>,
    labels: Vec<String>,
    in_head: bool,
    column: usize,
}

impl TableLabels {
    /// `event`, or for a body cell under a named column, its opening tag with the label.
    fn event<'e>(&mut self, event: Event<'e>) -> Event<'e> {
        use pulldown_cmark::Alignment;
        match &event {
            Event::Start(Tag::Table(alignments)) => {
                self.alignments.clone_from(alignments);
                self.labels.clear();
            }
            Event::Start(Tag::TableHead) => {
                self.in_head = true;
                self.column = 0;
            }
            Event::End(TagEnd::TableHead) => self.in_head = false,
            Event::Start(Tag::TableRow) => self.column = 0,
            Event::End(TagEnd::TableCell) => self.column += 1,
            Event::Start(Tag::TableCell) if self.in_head => self.labels.push(String::new()),
            Event::Text(t) | Event::Code(t) if self.in_head => {
                if let Some(label) = self.labels.last_mut() {
                    label.push_str(t);
                }
            }
            Event::Start(Tag::TableCell) => {
                let label = self.labels.get(self.column).map(|l| l.trim());
                if let Some(label) = label.filter(|l| !l.is_empty()) {
                    let align = match self.alignments.get(self.column) {
                        Some(Alignment::Left) => " style=\"text-align: left\"",
                        Some(Alignment::Center) => " style=\"text-align: center\"",
                        Some(Alignment::Right) => " style=\"text-align: right\"",
                        _ => "",
                    };
                    let label = escape(label);
                    return Event::Html(format!("<td data-label=\"{label}\"{align}>").into());
                }
            }
            _ => {}
        }
        event
    }
}

/// Rewrites the events of one document: content links, callouts.
struct Rewriter<'a> {
    site: &'a Site,
    id: DocId,
    body_start: usize,
    labels: &'a BodyLabels,
    booklet: &'a [DocId],
    anchors: Vec<AnchorRef>,
    footnotes: Vec<String>,
    /// The `id`s (and `<a name>`s) of raw HTML published as written: links
    /// may name them (`<a id="general"></a>`, as sites moved from Hugo have).
    html_ids: Vec<String>,
    notes: Footnotes,
    /// Whether the body may have bare addresses to link at all.
    bare: bool,
    problems: Vec<Diagnostic>,
    /// For each link being written: whether it was opened as raw HTML.
    open_links: Vec<bool>,
    /// Inside a code block, where `{{ name }}` is text, not a fact.
    in_code: bool,
    /// Inside an image's text, which becomes its `alt` attribute: no link there.
    in_image: usize,
    /// The plain text so far (see [`Rendered::text`]).
    text: String,
    /// The id of the last heading written: it names the tables below it.
    last_heading: Option<String>,
    /// Bound in a leaflet: `part-N-`, before every id the body gives (empty
    /// on the page's own page).
    prefix: String,
    /// Before `part-N` in links to bound pages (see [`Binding::edition`]).
    edition: &'a str,
}

impl<'a> Rewriter<'a> {
    fn event<'e>(&mut self, event: Event<'e>, range: Range<usize>) -> Event<'e> {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code = true,
            Event::End(TagEnd::CodeBlock) => self.in_code = false,
            Event::Start(Tag::Image { .. }) => self.in_image += 1,
            Event::End(TagEnd::Image) => self.in_image = self.in_image.saturating_sub(1),
            Event::Text(t) if !self.in_code && t.contains("{{") => return self.with_facts(t),
            Event::Text(t)
                if !self.in_code
                    && self.in_image == 0
                    && self.open_links.is_empty()
                    && self.bare
                    && has_address(t) =>
            {
                return self.autolinked(t);
            }
            _ => {}
        }
        let event = self.raw_html(event);
        // An entity (`&#1;`) decodes to a control character no page may hold.
        let event = match event {
            Event::Text(t) if t.contains(is_stray_control) => {
                Event::Text(without_stray_controls(&t).into_owned().into())
            }
            event => event,
        };
        self.collect_text(&event);
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let span = self.body_start + range.start..self.body_start + range.end;
                // `<info@gov.md>` is an address to write to, not a file:
                // the HTML writer gives it its `mailto:`.
                let dest_url = if link_type == pulldown_cmark::LinkType::Email {
                    dest_url
                } else if self.runs_code(&dest_url, span.clone(), false) {
                    CowStr::from("")
                } else {
                    self.link(&dest_url, span).map_or(dest_url, CowStr::from)
                };
                // Web links carry their address in short form for print, where
                // a reader cannot follow them.
                let web = dest_url.starts_with("https://") || dest_url.starts_with("http://");
                self.open_links.push(web);
                if web {
                    let mut tag = String::from("<a href=\"");
                    pulldown_cmark_escape::escape_href(&mut tag, &dest_url)
                        .expect("writing to a String cannot fail");
                    let short = dest_url.split_once("://").map_or(&*dest_url, |(_, r)| r);
                    let short = short.strip_suffix('/').unwrap_or(short);
                    tag.push_str(&format!("\" data-print-url=\"{}\"", escape(short)));
                    if !title.is_empty() {
                        tag.push_str(&format!(" title=\"{}\"", escape(&title)));
                    }
                    tag.push('>');
                    return Event::Html(tag.into());
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let span = self.body_start + range.start..self.body_start + range.end;
                let dest_url = if self.runs_code(&dest_url, span.clone(), true) {
                    CowStr::from("")
                } else {
                    self.image_source(&dest_url, span)
                        .map_or(dest_url, CowStr::from)
                };
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = callout(kind, self.labels);
                Event::Html(
                    format!("<aside class=\"callout callout-{class}\" aria-label=\"{label}\">\n<p class=\"callout-title\">{label}</p>\n", label = escape(label)).into(),
                )
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html("</aside>\n".into()),
            Event::End(TagEnd::Link) if self.open_links.pop() == Some(true) => {
                Event::Html("</a>".into())
            }
            Event::FootnoteReference(label) => {
                let (n, id) = (self.notes.number(&label), self.note_id("fn", &label));
                let back = match self.notes.referred(&label) {
                    1 => self.note_id("fnref", &label),
                    k => format!("{}:{k}", self.note_id("fnref", &label)),
                };
                Event::Html(
                    format!(
                        "<sup class=\"footnote-reference\" id=\"{}\"><a href=\"#{}\">{n}</a></sup>",
                        escape(&back),
                        escape(&id)
                    )
                    .into(),
                )
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let (n, id) = (self.notes.number(&label), self.note_id("fn", &label));
                self.footnotes.push(id.clone());
                self.notes.open.push(label.to_string());
                Event::Html(
                    format!(
                        "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{n}</sup>",
                        escape(&id)
                    )
                    .into(),
                )
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let label = self.notes.open.pop().unwrap_or_default();
                let back = match self.notes.referenced.contains(&label) {
                    true => format!(
                        "<a href=\"#{}\" class=\"footnote-backref\" aria-label=\"{}\">\u{21a9}\u{fe0e}</a>",
                        escape(&self.note_id("fnref", &label)),
                        escape(&self.labels[FOOTNOTE_BACK])
                    ),
                    false => String::new(),
                };
                Event::Html(format!("{back}</div>\n").into())
            }
            other => other,
        }
    }

    /// Text that names facts (`{{ hotline }}`), as HTML with each fact shown
    /// in the file's language. The names were checked when the file was loaded.
    /// Text with web and e-mail addresses written bare, each made a link
    /// (GitHub's autolink extension: `https://bp2mi.go.id`, `info@bp2mi.go.id`).
    fn autolinked(&mut self, text: &str) -> Event<'static> {
        let text = without_stray_controls(text);
        let mut html = String::new();
        for span in address_finder().spans(&text) {
            let shown = escape(span.as_str());
            let href = match span.kind() {
                Some(linkify::LinkKind::Url) if is_web(span.as_str()) => span.as_str().to_string(),
                Some(linkify::LinkKind::Email) => format!("mailto:{}", span.as_str()),
                _ => {
                    html.push_str(&shown);
                    continue;
                }
            };
            html.push_str("<a href=\"");
            pulldown_cmark_escape::escape_href(&mut html, &href)
                .expect("writing to a String cannot fail");
            html.push_str(&format!("\">{shown}</a>"));
        }
        self.collect_text(&Event::Text(text.into_owned().into()));
        Event::Html(html.into())
    }

    fn with_facts(&mut self, text: &str) -> Event<'static> {
        let text = without_stray_controls(text);
        let site = self.site;
        let facts = &site.config.facts;
        let lang = &site.file(&site.docs[self.id]).lang;
        // A phone number is a link, except inside another link.
        let link = self.open_links.is_empty();
        let (mut html, mut plain, mut last) = (String::new(), String::new(), 0);
        for r in crate::facts::references(&text) {
            let Ok(use_) = facts.resolve(&r) else {
                continue;
            };
            let before = &text[last..r.range.start];
            html.push_str(&escape(before));
            html.push_str(&facts.html(use_, lang, link));
            plain.push_str(before);
            plain.push_str(&facts.text(use_, lang));
            last = r.range.end;
        }
        html.push_str(&escape(&text[last..]));
        plain.push_str(&text[last..]);
        self.collect_text(&Event::Text(plain.into()));
        Event::Html(html.into())
    }

    /// A footnote's element id (`fn:1`) or its first reference's
    /// (`fnref:1`): a namespace of their own, since a slug never has a `:`
    /// (`# 1` is `1`, and `[^main]` must not take the skip link's `main`),
    /// after the body's prefix when it is bound in a leaflet.
    fn note_id(&self, kind: &str, label: &str) -> String {
        let label: String = label
            .chars()
            .map(|c| if c.is_whitespace() { '-' } else { c })
            .collect();
        format!("{}{kind}:{label}", self.prefix)
    }

    /// Raw HTML as the site's `raw_html` setting wants it: as written, or
    /// shown as text (a block of it as a paragraph). Only the parser's events
    /// come here, never the HTML this module writes itself.
    fn raw_html<'e>(&mut self, event: Event<'e>) -> Event<'e> {
        if self.site.config.raw_html == RawHtml::Allow {
            if let Event::Html(html) | Event::InlineHtml(html) = &event {
                self.html_ids.extend(landmarks::html_ids(html));
            }
            return event;
        }
        match event {
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::Start(Tag::HtmlBlock) => Event::Html("<p>".into()),
            Event::End(TagEnd::HtmlBlock) => Event::Html("</p>\n".into()),
            other => other,
        }
    }

    /// Adds an event's words to the plain text. Inline tags join their text
    /// (`**Pe**kerjaan` is one word); breaks and block starts and ends
    /// separate words (a heading's own start and end never reach here: its
    /// branch in `render_markdown` separates).
    fn collect_text(&mut self, event: &Event) {
        let separates = match event {
            Event::Text(t) | Event::Code(t) => {
                self.text.push_str(t);
                false
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => true,
            Event::Start(tag) => !matches!(
                tag,
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Link { .. }
                    | Tag::Image { .. }
            ),
            Event::End(end) => !is_inline(end),
            _ => false,
        };
        if separates {
            self.separate();
        }
    }

    /// Ends the current word in the plain text.
    fn separate(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
    }

    /// Whether `href` (an image's source when `image`) is a link that can run
    /// code; if so, reports it. Its address is then left out of the HTML.
    fn runs_code(&mut self, href: &str, span: Range<usize>, image: bool) -> bool {
        let Some(scheme) = code_scheme(href, image) else {
            return false;
        };
        let file = self.site.file(&self.site.docs[self.id]);
        let (what, help) = if image {
            (
                "image",
                "use an image file beside the page, an https:// address, or a `data:image/…` address",
            )
        } else {
            (
                "link",
                "link to a web page (https://…) or to a content file; lembar publishes no `javascript:`, `vbscript:` or `data:` links",
            )
        };
        self.problems.push(
            Diagnostic::error(format!(
                "the {what} `{}` uses `{scheme}:`, which can run code in the reader's browser",
                printable(href)
            ))
            .at(&file.source, span)
            .help(help),
        );
        true
    }

    /// The URL a content link becomes, or `None` to leave it as written.
    /// A link's `#anchor` on page `target`, to check once every page is
    /// rendered (not `#` or `#top`: the top needs no element).
    fn link_anchor(&mut self, target: DocId, anchor: Option<&str>, span: Range<usize>) {
        if let Some(a) = anchor.filter(|a| !names_the_top(a)) {
            self.anchors.push(AnchorRef {
                target,
                anchor: crate::urls::fragment_id(a),
                span,
                section: false,
            });
        }
    }

    /// The address an image's source becomes, or `None` to leave it as
    /// written: a file beside the page (`peta.png`) or a root-relative one
    /// (`/images/peta.png`, a static file or one beside a page), at its
    /// address under the base path. A file beside the page that is not
    /// there is an error; a root-relative address nothing is at, a warning
    /// (the host may serve it).
    fn image_source(&mut self, src: &str, span: Range<usize>) -> Option<String> {
        let site = self.site;
        let doc = &site.docs[self.id];
        let file = site.file(doc);
        match parse_href(src, file.folder()) {
            Href::File { rel, rest } => self.attachment(src, &rel, rest, span, true),
            Href::Root { path, rest } => {
                let found = match site.root_target(&path, &doc.lang) {
                    Some(RootTarget::File(out)) if !out.is_empty() => {
                        Some(format!("{}{rest}", site.config.link(&encode_path(&out))))
                    }
                    _ => None,
                };
                if found.is_none() {
                    self.problems.push(
                        Diagnostic::warning(format!(
                            "no file of the site is at `{}`",
                            printable(src)
                        ))
                        .at(&file.source, span)
                        .help(nothing_at_help()),
                    );
                }
                found
            }
            _ => None,
        }
    }

    /// The address of the file beside the page that `href` (an image's
    /// source when `image`) names, `rel` under `content/`, followed by
    /// `rest`; an error when there is none. Printed, a link carries the full
    /// address; an image stays on the site that is printed.
    fn attachment(
        &mut self,
        href: &str,
        rel: &str,
        rest: &str,
        span: Range<usize>,
        image: bool,
    ) -> Option<String> {
        let site = self.site;
        if let Some(out) = site.attachments.get(rel) {
            let out = encode_path(out);
            return Some(match image || self.booklet.is_empty() {
                true => format!("{}{rest}", site.config.link(&out)),
                false => format!("{}{rest}", site.config.permalink(&out)),
            });
        }
        let file = site.file(&site.docs[self.id]);
        let what = if image { "the image" } else { "the link" };
        let page = |key: &str| {
            let doc = |l: &String| {
                site.doc_for(key, l)
                    .or_else(|| site.doc_for(&join(key, "_index"), l))
            };
            site.config.languages.iter().find_map(doc)
        };
        let help = if let Some(similar) =
            did_you_mean(rel, site.attachments.keys().map(String::as_str))
        {
            format!(
                "did you mean `content/{similar}`? a file beside the page is named relative to this one"
            )
        } else if let Some(target) = page(rel) {
            let key = &site.docs[target].key;
            let key = key.strip_suffix("/_index").unwrap_or(key);
            format!(
                "to link a page, name its Markdown file, relative to this one: `{}`",
                crate::links::relative_link(file.folder(), key)
            )
        } else if site.static_paths.contains(rel) {
            format!("a file in `static/` is named from the site's root: `/{rel}`")
        } else {
            format!(
                "there is no `content/{rel}`: put the file beside the page, in `{}`, or name it relative to this one",
                Path::new(crate::content::CONTENT_DIR)
                    .join(file.folder())
                    .display()
            )
        };
        self.problems.push(
            Diagnostic::error(format!("{what} `{}` names a missing file", printable(href)))
                .at(&file.source, span)
                .help(help),
        );
        None
    }

    fn link(&mut self, href: &str, span: Range<usize>) -> Option<String> {
        let site = self.site;
        let doc = &site.docs[self.id];
        let file = site.file(doc);
        let error = |message: String, help: String| {
            Diagnostic::error(message)
                .at(&file.source, span.clone())
                .help(help)
        };
        match parse_href(href, file.folder()) {
            Href::External => {
                if let Err(what) = check_tel(href) {
                    self.problems.push(error(
                        format!("the link `{}`: {what}", printable(href)),
                        "write the number as it is dialled: digits, `-`, and `+` before a country code, such as `tel:+622129244800`; or write a phone fact, such as `{{ hotline }}`, which is a link already".into(),
                    ));
                }
                None
            }
            Href::Other => None,
            Href::File { rel, rest } => self.attachment(href, &rel, rest, span, false),
            Href::Root { path, rest } => {
                let Some(target) = site.root_target(&path, &doc.lang) else {
                    self.problems.push(
                        Diagnostic::warning(format!(
                            "nothing in the site is at `/{}`",
                            printable(&path)
                        ))
                        .at(&file.source, span)
                        .help(nothing_at_help()),
                    );
                    return None;
                };
                let out = match target {
                    RootTarget::File(out) => encode_path(&out),
                    RootTarget::Page(target) => {
                        self.link_anchor(target, rest.split_once('#').map(|(_, a)| a), span);
                        site.docs[target].url.clone()
                    }
                };
                // Under the base path, so a site in a folder keeps its links;
                // full addresses on paper, as every other link there.
                Some(match self.booklet.is_empty() {
                    true => format!("{}{rest}", site.config.link(&out)),
                    false => format!("{}{rest}", site.config.permalink(&out)),
                })
            }
            Href::Anchor(anchor) if names_the_top(anchor) => None,
            Href::Anchor(anchor) => {
                self.anchors.push(AnchorRef {
                    target: self.id,
                    anchor: crate::urls::fragment_id(anchor),
                    span,
                    section: false,
                });
                // Bound in a leaflet, the page's ids carry its part's prefix.
                (!self.prefix.is_empty()).then(|| format!("#{}{anchor}", self.prefix))
            }
            Href::Outside => {
                self.problems.push(error(
                    format!("the link `{href}` points outside `content/`"),
                    "link to a file inside `content/`, or use a full https:// address".into(),
                ));
                None
            }
            Href::Content { rel, anchor } => match site.link_target(&rel, &doc.lang) {
                LinkTarget::Doc(target) => {
                    self.link_anchor(target, anchor, span.clone());
                    if !self.booklet.is_empty() {
                        let bound = booklet_anchor(self.booklet, target, self.edition);
                        return Some(bound.unwrap_or_else(|| {
                            let url = site.config.permalink(&site.docs[target].url);
                            match anchor {
                                Some(a) => format!("{url}#{a}"),
                                None => url,
                            }
                        }));
                    }
                    let url = site.config.link(&site.docs[target].url);
                    Some(match anchor {
                        Some(a) => format!("{url}#{a}"),
                        None => url,
                    })
                }
                LinkTarget::Draft => {
                    self.problems.push(error(
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
                    self.problems.push(error(
                        format!("the link `{href}` points to a missing file"),
                        help,
                    ));
                    None
                }
            },
        }
    }
}

/// Tags inside a line of text: their end does not end a word.
fn is_inline(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

fn callout(kind: BlockQuoteKind, labels: &BodyLabels) -> (&'static str, &str) {
    let (class, i) = match kind {
        BlockQuoteKind::Note => ("note", 0),
        BlockQuoteKind::Tip => ("tip", 1),
        BlockQuoteKind::Important => ("important", 2),
        BlockQuoteKind::Warning => ("warning", 3),
        BlockQuoteKind::Caution => ("caution", 4),
    };
    (class, &labels[i])
}

/// The anchor of the `n`th (0-based) page bound in a leaflet.
pub fn part_anchor(n: usize) -> String {
    format!("part-{}", n + 1)
}

/// `#part-N` when `target` is bound in the leaflet `booklet` (`#id-part-N`
/// in the bilingual edition, whose `edition` prefix is `id-`).
pub fn booklet_anchor(booklet: &[DocId], target: DocId, edition: &str) -> Option<String> {
    let n = booklet.iter().position(|&d| d == target)?;
    Some(format!("#{edition}{}", part_anchor(n)))
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

/// The ids given so far in a document, and for each wanted id the suffix
/// to try next: `catatan`, `catatan-1`, `catatan-2`… without trying every
/// taken number again for each heading (20,000 headings of the same text
/// took 18 s that way).
#[derive(Debug, Default)]
struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    /// `wanted`, or `wanted-1`, `wanted-2`… if an element above already has
    /// it. Ids are only ever added, so the numbers below the one stored for
    /// `wanted` are all still taken: starting there gives the id a search
    /// from 0 would.
    fn claim(&mut self, wanted: &str) -> String {
        let mut n = self.next.get(wanted).copied().unwrap_or(0);
        let mut id = numbered(wanted, n);
        while self.taken.contains(&id) {
            n += 1;
            id = numbered(wanted, n);
        }
        self.next.insert(wanted.to_string(), n);
        self.taken.insert(id.clone());
        id
    }
}

fn numbered(wanted: &str, n: usize) -> String {
    if n == 0 {
        wanted.to_string()
    } else {
        format!("{wanted}-{n}")
    }
}

/// Text for HTML content or a quoted attribute, without the control
/// characters no page may hold (see [`without_stray_controls`]).
pub(crate) fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut s, &without_stray_controls(text))
        .expect("writing to a String cannot fail");
    s
}

#[cfg(test)]
mod tests;
