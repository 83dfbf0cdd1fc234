//! YAML parsing with located errors: serde errors become diagnostics whose
//! positions are shifted from the YAML block into the file. Pure; no I/O.

use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::source::SourceFile;

/// Where a YAML block sits in its file, and how to speak of its keys.
pub struct Anchor {
    /// The YAML text's byte range in the file.
    pub span: Range<usize>,
    /// Where to point when a required key is missing.
    pub missing: Range<usize>,
    /// "front-matter field" or "`site.yaml` key".
    pub noun: &'static str,
    /// Where a missing key goes ("between the `---` fences").
    pub hint: &'static str,
}

/// Parses the YAML at `at.span` of `file` into `T`.
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    at: &Anchor,
    fields: &[&str],
) -> Result<T, Diagnostic> {
    let yaml = &file.text[at.span.clone()];
    // An empty block is an empty mapping, so the error names the missing key.
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(yaml).map_err(|e| located(file, at, &e, fields))
}

fn located(
    file: &SourceFile,
    at: &Anchor,
    error: &serde_yaml::Error,
    fields: &[&str],
) -> Diagnostic {
    let full = error.to_string();
    // The crate appends " at line L column C"; we print the file's own position.
    let message = plain_types(full.split(" at line ").next().unwrap_or(&full));
    let mut offset = error
        .location()
        .map(|l| (at.span.start + l.index()).min(at.span.end));
    // A value refused by our own types (a date) is reported at its mapping;
    // point at the value itself.
    if let Some(value) = between(&message, "invalid date `", "`") {
        if let Some(i) = file.text[at.span.clone()].find(value) {
            offset = Some(at.span.start + i);
        }
    }
    let noun = at.noun;

    if let Some(key) = between(&message, "unknown field `", "`") {
        let start = offset.unwrap_or(at.missing.start);
        let help = match did_you_mean(key, fields.iter().copied()) {
            Some(best) => format!("did you mean `{best}`? put your own data under `extra:`"),
            None => format!(
                "the known keys are {}; put your own data under `extra:`",
                fields
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let help = if noun.contains("site.yaml") {
            help.replace("; put your own data under `extra:`", "")
                .replace("? put your own data under `extra:`", "?")
        } else {
            help
        };
        return Diagnostic::error(format!("unknown {noun} `{key}`"))
            .at(file, start..start + key.len())
            .help(help);
    }
    if let Some(key) = between(&message, "missing field `", "`") {
        let where_ = if message.contains('[') || message.contains('.') {
            // A nested key (`sources[0]: missing field url`): point at the error.
            offset.map_or(at.missing.clone(), |o| o..o + 1)
        } else {
            at.missing.clone()
        };
        return Diagnostic::error(format!("missing required {noun} `{key}`"))
            .at(file, where_)
            .help(format!("add a line `{key}: …` {}", at.hint));
    }
    let is_value = [
        "invalid type",
        "invalid value",
        "invalid date",
        "unknown variant",
    ]
    .iter()
    .any(|m| message.contains(m));
    let (what, help) = if is_value {
        (
            "invalid value",
            "check the value: text, a whole number, true/false, a list (`- item`) or a date YYYY-MM-DD",
        )
    } else {
        (
            "invalid YAML",
            "check the YAML syntax: one `key: value` per line, list items indented under their key, and text containing `: ` or starting with `[`, `{`, `*`, `&` or `@` in quotes",
        )
    };
    let start = offset.unwrap_or(at.missing.start);
    Diagnostic::error(format!("{what}: {message}"))
        .at(file, start..start + 1)
        .help(help)
}

/// serde names Rust types; editors know text, numbers and lists.
fn plain_types(message: &str) -> String {
    let message = [
        ("expected i64", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected a string", "expected text"),
        ("expected a sequence", "expected a list (`- item` lines)"),
        ("expected a boolean", "expected true or false"),
        ("string ", "text "),
        ("unit value", "nothing"),
        ("expected a YAML mapping", "expected `key: value` lines"),
    ]
    .iter()
    .fold(message.to_string(), |m, (from, to)| m.replace(from, to));
    // "expected struct PageFront": the name of our own type means nothing to an editor.
    match message.find("expected struct ") {
        Some(i) => format!("{}expected `key: value` lines", &message[..i]),
        None => message,
    }
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let len = text[start..].find(close)?;
    Some(&text[start..start + len])
}
