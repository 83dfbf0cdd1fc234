//! The pages the site makes without a source file: the root language
//! chooser, `404.html`, and each language's search page.

use serde::Serialize;

use super::frame::{Alternate, Frame, MadePage, SiteContext, Switch, search_url, summary};
use super::share::{Share, site_share, website_share};
use crate::render::Templates;
use crate::site::Site;

#[derive(Serialize)]
pub(super) struct ChooserLanguage<'a> {
    lang: &'a str,
    /// "Pilih bahasa" / "Choose a language", each in its own language.
    heading: &'a str,
    name: &'a str,
    title: &'a str,
    description: &'a str,
    url: String,
    /// The footer's contacts, in this language.
    contacts: Vec<&'a crate::facts::Shown>,
}

#[derive(Serialize)]
pub(in crate::render) struct ChooserContext<'a> {
    lang: &'a str,
    site: SiteContext<'a>,
    choices: Vec<ChooserLanguage<'a>>,
    alternates: Vec<Alternate>,
    canonical: String,
    style_url: String,
    print_url: String,
    share: Share,
}

/// The root page's context: one card per language that has a home page.
pub(in crate::render) fn chooser_context<'a>(
    site: &'a Site,
    templates: &'a Templates,
) -> ChooserContext<'a> {
    let strings = &templates.strings;
    let config = &site.config;
    let choices = config
        .languages
        .iter()
        .filter_map(|lang| Some((lang, site.doc_for("_index", lang)?)))
        .map(|(lang, home)| ChooserLanguage {
            lang,
            heading: strings.get(lang, "chooser_heading").unwrap_or(""),
            name: strings.get(lang, "language_name").unwrap_or(lang),
            title: config.title.get(lang).map_or("", String::as_str),
            description: config.description.get(lang).map_or("", String::as_str),
            url: site.config.link(&site.docs[home].url),
            contacts: config.facts.footer(lang),
        })
        .collect();
    ChooserContext {
        lang: &config.default_language,
        site: SiteContext::new(config, &config.default_language),
        choices,
        alternates: config
            .languages
            .iter()
            .filter_map(|l| site.doc_for("_index", l))
            .map(|d| Alternate {
                lang: site.docs[d].lang.clone(),
                href: config.permalink(&site.docs[d].url),
            })
            .collect(),
        canonical: config.base_url.clone(),
        style_url: templates.assets.style_url.clone(),
        print_url: templates.assets.print_url.clone(),
        share: site_share(site, templates),
    }
}

/// One language's part of the page hosts show for a missing address.
#[derive(Serialize)]
pub(super) struct Lost<'a> {
    lang: &'a str,
    title: &'a str,
    text: &'a str,
    home_label: &'a str,
    home_url: String,
    search_label: &'a str,
    search_url: String,
    /// The footer's contacts, in this language.
    contacts: Vec<&'a crate::facts::Shown>,
}

#[derive(Serialize)]
pub(in crate::render) struct NotFoundContext<'a> {
    lang: &'a str,
    site: SiteContext<'a>,
    languages: Vec<Lost<'a>>,
    style_url: String,
    print_url: String,
}

/// `404.html`: the same message in every language, with a way home and to
/// search. Every address in it starts at the base, as hosts show it at any path.
pub(in crate::render) fn not_found_context<'a>(
    site: &'a Site,
    templates: &'a Templates,
) -> NotFoundContext<'a> {
    let strings = &templates.strings;
    let config = &site.config;
    let get = |lang: &str, key: &str| strings.get(lang, key).unwrap_or("");
    NotFoundContext {
        lang: &config.default_language,
        site: SiteContext::new(config, &config.default_language),
        languages: config
            .languages
            .iter()
            .map(|lang| Lost {
                lang,
                title: get(lang, "not_found_title"),
                text: get(lang, "not_found_text"),
                home_label: get(lang, "not_found_home"),
                home_url: site.doc_for("_index", lang).map_or_else(
                    || site.config.link(""),
                    |h| site.config.link(&site.docs[h].url),
                ),
                search_label: get(lang, "not_found_search"),
                search_url: search_url(site, strings, lang),
                contacts: config.facts.footer(lang),
            })
            .collect(),
        style_url: templates.assets.style_url.clone(),
        print_url: templates.assets.print_url.clone(),
    }
}

/// A made page's context; `search` is what its own template needs.
#[derive(Serialize)]
pub(in crate::render) struct MadeContext<'a, T: Serialize> {
    #[serde(flatten)]
    frame: Frame<'a>,
    page: MadePage<'a>,
    search: T,
}

/// The context of the search page in `lang`, a page with the site's frame
/// (header, menu, language switcher) around what `search` holds.
pub(in crate::render) fn search_page_context<'a, T: Serialize>(
    site: &'a Site,
    templates: &'a Templates,
    lang: &'a str,
    title: &'a str,
    search: T,
) -> MadeContext<'a, T> {
    let strings = &templates.strings;
    let config = &site.config;
    let url = |l: &str| search_url(site, strings, l);
    let rel = |l: &str| {
        url(l)
            .strip_prefix(config.base_path())
            .unwrap_or_default()
            .to_string()
    };
    let permalink = config.permalink(&rel(lang));
    let share = website_share(site, templates, lang, title, &permalink, None);
    let frame = Frame {
        alternates: config
            .languages
            .iter()
            .map(|l| Alternate {
                lang: l.clone(),
                href: config.permalink(&rel(l)),
            })
            .collect(),
        switcher: config
            .languages
            .iter()
            .map(|l| Switch {
                lang: l.clone(),
                name: strings.get(l, "language_name").unwrap_or(l).to_string(),
                url: url(l),
                current: l == lang,
                translated: true,
            })
            .collect(),
        breadcrumbs: site
            .doc_for("_index", lang)
            .map(|h| summary(site, h))
            .into_iter()
            .collect(),
        noindex: true,
        ..Frame::new(site, templates, lang, &rel(lang), share)
    };
    MadeContext {
        frame,
        page: MadePage {
            title,
            description: None,
            paper: config.paper,
            permalink,
            short_url: config.short_url(&rel(lang)),
            url: url(lang),
            is_home: false,
            is_section: false,
            as_of: None,
            qr: String::new(),
            kind: "search",
        },
        search,
    }
}
