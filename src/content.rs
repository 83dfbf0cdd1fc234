//! Stage `load`: [`Config`] → [`Content`]. Walks `content/`, reads every
//! Markdown file, splits and parses its front matter, in parallel. Reads the disk.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::{Config, is_language_code};
use crate::diagnostic::Diagnostic;
use crate::front_matter::{self, Common, ContentType, PageFront, SectionFront, SortBy, Split};
use crate::source::SourceFile;

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
    },
}

impl ContentFile {
    pub fn common(&self) -> &Common {
        match &self.front {
            Front::Section { common, .. } | Front::Page { common } => common,
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

/// Walks and parses `content/`. Problems are collected, not fatal one by one.
pub fn load_content(config: &Config, drafts: bool) -> (Content, Vec<Diagnostic>) {
    let (paths, mut problems) = walk(&config.root);
    let results: Vec<Result<ContentFile, Diagnostic>> =
        paths.par_iter().map(|rel| load_file(config, rel)).collect();
    let mut content = Content::default();
    for result in results {
        match result {
            Ok(file) if file.common().draft && !drafts => content.drafts.push(file.rel),
            Ok(file) => content.files.push(file),
            Err(d) => problems.push(d),
        }
    }
    (content, problems)
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

fn load_file(config: &Config, rel: &str) -> Result<ContentFile, Diagnostic> {
    let source = read_source(&config.root, &Path::new(CONTENT_DIR).join(rel))?;
    parse_content_file(config, rel, source)
}

/// Parses a content file's name and front matter; `rel` is its path under `content/`.
pub fn parse_content_file(
    config: &Config,
    rel: &str,
    source: SourceFile,
) -> Result<ContentFile, Diagnostic> {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let (stem, lang) = parse_file_name(name, config).map_err(|d| d.in_file(source.path()))?;
    let split = front_matter::split(&source)?;
    let front = if stem == "_index" {
        let fm: SectionFront = front_matter::parse(&source, &split, SectionFront::FIELDS)?;
        Front::Section {
            common: fm.common(),
            kind: fm.kind,
            sort_by: fm.sort_by,
        }
    } else {
        let fm: PageFront = front_matter::parse(&source, &split, PageFront::FIELDS)?;
        Front::Page {
            common: fm.common(),
        }
    };
    let common = match &front {
        Front::Section { common, .. } | Front::Page { common } => common,
    };
    if let Some(slug) = &common.slug {
        check_slug(slug).map_err(|(message, help)| {
            let at = front_matter::locate_value(&source, &split, "slug");
            Diagnostic::error(message).at(&source, at).help(help)
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
