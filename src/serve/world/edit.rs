//! An edit of one page, as a transaction: the new version is put in place,
//! judged with the same checks `build` makes, then kept or put back.

use std::path::Path;

use super::{Bytes, Edit, World};
use crate::build::BuildOptions;
use crate::check;
use crate::content::{self, ContentFile};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::Rendered;
use crate::plan::Make;
use crate::site::DocId;

/// What an edit replaced, to put back if it is refused, and to update what
/// points where if it is kept.
struct Replaced {
    index: usize,
    /// The documents shown from the file (its own, fallback copies).
    docs: Vec<DocId>,
    file: ContentFile,
    /// Each document's body and the pages its typed fields showed.
    bodies: Vec<Rendered>,
    targets: Vec<Vec<DocId>>,
}

/// An edit that passed its checks.
struct Kept {
    /// The edited documents' pages, rendered.
    pages: Vec<(DocId, Bytes)>,
    warnings: Vec<Diagnostic>,
}

impl World {
    /// Takes in a new version of the page at `rel` (under `content/`) from
    /// the disk, when it stays where it was; renders what it touched again
    /// when asked for. An edit with errors is undone.
    pub fn edit_page(&mut self, rel: &str, options: &BuildOptions) -> Edit {
        // An edit is judged against every body; a world still being checked
        // is made again instead.
        if !self.pending.is_empty() {
            return Edit::Wide;
        }
        let (index, new) = match self.read_page(rel, options) {
            Ok(found) => found,
            Err(edit) => return edit,
        };
        let Some(replaced) = self.put_in_place(index, new) else {
            return Edit::Wide;
        };
        match self.judge(&replaced, options) {
            Ok(kept) => {
                self.commit(replaced, kept.pages);
                Edit::Applied {
                    warnings: kept.warnings,
                }
            }
            Err(edit) => {
                self.put_back(replaced);
                edit
            }
        }
    }

    /// The new version of page file `rel`, read and parsed; `Wide` when the
    /// edit is not one page's (a section, a new file, a change of photos).
    fn read_page(&self, rel: &str, options: &BuildOptions) -> Result<(usize, ContentFile), Edit> {
        let site = &self.prepared.site;
        let index = site
            .file_index(rel)
            .filter(|&i| !site.files[i].is_section())
            .ok_or(Edit::Wide)?;
        let kind = site.files[index].kind();
        let path = Path::new(content::CONTENT_DIR).join(rel);
        let new = content::read_source(&options.root, &path)
            .map_err(|d| vec![d])
            .and_then(|source| content::parse_content_file(&site.config, rel, source, kind))
            .map_err(|problems| Edit::Rejected(problems.into_iter().collect()))?;
        // Photos are read and resized when the world is made.
        let photos = |f: &ContentFile| {
            f.typed()
                .and_then(|t| t.event())
                .map(|e| e.photos.iter().map(|p| p.src.clone()).collect::<Vec<_>>())
        };
        if photos(&site.files[index]) != photos(&new) {
            return Err(Edit::Wide);
        }
        Ok((index, new))
    }

    /// Puts `new` in place of file `index`, with its documents' Markdown
    /// rendered again; `None` (nothing changed) when it moves a document.
    fn put_in_place(&mut self, index: usize, new: ContentFile) -> Option<Replaced> {
        let docs = self.prepared.site.docs_of_file(index);
        let site = &self.prepared.site;
        let targets = docs.iter().map(|&id| site.field_targets(id)).collect();
        let file = self.prepared.site.replace_page(index, new)?;
        let bodies = docs
            .iter()
            .map(|&id| std::mem::replace(&mut self.bodies[id], self.prepared.markdown(id)))
            .collect();
        Some(Replaced {
            index,
            docs,
            file,
            bodies,
            targets,
        })
    }

    /// The edited documents' pages and warnings; or why the edit cannot
    /// stay: its errors, or a change the world cannot take in place.
    fn judge(&self, replaced: &Replaced, options: &BuildOptions) -> Result<Kept, Edit> {
        let site = &self.prepared.site;
        // Feeds are found when the world is made (a draft event that is
        // published may give its section its first feed).
        let feeds = |f: &[crate::feed::Feed]| f.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        let now = crate::feed::find_feeds(site);
        if feeds(&now) != feeds(&self.prepared.templates.assets().feeds) {
            return Err(Edit::Wide);
        }
        let docs = &replaced.docs;
        let mut problems = Diagnostics::default();
        for &id in docs {
            problems.extend(self.bodies[id].problems.iter().cloned());
        }
        problems.extend(check::check_file(site, replaced.index, options.today));
        // Links from this page, and links into it from pages that name its anchors.
        let mut linking: std::collections::BTreeSet<DocId> = docs.iter().copied().collect();
        for &id in docs {
            linking.extend(self.anchor_referrers.of(id));
        }
        let linking: Vec<DocId> = linking.into_iter().collect();
        problems.extend(check::check_anchors_from(
            site,
            &|id| &self.bodies[id].landmarks,
            &linking,
        ));
        // Its pages, rendered now: a template that fails on them is an error
        // of the edit. Not after an error in the sources, as `build` does not:
        // the templates would fail on the broken data and bury the real error.
        let mut pages = Vec::new();
        if !problems.has_errors() {
            for &id in docs {
                match self.render(&Make::Page(id)) {
                    Ok(bytes) => pages.push((id, Bytes::from(bytes))),
                    Err(d) => problems.push(d),
                }
            }
        }
        if problems.has_errors() {
            return Err(Edit::Rejected(problems));
        }
        Ok(Kept {
            pages,
            warnings: problems.sorted(),
        })
    }

    /// Keeps the edit: what points where, and the cached files that show it.
    fn commit(&mut self, replaced: Replaced, pages: Vec<(DocId, Bytes)>) {
        let site = &self.prepared.site;
        for ((&id, old_targets), old_body) in replaced
            .docs
            .iter()
            .zip(replaced.targets)
            .zip(replaced.bodies)
        {
            self.referrers.remove(id, old_targets);
            self.referrers.add(id, site.field_targets(id));
            self.anchor_referrers
                .remove(id, old_body.landmarks.links.iter().map(|l| l.target));
            let body = &self.bodies[id];
            self.anchor_referrers
                .add(id, body.landmarks.links.iter().map(|l| l.target));
        }
        self.forget(&replaced.docs);
        // Document `id`'s page is the plan's output `id`.
        for (id, bytes) in pages {
            *self.slots[id].get_mut().unwrap_or_else(|e| e.into_inner()) = Some(bytes);
        }
    }

    /// Refuses the edit: the world as it was before it.
    fn put_back(&mut self, replaced: Replaced) {
        let undone = self
            .prepared
            .site
            .replace_page(replaced.index, replaced.file);
        debug_assert!(undone.is_some(), "the old version is in the same place");
        for (&id, body) in replaced.docs.iter().zip(replaced.bodies) {
            self.bodies[id] = body;
        }
    }
}
