//! A document's whole context: the frame (alternates, switcher,
//! breadcrumbs), its page, and on a leaflet's page the leaflet's article.

use serde::Serialize;

use super::download::downloads;
use super::frame::{Alternate, Fallback, Frame, Switch, summary};
use super::leaflet::{LeafletView, leaflet_view};
use super::page::{PageContext, page_context};
use super::share::doc_share;
use crate::markdown::Rendered;
use crate::render::Templates;
use crate::site::{DocId, Site};

#[derive(Serialize)]
pub(in crate::render) struct DocContext<'a> {
    #[serde(flatten)]
    frame: Frame<'a>,
    page: PageContext<'a>,
    /// On a leaflet's page: its article (cover, own text, bound pages).
    leaflet: Option<LeafletView<'a>>,
}

pub(in crate::render) fn doc_context<'a>(
    site: &'a Site,
    body: &'a Rendered,
    templates: &'a Templates,
    id: DocId,
) -> DocContext<'a> {
    let strings = &templates.strings;
    let assets = &templates.assets;
    let config = &site.config;
    let doc = &site.docs[id];
    let file = site.file(doc);
    let original = doc.original.map(|o| &site.docs[o]);
    let canonical_doc = original.unwrap_or(doc);

    let alternates = site
        .translations(id)
        .into_iter()
        .map(|t| Alternate {
            lang: site.docs[t].lang.clone(),
            href: config.permalink(&site.docs[t].url),
        })
        .collect();
    let switcher = config
        .languages
        .iter()
        .map(|lang| {
            let target = site.switch_target(id, lang);
            Switch {
                lang: lang.clone(),
                name: strings
                    .get(lang, "language_name")
                    .unwrap_or(lang)
                    .to_string(),
                url: target.map_or_else(
                    || site.config.link(""),
                    |t| site.config.link(&site.docs[t].url),
                ),
                current: lang == &doc.lang,
                // A fallback copy is not a translation: the reader is told so.
                translated: target.is_some_and(|t| {
                    site.docs[t].key == doc.key && site.docs[t].original.is_none()
                }),
            }
        })
        .collect();
    let mut breadcrumbs = Vec::new();
    let mut up = doc.parent;
    while let Some(p) = up {
        breadcrumbs.push(summary(site, p));
        up = site.docs[p].parent;
    }
    breadcrumbs.reverse();

    let canonical = config.permalink(&canonical_doc.url);
    let share = doc_share(site, templates, id, &canonical);
    let frame = Frame {
        content_lang: &file.lang,
        alternates,
        canonical,
        switcher,
        fallback: original.map(|o| Fallback {
            lang: o.lang.clone(),
            url: site.config.link(&o.url),
        }),
        breadcrumbs,
        ..Frame::new(site, templates, &doc.lang, &doc.url, share)
    };
    let mut page = page_context(site, assets, id, Some(body), None);
    // A section of leaflets offers each one's PDFs beside it.
    for (summary, &p) in page.pages.iter_mut().zip(&doc.pages) {
        if site.docs[p].is_leaflet() {
            summary.downloads = downloads(site, templates, p);
        }
    }
    DocContext {
        frame,
        page,
        // A fallback copy of a leaflet is a leaflet too, in the reader's language.
        leaflet: (doc.kind == crate::front_matter::ContentType::Leaflet && !doc.is_section)
            .then(|| leaflet_view(site, templates, id, Some(body), "")),
    }
}
