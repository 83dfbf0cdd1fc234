//! Template errors as diagnostics: at the template's line and column, naming
//! the page being rendered. Pure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::source::{Position, SourceFile};
use crate::theme::ThemeFile;

/// A Tera error as a diagnostic at the template's line, naming the page being rendered.
pub(super) fn template_error(
    files: &[ThemeFile],
    error: &tera::Error,
    page: Option<&PathBuf>,
) -> Diagnostic {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let mut message = report.map_or_else(|| error.to_string(), |r| r.message().to_string());
    let mut cause = std::error::Error::source(error);
    while let Some(c) = cause {
        message = format!("{message}: {c}");
        cause = c.source();
    }
    let help = match page {
        Some(p) => rendering_help(p, 0),
        None => "fix the template's syntax; templates use Tera 2 (`{{ value }}`, `{% if %}`, `{% for %}`, `{% block %}`)".to_string(),
    };
    let message = match page {
        Some(_) => format!("template error: {message}"),
        None => format!("template syntax error: {message}"),
    };
    let file = report.and_then(|r| {
        files
            .iter()
            .find(|f| f.name == r.filename())
            .map(|f| (f, r))
    });
    match file {
        Some((f, r)) => {
            let source = SourceFile::new(&f.path, f.text.clone());
            Diagnostic::error(message)
                .at(&source, r.span().range.clone())
                .help(help)
        }
        None => Diagnostic::error(message).help(help),
    }
}

/// The help of a template error met while rendering `page` and `more` other pages.
fn rendering_help(page: &Path, more: usize) -> String {
    let others = match more {
        0 => String::new(),
        1 => " and 1 other page".to_string(),
        n => format!(" and {n} other pages"),
    };
    format!(
        "this happened while rendering `{}`{others}; fix the template, or the page data it uses",
        page.display()
    )
}

/// One mistake in a template fails every page that reaches it: the pages'
/// errors that are the same at the same place become one, naming the first
/// page and how many more. `failures` pairs each page with its error.
pub fn report_once(failures: Vec<(&Path, Diagnostic)>) -> Vec<Diagnostic> {
    type Place = (Option<PathBuf>, Option<Position>, String);
    let mut seen: BTreeMap<Place, usize> = BTreeMap::new();
    let mut merged: Vec<(&Path, Diagnostic, usize)> = Vec::new();
    for (page, d) in failures {
        let place = (d.path.clone(), d.position, d.message.clone());
        match seen.get(&place) {
            Some(&i) => merged[i].2 += 1,
            None => {
                seen.insert(place, merged.len());
                merged.push((page, d, 0));
            }
        }
    }
    merged
        .into_iter()
        .map(|(page, d, more)| match more {
            0 => d,
            more => d.help(rendering_help(page, more)),
        })
        .collect()
}

/// Turns Tera's own reports (`error: …` then ` --> name:line:col` and a caret
/// line) into located diagnostics.
pub(super) fn located_reports(files: &[ThemeFile], text: &str) -> Vec<Diagnostic> {
    let help = "fix the template: check the names of functions, filters and included templates";
    let mut found = Vec::new();
    let mut message: Option<&str> = None;
    let mut place: Option<(&ThemeFile, usize, usize)> = None;
    let mut finish =
        |message: Option<&str>, place: Option<(&ThemeFile, usize, usize)>, width: usize| {
            if let (Some(m), Some((f, line, col))) = (message, place) {
                let source = SourceFile::new(&f.path, f.text.clone());
                let start = source.line_start(line)
                    + source
                        .line_text(line)
                        .chars()
                        .take(col.saturating_sub(1))
                        .map(char::len_utf8)
                        .sum::<usize>();
                found.push(
                    Diagnostic::error(format!("template error: {m}"))
                        .at(&source, start..start + width.max(1))
                        .help(help),
                );
            }
        };
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
            place = None;
        } else if let Some(at) = line.trim_start().strip_prefix("--> ") {
            let mut parts = at.rsplitn(3, ':');
            let (col, line_no, name) = (parts.next(), parts.next(), parts.next());
            let number = |p: Option<&str>| p.and_then(|n| n.trim().parse::<usize>().ok());
            place = match (name, number(line_no), number(col)) {
                (Some(name), Some(l), Some(c)) => {
                    files.iter().find(|f| f.name == name).map(|f| (f, l, c))
                }
                _ => None,
            };
        } else if line.contains('^') && line.trim_start_matches([' ', '|']).starts_with('^') {
            let width = line.chars().filter(|&c| c == '^').count();
            finish(message.take(), place.take(), width);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_error_on_many_pages_is_reported_once_with_a_count() {
        let source = SourceFile::new("templates/page.html", "<p>{{ x }}</p>\n".into());
        let at = |span| Diagnostic::error("template error: boom").at(&source, span);
        let a = Path::new("content/a.md");
        let b = Path::new("content/b.md");
        let c = Path::new("content/c.md");
        let merged = report_once(vec![
            (a, at(3..10).help(rendering_help(a, 0))),
            (b, at(3..10).help(rendering_help(b, 0))),
            (c, at(0..2).help(rendering_help(c, 0))),
            (c, at(3..10).help(rendering_help(c, 0))),
        ]);
        let helps: Vec<&str> = merged.iter().filter_map(|d| d.help.as_deref()).collect();
        assert_eq!(
            helps,
            [
                "this happened while rendering `content/a.md` and 2 other pages; fix the template, or the page data it uses",
                "this happened while rendering `content/c.md`; fix the template, or the page data it uses",
            ]
        );
    }
}
