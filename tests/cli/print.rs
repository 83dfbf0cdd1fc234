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
            main.contains(&format!(r##"<li><a href="#part-{n}">{title}</a></li>"##)),
            "contents"
        );
    }
    // Every id is unique, although two pages bring the theme's headings.
    assert_unique_ids(&html);
    // The cover's QR code leads to the site's home in the leaflet's language.
    assert!(html.contains(r#"<div class="cover-qr"><svg class="qr""#));
    assert!(html.contains("<strong>example.org/en/</strong>"));
    assert!(html.contains("@page{size:A5;"), "the leaflet's own paper");
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
    let output = Command::new(env!("CARGO_BIN_EXE_lembar"))
        .args(["pdf"])
        .current_dir(site.root())
        .env("PATH", "/nonexistent")
        .env_remove("CHROMIUM")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: no Chromium found to print with"),
        "{stderr}"
    );
    assert!(stderr.contains("apt-get install chromium"), "{stderr}");
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

#[test]
fn leaflets_print_to_a5_pdfs_in_each_language_and_both() {
    if !have(&[Tool::Chromium, Tool::Poppler]) {
        return;
    }
    let site = Site::copy("base");
    site_pdf(&site, &[]).success();
    let mut files = crate::support::list_files(&site.path("pdf"));
    files.sort();
    assert_eq!(
        files,
        ["bontang-bilingual.pdf", "bontang-en.pdf", "bontang-id.pdf"]
    );
    let (pages, size, text) = inspect(&site.path("pdf/bontang-id.pdf"));
    assert!(size.contains("(A5)"), "{size}");
    assert!(
        pages >= 3,
        "a cover, then each bound page on a new sheet: {pages}"
    );
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Bekerja ke luar negeri secara resmi",
        "Daftar isi",
        "Jalur resmi",
        "Jepang",
        "Informasi per",
        "example.org/id/",
    ] {
        assert!(
            text.contains(expected),
            "{expected} missing from the PDF:\n{text}"
        );
    }
    for absent in ["Menu utama", "Langsung ke isi"] {
        assert!(!text.contains(absent), "{absent} printed:\n{text}");
    }
    let (both, _, _) = inspect(&site.path("pdf/bontang-bilingual.pdf"));
    assert!(both >= 2 * pages - 1, "both editions: {both} pages");
}

/// What a country page may take on paper: two A4 sheets printed on both
/// sides. Each takes three pages today; the fourth is headroom, so a font or
/// Chromium update that moves a few lines onto a new page cannot fail CI,
/// while a page that grows by a third does.
const COUNTRY_PAGES: usize = 4;

/// What the Bontang leaflet may take: A5 pages, four to an A4 sheet folded
/// into a booklet, so three sheets. It fills two today (8 pages); the third
/// sheet is headroom, for the same reason.
const LEAFLET_PAGES: usize = 12;

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
        let (pages, size, _) = inspect(&out.path().join(format!("bontang-2025-{lang}.pdf")));
        assert!(size.contains("(A5)"), "{size}");
        assert!(
            pages <= LEAFLET_PAGES,
            "the Bontang leaflet in {lang}: {pages} A5 pages, more than {LEAFLET_PAGES}"
        );
    }
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
    stun.set_nonblocking(true).unwrap();
    let mut buffer = [0u8; 512];
    assert!(
        stun.recv_from(&mut buffer).is_err(),
        "Chromium sent a STUN packet while printing"
    );
}
