//! Stage `config`: `site.yaml` → [`Config`]. Reads one file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::files;
use crate::source::SourceFile;
use crate::yaml;

pub const CONFIG_FILE: &str = "site.yaml";
/// A few settings; a larger `site.yaml` is a mistake (a pasted file).
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The site's settings, checked.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    /// Per language; every language has one.
    pub title: BTreeMap<String, String>,
    pub description: BTreeMap<String, String>,
    /// Always ends with `/`.
    pub base_url: String,
    pub default_language: String,
    /// In the order the site lists them; the default language first.
    pub languages: Vec<String>,
    /// The languages whose text a language's readers get where it has none
    /// (`fallback_languages:` in `site.yaml`), before the default language.
    pub fallback_languages: BTreeMap<String, Vec<String>>,
    pub theme: String,
    pub fallback: bool,
    pub review_after_months: u32,
    /// The paper pages print on.
    pub paper: Paper,
    /// The picture a shared link shows (Open Graph), a static file such as
    /// `share.png`; pages with photos of their own show their first photo.
    pub share_image: Option<String>,
    /// What raw HTML in Markdown becomes.
    pub raw_html: RawHtml,
    /// Sections whose pages' addresses follow a pattern of their date and slug.
    pub permalinks: crate::permalinks::Permalinks,
    /// `site.yaml` itself, so later stages can point at its keys.
    pub source: SourceFile,
    /// The site's data (`data/facts.yaml`), loaded after the UI strings
    /// (`facts::load_facts`) since it is shown in each language's words.
    pub facts: std::sync::Arc<crate::facts::Facts>,
    /// The words readers type that the pages do not use, per language
    /// (`data/search.yaml`, `search::load_aliases`), for the search index.
    pub search_aliases: std::sync::Arc<crate::search::Aliases>,
    /// What the theme declares about its templates (`theme.yaml`, loaded
    /// with the theme): the default theme's until the theme is loaded.
    pub theme_declared: std::sync::Arc<crate::theme::Declared>,
}

/// The paper sizes a site's and a leaflet's `paper:` take.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
pub enum Paper {
    /// 210 × 297 mm.
    #[default]
    A4,
    /// 148 × 210 mm, half an A4 sheet.
    A5,
}

/// What raw HTML in Markdown becomes. `allow` by default: the site's authors
/// commit to its repository and are trusted like its template authors, and
/// sites moved from Hugo or Zola use raw HTML, which omitting would silently
/// lose. `escape` is for sites whose authors are not all trusted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Published as written.
    #[default]
    Allow,
    /// Shown as text: `<b>` appears as `<b>`.
    Escape,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    title: BTreeMap<String, String>,
    #[serde(default)]
    description: BTreeMap<String, String>,
    base_url: String,
    #[serde(default = "default_language")]
    default_language: String,
    #[serde(default = "default_languages")]
    languages: Vec<String>,
    #[serde(default)]
    fallback_languages: BTreeMap<String, Vec<String>>,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    fallback: bool,
    #[serde(default = "default_review")]
    review_after_months: u32,
    #[serde(default)]
    paper: Paper,
    #[serde(default)]
    share_image: Option<String>,
    #[serde(default)]
    raw_html: RawHtml,
    #[serde(default)]
    permalinks: BTreeMap<String, String>,
}

const FIELDS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "default_language",
    "languages",
    "fallback_languages",
    "theme",
    "fallback",
    "review_after_months",
    "paper",
    "share_image",
    "raw_html",
    "permalinks",
];

fn default_language() -> String {
    "id".into()
}
fn default_languages() -> Vec<String> {
    vec!["id".into(), "en".into()]
}
fn default_theme() -> String {
    "default".into()
}
fn default_review() -> u32 {
    12
}

/// Reads and checks `<root>/site.yaml`.
pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let bytes = files::read_file(root, Path::new(CONFIG_FILE), MAX_CONFIG_BYTES).map_err(|r| {
        vec![match r {
            files::Refused::Io(e) => Diagnostic::error(format!("cannot read `{CONFIG_FILE}`: {e}"))
                .in_file(Path::new(CONFIG_FILE))
                .help(format!(
                    "run lembar in the site's folder or pass `--root DIR`; `{}` has no site.yaml",
                    root.display()
                )),
            other => other.diagnostic(Path::new(CONFIG_FILE)),
        }]
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        vec![
            Diagnostic::error(format!("`{CONFIG_FILE}` is not UTF-8 text"))
                .in_file(Path::new(CONFIG_FILE))
                .help("save the file as UTF-8"),
        ]
    })?;
    let file = SourceFile::new(CONFIG_FILE, text);
    parse_config(&file, root, base_url)
}

/// Parses and checks the text of `site.yaml`.
pub fn parse_config(
    file: &SourceFile,
    root: &Path,
    base_url: Option<&str>,
) -> Result<Config, Vec<Diagnostic>> {
    let anchor = yaml::Anchor::whole_file(file, "`site.yaml` key", "to site.yaml");
    let raw: ConfigFile = yaml::parse(file, &anchor, FIELDS).map_err(|d| vec![d])?;
    let at = |key: &str| locate_key(file, key);
    let mut problems = Vec::new();

    for lang in &raw.languages {
        if !is_language_code(lang) {
            problems.push(
                Diagnostic::error(format!("`{lang}` is not a language code"))
                    .at(file, at("languages"))
                    .help("use lowercase ISO 639-1 codes such as `id` and `en`"),
            );
        }
    }
    for (i, lang) in raw.languages.iter().enumerate() {
        if raw.languages[..i].contains(lang) {
            problems.push(
                Diagnostic::error(format!("`{lang}` is listed twice in `languages`"))
                    .at(file, at("languages"))
                    .help("list each language once"),
            );
        }
    }
    if raw.languages.is_empty() {
        problems.push(
            Diagnostic::error("`languages` is empty")
                .at(file, at("languages"))
                .help("list the site's languages, e.g. `languages: [id, en]`"),
        );
    }
    for (lang, chain) in &raw.fallback_languages {
        // At the language's own entry in the block, where there is one.
        let block = locate_key(file, "fallback_languages");
        let at = file.text[block.start..]
            .find(&format!("{lang}:"))
            .map_or(block.clone(), |i| {
                let start = block.start + i;
                let end = file.text[start..]
                    .find('\n')
                    .map_or(file.text.len(), |e| start + e);
                start..end
            });
        for named in std::iter::once(lang).chain(chain) {
            if !raw.languages.contains(named) {
                problems.push(
                    Diagnostic::error(format!(
                        "`fallback_languages` names `{named}`, which is not in `languages`"
                    ))
                    .at(file, at.clone())
                    .help(format!(
                        "add `{named}` to `languages`, or remove it from `fallback_languages`"
                    )),
                );
            }
        }
        if chain.contains(lang) {
            problems.push(
                Diagnostic::error(format!("`{lang}` is its own fallback language"))
                    .at(file, at)
                    .help("list the languages whose text stands in for it, such as `ms: [id]`"),
            );
        }
    }
    if !raw.languages.contains(&raw.default_language) {
        problems.push(
            Diagnostic::error(format!(
                "the default language `{}` is not in `languages`",
                raw.default_language
            ))
            .at(file, locate_value(file, "default_language"))
            .help("add it to `languages`, or choose one of them as `default_language`"),
        );
    }
    for lang in &raw.languages {
        if !raw.title.contains_key(lang) {
            problems.push(
                Diagnostic::error(format!("the site has no title in `{lang}`"))
                    .at(file, at("title"))
                    .help(format!("add `{lang}: …` under `title:`")),
            );
        }
    }
    for (map, key) in [(&raw.title, "title"), (&raw.description, "description")] {
        for lang in map.keys().filter(|l| !raw.languages.contains(l)) {
            problems.push(
                Diagnostic::error(format!(
                    "`{key}` has an entry for `{lang}`, which is not in `languages`"
                ))
                .at(file, at(key))
                .help(format!("add `{lang}` to `languages`, or remove that entry")),
            );
        }
    }
    // `--base-url` replaces the file's value, which is then not checked: CI
    // sets the real address over a placeholder.
    let base = match parse_base_url(base_url.unwrap_or(&raw.base_url)) {
        Ok(base) => base,
        Err(bad) => {
            // `--base-url ""` is refused when the arguments are read.
            let shown = match base_url.unwrap_or(&raw.base_url) {
                "" => "base_url",
                value => value,
            };
            let d = Diagnostic::error(format!("`{shown}` {}", bad.what)).help(bad.help);
            problems.push(match base_url {
                Some(_) => d,
                None => d.at(file, locate_value(file, "base_url")),
            });
            String::new()
        }
    };
    if !is_folder_name(&raw.theme) {
        problems.push(
            Diagnostic::error(format!(
                "the theme `{}` is not a folder name under `themes/`",
                raw.theme
            ))
            .at(file, locate_value(file, "theme"))
            .help("write the name of a folder in the site's `themes/`, such as `theme: mine` for `themes/mine/`; a theme outside the site is not read"),
        );
    }
    let permalinks =
        crate::permalinks::Permalinks::parse(&raw.permalinks).unwrap_or_else(|(what, help)| {
            problems.push(
                Diagnostic::error(what)
                    .at(file, at("permalinks"))
                    .help(help),
            );
            Default::default()
        });
    if !problems.is_empty() {
        return Err(problems);
    }

    // The default language comes first: it is the original, and the chooser lists it first.
    let mut languages = raw.languages;
    languages.sort_by_key(|l| l != &raw.default_language);
    Ok(Config {
        root: root.to_path_buf(),
        title: raw.title,
        description: raw.description,
        base_url: base,
        default_language: raw.default_language,
        languages,
        fallback_languages: raw.fallback_languages,
        theme: raw.theme,
        fallback: raw.fallback,
        review_after_months: raw.review_after_months,
        paper: raw.paper,
        share_image: raw.share_image,
        raw_html: raw.raw_html,
        permalinks,
        source: file.clone(),
        facts: Default::default(),
        search_aliases: Default::default(),
        theme_declared: Default::default(),
    })
}

impl Config {
    /// The languages whose text stands in for `lang`'s where it has none, in
    /// order: those `fallback_languages` gives it, then the default language
    /// (`ms → id → en` for `ms: [id]` on a site whose default is `en`).
    pub fn fallback_chain(&self, lang: &str) -> Vec<String> {
        let declared = self.fallback_languages.get(lang).into_iter().flatten();
        let mut chain: Vec<String> = Vec::new();
        for l in declared.chain(std::iter::once(&self.default_language)) {
            if l != lang && !chain.contains(l) {
                chain.push(l.clone());
            }
        }
        chain
    }

    /// Where `key` is in `site.yaml`, for a diagnostic about its value.
    pub fn at(&self, key: &str) -> std::ops::Range<usize> {
        locate_key(&self.source, key)
    }

    /// The path part of `base_url` (`/`, or `/bontang/` for a site in a folder):
    /// every link the site makes starts with it.
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        match after_scheme.find('/') {
            Some(i) => &after_scheme[i..],
            None => "/",
        }
    }

    /// The address pages link an output path below the base with, the base
    /// path and the path: `/bontang/id/negara/`. The one place links are made;
    /// [`Config::permalink`] makes the full addresses that are printed and shared.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.base_path())
    }

    /// An address without its scheme, as people read and type it:
    /// `lembar.example.org/id/negara/jepang/`.
    pub fn short_url(&self, url: &str) -> String {
        let full = self.permalink(url);
        full.split_once("://")
            .map_or(full.clone(), |(_, rest)| rest.to_string())
    }

    /// The full address of a URL path below the base: `https://…/id/negara/`.
    pub fn permalink(&self, url: &str) -> String {
        format!("{}{url}", self.base_url)
    }
}

/// One plain path segment: no separator, no `.`/`..`, not hidden, not empty.
fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':'])
        && !name.chars().any(char::is_control)
}

/// A language code is two or three lowercase ASCII letters (ISO 639).
pub fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

/// Why a base URL cannot be the site's address, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadBaseUrl {
    /// What is wrong, said of the address: "has no host".
    pub what: String,
    pub help: &'static str,
}

/// The one rule for the site's address, from `site.yaml` or `--base-url`:
/// an absolute http(s) URL with a host, and nothing that every link, feed and
/// printed QR code would carry by mistake: no query, no fragment, no user name
/// or password (published in every page). Returns the address as the URL
/// standard writes it (the form browsers and QR readers use), ending with `/`
/// so that page paths can be appended.
pub fn parse_base_url(raw: &str) -> Result<String, BadBaseUrl> {
    const EXAMPLE: &str = "write the address the site is published at, e.g. `https://example.org/` or `https://example.org/bontang/`";
    const WHOLE: &str = "remove it: base_url is only the address the site is published at, e.g. `https://example.org/bontang/`, and every link and QR code starts with it";
    let bad = |what: String, help| Err(BadBaseUrl { what, help });
    if raw.is_empty() {
        return bad("is empty".into(), EXAMPLE);
    }
    // The URL parser would drop white space silently; here it is a mistake
    // (a stray newline in a CI variable, a space in a folder name).
    if raw.contains(char::is_whitespace) {
        return bad("has white space in it".into(), EXAMPLE);
    }
    let url = match url::Url::parse(raw) {
        Ok(url) => url,
        Err(url::ParseError::EmptyHost) => {
            return bad(
                "has no host".into(),
                "write the address the site is published at, e.g. `https://example.org/`; an empty host often comes from an unset variable, as in `--base-url \"https://$HOST/\"`",
            );
        }
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            return bad("is not an absolute http(s) URL".into(), EXAMPLE);
        }
        Err(e) => return bad(format!("is not a valid URL: {e}"), EXAMPLE),
    };
    if !matches!(url.scheme(), "http" | "https") {
        return bad("is not an http(s) URL".into(), EXAMPLE);
    }
    // `https://%2e/` parses to the host `.`: no address a reader can open.
    if url
        .host_str()
        .is_none_or(|h| h.trim_matches('.').is_empty())
    {
        return bad("has no host".into(), EXAMPLE);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return bad(
            "has a user name or password before the host".into(),
            "remove it up to the `@`: base_url is written into every page, so anyone could read it",
        );
    }
    if let Some(query) = url.query() {
        return bad(format!("has a query (`?{query}`)"), WHOLE);
    }
    if let Some(fragment) = url.fragment() {
        return bad(format!("has a fragment (`#{fragment}`)"), WHOLE);
    }
    let mut base = url.to_string();
    if !base.ends_with('/') {
        base.push('/');
    }
    Ok(base)
}

/// The byte range of a top-level key's value on its line (after `key: `),
/// or the key's when the line has nothing after it.
fn locate_value(file: &SourceFile, key: &str) -> std::ops::Range<usize> {
    match crate::yaml::value_span(&file.text, 0..file.text.len(), key) {
        Some(value) if !value.is_empty() => value,
        _ => locate_key(file, key),
    }
}

/// The byte range of a top-level key in the file, or the first byte.
fn locate_key(file: &SourceFile, key: &str) -> std::ops::Range<usize> {
    let mut start = 0;
    for line in file.text.split_inclusive('\n') {
        if line.strip_prefix(key).is_some_and(|r| r.starts_with(':')) {
            return start..start + key.len();
        }
        start += line.len();
    }
    // Not written as a top-level key (flow style, or missing): the first character.
    0..file.text.chars().next().map_or(0, char::len_utf8)
}

#[cfg(test)]
mod tests;
