//! What `base.html` shows around every page (head links, header, menu,
//! language switcher, breadcrumbs, footer), and the summaries that lists and
//! breadcrumbs are made of.

use serde::Serialize;

use super::download::Download;
use super::share::Share;
use crate::date::Date;
use crate::i18n::Strings;
use crate::render::{Assets, Templates};
use crate::site::{DocId, Site};
use crate::types::Typed;

#[derive(Serialize)]
pub(super) struct SiteContext<'a> {
    title: &'a str,
    paper: crate::config::Paper,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    default_language: &'a str,
    languages: &'a [String],
    /// The facts every page's footer shows (hotlines), in the page's language.
    contacts: Vec<&'a crate::facts::Shown>,
}

impl<'a> SiteContext<'a> {
    pub(super) fn new(config: &'a crate::config::Config, lang: &str) -> Self {
        SiteContext {
            title: config.title.get(lang).map_or("", String::as_str),
            paper: config.paper,
            description: config.description.get(lang).map_or("", String::as_str),
            base_url: &config.base_url,
            base_path: config.base_path(),
            default_language: &config.default_language,
            languages: &config.languages,
            contacts: config.facts.footer(lang),
        }
    }
}

#[derive(Serialize)]
pub(super) struct Summary<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    date: Option<Date>,
    reviewed: Option<Date>,
    weight: Option<i64>,
    /// The page's own typed fields, for listings with key facts.
    data: Option<&'a Typed>,
    /// A leaflet's PDFs, in a section's list (empty elsewhere).
    pub(super) downloads: Vec<Download>,
}

#[derive(Serialize)]
pub(super) struct Alternate {
    pub(super) lang: String,
    pub(super) href: String,
}

#[derive(Serialize)]
pub(super) struct Switch {
    pub(super) lang: String,
    /// The language's name in itself: "Bahasa Indonesia", "English".
    pub(super) name: String,
    pub(super) url: String,
    pub(super) current: bool,
    /// The same page in that language (else a section above it, or the chooser).
    pub(super) translated: bool,
}

#[derive(Serialize)]
pub(super) struct NavItem<'a> {
    title: &'a str,
    url: String,
    /// `"page"` when the reader is on this section, `"true"` when below it, else empty.
    current: &'static str,
}

#[derive(Serialize)]
pub(super) struct Fallback {
    pub(super) lang: String,
    pub(super) url: String,
}

/// What `base.html` shows around a page's content: head links, header, menu,
/// breadcrumbs, footer links. Shared by documents and made pages.
#[derive(Serialize)]
pub(super) struct Frame<'a> {
    /// The reader's language.
    pub(super) lang: &'a str,
    /// The language the content is written in (a fallback copy's is another).
    pub(super) content_lang: &'a str,
    pub(super) site: SiteContext<'a>,
    pub(super) alternates: Vec<Alternate>,
    pub(super) x_default: String,
    pub(super) canonical: String,
    pub(super) switcher: Vec<Switch>,
    pub(super) fallback: Option<Fallback>,
    pub(super) breadcrumbs: Vec<Summary<'a>>,
    pub(super) nav: Vec<NavItem<'a>>,
    pub(super) home_url: String,
    pub(super) style_url: String,
    pub(super) print_url: String,
    pub(super) chooser_url: String,
    /// The language's search page.
    pub(super) search_url: String,
    /// The language's feeds, for `<link rel="alternate">` in `<head>`.
    pub(super) feeds: Vec<FeedLink<'a>>,
    /// What a shared link shows (Open Graph and Twitter cards).
    pub(super) share: Share,
    /// Pages that are no place to arrive from a search engine (the search page).
    pub(super) noindex: bool,
    /// The save-for-offline control and the web app manifest of the language.
    pub(super) offline: &'a crate::render::assets::Offline,
    /// Each language's direction of writing (`ltr`, `rtl`), for `dir` on
    /// what is written in it; `dir` the page's.
    pub(super) dirs: &'a std::collections::BTreeMap<String, &'static str>,
    pub(super) dir: &'static str,
}

impl<'a> Frame<'a> {
    /// The frame in `lang` for the page at `url` (below the base), shared as
    /// `share` says; the rest is filled in by the caller.
    pub(super) fn new(
        site: &'a Site,
        templates: &'a Templates,
        lang: &'a str,
        url: &str,
        share: Share,
    ) -> Self {
        let config = &site.config;
        let home = site.doc_for("_index", lang);
        Frame {
            lang,
            content_lang: lang,
            site: SiteContext::new(config, lang),
            alternates: Vec::new(),
            x_default: config.base_url.clone(),
            canonical: config.permalink(url),
            switcher: Vec::new(),
            fallback: None,
            breadcrumbs: Vec::new(),
            nav: nav(site, lang, url),
            home_url: home.map_or_else(
                || site.config.link(""),
                |h| site.config.link(&site.docs[h].url),
            ),
            style_url: templates.assets.style_url.clone(),
            print_url: templates.assets.print_url.clone(),
            chooser_url: config.link(""),
            search_url: search_url(site, &templates.strings, lang),
            feeds: feed_links(&templates.assets, lang),
            share,
            noindex: false,
            offline: &templates.assets.offline[lang],
            dirs: &templates.assets.dirs,
            dir: templates.assets.dirs[lang],
        }
    }
}

#[derive(Serialize)]
pub(super) struct FeedLink<'a> {
    title: &'a str,
    url: &'a str,
}

/// The feeds in `lang`.
pub(super) fn feed_links<'a>(assets: &'a Assets, lang: &str) -> Vec<FeedLink<'a>> {
    assets
        .feeds
        .iter()
        .filter(|f| f.lang == lang)
        .map(|f| FeedLink {
            title: &f.title,
            url: &f.url,
        })
        .collect()
}

/// The address of the search page in `lang`.
pub(super) fn search_url(site: &Site, strings: &Strings, lang: &str) -> String {
    crate::search::page_url(site, lang, crate::search::slug(strings, lang))
}

/// The main menu in `lang`: the home's sections; `url` is where the reader is.
pub(super) fn nav<'a>(site: &'a Site, lang: &str, url: &str) -> Vec<NavItem<'a>> {
    site.doc_for("_index", lang)
        .map(|h| site.docs[h].subsections.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|&s| NavItem {
            title: &site.file(&site.docs[s]).common().title,
            url: site.config.link(&site.docs[s].url),
            current: if url == site.docs[s].url {
                "page"
            } else if url.starts_with(&site.docs[s].url) {
                "true"
            } else {
                ""
            },
        })
        .collect()
}

pub(super) fn summary<'a>(site: &'a Site, id: DocId) -> Summary<'a> {
    let doc = &site.docs[id];
    let meta = site.file(doc).common();
    Summary {
        title: &meta.title,
        description: meta.description.as_deref(),
        url: site.config.link(&doc.url),
        date: meta.date,
        reviewed: meta.reviewed,
        weight: meta.weight,
        data: site.file(doc).typed(),
        downloads: Vec::new(),
    }
}

/// What `base.html` needs of a page that has no source file (the search page).
#[derive(Serialize)]
pub(super) struct MadePage<'a> {
    pub(super) title: &'a str,
    pub(super) description: Option<&'a str>,
    pub(super) paper: crate::config::Paper,
    pub(super) url: String,
    pub(super) permalink: String,
    pub(super) short_url: String,
    pub(super) is_home: bool,
    pub(super) is_section: bool,
    pub(super) as_of: Option<Date>,
    pub(super) qr: String,
    pub(super) kind: &'static str,
}
