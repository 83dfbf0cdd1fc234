//! What the anchor check needs of a rendered body, kept for every page until
//! every page is rendered: so kept small, its ids in one string.

use super::{AnchorRef, Heading};

/// The anchors a body offers (its headings' ids and its footnotes) and the
/// anchors it links to.
#[derive(Debug, Default)]
pub struct Landmarks {
    /// Links to anchors, and a leaflet's choices of the sections it binds.
    pub links: Vec<AnchorRef>,
    /// One id a line, its kind first: `s` a heading outside quotes,
    /// callouts and lists (a section a leaflet can bind), `h` any other
    /// heading, `f` a footnote. No id holds a line end: heading ids are
    /// slugs or `{#id}` words, and a footnote label with one could not be
    /// linked to (a link's address holds none), so it is left out.
    ids: String,
}

const SECTION: char = 's';
const HEADING: char = 'h';
const FOOTNOTE: char = 'f';

impl Landmarks {
    pub fn new(headings: &[Heading], footnotes: &[String], links: Vec<AnchorRef>) -> Self {
        let kinds = headings
            .iter()
            .map(|h| (if h.nested { HEADING } else { SECTION }, h.id.as_str()))
            .chain(footnotes.iter().map(|f| (FOOTNOTE, f.as_str())))
            .filter(|(_, id)| !id.contains('\n'));
        let mut ids = String::new();
        for (kind, id) in kinds {
            ids.push(kind);
            ids.push_str(id);
            ids.push('\n');
        }
        ids.shrink_to_fit();
        Landmarks { links, ids }
    }

    fn of(&self, kinds: &'static [char]) -> impl Iterator<Item = &str> {
        self.ids.lines().filter_map(move |line| {
            let mut chars = line.chars();
            let kind = chars.next()?;
            kinds.contains(&kind).then_some(chars.as_str())
        })
    }

    /// The ids of the headings outside quotes, callouts and lists.
    pub fn sections(&self) -> impl Iterator<Item = &str> {
        self.of(&[SECTION])
    }

    /// The ids of all headings.
    pub fn headings(&self) -> impl Iterator<Item = &str> {
        self.of(&[SECTION, HEADING])
    }

    /// The footnotes' labels.
    pub fn footnotes(&self) -> impl Iterator<Item = &str> {
        self.of(&[FOOTNOTE])
    }
}

impl Landmarks {
    /// The ids as [`Landmarks::from_parts`] takes them back (for the build cache).
    pub fn ids_text(&self) -> &str {
        &self.ids
    }

    /// Landmarks as the build cache stored them: `ids` from [`Landmarks::ids_text`].
    pub fn from_parts(links: Vec<AnchorRef>, ids: String) -> Self {
        Landmarks { links, ids }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_their_kind_and_a_label_no_link_can_name_is_left_out() {
        let heading = |id: &str, nested| Heading {
            level: 2,
            id: id.into(),
            title: String::new(),
            nested,
        };
        let headings = [heading("syarat", false), heading("di-kutipan", true)];
        let footnotes = ["1".to_string(), "dua\nbaris".to_string()];
        let marks = Landmarks::new(&headings, &footnotes, Vec::new());
        assert_eq!(marks.sections().collect::<Vec<_>>(), ["syarat"]);
        assert_eq!(
            marks.headings().collect::<Vec<_>>(),
            ["syarat", "di-kutipan"]
        );
        assert_eq!(marks.footnotes().collect::<Vec<_>>(), ["1"]);
        assert!(!marks.headings().any(|id| id == "baris"));
    }
}
