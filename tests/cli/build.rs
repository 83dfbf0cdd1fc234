//! Feature fixtures: what a successful build writes.

use crate::support::{Site, decode_qr, main_of, snapshot_tree};

fn built(name: &str, args: &[&str]) -> Site {
    let site = if name == "base" {
        Site::copy("base")
    } else {
        Site::overlay(&crate::support::fixtures().join(name))
    };
    site.build(args).success();
    site
}

#[test]
fn bilingual_site_writes_every_page_under_its_language() {
    let site = built("base", &[]);
    insta::assert_snapshot!(site.files("public").join("\n"));
}

#[test]
fn every_page_has_lang_switcher_alternates_canonical_and_print_css() {
    let site = built("base", &[]);
    let id = site.read("public/id/negara/jepang/index.html");
    assert!(id.starts_with("<!DOCTYPE html>\n<html lang=\"id\">"));
    assert!(id.contains(r#"<link rel="canonical" href="https://example.org/id/negara/jepang/">"#));
    assert!(id.contains(
        r#"<link rel="alternate" hreflang="id" href="https://example.org/id/negara/jepang/">"#
    ));
    assert!(id.contains(
        r#"<link rel="alternate" hreflang="en" href="https://example.org/en/countries/japan/">"#
    ));
    assert!(
        id.contains(r#"<link rel="alternate" hreflang="x-default" href="https://example.org/">"#)
    );
    assert!(id.contains(r#"<link rel="stylesheet" href="/print.css?h="#));
    assert!(id.contains(r#"" media="print">"#));
    assert!(id.contains(
        r#"<a href="/en/countries/japan/" hreflang="en" lang="en" rel="alternate"><span class="lang-name">English</span> <span class="lang-code">EN</span></a>"#
    ));
    let en = site.read("public/en/countries/japan/index.html");
    assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(en.contains(r#"<a href="/id/negara/jepang/" hreflang="id" lang="id" rel="alternate"><span class="lang-name">Bahasa Indonesia</span> <span class="lang-code">ID</span></a>"#));
    // `404.html` is shown at addresses the site does not have: it has no alternates.
    let pages = site.files("public");
    for page in pages
        .iter()
        .filter(|f| f.ends_with(".html") && *f != "404.html")
    {
        let html = site.read(&format!("public/{page}"));
        for landmark in [
            "<main id=\"main\"",
            "<link rel=\"alternate\" hreflang=\"x-default\"",
            "media=\"print\"",
        ] {
            assert!(html.contains(landmark), "{page} lacks {landmark}");
        }
    }
}

#[test]
fn root_is_a_bilingual_chooser_without_redirect() {
    let site = built("base", &[]);
    let root = site.read("public/index.html");
    assert!(
        root.contains(r#"<a href="/id/" hreflang="id">Situs Uji</a>"#),
        "{root}"
    );
    assert!(
        root.contains(r#"<a href="/en/" hreflang="en">Test Site</a>"#),
        "{root}"
    );
    assert!(root.contains(
        r#"<span lang="id">Pilih bahasa</span> / <span lang="en">Choose a language</span>"#
    ));
    assert!(!root.contains("<script") && !root.contains("http-equiv"));
}

#[test]
fn content_links_become_urls_in_the_readers_language() {
    let site = built("base", &[]);
    let id = site.read("public/id/index.html");
    assert!(
        id.contains(r#"<a href="/id/negara/jepang/#visa">Jepang</a>"#),
        "{}",
        main_of(&id)
    );
    assert!(id.contains(r#"<a href="/id/negara/">semua negara</a>"#));
    // `japan.md` names the page in no language: each reader gets their own.
    let en = site.read("public/en/events/bontang/index.html");
    assert!(
        en.contains(r#"<a href="/en/countries/japan/">Japan</a>"#),
        "{}",
        main_of(&en)
    );
    let id = site.read("public/id/kegiatan/bontang/index.html");
    assert!(
        id.contains(r#"<a href="/id/negara/jepang/">Jepang</a>"#),
        "{}",
        main_of(&id)
    );
}

#[test]
fn dates_are_written_in_the_pages_language() {
    let site = built("base", &[]);
    assert!(
        site.read("public/id/kegiatan/bontang/index.html")
            .contains("Rabu, 6 Agustus 2025")
    );
    assert!(
        site.read("public/en/events/bontang/index.html")
            .contains("Wednesday, 6 August 2025")
    );
}

#[test]
fn markdown_extensions_render_with_callouts_and_unique_ids() {
    let site = built("markdown", &[]);
    let html = site.read("public/en/guide/index.html");
    insta::assert_snapshot!(main_of(&html));
}

#[test]
fn a_page_without_translation_warns_and_the_switcher_goes_to_the_section() {
    let site = Site::overlay(&crate::support::fixtures().join("fallback"));
    // Without fallback, the page exists only in Indonesian.
    site.write(
        "site.yaml",
        site.read("site.yaml")
            .replace("fallback: true", "fallback: false"),
    );
    let run = site.build(&[]);
    run.success();
    insta::assert_snapshot!(
        run.stderr
            .lines()
            .filter(|l| !l.starts_with("built "))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(!site.path("public/en/kontak").exists());
    let id = site.read("public/id/kontak/index.html");
    assert!(id.contains(r#"<a href="/en/" hreflang="en" lang="en"><span class="lang-name">English</span> <span class="lang-code">EN</span></a> <small>(belum diterjemahkan)</small>"#), "{id}");
    assert!(!id.contains(r#"hreflang="en" href="#));
}

#[test]
fn fallback_pages_show_the_original_with_a_notice() {
    let site = built("fallback", &[]);
    let en = site.read("public/en/kontak/index.html");
    // The page's chrome is in the reader's language, its content marked as Indonesian.
    assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(
        en.contains(r#"<main id="main" tabindex="-1" lang="id">"#),
        "{}",
        main_of(&en)
    );
    assert!(en.contains(r#"<link rel="canonical" href="https://example.org/id/kontak/">"#));
    assert!(
        en.contains(r#"<p class="notice" lang="en">This page is not available in English yet."#),
        "{}",
        main_of(&en)
    );
    // The chrome is in the reader's language, and links go to English pages.
    assert!(en.contains("Skip to main content"));
    // The Indonesian page's switcher does not pass the copy off as a translation.
    let id = site.read("public/id/kontak/index.html");
    assert!(
        id.contains(r#"<a href="/en/kontak/" hreflang="en" lang="en"><span class="lang-name">English</span> <span class="lang-code">EN</span></a> <small>(belum diterjemahkan)</small>"#),
        "{id}"
    );
    assert!(
        en.contains(r#"<a href="/en/countries/japan/">Jepang</a>"#),
        "{}",
        main_of(&en)
    );
    // Nor does either page's head, nor the sitemap: search engines would
    // offer English readers an Indonesian text as its English version.
    for page in [&id, &en] {
        assert_eq!(
            hreflang_links(page),
            [
                r#"<link rel="alternate" hreflang="id" href="https://example.org/id/kontak/">"#,
                r#"<link rel="alternate" hreflang="x-default" href="https://example.org/">"#
            ]
        );
    }
    assert!(!id.contains(r#"rel="alternate">English"#), "{id}");
    let sitemap = site.read("public/sitemap.xml");
    assert!(!sitemap.contains("/en/kontak/"), "{sitemap}");
}

/// A page's `<link rel="alternate" hreflang=…>` elements.
fn hreflang_links(html: &str) -> Vec<&str> {
    html.match_indices(r#"<link rel="alternate" hreflang=""#)
        .map(|(at, _)| {
            let rest = &html[at..];
            &rest[..=rest.find('>').unwrap()]
        })
        .collect()
}

#[test]
fn a_site_theme_overrides_templates_static_files_and_strings() {
    let site = built("theme-override", &[]);
    let en = site.read("public/en/countries/japan/index.html");
    assert!(en.contains(r#"<p class="site-override">Site note</p>"#));
    assert!(
        en.contains("<h1>Japan</h1>"),
        "the override extends the default page"
    );
    let id = site.read("public/id/kegiatan/bontang/index.html");
    assert!(
        id.contains("Halaman utama"),
        "site strings override theme strings"
    );
    assert_eq!(
        site.read("public/style.css"),
        "/* the site's own stylesheet */\nbody { color: #111; }\n"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = built("drafts", &[]);
    assert!(!site.path("public/id/plans").exists());
    site.build(&["--drafts"]).success();
    assert!(site.path("public/id/plans/index.html").exists());
    assert!(site.path("public/en/plans/index.html").exists());
}

#[test]
fn base_url_override_with_a_path_reaches_links_assets_and_canonical() {
    let site = built("base", &["--base-url", "https://example.org/bontang/"]);
    let id = site.read("public/id/index.html");
    assert!(id.contains(r#"<link rel="canonical" href="https://example.org/bontang/id/">"#));
    assert!(id.contains(r#"<link rel="stylesheet" href="/bontang/style.css?h="#));
    assert!(id.contains(r#"<a href="/bontang/id/negara/jepang/#visa">Jepang</a>"#));
    assert!(
        site.read("public/index.html")
            .contains(r#"href="/bontang/en/""#)
    );
}

#[test]
fn the_same_sources_give_the_same_bytes() {
    let site = built("base", &["--out", "one"]);
    site.build(&["--out", "two"]).success();
    assert_eq!(
        snapshot_tree(&site.path("one")),
        snapshot_tree(&site.path("two"))
    );
}

#[test]
fn typed_pages_render_their_fields_in_the_readers_language() {
    let site = built("base", &[]);
    let country = site.read("public/en/countries/japan/index.html");
    insta::assert_snapshot!("country_en", main_of(&country));
    let negara = site.read("public/id/negara/jepang/index.html");
    for label in [
        "Fakta singkat",
        "Kode ISO",
        "Program kerja",
        "Perusahaan penempatan berizin (P to P)",
        "JPY 1.500</strong> per jam",
        "Sebelum berangkat",
    ] {
        assert!(
            negara.contains(label),
            "{label} missing:\n{}",
            main_of(&negara)
        );
    }
    // The programme's language requirement links to the language page in the same language.
    assert!(negara.contains(r#"<a href="/id/bahasa/bahasa-jepang/">Bahasa Jepang</a>"#));
    let procedure = site.read("public/en/procedures/legal-path/index.html");
    insta::assert_snapshot!("procedure_en", main_of(&procedure));
    let language = site.read("public/en/languages/japanese/index.html");
    insta::assert_snapshot!("language_en", main_of(&language));
    let event = site.read("public/id/kegiatan/bontang/index.html");
    insta::assert_snapshot!("event_id", main_of(&event));
}

#[test]
fn section_pages_list_their_pages_with_key_facts() {
    let site = built("base", &[]);
    let countries = site.read("public/en/countries/index.html");
    assert!(countries.contains(r#"<p class="card-facts">JP · Tokyo</p>"#));
    assert!(countries.contains("Work programmes: Specified Skilled Worker (SSW)"));
    let events = site.read("public/id/kegiatan/index.html");
    assert!(events.contains("Rabu, 6 Agustus 2025</time> · Bontang"));
    let procedures = site.read("public/en/procedures/index.html");
    assert!(
        procedures.contains(r#"<ol class="cards">"#),
        "procedures are a numbered list"
    );
}

#[test]
fn sections_list_pages_and_subsections_by_weight_then_title() {
    // Weights against the order of titles and of file names, which a sort
    // that ignored them would fall back to; a tie goes by title.
    let site = Site::copy("base");
    let page = |title: &str, weight: &str| format!("---\ntitle: {title}\n{weight}---\n\nText.\n");
    site.write(
        "content/guides/_index.en.md",
        "---\ntitle: Guides\nsort_by: weight\n---\n",
    );
    site.write("content/guides/a.en.md", page("Apple", "weight: 3\n"));
    site.write("content/guides/b.en.md", page("Mango", "weight: 2\n"));
    site.write("content/guides/c.en.md", page("Zebra", "weight: 1\n"));
    site.write("content/guides/d.en.md", page("Banana", "weight: 2\n"));
    site.write("content/guides/e.en.md", page("Cherry", ""));
    for (dir, title, weight) in [("x", "Later", 2), ("y", "Earlier", 1)] {
        site.write(
            &format!("content/guides/{dir}/_index.en.md"),
            format!("---\ntitle: {title}\nweight: {weight}\n---\n"),
        );
    }
    site.build(&[]).success();
    let html = site.read("public/en/guides/index.html");
    let titles: Vec<&str> = html
        .split("<h3><a href=\"")
        .skip(1)
        .map(|card| {
            card.split_once("\">")
                .unwrap()
                .1
                .split("</a>")
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(
        titles,
        [
            "Cherry", "Zebra", "Banana", "Mango", "Apple", "Earlier", "Later"
        ],
        "by weight, then title; no weight counts as 0"
    );
}

#[test]
fn an_overdue_review_is_a_warning_naming_the_page() {
    let site = Site::copy("base");
    let page = site
        .read("content/countries/japan.en.md")
        .replace("reviewed: 2026-11-27", "reviewed: 2025-12-05");
    site.write("content/countries/japan.en.md", page);
    let run = site.build(&[]);
    run.success();
    assert!(run.stderr.starts_with(
        "content/countries/japan.en.md:4:11: warning: the page was last reviewed on 2025-12-05, 12 months or more ago"
    ), "{}", run.stderr);
    // On the day before the twelfth month, it is not overdue yet.
    let page = site
        .read("content/countries/japan.en.md")
        .replace("reviewed: 2025-12-05", "reviewed: 2025-12-07");
    site.write("content/countries/japan.en.md", page);
    assert!(!site.build(&[]).success().stderr.contains("warning"));
}

#[test]
fn every_page_prints_with_its_qr_code_address_and_running_header() {
    let site = built("base", &["--base-url", "https://example.org/bontang/"]);
    let html = site.read("public/id/negara/jepang/index.html");
    assert_eq!(
        decode_qr(&html),
        "https://example.org/bontang/id/negara/jepang/"
    );
    assert!(html.contains(r#"<div class="print-only print-qr">"#));
    assert!(
        html.contains("<strong>example.org/bontang/id/negara/jepang/</strong>"),
        "the address beside the code"
    );
    assert!(html.contains(r#"<style media="print">@page{size:A4;@top-left{content:"Jepang"}@top-right{content:"Informasi per Jumat, 27 November 2026"}@bottom-left{content:"example.org/bontang/id/negara/jepang/"}@bottom-right{content:"Halaman " counter(page) " dari " counter(pages)}}</style>"#), "{html}");
    let en = site.read("public/en/countries/japan/index.html");
    assert_eq!(
        decode_qr(&en),
        "https://example.org/bontang/en/countries/japan/"
    );
    assert!(en.contains(r#"@bottom-right{content:"Page " counter(page) " of " counter(pages)}"#));
}

#[test]
fn a_leaflet_cover_carries_a_qr_code_to_its_own_page() {
    // The cover is what a job seeker holds: its code must open the leaflet's
    // page (its latest version, and what changed since the sheet was
    // printed) in the leaflet's language, under the base URL's path.
    let site = built("base", &["--base-url", "https://example.org/bontang/"]);
    let covers = |page: &str| -> Vec<String> {
        let html = site.read(page);
        html.split(r#"<div class="cover-qr">"#)
            .skip(1)
            .map(decode_qr)
            .collect()
    };
    assert_eq!(
        covers("public/id/lembar/bontang/index.html"),
        ["https://example.org/bontang/id/lembar/bontang/"]
    );
    assert_eq!(
        covers("public/en/leaflets/bontang/index.html"),
        ["https://example.org/bontang/en/leaflets/bontang/"]
    );
    assert_eq!(
        covers("public/leaflets/bontang/index.html"),
        [
            "https://example.org/bontang/id/lembar/bontang/",
            "https://example.org/bontang/en/leaflets/bontang/"
        ]
    );
    let html = site.read("public/en/leaflets/bontang/index.html");
    assert!(
        html.contains("<strong>example.org/bontang/en/leaflets/bontang/</strong>"),
        "the address under the code"
    );
}

#[test]
fn an_address_too_long_for_a_printed_qr_code_is_a_warning() {
    // `https://example.org/en/` and `/` around the slug: 24 bytes. At 150
    // bytes the code still scans at its printed size; at 151 it is a warning.
    let site = Site::copy("base");
    let page = |slug: String| format!("---\ntitle: Long\nslug: {slug}\n---\n\nText.\n");
    site.write("content/long.en.md", page("a".repeat(126)));
    let run = site.build(&[]);
    run.success();
    assert!(!run.stderr.contains("QR"), "{}", run.stderr);
    site.write("content/long.en.md", page("a".repeat(127)));
    let run = site.build(&[]);
    run.success();
    assert!(
        run.stderr.contains(
            "content/long.en.md: warning: the page's address is 151 bytes long, too long for a QR code phones can read on paper"
        ),
        "{}",
        run.stderr
    );
    // The help names the part that is long and where it comes from.
    assert!(
        run.stderr.contains(&format!(
            "help: its longest part, `{}` (127 bytes), is the page's own: give it a shorter `slug:` (the file keeps its name); `base_url` takes 20 bytes of the 150 a printed code can hold",
            "a".repeat(127)
        )),
        "{}",
        run.stderr
    );
    // A long folder is the folder's to shorten, in its `_index` file.
    let folder = "b".repeat(130);
    site.write("content/long.en.md", page("x".into()));
    site.write(
        &format!("content/{folder}/_index.en.md"),
        "---\ntitle: B\n---\n",
    );
    site.write(&format!("content/{folder}/p.en.md"), "---\ntitle: P\n---\n");
    let run = site.build(&[]);
    assert!(
        run.stderr.contains(&format!(
            "is the folder `content/{folder}/`: give its `_index.en.md` a shorter `slug:`"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn a_todo_marker_is_placed_in_the_front_matter_or_the_text_and_code_has_none() {
    // One right after the closing fence is the text's first word.
    let site = Site::copy("base");
    site.write(
        "content/draft.en.md",
        "---\ntitle: Draft # TODO\n---\nTODO: write it.\n\n`TODO` in code, and:\n\n```js\n// TODO: renew\n```\n\n    TODO indented\n",
    );
    let run = site.build(&[]);
    run.success();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("warning: a TODO"))
        .collect();
    assert_eq!(
        warnings,
        [
            "content/draft.en.md:2:16: warning: a TODO marker is left in the page's front matter",
            "content/draft.en.md:4:1: warning: a TODO marker is left in the page's text"
        ]
    );
}

#[test]
fn a5_paper_comes_from_site_yaml_and_titles_are_safe_in_css() {
    let site = Site::copy("base");
    site.write("site.yaml", site.read("site.yaml") + "paper: A5\n");
    site.write(
        "content/about.en.md",
        site.read("content/about.en.md")
            .replace("title: About", "title: 'About \"us\" </style>'"),
    );
    site.build(&[]).success();
    let html = site.read("public/en/about/index.html");
    assert!(html.contains("@page{size:A5;"));
    assert!(html.contains("html{font-size:10.5pt}"));
    assert!(
        html.contains(r#"@top-left{content:"About \22 us\22  \3c /style\3e "}"#),
        "{html}"
    );
}

/// `raw_html: allow` (the default) publishes HTML in Markdown as written;
/// `escape` shows it as text, inline and as a block, and keeps lembar's own
/// markup (headings, links) intact.
#[test]
fn raw_html_is_published_or_escaped_as_the_site_says() {
    let page = "---\ntitle: About\nslug: about\n---\n\n## About the site {#about}\n\n<div class=\"box\" onclick=\"go()\">\n<b>Block</b>\n</div>\n\nInline <span onmouseover=\"go()\">tag</span> and [a link](https://example.org/).\n";
    let site = Site::copy("base");
    site.write("content/about.en.md", page);
    site.build(&[]).success();
    let allowed = site.read("public/en/about/index.html");
    let allowed = main_of(&allowed);
    assert!(
        allowed.contains("<div class=\"box\" onclick=\"go()\">\n<b>Block</b>\n</div>"),
        "{allowed}"
    );
    assert!(
        allowed.contains("Inline <span onmouseover=\"go()\">tag</span> and"),
        "{allowed}"
    );

    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}raw_html: escape\n"));
    site.build(&[]).success();
    let escaped = site.read("public/en/about/index.html");
    let escaped = main_of(&escaped);
    assert!(!escaped.contains("<div class=\"box\""), "{escaped}");
    assert!(!escaped.contains("<span"), "{escaped}");
    assert!(!escaped.contains("<b>"), "{escaped}");
    assert!(
        escaped.contains("<p>&lt;div class=\"box\" onclick=\"go()\"&gt;\n&lt;b&gt;Block&lt;/b&gt;\n&lt;/div&gt;\n</p>"),
        "{escaped}"
    );
    assert!(
        escaped.contains("Inline &lt;span onmouseover=\"go()\"&gt;tag&lt;/span&gt; and <a href=\"https://example.org/\""),
        "{escaped}"
    );
    assert!(
        escaped.contains("<h2 id=\"about\">About the site</h2>"),
        "{escaped}"
    );
}

#[test]
fn control_characters_written_as_escapes_never_reach_a_page() {
    let site = Site::copy("base");
    // No raw control character in the file (those become spaces when it is
    // read): these appear only once YAML and Markdown have decoded them.
    site.write(
        "content/about.en.md",
        "---\ntitle: \"A\\x01B\\x1bC\\aD\\u0085\"\ndescription: \"d\\x7Fe\\0f\"\n---\n\n# H &#x1;\n\nBell &#x7; escape &#x1b; delete &#127;.\n",
    );
    site.build(&[]).success();
    let html = site.read("public/en/about/index.html");
    let stray: Vec<char> = html
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    assert!(
        stray.is_empty(),
        "control characters in the page: {stray:?}"
    );
    assert!(
        html.contains("<title>ABCD"),
        "the title is kept without them"
    );
    assert!(html.contains("Bell  escape  delete ."));
}

#[test]
fn fifty_thousand_equal_headings_build_without_a_quadratic_pass() {
    let site = Site::copy("base");
    let mut page = String::from("---\ntitle: Catatan\n---\n\n");
    page.push_str(&"## Catatan\n\n".repeat(50_000));
    site.write("content/about.en.md", &page);
    // Each id was found by counting up from `catatan-1`: 50,000 headings
    // took minutes. Linear, they take a second or two even unoptimised.
    let run =
        crate::support::run_bounded(site.root(), &["build"], std::time::Duration::from_secs(60));
    run.success();
    let html = site.read("public/en/about/index.html");
    assert!(html.contains(r#"id="catatan-49999""#));
    assert!(!html.contains(r#"id="catatan-50000""#));
}

#[test]
fn a_page_of_three_parts_or_more_lists_them_and_a_shorter_one_does_not() {
    let site = Site::copy("base");
    let page = |headings: &str| {
        format!("---\ntitle: Notes\n---\n{headings}\n> ## In a quote\n\n### Below\n")
    };
    site.write(
        "content/three.en.md",
        page("## One\n\n## Two\n\n## Three\n"),
    );
    site.write("content/two.en.md", page("## One\n\n## Two\n"));
    site.build(&[]).success();
    let three = site.read("public/en/three/index.html");
    let toc = &three[three.find(r#"<nav class="toc""#).expect("a list of parts")..];
    let toc = &toc[..toc.find("</nav>").unwrap()];
    assert_eq!(toc.matches("<li>").count(), 3, "{toc}");
    assert!(toc.contains(r##"<a href="#two">Two</a>"##), "{toc}");
    // Neither a heading in a quote nor a lower one is a part.
    assert!(!toc.contains("quote") && !toc.contains("Below"), "{toc}");
    let two = site.read("public/en/two/index.html");
    assert!(!two.contains(r#"class="toc""#));
}

#[test]
fn a_leaflets_text_may_link_to_its_parts() {
    let site = Site::copy("base");
    let leaflet = site.read("content/leaflets/bontang.en.md");
    site.write(
        "content/leaflets/bontang.en.md",
        format!("{leaflet}\nJapan is [part 2](#part-2).\n"),
    );
    site.build(&["--strict"]).success();
    let html = site.read("public/en/leaflets/bontang/index.html");
    assert!(html.contains("<a href=\"#part-2\">part 2</a>"), "{html}");
    assert!(html.contains("id=\"part-2\""));
    // A part the leaflet does not have is still an error.
    site.write(
        "content/leaflets/bontang.en.md",
        format!("{leaflet}\nSee [part 3](#part-3).\n"),
    );
    assert_eq!(site.build(&[]).code, 1);
}
