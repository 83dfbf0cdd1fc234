//! Stage `check`: cross-document checks once every body is rendered: links to
//! `#anchors` that do not exist. Pure; returns diagnostics.

use std::collections::BTreeSet;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::markdown::Rendered;
use crate::site::{DocId, Site};

/// Every `#anchor` a link names must be a heading id (or footnote) of its target.
pub fn check_anchors(site: &Site, bodies: &[Rendered]) -> Vec<Diagnostic> {
    // Sorted, so "did you mean" picks the same id on every run.
    let ids: Vec<BTreeSet<&str>> = bodies
        .iter()
        .map(|b| b.headings.iter().map(|h| h.id.as_str()).collect())
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
