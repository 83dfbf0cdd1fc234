//! The shipped site: the repository's own content, built strictly.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::support::{list_files, run_in};

/// The shipped site, built once for all tests here.
fn shipped() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        // Cargo's scratch folder for integration tests, a folder per test
        // process: nextest runs each test in a process of its own, and two
        // builds into one folder at once would race.
        let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"));
        remove_outputs_of_ended_processes(scratch);
        let out = scratch.join(format!("shipped-site-{}", std::process::id()));
        let run = run_in(
            Path::new(env!("CARGO_MANIFEST_DIR")),
            &["build", "--strict", "--out", out.to_str().unwrap()],
        );
        run.success();
        assert!(!run.stderr.contains("warning"), "{}", run.stderr);
        out
    })
}

/// Removes the `shipped-site-<pid>` folders of test processes that have ended
/// (Linux tells through `/proc`; elsewhere they stay until `cargo clean`).
fn remove_outputs_of_ended_processes(scratch: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    for entry in std::fs::read_dir(scratch).into_iter().flatten().flatten() {
        let name = entry.file_name();
        // The output, and the build cache beside it.
        let pid = name.to_str().and_then(|n| {
            n.strip_prefix("shipped-site-").or_else(|| {
                n.strip_prefix(".shipped-site-")?
                    .strip_suffix(".lembar-cache")
            })
        });
        let Some(pid) = pid else {
            continue;
        };
        if !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn read(page: &str) -> String {
    std::fs::read_to_string(shipped().join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

fn pages_under(dir: &str) -> Vec<String> {
    list_files(&shipped().join(dir))
        .into_iter()
        .filter(|f| f.ends_with("/index.html"))
        .map(|f| format!("{dir}/{f}"))
        .collect()
}

#[test]
fn the_shipped_site_builds_strictly_and_stays_light() {
    let out = shipped();
    let files = list_files(out);
    for must in [
        "index.html",
        "id/index.html",
        "en/index.html",
        "print.css",
        "style.css",
    ] {
        assert!(
            files.iter().any(|f| f == must),
            "{must} missing from {files:?}"
        );
    }
    // A reader's first visit to a page downloads it and both stylesheets.
    // Budgets with headroom (the heaviest page today: 16.5 KB compressed,
    // 48 KB not), so that content edits of other pages do not fail CI:
    // - compressed, as every common static host sends it: 24 KiB, half a
    //   second at the 50 KB/s of a weak mobile signal;
    // - uncompressed, for a host that does not compress: 72 KiB (64 until the
    //   phone menu, stacked tables and procedure summaries added 4 KB of
    //   stylesheet; the heaviest, the bilingual leaflet, is then 68 KB).
    let css: Vec<Vec<u8>> = ["style.css", "print.css"]
        .iter()
        .map(|f| std::fs::read(out.join(f)).unwrap())
        .collect();
    let raw_css: usize = css.iter().map(Vec::len).sum();
    let gzip_css: usize = css.iter().map(|c| gzip_len(c)).sum();
    for page in files.iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read(out.join(page)).unwrap();
        let (raw, gzip) = (html.len() + raw_css, gzip_len(&html) + gzip_css);
        assert!(
            gzip <= 24 * 1024,
            "{page}: HTML + CSS is {gzip} bytes compressed"
        );
        assert!(raw <= 72 * 1024, "{page}: HTML + CSS is {raw} bytes");
    }
}

/// The size of `bytes` compressed as a web server's gzip does (level 6).
fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

#[test]
fn every_country_page_shows_its_facts_and_programmes_in_its_language() {
    for (dir, labels) in [
        (
            "id/negara",
            [
                "Fakta singkat",
                "Kode ISO",
                "Program kerja",
                "Informasi per",
            ],
        ),
        (
            "en/countries",
            [
                "Key facts",
                "ISO code",
                "Work programmes",
                "Information as of",
            ],
        ),
    ] {
        let pages: Vec<String> = pages_under(dir)
            .into_iter()
            .filter(|p| p.matches('/').count() == 3)
            .collect();
        assert!(pages.len() >= 8, "{dir}: {pages:?}");
        for page in pages {
            let html = read(&page);
            for label in labels {
                assert!(html.contains(label), "{page} lacks {label}");
            }
            assert!(
                html.contains(r#"<table>"#) && html.contains(r#"<th scope="row">"#),
                "{page}: programmes table"
            );
        }
    }
}

#[test]
fn the_legal_procedure_has_its_thirteen_steps_in_both_languages() {
    for page in [
        "id/prosedur/jalur-resmi/index.html",
        "en/procedures/legal-departure/index.html",
    ] {
        let html = read(page);
        assert_eq!(
            html.matches(r#"<li class="step" id="step-"#).count(),
            13,
            "{page}"
        );
    }
}

#[test]
fn language_pages_show_their_tests_and_where_to_learn() {
    for (dir, learn) in [
        ("id/bahasa", "Tempat belajar"),
        ("en/languages", "Where to learn"),
    ] {
        let pages: Vec<String> = pages_under(dir)
            .into_iter()
            .filter(|p| p.matches('/').count() == 3)
            .collect();
        assert_eq!(pages.len(), 6, "{dir}: {pages:?}");
        for page in pages {
            assert!(read(&page).contains(learn), "{page} lacks {learn}");
        }
    }
    let japanese = read("en/languages/japanese/index.html");
    assert!(japanese.contains(r#"<h2 id="tests-heading">Language tests</h2>"#));
    assert!(japanese.contains("JFT-Basic"));
}

#[test]
fn the_event_report_shows_its_facts_in_both_languages() {
    let id = read("id/kegiatan/sosialisasi-bontang-2025/index.html");
    assert!(id.contains("Tentang kegiatan") && id.contains("Rabu, 6 Agustus 2025"));
    let en = read("en/events/bontang-counselling-2025/index.html");
    assert!(en.contains("About the event") && en.contains("Wednesday, 6 August 2025"));
}

/// Internal links of a page: site paths like `/id/negara/jepang/`.
fn links_of(html: &str) -> BTreeSet<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with('/'))
        .map(|href| href.split('#').next().unwrap_or(href).to_string())
        // Pages end in `/`; stylesheets and feeds are files.
        .filter(|href| href.ends_with('/'))
        .collect()
}

#[test]
fn every_country_language_procedure_and_event_is_two_clicks_from_home() {
    for lang in ["id", "en"] {
        let home = format!("/{lang}/");
        let mut reached: BTreeMap<String, usize> = BTreeMap::from([(home.clone(), 0)]);
        let mut frontier = vec![home];
        for depth in 1..=2 {
            let mut next = Vec::new();
            for page in &frontier {
                let html = read(&format!("{}index.html", page.trim_start_matches('/')));
                for link in links_of(&html) {
                    if !reached.contains_key(&link) {
                        reached.insert(link.clone(), depth);
                        next.push(link);
                    }
                }
            }
            frontier = next;
        }
        let all: Vec<String> = pages_under(lang)
            .into_iter()
            .map(|p| format!("/{}", p.trim_end_matches("index.html")))
            .collect();
        let missing: Vec<&String> = all.iter().filter(|p| !reached.contains_key(*p)).collect();
        assert!(
            missing.is_empty(),
            "more than two clicks from /{lang}/: {missing:?}"
        );
    }
}

#[test]
fn the_hotline_is_written_once_and_every_page_can_call_it() {
    // Written in the data file only, never in a content file.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let written: Vec<String> = list_files(&root.join("content"))
        .into_iter()
        .filter(|f| {
            std::fs::read_to_string(root.join("content").join(f))
                .is_ok_and(|t| t.contains("0800-1000"))
        })
        .collect();
    assert!(written.is_empty(), "typed by hand in {written:?}");
    assert!(
        std::fs::read_to_string(root.join("data/facts.yaml"))
            .unwrap()
            .contains("\"0800-1000\"")
    );
    // Every page of both languages, the chooser and the 404 page carry it as a link.
    let out = shipped();
    for page in list_files(out).iter().filter(|f| f.ends_with(".html")) {
        assert!(
            read(page).contains(r#"href="tel:08001000">0800-1000</a>"#),
            "{page} has no hotline"
        );
    }
}

/// Where `needle` starts in `html`, or a failure naming the page.
fn at(html: &str, needle: &str, page: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("{page}: no `{needle}`"))
}

#[test]
fn every_procedure_opens_with_its_summary_and_its_steps_at_a_glance() {
    let mut seen = 0;
    for page in pages_under("id/prosedur")
        .into_iter()
        .chain(pages_under("en/procedures"))
    {
        let html = read(&page);
        let steps = html.matches(r#"<li class="step" id="step-"#).count();
        if steps == 0 {
            continue;
        }
        seen += 1;
        let main = crate::support::main_of(&html);
        let summary = at(main, r#"<section class="procedure-summary""#, &page);
        let overview = at(main, r#"<nav class="step-overview""#, &page);
        let first_step = at(main, r#"<ol class="steps">"#, &page);
        assert!(summary < overview && overview < first_step, "{page}");
        let glance = &main[overview..first_step];
        for n in 1..=steps {
            assert!(
                glance.contains(&format!(r##"href="#step-{n}""##)),
                "{page}: step {n}"
            );
        }
        // What you need, and who to ask, are in every procedure's summary.
        let summary_box = &main[summary..overview];
        assert_eq!(summary_box.matches("<dt>").count(), 4, "{page}");
    }
    // The legal procedure, the warning signs and the complaints, in both languages.
    assert_eq!(seen, 6);
}

#[test]
fn the_warning_signs_come_before_what_to_do() {
    for page in [
        "id/prosedur/tanda-bahaya/index.html",
        "en/procedures/warning-signs/index.html",
    ] {
        let html = read(page);
        let main = crate::support::main_of(&html);
        assert!(
            at(main, r#"id="signs""#, page) < at(main, r#"<ol class="steps">"#, page),
            "{page}"
        );
    }
}

#[test]
fn long_pages_list_their_parts_in_the_order_they_show_them() {
    let html = read("id/prosedur/jalur-resmi/index.html");
    let main = crate::support::main_of(&html);
    let toc_at = at(main, r#"<nav class="toc""#, "jalur-resmi");
    let toc = &main[toc_at..toc_at + main[toc_at..].find("</nav>").unwrap()];
    let targets: Vec<&str> = toc
        .split(r##"href="#"##)
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(
        targets,
        [
            "steps-heading",
            "before-you-start",
            "schemes",
            "online-registration",
            "ltsa",
            "your-right-to-information",
            "costs",
            "if-something-is-wrong"
        ]
    );
    for id in &targets {
        assert!(main.contains(&format!(r#"id="{id}""#)), "no #{id}");
    }
}

#[test]
fn every_page_has_one_menu_that_opens_without_script_and_tables_that_stack() {
    for page in list_files(shipped())
        .iter()
        .filter(|f| f.ends_with("index.html") && (f.starts_with("id/") || f.starts_with("en/")))
    {
        let html = read(page);
        assert_eq!(
            html.matches(r#"<details class="menu">"#).count(),
            1,
            "{page}"
        );
        assert_eq!(
            html.matches(r#"<nav class="main-nav""#).count(),
            1,
            "{page}"
        );
        let menu = at(&html, r#"<details class="menu">"#, page);
        assert!(menu < at(&html, r#"<nav class="main-nav""#, page), "{page}");
        // Every table body cell under a named column says which, for phones.
        assert_eq!(
            html.matches("<td>").count(),
            0,
            "{page}: a cell without its column's label"
        );
    }
}
