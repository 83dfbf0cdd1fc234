//! Stage `load`: [`Config`] → [`Content`]. Walks `content/`, reads every
//! Markdown file, splits and parses its front matter, in parallel. Reads the disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::{Config, is_language_code};
use crate::diagnostic::Diagnostic;
use crate::front_matter::{self, Common, ContentType, SortBy, Split};
use crate::source::SourceFile;
use crate::types::{self, Typed};

pub const CONTENT_DIR: &str = "content";
/// Larger Markdown files are refused: they are mistakes (a pasted PDF, a log),
/// and would make every later stage slow.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Every content file of the site, sorted by path.
#[derive(Debug, Default)]
pub struct Content {
    pub files: Vec<ContentFile>,
    /// Drafts left out of this build, by path under `content/`, so links to
    /// them get a precise error.
    pub drafts: Vec<String>,
}

/// One Markdown file, parsed.
#[derive(Debug)]
pub struct ContentFile {
    pub source: SourceFile,
    pub split: Split,
    /// The path under `content/`, with `/` separators: `countries/japan.id.md`.
    pub rel: String,
    /// The folder under `content/`: `countries` (empty for the top).
    pub dir: String,
    /// The file name without language and extension: `japan`, `_index`.
    pub stem: String,
    pub lang: String,
    pub front: Front,
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
    let (paths, mut problems) = walk(&config.root);
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
    let mut content = Content::default();
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

/// The type of the pages in `dir`: the nearest section above, in the page's
/// language, else in the default language, else any.
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
                .get(&key(lang))
                .or_else(|| types.get(&key(&config.default_language)))
                .or_else(|| {
                    types
                        .range(key("")..)
                        .find(|((k, _), _)| k == d)
                        .map(|(_, t)| t)
                })
                .copied()
        })
        .unwrap_or_default()
}

/// The Markdown files under `content/`, relative to it, sorted.
fn walk(root: &Path) -> (Vec<String>, Vec<Diagnostic>) {
    let dir = root.join(CONTENT_DIR);
    let mut paths = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        problems.push(
            Diagnostic::error("the site has no `content/` folder")
                .in_file(Path::new(CONTENT_DIR))
                .help("create `content/_index.id.md` with the home page's front matter"),
        );
        return (paths, problems);
    }
    // Following links lets editors share content folders; walkdir detects loops.
    let walker = WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") => {
                match e.path().strip_prefix(&dir).ok().and_then(to_slash) {
                    Some(rel) => paths.push(rel),
                    None => problems.push(
                        Diagnostic::error("a content file name is not valid UTF-8")
                            .in_file(&rel_to_root(root, e.path()))
                            .help("rename the file using letters, digits, `-` and `_`"),
                    ),
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
                        "remove the link or point it outside its own parent folders",
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
    (paths, problems)
}

/// Hidden files and editors' temporary and backup files are not content.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~') || name.ends_with(".swp")
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
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let (stem, lang) = parse_file_name(name, config).map_err(|d| vec![d.in_file(source.path())])?;
    let split = front_matter::split(&source).map_err(one)?;
    let front = if stem == "_index" {
        let (common, fields) = front_matter::parse_section(&source, &split)?;
        Front::Section {
            common,
            kind: fields.kind,
            sort_by: fields.sort_by,
        }
    } else {
        let (common, typed) = types::parse_page(&source, &split, kind)?;
        Front::Page {
            common,
            kind,
            typed: Box::new(typed),
        }
    };
    let common = match &front {
        Front::Section { common, .. } | Front::Page { common, .. } => common,
    };
    if let Some(slug) = &common.slug {
        check_slug(slug).map_err(|(message, help)| {
            let at = front_matter::locate_value(&source, &split, "slug");
            vec![Diagnostic::error(message).at(&source, at).help(help)]
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
    })
}

/// Reads a text file of the site; `path` is relative to `root`.
pub fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let full = root.join(path);
    let io = |e: std::io::Error| {
        Diagnostic::error(format!("cannot read the file: {e}"))
            .in_file(path)
            .help("check that the file exists and is readable")
    };
    let size = std::fs::metadata(&full).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::error(format!(
            "the file is too large ({:.1} MiB; the limit is {} MiB)",
            size as f64 / 1048576.0,
            MAX_FILE_BYTES / 1048576
        ))
        .in_file(path)
        .help("split it into several pages, or move large data out of `content/`"));
    }
    let bytes = std::fs::read(&full).map_err(io)?;
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
    // A byte-order mark is invisible in editors; dropping it keeps columns right.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(SourceFile::new(path, text))
}

/// `japan.id.md` → (`japan`, `id`); a bare `japan.md` is the default language.
pub fn parse_file_name<'a>(
    name: &'a str,
    config: &Config,
) -> Result<(&'a str, String), Diagnostic> {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    match stem.rsplit_once('.') {
        Some((base, code)) if config.languages.iter().any(|l| l == code) => Ok((base, code.to_string())),
        Some((_, code)) if is_language_code(code) => Err(Diagnostic::error(format!(
            "unknown language `{code}` in the file name"
        ))
        .help(format!(
            "the site's languages are {}: rename the file, or add `{code}` to `languages` in site.yaml",
            config.languages.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
        ))),
        _ => Ok((stem, config.default_language.clone())),
    }
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
mod tests {
    use super::*;

    fn config() -> Config {
        let file = SourceFile::new(
            "site.yaml",
            "title: {id: A, en: B}\nbase_url: https://x.org/\n".into(),
        );
        crate::config::parse_config(&file, Path::new("."), None).unwrap()
    }

    #[test]
    fn language_comes_from_the_file_name() {
        let c = config();
        assert_eq!(
            parse_file_name("japan.id.md", &c).unwrap(),
            ("japan", "id".to_string())
        );
        assert_eq!(
            parse_file_name("japan.en.md", &c).unwrap(),
            ("japan", "en".to_string())
        );
        assert_eq!(
            parse_file_name("japan.md", &c).unwrap(),
            ("japan", "id".to_string())
        );
        assert_eq!(
            parse_file_name("_index.en.md", &c).unwrap(),
            ("_index", "en".to_string())
        );
        // a dot that is not a language code stays in the name
        assert_eq!(
            parse_file_name("v1.2.md", &c).unwrap(),
            ("v1.2", "id".to_string())
        );
        let e = parse_file_name("japan.fr.md", &c).unwrap_err();
        assert!(e.message.contains("unknown language `fr`"));
    }

    #[test]
    fn slugs_stay_inside_their_folder() {
        assert!(check_slug("jepang").is_ok());
        assert!(check_slug("work-visa-2025").is_ok());
        for bad in [
            "", ".", "..", "a/b", "..\\x", "/etc", "a b", ".hidden", "a?b",
        ] {
            assert!(check_slug(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn editor_files_are_ignored() {
        assert!(is_ignored(".japan.id.md.swp"));
        assert!(is_ignored("japan.id.md~"));
        assert!(is_ignored("#japan.id.md#"));
        assert!(!is_ignored("japan.id.md"));
    }
}
