//! Stage `check`: cross-document checks: links to `#anchors` that do not exist,
//! links in typed fields, reviews that are overdue. Pure; returns diagnostics.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::date::Date;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::front_matter;
use crate::markdown::Rendered;
use crate::site::{DocId, Site};
use crate::types::Typed;

/// Every `#anchor` a link names must be a heading id (or footnote) of its target.
pub fn check_anchors(site: &Site, bodies: &[Rendered]) -> Vec<Diagnostic> {
    // Sorted, so "did you mean" picks the same id on every run.
    let element_ids: Vec<Vec<String>> = site
        .docs
        .iter()
        .map(|d| {
            site.file(d)
                .typed()
                .map(Typed::element_ids)
                .unwrap_or_default()
        })
        .collect();
    let ids: Vec<BTreeSet<&str>> = bodies
        .iter()
        .zip(&element_ids)
        .map(|(b, extra)| {
            b.headings
                .iter()
                .map(|h| h.id.as_str())
                .chain(extra.iter().map(String::as_str))
                .collect()
        })
        .collect();
    let mut problems = Vec::new();
    for (id, body) in bodies.iter().enumerate() {
        // A fallback copy is checked too: its links go to the reader's language,
        // whose pages may lack an anchor the original's have. Repeats are deduplicated.
        let file = site.file(&site.docs[id]);
        let copy = match site.docs[id].original {
            Some(_) => format!(
                " (in the `{}` fallback copy of this page)",
                site.docs[id].lang
            ),
            None => String::new(),
        };
        for link in &body.anchors {
            if ids[link.target].contains(link.anchor.as_str())
                || bodies[link.target].footnotes.contains(&link.anchor)
            {
                continue;
            }
            let target: DocId = link.target;
            let target_path = site
                .file(&site.docs[target])
                .source
                .path
                .display()
                .to_string();
            let help = match did_you_mean(&link.anchor, ids[target].iter().copied()) {
                Some(best) => format!(
                    "did you mean `#{best}`? headings of `{target_path}` get ids from their text, or from `{{#id}}` after them"
                ),
                None if ids[target].is_empty() => {
                    format!("`{target_path}` has no headings; link to the page without `#…`")
                }
                None => format!(
                    "`{target_path}` has the ids {}; or give a heading an id with `{{#{}}}`",
                    list(&ids[target]),
                    link.anchor
                ),
            };
            problems.push(
                Diagnostic::error(format!(
                    "the anchor `#{}` does not exist{copy}",
                    link.anchor
                ))
                .at(&file.source, link.span.clone())
                .help(help),
            );
        }
    }
    problems
}

fn list(ids: &BTreeSet<&str>) -> String {
    let ids: Vec<&str> = ids.iter().copied().collect();
    let shown: Vec<String> = ids.iter().take(8).map(|i| format!("`#{i}`")).collect();
    if ids.len() > 8 {
        format!("{} …", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// Front-matter fields that link to pages (a programme's language page, a
/// leaflet's pages) must
/// reach a page in every language the document is read in.
pub fn check_field_links(site: &Site) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (id, doc) in site.docs.iter().enumerate() {
        let file = site.file(doc);
        let hrefs: Vec<&str> = match file.typed() {
            Some(Typed::Country(country)) => country
                .programmes
                .iter()
                .filter_map(|p| p.language.as_deref())
                .collect(),
            Some(Typed::Leaflet(leaflet)) => leaflet.pages.iter().map(String::as_str).collect(),
            _ => continue,
        };
        let is_leaflet = matches!(file.typed(), Some(Typed::Leaflet(_)));
        let mut bound = Vec::new();
        for (i, href) in hrefs.iter().enumerate() {
            // The same link written earlier in the list: point at this one.
            let earlier = hrefs[..i].iter().filter(|h| *h == href).count();
            let at = front_matter::locate_nth(&file.source, &file.split, href, earlier);
            let target = match site.field_link(id, href) {
                Ok(target) => target,
                Err((message, help)) => {
                    problems.push(Diagnostic::error(message).at(&file.source, at).help(help));
                    continue;
                }
            };
            // A leaflet binds pages: not sections, not leaflets, each once.
            let doc = &site.docs[target];
            let problem = if !is_leaflet {
                None
            } else if doc.is_section {
                Some("is a section; a leaflet binds pages")
            } else if doc.kind == crate::front_matter::ContentType::Leaflet {
                Some("is a leaflet; a leaflet cannot bind a leaflet")
            } else if bound.contains(&target) {
                Some("is bound twice")
            } else {
                None
            };
            if let Some(why) = problem {
                problems.push(
                    Diagnostic::error(format!("`{href}` {why}"))
                        .at(&file.source, at)
                        .help("list each page to print once, such as `- ../procedures/legal-departure.md`"),
                );
            }
            bound.push(target);
        }
    }
    problems.extend(check_leaflet_names(site));
    problems
}

/// Leaflets are printed to files named after them, so their names must differ.
fn check_leaflet_names(site: &Site) -> Vec<Diagnostic> {
    let mut seen: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
    let mut problems = Vec::new();
    for doc in site.docs.iter().filter(|d| d.is_leaflet()) {
        let file = site.file(doc);
        match seen.get(file.stem.as_str()) {
            Some(key) if *key != doc.key => problems.push(
                Diagnostic::error(format!("two leaflets are named `{}`", file.stem))
                    .in_file(&file.source.path)
                    .help(format!(
                        "rename one of them: `content/{key}` prints to the same PDF names"
                    )),
            ),
            _ => {
                seen.insert(&file.stem, &doc.key);
            }
        }
    }
    problems
}

/// A page whose `reviewed` date is older than the site's review period is a
/// warning: its facts (wages, quotas, institutions) may have changed.
pub fn check_reviews(site: &Site, today: Date) -> Vec<Diagnostic> {
    let months = site.config.review_after_months;
    // In parallel: a generated site can have thousands of old pages, and each
    // warning locates its line in its file.
    site.docs
        .par_iter()
        .filter(|d| d.original.is_none())
        .filter_map(|doc| {
            let file = site.file(doc);
            let reviewed = file.common().reviewed?;
            if reviewed > today {
                let at = front_matter::locate_value(&file.source, &file.split, "reviewed");
                return Some(
                    Diagnostic::warning(format!("the review date {reviewed} is in the future"))
                        .at(&file.source, at)
                        .help("set `reviewed:` to the day the page's facts were checked"),
                );
            }
            if reviewed.months_until(today) < i64::from(months) {
                return None;
            }
            let at = front_matter::locate_value(&file.source, &file.split, "reviewed");
            Some(
                Diagnostic::warning(format!(
                    "the page was last reviewed on {reviewed}, {months} months or more ago"
                ))
                .at(&file.source, at)
                .help("check its facts against its sources, update what changed, then set `reviewed:` to today's date"),
            )
        })
        .collect()
}

/// A page's address longer than this makes a QR code too dense to scan at the
/// printed size (25 mm): about version 10, 57 modules of 0.44 mm.
const QR_READABLE_BYTES: usize = 150;

/// Every page prints a QR code of its address; a very long address makes one
/// that phones cannot read (or none at all).
pub fn check_qr_addresses(site: &Site) -> Vec<Diagnostic> {
    site.docs
        .iter()
        .filter(|d| d.original.is_none())
        .filter_map(|doc| {
            let url = site.config.permalink(&doc.url);
            (url.len() > QR_READABLE_BYTES).then(|| {
                let file = site.file(doc);
                Diagnostic::warning(format!(
                    "the page's address is {} bytes long, too long for a QR code phones can read on paper",
                    url.len()
                ))
                .in_file(&file.source.path)
                .help("give the page and its sections shorter `slug`s")
            })
        })
        .collect()
}
