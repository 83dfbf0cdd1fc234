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
    /// Where free-form data may go instead of an unknown key, if anywhere.
    pub free_form: Option<&'static str>,
}

impl Anchor {
    /// A file that is all YAML (`site.yaml`, a data file): a missing key is
    /// pointed at its first line.
    pub fn whole_file(file: &SourceFile, noun: &'static str, hint: &'static str) -> Anchor {
        Anchor {
            span: 0..file.text.len(),
            missing: 0..1,
            noun,
            hint,
            free_form: None,
        }
    }
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

/// [`parse`], reporting every mistake of the block at once, not only the
/// first: after each error at a line, that line (with the lines indented
/// under it) is blanked out, offsets kept, and the block parsed again. A
/// syntax error, an error with no line of its own, or one that blanking
/// does not move past ends the search; a missing key is not reported when
/// it is missing only because its line was blanked.
pub fn parse_all<T: DeserializeOwned>(
    file: &SourceFile,
    at: &Anchor,
    fields: &[&str],
) -> Result<T, Vec<Diagnostic>> {
    /// Enough for any real file; a bound, so no input loops for long.
    const MOST: usize = 20;
    let mut text = file.text.clone();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut blanked: Vec<String> = Vec::new();
    for _ in 0..MOST {
        let yaml = &text[at.span.clone()];
        let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
        let error = match serde_yaml::from_str::<T>(yaml) {
            Ok(value) if problems.is_empty() => return Ok(value),
            Ok(_) => return Err(problems),
            Err(e) => e,
        };
        let current = SourceFile::new(file.path(), text.clone());
        let d = located(&current, at, &error, fields);
        let missing = between(&d.message, "missing required ", "`")
            .is_some()
            .then(|| d.message.rsplit('`').nth(1).unwrap_or_default().to_string());
        if let Some(key) = &missing {
            if blanked.contains(key) {
                return Err(problems);
            }
        }
        // The line the diagnostic points at (a date's own, not its map's).
        let own_line = d
            .position
            .filter(|_| missing.is_none() && !d.message.starts_with("invalid YAML"))
            .map(|p| current.line_start(p.line))
            .filter(|start| at.span.contains(start));
        let Some(line_start) = own_line else {
            problems.push(d);
            return Err(problems);
        };
        if problems
            .iter()
            .any(|p| p.position == d.position && p.message == d.message)
        {
            return Err(problems);
        }
        // A misspelt key stands for the key it resembles: not missing either.
        let meant = d
            .help
            .as_deref()
            .and_then(|h| between(h, "did you mean `", "`"));
        blanked.extend(meant.map(str::to_string));
        problems.push(d);
        blanked.extend(key_of(&text[line_start..]));
        blank_entry(&mut text, line_start, at.span.end);
    }
    Err(problems)
}

/// The key a YAML line starts (`date` of `  date: x`, `name` of `- name: x`).
fn key_of(line: &str) -> Option<String> {
    let line = line.lines().next()?.trim_start().trim_start_matches("- ");
    let (key, _) = line.split_once(':')?;
    Some(key.trim().to_string())
}

/// Replaces the line at `start` and the lines indented deeper under it
/// (up to `end`) with spaces, keeping every line end and so every offset.
fn blank_entry(text: &mut String, start: usize, end: usize) {
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let first = &text[start..end];
    let own = indent(first.lines().next().unwrap_or(""));
    let mut stop = start;
    for (n, line) in first.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        if n > 0 && !content.trim().is_empty() && indent(content) <= own {
            break;
        }
        stop += line.len();
    }
    // A space for each byte, so every later offset stays where it was.
    let blank: String = text[start..stop]
        .chars()
        .map(|c| match c {
            '\n' | '\r' => c.to_string(),
            c => " ".repeat(c.len_utf8()),
        })
        .collect();
    text.replace_range(start..stop, &blank);
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
        if let Some(i) = find_value(&file.text[at.span.clone()], value) {
            offset = Some(at.span.start + i);
        }
    }
    let noun = at.noun;

    if let Some(key) = between(&message, "unknown field `", "`") {
        let start = offset.unwrap_or(at.missing.start);
        // serde lists the keys it expected, also for nested maps (a programme's
        // `scheme`); fall back to the top-level fields.
        let expected: Vec<&str> = message
            .split_once("expected ")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let fields: Vec<&str> = if expected.is_empty() {
            fields.to_vec()
        } else {
            expected
        };
        let known = match did_you_mean(key, fields.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "the known keys are {}",
                fields
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        // Free-form data goes under `extra:` at the top, not inside an entry.
        let nested = !message.starts_with("unknown field");
        let help = match at.free_form {
            Some(free) if !nested => format!("{known}; {free}").replace("?;", "?"),
            _ => known,
        };
        return Diagnostic::error(format!("unknown {noun} `{key}`"))
            .at(file, start..start + key.len())
            .help(help);
    }
    if let Some(key) = between(&message, "missing field `", "`") {
        let where_ = if !message.starts_with("missing field") {
            // A nested key (`sources[0]: missing field url`): point at the error.
            offset.map_or(at.missing.clone(), |o| o..o + 1)
        } else {
            at.missing.clone()
        };
        let help = if message.starts_with("missing field") {
            format!("add a line `{key}: …` {}", at.hint)
        } else {
            format!("add `{key}: …` to this entry")
        };
        return Diagnostic::error(format!("missing required {noun} `{key}`"))
            .at(file, where_)
            .help(help);
    }
    let is_value = [
        "invalid type",
        "invalid value",
        "invalid date",
        "unknown variant",
    ]
    .iter()
    .any(|m| message.contains(m));
    let variant_help = between(&message, "unknown variant `", "`").map(|value| {
        let allowed: Vec<&str> = message
            .split_once("expected ")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        match did_you_mean(value, allowed.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "use one of the values listed after `expected`".to_string(),
        }
    });
    let (what, help) = if let Some(help) = variant_help {
        ("invalid value", help)
    } else if is_value {
        (
            "invalid value",
            "check the value: text, a whole number, true/false, a list (`- item`) or a date YYYY-MM-DD".to_string(),
        )
    } else {
        (
            "invalid YAML",
            "check the YAML syntax: one `key: value` per line, list items indented under their key, and text containing `: ` or starting with `[`, `{`, `*`, `&` or `@` in quotes".to_string(),
        )
    };
    // libyaml's words for a tab ("found character that cannot start any
    // token") do not say what to do; a fact named at the start of a value
    // (`{{ hotline }}`) reads as a YAML map.
    let help = match offset {
        Some(o) if indented_with_tab(&file.text, o) => {
            "YAML does not allow tabs for indentation: indent with spaces".to_string()
        }
        Some(o) if file.text[o..].starts_with("{{") => {
            "put the value in quotes: YAML reads a value that starts with `{` as a map, so write `key: \"{{ name }} …\"`".to_string()
        }
        _ => help,
    };
    // An unclosed `[` or quote is found on a later line; point at it.
    let (offset, help) = match flow_start(&full, &file.text[at.span.clone()]) {
        Some((i, open @ ('"' | '\''))) => (
            Some(at.span.start + i),
            format!("close this `{open}` on its line: a quoted value ends with the same quote"),
        ),
        Some((i, open)) => (
            Some(at.span.start + i),
            format!(
                "close this `{open}` on its line, and put text containing `,`, `:` or brackets in quotes"
            ),
        ),
        None => (offset, help),
    };
    let start = offset.unwrap_or(at.missing.start);
    Diagnostic::error(format!("{what}: {message}"))
        .at(file, start..start + 1)
        .help(help)
}

/// Whether the line holding byte `at` is indented with a tab, which YAML forbids.
/// Where the value of the top-level `key` is written in `text[within]`: the
/// bytes after `key:` on its line, without the spaces around them (an empty
/// range when the line has nothing after the colon). `None` when no line
/// starts with `key:` (the key is missing, or written in flow style).
pub fn value_span(text: &str, within: Range<usize>, key: &str) -> Option<Range<usize>> {
    let mut start = within.start;
    for line in text.get(within)?.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let at = start + key.len() + 1 + (rest.len() - rest.trim_start().len());
            return Some(at..at + rest.trim().len());
        }
        start += line.len();
    }
    None
}

fn indented_with_tab(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at) else {
        return false;
    };
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    text[start..]
        .chars()
        .take_while(|&c| c == ' ' || c == '\t')
        .any(|c| c == '\t')
}

/// Where the `[` or `{` of an unfinished flow list or map is in `yaml`, from
/// libyaml's context (", while parsing a flow sequence at line 4 column 7"),
/// with the bracket.
fn flow_start(error: &str, yaml: &str) -> Option<(usize, char)> {
    let (_, context) = error
        .split_once(", while parsing a flow ")
        .or_else(|| error.split_once(", while scanning a quoted scalar"))?;
    let (_, position) = context.split_once(" at line ")?;
    let (line, column) = position.split_once(" column ")?;
    let line: usize = line.trim().parse().ok()?;
    let column: usize = column.trim().parse().ok()?;
    let line_start: usize = yaml
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let offset = line_start
        + yaml
            .get(line_start..)?
            .chars()
            .take(column.checked_sub(1)?)
            .map(char::len_utf8)
            .sum::<usize>();
    let open = yaml.get(offset..)?.chars().next()?;
    matches!(open, '[' | '{' | '"' | '\'').then_some((offset, open))
}

/// serde names Rust types; editors know text, numbers and lists.
fn plain_types(message: &str) -> String {
    // Only serde's own words are rewritten, never the value it quotes.
    let (head, expected) = match message.rsplit_once(", expected ") {
        Some((head, expected)) => (head, Some(expected)),
        None => (message, None),
    };
    let head = head
        .replacen("invalid type: string ", "invalid type: text ", 1)
        .replacen("invalid type: unit value", "invalid type: nothing", 1);
    let Some(expected) = expected else {
        return head;
    };
    let expected = match expected {
        "i64" | "u32" => "a whole number",
        "a string" => "text",
        "a sequence" => "a list (`- item` lines)",
        "a boolean" => "true or false",
        // "struct PageFront": the name of our own type means nothing to an editor.
        e if e == "a YAML mapping" || e.starts_with("struct ") => "`key: value` lines",
        e => e,
    };
    format!("{head}, expected {expected}")
}

/// The byte offset of `value` where it is a whole `key: value` line's value.
fn find_value(yaml: &str, value: &str) -> Option<usize> {
    let mut start = 0;
    for line in yaml.split_inclusive('\n') {
        if let Some((_, v)) = line.split_once(": ") {
            if v.trim().trim_matches(['"', '\'']) == value {
                return Some(start + line.find(value)?);
            }
        }
        start += line.len();
    }
    None
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let len = text[start..].find(close)?;
    Some(&text[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::plain_types;

    #[test]
    fn serde_words_become_plain_but_values_stay() {
        assert_eq!(
            plain_types(r#"weight: invalid type: string "expected a string ", expected i64"#),
            r#"weight: invalid type: text "expected a string ", expected a whole number"#
        );
        assert_eq!(
            plain_types("invalid type: sequence, expected struct PageFront"),
            "invalid type: sequence, expected `key: value` lines"
        );
    }

    fn error(yaml: &str) -> String {
        let file = crate::source::SourceFile::new("x.yaml", yaml.into());
        let anchor = super::Anchor {
            span: 0..yaml.len(),
            missing: 0..1,
            noun: "key",
            hint: "",
            free_form: None,
        };
        super::parse::<serde_yaml::Value>(&file, &anchor, &[])
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn tab_indentation_is_named() {
        for yaml in [
            "title: A\ntags:\n\t- work\n",
            "a:\n  b: 1\n\tc: 2\n",
            "t:\n \tid: A\n",
        ] {
            let e = error(yaml);
            assert!(
                e.contains("help: YAML does not allow tabs for indentation: indent with spaces"),
                "{e}"
            );
        }
        assert!(!error("a: [b\n").contains("tabs"));
    }

    #[test]
    fn an_unclosed_bracket_is_pointed_at() {
        let e = error("title: About\ntags: [work, visa\nreviewed: 2026-11-27\n");
        assert!(e.starts_with("x.yaml:2:7: error: invalid YAML"), "{e}");
        assert!(e.contains("close this `[`"), "{e}");
        let e = error("x: {a: 1\ny: 2\n");
        assert!(e.starts_with("x.yaml:1:4: error"), "{e}");
    }
}
