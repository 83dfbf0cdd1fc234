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
        for href in hrefs {
            if let Err((message, help)) = site.field_link(id, href) {
                let at = front_matter::locate_text(&file.source, &file.split, href);
                problems.push(Diagnostic::error(message).at(&file.source, at).help(help));
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
