//! The site as `serve` holds it: prepared and checked once, each page
//! rendered when first asked for, and patched in place when one page changes.
//! Reads the disk only to reload what changed.
//!
//! A [`World`] made with [`World::make`] is a site without errors: an edit
//! that would bring one in is undone, and the caller keeps serving the last
//! good pages. The first world of a preview is served sooner
//! ([`World::start`]): once its site is prepared, each page's Markdown is
//! rendered when the page is first asked for, while [`World::warm`] renders
//! the rest and [`World::settle`] checks them all, as `make` does.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::build::{BuildOptions, Prepared, prepare};
use crate::check;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::Rendered;
use crate::output::OutputTree;
use crate::photos::PhotoCache;
use crate::plan::Make;
use crate::search::{BodyText, SearchInput};
use crate::site::DocId;

mod edit;

/// A rendered file, shared by every request for it until an edit drops it.
pub type Bytes = Arc<[u8]>;
type Slot = Mutex<Option<Bytes>>;

/// The site being served.
pub struct World {
    prepared: Prepared,
    /// Every document's Markdown, rendered: pages are made from these, and
    /// anchors are checked against them. Empty until the world is settled.
    bodies: Vec<Rendered>,
    /// Before the world is settled: each document's Markdown, rendered when
    /// first needed. Empty once settled.
    pending: Vec<OnceLock<Rendered>>,
    /// One per output of the plan: its bytes, once a request made them.
    slots: Vec<Slot>,
    /// Every document's words for the search files, counted when one is
    /// first asked for; dropped with them by an edit.
    search: OnceLock<SearchInput>,
    /// Target → the documents whose typed fields show it (field links, bound pages).
    referrers: Referrers,
    /// Target → the documents whose text links to one of its anchors.
    anchor_referrers: Referrers,
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
        let (mut world, mut all) = World::start(options, photos)?;
        let clock = std::time::Instant::now();
        world.warm();
        all.extend(world.settle());
        if options.timings {
            eprintln!(
                "timing: markdown   {:>8.1} ms",
                clock.elapsed().as_secs_f64() * 1000.0
            );
        }
        if all.has_errors() {
            return Err(all);
        }
        Ok((world, all))
    }

    /// Runs the stages up to the plan: a world that can serve every page,
    /// each page's Markdown rendered when first needed, but whose bodies are
    /// not checked yet ([`World::warm`], [`World::settle`]). Errors: the
    /// diagnostics.
    pub fn start(
        options: &BuildOptions,
        photos: &PhotoCache,
    ) -> Result<(World, Diagnostics), Diagnostics> {
        let (prepared, all) = prepare(options, photos);
        let Some(prepared) = prepared else {
            return Err(all);
        };
        let site = &prepared.site;
        let mut referrers = Referrers::default();
        for id in 0..site.docs.len() {
            referrers.add(id, site.field_targets(id));
        }
        let pending = (0..site.docs.len()).map(|_| OnceLock::new()).collect();
        let slots = prepared
            .plan
            .outputs()
            .iter()
            .map(|_| Slot::default())
            .collect();
        let world = World {
            prepared,
            bodies: Vec::new(),
            pending,
            slots,
            referrers,
            anchor_referrers: Referrers::default(),
            search: OnceLock::new(),
        };
        Ok((world, all))
    }

    /// Renders, in parallel, the Markdown no request has needed yet; takes
    /// `&self`, so pages are served meanwhile.
    pub fn warm(&self) {
        (0..self.pending.len()).into_par_iter().for_each(|id| {
            self.body(id);
        });
    }

    /// Checks every body (their own problems, then the links to anchors) and
    /// keeps them for edits; the problems, which are the world's errors if
    /// any is one. Settling twice finds nothing more.
    pub fn settle(&mut self) -> Vec<Diagnostic> {
        let mut all = Vec::new();
        if self.pending.is_empty() {
            return all;
        }
        self.warm();
        let prepared = &self.prepared;
        self.bodies = std::mem::take(&mut self.pending)
            .into_iter()
            .enumerate()
            .map(|(id, body)| body.into_inner().unwrap_or_else(|| prepared.markdown(id)))
            .collect();
        for body in &mut self.bodies {
            body.problems.shrink_to_fit();
            all.extend(body.problems.iter().cloned());
        }
        let site = &self.prepared.site;
        all.extend(check::check_anchors(site, &|id| &self.bodies[id].landmarks));
        for (id, body) in self.bodies.iter().enumerate() {
            self.anchor_referrers
                .add(id, body.landmarks.links.iter().map(|link| link.target));
        }
        all
    }

    /// Document `id`'s Markdown, rendered now if the world is not settled
    /// and nothing needed it yet.
    fn body(&self, id: DocId) -> &Rendered {
        match self.pending.get(id) {
            Some(pending) => pending.get_or_init(|| self.prepared.markdown(id)),
            None => &self.bodies[id],
        }
    }

    /// The pages made from content ([`crate::site::Site::page_count`]).
    pub fn pages(&self) -> usize {
        self.prepared.site.page_count()
    }

    /// Whether `path` (an output path: `id/negara/index.html`) is a file of the site.
    pub fn has(&self, path: &str) -> bool {
        self.prepared.plan.find(path).is_some()
    }

    /// The file at output path `path`, rendered now if no request has made it yet.
    pub fn get(&self, path: &str) -> Option<Found> {
        let i = self.prepared.plan.find(path)?;
        let found = match &self.prepared.plan.outputs()[i].make {
            Make::Photo(bytes) => Ok(Arc::clone(bytes)),
            // Read on each request, so a big download is in memory only while it is sent.
            make @ Make::Static(_) => self.render(make).map(Bytes::from),
            make => cached(&self.slots[i], || self.render(make)),
        };
        Some(match found {
            Ok(bytes) => Found::File(bytes),
            Err(d) => Found::Failed(Box::new(d)),
        })
    }

    /// An output of the plan, made now (the offline lists from the other
    /// outputs, as requests would get them).
    fn render(&self, make: &Make) -> Result<Vec<u8>, Diagnostic> {
        let digest = |i: usize| {
            let path = &self.prepared.plan.outputs()[i].path;
            match self.get(path) {
                Some(Found::File(bytes)) => Ok(crate::offline::Digest::of(&bytes)),
                Some(Found::Failed(d)) => Err(*d),
                None => unreachable!("output {i} is in the plan"),
            }
        };
        self.prepared
            .render(make, &|id| self.body(id), &|| self.search(), &digest)
    }

    /// Every document's words, counted once for the search files.
    fn search(&self) -> &SearchInput {
        self.search.get_or_init(|| {
            let site = &self.prepared.site;
            let texts: Vec<BodyText> = (0..site.docs.len())
                .into_par_iter()
                .map(|id| self.body(id).into())
                .collect();
            SearchInput::from_texts(site, &texts)
        })
    }

    /// Every file of the site, rendered (in parallel): what `build` would write.
    pub fn render_all(&self) -> Result<OutputTree, Vec<Diagnostic>> {
        let outputs = self.prepared.plan.outputs();
        let mut paths: Vec<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
        paths.sort();
        let files: Vec<_> = paths
            .par_iter()
            .map(|path| match self.get(path) {
                Some(Found::File(bytes)) => Ok((path.to_string(), bytes.to_vec())),
                Some(Found::Failed(d)) => Err(*d),
                None => unreachable!("the path is one of the plan's"),
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

    /// Drops the rendered files that show anything of `changed`: the
    /// documents' pages, their translations' (switcher, alternates), the
    /// sections that list them, the pages that show them through typed
    /// fields (and so on, a leaflet binding a country that names a language
    /// page), the bilingual editions that bind them, the chooser and every
    /// site-wide file.
    fn forget(&mut self, changed: &[DocId]) {
        self.search = OnceLock::new();
        let site = &self.prepared.site;
        let mut touched: BTreeSet<DocId> = BTreeSet::new();
        let mut queue: Vec<DocId> = changed.to_vec();
        while let Some(id) = queue.pop() {
            if touched.insert(id) {
                queue.extend(self.referrers.of(id));
            }
        }
        let around: Vec<DocId> = touched
            .iter()
            .flat_map(|&id| site.translations(id))
            .collect();
        touched.extend(around);
        let parents: Vec<DocId> = touched
            .iter()
            .filter_map(|&id| site.docs[id].parent)
            .collect();
        touched.extend(parents);
        let plan = &self.prepared.plan;
        for (output, slot) in plan.outputs().iter().zip(&mut self.slots) {
            let shows_touched = match &output.make {
                Make::Page(id) => touched.contains(id),
                Make::Edition(i) => plan.editions()[*i]
                    .docs
                    .iter()
                    .any(|id| touched.contains(id)),
                Make::Chooser | Make::Site(_) => true,
                Make::Static(_) | Make::Photo(_) => false,
            };
            if shows_touched {
                *slot.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
            }
        }
    }
}

/// The slot's bytes, made by `render` (outside the lock) if it has none.
fn cached(
    slot: &Slot,
    render: impl FnOnce() -> Result<Vec<u8>, Diagnostic>,
) -> Result<Bytes, Diagnostic> {
    if let Some(bytes) = slot.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
        return Ok(Arc::clone(bytes));
    }
    let bytes = Bytes::from(render()?);
    *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::clone(&bytes));
    Ok(bytes)
}

/// Target → the documents that point at it.
#[derive(Default)]
struct Referrers(HashMap<DocId, BTreeSet<DocId>>);

impl Referrers {
    fn add(&mut self, from: DocId, targets: impl IntoIterator<Item = DocId>) {
        for target in targets {
            self.0.entry(target).or_default().insert(from);
        }
    }

    fn remove(&mut self, from: DocId, targets: impl IntoIterator<Item = DocId>) {
        for target in targets {
            if let Some(set) = self.0.get_mut(&target) {
                set.remove(&from);
            }
        }
    }

    fn of(&self, target: DocId) -> impl Iterator<Item = DocId> + '_ {
        self.0.get(&target).into_iter().flatten().copied()
    }
}

#[cfg(test)]
mod tests;
