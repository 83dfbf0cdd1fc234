//! Stage `plan`: the prepared site → [`Plan`], every file of the output at
//! its path with what it is made from, in the order `build` writes them.
//! `build` makes them all at once, `serve` each when first asked for; the
//! leaflet editions, the site-wide files and the sitemap read the plan's
//! [`Edition`]s. Two outputs at one path are found here, once, and so are
//! the static files a page hides ([`visible_statics`]). Pure.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::publish::{self, SiteFile};
use crate::render::Templates;
use crate::site::{Doc, DocId, Edition, Site};
use crate::theme::Static;

/// Every output of a site.
#[derive(Debug)]
pub struct Plan {
    /// In the order `build` writes them; document `id`'s page is output `id`.
    outputs: Vec<Output>,
    /// How many of the outputs are the documents' pages.
    pages: usize,
    editions: Vec<Edition>,
    /// Output path → its index in `outputs`.
    by_path: HashMap<String, usize>,
}

/// One file of the output.
#[derive(Debug)]
pub struct Output {
    /// Below the output folder: `id/negara/jepang/index.html`.
    pub path: String,
    pub make: Make,
}

/// What an output is made from.
#[derive(Debug)]
pub enum Make {
    /// A document's page, from its Markdown and its template.
    Page(DocId),
    /// The language chooser at the root.
    Chooser,
    /// A static file, by its index in the prepared statics: copied, or read
    /// when asked for, so a big download is never held in memory.
    Static(usize),
    /// A resized photo, made when the site was prepared.
    Photo(Arc<[u8]>),
    /// A leaflet's bilingual edition, by its index in [`Plan::editions`].
    Edition(usize),
    /// A site-wide file (sitemap, feed, search page …).
    Site(SiteFile),
}

/// One edition of a leaflet: its name (the file name: `bontang-2025`), its
/// edition (a language code, or `bilingual`) and its URL path below the base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printable {
    pub name: String,
    pub edition: String,
    pub path: String,
    /// The PDF's title (its document properties).
    pub title: String,
    /// The paper its pages print on.
    pub paper: crate::config::Paper,
    /// Its bound pages, each by its anchor and title: the PDF's bookmarks,
    /// and the parts its contents number.
    pub outline: Vec<(String, String)>,
}

impl Plan {
    /// The plan of the site whose statics (those no page hides) are
    /// `statics`, and an error for each output that wants a path another one
    /// already has (the first one keeps it).
    pub fn make(
        site: &Site,
        templates: &Templates,
        statics: &[(String, Static)],
    ) -> (Plan, Vec<Diagnostic>) {
        let mut plan = Plan {
            outputs: Vec::with_capacity(site.docs.len() + statics.len() + 1),
            pages: site.docs.len(),
            editions: site.bilingual_editions(),
            by_path: HashMap::with_capacity(site.docs.len() + statics.len() + 1),
        };
        let mut clashes = Vec::new();
        for (id, doc) in site.docs.iter().enumerate() {
            plan.add(page_path(doc), Make::Page(id), &mut clashes);
        }
        // `resolve_site` gave every document its own URL.
        debug_assert_eq!(plan.outputs.len(), site.docs.len());
        for (i, (path, _)) in statics.iter().enumerate() {
            plan.add(path.clone(), Make::Static(i), &mut clashes);
        }
        for (path, bytes) in templates.assets().photos.outputs(site) {
            plan.add(path, Make::Photo(bytes), &mut clashes);
        }
        let editions: Vec<String> = plan.editions.iter().map(|e| e.key.clone()).collect();
        for (i, key) in editions.into_iter().enumerate() {
            plan.add(format!("{key}/index.html"), Make::Edition(i), &mut clashes);
        }
        plan.add(CHOOSER.into(), Make::Chooser, &mut clashes);
        for (path, file) in publish::site_files(site, templates, statics, &plan.editions) {
            plan.add(path, Make::Site(file), &mut clashes);
        }
        let problems = clashes
            .iter()
            .map(|(first, make)| plan.clash(site, statics, *first, make))
            .collect();
        (plan, problems)
    }

    /// The error for output `make` wanting the path output `first` has: at
    /// the source of the one that came second, naming the other.
    fn clash(
        &self,
        site: &Site,
        statics: &[(String, Static)],
        first: usize,
        make: &Make,
    ) -> Diagnostic {
        let first = &self.outputs[first];
        let (second, at) = self.made_from(site, statics, make);
        let (other, _) = self.made_from(site, statics, &first.make);
        let problem = Diagnostic::error(format!(
            "{second} and {other} would both be written at `{}`",
            first.path
        ))
        .help("rename or move one of them: one address holds one file");
        match at {
            Some(path) => problem.in_file(&path),
            None => problem,
        }
    }

    /// What an output is, for a message, and the site's file it comes from.
    fn made_from(
        &self,
        site: &Site,
        statics: &[(String, Static)],
        make: &Make,
    ) -> (String, Option<std::path::PathBuf>) {
        let source = |id: DocId| site.file(&site.docs[id]).source.path().to_path_buf();
        match make {
            Make::Page(id) => {
                let path = source(*id);
                (format!("the page `{}`", path.display()), Some(path))
            }
            Make::Static(i) => {
                let path = statics[*i].1.path.clone();
                (format!("`{}`", path.display()), Some(path))
            }
            Make::Photo(_) => ("a resized photo".into(), None),
            Make::Edition(i) => {
                let path = source(self.editions[*i].docs[0]);
                (
                    format!("the bilingual edition of `{}`", path.display()),
                    Some(path),
                )
            }
            Make::Chooser => ("the language chooser".into(), None),
            Make::Site(_) => ("a file lembar makes for the whole site".into(), None),
        }
    }

    fn add(&mut self, path: String, make: Make, clashes: &mut Vec<(usize, Make)>) {
        if let Some(&first) = self.by_path.get(&path) {
            clashes.push((first, make));
            return;
        }
        self.by_path.insert(path.clone(), self.outputs.len());
        self.outputs.push(Output { path, make });
    }

    /// Every output, in the order `build` writes them: each document's page
    /// (by document id), the static files, the photos, the bilingual
    /// editions, the chooser and the site-wide files.
    pub fn outputs(&self) -> &[Output] {
        &self.outputs
    }

    /// The documents' pages, by document id: the first of the outputs.
    pub fn pages(&self) -> &[Output] {
        &self.outputs[..self.pages]
    }

    /// The output at `path`, by its index in [`Plan::outputs`].
    pub fn find(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    /// The leaflets' bilingual editions, by key.
    pub fn editions(&self) -> &[Edition] {
        &self.editions
    }

    /// The leaflets' printable editions: each language's page, and the plan's
    /// bilingual editions; sorted by name and edition.
    pub fn printables(&self, site: &Site) -> Vec<Printable> {
        let mut printables: Vec<Printable> = site
            .docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_leaflet())
            .map(|(id, doc)| Printable {
                name: site.file(doc).stem.clone(),
                edition: doc.lang.clone(),
                path: doc.url.clone(),
                title: site.file(doc).common().title.clone(),
                paper: site.paper(id),
                outline: outline(site, id, ""),
            })
            .collect();
        for edition in self.editions() {
            let ids = &edition.docs;
            printables.push(Printable {
                name: site.file(&site.docs[ids[0]]).stem.clone(),
                edition: "bilingual".into(),
                path: format!("{}/", edition.key),
                title: site.bilingual_title(ids),
                paper: site.paper(ids[0]),
                outline: ids
                    .iter()
                    .flat_map(|&id| {
                        let lang = &site.docs[id].lang;
                        outline(site, id, &format!("{lang}-"))
                            .into_iter()
                            .map(move |(a, t)| (a, format!("{} · {t}", lang.to_uppercase())))
                    })
                    .collect(),
            });
        }
        printables.sort_by(|a, b| (&a.name, &a.edition).cmp(&(&b.name, &b.edition)));
        printables
    }
}

/// Leaflet `id`'s parts as the edition with id prefix `pre` anchors them.
fn outline(site: &Site, id: usize, pre: &str) -> Vec<(String, String)> {
    site.booklet_parts(id)
        .iter()
        .enumerate()
        .map(|(n, &part)| {
            let title = site.file(&site.docs[part]).common().title.clone();
            (format!("{pre}{}", crate::markdown::part_anchor(n)), title)
        })
        .collect()
}

/// Where the language chooser is written.
const CHOOSER: &str = "index.html";

/// Where a document's page is written.
fn page_path(doc: &Doc) -> String {
    crate::urls::index_file(&doc.url)
}

/// The static files a page does not hide (a page, and each photo it shows,
/// wins over a static file of the same name; the root `index.html` is the
/// language chooser's), and a warning for each hidden one, naming both.
/// Found before the plan, whose stylesheets' hashes read the static files.
pub fn visible_statics(
    site: &Site,
    photos: &crate::photos::Photos,
    statics: BTreeMap<String, Static>,
) -> (Vec<(String, Static)>, Vec<Diagnostic>) {
    let source = |d: &Doc| site.file(d).source.path().display().to_string();
    let mut pages: HashMap<String, String> = site
        .docs
        .iter()
        .map(|d| {
            let what = format!("the page `{}`", source(d));
            (page_path(d), what)
        })
        .collect();
    pages.insert(CHOOSER.into(), "the language chooser".into());
    pages.insert(
        crate::output::MARKER.into(),
        "the marker lembar keeps in its output folder".into(),
    );
    // A photo's resized files are written below its page's folder
    // (`en/events/bontang/photos/x-800w.jpg`): its page is the deepest one.
    let by_url: HashMap<&str, &Doc> = site.docs.iter().map(|d| (d.url.as_str(), d)).collect();
    for (path, _) in photos.outputs(site) {
        let mut folders = path.match_indices('/').rev();
        if let Some(doc) = folders.find_map(|(i, _)| by_url.get(&path[..=i])) {
            let what = format!("a photo of the page `{}`", source(doc));
            pages.insert(path, what);
        }
    }
    let mut hidden = Vec::new();
    let visible = statics
        .into_iter()
        .filter_map(|(path, file)| match pages.get(&path) {
            None => Some((path, file)),
            Some(page) => {
                hidden.push(
                    Diagnostic::warning(format!(
                        "`{}` is not published: {page} has the same address, `{path}`",
                        file.path.display()
                    ))
                    .in_file(&file.path)
                    .help("rename or remove the static file; a page wins over a static file"),
                );
                None
            }
        })
        .collect();
    (visible, hidden)
}
