//! A leaflet's PDFs as its page and its section's list offer them.

use serde::Serialize;

use crate::render::Templates;
use crate::site::{DocId, Site};

/// A PDF of a leaflet, as its page offers it.
#[derive(Serialize)]
pub(super) struct Download {
    url: String,
    /// The edition's language code, or `bilingual`.
    edition: String,
    /// The edition's language by its own name (`Bahasa Indonesia`).
    label: String,
    booklet: bool,
    pages: usize,
    /// A booklet's sheets of paper (two pages a side, both sides printed).
    sheets: usize,
    paper: String,
    /// `113 KB`, in the reader's number format.
    size: String,
}

/// The PDFs of leaflet `id` the build printed, for its reader: their own
/// language first, then the bilingual edition, then the others.
pub(super) fn downloads(site: &Site, templates: &Templates, id: DocId) -> Vec<Download> {
    let strings = &templates.strings;
    let doc = &site.docs[id];
    let decimal = strings.get(&doc.lang, "decimal_separator").unwrap_or(".");
    let mut editions: Vec<&crate::printed::PrintedEdition> = templates
        .assets
        .printed
        .of_leaflet(&site.file(doc).stem)
        .collect();
    editions.sort_by_key(|e| (e.edition != doc.lang, e.edition != "bilingual"));
    editions
        .into_iter()
        .flat_map(|e| e.files.iter().map(move |f| (e, f)))
        .map(|(e, f)| Download {
            url: site.config.link(&format!("{}{}", e.path, f.file_name)),
            edition: e.edition.clone(),
            label: strings
                .get(&e.edition, "language_name")
                .unwrap_or(&e.edition)
                .to_string(),
            booklet: f.booklet,
            pages: f.pages,
            sheets: f.pages.div_ceil(2),
            paper: f.paper.clone(),
            size: crate::printed::human_size(f.size, decimal),
        })
        .collect()
}
