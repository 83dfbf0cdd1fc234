//! Link previews: what a shared address shows (Open Graph, Twitter cards),
//! for a document, the site, or a page the site makes.

use serde::Serialize;

use crate::i18n::Strings;
use crate::render::Templates;
use crate::site::{DocId, Site};

/// A link preview: Open Graph (WhatsApp, Facebook, Telegram) and Twitter cards.
#[derive(Serialize)]
pub(super) struct Share {
    /// `article` for pages, `website` for homes and sections.
    kind: &'static str,
    title: String,
    description: String,
    url: String,
    site_name: String,
    /// `id_ID`: the UI string `locale`.
    locale: String,
    alternate_locales: Vec<String>,
    image: Option<ShareImageView>,
}

#[derive(Serialize)]
pub(super) struct ShareImageView {
    url: String,
    width: u32,
    height: u32,
    alt: String,
}

pub(super) fn locale(strings: &Strings, lang: &str) -> String {
    strings.get(lang, "locale").unwrap_or(lang).to_string()
}

/// Document `id`'s link preview: its first photo if it has one, else the site's picture.
pub(super) fn doc_share(site: &Site, templates: &Templates, id: DocId, canonical: &str) -> Share {
    let doc = &site.docs[id];
    let file = site.file(doc);
    let meta = file.common();
    let strings = &templates.strings;
    let config = &site.config;
    let site_name = config.title.get(&doc.lang).cloned().unwrap_or_default();
    let photo = file
        .typed()
        .and_then(|t| t.event())
        .and_then(|e| e.photos.first())
        .and_then(|p| {
            let processed = templates.assets.photos.get(doc.file, &p.src)?;
            let largest = processed.variants.last()?;
            Some(ShareImageView {
                url: crate::sitemap::absolute_url(site, &format!("{}{}", doc.url, largest.name)),
                width: largest.width,
                height: largest.height,
                alt: p.alt.clone(),
            })
        });
    let image = photo.or_else(|| site_image(templates, &site_name));
    Share {
        kind: if doc.is_section { "website" } else { "article" },
        title: meta.title.clone(),
        description: meta
            .description
            .clone()
            .or_else(|| config.description.get(&doc.lang).cloned())
            .unwrap_or_default(),
        url: canonical.to_string(),
        site_name,
        locale: locale(strings, &doc.lang),
        alternate_locales: site
            .translations(id)
            .into_iter()
            .filter(|&t| site.docs[t].lang != doc.lang)
            .map(|t| locale(strings, &site.docs[t].lang))
            .collect(),
        image,
    }
}

/// The link preview of the site itself (the chooser at its root address).
pub(super) fn site_share(site: &Site, templates: &Templates) -> Share {
    let config = &site.config;
    let lang = &config.default_language;
    let titles: Vec<&str> = config
        .languages
        .iter()
        .filter_map(|l| config.title.get(l).map(String::as_str))
        .collect();
    let site_name = config.title.get(lang).map_or("", String::as_str);
    let image = site_image(templates, site_name);
    website_share(
        site,
        templates,
        lang,
        &titles.join(" · "),
        &config.base_url,
        image,
    )
}

/// A page of the whole site in `lang` (not a document) as a link preview.
pub(super) fn website_share(
    site: &Site,
    templates: &Templates,
    lang: &str,
    title: &str,
    url: &str,
    image: Option<ShareImageView>,
) -> Share {
    let config = &site.config;
    let strings = &templates.strings;
    Share {
        kind: "website",
        title: title.to_string(),
        description: config.description.get(lang).cloned().unwrap_or_default(),
        url: url.to_string(),
        site_name: config.title.get(lang).cloned().unwrap_or_default(),
        locale: locale(strings, lang),
        alternate_locales: config
            .languages
            .iter()
            .filter(|l| *l != lang)
            .map(|l| locale(strings, l))
            .collect(),
        image,
    }
}

/// The site's `share_image`, described as `alt`.
pub(super) fn site_image(templates: &Templates, alt: &str) -> Option<ShareImageView> {
    templates
        .assets
        .share_image
        .as_ref()
        .map(|i| ShareImageView {
            url: i.url.clone(),
            width: i.width,
            height: i.height,
            alt: alt.to_string(),
        })
}
