//! Stage `check`: cross-document checks once every body is rendered: links to
//! `#anchors` that do not exist. Pure; returns diagnostics.

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::markdown::Rendered;
use crate::site::{DocId, Site};

/// Every `#anchor` a link names must be a heading id (or footnote) of its target.
pub fn check_anchors(site: &Site, bodies: &[Rendered]) -> Vec<Diagnostic> {
    let ids: Vec<HashSet<&str>> = bodies
        .iter()
        .map(|b| b.headings.iter().map(|h| h.id.as_str()).collect())
        .collect();
    let mut problems = Vec::new();
    for (id, body) in bodies.iter().enumerate() {
        // A fallback copy repeats its original's links; report them once.
        if site.docs[id].original.is_some() {
            continue;
        }
        let file = site.file(&site.docs[id]);
        for link in &body.anchors {
            if ids[link.target].contains(link.anchor.as_str())
                || is_footnote(&bodies[link.target], &link.anchor)
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
                Diagnostic::error(format!("the anchor `#{}` does not exist", link.anchor))
                    .at(&file.source, link.span.clone())
                    .help(help),
            );
        }
    }
    problems
}

fn is_footnote(body: &Rendered, anchor: &str) -> bool {
    body.html.contains(&format!(
        "<div class=\"footnote-definition\" id=\"{anchor}\">"
    ))
}

fn list(ids: &HashSet<&str>) -> String {
    let mut ids: Vec<&str> = ids.iter().copied().collect();
    ids.sort();
    let shown: Vec<String> = ids.iter().take(8).map(|i| format!("`#{i}`")).collect();
    if ids.len() > 8 {
        format!("{} …", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
