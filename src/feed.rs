//! Stage `render` (publishing files): [`Site`] → one Atom feed per language of
//! every section whose pages are events, as bytes. Pure; no I/O.
//!
//! Every date comes from front matter (never the clock), so the same sources
//! give the same feed. Text is the editors' own, in the feed's language: no UI
//! strings are needed.

use std::fmt::Write as _;

use crate::date::Date;
use crate::front_matter::ContentType;
use crate::site::{DocId, Site};
use crate::sitemap::{absolute_url, escape_xml, is_published, last_changed};

/// One feed: the events of one section in one language.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Feed {
    pub lang: String,
    /// The events section document in that language.
    pub section: DocId,
    /// The output path below the output folder: `id/kegiatan/atom.xml`.
    pub path: String,
    /// The base-path-absolute URL: `/id/kegiatan/atom.xml`, `/bontang/id/kegiatan/atom.xml`.
    pub url: String,
    /// `<section title> · <site title>`.
    pub title: String,
}

/// Every feed of the site: one per language per section whose pages are
/// events, in the site's language order, then by path. A section shown from its own file (not a
/// fallback copy, not a draft) that has an `updated` day, its newest event's
/// or else its own: a feed cannot go without one, and the clock is no source.
pub fn find_feeds(site: &Site) -> Vec<Feed> {
    let mut feeds: Vec<Feed> = (0..site.docs.len())
        .filter(|&id| {
            let doc = &site.docs[id];
            doc.is_section && doc.kind == ContentType::Event && is_published(site, id)
        })
        .filter(|&id| feed_updated(site, id, &entries(site, id)).is_some())
        .map(|id| {
            let doc = &site.docs[id];
            let path = format!("{}atom.xml", doc.url);
            let section_title = &site.file(doc).common().title;
            let title = match site.config.title.get(&doc.lang) {
                Some(site_title) => format!("{section_title} · {site_title}"),
                None => section_title.clone(),
            };
            Feed {
                lang: doc.lang.clone(),
                section: id,
                url: site.config.link(&path),
                path,
                title,
            }
        })
        .collect();
    let languages = &site.config.languages;
    feeds.sort_by_cached_key(|f| (languages.iter().position(|l| *l == f.lang), f.path.clone()));
    feeds
}

/// The Atom document of one feed (RFC 4287): newest event first.
pub fn render_feed(site: &Site, feed: &Feed) -> Vec<u8> {
    let section = &site.docs[feed.section];
    let common = site.file(section).common();
    let entries = entries(site, feed.section);
    let self_url = absolute_url(site, &feed.path);
    let mut xml = String::new();
    let _ = writeln!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape_xml(&feed.lang)
    );
    let _ = writeln!(xml, "  <id>{}</id>", escape_xml(&self_url));
    let _ = writeln!(xml, "  <title>{}</title>", escape_xml(&feed.title));
    if let Some(description) = &common.description {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", escape_xml(description));
    }
    if let Some(day) = feed_updated(site, feed.section, &entries) {
        let _ = writeln!(xml, "  <updated>{}</updated>", timestamp(day));
    }
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape_xml(&self_url)
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" hreflang=\"{}\" href=\"{}\"/>",
        escape_xml(&feed.lang),
        escape_xml(&absolute_url(site, &section.url))
    );
    let site_title = site.config.title.get(&feed.lang).unwrap_or(&common.title);
    let _ = writeln!(
        xml,
        "  <author>\n    <name>{}</name>\n  </author>",
        escape_xml(site_title)
    );
    for (id, updated) in entries {
        write_entry(&mut xml, site, id, updated);
    }
    xml.push_str("</feed>\n");
    xml.into_bytes()
}

/// A section's published events with the day each last changed, newest
/// event first (by its day, then address, so ties are stable).
fn entries(site: &Site, section: DocId) -> Vec<(DocId, Date)> {
    let mut entries: Vec<(DocId, Date)> = site.docs[section]
        .pages
        .iter()
        .copied()
        .filter(|&p| is_published(site, p))
        // Every event has a `date` (a parse check): none is skipped in practice.
        .filter_map(|p| Some((p, last_changed(site.file(&site.docs[p]).common())?)))
        .collect();
    let day = |id: DocId| site.file(&site.docs[id]).common().date;
    entries
        .sort_by(|&(a, _), &(b, _)| (day(b), &site.docs[a].url).cmp(&(day(a), &site.docs[b].url)));
    entries
}

/// A feed's `updated`: its newest entry's, else the section's own day.
fn feed_updated(site: &Site, section: DocId, entries: &[(DocId, Date)]) -> Option<Date> {
    entries
        .iter()
        .map(|&(_, day)| day)
        .max()
        .or_else(|| last_changed(site.file(&site.docs[section]).common()))
}

/// Atom needs a date-time; front matter has days: midnight UTC.
fn timestamp(day: Date) -> String {
    format!("{day}T00:00:00Z")
}

fn write_entry(xml: &mut String, site: &Site, id: DocId, updated: Date) {
    let doc = &site.docs[id];
    let file = site.file(doc);
    let common = file.common();
    let event = file.typed().and_then(|t| t.event());
    let url = escape_xml(&absolute_url(site, &doc.url));
    let _ = write!(
        xml,
        "  <entry>\n    <id>{url}</id>\n    <title>{}</title>\n    <updated>{}</updated>\n    \
         <link rel=\"alternate\" type=\"text/html\" hreflang=\"{}\" href=\"{url}\"/>\n",
        escape_xml(&common.title),
        timestamp(updated),
        escape_xml(&doc.lang),
    );
    for organiser in event.map_or(&[][..], |e| &e.organisers[..]) {
        let _ = writeln!(
            xml,
            "    <author>\n      <name>{}</name>\n    </author>",
            escape_xml(organiser)
        );
    }
    for tag in &common.tags {
        let _ = writeln!(xml, "    <category term=\"{}\"/>", escape_xml(tag));
    }
    let summary = summary(common, event);
    if !summary.is_empty() {
        let _ = writeln!(
            xml,
            "    <summary type=\"text\">{}</summary>",
            escape_xml(&summary)
        );
    }
    xml.push_str("  </entry>\n");
}

/// `2025-08-06 · Bontang, Kalimantan Timur — <description>`: the day (ISO, the
/// same in every language) and place, then the page's description or the
/// event's own summary, all from front matter.
fn summary(common: &crate::front_matter::Common, event: Option<&crate::types::Event>) -> String {
    let when_where: Vec<String> = common
        .date
        .map(|d| d.to_string())
        .into_iter()
        .chain(
            event
                .map(|e| e.place.clone())
                .filter(|p| !p.trim().is_empty()),
        )
        .collect();
    let text = common
        .description
        .as_deref()
        .or(event.and_then(|e| e.summary.as_deref()))
        .map(str::trim)
        .filter(|t| !t.is_empty());
    match (when_where.join(" · "), text) {
        (head, Some(text)) if !head.is_empty() => format!("{head} — {text}"),
        (_, Some(text)) => text.to_string(),
        (head, None) => head,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sitemap::tests::site_of;

    const FILES: &[(&str, &str)] = &[
        ("_index.id.md", "---\ntitle: Beranda\n---\n"),
        ("_index.en.md", "---\ntitle: Home\n---\n"),
        (
            "events/_index.id.md",
            "---\ntitle: Kegiatan\nslug: kegiatan\ntype: event\nsort_by: weight\ndescription: Laporan\n---\n",
        ),
        (
            "events/_index.en.md",
            "---\ntitle: Events\ntype: event\nsort_by: date\n---\n",
        ),
        (
            "events/old.id.md",
            "---\ntitle: Lama\ndate: 2024-01-01\nupdated: 2024-02-01\nweight: -1\nplace: Samarinda\norganisers: [Disnaker]\n---\n",
        ),
        (
            "events/new.id.md",
            "---\ntitle: Baru & <segar>\ndate: 2025-08-06\nplace: Bontang\ndescription: Penyuluhan kerja.\norganisers: [Pemkot Bontang, BP2MI]\ntags: [penyuluhan]\n---\n",
        ),
        (
            "events/new.en.md",
            "---\ntitle: New\ndate: 2025-08-06\nplace: Bontang\nsummary: Counselling.\norganisers: [Bontang city]\n---\n",
        ),
        (
            "events/plan.id.md",
            "---\ntitle: Rencana\ndate: 2026-01-01\nplace: X\norganisers: []\ndraft: true\n---\n",
        ),
        ("about/_index.id.md", "---\ntitle: Tentang\n---\n"),
    ];

    const ATOM: &str = "http://www.w3.org/2005/Atom";
    const XML: &str = "http://www.w3.org/XML/1998/namespace";

    fn feed_xml(base_url: &str, fallback: bool, lang: &str) -> String {
        let site = site_of(base_url, fallback, FILES);
        let feed = find_feeds(&site)
            .into_iter()
            .find(|f| f.lang == lang)
            .expect("a feed in that language");
        String::from_utf8(render_feed(&site, &feed)).unwrap()
    }

    fn atom<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Vec<roxmltree::Node<'a, 'a>> {
        node.children()
            .filter(|c| c.tag_name().name() == name && c.tag_name().namespace() == Some(ATOM))
            .collect()
    }

    fn text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> &'a str {
        let found = atom(node, name);
        assert_eq!(found.len(), 1, "one <{name}>");
        found[0].text().unwrap_or("")
    }

    fn link<'a>(node: roxmltree::Node<'a, 'a>, rel: &str) -> &'a str {
        let found: Vec<_> = atom(node, "link")
            .into_iter()
            .filter(|l| l.attribute("rel") == Some(rel))
            .collect();
        assert_eq!(found.len(), 1, "one link rel={rel}");
        found[0].attribute("href").unwrap()
    }

    #[test]
    fn one_feed_per_language_of_each_event_section() {
        let site = site_of("https://x.org/", false, FILES);
        let feeds = find_feeds(&site);
        let got: Vec<(&str, &str, &str, &str)> = feeds
            .iter()
            .map(|f| {
                (
                    f.lang.as_str(),
                    f.path.as_str(),
                    f.url.as_str(),
                    f.title.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "id",
                    "id/kegiatan/atom.xml",
                    "/id/kegiatan/atom.xml",
                    "Kegiatan · Situs & <Uji>"
                ),
                (
                    "en",
                    "en/events/atom.xml",
                    "/en/events/atom.xml",
                    "Events · Test"
                ),
            ]
        );
        assert_eq!(site.docs[feeds[0].section].key, "events/_index");
        let site = site_of("https://x.org/bontang/", false, FILES);
        assert_eq!(find_feeds(&site)[0].url, "/bontang/id/kegiatan/atom.xml");
    }

    #[test]
    fn the_feed_has_what_atom_requires() {
        let xml = feed_xml("https://x.org/", false, "id");
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let feed = doc.root_element();
        assert_eq!(feed.tag_name().namespace(), Some(ATOM));
        assert_eq!(feed.tag_name().name(), "feed");
        assert_eq!(feed.attribute((XML, "lang")), Some("id"));
        assert_eq!(text(feed, "id"), "https://x.org/id/kegiatan/atom.xml");
        assert_eq!(text(feed, "title"), "Kegiatan · Situs & <Uji>");
        assert_eq!(text(feed, "subtitle"), "Laporan");
        assert_eq!(
            text(feed, "updated"),
            "2025-08-06T00:00:00Z",
            "the newest entry's"
        );
        assert_eq!(link(feed, "self"), "https://x.org/id/kegiatan/atom.xml");
        assert_eq!(link(feed, "alternate"), "https://x.org/id/kegiatan/");
        assert_eq!(text(atom(feed, "author")[0], "name"), "Situs & <Uji>");
    }

    #[test]
    fn entries_are_events_newest_first_with_day_place_and_organisers() {
        let xml = feed_xml("https://x.org/", false, "id");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let entries = atom(doc.root_element(), "entry");
        // The section sorts by weight, the feed by date; the draft is left out.
        let titles: Vec<&str> = entries.iter().map(|e| text(*e, "title")).collect();
        assert_eq!(titles, ["Baru & <segar>", "Lama"]);
        let new = entries[0];
        assert_eq!(text(new, "id"), "https://x.org/id/kegiatan/new/");
        assert_eq!(link(new, "alternate"), "https://x.org/id/kegiatan/new/");
        assert_eq!(text(new, "updated"), "2025-08-06T00:00:00Z");
        assert_eq!(
            text(new, "summary"),
            "2025-08-06 · Bontang — Penyuluhan kerja."
        );
        let authors: Vec<&str> = atom(new, "author")
            .into_iter()
            .map(|a| text(a, "name"))
            .collect();
        assert_eq!(authors, ["Pemkot Bontang", "BP2MI"]);
        assert_eq!(
            atom(new, "category")[0].attribute("term"),
            Some("penyuluhan")
        );
        let old = entries[1];
        assert_eq!(
            text(old, "updated"),
            "2024-02-01T00:00:00Z",
            "`updated` wins"
        );
        assert_eq!(text(old, "summary"), "2024-01-01 · Samarinda");
        assert!(!xml.contains("Rencana"));
    }

    #[test]
    fn fallback_copies_stay_in_their_own_languages_feed() {
        let xml = feed_xml("https://x.org/", true, "en");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let entries = atom(doc.root_element(), "entry");
        let ids: Vec<&str> = entries.iter().map(|e| text(*e, "id")).collect();
        assert_eq!(ids, ["https://x.org/en/events/new/"]);
        assert_eq!(
            text(entries[0], "summary"),
            "2025-08-06 · Bontang — Counselling."
        );
        assert_eq!(doc.root_element().attribute((XML, "lang")), Some("en"));
    }

    #[test]
    fn every_address_is_below_a_base_url_with_a_path() {
        let xml = feed_xml("https://x.org/bontang/", false, "id");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let mut checked = 0;
        for node in doc.descendants() {
            let address = match node.tag_name().name() {
                "id" => node.text(),
                "link" => node.attribute("href"),
                _ => continue,
            };
            assert!(
                address.unwrap().starts_with("https://x.org/bontang/"),
                "{address:?}"
            );
            checked += 1;
        }
        assert_eq!(
            checked,
            1 + 2 + 2 * 2,
            "feed id and links, entries' id and link"
        );
    }

    #[test]
    fn sections_without_a_day_have_no_feed_and_output_is_deterministic() {
        let empty: &[(&str, &str)] = &[(
            "events/_index.id.md",
            "---\ntitle: Kegiatan\ntype: event\n---\n",
        )];
        assert!(find_feeds(&site_of("https://x.org/", false, empty)).is_empty());
        let dated: &[(&str, &str)] = &[(
            "events/_index.id.md",
            "---\ntitle: Kegiatan\ntype: event\nupdated: 2025-01-01\n---\n",
        )];
        let site = site_of("https://x.org/", false, dated);
        let feeds = find_feeds(&site);
        assert_eq!(feeds.len(), 1);
        let xml = String::from_utf8(render_feed(&site, &feeds[0])).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        assert_eq!(text(doc.root_element(), "updated"), "2025-01-01T00:00:00Z");
        assert!(atom(doc.root_element(), "entry").is_empty());
        assert_eq!(
            feed_xml("https://x.org/", false, "id"),
            feed_xml("https://x.org/", false, "id")
        );
    }
}
