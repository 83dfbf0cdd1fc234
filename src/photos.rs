//! Stage `photos` (after resolve, before render): every event's photo files →
//! a few resized, re-encoded variants per photo ([`Photos`]), and what the
//! templates see of them ([`PhotoView`]). Reads the photo files; parallel (rayon).
//!
//! A phone photo is 3–12 MB; a reader on a cheap phone should get the 40–150 kB
//! variant that fits their screen. The original is never published: it is
//! large, and its EXIF holds the place it was taken.
//!
//! Longer than the ~400-line bound: decoding, orienting, resizing, encoding and the
//! cache of resized photos between preview rebuilds share the one photo type and
//! its limits.

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
                .join(file.folder())
                .join(&photo.src);
            let names = wanted.entry(path).or_default();
            if !names.iter().any(|(f, s)| *f == index && *s == photo.src) {
                names.push((index, photo.src.clone()));
            }
        }
    }
    wanted
}

/// The paths under `content/` of every event photo (`events/bontang/a.jpg`):
/// these originals are never published.
pub fn photo_paths(site: &Site) -> std::collections::BTreeSet<String> {
    let content = Path::new(crate::content::CONTENT_DIR);
    photo_files(site)
        .into_keys()
        .filter_map(|path| {
            let rel = path.strip_prefix(content).ok()?;
            Some(rel.to_str()?.replace('\\', "/"))
        })
        .collect()
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
mod tests;

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
