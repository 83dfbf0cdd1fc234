//! Leaflets and printing: the booklet's HTML facts always; real printing with
//! headless Chromium when the machine has it (CI installs it).

use std::path::Path;
use std::process::Command;

use crate::support::{Site, Tool, have, run_in};

fn built() -> Site {
    let site = Site::copy("base");
    site.build(&[]).success();
    site
}

#[track_caller]
fn assert_unique_ids(html: &str) {
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .collect();
    let all = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all, "duplicate ids");
}

#[test]
fn a_leaflet_binds_its_pages_with_unique_ids_and_rewritten_links() {
    let site = built();
    let html = site.read("public/en/leaflets/bontang/index.html");
    let main = crate::support::main_of(&html);
    // Links to bound pages become anchors in the booklet; others print their address.
    assert!(
        main.contains(r##"<a href="#part-1">the legal path</a>"##),
        "{main}"
    );
    assert!(main.contains(r##"<a href="#part-2">Japan</a>"##));
    assert!(main.contains(r#"<a href="https://example.org/en/about/" data-print-url="example.org/en/about">about this site</a>"#));
    // A language page that is not bound is linked by its full address.
    assert!(main.contains(r#"<a href="https://example.org/en/languages/japanese/" data-print-url="example.org/en/languages/japanese">Japanese</a>"#));
    for (n, title) in [(1, "Legal path"), (2, "Japan")] {
        assert!(main.contains(&format!(r#"id="part-{n}-title">{title}</h2>"#)));
        assert!(
            main.contains(&format!(
                r##"<li><a href="#part-{n}"><span class="toc-title">{title}</span><span class="page-no"></span></a></li>"##
            )),
            "contents"
        );
    }
    // Every id is unique, although two pages bring the theme's headings.
    assert_unique_ids(&html);
    // The cover's QR code leads to the leaflet's own page, with the edition date.
    assert!(html.contains(r#"<div class="cover-qr"><svg class="qr""#));
    assert!(html.contains("<strong>example.org/en/leaflets/bontang/</strong>"));
    assert!(html.contains(r#"Edition: <time datetime="2025-08-06">"#));
    assert!(html.contains("@page{size:A5;"), "the leaflet's own paper");
    // The contents are numbered by a stylesheet beside the page, which
    // `lembar pdf` fills in; a plain build numbers nothing.
    assert!(html.contains(
        r#"<link rel="stylesheet" href="/en/leaflets/bontang/pages.css" media="print">"#
    ));
    assert!(
        !site
            .read("public/en/leaflets/bontang/pages.css")
            .contains("page-no::after")
    );
    // A compact country part: no machine identifiers, no five-column table.
    let japan = main.split(r#"id="part-2""#).nth(1).expect("the Japan part");
    assert!(
        !japan.contains("ISO") && !japan.contains("<table"),
        "{japan}"
    );
    assert!(japan.contains(r#"<ul class="programme-list">"#), "{japan}");
    assert!(japan.contains("Passport"), "the checklist: {japan}");
}

#[test]
fn a_leaflet_binds_the_sections_it_chooses_in_its_order() {
    let site = Site::copy("base");
    site.write(
        "content/leaflets/bontang.en.md",
        site.read("content/leaflets/bontang.en.md").replace(
            "  - ../countries/japan.md\n",
            "  - ../countries/japan.md#visa,checklist\n",
        ),
    );
    site.build(&[]).success();
    let html = site.read("public/en/leaflets/bontang/index.html");
    let japan = html.split(r#"id="part-2""#).nth(1).expect("the Japan part");
    let japan = japan.split("</section>\n</article>").next().unwrap();
    // The chosen heading, its ids prefixed with the part's; then the chosen
    // part of the type; nothing else of the page.
    let visa = japan
        .find(r#"<h2 id="part-2-visa">Work visa</h2>"#)
        .expect(japan);
    let checklist = japan.find(r#"id="part-2-checklist-heading""#).expect(japan);
    assert!(
        visa < checklist,
        "a heading named first comes first: {japan}"
    );
    assert!(!japan.contains("programmes-heading"), "not chosen: {japan}");
    assert!(!japan.contains("JPY"), "wages not chosen: {japan}");
    assert_unique_ids(&html);
}

#[test]
fn a_leaflet_page_lists_the_bound_pages_changed_since_its_edition() {
    // The cover's QR code leads here: a reader holding an old sheet sees
    // which of its pages changed after the edition date (2025-08-06).
    let site = Site::copy("base");
    site.build(&[]).success();
    let unchanged = site.read("public/en/leaflets/bontang/index.html");
    assert!(unchanged.contains("No page of this leaflet has changed since its edition date."));
    site.write(
        "content/countries/japan.en.md",
        site.read("content/countries/japan.en.md").replace(
            "reviewed: 2026-11-27",
            "reviewed: 2026-11-27\nupdated: 2025-09-01",
        ),
    );
    site.build(&[]).success();
    let html = site.read("public/en/leaflets/bontang/index.html");
    let changed = html
        .split("<h3>Changed since this edition</h3>")
        .nth(1)
        .and_then(|rest| rest.split("</aside>").next())
        .expect("the list of changes");
    assert!(
        changed.contains(r#"<a href="/en/countries/japan/">Japan</a>"#),
        "{changed}"
    );
    assert!(
        !changed.contains("Legal path"),
        "not updated since: {changed}"
    );
}

#[test]
fn a_leaflet_binds_only_whole_sections_at_the_top_of_a_page() {
    let site = Site::copy("base");
    site.write(
        "content/procedures/departure.en.md",
        site.read("content/procedures/departure.en.md")
            + "\n## Alpha {#alpha}\n\nA.\n\n> [!NOTE]\n> ## Beta {#beta}\n>\n> B.\n\n## Part 1 {#part-1}\n\nP.\n",
    );
    let leaflet = site.read("content/leaflets/bontang.en.md");
    let choose = |sections: &str| {
        site.write(
            "content/leaflets/bontang.en.md",
            leaflet.replace(
                "  - ../procedures/departure.md\n",
                &format!("  - ../procedures/departure.md#{sections}\n"),
            ),
        );
    };
    // A section ends at the next heading outside the callout: the callout
    // comes whole, and a heading id like the booklet's own (`part-1`) binds.
    choose("alpha,part-1");
    site.build(&[]).success();
    let html = site.read("public/en/leaflets/bontang/index.html");
    let part = html.split(r#"id="part-1""#).nth(1).unwrap();
    let part = part.split(r#"<section class="part"#).next().unwrap();
    assert!(
        part.contains(r#"<h2 id="part-1-alpha">Alpha</h2>"#),
        "{part}"
    );
    assert!(part.contains("B.") && part.contains("</aside>"), "{part}");
    assert_eq!(
        part.matches("<aside").count(),
        part.matches("</aside>").count()
    );
    assert!(
        part.contains(r#"<h2 id="part-1-part-1">Part 1</h2>"#),
        "{part}"
    );
    // A heading inside a callout, a step's id: no section to bind.
    for (choice, at) in [("beta", "beta"), ("step-2", "step-2")] {
        choose(choice);
        let run = site.build(&[]);
        assert_eq!(run.code, 1, "{choice}");
        assert!(
            run.stderr
                .contains(&format!("has no section `#{at}` to bind")),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_one_language_leaflet_with_fallback_builds_in_every_language() {
    let site = Site::copy("base");
    site.write("site.yaml", site.read("site.yaml") + "fallback: true\n");
    std::fs::remove_file(site.path("content/leaflets/bontang.en.md")).unwrap();
    site.build(&[]).success();
    let copy = site.read("public/en/leaflets/bontang/index.html");
    assert!(copy.contains(r#"<article class="leaflet""#), "{copy}");
}

#[test]
fn a_part_states_its_date_only_where_it_differs_from_the_edition() {
    let site = Site::copy("base");
    let dated = |site: &Site| -> Vec<bool> {
        let html = site.read("public/en/leaflets/bontang/index.html");
        html.split(r#"<p class="part-more">"#)
            .skip(1)
            .map(|more| {
                more.split("</p>")
                    .next()
                    .unwrap()
                    .contains("Information as of")
            })
            .collect()
    };
    // Edition 2025-08-06; both parts were reviewed on 2026-11-27.
    site.build(&[]).success();
    assert_eq!(dated(&site), [true, true]);
    // An edition of the parts' own date: the cover says it once.
    site.write(
        "content/leaflets/bontang.en.md",
        site.read("content/leaflets/bontang.en.md")
            .replace("date: 2025-08-06", "date: 2025-08-06\nreviewed: 2026-11-27"),
    );
    site.build(&[]).success();
    assert_eq!(dated(&site), [false, false]);
}

#[test]
fn the_bilingual_edition_is_one_page_built_from_data_with_the_site_header() {
    let site = built();
    let html = site.read("public/leaflets/bontang/index.html");
    // One document (not pages cut out of others), with the site's header.
    assert_eq!(html.matches("<html").count(), 1);
    assert_eq!(html.matches("<body").count(), 1);
    assert!(html.contains(r#"<header class="site-header">"#));
    assert_eq!(html.matches(r#"<article class="leaflet""#).count(), 2);
    assert!(html.contains(r#"<h1 id="id-leaflet-title">"#));
    assert!(
        html.contains(
            r#"<link rel="stylesheet" href="/leaflets/bontang/pages.css" media="print">"#
        )
    );
    // Each language's page links it.
    for page in [
        "public/id/lembar/bontang/index.html",
        "public/en/leaflets/bontang/index.html",
    ] {
        assert!(
            site.read(page).contains(r#"<a href="/leaflets/bontang/">"#),
            "{page}"
        );
    }
}

#[test]
fn the_bilingual_edition_puts_both_languages_back_to_back() {
    let site = built();
    let html = site.read("public/leaflets/bontang/index.html");
    let id_at = html
        .find(r#"<div class="edition" lang="id">"#)
        .expect("the Indonesian edition");
    let en_at = html
        .find(r#"<div class="edition" lang="en">"#)
        .expect("the English edition");
    assert!(id_at < en_at, "Indonesian first");
    assert!(html.contains(r##"href="#id-part-1""##) && html.contains(r##"href="#en-part-1""##));
    assert_unique_ids(&html);
}

#[test]
fn pdf_without_chromium_says_what_to_install() {
    let site = Site::copy("base");
    let stderr = without_chromium(&site, &["pdf"]);
    assert!(
        stderr.starts_with("error: no Chromium found to print with"),
        "{stderr}"
    );
}

/// Runs lembar in `site` with no Chromium to find: it fails (exit 1) saying
/// what to install. Returns its stderr.
fn without_chromium(site: &Site, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_lembar"))
        .args(args)
        .current_dir(site.root())
        .env("PATH", "/nonexistent")
        .env_remove("CHROMIUM")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(stderr.contains("apt-get install chromium"), "{stderr}");
    stderr
}

#[test]
fn pdf_names_an_unknown_leaflet() {
    if !have(&[Tool::Chromium]) {
        return;
    }
    let site = Site::copy("base");
    let run = site_pdf(&site, &["bontng"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error: there is no leaflet `bontng`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `bontang`?"),
        "{}",
        run.stderr
    );
}

fn site_pdf(site: &Site, names: &[&str]) -> crate::support::Run {
    let mut args = vec!["pdf", "--out", "pdf"];
    args.extend_from_slice(names);
    run_in(site.root(), &args)
}

/// `pdfinfo` and `pdftotext` (poppler-utils) on a PDF: its page count, page
/// size line and text.
fn inspect(pdf: &Path) -> (usize, String, String) {
    let info = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let size = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .unwrap_or("")
        .to_string();
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    (
        pages,
        size,
        String::from_utf8_lossy(&text.stdout).into_owned(),
    )
}

/// A poppler tool's output on `pdf` (`args` before the file, then `-`).
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils): {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of page `page` (1-based), or of its left or right half
/// (`half`: 0 or 1, for a booklet's sides), words joined by single spaces.
fn page_text(pdf: &Path, page: usize, half: Option<usize>) -> String {
    let n = page.to_string();
    let mut args = vec!["-f", n.as_str(), "-l", n.as_str()];
    let x;
    if let Some(h) = half {
        x = (h * 420).to_string();
        args.extend(["-x", x.as_str(), "-y", "0", "-W", "420", "-H", "600"]);
    }
    let text = poppler("pdftotext", &args, pdf);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The PDF's bookmarks: each title with its page.
fn outline(pdf: &Path) -> Vec<(String, usize)> {
    let xml = Command::new("pdftohtml")
        .args(["-xml", "-stdout", "-i", "-q"])
        .arg(pdf)
        .output()
        .expect("pdftohtml (poppler-utils)");
    let xml = String::from_utf8_lossy(&xml.stdout).into_owned();
    xml.split("<item page=\"")
        .skip(1)
        .filter_map(|item| {
            let (page, rest) = item.split_once("\">")?;
            let title = rest.split("</item>").next()?;
            Some((title.to_string(), page.parse().ok()?))
        })
        .collect()
}

/// The contents list on the cover of `pdf`: each entry's title and page
/// number (a line `1. Legal path ..... 2` of the laid-out text).
fn contents(pdf: &Path, titles: &[&str]) -> Vec<(String, usize)> {
    let cover = poppler("pdftotext", &["-f", "1", "-l", "1", "-layout"], pdf);
    titles
        .iter()
        .map(|t| {
            let line = cover
                .lines()
                .find(|l| {
                    l.trim_start()
                        .split_once(". ")
                        .is_some_and(|(_, rest)| rest.starts_with(t))
                })
                .unwrap_or_else(|| panic!("{t} is not in the contents: {cover}"));
            let number = line.split_whitespace().last().unwrap_or("");
            (
                t.to_string(),
                number
                    .parse()
                    .unwrap_or_else(|_| panic!("{t} has no page number: {line}")),
            )
        })
        .collect()
}

/// The heights of the words on page `page` as poppler measures them: a
/// font's size times about 1.12 (Liberation Sans).
fn word_heights(pdf: &Path, page: usize) -> Vec<(String, f64)> {
    let n = page.to_string();
    let xml = poppler("pdftotext", &["-f", &n, "-l", &n, "-bbox"], pdf);
    xml.split("<word ")
        .skip(1)
        .filter_map(|w| {
            let num = |key: &str| -> Option<f64> {
                w.split(&format!("{key}=\""))
                    .nth(1)?
                    .split('"')
                    .next()?
                    .parse()
                    .ok()
            };
            let text = w.split('>').nth(1)?.split('<').next()?.to_string();
            Some((text, num("yMax")? - num("yMin")?))
        })
        .collect()
}

/// For each page, the share of its text area (between the running header
/// and footer) left blank below its last line: pages rendered in grey at
/// 30 dpi, a row is blank when every pixel is near white.
fn emptiness(pdf: &Path) -> Vec<f64> {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("pdftoppm")
        .args(["-gray", "-r", "30"])
        .arg(pdf)
        .arg(dir.path().join("p"))
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(status.success());
    let mut files = crate::support::list_files(dir.path());
    files.sort();
    files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(dir.path().join(f)).unwrap();
            // P5 <width> <height> 255 <pixels>: four whitespace-separated fields.
            let mut fields = 0;
            let mut at = 0;
            while fields < 4 {
                while bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                while !bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                fields += 1;
            }
            let header = String::from_utf8_lossy(&bytes[..at]).into_owned();
            let dims: Vec<usize> = header
                .split_whitespace()
                .skip(1)
                .take(2)
                .map(|n| n.parse().unwrap())
                .collect();
            let (w, h) = (dims[0], dims[1]);
            let pixels = &bytes[at + 1..];
            // The margins hold the running header and footer: 13 mm of 210.
            let (top, bottom) = (h * 14 / 210, h - h * 14 / 210);
            let last = (top..bottom)
                .rev()
                .find(|&y| pixels[y * w..(y + 1) * w].iter().any(|&p| p < 200))
                .unwrap_or(top);
            (bottom - last) as f64 / (bottom - top) as f64
        })
        .collect()
}

/// The numbers of the pages printed on each side of a booklet, read from
/// each half's running footer (`Halaman 3 dari 8`, `Page 3 of 8`; none on
/// a blank).
fn booklet_sides(pdf: &Path, sides: usize) -> Vec<[usize; 2]> {
    (1..=sides)
        .map(|side| {
            [0, 1].map(|half| {
                let text = page_text(pdf, side, Some(half));
                let words: Vec<&str> = text.split(' ').collect();
                words
                    .windows(3)
                    .find(|w| {
                        (w[0] == "Halaman" || w[0] == "Page") && (w[2] == "dari" || w[2] == "of")
                    })
                    .and_then(|w| w[1].parse().ok())
                    .unwrap_or(0)
            })
        })
        .collect()
}

#[test]
fn leaflets_print_numbered_with_bookmarks_and_as_booklets() {
    if !have(&[Tool::Chromium, Tool::Poppler]) {
        return;
    }
    let site = Site::copy("base");
    run_in(
        site.root(),
        &[
            "pdf",
            "--out",
            "pdf",
            "--booklet",
            "--page",
            "en/countries/japan/",
        ],
    )
    .success();
    // A printed page links the published site, not the loopback address it
    // was printed from.
    let links = Command::new("pdftohtml")
        .args(["-xml", "-stdout", "-i", "-q"])
        .arg(site.path("pdf/en-countries-japan.pdf"))
        .output()
        .expect("pdftohtml");
    let links = String::from_utf8_lossy(&links.stdout).into_owned();
    assert!(
        links.contains(r#"href="https://example.org/en/languages/japanese/""#),
        "{links}"
    );
    assert!(!links.contains("127.0.0.1"), "{links}");
    let mut files = crate::support::list_files(&site.path("pdf"));
    files.sort();
    assert_eq!(
        files,
        [
            "bontang-bilingual-booklet.pdf",
            "bontang-bilingual.pdf",
            "bontang-en-booklet.pdf",
            "bontang-en.pdf",
            "bontang-id-booklet.pdf",
            "bontang-id.pdf",
            "en-countries-japan.pdf"
        ]
    );
    let pdf = site.path("pdf/bontang-id.pdf");
    let (pages, size, text) = inspect(&pdf);
    assert!(size.contains("(A5)"), "{size}");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Bekerja ke luar negeri secara resmi",
        "Daftar isi",
        "Edisi:",
        "example.org/id/lembar/bontang/",
    ] {
        assert!(
            text.contains(expected),
            "{expected} missing from the PDF:\n{text}"
        );
    }
    for absent in ["Menu utama", "Langsung ke isi", "Cari"] {
        assert!(!text.contains(absent), "{absent} printed:\n{text}");
    }
    // The contents' numbers are the pages the parts start on, and the
    // bookmarks say the same.
    let numbered = contents(&pdf, &["Jalur resmi", "Jepang"]);
    for (title, page) in &numbered {
        assert!(*page >= 1 && *page <= pages, "{title}: {page} of {pages}");
        assert!(
            page_text(&pdf, *page, None).contains(title.as_str()),
            "{title} is not on page {page}"
        );
    }
    assert_eq!(outline(&pdf), numbered);
    // The booklet: A5 pages two to an A4 side, in the order that folds.
    let booklet = site.path("pdf/bontang-id-booklet.pdf");
    let (sides, size, _) = inspect(&booklet);
    assert!(size.contains("(A4)"), "{size}");
    assert_eq!(sides, pages.div_ceil(4) * 2, "{pages} pages");
    let n = sides * 2;
    let expected: Vec<[usize; 2]> = (0..sides / 2)
        .flat_map(|s| [[n - 2 * s, 1 + 2 * s], [2 + 2 * s, n - 1 - 2 * s]])
        .map(|side| side.map(|p| if p > pages { 0 } else { p }))
        .collect();
    assert_eq!(booklet_sides(&booklet, sides), expected);
    // The bilingual edition: both, bookmarked by language.
    let both = site.path("pdf/bontang-bilingual.pdf");
    let (both_pages, _, _) = inspect(&both);
    assert!(
        both_pages >= 2 * pages - 1,
        "both editions: {both_pages} pages"
    );
    let marks: Vec<String> = outline(&both).into_iter().map(|(t, _)| t).collect();
    assert_eq!(
        marks,
        [
            "ID · Jalur resmi",
            "ID · Jepang",
            "EN · Legal path",
            "EN · Japan"
        ]
    );
}

#[test]
fn build_pdf_publishes_the_pdfs_beside_their_pages_and_links_them() {
    if !have(&[Tool::Chromium, Tool::Poppler]) {
        return;
    }
    let site = Site::copy("base");
    site.build(&["--pdf"]).success();
    for file in [
        "public/id/lembar/bontang/bontang-id.pdf",
        "public/id/lembar/bontang/bontang-id-booklet.pdf",
        "public/en/leaflets/bontang/bontang-en.pdf",
        "public/leaflets/bontang/bontang-bilingual.pdf",
    ] {
        let (pages, _, _) = inspect(&site.path(file));
        assert!(pages >= 1, "{file}");
    }
    let html = site.read("public/id/lembar/bontang/index.html");
    let pages = inspect(&site.path("public/id/lembar/bontang/bontang-id.pdf")).0;
    assert!(
        html.contains(&format!(
            r#"<a href="/id/lembar/bontang/bontang-id.pdf" download><span lang="id">Bahasa Indonesia</span> (PDF)</a> <small>A5 · {pages} halaman · "#
        )),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/leaflets/bontang/bontang-bilingual-booklet.pdf" download>"#)
    );
    // The leaflets section offers them beside each leaflet too.
    let section = site.read("public/id/lembar/index.html");
    assert!(
        section.contains(r#"<a href="/id/lembar/bontang/bontang-id.pdf" download>"#),
        "{section}"
    );
    // The PDF is titled, for the reader's file list and window title.
    let info = Command::new("pdfinfo")
        .arg(site.path("public/id/lembar/bontang/bontang-id.pdf"))
        .output()
        .expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout);
    let title = info
        .lines()
        .find_map(|l| l.strip_prefix("Title:"))
        .map(str::trim);
    assert_eq!(title, Some("Bekerja ke luar negeri secara resmi"), "{info}");
    // Its contents are numbered on the published page too.
    assert!(
        site.read("public/id/lembar/bontang/pages.css")
            .contains(r##"a[href="#part-1"] .page-no::after{content:""##)
    );
}

#[test]
fn build_pdf_without_chromium_fails_and_keeps_the_output() {
    let site = Site::copy("base");
    site.build(&[]).success();
    let before = crate::support::snapshot_tree(&site.path("public"));
    let stderr = without_chromium(&site, &["build", "--pdf"]);
    assert!(
        stderr.contains("error: no Chromium found to print with"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the previous output is untouched"),
        "{stderr}"
    );
    assert_eq!(crate::support::snapshot_tree(&site.path("public")), before);
}

/// What a country page may take on paper: two A4 sheets printed on both
/// sides. Each takes three pages today; the fourth is headroom, so a font or
/// Chromium update that moves a few lines onto a new page cannot fail CI,
/// while a page that grows by a third does.
const COUNTRY_PAGES: usize = 4;

/// What the Bontang leaflet may take: A5 pages, four to an A4 sheet folded
/// into a booklet: two sheets, what an organiser prints for a hall of job
/// seekers.
const LEAFLET_PAGES: usize = 8;

/// The most of a page (but the last) a leaflet may leave blank.
const MOST_EMPTY: f64 = 0.25;

#[test]
fn the_shipped_country_pages_and_bontang_leaflet_print_within_their_limits() {
    if !have(&[Tool::Chromium, Tool::Poppler]) {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let countries: Vec<String> = [
        "jepang",
        "korea-selatan",
        "taiwan",
        "hong-kong",
        "malaysia",
        "singapura",
        "arab-saudi",
        "jerman",
    ]
    .iter()
    .map(|c| format!("id/negara/{c}/"))
    .chain(
        [
            "japan",
            "south-korea",
            "taiwan",
            "hong-kong",
            "malaysia",
            "singapore",
            "saudi-arabia",
            "germany",
        ]
        .iter()
        .map(|c| format!("en/countries/{c}/")),
    )
    .collect();
    let mut args = vec![
        "pdf",
        "--out",
        out.path().to_str().unwrap(),
        "bontang-2025",
        "--booklet",
        "--page",
        "id/prosedur/jalur-resmi/",
    ];
    for page in &countries {
        args.extend(["--page", page.as_str()]);
    }
    run_in(root, &args).success();
    for page in &countries {
        let name = page.trim_end_matches('/').replace('/', "-");
        let (pages, size, text) = inspect(&out.path().join(format!("{name}.pdf")));
        assert!(size.contains("(A4)"), "{page}: {size}");
        assert!(
            pages <= COUNTRY_PAGES,
            "{page}: {pages} A4 pages, more than {COUNTRY_PAGES}"
        );
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let (as_of, qr) = if page.starts_with("id") {
            ("Informasi per", "Pindai kode ini")
        } else {
            ("Information as of", "Scan this code")
        };
        let url = format!("lembar.example.org/{page}");
        assert!(
            text.contains(as_of) && text.contains(&url),
            "{page}: {text}"
        );
        assert!(text.contains(qr), "{page}: the QR code's caption");
    }
    let (pages, size, _) = inspect(&out.path().join("id-prosedur-jalur-resmi.pdf"));
    assert!(
        size.contains("(A4)") && pages >= 2,
        "the legal procedure: {pages} pages"
    );
    for lang in ["id", "en"] {
        check_bontang_leaflet(out.path(), lang, root);
    }
}

/// The Bontang leaflet in `lang`, as a counsellor would check it before
/// printing it for a hall of job seekers.
fn check_bontang_leaflet(out: &Path, lang: &str, root: &Path) {
    let pdf = out.join(format!("bontang-2025-{lang}.pdf"));
    let (pages, size, _) = inspect(&pdf);
    assert!(size.contains("(A5)"), "{size}");
    assert!(
        pages <= LEAFLET_PAGES,
        "the Bontang leaflet in {lang}: {pages} A5 pages, more than {LEAFLET_PAGES}"
    );
    // Dense: no page but the last mostly blank.
    let blank = emptiness(&pdf);
    for (n, share) in blank.iter().enumerate().take(pages - 1) {
        assert!(
            *share <= MOST_EMPTY,
            "{lang}: page {} is {:.0} % blank",
            n + 1,
            share * 100.0
        );
    }
    // The hotline boxed on the cover at 14 pt or more; body text at 10.5 pt
    // or more on every page (poppler's word boxes are 1.12 × the font size).
    let cover = word_heights(&pdf, 1);
    let hotline = cover
        .iter()
        .find(|(w, _)| w == "0800-1000")
        .expect("the hotline on the cover");
    assert!(
        hotline.1 >= 14.0 * 1.1,
        "{lang}: the hotline is {:.1} pt high",
        hotline.1
    );
    for page in 1..=pages {
        let mut heights: Vec<i64> = word_heights(&pdf, page)
            .iter()
            .map(|(_, h)| (h * 10.0).round() as i64)
            .collect();
        heights.sort();
        let body = heights
            .chunk_by(|a, b| a == b)
            .max_by_key(|run| run.len())
            .map_or(0, |run| run[0]);
        assert!(
            body as f64 / 10.0 >= 10.5 * 1.1,
            "{lang}: page {page}'s text is {:.1} pt high",
            body as f64 / 10.0
        );
        // Nothing but the leaflet's title in the running header: no search
        // link, no date on every page (the cover states the edition once).
        let n = page.to_string();
        let header = poppler(
            "pdftotext",
            &[
                "-f", &n, "-l", &n, "-y", "0", "-H", "34", "-W", "420", "-x", "0",
            ],
            &pdf,
        );
        let header = header.split_whitespace().collect::<Vec<_>>().join(" ");
        for noise in ["Cari", "Search", "per ", "as of"] {
            assert!(
                !header.contains(noise),
                "{lang}: page {page}'s header: {header}"
            );
        }
    }
    let text = (1..=pages)
        .map(|p| page_text(&pdf, p, None))
        .collect::<Vec<_>>()
        .join(" ");
    let (edition, checklist, tests) = match lang {
        "id" => ("Edisi:", "Sebelum berangkat", ["JFT-Basic", "EPS-TOPIK"]),
        _ => ("Edition:", "Before you go", ["JFT-Basic", "EPS-TOPIK"]),
    };
    assert_eq!(
        text.matches(edition).count(),
        1,
        "{lang}: the edition, once"
    );
    // The checklists' headings (a step that starts "Sebelum berangkat, …" is not one).
    let heading = format!("{checklist} ");
    assert_eq!(
        text.matches(&heading).count(),
        2,
        "{lang}: Japan's and South Korea's checklists"
    );
    for test in tests {
        assert!(text.contains(test), "{lang}: {test}");
    }
    // Every warning sign of the page, as its source says it.
    let source =
        std::fs::read_to_string(root.join(format!("content/procedures/warning-signs.{lang}.md")))
            .unwrap();
    let callout = source
        .split("> [!WARNING]")
        .nth(1)
        .expect("the signs' callout");
    let signs: Vec<String> = callout
        .split("\n> - ")
        .skip(1)
        .map(|sign| {
            let plain = sign.replace("**", "").replace("\n>", " ");
            plain
                .split_whitespace()
                .take(6)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert!(signs.len() >= 6, "{signs:?}");
    for sign in &signs {
        assert!(
            text.contains(sign.as_str()),
            "{lang}: the sign `{sign}` is not printed"
        );
    }
    // Numbered contents that match where the parts start, and bookmarks.
    let marks = outline(&pdf);
    assert_eq!(marks.len(), 4, "{marks:?}");
    let titles: Vec<&str> = marks.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(contents(&pdf, &titles), marks);
    for (title, page) in &marks {
        assert!(
            page_text(&pdf, *page, None).contains(title.as_str()),
            "{lang}: {title} on page {page}"
        );
    }
    // Its booklet: two A4 sheets, both sides, in folding order.
    let booklet = out.join(format!("bontang-2025-{lang}-booklet.pdf"));
    let (sides, size, _) = inspect(&booklet);
    assert!(size.contains("(A4)"), "{size}");
    assert_eq!(sides, 4, "{lang}: two sheets");
    let order = booklet_sides(&booklet, sides);
    let fill = |p: usize| if p > pages { 0 } else { p };
    assert_eq!(
        order,
        [[fill(8), 1], [2, fill(7)], [fill(6), 3], [4, fill(5)]]
    );
}

#[test]
fn printing_reaches_nothing_outside_the_site_not_even_loopback() {
    if !have(&[Tool::Chromium, Tool::Poppler]) {
        return;
    }
    // A local service a page must not be able to print (or reach at all).
    let service = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = service.local_addr().unwrap().port();
    service.set_nonblocking(true).unwrap();
    let site = Site::copy("base");
    site.write(
        "content/uji.id.md",
        format!(
            "---\ntitle: Uji\n---\n\nHalaman uji.\n\n<iframe src=\"http://127.0.0.1:{port}/\"></iframe>\n<img src=\"http://localhost:{port}/x.png\" alt=\"x\">\n<img src=\"https://example.org/y.png\" alt=\"y\">\n"
        ),
    );
    let run = run_in(site.root(), &["pdf", "--out", "pdf", "--page", "id/uji/"]);
    run.success();
    let (pages, _, text) = inspect(&site.path("pdf/id-uji.pdf"));
    assert!(pages >= 1);
    assert!(text.contains("Halaman uji."), "{text}");
    let reached = service.accept().is_ok();
    assert!(!reached, "Chromium connected to a loopback service");
    assert!(
        run.stderr.contains(&format!(
            "warning: not printed: http://127.0.0.1:{port}/ is outside the site"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("https://example.org") || run.stderr.contains("example.org:443"),
        "{}",
        run.stderr
    );
}

#[test]
fn printing_runs_no_script_so_webrtc_sends_nothing() {
    if !have(&[Tool::Chromium, Tool::Poppler]) {
        return;
    }
    // WebRTC's UDP goes past any HTTP proxy: only a page without script is
    // offline. Raw HTML is the site's by default, so an author can write one.
    let stun = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = stun.local_addr().unwrap().port();
    let site = Site::copy("base");
    site.write(
        "content/uji.id.md",
        format!(
            "---\ntitle: Uji\n---\n\nHalaman uji.\n\n<p id=\"s\">tanpa skrip</p>\n<script>\ndocument.getElementById('s').textContent='skrip berjalan';\nvar pc=new RTCPeerConnection({{iceServers:[{{urls:'stun:127.0.0.1:{port}'}}]}});\npc.createDataChannel('x');\npc.createOffer().then(function(o){{return pc.setLocalDescription(o);}});\n</script>\n"
        ),
    );
    let run = run_in(site.root(), &["pdf", "--out", "pdf", "--page", "id/uji/"]);
    run.success();
    let (_, _, text) = inspect(&site.path("pdf/id-uji.pdf"));
    assert!(
        text.contains("tanpa skrip"),
        "the script did not run: {text}"
    );
    // `--page` prints a page besides the leaflets, as its help says.
    assert!(
        site.path("pdf/bontang-id.pdf").is_file(),
        "the leaflets too"
    );
    stun.set_nonblocking(true).unwrap();
    let mut buffer = [0u8; 512];
    assert!(
        stun.recv_from(&mut buffer).is_err(),
        "Chromium sent a STUN packet while printing"
    );
}
