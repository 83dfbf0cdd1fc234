//! Publishing files: `sitemap.xml`, `robots.txt` and the events' Atom feeds
//! that a build writes, read back as XML.

use crate::support::{Site, fixtures, snapshot_tree};

const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML: &str = "http://www.w3.org/1999/xhtml";
const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The base fixture with two more events (one a draft), built with `args`.
fn built(args: &[&str]) -> Site {
    let site = Site::overlay(&fixtures().join("publish"));
    site.build(args).success();
    site
}

/// Each `<url>` of a sitemap: its `loc` and its (hreflang, href) alternates.
fn sitemap_urls(xml: &str) -> Vec<(String, Vec<(String, String)>)> {
    let doc = roxmltree::Document::parse(xml).expect("sitemap.xml is well-formed XML");
    let root = doc.root_element();
    assert_eq!(
        (root.tag_name().namespace(), root.tag_name().name()),
        (Some(SITEMAP), "urlset")
    );
    root.children()
        .filter(|n| n.is_element())
        .map(|url| {
            let loc = url
                .children()
                .find(|c| c.has_tag_name((SITEMAP, "loc")))
                .and_then(|c| c.text())
                .expect("every <url> has a <loc>")
                .to_string();
            let alternates = url
                .children()
                .filter(|c| c.has_tag_name((XHTML, "link")))
                .map(|l| {
                    let get = |a: &str| l.attribute(a).unwrap_or_default().to_string();
                    (get("hreflang"), get("href"))
                })
                .collect();
            (loc, alternates)
        })
        .collect()
}

fn alternates_of<'a>(
    urls: &'a [(String, Vec<(String, String)>)],
    loc: &str,
) -> &'a [(String, String)] {
    &urls
        .iter()
        .find(|(l, _)| l == loc)
        .unwrap_or_else(|| panic!("the sitemap lists no {loc}"))
        .1
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// The titles of a feed's entries, in order, checking what Atom requires.
fn feed_titles(xml: &str, lang: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("the feed is well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    assert_eq!(
        feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some(lang)
    );
    let has =
        |node: roxmltree::Node, name: &str| node.children().any(|c| c.has_tag_name((ATOM, name)));
    for required in ["id", "title", "updated", "author", "link"] {
        assert!(has(feed, required), "the feed lacks <{required}>");
    }
    let rels: Vec<&str> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "link")))
        .filter_map(|l| l.attribute("rel"))
        .collect();
    assert_eq!(rels, ["self", "alternate"]);
    feed.children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|entry| {
            for required in ["id", "title", "updated", "link", "summary"] {
                assert!(has(entry, required), "an entry lacks <{required}>");
            }
            entry
                .children()
                .find(|c| c.has_tag_name((ATOM, "title")))
                .and_then(|t| t.text())
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn the_sitemap_lists_every_page_with_its_translations_and_the_chooser() {
    let site = built(&[]);
    let urls = sitemap_urls(&site.read("public/sitemap.xml"));
    assert_eq!(
        alternates_of(&urls, "https://example.org/id/negara/jepang/"),
        pairs(&[
            ("id", "https://example.org/id/negara/jepang/"),
            ("en", "https://example.org/en/countries/japan/"),
            ("x-default", "https://example.org/"),
        ])
    );
    assert_eq!(
        alternates_of(&urls, "https://example.org/"),
        pairs(&[
            ("id", "https://example.org/id/"),
            ("en", "https://example.org/en/"),
            ("x-default", "https://example.org/"),
        ])
    );
    // The bilingual leaflet edition stands alone.
    assert!(alternates_of(&urls, "https://example.org/leaflets/bontang/").is_empty());
    // Every address is a page the build wrote, and every page a search engine
    // may index (no `noindex`, like the search page's) is listed.
    let mut listed: Vec<String> = urls
        .iter()
        .map(|(loc, _)| {
            let path = loc.strip_prefix("https://example.org/").unwrap();
            format!("{path}index.html")
        })
        .collect();
    listed.sort();
    let pages: Vec<String> = site
        .files("public")
        .into_iter()
        .filter(|f| f.ends_with("index.html"))
        .filter(|f| {
            !site
                .read(&format!("public/{f}"))
                .contains(r#"<meta name="robots" content="noindex">"#)
        })
        .collect();
    assert_eq!(listed, pages);
}

#[test]
fn drafts_are_not_listed_even_when_built() {
    let site = built(&["--drafts"]);
    assert!(
        site.path("public/id/kegiatan/rencana/index.html").exists(),
        "the draft is built"
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(!sitemap.contains("rencana"), "{sitemap}");
    let feed = site.read("public/id/kegiatan/atom.xml");
    assert!(!feed.contains("rencana"), "{feed}");
}

#[test]
fn fallback_copies_are_left_to_their_original() {
    let site = Site::overlay(&fixtures().join("fallback"));
    site.build(&[]).success();
    assert!(site.path("public/en/kontak/index.html").exists());
    let urls = sitemap_urls(&site.read("public/sitemap.xml"));
    assert!(alternates_of(&urls, "https://example.org/id/kontak/").is_empty());
    assert!(urls.iter().all(|(loc, _)| !loc.ends_with("/en/kontak/")));
}

#[test]
fn robots_allows_all_and_names_the_sitemap() {
    let site = built(&[]);
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"
    );
}

#[test]
fn each_language_has_an_events_feed_newest_first() {
    let site = built(&[]);
    let id = site.read("public/id/kegiatan/atom.xml");
    assert_eq!(
        feed_titles(&id, "id"),
        [
            "Penyuluhan di Bontang",
            "Tanya & jawab <kerja> di Samarinda"
        ]
    );
    assert!(id.contains("<title>Tanya &amp; jawab &lt;kerja&gt; di Samarinda</title>"));
    assert!(id.contains(
        "<summary type=\"text\">2025-03-12 · Samarinda, Kalimantan Timur — Sesi tanya jawab tentang kerja resmi ke luar negeri.</summary>"
    ));
    assert!(id.contains("<updated>2025-08-06T00:00:00Z</updated>"));
    let en = site.read("public/en/events/atom.xml");
    assert_eq!(
        feed_titles(&en, "en"),
        [
            "Counselling in Bontang",
            "Questions & answers <work> in Samarinda"
        ]
    );
    assert!(en.contains("<name>Bontang manpower office</name>"));
}

#[test]
fn a_base_url_with_a_path_reaches_every_address() {
    let base = "https://example.org/bontang/";
    let site = built(&["--base-url", base]);
    let urls = sitemap_urls(&site.read("public/sitemap.xml"));
    assert!(urls.len() > 10);
    for (loc, alternates) in &urls {
        assert!(loc.starts_with(base), "{loc}");
        for (_, href) in alternates {
            assert!(href.starts_with(base), "{href}");
        }
    }
    assert!(
        site.read("public/robots.txt")
            .ends_with("Sitemap: https://example.org/bontang/sitemap.xml\n")
    );
    for feed in ["public/id/kegiatan/atom.xml", "public/en/events/atom.xml"] {
        let xml = site.read(feed);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        for node in doc.descendants() {
            let address = match node.tag_name().name() {
                "id" => node.text(),
                "link" => node.attribute("href"),
                _ => continue,
            };
            assert!(address.unwrap().starts_with(base), "{feed}: {address:?}");
        }
    }
}

#[test]
fn the_same_sources_give_the_same_bytes() {
    let site = built(&[]);
    let first = snapshot_tree(&site.path("public"));
    site.build(&[]).success();
    let second = snapshot_tree(&site.path("public"));
    let publishing = |tree: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> {
        tree.iter()
            .filter(|(f, _)| f.ends_with(".xml") || f == "robots.txt")
            .cloned()
            .collect()
    };
    assert_eq!(publishing(&first).len(), 4, "sitemap, robots and two feeds");
    assert_eq!(publishing(&first), publishing(&second));
}
