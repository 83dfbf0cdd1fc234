use super::*;
use crate::content::parse_content_file;
use crate::source::SourceFile;

fn resolve(fallback: bool, files: &[(&str, &str)]) -> (Site, Vec<Diagnostic>) {
    let yaml = format!("title: {{id: A, en: B}}\nbase_url: https://x.org/\nfallback: {fallback}\n");
    resolve_with(&yaml, files)
}

fn resolve_with(yaml: &str, files: &[(&str, &str)]) -> (Site, Vec<Diagnostic>) {
    let yaml = yaml.to_string();
    let config = crate::config::parse_config(
        &SourceFile::new("site.yaml", yaml),
        std::path::Path::new("."),
        None,
    )
    .unwrap();
    let files = files
        .iter()
        .map(|(rel, text)| {
            let source = SourceFile::new(format!("content/{rel}"), text.to_string());
            parse_content_file(&config, rel, source, ContentType::Page).unwrap()
        })
        .collect();
    resolve_site(
        config,
        Content {
            files,
            drafts: Vec::new(),
            attachments: Vec::new(),
        },
    )
}

fn url(site: &Site, key: &str, lang: &str) -> String {
    site.docs[site.doc_for(key, lang).unwrap()].url.clone()
}

const NEGARA: (&str, &str) = (
    "countries/_index.id.md",
    "---\ntitle: Negara\nslug: negara\n---\n",
);
const JEPANG: (&str, &str) = (
    "countries/japan.id.md",
    "---\ntitle: Jepang\nslug: jepang\n---\n",
);
const JAPAN: (&str, &str) = ("countries/japan.en.md", "---\ntitle: Japan\n---\n");

#[test]
fn urls_use_each_languages_slugs() {
    let (site, _) = resolve(
        false,
        &[
            NEGARA,
            JEPANG,
            JAPAN,
            ("_index.md", "---\ntitle: Beranda\n---\n"),
        ],
    );
    assert_eq!(url(&site, "countries/japan", "id"), "id/negara/jepang/");
    // No English `_index` for the folder: its name is the slug.
    assert_eq!(url(&site, "countries/japan", "en"), "en/countries/japan/");
    assert_eq!(url(&site, "countries/_index", "id"), "id/negara/");
    assert_eq!(url(&site, "_index", "id"), "id/");
}

#[test]
fn the_switcher_falls_back_to_the_nearest_section_then_the_chooser() {
    let en_section = ("countries/_index.en.md", "---\ntitle: Countries\n---\n");
    let (site, problems) = resolve(false, &[NEGARA, en_section, JEPANG]);
    let jepang = site.doc_for("countries/japan", "id").unwrap();
    assert_eq!(
        site.switch_target(jepang, "en"),
        site.doc_for("countries/_index", "en")
    );
    assert!(
        problems
            .iter()
            .any(|d| d.message == "no `en` translation of this page")
    );
    let (site, _) = resolve(false, &[JEPANG]);
    let jepang = site.doc_for("countries/japan", "id").unwrap();
    assert_eq!(site.switch_target(jepang, "en"), None);
}

#[test]
fn fallback_copies_live_at_the_missing_languages_url() {
    let (site, _) = resolve(true, &[NEGARA, JEPANG]);
    let copy = site.doc_for("countries/japan", "en").unwrap();
    assert_eq!(site.docs[copy].url, "en/countries/jepang/");
    assert_eq!(
        site.docs[copy].original,
        site.doc_for("countries/japan", "id")
    );
    // A copy is not a translation: hreflang lists only the original.
    assert_eq!(
        site.translations(copy),
        vec![site.doc_for("countries/japan", "id").unwrap()]
    );
}

#[test]
fn a_files_documents_are_its_own_and_its_fallback_copies() {
    let (site, _) = resolve(true, &[NEGARA, JEPANG]);
    for index in 0..site.files.len() {
        let scanned: Vec<DocId> = (0..site.docs.len())
            .filter(|&d| site.docs[d].file == index)
            .collect();
        assert_eq!(site.docs_of_file(index), scanned);
    }
    let japan = site.file_index("countries/japan.id.md").unwrap();
    assert_eq!(site.docs_of_file(japan).len(), 2, "the page and its copy");
}

#[test]
fn a_fallback_copy_shows_the_default_languages_page_when_there_is_one() {
    // With three languages, a page in `en` and `id` (the default) is
    // shown to `ms` readers in `id`, whatever the order of the files.
    let yaml = "title: {id: A, en: B, ms: C}\nbase_url: https://x.org/\nlanguages: [id, en, ms]\nfallback: true\n";
    let (site, _) = resolve_with(
        yaml,
        &[
            ("a.en.md", "---\ntitle: A\n---\n"),
            ("a.id.md", "---\ntitle: A\n---\n"),
        ],
    );
    let copy = site.doc_for("a", "ms").expect("a fallback copy");
    assert_eq!(site.docs[copy].original, site.doc_for("a", "id"));
}

#[test]
fn ancestors_climb_to_the_top() {
    assert_eq!(
        ancestors("a/b/c").collect::<Vec<_>>(),
        ["a/b/c", "a/b", "a", ""]
    );
    assert_eq!(ancestors("").collect::<Vec<_>>(), [""]);
}

#[test]
fn nested_sections_chain_their_parents_and_slugs() {
    let asia = (
        "countries/asia/_index.id.md",
        "---\ntitle: Asia\nslug: asia-timur\n---\n",
    );
    let korea = ("countries/asia/korea.id.md", "---\ntitle: Korea\n---\n");
    let (site, _) = resolve(false, &[NEGARA, asia, korea]);
    let korea = site.doc_for("countries/asia/korea", "id").unwrap();
    assert_eq!(site.docs[korea].url, "id/negara/asia-timur/korea/");
    let asia = site.docs[korea].parent.unwrap();
    assert_eq!(site.docs[asia].key, "countries/asia/_index");
    let negara = site.docs[asia].parent.unwrap();
    assert_eq!(site.docs[negara].subsections, [asia]);
}

#[test]
fn colliding_urls_are_errors() {
    let other = (
        "countries/nihon.id.md",
        "---\ntitle: Nihon\nslug: jepang\n---\n",
    );
    let (_, problems) = resolve(false, &[JEPANG, other]);
    assert!(
        problems
            .iter()
            .any(|d| d.message == "two pages have the same URL `/id/countries/jepang/`")
    );
}

#[test]
fn links_without_a_language_reach_the_readers_translation() {
    let (site, _) = resolve(false, &[JEPANG, JAPAN]);
    let en = site.doc_for("countries/japan", "en").unwrap();
    assert_eq!(
        site.link_target("countries/japan.md", "en"),
        LinkTarget::Doc(en)
    );
    assert_eq!(
        site.link_target("countries/japan.id.md", "en"),
        LinkTarget::Doc(en)
    );
    assert_eq!(
        site.link_target("countries/japan.ID.md", "en"),
        LinkTarget::Doc(en)
    );
    assert_eq!(
        site.link_target("countries/japn.en.md", "en"),
        LinkTarget::Missing {
            suggestion: Some("countries/japan.en.md".into())
        }
    );
    assert_eq!(
        site.link_target("countries/nope1.md", "en"),
        LinkTarget::Missing { suggestion: None }
    );
}

#[test]
fn sections_list_their_pages_in_order() {
    let events = (
        "events/_index.md",
        "---\ntitle: Kegiatan\nsort_by: date\n---\n",
    );
    let a = ("events/a.md", "---\ntitle: A\ndate: 2025-01-01\n---\n");
    let b = ("events/b.md", "---\ntitle: B\ndate: 2025-08-06\n---\n");
    let (site, _) = resolve(false, &[events, a, b]);
    let section = &site.docs[site.doc_for("events/_index", "id").unwrap()];
    let titles: Vec<&str> = section
        .pages
        .iter()
        .map(|&p| site.file(&site.docs[p]).common().title.as_str())
        .collect();
    assert_eq!(titles, ["B", "A"], "newest first");
}

#[test]
fn file_names_become_lowercase_urls_with_dashes() {
    let (site, _) = resolve(
        false,
        &[
            ("Kontak Kami.id.md", "---\ntitle: Kontak\n---\n"),
            ("Tentang/_index.id.md", "---\ntitle: Tentang\n---\n"),
            ("Tentang/Visi  Misi.id.md", "---\ntitle: Visi\n---\n"),
            ("x.id.md", "---\ntitle: X\nslug: Jepang\n---\n"),
        ],
    );
    assert_eq!(url(&site, "Kontak Kami", "id"), "id/kontak-kami/");
    assert_eq!(url(&site, "Tentang/_index", "id"), "id/tentang/");
    assert_eq!(
        url(&site, "Tentang/Visi  Misi", "id"),
        "id/tentang/visi-misi/"
    );
    assert_eq!(url(&site, "x", "id"), "id/jepang/");
}

#[test]
fn names_that_differ_only_in_case_or_unicode_form_collide() {
    let page = "---\ntitle: Kontak\n---\n";
    for (one, other) in [
        ("Kontak.id.md", "kontak.id.md"),
        ("caf\u{e9}.id.md", "cafe\u{301}.id.md"),
        ("kontak kami.id.md", "kontak-kami.id.md"),
    ] {
        let (_, problems) = resolve(false, &[(one, page), (other, page)]);
        let collision = problems
            .iter()
            .find(|d| d.message.starts_with("two pages have the same URL"))
            .unwrap_or_else(|| panic!("{one} and {other} should collide: {problems:?}"));
        let help = collision.help.as_deref().unwrap_or_default();
        let named = |f: &str| {
            collision.path.as_deref() == Some(std::path::Path::new(&format!("content/{f}")))
                || help.contains(&format!("`content/{f}`"))
        };
        assert!(named(one) && named(other), "{collision}");
        // Two spellings that look alike are told apart by what differs.
        let unicode = one.starts_with("caf");
        assert_eq!(help.contains("two Unicode forms"), unicode, "{help}");
        assert_eq!(help.contains("URLs are lowercase"), !unicode, "{help}");
    }
}

#[test]
fn a_file_name_that_cannot_be_a_url_is_refused() {
    let config = crate::config::parse_config(
        &SourceFile::new(
            "site.yaml",
            "title: {id: A, en: B}\nbase_url: https://x.org/\n".into(),
        ),
        std::path::Path::new("."),
        None,
    )
    .unwrap();
    let source = SourceFile::new("content/a?b.id.md", "---\ntitle: A\n---\n".into());
    let e = parse_content_file(&config, "a?b.id.md", source, ContentType::Page).unwrap_err();
    assert_eq!(
        e[0].message,
        "the file name cannot be a URL: the slug `a?b` has characters that are not allowed in a URL path"
    );
}
