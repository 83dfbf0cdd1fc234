//! Diagnostics: every problem a user can cause, located and with help, in the
//! house style `path:line:col: severity: message`, a code frame and a `help:` line.
//! Pure; printing is the caller's job.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::source::{Position, SourceFile};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, with where it is, what it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: Option<PathBuf>,
    pub position: Option<Position>,
    /// The offending line and how many characters of it to mark (boxed: most
    /// diagnostics travel in `Result`s, which should stay small).
    pub frame: Option<Box<(String, usize)>>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message.into())
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message.into())
    }

    fn new(severity: Severity, message: String) -> Self {
        Diagnostic {
            severity,
            path: None,
            position: None,
            frame: None,
            message,
            help: None,
        }
    }

    /// Names the file, without a position in it.
    pub fn in_file(mut self, path: &Path) -> Self {
        self.path = Some(path.to_path_buf());
        self
    }

    /// Locates the diagnostic at a byte range of a source file, with a code frame.
    pub fn at(mut self, file: &SourceFile, span: Range<usize>) -> Self {
        let position = file.position(span.start);
        let line = file.line_text(position.line).to_string();
        let end = file.position(span.end.max(span.start));
        let width = if end.line == position.line {
            end.column.saturating_sub(position.column)
        } else {
            (line.chars().count() + 1).saturating_sub(position.column)
        };
        self.path = Some(file.path().to_path_buf());
        self.position = Some(position);
        self.frame = Some(Box::new((line, width.max(1))));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn sort_key(&self) -> (Option<&PathBuf>, Option<Position>, Severity, &str) {
        (
            self.path.as_ref(),
            self.position,
            self.severity,
            &self.message,
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}", path.display())?;
            if let Some(p) = self.position {
                write!(f, ":{}:{}", p.line, p.column)?;
            }
            write!(f, ": ")?;
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let gutter = match (self.frame.as_deref(), self.position) {
            (Some((line, width)), Some(p)) => {
                let number = p.line.to_string();
                let pad = " ".repeat(number.len());
                // Keep tabs in the marker's indentation so the carets line up.
                let indent: String = line
                    .chars()
                    .take(p.column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                writeln!(f, "  {number} | {line}")?;
                writeln!(f, "  {pad} | {indent}{}", "^".repeat(*width))?;
                pad
            }
            _ => String::new(),
        };
        if let Some(help) = &self.help {
            writeln!(f, "  {gutter} = help: {help}")?;
        }
        Ok(())
    }
}

impl Severity {
    /// `error` or `warning`, as printed.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A diagnostic as plain data, for machine-readable output (`lembar check
/// --format json`): the path with `/` separators, relative to the site root;
/// line and column 1-based (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DiagnosticRecord {
    pub severity: &'static str,
    pub path: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl From<&Diagnostic> for DiagnosticRecord {
    fn from(d: &Diagnostic) -> Self {
        DiagnosticRecord {
            severity: d.severity.name(),
            path: d.path.as_deref().map(slash_path),
            line: d.position.map(|p| p.line),
            column: d.position.map(|p| p.column),
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }
}

/// `content/a.md` on every system.
fn slash_path(path: &Path) -> String {
    path.iter()
        .map(|part| part.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// All the diagnostics of a run, reported together.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(more);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// `--strict`: every warning becomes an error.
    pub fn promote_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Sorted by file and position, so output is stable whatever the thread order.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }

    /// "2 errors, 1 warning".
    pub fn summary(&self) -> String {
        let count = |s| self.items.iter().filter(|d| d.severity == s).count();
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
        match (errors, warnings) {
            (0, w) => plural(w, "warning"),
            (e, 0) => plural(e, "error"),
            (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

/// "did you mean `reviewed`?" for a misspelt name, when one candidate is close.
/// Ties go to the first name in sorted order, so the help is the same every run.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_house_style_with_frame_and_help() {
        let file = SourceFile::new("content/a.md", "---\nreviwed: 2026-01-10\n---\n".into());
        let d = Diagnostic::error("unknown front-matter field `reviwed`")
            .at(&file, 4..11)
            .help("did you mean `reviewed`?");
        assert_eq!(
            d.to_string(),
            "content/a.md:2:1: error: unknown front-matter field `reviwed`\n  \
             2 | reviwed: 2026-01-10\n    | ^^^^^^^\n    = help: did you mean `reviewed`?\n"
        );
    }

    #[test]
    fn a_record_holds_the_place_and_the_words() {
        let file = SourceFile::new("content/a.md", "---\nreviwed: 2026-01-10\n---\n".into());
        let d = Diagnostic::warning("unknown")
            .at(&file, 4..11)
            .help("fix it");
        let r = DiagnosticRecord::from(&d);
        assert_eq!(r.severity, "warning");
        assert_eq!(r.path.as_deref(), Some("content/a.md"));
        assert_eq!((r.line, r.column), (Some(2), Some(1)));
        assert_eq!(r.help.as_deref(), Some("fix it"));
        let bare = DiagnosticRecord::from(&Diagnostic::error("no place"));
        assert_eq!((bare.severity, bare.path, bare.line), ("error", None, None));
    }

    #[test]
    fn summary_counts_both_kinds() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error("a"));
        all.push(Diagnostic::error("b"));
        all.push(Diagnostic::warning("c"));
        assert_eq!(all.summary(), "2 errors, 1 warning");
        all.promote_warnings();
        assert_eq!(all.summary(), "3 errors");
    }

    #[test]
    fn a_span_from_a_line_end_to_the_next_line_marks_one_character() {
        let file = SourceFile::new("a.md", "ab\r\ncd\n".into());
        let d = Diagnostic::error("x").at(&file, 3..5);
        assert_eq!(d.frame.as_deref().map(|f| f.1), Some(1));
    }

    #[test]
    fn ties_in_suggestions_are_broken_by_name() {
        assert_eq!(
            did_you_mean("visa-d", ["visa-c", "visa-a", "visa-b"]),
            Some("visa-a")
        );
    }

    #[test]
    fn suggests_close_names_only() {
        let fields = ["title", "reviewed", "updated"];
        assert_eq!(did_you_mean("reviwed", fields), Some("reviewed"));
        assert_eq!(did_you_mean("colour", fields), None);
    }
}
