//! Source text and positions: the one place where byte offsets become 1-based
//! line and column numbers. Pure; no I/O.

use std::path::{Path, PathBuf};

/// A text file of the site, with its path relative to the site root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// The first stray control character the file had, and its byte offset.
    control: Option<(usize, char)>,
}

/// A position in a source file, 1-based; `column` counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    /// The file at `path` with `text`, its stray control characters each
    /// replaced by a space (see [`is_stray_control`]): every file the site
    /// publishes from is made here, so no page, feed or index carries one.
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        // A byte-order mark (Windows Notepad writes one) is invisible in
        // editors: dropped, so columns stay right and `site.yaml`'s first key
        // is found like any other.
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let control = first_stray_control(&text);
        let text = match control {
            // One character for one keeps every line and column of every
            // diagnostic where the author's editor shows it (columns count
            // characters); removing it would shift the rest of the line.
            Some(_) => text
                .chars()
                .map(|c| if is_stray_control(c) { ' ' } else { c })
                .collect(),
            None => text,
        };
        SourceFile {
            path: path.into(),
            text,
            control,
        }
    }

    /// The first stray control character the file had (now a space), and
    /// its byte offset in [`SourceFile::text`].
    pub fn control(&self) -> Option<(usize, char)> {
        self.control
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The position of byte `offset` (clamped to the text, and to a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count();
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = self.text[start..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The text of 1-based line `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(start) = self.nth_line_start(line) else {
            return "";
        };
        let rest = &self.text[start..];
        rest[..rest.find('\n').unwrap_or(rest.len())].trim_end_matches('\r')
    }

    /// The byte offset where 1-based `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.nth_line_start(line).unwrap_or(self.text.len())
    }

    /// Where 1-based `line` starts, if the text has it. Positions are found
    /// by counting line ends each time, not from a table kept per file:
    /// only files with a diagnostic are asked, and on a large site with a
    /// warning on every page such tables were a noticeable share of memory.
    fn nth_line_start(&self, line: usize) -> Option<usize> {
        match line.saturating_sub(1) {
            0 => Some(0),
            n => self.text.match_indices('\n').nth(n - 1).map(|(i, _)| i + 1),
        }
    }
}

/// NUL, the C0 controls other than tab, line feed and carriage return, DEL and
/// the C1 controls: invisible in editors, not allowed in HTML (the validator
/// rejects them) nor in YAML, and they come from copying out of PDFs and word
/// processors.
/// The first stray control character of `text` and its byte offset: what
/// `text.char_indices().find(|&(_, c)| is_stray_control(c))` gives, found
/// byte by byte (every source file is scanned: decoding each character made
/// it a noticeable part of loading a large site). Control characters are
/// C0 (below 0x20), DEL, and C1 (U+0080 to U+009F, `C2 80` to `C2 9F` in UTF-8).
fn first_stray_control(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let at = bytes.iter().enumerate().position(|(i, &b)| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || b == 0x7f
            || (b == 0xc2 && matches!(bytes.get(i + 1), Some(0x80..=0x9f)))
    })?;
    text[at..].chars().next().map(|c| (at, c))
}

pub fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// `text` without stray control characters: for text that became one after
/// its file was read (a YAML escape such as `"\x01"`, an entity such as
/// `&#1;`), on its way into a page.
pub fn without_stray_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(is_stray_control) {
        text.chars().filter(|&c| !is_stray_control(c)).collect()
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn stray_controls_are_found_as_character_by_character() {
        let by_chars = |t: &str| t.char_indices().find(|&(_, c)| is_stray_control(c));
        for text in [
            "plain ascii\n\twith tabs\r\n",
            "bahasa é ü 日本語 \u{7f} after",
            "a\u{1}b",
            "\u{85}first",
            "é\u{9f}",
            "\u{a0} no-break space, \u{2028} line separator, \u{200b}",
            "ends with é",
            "",
        ] {
            assert_eq!(first_stray_control(text), by_chars(text), "{text:?}");
        }
    }

    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("a.md", text.to_string())
    }

    #[test]
    fn first_position_is_line_one_column_one() {
        assert_eq!(file("abc").position(0), Position { line: 1, column: 1 });
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let f = file("é🙂x\nsecond");
        assert_eq!(f.position("é🙂".len()), Position { line: 1, column: 3 });
        // an offset inside a multi-byte char snaps back to its start
        assert_eq!(f.position(1), Position { line: 1, column: 1 });
    }

    #[test]
    fn lines_after_crlf_and_the_last_line() {
        let f = file("a\r\nbb\r\nccc");
        assert_eq!(f.position(3), Position { line: 2, column: 1 });
        assert_eq!(f.position(8), Position { line: 3, column: 2 });
        assert_eq!(f.line_text(2), "bb");
        assert_eq!(f.line_text(3), "ccc");
        assert_eq!(f.line_text(9), "");
    }

    #[test]
    fn offset_past_the_end_is_clamped() {
        assert_eq!(file("ab\n").position(99), Position { line: 2, column: 1 });
    }

    #[test]
    fn stray_controls_become_spaces_and_the_first_is_remembered() {
        let f = file("a\tb\r\nc\u{1}d\u{0}\u{7f}\u{85}\u{9f}é\u{a0}");
        assert_eq!(f.text, "a\tb\r\nc d    é\u{a0}");
        assert_eq!(f.control(), Some((6, '\u{1}')));
        // Positions after them stay where the editor shows them.
        let e = f.text.find('é').unwrap();
        assert_eq!(f.position(e), Position { line: 2, column: 8 });
    }

    #[test]
    fn text_without_controls_is_kept_as_it_is() {
        let f = file("a\tb\r\n\u{ad}\u{200b}");
        assert_eq!(f.text, "a\tb\r\n\u{ad}\u{200b}");
        assert_eq!(f.control(), None);
    }
}
