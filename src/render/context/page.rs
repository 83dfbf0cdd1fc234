//! One page as templates see it: on its own page, or bound in a leaflet
//! (the chosen parts of its type and sections of its body).

use std::collections::BTreeMap;

use serde::Serialize;

use super::frame::{Summary, summary};
use crate::date::Date;
use crate::front_matter::Source;
use crate::markdown::{Heading, Rendered};
use crate::photos::PhotoView;
use crate::render::Assets;
use crate::site::{DocId, Site};
use crate::types::Typed;

/// A page a front-matter field links to.
#[derive(Serialize)]
pub(super) struct LinkView<'a> {
    title: &'a str,
    url: String,
    /// The address in short form, printed after the link on paper (leaflets,
    /// where a page that is not bound has no anchor to go to).
    print_url: Option<String>,
}

#[derive(Serialize)]
pub(super) struct PageContext<'a> {
    title: &'a str,
    /// Prefix of the ids the theme gives this page's parts: empty on its own
    /// page, `part-2-` inside a leaflet (ids stay unique in the booklet).
    id_prefix: String,
    /// Its anchor inside a leaflet (`part-2`); empty on its own page.
    anchor: String,
    /// Inside a leaflet: the short form of the typed parts.
    compact: bool,
    /// Which of its type's parts it shows (`steps`, `programmes`, …): all on
    /// its own page, the chosen ones in a leaflet.
    show: BTreeMap<&'static str, bool>,
    /// Whether the body comes before the type's parts: in a leaflet, when
    /// the leaflet named a heading first; on its own page, when the page
    /// asks (a procedure's `body_first`).
    body_first: bool,
    /// The language the page is written in.
    lang: &'a str,
    /// The paper it prints on.
    pub(super) paper: crate::config::Paper,
    description: Option<&'a str>,
    date: Option<Date>,
    updated: Option<Date>,
    reviewed: Option<Date>,
    tags: &'a [String],
    /// The page's own sources, then those of the facts it shows.
    sources: Vec<&'a Source>,
    extra: &'a crate::front_matter::Extra,
    kind: &'static str,
    is_section: bool,
    is_home: bool,
    pub(super) url: String,
    pub(super) permalink: String,
    /// The address without its scheme, for print.
    short_url: String,
    /// A QR code of the permalink, as inline SVG, for print.
    qr: String,
    /// The type's own fields (`iso`, `programmes`, `steps`, …).
    data: Option<&'a Typed>,
    /// Pages that typed fields link to, by the link as written.
    links: BTreeMap<&'a str, LinkView<'a>>,
    /// The date the "as of" line shows: reviewed, else updated, else date.
    pub(super) as_of: Option<Date>,
    pub(super) content: std::borrow::Cow<'a, str>,
    headings: &'a [Heading],
    source_path: String,
    pub(super) pages: Vec<Summary<'a>>,
    subsections: Vec<Summary<'a>>,
    /// An event's photos, resized: `src`, `srcset`, `sizes`, `width`, `height`, `alt`, `caption`.
    photos: Vec<PhotoView>,
}

/// The pages a document's typed fields link to, in its reader's language;
/// inside a leaflet, a page the leaflet binds is an anchor in the booklet.
/// (Broken links were reported by `check::check_field_links`.)
pub(super) fn field_links<'a>(
    site: &'a Site,
    id: DocId,
    booklet: &[DocId],
    edition: &str,
) -> BTreeMap<&'a str, LinkView<'a>> {
    let file = site.file(&site.docs[id]);
    let Some(country) = file.typed().and_then(|t| t.country()) else {
        return BTreeMap::new();
    };
    country
        .programmes
        .iter()
        .filter_map(|p| p.language.as_deref())
        .filter_map(|href| {
            let target = site.field_link(id, href).ok()?;
            let doc = &site.docs[target];
            let url = match crate::markdown::booklet_anchor(booklet, target, edition) {
                Some(anchor) => anchor,
                None if booklet.is_empty() => site.config.link(&doc.url),
                None => site.config.permalink(&doc.url),
            };
            Some((
                href,
                LinkView {
                    title: &site.file(doc).common().title,
                    print_url: url.starts_with("http").then(|| {
                        let short = site.config.short_url(&doc.url);
                        short.trim_end_matches('/').to_string()
                    }),
                    url,
                },
            ))
        })
        .collect()
}

/// A file's sources: its own, then each fact's it shows that it does not
/// list already (by address).
pub(super) fn sources<'a>(
    site: &'a Site,
    file: &'a crate::content::ContentFile,
) -> Vec<&'a Source> {
    let mut all: Vec<&Source> = file.common().sources.iter().collect();
    for used in &file.facts {
        let source = &site.config.facts.get(used.fact).source;
        if !all.iter().any(|s| s.url == source.url) {
            all.push(source);
        }
    }
    all
}

/// A page bound in a leaflet: its place, the leaflet's pages, the sections
/// chosen of it, and the callout titles of the leaflet's language.
pub(super) struct Part<'b> {
    pub(super) n: usize,
    /// The edition's prefix before `part-N` (`id-` in the bilingual edition).
    pub(super) edition: &'b str,
    pub(super) booklet: &'b [DocId],
    pub(super) sections: &'b [&'b str],
    pub(super) labels: &'b crate::markdown::BodyLabels,
}

/// The body a bound page shows at `anchor`: the sections the leaflet chose
/// of it; with none chosen, nothing for a typed page (its type's compact part
/// says what matters) and the whole body for a plain page. `names` are its
/// type's parts, which are not body sections.
pub(super) fn bound_body(
    site: &Site,
    id: DocId,
    part: &Part,
    names: &[&str],
    anchor: &str,
) -> String {
    let headings: Vec<&str> = part
        .sections
        .iter()
        .copied()
        .filter(|c| !names.contains(c))
        .collect();
    if headings.is_empty() && !names.is_empty() {
        return String::new();
    }
    let binding = crate::markdown::Binding {
        ids: format!("{anchor}-"),
        edition: part.edition,
        sections: (!part.sections.is_empty()).then_some(headings.as_slice()),
    };
    crate::markdown::render_bound(site, id, part.labels, part.booklet, &binding).html
}

/// What templates see of one page: on its own page (with its rendered
/// `body`), or bound in a leaflet (`part`), where it shows the chosen parts
/// of its type and of its body.
pub(super) fn page_context<'a>(
    site: &'a Site,
    assets: &Assets,
    id: DocId,
    body: Option<&'a Rendered>,
    part: Option<Part<'_>>,
) -> PageContext<'a> {
    let config = &site.config;
    let doc = &site.docs[id];
    let file = site.file(doc);
    let meta = file.common();
    let paper = site.paper(id);
    let (anchor, booklet) = match &part {
        Some(p) => (
            format!("{}{}", p.edition, crate::markdown::part_anchor(p.n)),
            p.booklet,
        ),
        None => (String::new(), &[][..]),
    };
    let names = file.typed().map(Typed::part_names).unwrap_or_default();
    let chosen = part.as_ref().map_or(&[][..], |p| p.sections);
    let show = names
        .iter()
        .map(|&n| (n, chosen.is_empty() || chosen.contains(&n)))
        .collect();
    // In a leaflet, the order its choices give; on its own page, the page's.
    let body_first = match &part {
        Some(_) => chosen.first().is_some_and(|c| !names.contains(c)),
        None => file.typed().is_some_and(Typed::body_first),
    };
    let content = match (&part, body) {
        (None, Some(b)) => std::borrow::Cow::Borrowed(b.html.as_str()),
        (None, None) => std::borrow::Cow::Borrowed(""),
        (Some(p), _) => std::borrow::Cow::Owned(bound_body(site, id, p, &names, &anchor)),
    };
    PageContext {
        title: &meta.title,
        id_prefix: if anchor.is_empty() {
            String::new()
        } else {
            format!("{anchor}-")
        },
        compact: part.is_some(),
        show,
        body_first,
        lang: &file.lang,
        anchor,
        paper,
        description: meta.description.as_deref(),
        date: meta.date,
        updated: meta.updated,
        reviewed: meta.reviewed,
        tags: &meta.tags,
        sources: sources(site, file),
        extra: &meta.extra,
        kind: doc.kind.name(),
        is_section: doc.is_section,
        is_home: doc.key == "_index",
        url: site.config.link(&doc.url),
        permalink: config.permalink(&doc.url),
        short_url: config.short_url(&doc.url),
        // Bound in a leaflet, a page shows its address but no code of its own.
        qr: match part {
            None => crate::qr::qr_svg(&config.permalink(&doc.url), &meta.title).unwrap_or_default(),
            Some(_) => String::new(),
        },
        data: file.typed(),
        links: field_links(site, id, booklet, part.as_ref().map_or("", |p| p.edition)),
        as_of: meta.reviewed.or(meta.updated).or(meta.date),
        content,
        headings: body.map_or(&[][..], |b| b.headings.as_slice()),
        source_path: file.source.path.to_string_lossy().replace('\\', "/"),
        pages: doc.pages.iter().map(|&p| summary(site, p)).collect(),
        subsections: doc.subsections.iter().map(|&p| summary(site, p)).collect(),
        photos: crate::photos::photo_views(site, &assets.photos, id),
    }
}
