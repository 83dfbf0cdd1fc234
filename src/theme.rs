//! The theme: the default one embedded in the binary, overlaid by the site's
//! `themes/<name>/` files (templates, static files, UI strings, the page
//! templates of `lembar new`, and what the theme declares about its templates,
//! `theme.yaml`) and its own `static/` and `i18n/` folders. Reads the disk.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::{content, files};

mod declared;
pub use declared::{DECLARED_FILE, Declared};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Static files are published as they are, whatever their size; the bound
/// only keeps a file that never ends (`/dev/zero`) from filling the memory.
const MAX_STATIC_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// Version-control folders, which a theme or `static/` may hold when it is a
/// repository of its own: never published. Other dotfiles are
/// (`.well-known/`, `.nojekyll`).
const VCS_FOLDERS: &[&str] = &[".git", ".hg", ".svn", ".bzr", "_darcs", ".jj"];

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
    pub statics: BTreeMap<String, Static>,
    /// UI string files, in the order they apply (later keys win).
    pub strings: Vec<ThemeFile>,
    /// What the templates need of lembar: the default theme's declaration
    /// with the site theme's keys laid over it.
    pub declared: Arc<Declared>,
}

/// A static file: where it comes from (shown in diagnostics) and how to get
/// its bytes. A site's file is read when it is written, in pieces, so a
/// 300 MB download is never held in memory.
#[derive(Debug, Clone)]
pub struct Static {
    pub path: PathBuf,
    origin: Origin,
}

#[derive(Debug, Clone)]
enum Origin {
    Embedded(&'static [u8]),
    /// A file of the site at `root/path`.
    Site {
        root: PathBuf,
    },
}

impl Static {
    /// The site's file at `root/path`, checked now (regular, inside the
    /// site, within the bound), so a FIFO or a link outside stops the build
    /// before anything is written; read when written.
    pub fn of_site(root: &Path, path: PathBuf) -> Result<Static, Diagnostic> {
        match files::open_bounded(root, &path, MAX_STATIC_BYTES) {
            Ok(_) => Ok(Static {
                path,
                origin: Origin::Site {
                    root: root.to_path_buf(),
                },
            }),
            Err(refused) => Err(refused.diagnostic(&path)),
        }
    }

    /// Opens it for reading. A site's file is checked again as it is opened
    /// (regular, inside the site, within the bound): it may have been
    /// swapped since the theme was loaded.
    pub fn open(&self) -> Result<Box<dyn Read + Send>, Diagnostic> {
        match &self.origin {
            Origin::Embedded(bytes) => Ok(Box::new(*bytes)),
            Origin::Site { root } => files::open_bounded(root, &self.path, MAX_STATIC_BYTES)
                .map(|(file, _)| Box::new(file) as Box<dyn Read + Send>)
                .map_err(|refused| refused.diagnostic(&self.path)),
        }
    }

    /// Its bytes: for the few static files whose bytes something needs (a
    /// stylesheet hashed, the share image measured) and for outputs kept in memory.
    pub fn read(&self) -> Result<Vec<u8>, Diagnostic> {
        let mut bytes = Vec::new();
        self.open()?.read_to_end(&mut bytes).map_err(|e| {
            Diagnostic::error(format!("cannot read `{}`: {e}", self.path.display()))
                .in_file(&self.path)
                .help(
                    "check that the file is readable, and that nothing writes it during the build",
                )
        })?;
        Ok(bytes)
    }
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
            let origin = Origin::Embedded(file.contents());
            theme
                .statics
                .insert(name.to_string(), Static { path, origin });
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
    let declared_path = site_theme.join(DECLARED_FILE);
    if config.root.join(&declared_path).symlink_metadata().is_ok() {
        let layer = read_text(&config.root, &declared_path)
            .and_then(|text| declared::parse_layer(&SourceFile::new(&declared_path, text)));
        match layer {
            Ok(layer) => theme.declared = Arc::new(Declared::default().overlay(layer)),
            Err(d) => problems.push(d),
        }
    }
    for (folder, kind) in [
        (site_theme.join("templates"), Kind::Template),
        (site_theme.join("static"), Kind::Static),
        (site_theme.join("i18n"), Kind::Strings),
        (PathBuf::from("static"), Kind::Static),
        (PathBuf::from("i18n"), Kind::Strings),
    ] {
        for (name, path) in walk(&config.root, &folder, kind, &mut problems) {
            if kind == Kind::Static {
                // Checked now, so a FIFO or a link outside stops the build
                // before anything is written; read when written.
                match Static::of_site(&config.root, path) {
                    Ok(file) => {
                        theme.statics.insert(name, file);
                    }
                    Err(d) => problems.push(d),
                }
                continue;
            }
            let text = match read_text(&config.root, &path) {
                Ok(text) => text,
                Err(d) => {
                    problems.push(d);
                    continue;
                }
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

/// A text file of the site's theme, `path` from `root`, read as every site
/// file is (inside the root, bounded).
fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let bytes =
        files::read_file(root, path, content::MAX_FILE_BYTES).map_err(|r| r.diagnostic(path))?;
    String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error("the file is not valid UTF-8 text")
            .in_file(path)
            .help("save the file as UTF-8")
    })
}

/// The site's theme folder, `themes/<theme>` (relative to the root); an
/// error if the site names a theme other than the default that it lacks.
fn site_theme(config: &Config) -> Result<PathBuf, Diagnostic> {
    let site_theme = Path::new("themes").join(&config.theme);
    let full = config.root.join(&site_theme);
    if full.is_symlink() {
        files::check_inside(&config.root, &full).map_err(|r| r.diagnostic(&site_theme))?;
    }
    if config.theme != "default" && !full.is_dir() {
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
        if full.symlink_metadata().is_ok() {
            let text = read_text(&config.root, &path)?;
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

/// Whether a file or folder named `name` is left out of the site: editors'
/// files and version-control folders everywhere, other dotfiles except in
/// static folders (`.well-known/`). `serve` watches by the same rule.
pub fn is_left_out(name: &str, in_static: bool) -> bool {
    VCS_FOLDERS.contains(&name)
        || content::is_editor_file(name)
        || (!in_static && name.starts_with('.'))
}

/// Files under `root/folder`, as (name inside the folder with `/`, path
/// relative to root). Editors' files and version-control folders are left
/// out, and other dotfiles too except in static folders.
fn walk(
    root: &Path,
    folder: &Path,
    kind: Kind,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf)> {
    let full = root.join(folder);
    if !full.is_dir() {
        return Vec::new();
    }
    let skipped = |name: &str| is_left_out(name, kind == Kind::Static);
    let mut found = Vec::new();
    let mut outside = Vec::new();
    let walker = WalkDir::new(&full)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            (e.depth() == 0 || !skipped(&e.file_name().to_string_lossy()))
                && files::keep_entry(root, e, &mut outside)
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => {
                let Ok(inner) = e.path().strip_prefix(&full) else {
                    continue;
                };
                let name = inner.to_string_lossy().replace('\\', "/");
                found.push((name, folder.join(inner)));
            }
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
    problems.extend(outside);
    found
}
