//! QR codes for print: a page's online address as an inline SVG, drawn as one
//! path of horizontal runs (small HTML, crisp at any size). Pure.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel};

/// Modules of white border on every side, as the QR standard asks.
const QUIET_ZONE: usize = 4;

/// The modules of `url` as a QR code: its width and its colours, row by row.
///
/// One fixed mask instead of the best of eight: choosing the mask by the
/// standard's penalty scores took most of a site build's time (every page has
/// a code), and any mask is valid; the tests decode the codes we make.
fn encode(url: &str) -> Option<(usize, Vec<Color>)> {
    let bits = qrcode::bits::encode_auto(url.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let (data, ec) =
        qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    canvas.apply_mask(MaskPattern::Checkerboard);
    Some((usize::try_from(version.width()).ok()?, canvas.into_colors()))
}

/// An inline SVG of `url` as a QR code, or `None` if the text is too long for
/// a QR code. `label` is its accessible name.
pub fn qr_svg(url: &str, label: &str) -> Option<String> {
    let (width, colors) = encode(url)?;
    let size = width + 2 * QUIET_ZONE;
    // Each row's dark runs as strokes along the row's middle line: `M x y.5 h n`
    // for the first, `m gap 0 h n` for the next (about half the bytes of filled
    // rectangles; every page carries one code).
    let mut path = String::with_capacity(width * width / 2);
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        let mut pen: Option<usize> = None;
        while x < width {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == Color::Dark {
                x += 1;
            }
            let run = x - start;
            // itoa: numbers are most of the path, and `write!` is slow at them.
            let mut n = itoa::Buffer::new();
            match pen {
                None => {
                    path.push('M');
                    path.push_str(n.format(start + QUIET_ZONE));
                    path.push(' ');
                    path.push_str(n.format(y + QUIET_ZONE));
                    path.push_str(".5h");
                }
                Some(end) => {
                    path.push('m');
                    path.push_str(n.format(start - end));
                    path.push_str(" 0h");
                }
            }
            path.push_str(n.format(run));
            pen = Some(x);
        }
    }
    let label = crate::markdown::escape(label);
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         role=\"img\" aria-label=\"{label}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" stroke=\"#000\"/></svg>"
    ))
}

/// The first QR code [`qr_svg`] drew in `html` read back: its width in modules
/// and whether each is dark, row by row; `None` for text it did not draw. For
/// the tests that decode the codes (here and in `tests/cli/`), so the path's
/// format (`M x y.5h n`, then `m gap 0h n`) is known in one module.
#[doc(hidden)]
pub fn read_modules(html: &str) -> Option<(usize, Vec<bool>)> {
    let svg = &html[html.find("<svg class=\"qr\"")?..];
    let size: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)?
        .split(' ')
        .next()?
        .parse()
        .ok()?;
    let path = svg.split(" d=\"").nth(1)?.split('"').next()?;
    let mut dark = vec![false; size * size];
    let (mut x, mut y, mut rest) = (0usize, 0usize, path);
    while !rest.is_empty() {
        let end = rest[1..].find(['M', 'm']).map_or(rest.len(), |i| i + 1);
        let (command, tail) = rest.split_at(end);
        rest = tail;
        let (moveto, run) = command[1..].split_once('h')?;
        let (dx, dy) = moveto.split_once(' ')?;
        let dx: usize = dx.parse().ok()?;
        if command.starts_with('M') {
            x = dx;
            y = dy.strip_suffix(".5")?.parse().ok()?;
        } else {
            x += dx;
        }
        let run: usize = run.parse().ok()?;
        dark.get_mut(y * size + x..y * size + x + run)?.fill(true);
        x += run;
    }
    Some((size, dark))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draws the SVG's runs back into pixels and decodes them with a QR reader.
    fn decode(svg: &str) -> String {
        let (size, dark) = read_modules(svg).expect("one of our QR codes");
        let scale = 4;
        let px = size * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| {
            if dark[(y / scale) * size + x / scale] {
                0
            } else {
                255
            }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code");
        grids[0].decode().unwrap().1
    }

    #[test]
    fn encodes_the_address_it_is_given() {
        let url = "https://lembar.example.org/id/negara/jepang/";
        let svg = qr_svg(url, "QR code").unwrap();
        assert_eq!(decode(&svg), url);
        assert!(svg.contains("shape-rendering=\"crispEdges\""));
    }

    #[test]
    fn every_kind_of_address_decodes() {
        for n in 0..120 {
            let url = format!(
                "https://lembar.example.org/{}/negara/{}/",
                ["id", "en"][n % 2],
                "jepang-".repeat(n % 9 + 1)
            );
            assert_eq!(decode(&qr_svg(&url, "QR").unwrap()), url, "{url}");
        }
    }

    #[test]
    fn keeps_a_quiet_zone_on_every_side() {
        // The standard's four light modules on each side: a reader (a phone
        // camera) finds the code by its finder patterns, and without the
        // border a dark page edge or text next to it joins them.
        for url in [
            "https://x.id/",
            "https://lembar.example.org/en/countries/japan/",
        ] {
            let (size, dark) = read_modules(&qr_svg(url, "QR").unwrap()).unwrap();
            let border = |i: usize| i < 4 || i >= size - 4;
            for y in 0..size {
                for x in 0..size {
                    assert!(
                        !(dark[y * size + x] && (border(x) || border(y))),
                        "{url}: a dark module at ({x}, {y}) in the border of a {size}-module code"
                    );
                }
            }
            // And no more than four: the code reaches the border on every
            // side (finder patterns at three corners, the timing row between).
            let dark_at = |x: usize, y: usize| dark[y * size + x];
            assert!((0..size).any(|y| dark_at(4, y)), "left edge");
            assert!((0..size).any(|y| dark_at(size - 5, y)), "right edge");
            assert!((0..size).any(|x| dark_at(x, 4)), "top edge");
            assert!((0..size).any(|x| dark_at(x, size - 5)), "bottom edge");
        }
    }
}
