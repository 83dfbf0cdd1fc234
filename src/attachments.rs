//! Files beside pages: every file under `content/` that is not Markdown (an
//! image, a PDF form), published once for all languages, at the address of
//! its folder in the default language and below it as in `content/`:
//! `content/countries/japan/map.png`, beside the page bundle
//! `japan/index.id.md`, is `id/negara/jepang/map.png`; a PDF in
//! `content/documents/` is `id/documents/x.pdf`. A body's relative link or
//! image to one is rewritten to that address (`markdown`), so every
//! language's page shows the one file. Not published: an event's photos
//! (only their resized copies are: `photos`) and the files of a draft's
//! bundle. Pure.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use crate::content::{self, ancestors, join, slugify};
use crate::diagnostic::Diagnostic;
use crate::site::Site;
use crate::theme::Static;

/// Each attachment's output path (`id/negara/jepang/map.png`), by its path
/// under `content/` (`countries/japan/map.png`).
pub type Attachments = BTreeMap<String, String>;

/// Where each of `files` (paths under `content/`) is published.
pub fn place(site: &Site, files: Vec<String>) -> Attachments {
    let photos: BTreeSet<String> = crate::photos::photo_paths(site);
    let drafts = site.drafts();
    let draft_bundles: BTreeSet<&str> = drafts
        .iter()
        .filter_map(|rel| content::bundle_of(rel, &site.config))
        .collect();
    files
        .into_iter()
        .filter(|rel| !photos.contains(rel))
        .filter_map(|rel| {
            let (folder, name) = rel.rsplit_once('/').unwrap_or(("", &rel));
            if ancestors(folder).any(|f| draft_bundles.contains(f)) {
                return None;
            }
            let out = format!("{}{name}", folder_url(site, folder));
            Some((rel, out))
        })
        .collect()
}

/// The address of folder `folder` (under `content/`) in the default
/// language: its page's, when the folder is a page bundle or a section
/// (in the default language, else the first language that has it), else
/// its parent folder's with its own name as a URL segment.
fn folder_url(site: &Site, folder: &str) -> String {
    let languages = std::iter::once(&site.config.default_language).chain(&site.config.languages);
    let own = languages.clone().find_map(|lang| {
        let bundle = site
            .doc_for(folder, lang)
            .filter(|&id| site.file(&site.docs[id]).folder() == folder);
        bundle.or_else(|| site.doc_for(&join(folder, "_index"), lang))
    });
    if let Some(id) = own {
        return site.docs[id].url.clone();
    }
    if folder.is_empty() {
        return format!("{}/", site.config.default_language);
    }
    let (up, name) = folder.rsplit_once('/').unwrap_or(("", folder));
    format!("{}{}/", folder_url(site, up), slugify(name))
}

/// The site's attachments as static files to publish, added to `statics`
/// (the theme's and `static/`'s, by output path); an error for each that
/// cannot be read or wants the address of a static file.
pub fn add_statics(site: &Site, statics: &mut BTreeMap<String, Static>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (rel, out) in &site.attachments {
        let path = Path::new(content::CONTENT_DIR).join(rel);
        if let Some(other) = statics.get(out) {
            problems.push(
                Diagnostic::error(format!(
                    "this file and `{}` would both be published at `{out}`",
                    other.path.display()
                ))
                .in_file(&path)
                .help("rename or move one of them"),
            );
            continue;
        }
        match Static::of_site(&site.config.root, path) {
            Ok(file) => {
                problems.extend(hugo_html_page(&file));
                statics.insert(out.clone(), file);
            }
            Err(d) => problems.push(d),
        }
    }
    problems
}

/// A warning for an HTML file that starts with front matter: Hugo made it a
/// page, lembar publishes it as it is, front matter and all.
fn hugo_html_page(file: &Static) -> Option<Diagnostic> {
    let ext = file.path.extension()?.to_str()?.to_ascii_lowercase();
    if ext != "html" && ext != "htm" {
        return None;
    }
    let mut start = Vec::with_capacity(3);
    file.open().ok()?.take(3).read_to_end(&mut start).ok()?;
    (start == b"---" || start == b"+++").then(|| {
        Diagnostic::warning("this HTML file starts with front matter: it is published as it is, not made a page")
            .in_file(&file.path)
            .help("lembar makes pages of Markdown only: rename it to `.md` (HTML may stay in a Markdown file as it is) and give it YAML front matter")
    })
}
