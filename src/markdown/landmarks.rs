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
    /// heading or an id in raw HTML, `f` a footnote. No id holds a line end: heading ids are
    /// slugs or `{#id}` words, and a footnote label with one could not be
    /// linked to (a link's address holds none), so it is left out.
    ids: String,
}

const SECTION: char = 's';
const HEADING: char = 'h';
const FOOTNOTE: char = 'f';

impl Landmarks {
    pub fn new(
        headings: &[Heading],
        html_ids: &[String],
        footnotes: &[String],
        links: Vec<AnchorRef>,
    ) -> Self {
        let kinds = headings
            .iter()
            .map(|h| (if h.nested { HEADING } else { SECTION }, h.id.as_str()))
            .chain(html_ids.iter().map(|id| (HEADING, id.as_str())))
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

    /// The ids of all headings, and those raw HTML gives.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.of(&[SECTION, HEADING])
    }

    /// The footnotes' labels.
    pub fn footnotes(&self) -> impl Iterator<Item = &str> {
        self.of(&[FOOTNOTE])
    }
}

/// The ids a piece of raw HTML gives its elements (`id="…"`, and the
/// `name` of old-style `<a name="…">` anchors), as a browser would find them.
pub fn html_ids(html: &str) -> impl Iterator<Item = String> + '_ {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    for attr in ["id", "name"] {
        let mut from = 0;
        while let Some(at) = lower[from..].find(attr).map(|i| from + i) {
            from = at + attr.len();
            // An attribute name: after a space inside a tag, before `=`.
            let before = lower[..at].chars().next_back();
            if !before.is_some_and(char::is_whitespace) || !inside_tag(&lower[..at]) {
                continue;
            }
            let rest = lower[from..].trim_start();
            let Some(value) = rest.strip_prefix('=').map(str::trim_start) else {
                continue;
            };
            let start = html.len() - value.len();
            let (start, end) = match value.chars().next() {
                Some(q @ ('"' | '\'')) => match value[1..].find(q) {
                    Some(n) => (start + 1, start + 1 + n),
                    None => continue,
                },
                _ => {
                    let n = value
                        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                        .unwrap_or(value.len());
                    (start, start + n)
                }
            };
            if attr == "name" && tag_name(&lower[..at]).is_none_or(|t| t != "a") {
                continue;
            }
            if end > start {
                found.push(html[start..end].to_string());
            }
        }
    }
    found.into_iter()
}

/// Whether the text before a position ends inside a tag (`<a href="x" |`).
fn inside_tag(before: &str) -> bool {
    match (before.rfind('<'), before.rfind('>')) {
        (Some(lt), Some(gt)) => lt > gt,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// The name of the tag the text before a position ends inside.
fn tag_name(before: &str) -> Option<&str> {
    let open = &before[before.rfind('<')? + 1..];
    open.split(|c: char| c.is_whitespace()).next()
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
        let marks = Landmarks::new(&headings, &[], &footnotes, Vec::new());
        assert_eq!(marks.sections().collect::<Vec<_>>(), ["syarat"]);
        assert_eq!(marks.ids().collect::<Vec<_>>(), ["syarat", "di-kutipan"]);
        assert_eq!(marks.footnotes().collect::<Vec<_>>(), ["1"]);
        assert!(!marks.ids().any(|id| id == "baris"));
    }

    #[test]
    fn raw_html_gives_the_ids_a_browser_finds() {
        let ids = |html: &str| html_ids(html).collect::<Vec<_>>();
        assert_eq!(ids("<a id=\"general\">General</a>"), ["general"]);
        assert_eq!(ids("<div class='x' ID='Caf\u{e9}'>"), ["Caf\u{e9}"]);
        assert_eq!(ids("<span id=plain>"), ["plain"]);
        assert_eq!(ids("<a name=\"old\"></a><input name=\"q\">"), ["old"]);
        assert_eq!(ids("<p data-id=\"no\" valid=\"no\">"), Vec::<String>::new());
        assert_eq!(ids("text id=\"no\" outside a tag"), Vec::<String>::new());
        assert_eq!(ids("<p id=\"\">"), Vec::<String>::new());
    }
}
