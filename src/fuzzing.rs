//! The bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs`), one function per
//! target, kept here so the replay test below runs exactly what the fuzzer
//! runs over the committed corpus, on stable and without cargo-fuzz. Each
//! takes raw bytes, calls the library as a build would, and asserts
//! invariants beyond "no panic". Pure except [`Markdown::new`], which loads a
//! fixture site once. Not part of lembar's API.

use std::path::Path;

use crate::config::{Config, parse_config};
use crate::content::{load_content, parse_content_file};
use crate::diagnostic::Diagnostic;
use crate::front_matter::ContentType;
use crate::markdown::{BodyLabels, Rendered, render_markdown};
use crate::site::{DocId, Site, resolve_site};
use crate::source::SourceFile;

/// The page types a section can give, in the order a selector byte picks
/// them: every content type, as the schemas list them.
const KINDS: [ContentType; 6] = ContentType::ALL;

/// The config the `front_matter` target parses files against.
const SITE_YAML: &str = "title:\n  id: Situs\n  en: Site\nbase_url: https://example.org/\n\
default_language: id\nlanguages: [id, en]\n";

/// Every diagnostic a user can cause names its file and place and says what
/// to do; its place lies inside that file; printing it cannot panic.
fn assert_located(d: &Diagnostic, file: &SourceFile) {
    assert_eq!(d.path.as_deref(), Some(file.path()), "unlocated: {d}");
    let p = d.position.unwrap_or_else(|| panic!("no position: {d}"));
    let lines = file.text.split('\n').count();
    assert!(p.line >= 1 && p.line <= lines, "line out of the file: {d}");
    assert!(p.column >= 1, "column 0: {d}");
    assert!(d.help.is_some(), "no help: {d}");
    let _ = d.to_string();
}

/// `front_matter`: the first byte picks the file (a section `_index` or a page
/// of one of the six types, in `id` or `en`); the rest is the file's text.
pub fn front_matter(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let Ok(config) = parse_config(
        &SourceFile::new("site.yaml", SITE_YAML.into()),
        Path::new(""),
        None,
    ) else {
        panic!("the fuzzing site.yaml is valid");
    };
    let lang = ["id", "en"][usize::from(selector & 1)];
    let choice = usize::from(selector >> 1) % (KINDS.len() + 1);
    let (rel, kind) = match KINDS.get(choice) {
        Some(&kind) => (format!("fuzz/page.{lang}.md"), kind),
        None => (format!("fuzz/_index.{lang}.md"), ContentType::Page),
    };
    let path = Path::new("content").join(&rel);
    let source = SourceFile::new(path, text.to_string());
    let checked = source.clone();
    match parse_content_file(&config, &rel, source, kind) {
        Ok(file) => {
            assert_eq!(file.lang, lang);
            // Positions are in the text as read: control characters become
            // spaces there, so its length can differ from the input's.
            assert!(
                file.split.body.end == checked.text.len(),
                "the body ends the file"
            );
            assert!(checked.text.is_char_boundary(file.split.body.start));
            if let Some(slug) = &file.common().slug {
                assert!(!slug.is_empty() && !slug.contains(['/', '\\']) && slug != "..");
            }
            for d in crate::check::check_todos_in(&file) {
                assert_located(&d, &checked);
            }
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "an error names its problem");
            for d in &problems {
                assert_located(d, &checked);
            }
        }
    }
}

/// `config`: the bytes are `site.yaml`.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile::new("site.yaml", text.to_string());
    match parse_config(&file, Path::new(""), None) {
        Ok(config) => assert_config(&config),
        Err(problems) => {
            assert!(!problems.is_empty(), "an error names its problem");
            for d in &problems {
                assert_located(d, &file);
            }
        }
    }
}

/// What every later stage relies on in a config that parsed.
fn assert_config(config: &Config) {
    assert!(config.base_url.ends_with('/'));
    assert!(config.base_url.starts_with("http://") || config.base_url.starts_with("https://"));
    let base = config.base_path();
    assert!(
        base.starts_with('/') && base.ends_with('/'),
        "base path {base:?}"
    );
    assert_eq!(config.languages.first(), Some(&config.default_language));
    for lang in &config.languages {
        assert!(config.title.contains_key(lang));
    }
    let _ = config.permalink("id/");
}

/// `serve_path`: the bytes are a request path; what `site_path` returns must
/// stay inside the site.
pub fn serve_path(data: &[u8]) {
    let Ok(request) = std::str::from_utf8(data) else {
        return;
    };
    let Some(path) = crate::urls::site_path(request) else {
        return;
    };
    assert!(!path.starts_with('/'), "{request:?} -> {path:?}");
    assert!(!path.contains(['\\', '\0', ':']), "{request:?} -> {path:?}");
    for segment in path.split('/') {
        assert!(segment != ".." && segment != ".", "{request:?} -> {path:?}");
    }
}

/// `markdown`: a loaded fixture site whose pages take the fuzzed text as
/// their body, one page at a time. Made once per process: loading is slow.
pub struct Markdown {
    site: Site,
    labels: BodyLabels,
    /// Every document's body as rendered from the fixture, so the anchor
    /// checks see the rest of the site.
    bodies: Vec<Rendered>,
}

impl Markdown {
    /// Loads the site at `root` (e.g. `tests/fixtures/base`) through the
    /// library's own stages. Panics if it has errors: it is our fixture.
    pub fn new(root: &Path) -> Self {
        let config = crate::config::load_config(root, None).expect("the fixture's site.yaml");
        let (content, problems) = load_content(&config, false);
        assert!(problems.is_empty(), "the fixture loads: {problems:?}");
        let (mut site, problems) = resolve_site(config, content);
        assert!(problems.is_empty(), "the fixture resolves: {problems:?}");
        site.config.raw_html = crate::config::RawHtml::Escape;
        let labels = ["Note", "Tip", "Important", "Warning", "Caution", "Back"].map(String::from);
        let bodies = (0..site.docs.len())
            .map(|id| render_markdown(&site, id, &labels, &site.booklet_parts(id)))
            .collect();
        Markdown {
            site,
            labels,
            bodies,
        }
    }

    /// The first byte picks a file of the site (a page of each type, a
    /// section, a leaflet that binds others); the rest replaces its body.
    pub fn run(&mut self, data: &[u8]) {
        let Some((&selector, rest)) = data.split_first() else {
            return;
        };
        let Ok(body) = std::str::from_utf8(rest) else {
            return;
        };
        let index = usize::from(selector) % self.site.files.len();
        let old = &self.site.files[index];
        let text = format!("{}{body}", &old.source.text[..old.split.body.start]);
        let source = SourceFile::new(old.source.path.clone(), text);
        let rel = old.rel.clone();
        let file = parse_content_file(&self.site.config, &rel, source, old.kind())
            .expect("the fixture's own front matter parses");
        // The front matter is the fixture's, so URLs, types and the section
        // tree stay as resolved.
        self.site.files[index] = file;
        let docs = self.site.docs_of_file(index);
        for &id in &docs {
            let booklet = self.site.booklet_parts(id);
            let rendered = render_markdown(&self.site, id, &self.labels, &booklet);
            self.assert_rendered(id, &rendered);
            self.bodies[id] = rendered;
        }
        let file = &self.site.files[index];
        for d in
            crate::check::check_anchors_from(&self.site, &|id| &self.bodies[id].landmarks, &docs)
        {
            assert_located(&d, &file.source);
        }
        for d in crate::check::check_todos_in(file) {
            assert_located(&d, &file.source);
        }
    }

    fn assert_rendered(&self, id: DocId, rendered: &Rendered) {
        let file = self.site.file(&self.site.docs[id]);
        for d in &rendered.problems {
            assert_located(d, &file.source);
        }
        let mut ids = std::collections::HashSet::new();
        for heading in &rendered.headings {
            assert!(!heading.id.is_empty(), "a heading without id");
            assert!(
                ids.insert(&heading.id),
                "two headings with id {:?}",
                heading.id
            );
            assert!((1..=6).contains(&heading.level));
        }
        for anchor in &rendered.landmarks.links {
            assert!(anchor.span.start >= file.split.body.start);
            assert!(anchor.span.end <= file.source.text.len());
            assert!(anchor.target < self.site.docs.len());
        }
        // No link the Markdown makes can run code. (Raw HTML is escaped in
        // this harness: as written it is the site's own, by policy.)
        for attribute in ["href=\"", "src=\""] {
            let html = &rendered.html;
            for (at, _) in html.match_indices(attribute) {
                // In a tag only: text holds `"` as it is, but never a bare `<`.
                if !html[..at]
                    .rfind(['<', '>'])
                    .is_some_and(|i| html[i..].starts_with('<'))
                {
                    continue;
                }
                let value = html[at + attribute.len()..].split('"').next().unwrap_or("");
                let image = attribute == "src=\"";
                assert!(
                    crate::links::code_scheme(&html_text(value), image).is_none(),
                    "a link that runs code: {attribute}{value}"
                );
            }
        }
    }
}

/// An attribute value as the browser reads it: the entities the renderers
/// write decoded.
fn html_text(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// The committed corpus and regressions of one target, sorted.
    fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
        let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
        let mut files = Vec::new();
        for dir in ["corpus", "regressions"] {
            let Ok(entries) = std::fs::read_dir(fuzz.join(dir).join(target)) else {
                continue;
            };
            for entry in entries {
                let path = entry.expect("a readable corpus folder").path();
                let bytes = std::fs::read(&path).expect("a readable corpus file");
                files.push((path, bytes));
            }
        }
        files.sort();
        files
    }

    /// Runs `body` over every input of `target`; a corpus must not be empty.
    fn replay(target: &str, mut body: impl FnMut(&[u8])) {
        let inputs = inputs(target);
        assert!(!inputs.is_empty(), "fuzz/corpus/{target} has inputs");
        for (path, bytes) in inputs {
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(&bytes)));
            assert!(run.is_ok(), "{} panicked", path.display());
        }
    }

    #[test]
    fn front_matter_corpus_replays() {
        replay("front_matter", front_matter);
    }

    #[test]
    fn markdown_corpus_replays() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let mut target = Markdown::new(&root);
        replay("markdown", |data| target.run(data));
    }

    #[test]
    fn config_corpus_replays() {
        replay("config", config);
    }

    #[test]
    fn serve_path_corpus_replays() {
        replay("serve_path", serve_path);
    }

    #[test]
    fn the_markdown_target_catches_a_link_that_runs_code() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let mut target = Markdown::new(&root);
        // As written, raw HTML is the site's by policy: the harness escapes
        // it, so only a link lembar made could trip the check. Let it through
        // here to see the check fire.
        target.site.config.raw_html = crate::config::RawHtml::Allow;
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            target.run(b"\x00<a href=\"JavaScript:alert(1)\">x</a>\n")
        }));
        assert!(run.is_err(), "the invariant fired");
    }
}
