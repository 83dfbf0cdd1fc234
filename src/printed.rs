//! What printing the leaflets gave: each edition's PDFs (page count, paper,
//! size) and the page each part starts on. `lembar pdf` makes it; `build
//! --pdf` takes it as an input, publishes the PDFs beside their pages and
//! lets the leaflet pages link them, and writes each edition's page numbers
//! for its contents.

use std::sync::Arc;

use serde::Serialize;

/// The stylesheet beside each leaflet edition that numbers its contents
/// (`<edition>/pages.css`). Chromium has no `target-counter()`, so the
/// numbers come from a first printing; until then the file numbers nothing.
pub const NUMBERS_FILE: &str = "pages.css";

/// Everything printed in one run, by edition.
#[derive(Debug, Clone, Default)]
pub struct Printed {
    pub editions: Vec<PrintedEdition>,
}

/// One printed leaflet edition (a language, or `bilingual`).
#[derive(Debug, Clone)]
pub struct PrintedEdition {
    /// The leaflet's name (`bontang-2025`).
    pub name: String,
    /// A language code, or `bilingual`.
    pub edition: String,
    /// The edition's page, below the base (`id/lembar-cetak/bontang/`).
    pub path: String,
    /// The page each part's anchor landed on (`part-2` → 3).
    pub numbers: Vec<(String, usize)>,
    /// The edition's PDFs: the pages, then the booklet when one was made.
    pub files: Vec<PdfFile>,
}

/// A PDF written for an edition.
#[derive(Debug, Clone, Serialize)]
pub struct PdfFile {
    /// `bontang-2025-id.pdf`, `bontang-2025-id-booklet.pdf`.
    pub file_name: String,
    /// Imposed two-up for folding (A5 pages on A4 sheets).
    pub booklet: bool,
    /// Pages in the file (for a booklet: sides of sheets).
    pub pages: usize,
    /// The paper it prints on, as CSS names it (`A5`, `A4 landscape`).
    pub paper: String,
    /// Its size in bytes.
    pub size: u64,
    #[serde(skip)]
    pub bytes: Arc<Vec<u8>>,
}

impl Printed {
    /// The printed edition at `path` (an edition's page below the base).
    pub fn edition(&self, path: &str) -> Option<&PrintedEdition> {
        self.editions.iter().find(|e| e.path == path)
    }

    /// The editions of the leaflet `name`.
    pub fn of_leaflet<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a PrintedEdition> {
        self.editions.iter().filter(move |e| e.name == name)
    }
}

/// The numbers stylesheet of an edition: each contents link to a part gets
/// the page the part starts on. Empty numbers give a stylesheet that numbers
/// nothing (the contents then show no page numbers).
pub fn numbers_css(numbers: &[(String, usize)]) -> String {
    let mut css = String::from(
        "/* Page numbers of the contents, from lembar's printing (lembar pdf, build --pdf). */\n",
    );
    for (anchor, page) in numbers {
        // Anchors are ids lembar made (`part-2`, `id-part-2`): letters, digits, `-`.
        if anchor
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            css.push_str(&format!(
                ".contents a[href=\"#{anchor}\"] .page-no::after{{content:\"{page}\"}}\n"
            ));
        }
    }
    css
}

/// The sheet a booklet of pages on `paper` is imposed on: two pages side by
/// side (`A5` pages on `A4` sheets).
pub fn booklet_paper(paper: &str) -> String {
    match paper {
        "A5" => "A4".into(),
        "A4" => "A3".into(),
        other => format!("2 × {other}"),
    }
}

/// `12 KB`, `1.4 MB`: a file's size as a reader on prepaid data weighs it.
pub fn human_size(bytes: u64, decimal: &str) -> String {
    if bytes < 1_000_000 {
        format!("{} KB", bytes.div_ceil(1000).max(1))
    } else {
        let tenths = (bytes + 50_000) / 100_000;
        format!("{}{decimal}{} MB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_name_each_part_link_and_nothing_else() {
        let css = numbers_css(&[("part-1".into(), 2), ("id-part-3".into(), 7)]);
        assert!(css.contains(".contents a[href=\"#part-1\"] .page-no::after{content:\"2\"}"));
        assert!(css.contains("a[href=\"#id-part-3\"] .page-no::after{content:\"7\"}"));
        // An anchor lembar did not make could break out of the rule.
        let css = numbers_css(&[("x\"]{}*{color:red".into(), 1)]);
        assert!(!css.contains("color:red"), "{css}");
    }

    #[test]
    fn sizes_round_up_to_what_a_reader_downloads() {
        assert_eq!(human_size(1, "."), "1 KB");
        assert_eq!(human_size(112_069, ","), "113 KB");
        assert_eq!(human_size(999_999, "."), "1000 KB");
        assert_eq!(human_size(1_450_000, ","), "1,5 MB");
        assert_eq!(human_size(2_000_000, "."), "2.0 MB");
    }
}
