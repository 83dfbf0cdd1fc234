//! Stage `load`: [`Config`] → [`Content`]. Walks `content/`, reads every
//! Markdown file, splits and parses its front matter, in parallel. Reads the disk.
//!
//! Longer than the ~400-line bound: the walk's rules (what is skipped, links,
//! folder and file names as URL segments) and the reading of each file are the one
//! definition of what a site's content is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;
use walkdir::WalkDir;

use crate::config::{Config, is_language_code};
use crate::diagnostic::Diagnostic;
use crate::facts::{FactUse, Facts};
use crate::files;
use crate::front_matter::{self, Common, ContentType, SortBy, Split};
use crate::source::SourceFile;
use crate::types::{self, Typed};

pub const CONTENT_DIR: &str = "content";
/// Larger Markdown files are refused: they are mistakes (a pasted PDF, a log),
/// and would make every later stage slow.
pub(crate) const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Every content file of the site, sorted by path.
#[derive(Debug, Default)]
pub struct Content {
    pub files: Vec<ContentFile>,
    /// Drafts left out of this build, by path under `content/`, so links to
    /// them get a precise error.
    pub drafts: Vec<String>,
    /// Every other file under `content/` (images, PDFs beside the pages), by
    /// path under `content/`, sorted: published with the pages (`attachments`).
    pub attachments: Vec<String>,
}

/// One Markdown file, parsed.
#[derive(Debug)]
pub struct ContentFile {
    pub source: SourceFile,
    pub split: Split,
    /// The path under `content/`, with `/` separators: `countries/japan.id.md`.
    pub rel: String,
    /// The folder under `content/` of the section it is in: `countries`
    /// (empty for the top). For a page bundle, the folder above the bundle.
    pub dir: String,
    /// The file name without language and extension: `japan`, `_index`;
    /// for a page bundle (`japan/index.id.md`), its folder's name.
    pub stem: String,
    pub lang: String,
    pub front: Front,
    /// The site's facts this file shows (`data/facts.yaml`), where it names them.
    pub facts: Vec<FactUse>,
}

/// What a file is, with its typed front matter.
#[derive(Debug)]
pub enum Front {
    Section {
        common: Common,
        kind: ContentType,
        sort_by: SortBy,
    },
    Page {
        common: Common,
        /// The type its section gives it.
        kind: ContentType,
        /// Boxed: a country's fields are much larger than a section's.
        typed: Box<Typed>,
    },
}

impl ContentFile {
    pub fn common(&self) -> &Common {
        match &self.front {
            Front::Section { common, .. } | Front::Page { common, .. } => common,
        }
    }

    /// A section's own type (of its pages), or a page's type.
    pub fn kind(&self) -> ContentType {
        match &self.front {
            Front::Section { kind, .. } | Front::Page { kind, .. } => *kind,
        }
    }

    /// A page's own typed fields; `None` for sections.
    pub fn typed(&self) -> Option<&Typed> {
        match &self.front {
            Front::Page { typed, .. } => Some(typed),
            Front::Section { .. } => None,
        }
    }

    pub fn is_section(&self) -> bool {
        matches!(self.front, Front::Section { .. })
    }

    /// The path shared by all translations: `countries/japan`.
    pub fn translation_key(&self) -> String {
        join(&self.dir, &self.stem)
    }

    /// The folder the file is in, which its relative links and images start
    /// from: `dir`, or for a page bundle (`countries/japan/index.id.md`)
    /// the bundle's own folder.
    pub fn folder(&self) -> &str {
        self.rel.rsplit_once('/').map_or("", |(folder, _)| folder)
    }
}

pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// `a/b/c`, `a/b`, `a`, then `` (the top of `content/`).
pub fn ancestors(dir: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(dir), |d| {
        (!d.is_empty()).then(|| d.rsplit_once('/').map_or("", |(up, _)| up))
    })
}

/// Walks and parses `content/`. Problems are collected, not fatal one by one.
/// Sections are parsed first: their `type` decides how their pages are parsed.
pub fn load_content(config: &Config, drafts: bool) -> (Content, Vec<Diagnostic>) {
    let (mut paths, attachments, mut problems) = walk(&config.root);
    let (inside, said) = pages_inside_bundles(config, &paths);
    paths.retain(|rel| !inside.contains(rel));
    problems.extend(said);
    // The same test as `parse_content_file`'s: the stem without language is `_index`.
    let (section_paths, page_paths): (Vec<&String>, Vec<&String>) = paths.iter().partition(|rel| {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        parse_file_name(name, config).is_ok_and(|(stem, _)| stem == "_index")
    });
    let sections: Vec<_> = section_paths
        .par_iter()
        .map(|rel| load_file(config, rel, ContentType::Page))
        .collect();
    let types: BTreeMap<(String, String), ContentType> = sections
        .iter()
        .flatten()
        .map(|f| ((f.dir.clone(), f.lang.clone()), f.kind()))
        .collect();
    problems.extend(disagreeing_types(config, sections.iter().flatten()));
    // A section that failed to load (a misspelt `type:`) leaves its pages'
    // type unknown: they are not loaded, rather than each failing in its way.
    let failed: BTreeSet<&str> = section_paths
        .iter()
        .zip(&sections)
        .filter(|(_, s)| s.is_err())
        .map(|(rel, _)| rel.rsplit_once('/').map_or("", |(d, _)| d))
        .collect();
    let known = |dir: &str| {
        ancestors(dir).find_map(|d| match any_language(&types, d) {
            Some(_) => Some(true),
            None => failed.contains(d).then_some(false),
        })
    };
    let page_paths: Vec<&String> = page_paths
        .into_iter()
        .filter(|rel| known(rel.rsplit_once('/').map_or("", |(d, _)| d)) != Some(false))
        .collect();
    let pages: Vec<_> = page_paths
        .par_iter()
        .map(|rel| {
            let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
            let lang = rel
                .rsplit('/')
                .next()
                .and_then(|name| parse_file_name(name, config).ok())
                .map_or_else(|| config.default_language.clone(), |(_, l)| l);
            load_file(config, rel, section_type(&types, config, dir, &lang))
        })
        .collect();
    let mut content = Content {
        attachments,
        ..Content::default()
    };
    for result in sections.into_iter().chain(pages) {
        match result {
            Ok(file) if file.common().draft && !drafts => content.drafts.push(file.rel),
            Ok(file) => content.files.push(file),
            Err(d) => problems.extend(d),
        }
    }
    // Sorted by path, whatever order the stages above produced.
    content.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    content.drafts.sort();
    (content, problems)
}

/// A section whose `_index` files name different types in different
/// languages: its pages would be different things in each. An error at each
/// file that differs from the default language's (else the first's).
fn disagreeing_types<'a>(
    config: &Config,
    sections: impl Iterator<Item = &'a ContentFile>,
) -> Vec<Diagnostic> {
    let mut by_dir: BTreeMap<&str, Vec<&ContentFile>> = BTreeMap::new();
    for file in sections {
        by_dir.entry(file.dir.as_str()).or_default().push(file);
    }
    let mut problems = Vec::new();
    for files in by_dir.values() {
        let first = files
            .iter()
            .find(|f| f.lang == config.default_language)
            .unwrap_or(&files[0]);
        for file in files.iter().filter(|f| f.kind() != first.kind()) {
            let at = front_matter::locate_value(&file.source, &file.split, "type");
            problems.push(
                Diagnostic::error(format!(
                    "this section's pages are `{}` here but `{}` in `{}`",
                    file.kind().name(),
                    first.kind().name(),
                    first.source.path.display()
                ))
                .at(&file.source, at)
                .help("a section's pages are of one type in every language: give both `_index` files the same `type:`"),
            );
        }
    }
    problems
}

/// The type of the pages in `dir`: the nearest section above, in the
/// default language, else in the page's, else any. (The languages' `_index`
/// files agree, or [`disagreeing_types`] says so; the default language's
/// first, so that mistake is not repeated on every page.)
fn section_type(
    types: &BTreeMap<(String, String), ContentType>,
    config: &Config,
    dir: &str,
    lang: &str,
) -> ContentType {
    ancestors(dir)
        .find_map(|d| {
            let key = |l: &str| (d.to_string(), l.to_string());
            types
                .get(&key(&config.default_language))
                .or_else(|| types.get(&key(lang)))
                .copied()
                .or_else(|| any_language(types, d))
        })
        .unwrap_or_default()
}

/// The type a section `_index` in folder `dir` gives, in any language.
fn any_language(types: &BTreeMap<(String, String), ContentType>, dir: &str) -> Option<ContentType> {
    types
        .range((dir.to_string(), String::new())..)
        .next()
        .filter(|((d, _), _)| d == dir)
        .map(|(_, &t)| t)
}

/// A page bundle's folder holds one page, in its languages: a Markdown file
/// in it or below that is not its `index` would be a page inside a page.
/// (Hugo reads such a file as a resource and publishes nothing; here it is
/// said.) Those files, not to be loaded, and an error at each.
fn pages_inside_bundles(config: &Config, paths: &[String]) -> (BTreeSet<String>, Vec<Diagnostic>) {
    let bundles: BTreeSet<&str> = paths
        .iter()
        .filter_map(|rel| bundle_of(rel, config))
        .collect();
    let mut inside_files = BTreeSet::new();
    let mut problems = Vec::new();
    if bundles.is_empty() {
        return (inside_files, problems);
    }
    for rel in paths {
        let own = bundle_of(rel, config);
        let folder = rel.rsplit_once('/').map_or("", |(folder, _)| folder);
        let inside = ancestors(folder).find(|f| bundles.contains(f) && own != Some(*f));
        if let Some(bundle) = inside {
            inside_files.insert(rel.clone());
            problems.push(
                Diagnostic::error(format!(
                    "this file is inside the page bundle `content/{bundle}/`, whose `index` file makes the folder one page"
                ))
                .in_file(&Path::new(CONTENT_DIR).join(rel))
                .help(format!(
                    "move the file out of `content/{bundle}/`; or, for a section with pages in it, rename the folder's `index` files to `_index`"
                )),
            );
        }
    }
    (inside_files, problems)
}

/// The Markdown files under `content/` and every other file there (the
/// attachments), relative to it, sorted.
fn walk(root: &Path) -> (Vec<String>, Vec<String>, Vec<Diagnostic>) {
    let dir = root.join(CONTENT_DIR);
    let mut paths = Vec::new();
    let mut attachments = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        problems.push(
            Diagnostic::error("the site has no `content/` folder")
                .in_file(Path::new(CONTENT_DIR))
                .help("create `content/_index.id.md` with the home page's front matter"),
        );
        return (paths, attachments, problems);
    }
    // Following links lets editors share folders within the site (never from
    // outside it: `keep_entry`); walkdir detects loops.
    let mut outside = Vec::new();
    let walker = WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            (e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()))
                && files::keep_entry(root, e, &mut outside)
        });
    for entry in walker {
        match entry {
            // Not only regular files: a FIFO named `x.md` is reported by `read_source`.
            Ok(e) if !e.file_type().is_dir() => {
                let markdown = e.path().extension().is_some_and(|x| x == "md");
                match e.path().strip_prefix(&dir).ok().and_then(to_slash) {
                    Some(rel) if markdown => paths.push(rel),
                    Some(rel) => attachments.push(rel),
                    None => problems.push(
                        Diagnostic::error("a content file name is not valid UTF-8")
                            .in_file(&rel_to_root(root, e.path()))
                            .help("rename the file using letters, digits, `-` and `_`"),
                    ),
                }
            }
            // A folder name is a URL segment too, under the same rule as file names.
            Ok(e) if e.file_type().is_dir() && e.depth() > 0 => {
                let name = e.file_name().to_string_lossy();
                if let Err((message, _)) = check_slug(&slugify(&name)) {
                    problems.push(
                        Diagnostic::error(format!("the folder name cannot be a URL: {message}"))
                            .in_file(&rel_to_root(root, e.path()))
                            .help("rename the folder with letters, digits, `-` and `_`"),
                    );
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| rel_to_root(root, p))
                    .unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
                let (message, help) = if e.loop_ancestor().is_some() {
                    (
                        "a symbolic link makes a loop".to_string(),
                        "remove the link, or point it at a folder that does not contain it",
                    )
                } else {
                    (
                        format!(
                            "cannot read: {}",
                            e.io_error().map_or(e.to_string(), |io| io.to_string())
                        ),
                        "check the file's permissions",
                    )
                };
                problems.push(Diagnostic::error(message).in_file(&path).help(help));
            }
        }
    }
    problems.extend(outside);
    (paths, attachments, problems)
}

/// Hidden files and editors' temporary and backup files are not content.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || is_editor_file(name)
}

/// Editors' temporary and backup files (`#x#`, `x~`, `.x.swp`): never the
/// site's, even where dotfiles are (`static/.well-known/`).
pub(crate) fn is_editor_file(name: &str) -> bool {
    name.starts_with('#') || name.ends_with('~') || name.ends_with(".swp")
}

fn to_slash(path: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = path.iter().map(|p| p.to_str()).collect();
    Some(parts?.join("/"))
}

fn rel_to_root(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn load_file(
    config: &Config,
    rel: &str,
    kind: ContentType,
) -> Result<ContentFile, Vec<Diagnostic>> {
    let source =
        read_source(&config.root, &Path::new(CONTENT_DIR).join(rel)).map_err(|d| vec![d])?;
    parse_content_file(config, rel, source, kind)
}

/// Parses a content file's name and front matter; `rel` is its path under
/// `content/`, `kind` the type of a page (sections name their own).
pub fn parse_content_file(
    config: &Config,
    rel: &str,
    source: SourceFile,
    kind: ContentType,
) -> Result<ContentFile, Vec<Diagnostic>> {
    let one = |d: Diagnostic| vec![d];
    let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let (stem, lang) = parse_file_name(name, config).map_err(|d| vec![d.in_file(source.path())])?;
    // A page bundle, `japan/index.id.md`, is the page `japan` of the folder above.
    let (dir, stem) = match bundle_folder(folder, stem) {
        Some(bundle) => bundle.rsplit_once('/').unwrap_or(("", bundle)),
        None => (folder, stem),
    };
    let split = front_matter::split(&source).map_err(one)?;
    let (mut facts, problems) = crate::facts::find_uses(&config.facts, &source, &split);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut front = parse_front(&source, &split, stem, kind)?;
    // Front matter names its facts in text values: parsed as written first,
    // so every error points at what the editor wrote, then again with the
    // facts filled in, in the file's language.
    if facts.iter().any(|f| split.yaml.contains(&f.span.start)) {
        let filled = fill_facts(&config.facts, &source, &split, &lang)?;
        let filled_split = front_matter::split(&filled).map_err(one)?;
        front = parse_front(&filled, &filled_split, stem, kind).map_err(|_| {
            vec![
                Diagnostic::error("the front matter does not parse once its facts are filled in")
                    .at(&source, split.fence.clone())
                    .help("a fact's value may hold text the field cannot take (a date, a number): refer to facts only in text fields"),
            ]
        })?;
    }
    if let Front::Page { typed, .. } = &mut front {
        if let Typed::Country(country) = &mut **typed {
            fill_wages(
                &config.facts,
                &source,
                &split,
                &lang,
                &mut country.wages,
                &mut facts,
            )?;
        }
    }
    let common = match &front {
        Front::Section { common, .. } | Front::Page { common, .. } => common,
    };
    if let Some(slug) = &common.slug {
        check_slug(slug).map_err(|(message, help)| {
            let at = front_matter::locate_value(&source, &split, "slug");
            vec![Diagnostic::error(message).at(&source, at).help(help)]
        })?;
    } else if stem != "_index" {
        // The file name is the slug: it must make a URL segment as well.
        check_slug(&slugify(stem)).map_err(|(message, _)| {
            vec![
                Diagnostic::error(format!("the file name cannot be a URL: {message}"))
                    .in_file(source.path())
                    .help("rename the file with letters, digits, `-` and `_`, or give the page a `slug:`"),
            ]
        })?;
    }
    Ok(ContentFile {
        source,
        split,
        rel: rel.to_string(),
        dir: dir.to_string(),
        stem: stem.to_string(),
        lang,
        front,
        facts,
    })
}

/// The folder `folder` is, when a file named `stem` in it makes it a page
/// bundle (`index`, as in Hugo and Zola: the folder is the page, and its
/// other files are published with it). `index` at the top of `content/`
/// is an ordinary page: the home page is `_index`.
pub fn bundle_folder<'a>(folder: &'a str, stem: &str) -> Option<&'a str> {
    (stem == BUNDLE_STEM && !folder.is_empty()).then_some(folder)
}

/// The file name (without language) that makes its folder a page bundle.
const BUNDLE_STEM: &str = "index";

/// The page bundle whose `index` file is at `rel` (under `content/`, with or
/// without `.md` and language): `countries/japan` for
/// `countries/japan/index.id.md`.
pub fn bundle_of<'a>(rel: &'a str, config: &Config) -> Option<&'a str> {
    let (folder, name) = rel.rsplit_once('/')?;
    let (stem, _) = parse_file_name(name, config).ok()?;
    bundle_folder(folder, stem)
}

/// A content file's front matter as written: a section's or a page of `kind`.
fn parse_front(
    source: &SourceFile,
    split: &Split,
    stem: &str,
    kind: ContentType,
) -> Result<Front, Vec<Diagnostic>> {
    Ok(if stem == "_index" {
        let (common, fields) = front_matter::parse_section(source, split)?;
        Front::Section {
            common,
            kind: fields.kind,
            sort_by: fields.sort_by,
        }
    } else {
        let (common, typed) = types::parse_page(source, split, kind)?;
        Front::Page {
            common,
            kind,
            typed: Box::new(typed),
        }
    })
}

/// The file with every fact its front matter names filled in, in `lang`.
fn fill_facts(
    facts: &Facts,
    source: &SourceFile,
    split: &Split,
    lang: &str,
) -> Result<SourceFile, Vec<Diagnostic>> {
    fn fill(value: &mut serde_yaml::Value, facts: &Facts, lang: &str) {
        match value {
            serde_yaml::Value::String(s) if s.contains("{{") => *s = facts.expand(s, lang),
            serde_yaml::Value::Sequence(items) => {
                items.iter_mut().for_each(|v| fill(v, facts, lang))
            }
            serde_yaml::Value::Mapping(map) => map.values_mut().for_each(|v| fill(v, facts, lang)),
            serde_yaml::Value::Tagged(tagged) => fill(&mut tagged.value, facts, lang),
            _ => {}
        }
    }
    // The front matter parsed as written a moment ago, so this would be a
    // fault of lembar's; it is still reported, not a panic.
    let broken = |e: serde_yaml::Error| {
        vec![
            Diagnostic::error(format!("the front matter cannot be read: {e}"))
                .at(source, split.fence.clone())
                .help("the front matter parsed before its facts were filled in: please report this with the file"),
        ]
    };
    let mut value: serde_yaml::Value =
        serde_yaml::from_str(&source.text[split.yaml.clone()]).map_err(broken)?;
    fill(&mut value, facts, lang);
    let yaml = serde_yaml::to_string(&value).map_err(broken)?;
    Ok(SourceFile::new(source.path(), format!("---\n{yaml}---\n")))
}

/// Fills each `wages:` entry that names a money fact from that fact, and
/// records the use (its source joins the page's).
fn fill_wages(
    facts: &Facts,
    source: &SourceFile,
    split: &Split,
    lang: &str,
    wages: &mut [crate::types::Wage],
    uses: &mut Vec<FactUse>,
) -> Result<(), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    for (n, wage) in wages.iter_mut().enumerate() {
        let Some(name) = wage.fact.clone() else {
            continue;
        };
        let span = front_matter::locate_entry(source, split, "wages", n);
        let index = match facts.find(&name) {
            Ok(index) => index,
            Err((message, help)) => {
                problems.push(Diagnostic::error(message).at(source, span).help(help));
                continue;
            }
        };
        let (fact, shown) = (facts.get(index), facts.shown(index, lang));
        let (Some(amount), Some(period)) = (fact.amount, fact.period) else {
            problems.push(
                Diagnostic::error(format!("the wage {} names `{name}`, which is not money paid per period", n + 1))
                    .at(source, span)
                    .help(format!("name a fact with `kind: money` and a `period`, or give `{name}` a `period:` in `data/facts.yaml`")),
            );
            continue;
        };
        wage.amount = Some(amount);
        wage.currency = fact.currency.clone();
        wage.period = Some(period);
        wage.as_of = Some(fact.as_of.date);
        wage.as_of_shown = Some(shown.as_of.clone());
        wage.source = Some(fact.source.title.clone());
        wage.shown = Some(shown.text.clone());
        uses.push(FactUse { fact: index, span });
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Reads a text file of the site; `path` is relative to `root`.
pub fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let bytes = match files::read_file(root, path, MAX_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(files::Refused::TooLarge { size, .. }) => {
            return Err(Diagnostic::error(format!(
                "the file is too large ({:.1} MiB; the limit is {} MiB)",
                size as f64 / 1048576.0,
                MAX_FILE_BYTES / 1048576
            ))
            .in_file(path)
            .help("split it into several pages, or move large data out of `content/`"));
        }
        Err(refused) => return Err(refused.diagnostic(path)),
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            let file = SourceFile::new(path, lossy);
            let at = String::from_utf8_lossy(&bytes[..valid]).len();
            return Err(Diagnostic::error("the file is not valid UTF-8 text")
                .at(&file, at..at + 1)
                .help(
                    "save the file as UTF-8 (most editors offer it under \"Save with encoding\")",
                ));
        }
    };
    Ok(SourceFile::new(path, text))
}

/// `japan.id.md` → (`japan`, `id`); a bare `japan.md` is the default language.
///
/// Language codes match whatever their case. `kontak.EN.md` can only mean
/// English (caps lock, or a name typed on a system that ignores case), and
/// reading `EN` as part of the name published it as an Indonesian page at
/// `/id/kontak.EN/`. Beside `kontak.en.md` it is the duplicate it looks like,
/// which `site::resolve_site` reports; refusing the name instead would stop a
/// build over a spelling whose meaning is clear.
pub fn parse_file_name<'a>(
    name: &'a str,
    config: &Config,
) -> Result<(&'a str, String), Diagnostic> {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let Some((base, code)) = stem.rsplit_once('.') else {
        return Ok((stem, config.default_language.clone()));
    };
    let code = code.to_ascii_lowercase();
    if config.languages.contains(&code) {
        Ok((base, code))
    } else if is_language_code(&code) {
        Err(Diagnostic::error(format!(
            "unknown language `{code}` in the file name"
        ))
        .help(format!(
            "the site's languages are {}: rename the file, or add `{code}` to `languages` in site.yaml",
            config.languages.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
        )))
    } else {
        // A dot that is no language code stays in the name: `v1.2.md`.
        Ok((stem, config.default_language.clone()))
    }
}

/// The URL segment made of a file or folder name or a `slug:` value, the one
/// rule for every segment of a page's URL: lowercase, Unicode NFC, and each run
/// of white space one `-`. Letters keep their accents (`café`), as Hugo keeps
/// them: readers read their own words, and browsers show them. Without this,
/// `Kontak.id.md` and `kontak.id.md`, or `café` typed on macOS (decomposed)
/// and on Linux (composed), made look-alike URLs that are one folder on the
/// case- and form-insensitive file systems of macOS and Windows.
pub fn slugify(name: &str) -> String {
    let lower: String = name.trim().to_lowercase().nfc().collect();
    let mut slug = String::with_capacity(lower.len());
    for word in lower.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    slug
}

/// A slug is one path segment that cannot leave its folder.
pub fn check_slug(slug: &str) -> Result<(), (String, &'static str)> {
    let help = "a slug is one word or several joined with `-`, such as `jepang` or `work-visa`";
    if slug.is_empty() {
        return Err(("the slug is empty".into(), help));
    }
    if slug == "." || slug == ".." || slug.contains(['/', '\\']) {
        return Err((
            format!("the slug `{slug}` is not a single path segment"),
            help,
        ));
    }
    // Every page is written as `<slug>/index.html`; this one would collide.
    if slug.eq_ignore_ascii_case("index.html") {
        return Err((
            format!("the slug `{slug}` would collide with the section's own page"),
            help,
        ));
    }
    if slug
        .chars()
        .any(|c| c.is_control() || matches!(c, '?' | '#' | '%' | '"' | '<' | '>' | ':' | '*' | '|'))
        || slug.starts_with('.')
        || slug.contains(char::is_whitespace)
    {
        return Err((
            format!("the slug `{slug}` has characters that are not allowed in a URL path"),
            help,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
