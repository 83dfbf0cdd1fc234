//! Stage `publish`: the files made from the whole site rather than from one
//! document — `sitemap.xml`, `robots.txt`, the feeds, `404.html`, and each
//! language's search page and index. Pure; `build` writes them, `serve`
//! makes each when first asked for and again after an edit.

use crate::build::Prepared;
use crate::diagnostic::Diagnostic;
use crate::offline;
use crate::render::{self, Templates};
use crate::site::{Edition, Site};
use crate::theme::Static;
use crate::{feed, search, sitemap};

/// One of the site-wide files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteFile {
    Sitemap,
    Robots,
    /// The feed at this index of the assets' feeds.
    Feed(usize),
    NotFound,
    /// A language's search page.
    SearchPage(String),
    /// A language's search index.
    SearchIndex(String),
    /// The stylesheet numbering the contents of the leaflet edition at this
    /// path (see [`crate::printed`]).
    PageNumbers(String),
    /// A printed PDF (`build --pdf`): this file of this printed edition.
    Pdf(usize, usize),
    /// A language's web app manifest.
    Manifest(String),
    /// A language's list of the files a reader saves for offline reading,
    /// made after every other output (it holds their versions).
    OfflineList(String),
}

/// Every site-wide file with its output path, in a fixed order; `editions`
/// are the plan's. A static file of the same path replaces one: a site's own
/// `robots.txt` or `404.html` wins.
pub fn site_files(
    site: &Site,
    templates: &Templates,
    statics: &[(String, Static)],
    editions: &[Edition],
) -> Vec<(String, SiteFile)> {
    let mut files = vec![
        ("sitemap.xml".to_string(), SiteFile::Sitemap),
        ("robots.txt".to_string(), SiteFile::Robots),
        ("404.html".to_string(), SiteFile::NotFound),
    ];
    for (i, f) in templates.assets().feeds.iter().enumerate() {
        files.push((f.path.clone(), SiteFile::Feed(i)));
    }
    for lang in &site.config.languages {
        let slug = crate::search::slug(templates.strings(), lang);
        files.push((
            search::page_path(site, lang, slug),
            SiteFile::SearchPage(lang.clone()),
        ));
        files.push((
            search::index_path(site, lang),
            SiteFile::SearchIndex(lang.clone()),
        ));
        let folder = search::home(site, lang);
        files.push((
            format!("{folder}{}", offline::MANIFEST_FILE),
            SiteFile::Manifest(lang.clone()),
        ));
        files.push((
            format!("{folder}{}", offline::LIST_FILE),
            SiteFile::OfflineList(lang.clone()),
        ));
    }
    // Every leaflet edition, in one language or all, numbers its contents.
    let editions = site
        .docs
        .iter()
        .filter(|d| d.is_leaflet())
        .map(|d| d.url.clone())
        .chain(editions.iter().map(|e| format!("{}/", e.key)));
    for path in editions {
        files.push((
            format!("{path}{}", crate::printed::NUMBERS_FILE),
            SiteFile::PageNumbers(path),
        ));
    }
    for (e, edition) in templates.assets().printed.editions.iter().enumerate() {
        for (f, file) in edition.files.iter().enumerate() {
            files.push((
                format!("{}{}", edition.path, file.file_name),
                SiteFile::Pdf(e, f),
            ));
        }
    }
    files.retain(|(path, _)| !statics.iter().any(|(p, _)| p == path));
    files
}

/// The bytes of `file`; `search` gives what the search files read of every
/// document, `digest` the version of an output as written (by its index in
/// the plan); each is asked for by the files that need it only.
pub fn render_site_file<'a>(
    prepared: &'a Prepared,
    file: &SiteFile,
    search: &dyn Fn() -> &'a search::SearchInput,
    digest: &(dyn Fn(usize) -> Result<offline::Digest, Diagnostic> + Sync),
) -> Result<Vec<u8>, Diagnostic> {
    let (site, templates) = (&prepared.site, &prepared.templates);
    let editions = prepared.plan.editions();
    Ok(match file {
        SiteFile::Manifest(lang) => offline::render_manifest(prepared, lang),
        SiteFile::OfflineList(lang) => offline::render_list(prepared, lang, digest)?,
        SiteFile::Sitemap => sitemap::render_sitemap(site, editions),
        SiteFile::Robots => sitemap::render_robots(site),
        SiteFile::Feed(i) => feed::render_feed(site, &templates.assets().feeds[*i]),
        SiteFile::NotFound => render::render_not_found(site, templates)?,
        SiteFile::SearchPage(lang) => render::render_search(site, templates, lang, search())?,
        SiteFile::SearchIndex(lang) => search::render_index(site, lang, search()),
        SiteFile::PageNumbers(path) => {
            let printed = &templates.assets().printed;
            let numbers = printed.edition(path).map_or(&[][..], |e| &e.numbers);
            crate::printed::numbers_css(numbers).into_bytes()
        }
        SiteFile::Pdf(e, f) => templates.assets().printed.editions[*e].files[*f]
            .bytes
            .to_vec(),
    })
}

/// Problems with the site-wide files a site can cause: a page at the
/// address of one of them (`editions` are the plan's; a `search_slug` that
/// is no URL segment is an error where the UI strings are read).
pub fn check_site_files(
    site: &Site,
    templates: &Templates,
    statics: &[(String, Static)],
    editions: &[Edition],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let made: std::collections::HashMap<String, SiteFile> =
        site_files(site, templates, statics, editions)
            .into_iter()
            .collect();
    for doc in &site.docs {
        // The page's file, or its folder (a page with the slug `atom.xml`).
        let path = crate::urls::index_file(&doc.url);
        let Some((path, file)) = made
            .get_key_value(&path)
            .or_else(|| made.get_key_value(doc.url.trim_end_matches('/')))
        else {
            continue;
        };
        let what = match file {
            SiteFile::SearchPage(lang) => format!("the `{lang}` search page"),
            _ => format!("where lembar writes `{path}`"),
        };
        let source = site.file(doc);
        let at = crate::front_matter::locate_value(&source.source, &source.split, "slug");
        problems.push(
            Diagnostic::error(format!("this page's address `/{}` is {what}", doc.url))
                .at(&source.source, at)
                .help(format!(
                    "give the page another `slug:`, or choose another address for search with the UI string `search_slug` in `i18n/{}.yaml`",
                    doc.lang
                )),
        );
    }
    problems
}
