//! Stage `photos` (after resolve, before render): every event's photo files →
//! a few resized, re-encoded variants per photo ([`Photos`]), and what the
//! templates see of them ([`PhotoView`]). Reads the photo files; parallel (rayon).
//!
//! A phone photo is 3–12 MB; a reader on a cheap phone should get the 40–150 kB
//! variant that fits their screen. The original is never published: it is
//! large, and its EXIF holds the place it was taken.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader, Limits};
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::files;
use crate::site::{DocId, Site};

/// The widths made of each photo (never wider than the photo itself): 480 for
/// small phones at 1–1.5×, 800 for most phones at 2× and the desktop column
/// at 1×, 1200 for the column at 1.5–2× and for print.
pub const WIDTHS: [u32; 3] = [480, 800, 1200];

/// JPEG quality: at 75 photos show no visible blocking at their display size;
/// 78 costs 8% more bytes, 85 35% more (measured on a 12-megapixel photo).
const QUALITY: u8 = 75;

/// Photos larger than this are refused before decoding (a 48-megapixel phone
/// JPEG is about 25 MB).
const MAX_PHOTO_BYTES: u64 = 50 * 1024 * 1024;

/// The largest side accepted: decoding is bounded in memory, never a panic.
const MAX_SIDE: u32 = 16384;

/// Every event photo, processed, by (file index in `site.files`, `src`).
#[derive(Debug, Default)]
pub struct Photos {
    by_src: HashMap<(usize, String), Arc<Processed>>,
}

/// One photo's variants.
#[derive(Debug)]
pub struct Processed {
    /// The photo's size, after its EXIF orientation is applied.
    pub width: u32,
    pub height: u32,
    /// Ascending width; at least one.
    pub variants: Vec<Variant>,
}

/// One resized, re-encoded file of a photo.
#[derive(Debug)]
pub struct Variant {
    /// The file name beside the page: `opening-800w.jpg`, `photos/opening-800w.jpg`.
    pub name: String,
    pub width: u32,
    pub height: u32,
    pub bytes: Arc<[u8]>,
}

/// What the templates see of one photo (`page.photos`).
#[derive(Debug, serde::Serialize)]
pub struct PhotoView {
    /// A middle variant, for browsers that ignore `srcset`.
    pub src: String,
    /// `/id/acara/x/opening-480w.jpg 480w, …`.
    pub srcset: String,
    /// The width it takes on screen, as the theme declares it (`photo_sizes`).
    pub sizes: String,
    /// The size of the `src` variant: with it the browser reserves the space.
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub caption: Option<String>,
}

/// Why a photo file could not be used: the message and the help line.
type Problem = (String, &'static str);

/// Reads, decodes (applying the EXIF orientation), resizes and encodes every
/// event photo, in parallel. A file shown by several pages (translations in the
/// same folder) is processed once. Unreadable or undecodable files are errors
/// at the photo's `src` in each front matter that names it.
pub fn load_photos(site: &Site, cache: &PhotoCache) -> (Photos, Vec<Diagnostic>) {
    let wanted = photo_files(site);
    // Every name of one path has the same `src`: `types` keeps paths
    // inside the page's folder, without `.` or `..`.
    let done: Vec<(&PathBuf, Result<Arc<Processed>, Problem>)> = wanted
        .iter()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(path, names)| {
            let processed = read_photo(&site.config.root, path, &names[0].1, cache);
            (path, processed)
        })
        .collect();
    cache.keep_only(done.iter().filter_map(|(_, r)| r.as_ref().ok()));
    let mut photos = Photos::default();
    let mut problems = Vec::new();
    for (path, result) in done {
        for (file, src) in &wanted[path] {
            match &result {
                Ok(processed) => {
                    photos
                        .by_src
                        .insert((*file, src.clone()), Arc::clone(processed));
                }
                Err((message, help)) => {
                    problems.push(at_src(site, *file, src, message.clone()).help(*help));
                }
            }
        }
    }
    problems.extend(check_name_clashes(site, &photos));
    (photos, problems)
}

impl Photos {
    /// The processed photo `src` of file `file`, if it loaded.
    pub fn get(&self, file: usize, src: &str) -> Option<&Processed> {
        self.by_src.get(&(file, src.to_string())).map(|p| &**p)
    }

    /// Every output file: each variant beside every document (all languages,
    /// fallbacks included) of the file that shows it, as `{doc.url}{name}`.
    pub fn outputs(&self, site: &Site) -> Vec<(String, Arc<[u8]>)> {
        let mut by_file: BTreeMap<usize, Vec<&Processed>> = BTreeMap::new();
        for ((file, _), processed) in &self.by_src {
            by_file.entry(*file).or_default().push(processed);
        }
        let mut out = Vec::new();
        for doc in &site.docs {
            for processed in by_file.get(&doc.file).into_iter().flatten() {
                for v in &processed.variants {
                    out.push((format!("{}{}", doc.url, v.name), Arc::clone(&v.bytes)));
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

/// Document `id`'s photos as the templates see them, in front-matter order.
/// URLs start at the site's base path, so they work from any page, such as a
/// leaflet that binds the event.
pub fn photo_views(site: &Site, photos: &Photos, id: DocId) -> Vec<PhotoView> {
    let doc = &site.docs[id];
    let Some(event) = site.file(doc).typed().and_then(|t| t.event()) else {
        return Vec::new();
    };
    let url = |name: &str| site.config.link(&format!("{}{name}", doc.url));
    event
        .photos
        .iter()
        .filter_map(|photo| {
            let processed = photos.get(doc.file, &photo.src)?;
            let fallback = processed.fallback();
            let srcset = processed
                .variants
                .iter()
                .map(|v| format!("{} {}w", url(&v.name), v.width))
                .collect::<Vec<_>>()
                .join(", ");
            Some(PhotoView {
                src: url(&fallback.name),
                srcset,
                sizes: site.config.theme_declared.photo_sizes.clone(),
                width: fallback.width,
                height: fallback.height,
                alt: photo.alt.clone(),
                caption: photo.caption.clone(),
            })
        })
        .collect()
}

impl Processed {
    /// The middle variant: what a browser without `srcset` gets.
    fn fallback(&self) -> &Variant {
        &self.variants[self.variants.len() / 2]
    }
}

/// Each photo file to process (path from the site root) → the (file index,
/// `src`) pairs that name it. Paths `types` refused are skipped: they are
/// already errors, and may point outside the page's folder.
fn photo_files(site: &Site) -> BTreeMap<PathBuf, Vec<(usize, String)>> {
    let mut shown: Vec<usize> = site.docs.iter().map(|d| d.file).collect();
    shown.sort_unstable();
    shown.dedup();
    let mut wanted: BTreeMap<PathBuf, Vec<(usize, String)>> = BTreeMap::new();
    for index in shown {
        let file = &site.files[index];
        let Some(event) = file.typed().and_then(|t| t.event()) else {
            continue;
        };
        for photo in &event.photos {
            if crate::types::check_photo_path(&photo.src).is_err() {
                continue;
            }
            let path = PathBuf::from(crate::content::CONTENT_DIR)
                .join(&file.dir)
                .join(&photo.src);
            let names = wanted.entry(path).or_default();
            if !names.iter().any(|(f, s)| *f == index && *s == photo.src) {
                names.push((index, photo.src.clone()));
            }
        }
    }
    wanted
}

/// An error at photo `src` in file `file`'s front matter.
fn at_src(site: &Site, file: usize, src: &str, message: String) -> Diagnostic {
    let file = &site.files[file];
    let at = crate::front_matter::locate_text(&file.source, &file.split, src);
    Diagnostic::error(message).at(&file.source, at)
}

/// Two photos of one page whose variants would have the same name
/// (`a.jpg` and `a.png` both give `a-800w.jpg`): one would overwrite the other.
fn check_name_clashes(site: &Site, photos: &Photos) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut by_file: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (file, src) in photos.by_src.keys() {
        by_file.entry(*file).or_default().push(src);
    }
    for (file, mut srcs) in by_file {
        srcs.sort_unstable();
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for src in srcs {
            let processed = photos.get(file, src).expect("listed from the map");
            for v in &processed.variants {
                match seen.get(v.name.as_str()) {
                    Some(first) if *first != src => problems.push(
                        at_src(
                            site,
                            file,
                            src,
                            format!(
                                "the photos `{first}` and `{src}` would both be published as `{}`",
                                v.name
                            ),
                        )
                        .help("give one of the two files another name"),
                    ),
                    _ => {
                        seen.insert(&v.name, src);
                    }
                }
            }
        }
    }
    problems
}

/// Processed photos by their file's bytes and name, kept by `serve` from one
/// world to the next, so that only a new or changed photo is resized again.
#[derive(Default)]
pub struct PhotoCache(Mutex<HashMap<(u128, String), Arc<Processed>>>);

impl PhotoCache {
    fn get_or_make(
        &self,
        bytes: &[u8],
        src: &str,
        make: impl FnOnce() -> Result<Processed, Problem>,
    ) -> Result<Arc<Processed>, Problem> {
        let key = (xxhash_rust::xxh3::xxh3_128(bytes), src.to_string());
        let lock = || self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(done) = lock().get(&key) {
            return Ok(Arc::clone(done));
        }
        let done = Arc::new(make()?);
        lock().insert(key, Arc::clone(&done));
        Ok(done)
    }

    /// Forgets the photos no page shows any more.
    fn keep_only<'a>(&self, used: impl Iterator<Item = &'a Arc<Processed>>) {
        let used: std::collections::HashSet<*const Processed> = used.map(Arc::as_ptr).collect();
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, p| used.contains(&Arc::as_ptr(p)));
    }
}

/// Reads and processes one photo file (`shown` is its path from the site root),
/// or takes it from `cache` when its bytes were processed before.
fn read_photo(
    root: &Path,
    shown: &Path,
    src: &str,
    cache: &PhotoCache,
) -> Result<Arc<Processed>, Problem> {
    let bytes =
        files::read_file(root, shown, MAX_PHOTO_BYTES).map_err(|refused| match refused {
            files::Refused::TooLarge { size, limit } => (
                format!(
                    "the photo `{}` is {} MB, more than the {} MB a photo may be",
                    shown.display(),
                    size / 1048576,
                    limit / 1048576
                ),
                "save a smaller copy of the photo (JPEG, at most 4000 pixels wide is plenty)",
            ),
            files::Refused::Io(e) => (
                format!("cannot read the photo `{}`: {e}", shown.display()),
                "put the photo file beside the page's Markdown file, or correct `src:`",
            ),
            other => other.describe(shown),
        })?;
    let shown = shown.display();
    cache.get_or_make(&bytes, src, || {
        process_photo(&bytes, src).map_err(|e| {
            (
                format!("the photo `{shown}` cannot be read as an image: {e}"),
                "save it as a JPEG or PNG file (phones' HEIC photos too) and point `src:` at that file",
            )
        })
    })
}

/// Decodes a photo (JPEG or PNG), turns it upright and makes its variants,
/// named after `src` (`photos/opening.jpg` → `photos/opening-800w.jpg`).
/// Pure: the same bytes give the same variants.
pub fn process_photo(bytes: &[u8], src: &str) -> image::ImageResult<Processed> {
    let Decoded {
        image,
        orientation,
        icc,
    } = decode(bytes)?;
    // Resized as stored, then each variant turned upright: turning a
    // 12-megapixel photo costs as much as making all its variants.
    let sideways = turns_sideways(orientation);
    let (width, height) = match sideways {
        true => (image.height(), image.width()),
        false => (image.width(), image.height()),
    };
    let format = OutputFormat::for_image(&image);
    let stem = src.rsplit_once('.').map_or(
        src,
        |(stem, ext)| {
            if ext.contains('/') { src } else { stem }
        },
    );
    let mut variants = Vec::new();
    // Largest first, each from the one before: cheaper than from the original.
    let mut source = image;
    for w in variant_widths(width).into_iter().rev() {
        let h = scaled_height(width, height, w);
        let (stored_w, stored_h) = if sideways { (h, w) } else { (w, h) };
        if stored_w != source.width() || stored_h != source.height() {
            source = shrink(&source, stored_w, stored_h);
        }
        let mut upright = source.clone();
        upright.apply_orientation(orientation);
        variants.push(Variant {
            name: format!("{stem}-{w}w.{}", format.extension()),
            width: w,
            height: h,
            bytes: format.encode(&upright, icc.as_deref())?.into(),
        });
    }
    variants.reverse();
    Ok(Processed {
        width,
        height,
        variants,
    })
}

/// `image` made `w`×`h` (smaller). From 2× and more, area averaging
/// (`thumbnail`): as smooth as a Triangle filter there, and 3× faster on a
/// 12-megapixel photo (70 ms against 200 ms). Below 2×, Triangle, which
/// averages neighbours where area averaging would alias.
fn shrink(image: &DynamicImage, w: u32, h: u32) -> DynamicImage {
    if image.width() >= 2 * w {
        image.thumbnail_exact(w, h)
    } else {
        image.resize_exact(w, h, FilterType::Triangle)
    }
}

/// A decoded photo as stored, with how to turn it upright (its EXIF
/// orientation) and its ICC profile (kept, so wide-gamut phone photos keep
/// their colours).
struct Decoded {
    image: DynamicImage,
    orientation: Orientation,
    icc: Option<Vec<u8>>,
}

fn decode(bytes: &[u8]) -> image::ImageResult<Decoded> {
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    reader.limits(limits);
    let mut decoder = reader.into_decoder()?;
    // A missing or broken EXIF block leaves the photo as stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let image = DynamicImage::from_decoder(decoder)?;
    Ok(Decoded {
        image,
        orientation,
        icc,
    })
}

/// Whether turning the photo upright swaps its width and height.
fn turns_sideways(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The widths made of a photo `width` pixels wide: each of [`WIDTHS`] below
/// it, and its own width when that is under the largest (never upscaled).
pub fn variant_widths(width: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < width).collect();
    if width <= WIDTHS[WIDTHS.len() - 1] {
        widths.push(width);
    }
    widths
}

/// The height that keeps the aspect ratio at width `w` (at least one pixel).
fn scaled_height(width: u32, height: u32, w: u32) -> u32 {
    let h = (u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width);
    u32::try_from(h).unwrap_or(u32::MAX).max(1)
}

/// JPEG for photos; PNG only when some pixel is see-through, which JPEG cannot keep.
#[derive(Clone, Copy, Debug, PartialEq)]
enum OutputFormat {
    Jpeg,
    Png,
}

impl OutputFormat {
    fn for_image(image: &DynamicImage) -> Self {
        let transparent =
            image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p[3] < 255);
        if transparent {
            OutputFormat::Png
        } else {
            OutputFormat::Jpeg
        }
    }

    fn extension(self) -> &'static str {
        match self {
            OutputFormat::Jpeg => "jpg",
            OutputFormat::Png => "png",
        }
    }

    /// The image's bytes in this format; no EXIF (the orientation is applied,
    /// and the place the photo was taken stays private).
    fn encode(self, image: &DynamicImage, icc: Option<&[u8]>) -> image::ImageResult<Vec<u8>> {
        let mut out = Vec::new();
        match self {
            OutputFormat::Jpeg => {
                let mut encoder =
                    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, QUALITY);
                if let Some(icc) = icc {
                    let _ = encoder.set_icc_profile(icc.to_vec());
                }
                // Grey photos stay grey: one channel instead of three.
                if image.color().has_color() {
                    let rgb = image.to_rgb8();
                    encoder.write_image(
                        &rgb,
                        rgb.width(),
                        rgb.height(),
                        image::ExtendedColorType::Rgb8,
                    )?;
                } else {
                    let grey = image.to_luma8();
                    encoder.write_image(
                        &grey,
                        grey.width(),
                        grey.height(),
                        image::ExtendedColorType::L8,
                    )?;
                }
            }
            OutputFormat::Png => {
                let mut encoder = image::codecs::png::PngEncoder::new(&mut out);
                if let Some(icc) = icc {
                    let _ = encoder.set_icc_profile(icc.to_vec());
                }
                let rgba = image.to_rgba8();
                encoder.write_image(
                    &rgba,
                    rgba.width(),
                    rgba.height(),
                    image::ExtendedColorType::Rgba8,
                )?;
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
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
}

/// Timing on a real-size photo: `LEMBAR_BENCH_PHOTO=/path/to/photo.jpg cargo test
/// --release --lib photos::timing -- --ignored --nocapture` (a generated
/// 4000×3000 image without it).
#[cfg(test)]
mod timing {
    #[test]
    #[ignore]
    fn time_a_phone_photo() {
        let bytes = match std::env::var_os("LEMBAR_BENCH_PHOTO") {
            Some(path) => std::fs::read(path).unwrap(),
            None => {
                let image = image::RgbImage::from_fn(4000, 3000, |x, y| {
                    let n = (x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503)) % 64;
                    image::Rgb([
                        (x / 16) as u8 ^ n as u8,
                        (y / 12) as u8,
                        ((x + y) / 28) as u8,
                    ])
                });
                let mut out = Vec::new();
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
                    .encode_image(&image)
                    .unwrap();
                out
            }
        };
        let runs = 5;
        let start = std::time::Instant::now();
        let mut processed = None;
        for _ in 0..runs {
            processed = Some(super::process_photo(&bytes, "photo.jpg").unwrap());
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
        let p = processed.unwrap();
        println!(
            "{}x{}, {} bytes in, {ms:.0} ms per photo",
            p.width,
            p.height,
            bytes.len()
        );
        for v in &p.variants {
            println!(
                "  {} {}x{} {} bytes",
                v.name,
                v.width,
                v.height,
                v.bytes.len()
            );
        }
    }
}
