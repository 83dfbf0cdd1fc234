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
        "---\ntitle: Rencana\ndate: 2026-01-01\nplace: X\norganisers: [Panitia]\ndraft: true\n---\n",
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
