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

/// A feed's file name, in its section's folder.
pub const FILE_NAME: &str = "atom.xml";

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
            let path = format!("{}{FILE_NAME}", doc.url);
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
mod tests;
