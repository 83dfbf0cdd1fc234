//! The site as `serve` holds it: prepared and checked once, each page
//! rendered when first asked for, and patched in place when one page changes.
//! Reads the disk only to reload what changed.
//!
//! A [`World`] is always a site without errors: an edit that would bring one
//! in is undone, and the caller keeps serving the last good pages.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::build::{BuildOptions, Prepared, prepare};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{Rendered, render_markdown};
use crate::output::OutputTree;
use crate::photos::PhotoCache;
use crate::publish::{self, SiteFile};
use crate::site::DocId;
use crate::{check, content, render};

/// A rendered file, shared by every request for it until an edit drops it.
pub type Bytes = Arc<[u8]>;
type Slot = Mutex<Option<Bytes>>;

/// What an output path is made from.
#[derive(Debug, Clone)]
enum Route {
    Doc(DocId),
    Chooser,
    /// A leaflet's bilingual edition, by translation key.
    Edition(String),
    /// A photo, made when the world was.
    File(Bytes),
    /// A static file, by its index in the prepared statics: read on each
    /// request, so a big download is in memory only while it is sent.
    Static(usize),
    /// A site-wide file (sitemap, feed, search page …), by its index in `made`.
    Made(usize),
}

/// The site being served.
pub struct World {
    prepared: Prepared,
    /// Every document's Markdown, rendered: pages are made from these, and
    /// anchors are checked against them.
    bodies: Vec<Rendered>,
    pages: Vec<Slot>,
    chooser: Slot,
    /// Bilingual editions: the leaflet documents bound, in build order.
    editions: BTreeMap<String, (Vec<DocId>, Slot)>,
    /// The site-wide files: any edit may change them.
    made: Vec<(SiteFile, Slot)>,
    routes: HashMap<String, Route>,
    /// Target → the documents whose typed fields show it (field links, bound pages).
    referrers: HashMap<DocId, BTreeSet<DocId>>,
    /// Target → the documents whose text links to one of its anchors.
    anchor_referrers: HashMap<DocId, BTreeSet<DocId>>,
}

/// What became of an edited page.
#[derive(Debug)]
pub enum Edit {
    /// In place; the warnings the page has now.
    Applied { warnings: Vec<Diagnostic> },
    /// The edit has errors; the world is as it was before it.
    Rejected(Diagnostics),
    /// The edit moves or adds documents: the site must be made again.
    Wide,
}

/// A request's answer.
pub enum Found {
    File(Bytes),
    /// The page exists but its template failed on it.
    Failed(Box<Diagnostic>),
}

impl World {
    /// Runs the stages up to the Markdown of every document and checks it all;
    /// pages are rendered later, on request. Errors: the diagnostics.
    /// `photos` keeps the resized photos from one world to the next.
    pub fn make(
        options: &BuildOptions,
        photos: &PhotoCache,
    ) -> Result<(World, Diagnostics), Diagnostics> {
        let (prepared, mut all) = prepare(options, photos);
        let Some(prepared) = prepared else {
            return Err(all);
        };
        let clock = std::time::Instant::now();
        let site = &prepared.site;
        let bodies: Vec<Rendered> = (0..site.docs.len())
            .into_par_iter()
            .map(|id| {
                let labels = prepared.labels(&site.docs[id].lang);
                let mut body = render_markdown(site, id, labels, &site.booklet_parts(id));
                body.problems.shrink_to_fit();
                body
            })
            .collect();
        for body in &bodies {
            all.extend(body.problems.iter().cloned());
        }
        all.extend(check::check_anchors(site, &bodies));
        if options.timings {
            eprintln!(
                "timing: markdown   {:>8.1} ms",
                clock.elapsed().as_secs_f64() * 1000.0
            );
        }

        // Routes in the order `build` writes, so the same file wins a collision.
        let mut routes = HashMap::with_capacity(site.docs.len() + prepared.statics.len() + 1);
        let mut add = |path: String, route: Route, all: &mut Diagnostics| {
            if routes.insert(path.clone(), route).is_some() {
                all.push(crate::output::collision(&path));
            }
        };
        for (id, doc) in site.docs.iter().enumerate() {
            add(format!("{}index.html", doc.url), Route::Doc(id), &mut all);
        }
        add("index.html".into(), Route::Chooser, &mut all);
        for (i, (path, _)) in prepared.statics.iter().enumerate() {
            add(path.clone(), Route::Static(i), &mut all);
        }
        for (path, bytes) in prepared.templates.assets().photos.outputs(site) {
            add(path, Route::File(bytes), &mut all);
        }
        let editions: BTreeMap<String, (Vec<DocId>, Slot)> = site
            .bilingual_editions()
            .into_iter()
            .map(|(key, ids)| (key.to_string(), (ids, Slot::default())))
            .collect();
        for key in editions.keys() {
            add(
                format!("{key}/index.html"),
                Route::Edition(key.clone()),
                &mut all,
            );
        }
        let mut made = Vec::new();
        for (i, (path, file)) in publish::site_files(site, &prepared.templates, &prepared.statics)
            .into_iter()
            .enumerate()
        {
            add(path, Route::Made(i), &mut all);
            made.push((file, Slot::default()));
        }
        if all.has_errors() {
            return Err(all);
        }

        let mut referrers: HashMap<DocId, BTreeSet<DocId>> = HashMap::new();
        let mut anchor_referrers: HashMap<DocId, BTreeSet<DocId>> = HashMap::new();
        for (id, body) in bodies.iter().enumerate() {
            for target in site.field_targets(id) {
                referrers.entry(target).or_default().insert(id);
            }
            for link in &body.anchors {
                anchor_referrers.entry(link.target).or_default().insert(id);
            }
        }
        let pages = (0..site.docs.len()).map(|_| Slot::default()).collect();
        let world = World {
            prepared,
            bodies,
            pages,
            chooser: Slot::default(),
            editions,
            made,
            routes,
            referrers,
            anchor_referrers,
        };
        Ok((world, all))
    }

    /// The pages made from content ([`crate::site::Site::page_count`]).
    pub fn pages(&self) -> usize {
        self.prepared.site.page_count()
    }

    /// Whether `path` (an output path: `id/negara/index.html`) is a file of the site.
    pub fn has(&self, path: &str) -> bool {
        self.routes.contains_key(path)
    }

    /// The file at output path `path`, rendered now if no request has made it yet.
    pub fn get(&self, path: &str) -> Option<Found> {
        let found = match self.routes.get(path)? {
            Route::File(bytes) => Ok(Arc::clone(bytes)),
            Route::Static(i) => self.prepared.statics[*i].1.read().map(Bytes::from),
            Route::Doc(id) => self.page(*id),
            Route::Chooser => cached(&self.chooser, || {
                render::render_chooser(&self.prepared.site, &self.prepared.templates)
            }),
            Route::Edition(key) => self.edition(key),
            Route::Made(i) => {
                let (file, slot) = &self.made[*i];
                cached(slot, || {
                    let site = &self.prepared.site;
                    let search = crate::search::SearchInput::from_bodies(site, &self.bodies);
                    publish::render_site_file(site, &self.prepared.templates, file, &search)
                        .map(|bytes| (path.to_string(), bytes))
                })
            }
        };
        Some(match found {
            Ok(bytes) => Found::File(bytes),
            Err(d) => Found::Failed(Box::new(d)),
        })
    }

    fn page(&self, id: DocId) -> Result<Bytes, Diagnostic> {
        cached(&self.pages[id], || {
            render::render_doc(
                &self.prepared.site,
                &self.prepared.templates,
                id,
                &self.bodies[id],
            )
        })
    }

    fn edition(&self, key: &str) -> Result<Bytes, Diagnostic> {
        let (ids, slot) = &self.editions[key];
        cached(slot, || {
            render::render_bilingual(&self.prepared.site, &self.prepared.templates, key, ids)
        })
    }

    /// Every file of the site, rendered (in parallel): what `build` would write.
    pub fn render_all(&self) -> Result<OutputTree, Vec<Diagnostic>> {
        let mut paths: Vec<&String> = self.routes.keys().collect();
        paths.sort();
        let files: Vec<_> = paths
            .par_iter()
            .map(|path| match self.get(path) {
                Some(Found::File(bytes)) => Ok(((*path).clone(), bytes.to_vec())),
                Some(Found::Failed(d)) => Err(*d),
                None => unreachable!("the path is one of the routes"),
            })
            .collect();
        let mut tree = OutputTree::default();
        let mut problems = Vec::new();
        for file in files {
            match file {
                Ok((path, bytes)) => {
                    tree.insert(path, bytes);
                }
                Err(d) => problems.push(d),
            }
        }
        if problems.is_empty() {
            Ok(tree)
        } else {
            Err(problems)
        }
    }

    /// Takes in a new version of the page at `rel` (under `content/`) from
    /// the disk, when it stays where it was; renders what it touched again
    /// when asked for. An edit with errors is undone.
    pub fn edit_page(&mut self, rel: &str, options: &BuildOptions) -> Edit {
        let site = &self.prepared.site;
        let Some(index) = site.file_index(rel) else {
            return Edit::Wide;
        };
        if site.files[index].is_section() {
            return Edit::Wide;
        }
        let kind = site.files[index].kind();
        let path = Path::new(content::CONTENT_DIR).join(rel);
        let new = content::read_source(&options.root, &path)
            .map_err(|d| vec![d])
            .and_then(|source| content::parse_content_file(&site.config, rel, source, kind));
        let new = match new {
            Ok(file) => file,
            Err(problems) => return Edit::Rejected(problems.into_iter().collect()),
        };
        // Photos are read and resized when the world is made.
        let photos = |f: &crate::content::ContentFile| {
            f.typed()
                .and_then(|t| t.event())
                .map(|e| e.photos.iter().map(|p| p.src.clone()).collect::<Vec<_>>())
        };
        if photos(&site.files[index]) != photos(&new) {
            return Edit::Wide;
        }
        let docs = site.docs_of_file(index);
        let old_targets: Vec<(DocId, Vec<DocId>)> =
            docs.iter().map(|&d| (d, site.field_targets(d))).collect();
        let Some(old_file) = self.prepared.site.replace_page(index, new) else {
            return Edit::Wide;
        };
        // Feeds are found when the world is made (a draft event that is
        // published may give its section its first feed).
        let feeds = |f: &[crate::feed::Feed]| f.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        let now = crate::feed::find_feeds(&self.prepared.site);
        if feeds(&now) != feeds(&self.prepared.templates.assets().feeds) {
            self.prepared.site.replace_page(index, old_file);
            return Edit::Wide;
        }

        let site = &self.prepared.site;
        let mut problems = Diagnostics::default();
        let mut old_bodies = Vec::with_capacity(docs.len());
        for &id in &docs {
            let labels = self.prepared.labels(&site.docs[id].lang);
            let body = render_markdown(site, id, labels, &site.booklet_parts(id));
            problems.extend(body.problems.iter().cloned());
            old_bodies.push((id, std::mem::replace(&mut self.bodies[id], body)));
        }
        let file_path = &site.files[index].source.path;
        problems.extend(
            check::check_field_links(site)
                .into_iter()
                .filter(|d| d.path.as_ref() == Some(file_path)),
        );
        problems.extend(
            docs.iter()
                .filter_map(|&id| check::check_review(site, id, options.today)),
        );
        problems.extend(check::check_todos_in(&site.files[index]));
        problems.extend(check::check_facts_in(
            &site.config,
            &site.files[index],
            options.today,
        ));
        problems.extend(check::check_control_chars_in(&site.files[index].source));
        // Links from this page, and links into it from pages that name its anchors.
        let mut linking: BTreeSet<DocId> = docs.iter().copied().collect();
        for id in &docs {
            linking.extend(self.anchor_referrers.get(id).into_iter().flatten());
        }
        let linking: Vec<DocId> = linking.into_iter().collect();
        problems.extend(check::check_anchors_from(site, &self.bodies, &linking));
        // Its pages, rendered now: a template that fails on them is an error
        // of the edit. Not after an error in the sources, as `build` does not:
        // the templates would fail on the broken data and bury the real error.
        let mut pages = Vec::new();
        if !problems.has_errors() {
            for &id in &docs {
                match render::render_doc(site, &self.prepared.templates, id, &self.bodies[id]) {
                    Ok((_, bytes)) => pages.push((id, Bytes::from(bytes))),
                    Err(d) => problems.push(d),
                }
            }
        }

        if problems.has_errors() {
            let undone = self.prepared.site.replace_page(index, old_file);
            debug_assert!(undone.is_some(), "the old version is in the same place");
            for (id, body) in old_bodies {
                self.bodies[id] = body;
            }
            return Edit::Rejected(problems);
        }

        for (id, old) in old_targets {
            for t in old {
                if let Some(set) = self.referrers.get_mut(&t) {
                    set.remove(&id);
                }
            }
            for t in self.prepared.site.field_targets(id) {
                self.referrers.entry(t).or_default().insert(id);
            }
        }
        for (id, old) in &old_bodies {
            for link in &old.anchors {
                if let Some(set) = self.anchor_referrers.get_mut(&link.target) {
                    set.remove(id);
                }
            }
            for link in &self.bodies[*id].anchors {
                self.anchor_referrers
                    .entry(link.target)
                    .or_default()
                    .insert(*id);
            }
        }
        self.forget(&docs);
        for (id, bytes) in pages {
            *self.pages[id].get_mut().unwrap_or_else(|e| e.into_inner()) = Some(bytes);
        }
        Edit::Applied {
            warnings: problems.sorted(),
        }
    }

    /// Drops the rendered pages that show anything of `changed`: the documents
    /// themselves, their translations (switcher, alternates), the sections that
    /// list them, the pages that show them through typed fields (and so on, a
    /// leaflet binding a country that names a language page), the bilingual
    /// editions and the chooser.
    fn forget(&mut self, changed: &[DocId]) {
        let site = &self.prepared.site;
        let mut touched: BTreeSet<DocId> = BTreeSet::new();
        let mut queue: Vec<DocId> = changed.to_vec();
        while let Some(id) = queue.pop() {
            if !touched.insert(id) {
                continue;
            }
            queue.extend(self.referrers.get(&id).into_iter().flatten());
        }
        let mut around = Vec::new();
        for &id in &touched {
            for t in site.translations(id) {
                around.push(t);
            }
        }
        touched.extend(around);
        let parents: Vec<DocId> = touched
            .iter()
            .filter_map(|&id| site.docs[id].parent)
            .collect();
        touched.extend(parents);
        for id in touched.iter().copied() {
            *self.pages[id].get_mut().unwrap_or_else(|e| e.into_inner()) = None;
        }
        for (ids, slot) in self.editions.values_mut() {
            if ids.iter().any(|id| touched.contains(id)) {
                *slot.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
            }
        }
        *self.chooser.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
        for (_, slot) in &mut self.made {
            *slot.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
        }
    }
}

/// The slot's bytes, made by `render` (outside the lock) if it has none.
fn cached(
    slot: &Slot,
    render: impl FnOnce() -> Result<(String, Vec<u8>), Diagnostic>,
) -> Result<Bytes, Diagnostic> {
    if let Some(bytes) = slot.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
        return Ok(Arc::clone(bytes));
    }
    let (_, bytes) = render()?;
    let bytes = Bytes::from(bytes);
    *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::clone(&bytes));
    Ok(bytes)
}

#[cfg(test)]
mod tests;
