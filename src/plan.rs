//! Stage `plan`: the prepared site → [`Plan`], every file of the output at
//! its path with what it is made from, in the order `build` writes them.
//! `build` makes them all at once, `serve` each when first asked for; the
//! leaflet editions, the site-wide files and the sitemap read the plan's
//! [`Edition`]s. Two outputs at one path are found here, once. Pure.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::publish::{self, SiteFile};
use crate::render::Templates;
use crate::site::{DocId, Edition, Site};
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
        let mut problems = Vec::new();
        for (id, doc) in site.docs.iter().enumerate() {
            plan.add(
                format!("{}index.html", doc.url),
                Make::Page(id),
                &mut problems,
            );
        }
        // `resolve_site` gave every document its own URL.
        debug_assert_eq!(plan.outputs.len(), site.docs.len());
        for (i, (path, _)) in statics.iter().enumerate() {
            plan.add(path.clone(), Make::Static(i), &mut problems);
        }
        for (path, bytes) in templates.assets().photos.outputs(site) {
            plan.add(path, Make::Photo(bytes), &mut problems);
        }
        let editions: Vec<String> = plan.editions.iter().map(|e| e.key.clone()).collect();
        for (i, key) in editions.into_iter().enumerate() {
            plan.add(format!("{key}/index.html"), Make::Edition(i), &mut problems);
        }
        plan.add("index.html".into(), Make::Chooser, &mut problems);
        for (path, file) in publish::site_files(site, templates, statics, &plan.editions) {
            plan.add(path, Make::Site(file), &mut problems);
        }
        (plan, problems)
    }

    fn add(&mut self, path: String, make: Make, problems: &mut Vec<Diagnostic>) {
        if self.by_path.contains_key(&path) {
            problems.push(crate::output::collision(&path));
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
}
