//! Stage `check`: the checks that need no rendered page, one file at a time
//! ([`check_file`], the one list, for `build` and `serve`'s edits) and of the
//! whole site ([`check_site`]); and the checks of links to `#anchors`, which
//! need every rendered body. Pure; returns diagnostics.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::date::Date;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::front_matter;
use crate::markdown::Landmarks;
use crate::site::{DocId, Site};
use crate::source::SourceFile;
use crate::types::Typed;

/// Every check of content file `index` that needs no rendered page: its links
/// in typed fields, its review, the facts it shows, its address's QR code,
/// its TODO markers and control characters (each for every document shown
/// from it, fallback copies included).
pub fn check_file(site: &Site, index: usize, today: Date) -> Vec<Diagnostic> {
    let file = &site.files[index];
    let docs = site.docs_of_file(index);
    let mut problems = Vec::new();
    for &id in &docs {
        problems.extend(check_field_links(site, id));
    }
    problems.extend(docs.iter().filter_map(|&id| check_review(site, id, today)));
    problems.extend(check_facts_in(&site.config, file, today));
    problems.extend(docs.iter().filter_map(|&id| check_qr_address(site, id)));
    problems.extend(check_todos_in(file));
    problems.extend(check_control_chars_in(&file.source));
    problems.extend(check_permalink_date(site, file));
    problems.extend(check_shortcodes_in(file));
    problems
}

/// Hugo shortcodes (`{{< figure … >}}`, `{{% def … %}}`) outside code: lembar
/// does not run them, so they are printed as they are written. One warning
/// a file, at the first.
pub fn check_shortcodes_in(file: &crate::content::ContentFile) -> Option<Diagnostic> {
    let (at, count) = first_shortcode(file)?;
    let text = &file.source.text;
    let name: String = text[at + 3..]
        .trim_start_matches([' ', '/'])
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        .collect();
    let more = match count {
        1 => String::new(),
        n => format!(" ({} more in this file)", n - 1),
    };
    Some(
        Diagnostic::warning(format!(
            "the Hugo shortcode `{name}` is printed as it is written{more}"
        ))
        .at(&file.source, at..at + 3)
        .help("lembar does not run shortcodes: write what it made in Markdown or HTML (a figure as `![text](picture.png)`, a notice as a `> [!NOTE]` callout, an anchor as `<span id=\"…\">`); see docs/migrating.md"),
    )
}

/// The byte offset of the first `{{<` or `{{%` in a file's body outside
/// code, and how many the body has.
fn first_shortcode(file: &crate::content::ContentFile) -> Option<(usize, usize)> {
    let body = file.split.body.clone();
    let text = &file.source.text[body.clone()];
    let found: Vec<usize> = text
        .match_indices("{{")
        .map(|(i, _)| body.start + i)
        .filter(|&at| matches!(file.source.text.as_bytes().get(at + 2), Some(b'<' | b'%')))
        .collect();
    let outside = outside_code(file, found);
    Some((*outside.first()?, outside.len()))
}

/// The byte offsets of `file` (ascending) that are not in its body's code
/// (code spans and blocks). The body is parsed only when one is in it.
fn outside_code(file: &crate::content::ContentFile, mut offsets: Vec<usize>) -> Vec<usize> {
    let body = file.split.body.clone();
    if offsets.iter().any(|at| body.contains(at)) {
        let code = crate::markdown::code_ranges(&file.source.text[body.clone()]);
        offsets.retain(|&at| {
            !code
                .iter()
                .any(|r| (r.start + body.start..r.end + body.start).contains(&at))
        });
    }
    offsets
}

/// A page of a section whose addresses are made from the date has a date.
fn check_permalink_date(site: &Site, file: &crate::content::ContentFile) -> Option<Diagnostic> {
    let pattern = site.config.permalinks.for_dir(&file.dir)?;
    if file.is_section() || !pattern.needs_date() || file.common().date.is_some() {
        return None;
    }
    Some(
        Diagnostic::error("this page has no `date`, which its address needs")
            .at(&file.source, file.split.fence.clone())
            .help(format!(
                "add `date: YYYY-MM-DD`: `site.yaml` gives the pages of `{}/` the addresses `{}` (`permalinks`)",
                file.dir,
                pattern.written()
            )),
    )
}

/// [`check_file`] for every file (in parallel: a generated site has
/// thousands, and each warning locates its line), and the checks of the site
/// as a whole: leaflet names, stale facts, `site.yaml`'s control characters.
pub fn check_site(site: &Site, today: Date) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = (0..site.files.len())
        .into_par_iter()
        .flat_map_iter(|index| check_file(site, index, today))
        .collect();
    problems.extend(check_leaflet_names(site));
    let config = &site.config;
    problems.extend(crate::facts::check_stale(&config.facts, config, today));
    problems.extend(check_control_chars_in(&config.source));
    problems
}

/// Every `#anchor` a link names must be a heading id (or footnote) of its target.
pub fn check_anchors<'a>(site: &Site, marks: &dyn Fn(DocId) -> &'a Landmarks) -> Vec<Diagnostic> {
    let all: Vec<DocId> = (0..site.docs.len()).collect();
    check_anchors_from(site, marks, &all)
}

/// [`check_anchors`] for the links of the documents `from` only (`serve`
/// checks the documents an edit touched).
pub fn check_anchors_from<'a>(
    site: &Site,
    marks: &dyn Fn(DocId) -> &'a Landmarks,
    from: &[DocId],
) -> Vec<Diagnostic> {
    // A target's ids, gathered the first time a link names it (sorted, so
    // "did you mean" picks the same id on every run), and whether it has
    // shortcodes.
    let mut targets: HashMap<DocId, (BTreeSet<&str>, Vec<String>, bool)> = HashMap::new();
    let mut problems = Vec::new();
    for &id in from {
        let body = marks(id);
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
        for link in &body.links {
            let target: DocId = link.target;
            // A leaflet binds sections by the ids of headings outside quotes
            // and lists; a step's or footnote's id is no section.
            if link.section {
                let sections: BTreeSet<&str> = marks(target).sections().collect();
                if !sections.contains(link.anchor.as_str()) {
                    problems.push(section_problem(site, target, &sections, link, file));
                }
                continue;
            }
            let (ids, extra, shortcodes) = targets.entry(target).or_insert_with(|| {
                let headings = marks(target).ids().collect();
                let target_file = site.file(&site.docs[target]);
                let extra = target_file
                    .typed()
                    .map(Typed::element_ids)
                    .unwrap_or_default();
                // Found once per target page: a glossary of shortcodes has
                // many links into it, and finding them parses its body.
                (headings, extra, first_shortcode(target_file).is_some())
            });
            if ids.contains(link.anchor.as_str())
                || extra.contains(&link.anchor)
                || marks(target).footnotes().any(|f| f == link.anchor)
            {
                continue;
            }
            let target_path = source_path(site, target);
            // A page moved from Hugo with shortcodes lembar does not run:
            // the ids they made are missing because of that, said once on
            // the page itself (`check_shortcodes_in`).
            if *shortcodes {
                problems.push(
                    Diagnostic::warning(format!(
                        "the anchor `#{}` does not exist{copy}",
                        link.anchor
                    ))
                    .at(&file.source, link.span.clone())
                    .help(format!(
                        "`{target_path}` has Hugo shortcodes, which lembar does not run, so ids they made are not on the page; give the element an id in HTML (`<span id=\"{}\">`) or link to a heading",
                        link.anchor
                    )),
                );
                continue;
            }
            let mut ids: BTreeSet<&str> = ids.clone();
            ids.extend(extra.iter().map(String::as_str));
            let note = format!("fn:{}", link.anchor);
            let help = match did_you_mean(&link.anchor, ids.iter().copied()) {
                _ if marks(target).footnotes().any(|f| f == note) => {
                    format!("a footnote's id is `fn:` and its label: link to `#{note}`")
                }
                Some(best) => format!(
                    "did you mean `#{best}`? headings of `{target_path}` get ids from their text, or from `{{#id}}` after them"
                ),
                None if ids.is_empty() => {
                    format!("`{target_path}` has no headings; link to the page without `#…`")
                }
                None => format!(
                    "`{target_path}` has the ids {}; or give a heading an id with `{{#{}}}`",
                    list(&ids),
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

/// A leaflet chose a section its page does not have: the names it could
/// choose are the page's headings and its type's parts.
fn section_problem(
    site: &Site,
    target: DocId,
    headings: &BTreeSet<&str>,
    link: &crate::markdown::AnchorRef,
    file: &crate::content::ContentFile,
) -> Diagnostic {
    let target_path = source_path(site, target);
    let mut names: BTreeSet<&str> = headings.clone();
    let parts = site
        .file(&site.docs[target])
        .typed()
        .map(Typed::part_names)
        .unwrap_or_default();
    names.extend(parts);
    let help = match did_you_mean(&link.anchor, names.iter().copied()) {
        Some(best) => format!(
            "did you mean `#{best}`? a leaflet binds sections of a page by their heading ids, or its type's parts"
        ),
        None if names.is_empty() => {
            format!("`{target_path}` has no sections to choose; bind the whole page without `#…`")
        }
        None => format!("`{target_path}` has the sections {}", list(&names)),
    };
    Diagnostic::error(format!(
        "`{target_path}` has no section `#{}` to bind",
        link.anchor
    ))
    .at(&file.source, link.span.clone())
    .help(help)
}

/// The source file of document `id`, as messages name it.
fn source_path(site: &Site, id: DocId) -> String {
    site.file(&site.docs[id]).source.path.display().to_string()
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
/// leaflet's pages) must reach a page in every language the document is
/// read in: document `id` is one of them.
fn check_field_links(site: &Site, id: DocId) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let file = site.file(&site.docs[id]);
    let hrefs: Vec<&str> = match file.typed() {
        Some(Typed::Country(country)) => country
            .programmes
            .iter()
            .filter_map(|p| p.language.as_deref())
            .collect(),
        Some(Typed::Leaflet(leaflet)) => leaflet.pages.iter().map(String::as_str).collect(),
        _ => return problems,
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
fn check_review(site: &Site, id: DocId, today: Date) -> Option<Diagnostic> {
    let months = site.config.review_after_months;
    let doc = &site.docs[id];
    if doc.original.is_some() {
        return None;
    }
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
}

/// Stale facts a file shows: a warning where it first names each (the data
/// file has its own, [`crate::facts::check_stale`]).
fn check_facts_in(
    config: &crate::config::Config,
    file: &crate::content::ContentFile,
    today: Date,
) -> Vec<Diagnostic> {
    let facts = &config.facts;
    let mut seen = std::collections::HashSet::new();
    file.facts
        .iter()
        .filter(|u| seen.insert(u.fact))
        .filter(|u| crate::facts::is_stale(facts.get(u.fact), config, today))
        .map(|u| {
            let fact = facts.get(u.fact);
            Diagnostic::warning(format!(
                "the page shows the fact `{}`, which is as of {}, {} months or more ago",
                fact.name, fact.as_of, config.review_after_months
            ))
            .at(&file.source, u.span.clone())
            .help(format!(
                "check `{}` in `{}` (the warning there says what to do); the page then follows",
                fact.name,
                crate::facts::FACTS_FILE
            ))
        })
        .collect()
}

/// A page's address longer than this makes a QR code too dense to scan at the
/// printed size (25 mm): about version 10, 57 modules of 0.44 mm.
const QR_READABLE_BYTES: usize = 150;

/// Every page prints a QR code of its address; a very long address makes one
/// that phones cannot read (or none at all). A fallback copy's is its
/// original's problem.
fn check_qr_address(site: &Site, id: DocId) -> Option<Diagnostic> {
    let doc = &site.docs[id];
    if doc.original.is_some() {
        return None;
    }
    let url = site.config.permalink(&doc.url);
    (url.len() > QR_READABLE_BYTES).then(|| {
        let file = site.file(doc);
        Diagnostic::warning(format!(
            "the page's address is {} bytes long, too long for a QR code phones can read on paper",
            url.len()
        ))
        .in_file(&file.source.path)
        .help(shorter_address(site, id))
    })
}

/// Advice that can be followed for a page whose address is too long: the
/// longest part of it, and where that part comes from.
fn shorter_address(site: &Site, id: DocId) -> String {
    let doc = &site.docs[id];
    let file = site.file(doc);
    let base = site.config.permalink("");
    if let Some(pattern) = site
        .config
        .permalinks
        .for_dir(&file.dir)
        .filter(|_| !doc.is_section)
    {
        return format!(
            "the address follows `site.yaml`'s permalink pattern `{}`: give the page a shorter `slug:`, or the pattern fewer parts",
            pattern.written()
        );
    }
    // The address's segments: the language, the folders, the page's own.
    let segments: Vec<&str> = doc.url.trim_end_matches('/').split('/').collect();
    let folders: Vec<&str> = file.dir.split('/').filter(|d| !d.is_empty()).collect();
    let longest = segments
        .iter()
        .enumerate()
        .skip(1)
        .max_by_key(|(i, s)| (s.len(), usize::MAX - i));
    let room = format!(
        "`base_url` takes {} bytes of the {QR_READABLE_BYTES} a printed code can hold",
        base.len()
    );
    let Some((i, segment)) = longest else {
        return format!("{room}: publish the site at a shorter address");
    };
    // Segment `i` (after the language) is folder `i - 1`'s, or the page's own.
    let advice = if i <= folders.len() {
        format!(
            "the folder `content/{}/`: give its `_index.{}.md` a shorter `slug:` (the folder keeps its name)",
            folders[..i].join("/"),
            doc.lang
        )
    } else {
        "the page's own: give it a shorter `slug:` (the file keeps its name)".to_string()
    };
    format!(
        "its longest part, `{segment}` ({} bytes), is {advice}; {room}",
        segment.len()
    )
}

/// A warning for a file that had stray control characters (made spaces when
/// it was read, see [`SourceFile::new`]), at the first one.
pub fn check_control_chars_in(file: &SourceFile) -> Option<Diagnostic> {
    let (at, c) = file.control()?;
    Some(
        Diagnostic::warning(format!(
            "control character U+{:04X} replaced by a space",
            u32::from(c)
        ))
        .at(file, at..at + 1)
        .help("it is invisible; delete it (it often comes from copying out of a PDF or a word processor)"),
    )
}

/// TODO markers left in a page (from `lembar new`'s templates): a warning at
/// each, in the front matter (comments included: the raw text is searched) or
/// the body. One byte search per file.
pub fn check_todos_in(file: &crate::content::ContentFile) -> Vec<Diagnostic> {
    // In code, `TODO` is the code's own (`// TODO: …` in an example), not
    // a marker left in the page.
    outside_code(file, find_todos(&file.source.text).collect())
        .into_iter()
        .map(|at| {
            let part = if at < file.split.body.start {
                "front matter"
            } else {
                "text"
            };
            Diagnostic::warning(format!("a TODO marker is left in the page's {part}"))
                .at(&file.source, at..at + TODO.len())
                .help("replace it with the page's real content, or remove it; `--strict` fails while TODO markers are left")
        })
        .collect()
}

const TODO: &str = "TODO";

/// The byte offsets of `TODO`, in capitals, as a whole word (not `TODOs`,
/// `todo` or `MY_TODO`).
pub fn find_todos(text: &str) -> impl Iterator<Item = usize> + '_ {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(TODO).map(|(i, _)| i).filter(move |&i| {
        !text[..i].chars().next_back().is_some_and(is_word)
            && !text[i + TODO.len()..].chars().next().is_some_and(is_word)
    })
}

#[cfg(test)]
mod tests;
