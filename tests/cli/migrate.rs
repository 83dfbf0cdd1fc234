//! What editors coming from Hugo write: each case builds as they expect.

use crate::support::Site;

/// The base site with `more` after the English about page's text.
fn about_with(more: &str) -> Site {
    let site = Site::copy("base");
    let about = site.read("content/about.en.md");
    site.write("content/about.en.md", format!("{about}{more}"));
    site
}

#[test]
fn a_date_and_time_in_front_matter_is_its_day_as_written() {
    let site = Site::copy("base");
    let bontang = site.read("content/events/bontang.id.md");
    // Hugo's new-page template writes an instant; a late-evening time in
    // Bontang (UTC+8) is still that day.
    site.write(
        "content/events/bontang.id.md",
        bontang.replace("date: 2025-08-06", "date: 2025-08-06T23:30:00+08:00"),
    );
    let about = site.read("content/about.en.md");
    site.write(
        "content/about.en.md",
        about.replacen("---\n", "---\nupdated: 2014-11-18T00:00:00Z\n", 1),
    );
    site.build(&[]).success();
    assert!(
        site.read("public/id/kegiatan/bontang/index.html")
            .contains("Rabu, 6 Agustus 2025")
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<lastmod>2014-11-18</lastmod>"),
        "{sitemap}"
    );
}

#[test]
fn a_dated_permalink_pattern_keeps_yearly_posts_with_one_slug_apart() {
    let site = Site::copy("base");
    let yaml = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{yaml}permalinks:\n  news: /:year/:month/:day/:slug/\n"),
    );
    for lang in ["id", "en"] {
        site.write(
            &format!("content/news/_index.{lang}.md"),
            "---\ntitle: News\n---\n",
        );
        for (file, date) in [
            ("2015-7-1-report", "2015-07-01"),
            ("2016-10-1-report", "2016-10-01"),
        ] {
            site.write(
                &format!("content/news/{file}.{lang}.md"),
                format!("---\ntitle: Report {date}\nslug: transparency-report\ndate: {date}\n---\n\nSee [the other](2016-10-1-report.md).\n"),
            );
        }
    }
    site.build(&[]).success();
    let first = site.read("public/en/2015/07/01/transparency-report/index.html");
    assert!(first.contains("Report 2015-07-01"));
    assert!(
        first.contains("href=\"/en/2016/10/01/transparency-report/\""),
        "links follow the pattern"
    );
    assert!(
        site.path("public/id/2016/10/01/transparency-report/index.html")
            .is_file()
    );
    // The section's own page stays at its folder, and lists both.
    let section = site.read("public/en/news/index.html");
    assert!(section.contains("/en/2015/07/01/transparency-report/"));
    assert!(section.contains("/en/2016/10/01/transparency-report/"));
}

#[test]
fn anchors_made_in_raw_html_and_percent_encoded_links_are_found() {
    let site = about_with(
        "\n- [General](#general)\n- [Old](#poison)\n- [Coffee](#caf%C3%A9)\n\n\
             # <a id=\"general\">General Questions</a>\n\n<a name=\"poison\"></a>\n\n## Café\n",
    );
    site.build(&["--strict"]).success();
    // An id nothing gives is still an error.
    let run = about_with("\n[Gone](#nowhere)\n").build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("the anchor `#nowhere` does not exist"));
}

/// The shared corpus: a real bilingual Hugo site converted mechanically to
/// lembar's layout (see its README), beside the project.
fn corpus() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/letsencrypt-website")
}

#[test]
fn the_shared_hugo_corpus_builds_and_what_remains_is_the_sources_own() {
    let from = corpus();
    if !crate::support::have_folder(&from) {
        return;
    }
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    crate::support::copy_tree(&from, site.root());
    // What docs/migrating.md tells a migrating editor to carry over from
    // Hugo's config: its `permalinks`.
    let yaml = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{yaml}permalinks:\n  post: /:year/:month/:day/:slug/\n"),
    );
    let run = site.build(&[]);
    run.success();
    assert!(run.stderr.contains("built 200 pages"), "{}", run.stderr);
    // Three yearly transparency reports share a slug; their addresses differ.
    for year in ["2015/07/01", "2016/04/01", "2016/10/01"] {
        let page = format!("public/en/{year}/legal-transparency-report/index.html");
        assert!(site.path(&page).is_file(), "{page}");
    }
    // Every remaining diagnostic is a warning about the source itself.
    let check = crate::support::run_in(site.root(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let mut kinds = std::collections::BTreeMap::new();
    let mut nowhere = std::collections::BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        assert_eq!(d["severity"], "warning", "{d}");
        let message = d["message"].as_str().unwrap();
        let kind = if message.starts_with("no `id` translation") {
            // 123 English pages were never translated.
            "untranslated"
        } else if message.contains("Hugo shortcode") {
            // Shortcodes of the site's own theme (`def`, `docs_index`,
            // `plotly`, …): lembar runs none.
            "shortcode"
        } else if let Some(address) = message.strip_prefix("nothing in the site is at `") {
            // Root-relative links to what Hugo made and lembar does not:
            // pages written as raw `.html` files in content/ (`repository`,
            // `donate`, `docs/ct-logs`), a page Hugo makes from its theme
            // (`sponsors`), and an alias of a page with another slug
            // (`docs/cert-compat`).
            *nowhere
                .entry(address.trim_end_matches('`').to_string())
                .or_insert(0) += 1;
            "address nothing in the site is at"
        } else if message.starts_with("the anchor") {
            // Links to the glossary's `#def-…` ids, which its `def`
            // shortcode made.
            assert!(
                d["help"].as_str().unwrap().contains("Hugo shortcodes"),
                "{d}"
            );
            "anchor made by a shortcode"
        } else {
            panic!("a diagnostic not caused by the source: {d}")
        };
        *kinds.entry(kind).or_insert(0) += 1;
    }
    assert_eq!(
        kinds,
        [
            ("address nothing in the site is at", 17),
            ("anchor made by a shortcode", 154),
            ("shortcode", 8),
            ("untranslated", 123)
        ]
        .into_iter()
        .collect()
    );
    let addresses: Vec<&str> = nowhere.keys().map(String::as_str).collect();
    assert_eq!(
        addresses,
        [
            "/docs/cert-compat/",
            "/docs/ct-logs",
            "/donate",
            "/donate/",
            "/repository",
            "/repository/",
            "/sponsors/",
        ]
    );
    // The rest resolved: a Hugo address without a language is the page in
    // the reader's, an `.html` address the page it names, a static file itself.
    let post = site.read("public/en/2022/05/19/nurturing-ct-log-growth/index.html");
    assert!(
        post.contains("href=\"/en/2019/11/20/how-le-runs-ct-logs/\""),
        "`/2019/11/20/how-le-runs-ct-logs.html` is the post"
    );
    let certificates = site.read("public/en/certificates/index.html");
    assert!(certificates.contains("src=\"/images/isrg-hierarchy.png\""));
    // The files in content/documents/ are published once, below the default
    // language, and Hugo's language-less links to them find them there.
    let pdf = "id/documents/ISRG-Legal-Transparency-Report-July-1-2015.pdf";
    assert!(site.path(&format!("public/{pdf}")).is_file());
    let report = site.read("public/en/2015/07/01/legal-transparency-report/index.html");
    assert!(report.contains(&format!("href=\"/{pdf}\"")), "{pdf}");
}

#[test]
fn bare_addresses_link_heading_attributes_stay_and_e_mail_is_mail() {
    let site = about_with(
        "\nSee https://bp2mi.go.id/a_b?x=1&y=2. Write to info@bp2mi.go.id or <info@gov.md>.\n\n\
             `https://in.code` and [a link https://inside.link](https://example.org).\n\n\
             ![photo https://in.alt](https://example.org/p.png)\n\n\
             ## Visa {lang=id onclick=alert(1) data-note=x}\n",
    );
    site.build(&["--strict"]).success();
    let html = site.read("public/en/about/index.html");
    assert!(
        html.contains("<a href=\"https://bp2mi.go.id/a_b?x=1&amp;y=2\">https://bp2mi.go.id/a_b?x=1&amp;y=2</a>."),
        "{html}"
    );
    assert!(html.contains("<a href=\"mailto:info@bp2mi.go.id\">info@bp2mi.go.id</a>"));
    assert!(html.contains("<a href=\"mailto:info@gov.md\">info@gov.md</a>"));
    assert!(html.contains("<code>https://in.code</code>"));
    assert!(!html.contains("href=\"https://inside.link\""));
    assert!(html.contains("alt=\"photo https://in.alt\""));
    assert!(
        html.contains("<h2 id=\"visa\" lang=\"id\" data-note=\"x\">"),
        "{html}"
    );
    assert!(!html.contains("onclick"));
}

#[test]
fn a_file_name_with_spaces_and_capitals_makes_a_clean_address() {
    let site = Site::copy("base");
    site.write(
        "content/Kerja Jepang.id.md",
        "---\ntitle: Kerja di Jepang\n---\n\nTeks.\n",
    );
    site.write(
        "content/Kerja Jepang.en.md",
        "---\ntitle: Work in Japan\n---\n\n[Encoded](Kerja%20Jepang.id.md), [bracketed](<Kerja Jepang.id.md>).\n",
    );
    site.build(&["--strict"]).success();
    // Both links reach the page, in the reader's language.
    let html = crate::support::main_of(&site.read("public/en/kerja-jepang/index.html")).to_string();
    assert!(
        html.contains("<a href=\"/en/kerja-jepang/\">Encoded</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"/en/kerja-jepang/\">bracketed</a>"),
        "{html}"
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/id/kerja-jepang/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("Kerja"));
}

#[test]
fn footnotes_have_ids_of_their_own_and_a_way_back() {
    let site = about_with(
        "\n# 1\n\nA claim[^1], again[^1], and another[^main].\n\n\
             [^1]: The source.\n[^main]: The main note.\n\n[Note one](#fn:1).\n",
    );
    site.build(&["--strict"]).success();
    let html = site.read("public/en/about/index.html");
    let count = |s: &str| html.matches(s).count();
    // `# 1` keeps the id `1`; the skip link keeps `main`.
    assert_eq!(count("id=\"1\""), 1, "{html}");
    assert_eq!(count("id=\"main\""), 1, "{html}");
    assert_eq!(count("id=\"fn:1\""), 1);
    assert_eq!(count("id=\"fn:main\""), 1);
    assert_eq!(count("id=\"fnref:1\""), 1);
    assert_eq!(count("id=\"fnref:1:2\""), 1);
    assert_eq!(count("<a href=\"#fnref:1\" class=\"footnote-backref\""), 1);
    assert_eq!(
        count("<a href=\"#fnref:main\" class=\"footnote-backref\""),
        1
    );
    // A link to the label alone names no element: the help says the id.
    let run = about_with("\nA claim[^1].\n\n[^1]: Source.\n\n[x](#1)\n").build(&[]);
    assert!(
        run.stderr
            .contains("a footnote's id is `fn:` and its label: link to `#fn:1`"),
        "{}",
        run.stderr
    );
}

#[test]
fn root_relative_links_keep_the_base_path_and_are_checked() {
    let site = about_with(
        "\n[Japan](/countries/japan/#visa), [the Indonesian page](/id/tentang/), [old](/about.html) \
         and ![map](/images/peta.png)\n",
    );
    site.write("static/images/peta.png", b"png");
    site.build(&["--strict", "--base-url", "https://example.org/bontang/"])
        .success();
    let html = site.read("public/en/about/index.html");
    for want in [
        "href=\"/bontang/en/countries/japan/#visa\"",
        "href=\"/bontang/id/tentang/\"",
        "href=\"/bontang/en/about/\"",
        "src=\"/bontang/images/peta.png\"",
    ] {
        assert!(html.contains(want), "{want} in {html}");
    }
    // An anchor the page lacks is an error; an address nothing is at, a warning.
    let run = about_with("\n[x](/countries/japan/#nowhere)\n").build(&[]);
    assert!(
        run.stderr.contains("the anchor `#nowhere` does not exist"),
        "{}",
        run.stderr
    );
    let run = about_with("\n[x](/sponsors/) ![y](/images/none.png)\n").build(&[]);
    run.success();
    assert!(
        run.stderr
            .contains("warning: nothing in the site is at `/sponsors/`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warning: no file of the site is at `/images/none.png`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_page_bundle_is_its_folders_page_and_its_files_are_published_once() {
    let site = Site::copy("base");
    // Hugo's and Zola's page bundle: the folder is the page, its files beside it.
    for lang in ["id", "en"] {
        // One folder deeper: its links climb one more.
        let page = site
            .read(&format!("content/countries/japan.{lang}.md"))
            .replace("../", "../../");
        std::fs::remove_file(site.path(&format!("content/countries/japan.{lang}.md"))).unwrap();
        let more = "\n![Peta](map.png)\n\n[Formulir](Formulir%20Kerja.pdf#page=2)\n";
        site.write(
            &format!("content/countries/japan/index.{lang}.md"),
            format!("{page}{more}"),
        );
    }
    site.write("content/countries/japan/map.png", b"png");
    site.write("content/countries/japan/Formulir Kerja.pdf", b"%PDF");
    // A file beside ordinary pages, linked from another folder.
    site.write("content/events/programme.pdf", b"%PDF");
    let about = site.read("content/about.en.md");
    site.write(
        "content/about.en.md",
        format!("{about}\nThe [programme](events/programme.pdf) and [Japan](countries/japan/index.md).\n"),
    );
    site.build(&["--strict", "--base-url", "https://example.org/bontang/"])
        .success();
    // Once, below the page's address in the default language.
    assert_eq!(site.read("public/id/negara/jepang/map.png"), "png");
    assert!(
        site.path("public/id/negara/jepang/Formulir Kerja.pdf")
            .is_file()
    );
    assert!(!site.path("public/en/countries/japan/map.png").exists());
    assert!(site.path("public/id/kegiatan/programme.pdf").is_file());
    // Every language's page shows that one file, under the base path.
    for page in [
        "public/id/negara/jepang/index.html",
        "public/en/countries/japan/index.html",
    ] {
        let html = site.read(page);
        assert!(
            html.contains("src=\"/bontang/id/negara/jepang/map.png\""),
            "{html}"
        );
        assert!(html.contains("href=\"/bontang/id/negara/jepang/Formulir%20Kerja.pdf#page=2\""));
    }
    let about = site.read("public/en/about/index.html");
    assert!(about.contains("href=\"/bontang/id/kegiatan/programme.pdf\""));
    assert!(about.contains("href=\"/bontang/en/countries/japan/\""));
    // Links to `japan.md` from other pages still find the page.
    let event = site.read("public/en/events/bontang/index.html");
    assert!(event.contains("href=\"/bontang/en/countries/japan/\""));
}
