//! A leaflet's article (cover, contents, bound pages, PDFs) on its page,
//! and the bilingual edition that holds it once per language.

use serde::Serialize;

use super::download::{Download, downloads};
use super::frame::{Alternate, Frame, MadePage, Summary, summary};
use super::page::{PageContext, Part, page_context};
use super::share::website_share;
use crate::date::Date;
use crate::markdown::Rendered;
use crate::render::Templates;
use crate::site::{DocId, Site};

/// A leaflet edition's article, as `partials/leaflet-article.html` shows it
/// on the leaflet's page and, once per language, in the bilingual edition.
#[derive(Serialize)]
pub(super) struct LeafletView<'a> {
    /// Before every id of the article: empty on the leaflet's own page,
    /// the language (`id-`) in the bilingual edition.
    pre: String,
    lang: &'a str,
    /// The leaflet itself; `content` is its own text.
    page: PageContext<'a>,
    /// Its bound pages, in order, each in its compact form.
    parts: Vec<PageContext<'a>>,
    /// The edition's date: the sheet's information is as of this day, and a
    /// part says its own date only where it differs.
    edition: Option<Date>,
    /// The hotlines, boxed on the cover.
    contacts: Vec<&'a crate::facts::Shown>,
    /// Bound pages updated after the edition: what the holder of a printed
    /// sheet should read again online.
    changed: Vec<Summary<'a>>,
    /// The leaflet's PDFs, when the build printed them (`build --pdf`).
    downloads: Vec<Download>,
    /// The bilingual edition's address, when the leaflet has one.
    bilingual_url: Option<String>,
    /// The stylesheet that numbers the contents (see [`crate::printed`]).
    numbers_url: String,
}

/// The article of leaflet `id` in its language: its own text is `body` on
/// its own page; in the bilingual edition (`pre` is `id-`) it is rendered
/// again with the edition's ids.
pub(super) fn leaflet_view<'a>(
    site: &'a Site,
    templates: &Templates,
    id: DocId,
    body: Option<&'a Rendered>,
    pre: &str,
) -> LeafletView<'a> {
    let strings = &templates.strings;
    let assets = &templates.assets;
    let config = &site.config;
    let doc = &site.docs[id];
    let labels = crate::markdown::body_labels(strings, &doc.lang);
    let choices = site.booklet_choices(id);
    let booklet: Vec<DocId> = choices.iter().map(|(d, _)| *d).collect();
    let mut page = page_context(site, assets, id, body, None);
    if body.is_none() {
        let binding = crate::markdown::Binding {
            ids: pre.to_string(),
            edition: pre,
            sections: None,
        };
        let own = crate::markdown::render_bound(site, id, &labels, &booklet, &binding);
        page.content = std::borrow::Cow::Owned(own.html);
    }
    let parts: Vec<PageContext<'a>> = choices
        .iter()
        .enumerate()
        .map(|(n, (part, sections))| {
            let bound = Part {
                n,
                edition: pre,
                booklet: &booklet,
                sections,
                labels: &labels,
            };
            page_context(site, assets, *part, None, Some(bound))
        })
        .collect();
    let edition = page.as_of;
    let changed = booklet
        .iter()
        .filter(|&&b| {
            let meta = site.file(&site.docs[b]).common();
            edition.is_some_and(|e| meta.updated.is_some_and(|u| u > e))
        })
        .map(|&b| summary(site, b))
        .collect();
    let downloads = downloads(site, templates, id);
    let bilingual_url = site
        .bilingual_edition(id)
        .map(|_| config.link(&format!("{}/", doc.key)));
    LeafletView {
        pre: pre.to_string(),
        lang: &doc.lang,
        numbers_url: format!("{}{}", page.url, crate::printed::NUMBERS_FILE),
        page,
        parts,
        edition,
        contacts: config.facts.footer(&doc.lang),
        changed,
        downloads,
        bilingual_url,
    }
}

/// The bilingual edition of a leaflet: the site's frame, and each
/// language's article built from its data with the language before every id.
#[derive(Serialize)]
pub(in crate::render) struct BilingualContext<'a> {
    #[serde(flatten)]
    frame: Frame<'a>,
    page: MadePage<'a>,
    editions: Vec<LeafletView<'a>>,
    numbers_url: String,
}

/// The bilingual edition at `key/` of the leaflet whose editions are `ids`
/// (in the site's language order, as the plan's [`crate::site::Edition`] holds them).
pub(in crate::render) fn bilingual_context<'a>(
    site: &'a Site,
    templates: &'a Templates,
    key: &str,
    ids: &[DocId],
    title: &'a str,
) -> BilingualContext<'a> {
    let config = &site.config;
    let first = &site.docs[ids[0]];
    let lang = first.lang.as_str();
    let url = format!("{key}/");
    let permalink = config.permalink(&url);
    let share = website_share(site, templates, lang, title, &permalink, None);
    let editions: Vec<LeafletView<'a>> = ids
        .iter()
        .map(|&id| {
            let pre = format!("{}-", site.docs[id].lang);
            leaflet_view(site, templates, id, None, &pre)
        })
        .collect();
    let frame = Frame {
        alternates: editions
            .iter()
            .map(|e| Alternate {
                lang: e.lang.to_string(),
                href: e.page.permalink.clone(),
            })
            .collect(),
        ..Frame::new(site, templates, lang, &url, share)
    };
    let leaflet = site.file(first);
    let meta = leaflet.common();
    BilingualContext {
        frame,
        page: MadePage {
            title,
            description: meta.description.as_deref(),
            paper: editions[0].page.paper,
            url: config.link(&url),
            short_url: config.short_url(&url),
            qr: crate::qr::qr_svg(&permalink, title).unwrap_or_default(),
            permalink,
            is_home: false,
            is_section: false,
            as_of: editions[0].edition,
            kind: "leaflet",
        },
        numbers_url: config.link(&format!("{url}{}", crate::printed::NUMBERS_FILE)),
        editions,
    }
}
