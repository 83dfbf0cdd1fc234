//! `lembar new`: a new page in every language of the site, from its type's
//! template (`new/<type>.<lang>.md` of the theme), in the section of that
//! type. Reads the site (config, content, templates) and writes the new files,
//! never over existing ones.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::{self, Config};
use crate::content::{self, CONTENT_DIR, Content, ancestors, join};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::front_matter::ContentType;
use crate::theme;

/// Every content type, in the order the help lists them.
pub const TYPES: [ContentType; 6] = [
    ContentType::Country,
    ContentType::Procedure,
    ContentType::Language,
    ContentType::Event,
    ContentType::Leaflet,
    ContentType::Page,
];

/// A file `lembar new` is about to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    /// Relative to the site root: `content/countries/malaysia.id.md`.
    pub path: PathBuf,
    pub text: String,
}

/// Plans and writes a new page of type `kind` named `name` (`malaysia`, or
/// `countries/malaysia` to pick a section); returns the paths written,
/// relative to `root`. Nothing is written unless every file can be.
pub fn new_page(
    root: &Path,
    kind: &str,
    name: &str,
    today: Date,
) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let files = plan_page(root, kind, name, today)?;
    write_files(root, &files).map_err(|d| vec![d])?;
    Ok(files.into_iter().map(|f| f.path).collect())
}

/// The files a new page consists of, one per language of the site, checked
/// against what exists; reads the site but writes nothing.
pub fn plan_page(
    root: &Path,
    kind: &str,
    name: &str,
    today: Date,
) -> Result<Vec<NewFile>, Vec<Diagnostic>> {
    let kind = parse_kind(kind).map_err(|d| vec![d])?;
    let (folder, stem) = parse_name(name).map_err(|d| vec![d])?;
    check_stem(&stem).map_err(|d| vec![d])?;
    let mut config = config::load_config(root, None)?;
    crate::facts::attach(&mut config);
    // Drafts count too: a new page must not take a draft's name, and a draft
    // section still gives its pages a type.
    let (content, problems) = content::load_content(&config, true);
    if !root.join(CONTENT_DIR).is_dir() {
        return Err(problems);
    }
    let dir = choose_dir(
        &config,
        &content,
        problems.len(),
        kind,
        folder.as_deref(),
        &stem,
    )
    .map_err(|d| vec![d])?;
    let existing = existing_files(&config, &dir, &stem);
    if !existing.is_empty() {
        return Err(existing);
    }

    // Found once, when a template asks for it (a leaflet's first page).
    let mut page_link: Option<Option<String>> = None;
    let title = title_of(&stem);
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for lang in &config.languages {
        let template = match theme::load_new_template(&config, kind.name(), lang) {
            Ok(Some(t)) => t,
            Ok(None) => {
                problems.push(
                    Diagnostic::error(format!(
                        "the theme has no template for new {} pages",
                        kind.name()
                    ))
                    .help(format!(
                        "add `themes/{}/{}/{}.{lang}.md`",
                        config.theme,
                        theme::NEW_DIR,
                        kind.name()
                    )),
                );
                continue;
            }
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let page = match template.text.contains("{{page}}") {
            true => page_link
                .get_or_insert_with(|| page_to_bind(&config, &content, &dir))
                .clone(),
            false => Some(String::new()),
        };
        let Some(page) = page else {
            return Err(vec![
                Diagnostic::error("a leaflet binds pages, and the site has none yet").help(
                    "create a page to print first, such as `lembar new procedure legal-departure`",
                ),
            ]);
        };
        let translations: Vec<String> = config
            .languages
            .iter()
            .filter(|l| *l != lang)
            .map(|l| format!("{stem}.{l}.md"))
            .collect();
        let text = fill(
            &template.text,
            &[
                ("{{title}}", &title),
                ("{{today}}", &today.to_string()),
                ("{{name}}", &stem),
                ("{{translations}}", &translations.join(", ")),
                ("{{page}}", &page),
            ],
        );
        files.push(NewFile {
            path: Path::new(CONTENT_DIR).join(join(&dir, &format!("{stem}.{lang}.md"))),
            text,
        });
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// Writes `files` (each must not exist yet); on a failure, removes the ones
/// it wrote, so a failed run leaves the site as it was.
pub fn write_files(root: &Path, files: &[NewFile]) -> Result<(), Diagnostic> {
    for (i, file) in files.iter().enumerate() {
        // `create_new` refuses a file that appeared since the plan was made.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(root.join(&file.path))
            .and_then(|mut f| f.write_all(file.text.as_bytes()));
        if let Err(e) = written {
            for done in &files[..i] {
                let _ = std::fs::remove_file(root.join(&done.path));
            }
            let help = if e.kind() == std::io::ErrorKind::AlreadyExists {
                "choose another name, or edit the existing file"
            } else {
                "check the folder's permissions"
            };
            return Err(Diagnostic::error(format!("cannot create the file: {e}"))
                .in_file(&file.path)
                .help(help));
        }
    }
    Ok(())
}

/// `country` → [`ContentType::Country`]; anything else is an error with the
/// closest type.
pub fn parse_kind(kind: &str) -> Result<ContentType, Diagnostic> {
    if let Some(t) = TYPES.iter().find(|t| t.name() == kind) {
        return Ok(*t);
    }
    let names = TYPES.map(ContentType::name);
    let list = names.map(|n| format!("`{n}`")).join(", ");
    let help = match did_you_mean(&kind.to_lowercase(), names) {
        Some(best) => format!("did you mean `{best}`? the types are {list}"),
        None => format!("the types are {list}"),
    };
    Err(Diagnostic::error(format!("unknown content type `{kind}`")).help(help))
}

const NAME_HELP: &str = "give a file name without language and `.md`, one word or several joined with `-`, such as `malaysia`, optionally after its folder: `countries/malaysia`";

/// `countries/malaysia` → (`Some("countries")`, `malaysia`). Each part must be
/// a valid slug; a leading `content/` is allowed.
fn parse_name(name: &str) -> Result<(Option<String>, String), Diagnostic> {
    let bad = |why: String| {
        Diagnostic::error(format!("`{name}` cannot be a page's name: {why}")).help(NAME_HELP)
    };
    let trimmed = name.strip_prefix("content/").unwrap_or(name);
    let (folder, stem) = match trimmed.rsplit_once('/') {
        Some((folder, stem)) => (Some(folder), stem),
        None => (None, trimmed),
    };
    for part in folder.into_iter().flat_map(|f| f.split('/')).chain([stem]) {
        if let Err((why, _)) = content::check_slug(part) {
            return Err(bad(why));
        }
        if content::is_ignored(part) {
            return Err(bad(format!("lembar ignores files named like `{part}`")));
        }
    }
    if stem.ends_with(".md") {
        return Err(bad("the name has `.md`; lembar adds it".into()));
    }
    if stem == "_index" {
        return Err(Diagnostic::error("`_index` is a section's own file, not a page")
            .help("to make a section, create a folder under `content/` with `_index.<lang>.md` files holding `title:` and `type:`"));
    }
    Ok((folder.map(str::to_string), stem.to_string()))
}

/// A name ending in a language code (`malaysia.en`) would be read as that
/// language's file.
fn check_stem(stem: &str) -> Result<(), Diagnostic> {
    match stem.rsplit_once('.') {
        Some((_, code)) if config::is_language_code(code) => Err(Diagnostic::error(format!(
            "`{stem}` ends in a language code; lembar adds one file per language itself"
        ))
        .help(NAME_HELP)),
        _ => Ok(()),
    }
}

/// The folder under `content/` the new page goes in.
fn choose_dir(
    config: &Config,
    content: &Content,
    unloaded: usize,
    kind: ContentType,
    folder: Option<&str>,
    stem: &str,
) -> Result<String, Diagnostic> {
    // A section's type, from its file in the default language, else any.
    let mut types: BTreeMap<&str, ContentType> = BTreeMap::new();
    for file in content.files.iter().filter(|f| f.is_section()) {
        if file.lang == config.default_language || !types.contains_key(file.dir.as_str()) {
            types.insert(&file.dir, file.kind());
        }
    }
    let type_of = |dir: &str| {
        ancestors(dir)
            .find_map(|d| types.get(d).copied())
            .unwrap_or_default()
    };
    let sections: Vec<&str> = types
        .iter()
        .filter(|(_, t)| **t == kind)
        .map(|(d, _)| *d)
        .collect();
    let listed = |dirs: &[&str]| {
        dirs.iter()
            .map(|d| format!("`{d}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let name = kind.name();
    let no_section = || {
        let mut help = format!(
            "create a section for them: a folder under `content/` with `_index.{}.md` holding `title: …` and `type: {name}`",
            config.default_language
        );
        if unloaded > 0 {
            help.push_str(&format!(
                "; {unloaded} of the site's files did not load (run `lembar build` to see why), and one may be that section"
            ));
        }
        Diagnostic::error(format!("the site has no section of {name} pages")).help(help)
    };

    let Some(folder) = folder else {
        return match (kind, sections.as_slice()) {
            (ContentType::Page, _) if type_of("") == ContentType::Page => Ok(String::new()),
            (ContentType::Page, _) => Err(Diagnostic::error(
                "the top of `content/` holds typed pages, not plain ones",
            )
            .help(format!("put the folder of a section of plain pages before the name, such as `guides/{stem}`"))),
            (_, []) => Err(no_section()),
            (_, [one]) => Ok(one.to_string()),
            (_, many) => Err(Diagnostic::error(format!(
                "the site has {} sections of {name} pages: {}",
                many.len(),
                listed(many)
            ))
            .help(format!(
                "put the section's folder before the name, such as `lembar new {name} {}/{stem}`",
                many[0]
            ))),
        };
    };
    if !config.root.join(CONTENT_DIR).join(folder).is_dir() {
        let dirs: Vec<&str> = content.files.iter().map(|f| f.dir.as_str()).collect();
        let help = match did_you_mean(folder, dirs) {
            Some(best) => format!("did you mean `{best}`? give a folder that exists"),
            None => "give a folder that exists under `content/`, or create it first".to_string(),
        };
        return Err(
            Diagnostic::error(format!("the folder `content/{folder}` does not exist")).help(help),
        );
    }
    let actual = type_of(folder);
    if actual != kind {
        let help = match sections.as_slice() {
            [] if kind != ContentType::Page => no_section().help.unwrap_or_default(),
            [] => "give a folder outside the typed sections".to_string(),
            dirs => format!("the sections of {name} pages are {}", listed(dirs)),
        };
        return Err(Diagnostic::error(format!(
            "`content/{folder}` holds {} pages, not {} pages",
            noun(actual),
            noun(kind)
        ))
        .help(help));
    }
    Ok(folder.to_string())
}

/// The pages of a type, in a message: "country pages", "plain pages".
fn noun(kind: ContentType) -> &'static str {
    match kind {
        ContentType::Page => "plain",
        other => other.name(),
    }
}

/// Errors for the files a new page `stem` in `dir` would replace, or that
/// would be the same page (a bare `stem.md` is the default language's).
fn existing_files(config: &Config, dir: &str, stem: &str) -> Vec<Diagnostic> {
    config
        .languages
        .iter()
        .map(|l| format!("{stem}.{l}.md"))
        .chain([format!("{stem}.md")])
        .map(|f| Path::new(CONTENT_DIR).join(join(dir, &f)))
        .filter(|p| config.root.join(p).symlink_metadata().is_ok())
        .map(|p| {
            Diagnostic::error("the file already exists; lembar new does not overwrite")
                .in_file(&p)
                .help("choose another name, or edit the existing file")
        })
        .collect()
}

/// A link from a leaflet in `dir` to a page it can bind, for its template's
/// `{{page}}`: the first page (not a section, leaflet or draft) that exists
/// in every language, else in any. `None` when the site has no such page.
fn page_to_bind(config: &Config, content: &Content, dir: &str) -> Option<String> {
    let mut langs: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for file in &content.files {
        if !file.is_section() && file.kind() != ContentType::Leaflet && !file.common().draft {
            langs
                .entry(file.translation_key())
                .or_default()
                .push(&file.lang);
        }
    }
    let everywhere = langs
        .iter()
        .find(|(_, l)| config.languages.iter().all(|c| l.contains(&c.as_str())));
    let (key, _) = everywhere.or_else(|| langs.iter().next())?;
    Some(crate::links::relative_link(dir, key))
}

/// `south-korea` → `South Korea`: a title to start from.
fn title_of(stem: &str) -> String {
    stem.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fills the placeholders of a template; a line holding `{{translations}}` is
/// left out when there is no other language.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let no_translation = values
        .iter()
        .any(|(k, v)| *k == "{{translations}}" && v.is_empty());
    for line in template.split_inclusive('\n') {
        if no_translation && line.contains("{{translations}}") {
            continue;
        }
        let mut line = line.to_string();
        for (key, value) in values {
            if line.contains(key) {
                line = line.replace(key, value);
            }
        }
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests;
