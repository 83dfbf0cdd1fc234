//! Site data, stage `load`: `data/search.yaml` → [`Aliases`], the words
//! readers type that the site's pages do not use, per language, each with
//! the phrases it stands for (`hongkong: hong kong`, `tkw: [pmi, pekerja
//! migran]`). `search.js` expands them at query time. Reads one file; the
//! rest is pure.
//!
//! ```yaml
//! id:
//!   hongkong: hong kong
//!   tkw: [pmi, pekerja migran]
//! en:
//!   maid: domestic worker
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::source::SourceFile;

/// The data file, relative to the site root.
pub const ALIASES_FILE: &str = "data/search.yaml";

/// A file larger than this is not a list of aliases.
const MAX_BYTES: u64 = 1024 * 1024;

/// Per language, each alias (normalized words, one space between them) →
/// the phrases it stands for (normalized likewise).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aliases {
    pub by_lang: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

impl Aliases {
    /// The aliases of `lang` (none when the site declares none).
    pub fn of(&self, lang: &str) -> Option<&BTreeMap<String, Vec<String>>> {
        self.by_lang.get(lang)
    }
}

/// An alias's value as written: one phrase or a list.
#[derive(Deserialize)]
#[serde(untagged)]
enum Phrases {
    One(String),
    Many(Vec<String>),
}

type Raw = BTreeMap<String, Option<BTreeMap<String, Option<Phrases>>>>;

/// Loads `data/search.yaml` if the site has one.
pub fn load_aliases(config: &Config) -> (Aliases, Vec<Diagnostic>) {
    let path = Path::new(ALIASES_FILE);
    if !config.root.join(path).exists() {
        return (Aliases::default(), Vec::new());
    }
    match crate::files::read_file(&config.root, path, MAX_BYTES) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            parse_aliases(&config.languages, &SourceFile::new(path, text))
        }
        Err(refused) => (Aliases::default(), vec![refused.diagnostic(path)]),
    }
}

/// [`load_aliases`] on the file's text, for a site of `languages`.
pub fn parse_aliases(languages: &[String], file: &SourceFile) -> (Aliases, Vec<Diagnostic>) {
    let at = crate::yaml::Anchor::whole_file(file, "language", "at the start of a line");
    let raw: Raw = match crate::yaml::parse(file, &at, languages_as_str(languages).as_slice()) {
        Ok(raw) => raw,
        Err(d) => return (Aliases::default(), vec![d]),
    };
    let mut aliases = Aliases::default();
    let mut problems = Vec::new();
    for (lang, entries) in raw {
        let block = crate::facts::fact_block(&file.text, &lang);
        if !languages.contains(&lang) {
            let known = languages_as_str(languages);
            let help = match did_you_mean(&lang, known.iter().copied()) {
                Some(best) => {
                    format!("did you mean `{best}`? Aliases go under a language of the site")
                }
                None => format!(
                    "put aliases under one of the site's languages: {}",
                    known
                        .iter()
                        .map(|l| format!("`{l}:`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            problems.push(
                Diagnostic::error(format!("`{lang}` is not a language of this site"))
                    .at(file, block.start..block.start + lang.len())
                    .help(help),
            );
            continue;
        }
        let mut own = BTreeMap::new();
        // Normalized alias → as written, to find two spellings of one alias.
        let mut written_as: BTreeMap<String, String> = BTreeMap::new();
        for (alias, phrases) in entries.unwrap_or_default() {
            // Found only for a problem: looking up every key rescans the block
            // (a file of many aliases took a quadratic 51 s).
            let key_at = || nested_key(&file.text, block.clone(), &alias);
            let key = normalized_words(&alias);
            if key.is_empty() {
                problems.push(
                    Diagnostic::error(format!("the alias `{alias}` has no words"))
                        .at(file, key_at())
                        .help(
                            "an alias is what readers type: letters or digits, such as `hongkong:`",
                        ),
                );
                continue;
            }
            let written = match phrases {
                None => Vec::new(),
                Some(Phrases::One(p)) => vec![p],
                Some(Phrases::Many(list)) => list,
            };
            let phrases: Vec<String> = written
                .iter()
                .map(|p| normalized_words(p))
                .filter(|p| !p.is_empty())
                .collect();
            if phrases.is_empty() || phrases.len() < written.len() {
                let value_at = value_after(&file.text, key_at()).unwrap_or_else(key_at);
                problems.push(
                    Diagnostic::error(format!("the alias `{alias}` has an empty value"))
                        .at(file, value_at)
                        .help(format!(
                            "after the colon, write the words the pages use instead: one phrase (`{alias}: words`) or a list of phrases (`{alias}: [words, other words]`)"
                        )),
                );
                continue;
            }
            if let Some(first) = written_as.get(&key) {
                problems.push(
                    Diagnostic::error(format!(
                        "the aliases `{first}` and `{alias}` are the same words to search"
                    ))
                    .at(file, key_at())
                    .help(format!(
                        "keep one of them, with every phrase in a list: `{first}: [words, other words]`"
                    )),
                );
                continue;
            }
            written_as.insert(key.clone(), alias.clone());
            own.insert(key, phrases);
        }
        aliases.by_lang.insert(lang, own);
    }
    (aliases, problems)
}

fn languages_as_str(languages: &[String]) -> Vec<&str> {
    languages.iter().map(String::as_str).collect()
}

/// Text → its normalized words, one space between them.
fn normalized_words(text: &str) -> String {
    super::words(&super::normalize(text))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where the nested key `key` is written in `text[block]` (its language's line
/// when it cannot be found, as in a flow map).
fn nested_key(text: &str, block: Range<usize>, key: &str) -> Range<usize> {
    let mut at = block.start;
    for line in text[block.clone()].split_inclusive('\n') {
        let body = line.trim_start();
        let indent = line.len() - body.len();
        let unquoted = body.trim_start_matches(['"', '\'']);
        let quote = body.len() - unquoted.len();
        if indent > 0
            && unquoted.starts_with(key)
            && unquoted[key.len()..]
                .trim_start_matches(['"', '\''])
                .starts_with(':')
        {
            let start = at + indent + quote;
            return start..start + key.len();
        }
        at += line.len();
    }
    block.start..block.start + text[block].find(':').unwrap_or(1).max(1)
}

/// The value written after the key at `key` on its line, if any.
fn value_after(text: &str, key: Range<usize>) -> Option<Range<usize>> {
    let rest = &text[key.end..];
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let colon = line.find(':')?;
    let value = &line[colon + 1..];
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return None;
    }
    let start = key.end + colon + 1 + (value.len() - value.trim_start().len());
    Some(start..start + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Aliases, Vec<Diagnostic>) {
        let languages = ["id".to_string(), "en".to_string()];
        parse_aliases(&languages, &SourceFile::new(ALIASES_FILE, text.to_string()))
    }

    fn shown(problems: &[Diagnostic]) -> Vec<String> {
        problems.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn aliases_load_normalized_per_language() {
        let (aliases, problems) = parse(
            "# what readers type\nid:\n  HongKong: Hong Kong\n  \"pembantu rumah tangga\": [PLRT, pekerja rumah tangga]\nen:\n  maid: domestic worker\n",
        );
        assert!(problems.is_empty(), "{:?}", shown(&problems));
        let id = aliases.of("id").unwrap();
        assert_eq!(id["hongkong"], ["hong kong"]);
        assert_eq!(
            id["pembantu rumah tangga"],
            ["plrt", "pekerja rumah tangga"]
        );
        assert_eq!(aliases.of("en").unwrap()["maid"], ["domestic worker"]);
    }

    #[test]
    fn an_unknown_language_and_an_empty_value_are_located() {
        let (_, problems) = parse("id:\n  tkw: pmi\n  nomer:\nfr:\n  bonjour: halo\n");
        let shown = shown(&problems);
        assert_eq!(problems.len(), 2, "{shown:?}");
        assert!(
            shown.iter().any(|d| d.contains("data/search.yaml:3:3")
                && d.contains("the alias `nomer` has an empty value")),
            "{shown:?}"
        );
        assert!(
            shown.iter().any(|d| d.contains("data/search.yaml:4:1")
                && d.contains("`fr` is not a language of this site")),
            "{shown:?}"
        );
        let (_, problems) = parse("en:\n  maid: []\n  tki: [\"\", migrant worker]\n");
        let shown = self::shown(&problems);
        assert_eq!(problems.len(), 2, "{shown:?}");
        assert!(shown[0].contains("data/search.yaml:2:9"), "{shown:?}");
        // Bad YAML is located too.
        let (_, problems) = parse("id:\n  tkw: [pmi\n");
        assert_eq!(problems.len(), 1);
        assert!(self::shown(&problems)[0].contains("data/search.yaml:"));
    }
}
