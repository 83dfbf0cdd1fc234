//! Stage `publish`: [`Site`] → `sitemap.xml` (every published
//! URL, with hreflang alternates) and `robots.txt`, as bytes or (the
//! sitemap) into a writer. Pure; no I/O of its own.
//!
//! Also the small XML helpers the Atom feeds share ([`escape_xml`],
//! [`absolute_url`], [`last_changed`]).

use std::fmt::Write as _;

use crate::date::Date;
use crate::front_matter::Common;
use crate::site::{DocId, Edition, Site};

/// One `<url>` of the sitemap.
struct Entry {
    loc: String,
    lastmod: Option<Date>,
    /// (hreflang, absolute URL), in the site's language order, `x-default` last.
    alternates: Vec<(String, String)>,
}

/// `sitemap.xml`: every published document (pages and sections, every
/// language), the language chooser at the root and the bilingual leaflet
/// editions (the plan's `editions`); sorted by address. Fallback copies
/// (their canonical is the original) and drafts (even with `--drafts`) are
/// left out.
pub fn render_sitemap(site: &Site, editions: &[Edition]) -> Vec<u8> {
    let mut bytes = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_sitemap(site, editions, &mut bytes);
    bytes
}

/// What a `<url>` is made from.
enum Item {
    Chooser,
    Doc(DocId),
    Edition(usize),
}

/// [`render_sitemap`] written into `out` as it is made: on a large site
/// the file is tens of megabytes, and only the addresses, to sort them, are
/// held; each entry is made when it is written.
pub fn write_sitemap(
    site: &Site,
    editions: &[Edition],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut items = vec![(site.config.base_url.clone(), Item::Chooser)];
    items.extend(
        (0..site.docs.len())
            .filter(|&id| is_published(site, id))
            .map(|id| (absolute_url(site, &site.docs[id].url), Item::Doc(id))),
    );
    items.extend(
        editions
            .iter()
            .enumerate()
            // An edition that binds a draft is as unpublished as the draft.
            .filter(|(_, e)| e.docs.iter().all(|&id| is_published(site, id)))
            .map(|(i, e)| (absolute_url(site, &format!("{}/", e.key)), Item::Edition(i))),
    );
    items.sort_by(|a, b| a.0.cmp(&b.0));
    out.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    )?;
    let mut xml = String::new();
    for (loc, item) in items {
        let entry = match item {
            Item::Chooser => chooser_entry(site),
            Item::Doc(id) => doc_entry(site, id, loc),
            Item::Edition(i) => edition_entry(site, &editions[i], loc),
        };
        xml.clear();
        write_entry(&mut xml, &entry);
        out.write_all(xml.as_bytes())?;
    }
    out.write_all(b"</urlset>\n")
}

/// `robots.txt`: allow all, and the absolute URL of the sitemap.
pub fn render_robots(site: &Site) -> Vec<u8> {
    let config = &site.config;
    let mut text = String::new();
    if config.base_path() != "/" {
        // Worth saying: editors expect this file to work wherever it is published.
        let _ = writeln!(
            text,
            "# Crawlers read robots.txt only at the root of a host, not at {}:\n\
             # copy these lines into the host's own /robots.txt for them to count.",
            config.base_path()
        );
    }
    let _ = write!(
        text,
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        config.base_url
    );
    text.into_bytes()
}

/// A document that belongs in the sitemap and feeds: shown from its own file
/// (not a fallback copy, whose canonical is the original) and not a draft.
pub(crate) fn is_published(site: &Site, id: DocId) -> bool {
    let doc = &site.docs[id];
    doc.original.is_none() && !site.file(doc).common().draft
}

/// The day a document last changed, from its front matter: `updated`, else
/// `reviewed`, else its own `date` (an event's day). Never the clock.
pub(crate) fn last_changed(common: &Common) -> Option<Date> {
    common.updated.or(common.reviewed).or(common.date)
}

/// The absolute address of a document URL (`id/negara/jepang/`), its path
/// percent-encoded where RFC 3986 requires it; the base URL is kept as written.
pub(crate) fn absolute_url(site: &Site, url: &str) -> String {
    let path = crate::urls::encode_path(url);
    site.config.permalink(&path)
}

/// Text for XML content and double- or single-quoted attributes. Characters
/// XML 1.0 cannot hold at all (control characters but tab and newlines, the
/// non-characters U+FFFE and U+FFFF) are dropped, so the document stays well-formed.
pub(crate) fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() && c < '\u{80}' => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The root chooser: the `x-default` of every page, with each language's home
/// as its alternates.
fn chooser_entry(site: &Site) -> Entry {
    let config = &site.config;
    let homes: Vec<DocId> = config
        .languages
        .iter()
        .filter_map(|l| site.doc_for("_index", l))
        .filter(|&h| is_published(site, h))
        .collect();
    Entry {
        loc: config.base_url.clone(),
        lastmod: homes
            .iter()
            .filter_map(|&h| last_changed(site.file(&site.docs[h]).common()))
            .max(),
        alternates: with_default(site, alternates(site, &homes)),
    }
}

fn doc_entry(site: &Site, id: DocId, loc: String) -> Entry {
    let doc = &site.docs[id];
    let translations: Vec<DocId> = site
        .translations(id)
        .into_iter()
        .filter(|&t| is_published(site, t))
        .collect();
    // Homes pair with the chooser, which lists them all, even in a one-language site.
    let paired = translations.len() > 1 || doc.key == "_index";
    let own = last_changed(site.file(doc).common());
    // A section shows its pages' titles and summaries: it changes with them.
    let pages = doc
        .pages
        .iter()
        .filter(|&&p| is_published(site, p))
        .filter_map(|&p| last_changed(site.file(&site.docs[p]).common()));
    Entry {
        loc,
        lastmod: own.into_iter().chain(pages).max(),
        alternates: if paired {
            with_default(site, alternates(site, &translations))
        } else {
            Vec::new()
        },
    }
}

/// A bilingual leaflet edition at `<key>/` (`loc`). It has no translations.
fn edition_entry(site: &Site, edition: &Edition, loc: String) -> Entry {
    Entry {
        loc,
        lastmod: edition
            .docs
            .iter()
            .filter_map(|&id| last_changed(site.file(&site.docs[id]).common()))
            .max(),
        alternates: Vec::new(),
    }
}

fn alternates(site: &Site, ids: &[DocId]) -> Vec<(String, String)> {
    ids.iter()
        .map(|&id| {
            let doc = &site.docs[id];
            (doc.lang.clone(), absolute_url(site, &doc.url))
        })
        .collect()
}

fn with_default(site: &Site, mut alternates: Vec<(String, String)>) -> Vec<(String, String)> {
    alternates.push(("x-default".into(), site.config.base_url.clone()));
    alternates
}

fn write_entry(xml: &mut String, entry: &Entry) {
    let _ = writeln!(xml, "  <url>\n    <loc>{}</loc>", escape_xml(&entry.loc));
    if let Some(day) = entry.lastmod {
        let _ = writeln!(xml, "    <lastmod>{day}</lastmod>");
    }
    for (lang, href) in &entry.alternates {
        let _ = writeln!(
            xml,
            "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
            escape_xml(lang),
            escape_xml(href)
        );
    }
    xml.push_str("  </url>\n");
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::content::{Content, parse_content_file};
    use crate::front_matter::ContentType;
    use crate::source::SourceFile;

    /// A resolved site from files under `content/`; pages under `events/` are
    /// events, under `leaflets/` leaflets. Drafts stay in, as with `--drafts`.
    pub(crate) fn site_of(base_url: &str, fallback: bool, files: &[(&str, &str)]) -> Site {
        let yaml = format!(
            "title: {{id: \"Situs & <Uji>\", en: Test}}\nbase_url: {base_url}\nfallback: {fallback}\n"
        );
        let config = crate::config::parse_config(
            &SourceFile::new("site.yaml", yaml),
            std::path::Path::new("."),
            None,
        )
        .unwrap();
        let files = files
            .iter()
            .map(|(rel, text)| {
                let kind = match rel.split('/').next() {
                    Some("events") => ContentType::Event,
                    Some("leaflets") => ContentType::Leaflet,
                    _ => ContentType::Page,
                };
                let source = SourceFile::new(format!("content/{rel}"), text.to_string());
                parse_content_file(&config, rel, source, kind).unwrap()
            })
            .collect();
        let content = Content {
            files,
            drafts: Vec::new(),
            attachments: Vec::new(),
        };
        crate::site::resolve_site(config, content).0
    }

    const FILES: &[(&str, &str)] = &[
        (
            "_index.id.md",
            "---\ntitle: Beranda\nupdated: 2025-01-02\n---\n",
        ),
        (
            "_index.en.md",
            "---\ntitle: Home\nupdated: 2025-03-04\n---\n",
        ),
        (
            "countries/_index.id.md",
            "---\ntitle: Negara\nslug: negara\n---\n",
        ),
        (
            "countries/japan.id.md",
            "---\ntitle: Jepang\nslug: jepang\nreviewed: 2025-06-01\nupdated: 2025-05-01\n---\n",
        ),
        (
            "countries/japan.en.md",
            "---\ntitle: Japan\nreviewed: 2025-06-02\n---\n",
        ),
        (
            "countries/korea.id.md",
            "---\ntitle: Korea\nslug: koréa&co\n---\n",
        ),
        ("plans.id.md", "---\ntitle: Rencana\ndraft: true\n---\n"),
        ("plans.en.md", "---\ntitle: Plans\n---\n"),
        (
            "leaflets/bontang.id.md",
            "---\ntitle: Lembar\ndate: 2025-08-06\npages: [../countries/japan.md]\n---\n",
        ),
        (
            "leaflets/bontang.en.md",
            "---\ntitle: Leaflet\ndate: 2025-08-07\npages: [../countries/japan.md]\n---\n",
        ),
    ];

    fn sitemap(base_url: &str, fallback: bool, files: &[(&str, &str)]) -> String {
        String::from_utf8(render(&site_of(base_url, fallback, files))).unwrap()
    }

    /// The sitemap with the editions the plan would give it.
    fn render(site: &Site) -> Vec<u8> {
        render_sitemap(site, &site.bilingual_editions())
    }

    const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
    const XHTML: &str = "http://www.w3.org/1999/xhtml";

    /// Each `<url>`: its `loc`, `lastmod` and (hreflang, href) alternates.
    type Url = (String, Option<String>, Vec<(String, String)>);

    fn urls(xml: &str) -> Vec<Url> {
        let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().namespace(), Some(SITEMAP));
        assert_eq!(root.tag_name().name(), "urlset");
        let child = |n: roxmltree::Node, name: &str| {
            n.children()
                .find(|c| c.tag_name().name() == name && c.tag_name().namespace() == Some(SITEMAP))
                .and_then(|c| c.text())
                .map(str::to_string)
        };
        root.children()
            .filter(|n| n.is_element())
            .map(|u| {
                let links = u
                    .children()
                    .filter(|c| {
                        c.tag_name().name() == "link" && c.tag_name().namespace() == Some(XHTML)
                    })
                    .map(|l| {
                        assert_eq!(l.attribute("rel"), Some("alternate"));
                        let get = |a: &str| l.attribute(a).unwrap().to_string();
                        (get("hreflang"), get("href"))
                    })
                    .collect();
                (
                    child(u, "loc").expect("a <loc>"),
                    child(u, "lastmod"),
                    links,
                )
            })
            .collect()
    }

    fn find<'a>(urls: &'a [Url], loc: &str) -> &'a Url {
        urls.iter()
            .find(|u| u.0 == loc)
            .unwrap_or_else(|| panic!("no <url> for {loc} in {urls:#?}"))
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn translations_list_every_language_and_the_chooser() {
        let urls = urls(&sitemap("https://x.org/", false, FILES));
        let expected = pairs(&[
            ("id", "https://x.org/id/negara/jepang/"),
            ("en", "https://x.org/en/countries/japan/"),
            ("x-default", "https://x.org/"),
        ]);
        let id = find(&urls, "https://x.org/id/negara/jepang/");
        assert_eq!(id.2, expected);
        assert_eq!(id.1.as_deref(), Some("2025-05-01"), "updated wins");
        let en = find(&urls, "https://x.org/en/countries/japan/");
        assert_eq!(en.2, expected, "each version lists all, itself included");
        assert_eq!(en.1.as_deref(), Some("2025-06-02"), "else reviewed");
    }

    #[test]
    fn the_chooser_points_at_every_home() {
        let urls = urls(&sitemap("https://x.org/", false, FILES));
        assert_eq!(urls[0].0, "https://x.org/", "sorted: the chooser first");
        let homes = pairs(&[
            ("id", "https://x.org/id/"),
            ("en", "https://x.org/en/"),
            ("x-default", "https://x.org/"),
        ]);
        assert_eq!(urls[0].2, homes);
        assert_eq!(urls[0].1.as_deref(), Some("2025-03-04"));
        assert_eq!(find(&urls, "https://x.org/id/").2, homes);
    }

    #[test]
    fn pages_alone_have_no_alternates_and_sections_change_with_their_pages() {
        let urls = urls(&sitemap("https://x.org/", false, FILES));
        let negara = find(&urls, "https://x.org/id/negara/");
        assert!(negara.2.is_empty());
        assert_eq!(negara.1.as_deref(), Some("2025-05-01"), "its newest page");
        let korea = find(&urls, "https://x.org/id/negara/kor%C3%A9a&co/");
        assert_eq!(korea.1, None, "no date in front matter: no lastmod");
    }

    #[test]
    fn drafts_and_fallback_copies_are_left_out() {
        let xml = sitemap("https://x.org/", true, FILES);
        let urls = urls(&xml);
        assert!(!xml.contains("/id/plans/"), "a draft, even with --drafts");
        // Its English translation stands alone.
        assert!(find(&urls, "https://x.org/en/plans/").2.is_empty());
        // The fallback copy of the Korean page at /en/ is not listed.
        assert!(!xml.contains("/en/countries/kor"), "{xml}");
        assert!(urls.iter().all(|u| u.0 != "https://x.org/en/countries/"));
        let locs: Vec<&str> = urls.iter().map(|u| u.0.as_str()).collect();
        let mut sorted = locs.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(locs, sorted, "sorted, each address once");
    }

    #[test]
    fn bilingual_leaflet_editions_are_listed_without_alternates() {
        let urls = urls(&sitemap("https://x.org/", false, FILES));
        let edition = find(&urls, "https://x.org/leaflets/bontang/");
        assert!(edition.2.is_empty());
        assert_eq!(edition.1.as_deref(), Some("2025-08-07"));
        let one_language: Vec<(&str, &str)> = FILES
            .iter()
            .copied()
            .filter(|(rel, _)| *rel != "leaflets/bontang.en.md")
            .collect();
        let xml = sitemap("https://x.org/", false, &one_language);
        assert!(!xml.contains("https://x.org/leaflets/"), "{xml}");
    }

    #[test]
    fn every_address_is_below_a_base_url_with_a_path_and_escaped() {
        let xml = sitemap("https://x.org/bontang/", false, FILES);
        // Non-ASCII is percent-encoded, `&` escaped for XML.
        assert!(xml.contains("<loc>https://x.org/bontang/id/negara/kor%C3%A9a&amp;co/</loc>"));
        let urls = urls(&xml);
        assert_eq!(urls[0].0, "https://x.org/bontang/");
        for (loc, _, alternates) in &urls {
            assert!(loc.starts_with("https://x.org/bontang/"), "{loc}");
            for (_, href) in alternates {
                assert!(href.starts_with("https://x.org/bontang/"), "{href}");
            }
        }
        find(&urls, "https://x.org/bontang/id/negara/kor%C3%A9a&co/");
    }

    #[test]
    fn the_same_site_gives_the_same_bytes() {
        let a = render(&site_of("https://x.org/", false, FILES));
        let b = render(&site_of("https://x.org/", false, FILES));
        assert_eq!(a, b);
    }

    #[test]
    fn escaping_keeps_the_document_well_formed() {
        assert_eq!(
            escape_xml("A & <b> \"c\" 'd'\u{1}\u{fffe}é\n"),
            "A &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;é\n"
        );
        // XML 1.0 holds C1 controls (U+0080 to U+009F): kept, as written.
        assert_eq!(escape_xml("\u{7f}a\u{80}\u{9f}"), "a\u{80}\u{9f}");
    }

    #[test]
    fn robots_allows_all_and_names_the_sitemap() {
        let site = site_of("https://x.org/", false, FILES);
        let robots = String::from_utf8(render_robots(&site)).unwrap();
        assert_eq!(
            robots,
            "User-agent: *\nAllow: /\n\nSitemap: https://x.org/sitemap.xml\n"
        );
        let site = site_of("https://x.org/bontang/", false, FILES);
        let robots = String::from_utf8(render_robots(&site)).unwrap();
        assert!(robots.starts_with(
            "# Crawlers read robots.txt only at the root of a host, not at /bontang/"
        ));
        assert!(robots.ends_with("Sitemap: https://x.org/bontang/sitemap.xml\n"));
    }
}
