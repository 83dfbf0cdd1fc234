//! An edit of one page, patched into the world in place.

use std::collections::BTreeSet;
use std::path::Path;

use super::{Bytes, Edit, World};
use crate::build::BuildOptions;
use crate::diagnostic::Diagnostics;
use crate::plan::Make;
use crate::site::DocId;
use crate::{check, content};

impl World {
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
            let body = self.prepared.markdown(id);
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
        for &id in &docs {
            linking.extend(self.anchor_referrers.of(id));
        }
        let linking: Vec<DocId> = linking.into_iter().collect();
        problems.extend(check::check_anchors_from(site, &self.bodies, &linking));
        // Its pages, rendered now: a template that fails on them is an error
        // of the edit. Not after an error in the sources, as `build` does not:
        // the templates would fail on the broken data and bury the real error.
        let mut pages = Vec::new();
        if !problems.has_errors() {
            for &id in &docs {
                match self.prepared.render(&Make::Page(id), &self.bodies) {
                    Ok(bytes) => pages.push((id, Bytes::from(bytes))),
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
            self.referrers.remove(id, old);
            self.referrers.add(id, self.prepared.site.field_targets(id));
        }
        for (id, old) in &old_bodies {
            self.anchor_referrers
                .remove(*id, old.anchors.iter().map(|l| l.target));
            let body = &self.bodies[*id];
            self.anchor_referrers
                .add(*id, body.anchors.iter().map(|l| l.target));
        }
        self.forget(&docs);
        // Document `id`'s page is the plan's output `id`.
        for (id, bytes) in pages {
            *self.slots[id].get_mut().unwrap_or_else(|e| e.into_inner()) = Some(bytes);
        }
        Edit::Applied {
            warnings: problems.sorted(),
        }
    }
}
