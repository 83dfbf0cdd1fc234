//! What templates see: serialisable views of the site, a document and the
//! pages the site makes, borrowing from the `Site` (domain types stay free of
//! template concerns). One module per kind of page, beside the frame and the
//! link previews they share. Pure.

mod doc;
mod download;
mod frame;
mod leaflet;
mod made;
mod page;
mod share;

pub(super) use doc::doc_context;
pub(super) use leaflet::bilingual_context;
pub(super) use made::{chooser_context, not_found_context, search_page_context};
