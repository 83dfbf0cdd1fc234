//! Template errors as diagnostics: at the template's line and column, naming
//! the page being rendered. Pure.

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
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
        Some(p) => format!("this happened while rendering `{}`; fix the template, or the page data it uses", p.display()),
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
