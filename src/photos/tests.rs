use super::*;
use crate::content::{Content, parse_content_file};
use crate::front_matter::ContentType;
use crate::source::SourceFile;
use image::{Rgb, RgbImage, Rgba, RgbaImage};

/// A photo-like test image: smooth gradients, so JPEG sizes are realistic
/// enough and every pixel differs from its neighbours.
fn gradient(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 255 / width) as u8,
            (y * 255 / height) as u8,
            ((x + y) % 256) as u8,
        ])
    })
}

fn jpeg(image: &RgbImage, exif: Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
    if let Some(exif) = exif {
        encoder.set_exif_metadata(exif).unwrap();
    }
    encoder
        .write_image(
            image,
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

fn png(image: &RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(
            image,
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgba8,
        )
        .unwrap();
    out
}

/// A little-endian TIFF block with one tag: Orientation = `value`.
fn exif_orientation(value: u16) -> Vec<u8> {
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes()); // first IFD right after the header
    t.extend(1u16.to_le_bytes()); // one entry
    t.extend(0x0112u16.to_le_bytes()); // Orientation
    t.extend(3u16.to_le_bytes()); // SHORT
    t.extend(1u32.to_le_bytes()); // one value
    t.extend(value.to_le_bytes());
    t.extend([0, 0]); // value padded to four bytes
    t.extend(0u32.to_le_bytes()); // no next IFD
    t
}

fn decode(bytes: &[u8]) -> DynamicImage {
    image::load_from_memory(bytes).unwrap()
}

#[test]
fn widths_never_exceed_the_photo() {
    assert_eq!(variant_widths(4000), vec![480, 800, 1200]);
    assert_eq!(variant_widths(1200), vec![480, 800, 1200]);
    assert_eq!(variant_widths(1000), vec![480, 800, 1000]);
    assert_eq!(variant_widths(800), vec![480, 800]);
    assert_eq!(variant_widths(480), vec![480]);
    assert_eq!(variant_widths(300), vec![300]);
    assert_eq!(variant_widths(1), vec![1]);
}

#[test]
fn variants_keep_the_aspect_ratio_and_decode_at_their_width() {
    let p = process_photo(&jpeg(&gradient(2000, 1500), None), "photos/open.jpg").unwrap();
    assert_eq!((p.width, p.height), (2000, 1500));
    let got: Vec<_> = p
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.width, v.height))
        .collect();
    assert_eq!(
        got,
        vec![
            ("photos/open-480w.jpg", 480, 360),
            ("photos/open-800w.jpg", 800, 600),
            ("photos/open-1200w.jpg", 1200, 900),
        ]
    );
    for v in &p.variants {
        let image = decode(&v.bytes);
        assert_eq!((image.width(), image.height()), (v.width, v.height));
    }
}

#[test]
fn a_small_photo_is_not_upscaled() {
    let p = process_photo(&jpeg(&gradient(300, 201), None), "tiny.jpeg").unwrap();
    assert_eq!(p.variants.len(), 1);
    let v = &p.variants[0];
    assert_eq!(
        (v.name.as_str(), v.width, v.height),
        ("tiny-300w.jpg", 300, 201)
    );
    assert_eq!(decode(&v.bytes).width(), 300);
}

#[test]
fn odd_aspect_ratios_round_and_never_reach_zero() {
    assert_eq!(scaled_height(4000, 3000, 480), 360);
    assert_eq!(scaled_height(3000, 4000, 800), 1067);
    assert_eq!(scaled_height(10000, 3, 480), 1);
}

#[test]
fn exif_orientation_turns_the_photo_upright() {
    // Stored sideways, as phones do: red on the left, blue on the right.
    // Orientation 6 means "turn 90° clockwise to show": red ends up on top.
    let stored = RgbImage::from_fn(80, 40, |x, _| {
        if x < 40 {
            Rgb([255, 0, 0])
        } else {
            Rgb([0, 0, 255])
        }
    });
    let bytes = jpeg(&stored, Some(exif_orientation(6)));
    let p = process_photo(&bytes, "side.jpg").unwrap();
    assert_eq!((p.width, p.height), (40, 80));
    let shown = decode(&p.variants[0].bytes).to_rgb8();
    assert_eq!(shown.dimensions(), (40, 80));
    let top = shown.get_pixel(20, 10);
    let bottom = shown.get_pixel(20, 70);
    assert!(top[0] > 200 && top[2] < 60, "top is red: {top:?}");
    assert!(
        bottom[2] > 200 && bottom[0] < 60,
        "bottom is blue: {bottom:?}"
    );
}

#[test]
fn the_same_bytes_give_the_same_variants() {
    let bytes = jpeg(&gradient(1300, 700), None);
    let a = process_photo(&bytes, "a.jpg").unwrap();
    let b = process_photo(&bytes, "a.jpg").unwrap();
    assert_eq!(a.variants.len(), 3);
    for (a, b) in a.variants.iter().zip(&b.variants) {
        assert_eq!(a.bytes, b.bytes, "{}", a.name);
    }
}

#[test]
fn only_see_through_pngs_stay_png() {
    let opaque = RgbaImage::from_pixel(600, 400, Rgba([10, 120, 200, 255]));
    let p = process_photo(&png(&opaque), "logo.png").unwrap();
    assert_eq!(p.variants[0].name, "logo-480w.jpg");
    assert_eq!(
        image::guess_format(&p.variants[0].bytes).unwrap(),
        image::ImageFormat::Jpeg
    );

    let mut clear = opaque.clone();
    clear.put_pixel(5, 5, Rgba([0, 0, 0, 0]));
    let p = process_photo(&png(&clear), "logo.png").unwrap();
    assert_eq!(p.variants[1].name, "logo-600w.png");
    let shown = decode(&p.variants[1].bytes).to_rgba8();
    assert_eq!(shown.get_pixel(5, 5)[3], 0);
}

#[test]
fn a_file_that_is_not_an_image_is_an_error() {
    assert!(process_photo(b"not a photo at all", "x.jpg").is_err());
    let mut cut = jpeg(&gradient(200, 100), None);
    // Cut inside the header (a cut in the picture data decodes, grey at
    // the bottom, as browsers show it).
    cut.truncate(40);
    assert!(process_photo(&cut, "x.jpg").is_err());
}

const EVENT: &str = "---\ntitle: Acara\ndate: 2025-08-06\nplace: Bontang\norganisers: [Disnaker]\nphotos:\n  - src: photos/open.jpg\n    alt: Pembukaan\n  - src: broken.jpg\n    alt: Rusak\n    caption: Foto rusak\n---\n";

/// A site in `root` with one event (Indonesian only, English by fallback)
/// that shows `photos/open.jpg` and `broken.jpg`.
fn site_in(root: &Path) -> Site {
    let yaml = "title: {id: A, en: B}\nbase_url: https://x.org/sub/\nfallback: true\n";
    let config =
        crate::config::parse_config(&SourceFile::new("site.yaml", yaml.into()), root, None)
            .unwrap();
    let files = [
        ("events/_index.id.md", "---\ntitle: Acara\n---\n"),
        ("events/rapat.id.md", EVENT),
    ];
    let files = files
        .iter()
        .map(|(rel, text)| {
            let kind = if rel.ends_with("_index.id.md") {
                ContentType::Page
            } else {
                ContentType::Event
            };
            let source = SourceFile::new(format!("content/{rel}"), text.to_string());
            parse_content_file(&config, rel, source, kind).unwrap()
        })
        .collect();
    crate::site::resolve_site(
        config,
        Content {
            files,
            drafts: Vec::new(),
            attachments: Vec::new(),
        },
    )
    .0
}

#[test]
fn a_broken_photo_is_an_error_at_its_src() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("content/events/photos")).unwrap();
    std::fs::write(
        root.path().join("content/events/photos/open.jpg"),
        jpeg(&gradient(900, 600), None),
    )
    .unwrap();
    std::fs::write(
        root.path().join("content/events/broken.jpg"),
        b"GIF89a nope",
    )
    .unwrap();
    let site = site_in(root.path());
    let (photos, problems) = load_photos(&site, &PhotoCache::default());
    assert_eq!(problems.len(), 1, "{problems:?}");
    let d = &problems[0];
    assert!(
        d.message
            .contains("`content/events/broken.jpg` cannot be read as an image"),
        "{}",
        d.message
    );
    assert!(d.help.as_deref().unwrap().contains("JPEG or PNG"));
    let line = d.position.as_ref().map(|p| p.line);
    assert_eq!(line, Some(9), "{d:?}");

    let file = site.file_index("events/rapat.id.md").unwrap();
    assert!(photos.get(file, "broken.jpg").is_none());
    assert_eq!(
        photos.get(file, "photos/open.jpg").unwrap().variants.len(),
        3
    );
}

#[test]
fn every_language_gets_the_variants_and_base_absolute_urls() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("content/events/photos")).unwrap();
    std::fs::write(
        root.path().join("content/events/photos/open.jpg"),
        jpeg(&gradient(900, 600), None),
    )
    .unwrap();
    std::fs::write(
        root.path().join("content/events/broken.jpg"),
        jpeg(&gradient(300, 300), None),
    )
    .unwrap();
    let site = site_in(root.path());
    let (photos, problems) = load_photos(&site, &PhotoCache::default());
    assert!(problems.is_empty(), "{problems:?}");
    let paths: Vec<String> = photos.outputs(&site).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        paths,
        [
            "en/events/rapat/broken-300w.jpg",
            "en/events/rapat/photos/open-480w.jpg",
            "en/events/rapat/photos/open-800w.jpg",
            "en/events/rapat/photos/open-900w.jpg",
            "id/events/rapat/broken-300w.jpg",
            "id/events/rapat/photos/open-480w.jpg",
            "id/events/rapat/photos/open-800w.jpg",
            "id/events/rapat/photos/open-900w.jpg",
        ]
    );
    let id = site.doc_for("events/rapat", "en").unwrap();
    let views = photo_views(&site, &photos, id);
    let open = &views[0];
    assert_eq!(open.src, "/sub/en/events/rapat/photos/open-800w.jpg");
    assert_eq!(
        open.srcset,
        "/sub/en/events/rapat/photos/open-480w.jpg 480w, /sub/en/events/rapat/photos/open-800w.jpg 800w, /sub/en/events/rapat/photos/open-900w.jpg 900w"
    );
    assert_eq!(
        (open.width, open.height, open.alt.as_str()),
        (800, 533, "Pembukaan")
    );
    assert_eq!(views[1].caption.as_deref(), Some("Foto rusak"));
    assert_eq!((views[1].width, views[1].height), (300, 300));
}

#[test]
fn the_cache_resizes_only_new_or_changed_photos_and_forgets_unused_ones() {
    let cache = PhotoCache::default();
    let made = std::cell::Cell::new(0);
    let make = |width| {
        made.set(made.get() + 1);
        Ok(Processed {
            width,
            height: 10,
            variants: Vec::new(),
        })
    };
    let a = cache.get_or_make(b"photo a", "a.jpg", || make(1)).unwrap();
    let again = cache.get_or_make(b"photo a", "a.jpg", || make(2)).unwrap();
    assert!(Arc::ptr_eq(&a, &again));
    assert_eq!(made.get(), 1, "the same bytes and name are not made again");
    // Other bytes, or the same bytes under another name (its variants' names differ).
    let b = cache.get_or_make(b"photo b", "a.jpg", || make(3)).unwrap();
    cache.get_or_make(b"photo a", "b.jpg", || make(4)).unwrap();
    assert_eq!(made.get(), 3);
    // A failure is not remembered.
    assert!(
        cache
            .get_or_make(b"bad", "c.jpg", || Err(("no".into(), "help")))
            .is_err()
    );
    cache.keep_only([&b].into_iter());
    cache.get_or_make(b"photo b", "a.jpg", || make(5)).unwrap();
    assert_eq!(made.get(), 3, "kept");
    cache.get_or_make(b"photo a", "a.jpg", || make(6)).unwrap();
    assert_eq!(made.get(), 4, "forgotten, so made again");
}
