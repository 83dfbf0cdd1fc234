//! Tests of `lembar new`: the files it writes, that they build with TODO
//! warnings only, and that it refuses what it should, writing nothing.

use crate::support::{Run, Site, run_in, snapshot_tree};

fn new(site: &Site, args: &[&str]) -> Run {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    run_in(site.root(), &all)
}

/// The build's stderr without its timing line.
fn warnings(run: &Run) -> String {
    run.stderr
        .lines()
        .filter(|l| !l.starts_with("built "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn new_country_writes_both_languages_in_the_country_section() {
    let site = Site::copy("base");
    let run = new(&site, &["country", "malaysia"]);
    run.success();
    assert_eq!(
        run.stdout,
        "content/countries/malaysia.id.md\ncontent/countries/malaysia.en.md\n"
    );
    let id = site.read("content/countries/malaysia.id.md");
    let en = site.read("content/countries/malaysia.en.md");
    for text in [&id, &en] {
        // Today is SOURCE_DATE_EPOCH's day.
        assert!(text.contains("\nreviewed: 2026-12-06\n"), "{text}");
        assert!(text.contains("\ntitle: \"Malaysia\""), "{text}");
        assert!(text.contains("\niso: XX # TODO"), "{text}");
    }
    // The body is in the file's language, and each names its translation.
    assert!(id.contains("\nTODO: Tulis "), "{id}");
    assert!(id.contains("# Terjemahan: malaysia.en.md\n"), "{id}");
    assert!(en.contains("\nTODO: Write "), "{en}");
    assert!(en.contains("# Translations: malaysia.id.md\n"), "{en}");

    let built = site.build(&[]);
    built.success();
    insta::assert_snapshot!(warnings(&built));
    let page = site.read("public/en/countries/malaysia/index.html");
    assert!(page.contains("Malaysia"), "{page}");

    let strict = site.build(&["--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(
        strict.stderr.contains(
            "content/countries/malaysia.id.md:7:11: error: a TODO marker is left in the page's front matter"
        ),
        "{}",
        strict.stderr
    );
    assert!(!strict.stderr.contains("warning:"), "{}", strict.stderr);
}

#[test]
fn every_type_makes_pages_that_build_with_todo_warnings_only() {
    let site = Site::copy("base");
    let types = [
        ("country", "countries"),
        ("procedure", "procedures"),
        ("language", "languages"),
        ("event", "events"),
        ("leaflet", "leaflets"),
        ("page", ""),
    ];
    for (kind, folder) in types {
        let name = format!("new-{kind}");
        new(&site, &[kind, &name]).success();
        for lang in ["id", "en"] {
            let path = match folder {
                "" => format!("content/{name}.{lang}.md"),
                f => format!("content/{f}/{name}.{lang}.md"),
            };
            let text = site.read(&path);
            assert!(text.contains("reviewed: 2026-12-06\n"), "{path}:\n{text}");
        }
    }
    assert!(
        site.read("content/events/new-event.id.md")
            .contains("\ndate: 2026-12-06 # TODO")
    );
    // A leaflet binds a page the site has, in every language.
    assert!(
        site.read("content/leaflets/new-leaflet.en.md")
            .contains("\n  - ../about.md\n")
    );

    let built = site.build(&[]);
    built.success();
    let lines: Vec<&str> = built.stderr.lines().collect();
    let headers: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains(": warning: ") || l.contains(": error: "))
        .collect();
    assert!(!headers.is_empty());
    for header in &headers {
        assert!(
            header.contains(": warning: a TODO marker is left in the page's"),
            "{header}"
        );
    }
    // Every new file has its warnings (the first 100 are shown, sorted by path).
    for kind in ["country", "event", "language", "leaflet"] {
        assert!(
            built.stderr.contains(&format!("new-{kind}.id.md:")),
            "{kind}"
        );
    }
    assert!(site.path("public/id/new-page/index.html").is_file());
    assert!(
        site.path("public/en/leaflets/new-leaflet/index.html")
            .is_file()
    );
    assert_eq!(site.build(&["--strict"]).code, 1);
}

#[test]
fn an_existing_file_is_never_overwritten_and_nothing_is_written() {
    let site = Site::copy("base");
    site.write(
        "content/countries/malaysia.en.md",
        "---\ntitle: Mine\n---\nMy words.\n",
    );
    let before = snapshot_tree(&site.path("content"));
    let run = new(&site, &["country", "malaysia"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!(run.stderr);
    // The Indonesian file was not written either: all are checked first.
    assert_eq!(snapshot_tree(&site.path("content")), before);

    // A bare `name.md` is the default language's page: the same page.
    let run = new(&site, &["page", "about"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/about.id.md: error: the file already exists")
    );
    site.write("content/guide.md", "---\ntitle: Panduan\n---\n");
    let run = new(&site, &["page", "guide"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/guide.md: error: the file already exists"),
        "{}",
        run.stderr
    );
    assert!(!site.path("content/guide.id.md").exists());
    assert!(!site.path("content/guide.en.md").exists());
}

#[test]
fn an_unknown_type_suggests_the_closest_one() {
    let site = Site::copy("base");
    let before = snapshot_tree(site.root());
    let run = new(&site, &["contry", "malaysia"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
    assert_eq!(snapshot_tree(site.root()), before);
}

#[test]
fn bad_names_are_refused_without_writing() {
    let site = Site::copy("base");
    let before = snapshot_tree(site.root());
    for name in [
        "a b",
        "../escape",
        "countries/../../x",
        "malaysia.md",
        "malaysia.id",
        "_index",
        ".hidden",
        "countries/",
        "what?",
        "",
    ] {
        let run = new(&site, &["country", name]);
        assert_eq!(run.code, 1, "{name:?}: {}", run.stderr);
        assert!(
            run.stderr.starts_with("error: "),
            "{name:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("= help: "), "{name:?}: {}", run.stderr);
        assert!(
            run.stderr
                .ends_with("error: no page was created: 1 error\n"),
            "{name:?}: {}",
            run.stderr
        );
    }
    assert_eq!(snapshot_tree(site.root()), before);
    let run = new(&site, &["country", "a b"]);
    assert!(
        run.stderr.contains("`a b` cannot be a page's name"),
        "{}",
        run.stderr
    );
}

#[test]
fn several_sections_of_a_type_need_a_folder_in_the_name() {
    let site = Site::copy("base");
    for lang in ["id", "en"] {
        site.write(
            &format!("content/asia/_index.{lang}.md"),
            "---\ntitle: Asia\ntype: country\n---\n",
        );
    }
    let run = new(&site, &["country", "malaysia"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
    assert!(!site.path("content/asia/malaysia.id.md").exists());

    new(&site, &["country", "asia/malaysia"]).success();
    assert!(site.path("content/asia/malaysia.id.md").is_file());
    assert!(site.path("content/asia/malaysia.en.md").is_file());
    assert!(!site.path("content/countries/malaysia.id.md").exists());

    // A folder of another type is refused, naming the sections of the type.
    let run = new(&site, &["country", "events/malaysia"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: `content/events` holds event pages, not country pages"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`asia`, `countries`"), "{}", run.stderr);
    let run = new(&site, &["page", "countries/visa"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("holds country pages, not plain pages"),
        "{}",
        run.stderr
    );
    let run = new(&site, &["country", "countrie/malaysia"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("did you mean `countries`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_type_without_a_section_says_how_to_make_one() {
    let site = Site::copy("base");
    std::fs::remove_dir_all(site.path("content/events")).unwrap();
    let before = snapshot_tree(site.root());
    let run = new(&site, &["event", "job-fair-2026"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
    assert_eq!(snapshot_tree(site.root()), before);
}

#[test]
fn a_site_template_wins_and_languages_without_one_fall_back() {
    let site = Site::copy("base");
    site.write(
        "site.yaml",
        site.read("site.yaml")
            .replace("languages: [id, en]", "languages: [id, en, ms]")
            .replace("  en: Test Site\n", "  en: Test Site\n  ms: Laman Ujian\n"),
    );
    site.write(
        "themes/default/new/page.en.md",
        "---\ntitle: \"{{title}}\" # TODO: ours\nupdated: {{today}}\n---\n\nOur own {{name}}.\n",
    );
    let run = new(&site, &["page", "guide"]);
    run.success();
    assert_eq!(
        run.stdout,
        "content/guide.id.md\ncontent/guide.en.md\ncontent/guide.ms.md\n"
    );
    assert_eq!(
        site.read("content/guide.en.md"),
        "---\ntitle: \"Guide\" # TODO: ours\nupdated: 2026-12-06\n---\n\nOur own guide.\n"
    );
    // Malay has no template: it gets the default language's (Indonesian) one.
    let ms = site.read("content/guide.ms.md");
    assert!(ms.contains("TODO: Tulis isi halaman di sini."), "{ms}");
    assert!(
        ms.contains("# Terjemahan: guide.id.md, guide.en.md\n"),
        "{ms}"
    );
}

#[test]
fn root_option_picks_the_site_and_the_paths_printed_include_it() {
    let site = Site::copy("base");
    let parent = site.root().parent().unwrap();
    let dir = site.root().file_name().unwrap().to_str().unwrap();
    let run = run_in(parent, &["new", "procedure", "visa", "--root", dir]);
    run.success();
    assert_eq!(
        run.stdout,
        format!("{dir}/content/procedures/visa.id.md\n{dir}/content/procedures/visa.en.md\n")
    );
    assert!(site.path("content/procedures/visa.id.md").is_file());
}

#[test]
fn a_leaflet_needs_a_page_to_bind_and_one_language_sites_get_one_file() {
    let site = Site::copy("new-minimal");
    let before = snapshot_tree(site.root());
    let run = new(&site, &["leaflet", "handout"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("error: a leaflet binds pages, and the site has none yet\n"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot_tree(site.root()), before);

    let run = new(&site, &["page", "about"]);
    run.success();
    assert_eq!(run.stdout, "content/about.id.md\n");
    // No other language: no line naming translations.
    let about = site.read("content/about.id.md");
    assert!(about.starts_with("---\ntitle: \"About\" # TODO"), "{about}");

    new(&site, &["leaflet", "handout"]).success();
    let leaflet = site.read("content/leaflets/handout.id.md");
    assert!(leaflet.contains("\n  - ../about.md\n"), "{leaflet}");
    let built = site.build(&[]);
    built.success();
    assert!(
        built.stderr.contains("content/leaflets/handout.id.md:"),
        "{}",
        built.stderr
    );
    assert!(site.path("public/id/leaflets/handout/index.html").is_file());
}
