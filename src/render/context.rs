//! What templates see: serialisable views of the site, a document and the
//! root chooser, borrowing from the `Site` (domain types stay free of template
//! concerns). Pure.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::date::Date;
use crate::front_matter::Source;
use crate::i18n::Strings;
use crate::markdown::{Heading, Rendered};
use crate::photos::PhotoView;
use crate::site::{DocId, Site};
use crate::types::Typed;

use super::{Assets, Templates};

#[derive(Serialize)]
struct SiteContext<'a> {
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
    fn new(config: &'a crate::config::Config, lang: &str, base: &'a str) -> Self {
        SiteContext {
            title: config.title.get(lang).map_or("", String::as_str),
            paper: config.paper,
            description: config.description.get(lang).map_or("", String::as_str),
            base_url: &config.base_url,
            base_path: base,
            default_language: &config.default_language,
            languages: &config.languages,
            contacts: config.facts.footer(lang),
        }
    }
}

#[derive(Serialize)]
struct Summary<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    date: Option<Date>,
    reviewed: Option<Date>,
    weight: Option<i64>,
    /// The page's own typed fields, for listings with key facts.
    data: Option<&'a Typed>,
    /// A leaflet's PDFs, in a section's list (empty elsewhere).
    downloads: Vec<Download>,
}

/// A page a front-matter field links to.
#[derive(Serialize)]
struct LinkView<'a> {
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
    paper: crate::config::Paper,
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
    url: String,
    permalink: String,
    /// The address without its scheme, for print.
    short_url: String,
    /// A QR code of the permalink, as inline SVG, for print.
    qr: String,
    /// The type's own fields (`iso`, `programmes`, `steps`, …).
    data: Option<&'a Typed>,
    /// Pages that typed fields link to, by the link as written.
    links: BTreeMap<&'a str, LinkView<'a>>,
    /// The date the "as of" line shows: reviewed, else updated, else date.
    as_of: Option<Date>,
    content: std::borrow::Cow<'a, str>,
    headings: &'a [Heading],
    source_path: String,
    pages: Vec<Summary<'a>>,
    subsections: Vec<Summary<'a>>,
    /// An event's photos, resized: `src`, `srcset`, `sizes`, `width`, `height`, `alt`, `caption`.
    photos: Vec<PhotoView>,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    href: String,
}

#[derive(Serialize)]
struct Switch {
    lang: String,
    /// The language's name in itself: "Bahasa Indonesia", "English".
    name: String,
    url: String,
    current: bool,
    /// The same page in that language (else a section above it, or the chooser).
    translated: bool,
}

#[derive(Serialize)]
struct NavItem<'a> {
    title: &'a str,
    url: String,
    /// `"page"` when the reader is on this section, `"true"` when below it, else empty.
    current: &'static str,
}

#[derive(Serialize)]
struct Fallback {
    lang: String,
    url: String,
}

/// What `base.html` shows around a page's content: head links, header, menu,
/// breadcrumbs, footer links. Shared by documents and made pages.
#[derive(Serialize)]
struct Frame<'a> {
    /// The reader's language.
    lang: &'a str,
    /// The language the content is written in (a fallback copy's is another).
    content_lang: &'a str,
    site: SiteContext<'a>,
    alternates: Vec<Alternate>,
    x_default: String,
    canonical: String,
    switcher: Vec<Switch>,
    fallback: Option<Fallback>,
    breadcrumbs: Vec<Summary<'a>>,
    nav: Vec<NavItem<'a>>,
    home_url: String,
    style_url: String,
    print_url: String,
    chooser_url: String,
    /// The language's search page.
    search_url: String,
    /// The language's feeds, for `<link rel="alternate">` in `<head>`.
    feeds: Vec<FeedLink<'a>>,
    /// What a shared link shows (Open Graph and Twitter cards).
    share: Share,
    /// Pages that are no place to arrive from a search engine (the search page).
    noindex: bool,
}

impl<'a> Frame<'a> {
    /// The frame in `lang` for the page at `url` (below the base), shared as
    /// `share` says; the rest is filled in by the caller.
    fn new(
        site: &'a Site,
        templates: &'a Templates,
        lang: &'a str,
        url: &str,
        base: &'a str,
        share: Share,
    ) -> Self {
        let config = &site.config;
        let home = site.doc_for("_index", lang);
        Frame {
            lang,
            content_lang: lang,
            site: SiteContext::new(config, lang, base),
            alternates: Vec::new(),
            x_default: config.base_url.clone(),
            canonical: config.permalink(url),
            switcher: Vec::new(),
            fallback: None,
            breadcrumbs: Vec::new(),
            nav: nav(site, lang, url, base),
            home_url: home.map_or_else(
                || base.to_string(),
                |h| format!("{base}{}", site.docs[h].url),
            ),
            style_url: templates.assets.style_url.clone(),
            print_url: templates.assets.print_url.clone(),
            chooser_url: base.to_string(),
            search_url: search_url(site, &templates.strings, lang, base),
            feeds: feed_links(&templates.assets, lang),
            share,
            noindex: false,
        }
    }
}

#[derive(Serialize)]
pub(super) struct DocContext<'a> {
    #[serde(flatten)]
    frame: Frame<'a>,
    page: PageContext<'a>,
    /// On a leaflet's page: its article (cover, own text, bound pages).
    leaflet: Option<LeafletView<'a>>,
}

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

/// A PDF of a leaflet, as its page offers it.
#[derive(Serialize)]
struct Download {
    url: String,
    /// The edition's language code, or `bilingual`.
    edition: String,
    /// The edition's language by its own name (`Bahasa Indonesia`).
    label: String,
    booklet: bool,
    pages: usize,
    /// A booklet's sheets of paper (two pages a side, both sides printed).
    sheets: usize,
    paper: String,
    /// `113 KB`, in the reader's number format.
    size: String,
}

#[derive(Serialize)]
struct FeedLink<'a> {
    title: &'a str,
    url: &'a str,
}

/// A link preview: Open Graph (WhatsApp, Facebook, Telegram) and Twitter cards.
#[derive(Serialize)]
struct Share {
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
struct ShareImageView {
    url: String,
    width: u32,
    height: u32,
    alt: String,
}

fn locale(strings: &Strings, lang: &str) -> String {
    strings.get(lang, "locale").unwrap_or(lang).to_string()
}

/// The feeds in `lang`.
fn feed_links<'a>(assets: &'a Assets, lang: &str) -> Vec<FeedLink<'a>> {
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
fn search_url(site: &Site, strings: &Strings, lang: &str, base: &str) -> String {
    crate::search::page_url(site, lang, crate::search::slug(strings, lang), base)
}

/// Document `id`'s link preview: its first photo if it has one, else the site's picture.
fn share(site: &Site, templates: &Templates, id: DocId, canonical: &str) -> Share {
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

/// The main menu in `lang`: the home's sections; `url` is where the reader is.
fn nav<'a>(site: &'a Site, lang: &str, url: &str, base: &str) -> Vec<NavItem<'a>> {
    site.doc_for("_index", lang)
        .map(|h| site.docs[h].subsections.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|&s| NavItem {
            title: &site.file(&site.docs[s]).common().title,
            url: format!("{base}{}", site.docs[s].url),
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

fn summary<'a>(site: &'a Site, id: DocId, base: &str) -> Summary<'a> {
    let doc = &site.docs[id];
    let meta = site.file(doc).common();
    Summary {
        title: &meta.title,
        description: meta.description.as_deref(),
        url: format!("{base}{}", doc.url),
        date: meta.date,
        reviewed: meta.reviewed,
        weight: meta.weight,
        data: site.file(doc).typed(),
        downloads: Vec::new(),
    }
}

/// The pages a document's typed fields link to, in its reader's language;
/// inside a leaflet, a page the leaflet binds is an anchor in the booklet.
/// (Broken links were reported by `check::check_field_links`.)
fn field_links<'a>(
    site: &'a Site,
    id: DocId,
    base: &str,
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
                None if booklet.is_empty() => format!("{base}{}", doc.url),
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
fn sources<'a>(site: &'a Site, file: &'a crate::content::ContentFile) -> Vec<&'a Source> {
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
struct Part<'b> {
    n: usize,
    /// The edition's prefix before `part-N` (`id-` in the bilingual edition).
    edition: &'b str,
    booklet: &'b [DocId],
    sections: &'b [&'b str],
    labels: &'b crate::markdown::CalloutLabels,
}

/// The body a bound page shows at `anchor`: the sections the leaflet chose
/// of it; with none chosen, nothing for a typed page (its type's compact part
/// says what matters) and the whole body for a plain page. `names` are its
/// type's parts, which are not body sections.
fn bound_body(site: &Site, id: DocId, part: &Part, names: &[&str], anchor: &str) -> String {
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
fn page_context<'a>(
    site: &'a Site,
    assets: &Assets,
    id: DocId,
    base: &str,
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
        url: format!("{base}{}", doc.url),
        permalink: config.permalink(&doc.url),
        short_url: config.short_url(&doc.url),
        // Bound in a leaflet, a page shows its address but no code of its own.
        qr: match part {
            None => crate::qr::qr_svg(&config.permalink(&doc.url), &meta.title).unwrap_or_default(),
            Some(_) => String::new(),
        },
        data: file.typed(),
        links: field_links(
            site,
            id,
            base,
            booklet,
            part.as_ref().map_or("", |p| p.edition),
        ),
        as_of: meta.reviewed.or(meta.updated).or(meta.date),
        content,
        headings: body.map_or(&[][..], |b| b.headings.as_slice()),
        source_path: file.source.path.to_string_lossy().replace('\\', "/"),
        pages: doc.pages.iter().map(|&p| summary(site, p, base)).collect(),
        subsections: doc
            .subsections
            .iter()
            .map(|&p| summary(site, p, base))
            .collect(),
        photos: crate::photos::photo_views(site, &assets.photos, id, base),
    }
}

pub(super) fn doc_context<'a>(
    site: &'a Site,
    body: &'a Rendered,
    templates: &'a Templates,
    id: DocId,
    base: &'a str,
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
                    || base.to_string(),
                    |t| format!("{base}{}", site.docs[t].url),
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
        breadcrumbs.push(summary(site, p, base));
        up = site.docs[p].parent;
    }
    breadcrumbs.reverse();

    let canonical = config.permalink(&canonical_doc.url);
    let share = share(site, templates, id, &canonical);
    let frame = Frame {
        content_lang: &file.lang,
        alternates,
        canonical,
        switcher,
        fallback: original.map(|o| Fallback {
            lang: o.lang.clone(),
            url: format!("{base}{}", o.url),
        }),
        breadcrumbs,
        ..Frame::new(site, templates, &doc.lang, &doc.url, base, share)
    };
    let mut page = page_context(site, assets, id, base, Some(body), None);
    // A section of leaflets offers each one's PDFs beside it.
    for (summary, &p) in page.pages.iter_mut().zip(&doc.pages) {
        if site.docs[p].is_leaflet() {
            summary.downloads = downloads(site, templates, p, base);
        }
    }
    DocContext {
        frame,
        page,
        // A fallback copy of a leaflet is a leaflet too, in the reader's language.
        leaflet: (doc.kind == crate::front_matter::ContentType::Leaflet && !doc.is_section)
            .then(|| leaflet_view(site, templates, id, base, Some(body), "")),
    }
}

/// The article of leaflet `id` in its language: its own text is `body` on
/// its own page; in the bilingual edition (`pre` is `id-`) it is rendered
/// again with the edition's ids.
fn leaflet_view<'a>(
    site: &'a Site,
    templates: &Templates,
    id: DocId,
    base: &str,
    body: Option<&'a Rendered>,
    pre: &str,
) -> LeafletView<'a> {
    let strings = &templates.strings;
    let assets = &templates.assets;
    let config = &site.config;
    let doc = &site.docs[id];
    let labels = crate::markdown::callout_labels(strings, &doc.lang);
    let choices = site.booklet_choices(id);
    let booklet: Vec<DocId> = choices.iter().map(|(d, _)| *d).collect();
    let mut page = page_context(site, assets, id, base, body, None);
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
            page_context(site, assets, *part, base, None, Some(bound))
        })
        .collect();
    let edition = page.as_of;
    let changed = booklet
        .iter()
        .filter(|&&b| {
            let meta = site.file(&site.docs[b]).common();
            edition.is_some_and(|e| meta.updated.is_some_and(|u| u > e))
        })
        .map(|&b| summary(site, b, base))
        .collect();
    let downloads = downloads(site, templates, id, base);
    let bilingual_url = site
        .bilingual_edition(id)
        .map(|_| format!("{base}{}/", doc.key));
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

/// The PDFs of leaflet `id` the build printed, for its reader: their own
/// language first, then the bilingual edition, then the others.
fn downloads(site: &Site, templates: &Templates, id: DocId, base: &str) -> Vec<Download> {
    let strings = &templates.strings;
    let doc = &site.docs[id];
    let decimal = strings.get(&doc.lang, "decimal_separator").unwrap_or(".");
    let mut editions: Vec<&crate::printed::PrintedEdition> = templates
        .assets
        .printed
        .of_leaflet(&site.file(doc).stem)
        .collect();
    editions.sort_by_key(|e| (e.edition != doc.lang, e.edition != "bilingual"));
    editions
        .into_iter()
        .flat_map(|e| e.files.iter().map(move |f| (e, f)))
        .map(|(e, f)| Download {
            url: format!("{base}{}{}", e.path, f.file_name),
            edition: e.edition.clone(),
            label: strings
                .get(&e.edition, "language_name")
                .unwrap_or(&e.edition)
                .to_string(),
            booklet: f.booklet,
            pages: f.pages,
            sheets: f.pages.div_ceil(2),
            paper: f.paper.clone(),
            size: crate::printed::human_size(f.size, decimal),
        })
        .collect()
}

#[derive(Serialize)]
struct ChooserLanguage<'a> {
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
pub(super) struct ChooserContext<'a> {
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
pub(super) fn chooser_context<'a>(
    site: &'a Site,
    templates: &'a Templates,
    base: &'a str,
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
            url: format!("{base}{}", site.docs[home].url),
            contacts: config.facts.footer(lang),
        })
        .collect();
    ChooserContext {
        lang: &config.default_language,
        site: SiteContext::new(config, &config.default_language, base),
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

/// The link preview of the site itself (the chooser at its root address).
fn site_share(site: &Site, templates: &Templates) -> Share {
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
fn website_share(
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
fn site_image(templates: &Templates, alt: &str) -> Option<ShareImageView> {
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

/// One language's part of the page hosts show for a missing address.
#[derive(Serialize)]
struct Lost<'a> {
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
pub(super) struct NotFoundContext<'a> {
    lang: &'a str,
    site: SiteContext<'a>,
    languages: Vec<Lost<'a>>,
    style_url: String,
    print_url: String,
}

/// `404.html`: the same message in every language, with a way home and to
/// search. Every address in it starts at the base, as hosts show it at any path.
pub(super) fn not_found_context<'a>(
    site: &'a Site,
    templates: &'a Templates,
    base: &'a str,
) -> NotFoundContext<'a> {
    let strings = &templates.strings;
    let config = &site.config;
    let get = |lang: &str, key: &str| strings.get(lang, key).unwrap_or("");
    NotFoundContext {
        lang: &config.default_language,
        site: SiteContext::new(config, &config.default_language, base),
        languages: config
            .languages
            .iter()
            .map(|lang| Lost {
                lang,
                title: get(lang, "not_found_title"),
                text: get(lang, "not_found_text"),
                home_label: get(lang, "not_found_home"),
                home_url: site.doc_for("_index", lang).map_or_else(
                    || base.to_string(),
                    |h| format!("{base}{}", site.docs[h].url),
                ),
                search_label: get(lang, "not_found_search"),
                search_url: search_url(site, strings, lang, base),
                contacts: config.facts.footer(lang),
            })
            .collect(),
        style_url: templates.assets.style_url.clone(),
        print_url: templates.assets.print_url.clone(),
    }
}

/// What `base.html` needs of a page that has no source file (the search page).
#[derive(Serialize)]
struct MadePage<'a> {
    title: &'a str,
    description: Option<&'a str>,
    paper: crate::config::Paper,
    url: String,
    permalink: String,
    short_url: String,
    is_home: bool,
    is_section: bool,
    as_of: Option<Date>,
    qr: String,
    kind: &'static str,
}

/// A made page's context; `search` is what its own template needs.
#[derive(Serialize)]
pub(super) struct MadeContext<'a, T: Serialize> {
    #[serde(flatten)]
    frame: Frame<'a>,
    page: MadePage<'a>,
    search: T,
}

/// The context of the search page in `lang`, a page with the site's frame
/// (header, menu, language switcher) around what `search` holds.
pub(super) fn search_page_context<'a, T: Serialize>(
    site: &'a Site,
    templates: &'a Templates,
    lang: &'a str,
    title: &'a str,
    base: &'a str,
    search: T,
) -> MadeContext<'a, T> {
    let strings = &templates.strings;
    let config = &site.config;
    let url = |l: &str| search_url(site, strings, l, base);
    let rel = |l: &str| url(l).strip_prefix(base).unwrap_or_default().to_string();
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
            .map(|h| summary(site, h, base))
            .into_iter()
            .collect(),
        noindex: true,
        ..Frame::new(site, templates, lang, &rel(lang), base, share)
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

/// The bilingual edition of a leaflet: the site's frame, and each
/// language's article built from its data with the language before every id.
#[derive(Serialize)]
pub(super) struct BilingualContext<'a> {
    #[serde(flatten)]
    frame: Frame<'a>,
    page: MadePage<'a>,
    editions: Vec<LeafletView<'a>>,
    numbers_url: String,
}

/// The bilingual edition at `key/` of the leaflet whose editions are `ids`
/// (in the site's language order, as the plan's [`crate::site::Edition`] holds them).
pub(super) fn bilingual_context<'a>(
    site: &'a Site,
    templates: &'a Templates,
    key: &str,
    ids: &[DocId],
    title: &'a str,
    base: &'a str,
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
            leaflet_view(site, templates, id, base, None, &pre)
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
        ..Frame::new(site, templates, lang, &url, base, share)
    };
    let leaflet = site.file(first);
    let meta = leaflet.common();
    BilingualContext {
        frame,
        page: MadePage {
            title,
            description: meta.description.as_deref(),
            paper: editions[0].page.paper,
            url: format!("{base}{url}"),
            short_url: config.short_url(&url),
            qr: crate::qr::qr_svg(&permalink, title).unwrap_or_default(),
            permalink,
            is_home: false,
            is_section: false,
            as_of: editions[0].edition,
            kind: "leaflet",
        },
        numbers_url: format!("{base}{url}{}", crate::printed::NUMBERS_FILE),
        editions,
    }
}
