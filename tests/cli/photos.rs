//! Event photos: published as a few resized widths (never the original) with
//! `srcset`, `sizes`, `width`, `height` and lazy loading; a missing or broken
//! photo, or one without `alt`, is a located error that leaves `public/` alone.

use image::{ImageEncoder, Rgb, RgbImage};

use crate::support::{Run, Site, fixtures, snapshot_tree};

const PHOTO: &str = "content/events/photos/opening.jpg";
const PAGES: [&str; 2] = ["public/id/kegiatan/bontang/", "public/en/events/bontang/"];

/// The base site with the Bontang event showing `photos/opening.jpg`: a
/// 4000×3000 JPEG, as phones take them, where the widths matter; a smaller one
/// elsewhere, since a debug build takes seconds to decode 12 megapixels.
fn site_with_photo(width: u32, height: u32) -> Site {
    let site = Site::overlay(&fixtures().join("photos"));
    site.write(PHOTO, phone_photo(width, height));
    site
}

/// A photo-sized JPEG with detail everywhere (gradients and a fine pattern).
fn phone_photo(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 255 / width) as u8,
            (y * 255 / height) as u8,
            ((x ^ y) & 0xff) as u8,
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(&image, width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// The `<img …>` tags of an HTML page.
fn img_tags(html: &str) -> Vec<&str> {
    html.match_indices("<img ")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1])
        .collect()
}

/// Builds the good site, breaks it with `mistake`, builds again; returns the
/// failed run after checking that `public/` did not change.
fn build_broken(site: &Site, mistake: impl FnOnce(&Site)) -> Run {
    site.build(&[]).success();
    let before = snapshot_tree(&site.path("public"));
    mistake(site);
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "expected exit 1:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(
        snapshot_tree(&site.path("public")),
        before,
        "the previous output changed"
    );
    run
}

#[test]
fn a_phone_photo_is_published_in_a_few_widths_and_never_as_itself() {
    let site = site_with_photo(4000, 3000);
    site.build(&[]).success();
    for page in PAGES {
        let photos: Vec<String> = site
            .files(page)
            .into_iter()
            .filter(|f| f.starts_with("photos/"))
            .collect();
        assert_eq!(
            photos,
            [
                "photos/opening-1200w.jpg",
                "photos/opening-480w.jpg",
                "photos/opening-800w.jpg"
            ],
            "{page}"
        );
        for (name, width, height) in [("480", 480, 360), ("800", 800, 600), ("1200", 1200, 900)] {
            let path = site.path(&format!("{page}photos/opening-{name}w.jpg"));
            let bytes = std::fs::read(&path).unwrap();
            let image = image::load_from_memory(&bytes).unwrap();
            assert_eq!(
                (image.width(), image.height()),
                (width, height),
                "{}",
                path.display()
            );
        }
    }
    assert!(
        !site
            .files("public")
            .iter()
            .any(|f| f.ends_with("opening.jpg")),
        "the original is not published"
    );
}

#[test]
fn the_img_has_srcset_sizes_dimensions_lazy_loading_and_alt() {
    let site = site_with_photo(1600, 1200);
    site.build(&[]).success();
    let html = site.read("public/id/kegiatan/bontang/index.html");
    let imgs = img_tags(&html);
    assert_eq!(imgs.len(), 1, "{html}");
    let img = imgs[0];
    let dir = "/id/kegiatan/bontang/photos/";
    for attribute in [
        format!(r#"src="{dir}opening-800w.jpg""#),
        format!(
            r#"srcset="{dir}opening-480w.jpg 480w, {dir}opening-800w.jpg 800w, {dir}opening-1200w.jpg 1200w""#
        ),
        r#"sizes="(min-width: 48.6875em) 45.125em, "#.to_string(),
        r#"width="800" height="600""#.to_string(),
        r#"loading="lazy""#.to_string(),
        r#"alt="Wali kota membuka acara di depan para peserta.""#.to_string(),
    ] {
        assert!(img.contains(&attribute), "{attribute} missing in {img}");
    }
    assert!(
        html.contains("<figcaption>Pembukaan acara.</figcaption>"),
        "{html}"
    );
}

#[test]
fn photo_urls_follow_the_base_url() {
    let site = site_with_photo(1600, 1200);
    site.build(&["--base-url", "https://example.org/bontang/"])
        .success();
    let html = site.read("public/en/events/bontang/index.html");
    let img = img_tags(&html)[0];
    assert!(
        img.contains(r#"src="/bontang/en/events/bontang/photos/opening-800w.jpg""#),
        "{img}"
    );
}

#[test]
fn a_missing_photo_is_an_error_at_its_src() {
    let site = site_with_photo(1600, 1200);
    let run = build_broken(&site, |s| std::fs::remove_file(s.path(PHOTO)).unwrap());
    assert!(
        run.stderr.contains(
            "content/events/bontang.en.md:10:10: error: cannot read the photo `content/events/photos/opening.jpg`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("help: put the photo file beside the page's Markdown file"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_photo_is_an_error_at_its_src() {
    let site = site_with_photo(1600, 1200);
    let run = build_broken(&site, |s| s.write(PHOTO, b"\xff\xd8\xff\xe0 cut off"));
    for lang in ["id", "en"] {
        let at = format!(
            "content/events/bontang.{lang}.md:10:10: error: the photo `content/events/photos/opening.jpg` cannot be read as an image"
        );
        assert!(run.stderr.contains(&at), "{at}\n{}", run.stderr);
    }
    assert!(
        run.stderr.contains("help: save it as a JPEG or PNG file"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_photo_without_alt_is_an_error_with_help() {
    let site = site_with_photo(1600, 1200);
    let page = "content/events/bontang.en.md";
    let text = site.read(page);
    let run = build_broken(&site, |s| {
        s.write(
            page,
            text.replace(
                "    alt: The mayor opens the event in front of the participants.\n",
                "",
            ),
        );
    });
    assert!(
        run.stderr.contains(&format!("{page}:10:")),
        "located:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`alt`"),
        "names the field:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: "),
        "says what to do:\n{}",
        run.stderr
    );
}

#[test]
fn a_photo_with_an_empty_alt_is_an_error_with_help() {
    let site = site_with_photo(1600, 1200);
    let page = "content/events/bontang.en.md";
    let text = site.read(page);
    let run = build_broken(&site, |s| {
        s.write(
            page,
            text.replace(
                "alt: The mayor opens the event in front of the participants.",
                "alt: ''",
            ),
        );
    });
    assert!(
        run.stderr.contains(&format!(
            "{page}:10:10: error: the photo `photos/opening.jpg` has an empty `alt`"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: describe what the photo shows"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_static_file_at_a_photos_address_is_named_and_left_out() {
    let site = site_with_photo(16, 12);
    let stale = "static/en/events/bontang/photos/opening-16w.jpg";
    site.write(stale, "not the photo");
    let run = site.build(&[]);
    run.success();
    assert!(
        run.stderr.starts_with(
            "static/en/events/bontang/photos/opening-16w.jpg: warning: `static/en/events/bontang/photos/opening-16w.jpg` \
             is not published: a photo of the page `content/events/bontang.en.md` has the same address, \
             `en/events/bontang/photos/opening-16w.jpg`\n"
        ),
        "{}",
        run.stderr
    );
    let published =
        std::fs::read(site.path("public/en/events/bontang/photos/opening-16w.jpg")).unwrap();
    assert!(
        image::load_from_memory(&published).is_ok(),
        "the photo wins"
    );
}
