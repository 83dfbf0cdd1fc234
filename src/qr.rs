//! QR codes for print: a page's online address as an inline SVG, drawn as one
//! path of horizontal runs (small HTML, crisp at any size). Pure.

use qrcode::{Color, EcLevel, QrCode};

/// Modules of white border on every side, as the QR standard asks.
const QUIET_ZONE: usize = 4;

/// An inline SVG of `url` as a QR code, or `None` if the text is too long for
/// a QR code. `label` is its accessible name.
pub fn qr_svg(url: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET_ZONE;
    let mut path = String::with_capacity(width * width);
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                path.push_str(&format!(
                    "M{} {}h{}v1h-{}z",
                    start + QUIET_ZONE,
                    y + QUIET_ZONE,
                    x - start,
                    x - start
                ));
            } else {
                x += 1;
            }
        }
    }
    let label = crate::markdown::escape(label);
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         role=\"img\" aria-label=\"{label}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draws the SVG's runs back into pixels and decodes them with a QR reader.
    fn decode(svg: &str) -> String {
        let size: usize = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let scale = 4;
        let mut dark = vec![false; size * size];
        let path = svg.split("d=\"").nth(1).unwrap().split('"').next().unwrap();
        for run in path.split('M').filter(|r| !r.is_empty()) {
            let (xy, rest) = run.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            let len: usize = rest.split('v').next().unwrap().parse().unwrap();
            for i in 0..len {
                dark[y * size + x + i] = true;
            }
        }
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
    fn keeps_a_quiet_zone() {
        let svg = qr_svg("https://x.id/", "QR").unwrap();
        // No run starts inside the four-module border.
        let path = svg.split("d=\"").nth(1).unwrap();
        assert!(!path.contains("M0 ") && !path.contains("M3 "));
    }
}
