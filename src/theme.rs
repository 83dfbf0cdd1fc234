//! The theme: the default one embedded in the binary, overlaid by the site's
//! `themes/<name>/` files (templates, static files, UI strings, and the page
//! templates of `lembar new`) and its own `static/` and `i18n/` folders.
//! Reads the disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostic::Diagnostic;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a site's templates that override the default ones are named from.
pub const DEFAULT_PREFIX: &str = "default/";

/// A text file of the theme, with the path shown in diagnostics.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// The name inside its folder: `page.html`, `partials/head.html`, `en.yaml`.
    pub name: String,
    pub path: PathBuf,
    pub text: String,
}

/// Every theme file, in override order (embedded first, site last).
#[derive(Debug, Default)]
pub struct Theme {
    /// Embedded default templates, named `default/<name>`.
    pub default_templates: Vec<ThemeFile>,
    /// The site's own templates, named `<name>`: they win over the defaults.
    pub site_templates: Vec<ThemeFile>,
    /// Static files by output path; later layers replace earlier ones.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// UI string files, in the order they apply (later keys win).
    pub strings: Vec<ThemeFile>,
}

/// Loads the embedded theme and the site's overrides.
pub fn load_theme(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = Theme::default();
    let mut problems = Vec::new();
    let embedded = Path::new("themes/default");
    for file in embedded_files(&DEFAULT_THEME) {
        let rel = file.path().to_string_lossy().replace('\\', "/");
        let path = embedded.join(&rel);
        if let Some(name) = rel.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            theme.default_templates.push(ThemeFile {
                name: format!("{DEFAULT_PREFIX}{name}"),
                path,
                text,
            });
        } else if let Some(name) = rel.strip_prefix("static/") {
            theme
                .statics
                .insert(name.to_string(), file.contents().to_vec());
        } else if let Some(name) = rel.strip_prefix("i18n/") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            theme.strings.push(ThemeFile {
                name: name.to_string(),
                path,
                text,
            });
        }
    }

    let site_theme = site_theme(config).map_err(|d| vec![d])?;
    for (folder, kind) in [
        (site_theme.join("templates"), Kind::Template),
        (site_theme.join("static"), Kind::Static),
        (site_theme.join("i18n"), Kind::Strings),
        (PathBuf::from("static"), Kind::Static),
        (PathBuf::from("i18n"), Kind::Strings),
    ] {
        for (name, path) in walk(&config.root, &folder, &mut problems) {
            let bytes = match std::fs::read(config.root.join(&path)) {
                Ok(b) => b,
                Err(e) => {
                    problems.push(
                        Diagnostic::error(format!("cannot read the file: {e}"))
                            .in_file(&path)
                            .help("check the file's permissions"),
                    );
                    continue;
                }
            };
            if kind == Kind::Static {
                theme.statics.insert(name, bytes);
                continue;
            }
            let Ok(text) = String::from_utf8(bytes) else {
                problems.push(
                    Diagnostic::error("the file is not valid UTF-8 text")
                        .in_file(&path)
                        .help("save the file as UTF-8"),
                );
                continue;
            };
            let file = ThemeFile { name, path, text };
            match kind {
                Kind::Template => theme.site_templates.push(file),
                _ if file.name.ends_with(".yaml") => theme.strings.push(file),
                _ => {}
            }
        }
    }
    if problems.is_empty() {
        Ok(theme)
    } else {
        Err(problems)
    }
}

/// The site's theme folder, `themes/<theme>` (relative to the root); an
/// error if the site names a theme other than the default that it lacks.
fn site_theme(config: &Config) -> Result<PathBuf, Diagnostic> {
    let site_theme = Path::new("themes").join(&config.theme);
    if config.theme != "default" && !config.root.join(&site_theme).is_dir() {
        return Err(
            Diagnostic::error(format!("the theme `{}` does not exist", config.theme))
                .in_file(Path::new(crate::config::CONFIG_FILE))
                .help(format!(
                    "create `{}/`, or remove `theme:` to use the default theme",
                    site_theme.display()
                )),
        );
    }
    Ok(site_theme)
}

/// The folder of a theme that holds `lembar new`'s page templates.
pub const NEW_DIR: &str = "new";

/// The template `lembar new` starts a page of type `kind` in `lang` from:
/// `new/<kind>.<lang>.md` of the site's theme, else of the embedded default
/// theme. A language without a template of its own gets the default
/// language's, else the English one (its text is then in that language, to
/// be translated like the rest). `None` when no theme has any.
pub fn load_new_template(
    config: &Config,
    kind: &str,
    lang: &str,
) -> Result<Option<ThemeFile>, Diagnostic> {
    let site_theme = site_theme(config)?;
    let mut langs: Vec<&str> = Vec::new();
    for l in [lang, config.default_language.as_str(), "en"] {
        if !langs.contains(&l) {
            langs.push(l);
        }
    }
    for candidate in langs {
        let name = format!("{kind}.{candidate}.md");
        let path = site_theme.join(NEW_DIR).join(&name);
        let full = config.root.join(&path);
        if full.is_file() {
            let bytes = std::fs::read(&full).map_err(|e| {
                Diagnostic::error(format!("cannot read the file: {e}"))
                    .in_file(&path)
                    .help("check the file's permissions")
            })?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Diagnostic::error("the file is not valid UTF-8 text")
                    .in_file(&path)
                    .help("save the file as UTF-8")
            })?;
            return Ok(Some(ThemeFile { name, path, text }));
        }
        let embedded = format!("{NEW_DIR}/{name}");
        if let Some(file) = DEFAULT_THEME.get_file(&embedded) {
            return Ok(Some(ThemeFile {
                name,
                path: Path::new("themes/default").join(&embedded),
                text: String::from_utf8_lossy(file.contents()).into_owned(),
            }));
        }
    }
    Ok(None)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Template,
    Static,
    Strings,
}

fn embedded_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut files: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(embedded_files(sub));
    }
    files.sort_by_key(|f| f.path());
    files
}

/// Files under `root/folder`, as (name inside the folder with `/`, path relative to root).
fn walk(root: &Path, folder: &Path, problems: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let full = root.join(folder);
    if !full.is_dir() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for entry in WalkDir::new(&full).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let Ok(inner) = e.path().strip_prefix(&full) else {
                    continue;
                };
                let name = inner.to_string_lossy().replace('\\', "/");
                if name
                    .split('/')
                    .any(|p| p.starts_with('.') || p.ends_with('~'))
                {
                    continue;
                }
                found.push((name, folder.join(inner)));
            }
            Ok(_) => {}
            Err(e) => problems.push(
                Diagnostic::error(format!("cannot read: {e}"))
                    .in_file(
                        e.path()
                            .and_then(|p| p.strip_prefix(root).ok())
                            .unwrap_or(folder),
                    )
                    .help("check the folder's permissions, and that no symbolic link makes a loop"),
            ),
        }
    }
    found
}
