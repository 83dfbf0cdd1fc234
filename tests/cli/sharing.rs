//! What publishing needs besides the pages: link previews (Open Graph and
//! Twitter cards), stylesheet addresses that change with their content, the
//! 404 page, and a base URL with a path reaching every address.

use crate::support::Site;

fn meta<'a>(html: &'a str, attribute: &str, name: &str) -> Vec<&'a str> {
    let open = format!("<meta {attribute}=\"{name}\" content=\"");
    html.match_indices(&open)
        .map(|(i, _)| {
            let rest = &html[i + open.len()..];
            &rest[..rest.find('"').expect("a closed attribute")]
        })
        .collect()
}

fn og<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    meta(html, "property", name).first().copied()
}

fn write_png(site: &Site, rel: &str, width: u32, height: u32) {
    let path = site.path(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    image::RgbImage::from_pixel(width, height, image::Rgb([11, 12, 12]))
        .save(&path)
        .unwrap();
}

#[test]
fn every_page_describes_itself_for_link_previews() {
    let site = Site::copy("base");
    site.build(&[]).success();
    let id = site.read("public/id/negara/jepang/index.html");
    assert_eq!(og(&id, "og:type"), Some("article"));
    assert_eq!(og(&id, "og:title"), Some("Jepang"));
    assert_eq!(
        og(&id, "og:url"),
        Some("https://example.org/id/negara/jepang/")
    );
    assert_eq!(og(&id, "og:locale"), Some("id_ID"));
    assert_eq!(meta(&id, "property", "og:locale:alternate"), ["en_US"]);
    assert_eq!(og(&id, "og:site_name"), Some("Situs Uji"));
    // Without a picture, the small card.
    assert_eq!(og(&id, "og:image"), None);
    assert_eq!(meta(&id, "name", "twitter:card"), ["summary"]);
    let en = site.read("public/en/countries/japan/index.html");
    assert_eq!(og(&en, "og:locale"), Some("en_US"));
    assert_eq!(meta(&en, "property", "og:locale:alternate"), ["id_ID"]);
    assert_eq!(
        og(&en, "og:url"),
        Some("https://example.org/en/countries/japan/")
    );
    // A section is a website, and its description is the page's or the site's.
    let section = site.read("public/id/negara/index.html");
    assert_eq!(og(&section, "og:type"), Some("website"));
    assert!(og(&section, "og:description").is_some_and(|d| !d.is_empty()));
    // The root chooser is shared most: it names the site in every language.
    let root = site.read("public/index.html");
    assert_eq!(og(&root, "og:title"), Some("Situs Uji · Test Site"));
    assert_eq!(og(&root, "og:url"), Some("https://example.org/"));
}

#[test]
fn the_share_image_is_an_absolute_address_with_its_size() {
    let site = Site::copy("base");
    write_png(&site, "static/card.png", 1200, 630);
    let config = site.read("site.yaml") + "share_image: card.png\n";
    site.write("site.yaml", config);
    site.build(&["--base-url", "https://example.org/bontang/"])
        .success();
    let html = site.read("public/en/countries/japan/index.html");
    assert_eq!(
        og(&html, "og:image"),
        Some("https://example.org/bontang/card.png")
    );
    assert_eq!(og(&html, "og:image:width"), Some("1200"));
    assert_eq!(og(&html, "og:image:height"), Some("630"));
    assert_eq!(og(&html, "og:image:alt"), Some("Test Site"));
    assert_eq!(meta(&html, "name", "twitter:card"), ["summary_large_image"]);
    assert!(site.path("public/card.png").is_file());
}

#[test]
fn a_share_image_that_is_missing_or_not_a_picture_is_a_located_error() {
    let site = Site::copy("base");
    site.build(&[]).success();
    let before = crate::support::snapshot_tree(&site.path("public"));
    let config = site.read("site.yaml") + "share_image: card.png\n";
    site.write("site.yaml", &config);
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    let line = config.lines().count();
    assert!(
        run.stderr.starts_with(&format!(
            "site.yaml:{line}:1: error: `share_image: card.png` is not a static file"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("help: put the picture in the site's `static/` folder")
    );
    site.write("static/card.png", "not a picture");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: `share_image: card.png` is not a PNG or JPEG picture"),
        "{}",
        run.stderr
    );
    assert_eq!(crate::support::snapshot_tree(&site.path("public")), before);
}

/// The `?h=` value of the stylesheet link with `href` starting `start`.
fn stylesheet_hash(html: &str, start: &str) -> String {
    let at = html.find(&format!("href=\"{start}?h=")).expect(start) + start.len() + 9;
    html[at..at + 10].to_string()
}

#[test]
fn stylesheet_addresses_change_with_their_content_only() {
    let site = Site::copy("base");
    site.build(&[]).success();
    let page = site.read("public/id/index.html");
    let style = stylesheet_hash(&page, "/style.css");
    let print = stylesheet_hash(&page, "/print.css");
    assert!(style.bytes().all(|b| b.is_ascii_hexdigit()), "{style}");
    assert_ne!(style, print);
    // Every page and the chooser name the same file.
    for rel in [
        "public/index.html",
        "public/en/countries/japan/index.html",
        "public/404.html",
    ] {
        assert_eq!(
            stylesheet_hash(&site.read(rel), "/style.css"),
            style,
            "{rel}"
        );
    }
    site.build(&[]).success();
    assert_eq!(
        stylesheet_hash(&site.read("public/id/index.html"), "/style.css"),
        style
    );
    // A site's own stylesheet is another file, so another address.
    site.write("themes/default/static/style.css", "body{color:#000}\n");
    site.build(&[]).success();
    let changed = site.read("public/id/index.html");
    assert_ne!(stylesheet_hash(&changed, "/style.css"), style);
    assert_eq!(stylesheet_hash(&changed, "/print.css"), print);
}

#[test]
fn the_404_page_speaks_every_language_from_any_address() {
    let site = Site::copy("base");
    site.build(&["--base-url", "https://example.org/bontang/"])
        .success();
    let html = site.read("public/404.html");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"id\">"));
    assert!(html.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(html.contains(r#"<section class="card" lang="id""#));
    assert!(html.contains(r#"<section class="card" lang="en""#));
    assert!(html.contains("Halaman tidak ditemukan"));
    assert!(html.contains("Page not found"));
    // Hosts show it at the missing address, so no address in it is relative.
    for link in [
        r#"href="/bontang/id/""#,
        r#"href="/bontang/en/""#,
        r#"href="/bontang/id/cari/""#,
        r#"href="/bontang/en/search/""#,
        r#"href="/bontang/style.css?h="#,
    ] {
        assert!(html.contains(link), "{link} in {html}");
    }
    assert!(!html.contains("href=\"../"), "{html}");
}

/// Every address an output file names: `href`, `src`, `srcset`, `action`,
/// `content` of `og:`/`twitter:` tags, and XML `<loc>`/`href` values.
fn addresses(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in [
        " href=\"",
        " src=\"",
        " action=\"",
        "<loc>",
        "<id>",
        " content=\"",
        " srcset=\"",
    ] {
        for (i, _) in text.match_indices(attr) {
            let rest = &text[i + attr.len()..];
            let end = rest.find(['"', '<']).unwrap_or(rest.len());
            let value = &rest[..end];
            if attr == " srcset=\"" {
                found.extend(
                    value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .map(String::from),
                );
            } else {
                found.push(value.to_string());
            }
        }
    }
    found
}

#[test]
fn a_base_url_with_a_path_reaches_every_address() {
    let site = Site::copy("base");
    // The fixture links to example.org's own pages as sources: another host here.
    let run = site.build(&["--base-url", "https://lembar.test/kota-bontang/"]);
    run.success();
    let mut checked = 0;
    for rel in site.files("public") {
        if !(rel.ends_with(".html") || rel.ends_with(".xml") || rel.ends_with(".txt")) {
            continue;
        }
        let text = site.read(&format!("public/{rel}"));
        for address in addresses(&text) {
            let on_site = address.starts_with('/') || address.starts_with("https://lembar.test");
            if on_site {
                checked += 1;
                assert!(
                    address.starts_with("/kota-bontang/")
                        || address.starts_with("https://lembar.test/kota-bontang/"),
                    "{rel}: `{address}` leaves the base path"
                );
            }
        }
    }
    assert!(checked > 500, "only {checked} addresses seen");
    let robots = site.read("public/robots.txt");
    assert!(
        robots.contains("Sitemap: https://lembar.test/kota-bontang/sitemap.xml"),
        "{robots}"
    );
    // The same site at the root of its own host: nothing of the old address stays.
    site.build(&[]).success();
    for rel in site.files("public") {
        if rel.ends_with(".html") || rel.ends_with(".xml") || rel.ends_with(".txt") {
            let text = site.read(&format!("public/{rel}"));
            assert!(
                !text.contains("lembar.test"),
                "{rel} still names lembar.test"
            );
            assert!(
                !text.contains("/kota-bontang/"),
                "{rel} still names /kota-bontang/"
            );
        }
    }
}

#[test]
fn a_page_at_the_search_page_address_is_a_located_error() {
    let site = Site::copy("base");
    site.write(
        "content/cari.id.md",
        "---\ntitle: Cari kerja\n---\n\nTeks.\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        // The file's name made the address: the error points at the file.
        run.stderr.contains(
            "content/cari.id.md:1:1: error: this page's address `/id/cari/` is the `id` search page"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: give the page another `slug:`"),
        "{}",
        run.stderr
    );
    // A slug of its own puts it elsewhere.
    site.write(
        "content/cari.id.md",
        "---\ntitle: Cari kerja\nslug: cari-kerja\n---\n\nTeks.\n",
    );
    site.build(&[]).success();
    assert!(site.path("public/id/cari-kerja/index.html").is_file());
    assert!(
        site.read("public/id/cari/index.html")
            .contains("search-index.js")
    );
    // A search address that is no URL segment.
    std::fs::remove_file(site.path("content/cari.id.md")).unwrap();
    site.build(&[]).success();
    let before_slug = crate::support::snapshot_tree(&site.path("public"));
    site.write("i18n/id.yaml", "search_slug: \"cari lagi\"\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("i18n/id.yaml:1:14: error: the UI string `search_slug` in `id`: the slug `cari lagi` has characters that are not allowed in a URL path"),
        "{}",
        run.stderr
    );
    assert!(crate::support::snapshot_tree(&site.path("public")) == before_slug);
}

#[test]
fn a_static_file_replaces_the_file_lembar_would_write_there() {
    let site = Site::copy("base");
    site.write("static/robots.txt", "User-agent: *\nDisallow: /private/\n");
    site.build(&[]).success();
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nDisallow: /private/\n"
    );
    assert!(site.read("public/sitemap.xml").contains("<urlset"));
}

#[test]
fn a_page_whose_folder_is_a_feed_is_a_located_error() {
    let site = Site::copy("base");
    let page =
        site.read("content/events/bontang.id.md")
            .replacen("---\n", "---\nslug: atom.xml\n", 1);
    site.write("content/events/bontang.id.md", page);
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "content/events/bontang.id.md:2:7: error: this page's address `/id/kegiatan/atom.xml/` is where lembar writes `id/kegiatan/atom.xml`"
        ),
        "{}",
        run.stderr
    );
}
