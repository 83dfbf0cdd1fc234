//! Stage `resolve`: [`Content`] → [`Site`]. Gives every file its language,
//! translations, URL and place in the section tree; finds URL collisions and
//! missing translations; adds fallback pages. Pure.
//!
//! Longer than the ~400-line bound: the resolved site is the model every later
//! stage queries; its lookups (translations, link targets, bound parts, editions)
//! stay with the data they read.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::config::Config;
use crate::content::{Content, ContentFile, Front, ancestors, join, slugify};
use crate::diagnostic::Diagnostic;
use crate::front_matter::{ContentType, SortBy};

pub type DocId = usize;

/// The resolved site: every document that will become a page of output.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub files: Vec<ContentFile>,
    pub docs: Vec<Doc>,
    /// `countries/japan.id.md` → its document.
    by_rel: HashMap<String, DocId>,
    /// Translation key → language → the document read in that language.
    by_key: HashMap<String, BTreeMap<String, DocId>>,
    drafts: HashSet<String>,
    /// The output paths of the static files the site publishes (`images/x.png`),
    /// set once they are known (`build::prepare`): root-relative links in
    /// bodies are checked against them.
    pub static_paths: std::collections::BTreeSet<String>,
    /// Each document by its URL, made the first time a root-relative link
    /// asks (most sites have none, and it is one more string a page).
    by_url: std::sync::OnceLock<HashMap<String, DocId>>,
    /// The files beside the pages, where each is published.
    pub attachments: crate::attachments::Attachments,
}

/// What a root-relative address names ([`Site::root_target`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootTarget {
    /// A static file (or the site's root), by its output path.
    File(String),
    /// A page.
    Page(DocId),
}

/// A page or section in one language, at one URL.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Index into [`Site::files`]: the source it is rendered from.
    pub file: usize,
    /// The reader's language: URL prefix, UI strings, switcher.
    pub lang: String,
    /// The translation key: `countries/japan`, `countries/_index`, `_index`.
    pub key: String,
    pub is_section: bool,
    /// A section's own type; for a page, the type its section gives it.
    pub kind: ContentType,
    pub sort_by: SortBy,
    /// The URL path below the site's base, without a leading slash: `id/negara/jepang/`.
    pub url: String,
    /// The nearest section above, in the same language.
    pub parent: Option<DocId>,
    /// For sections: their pages, in the section's order, and their subsections.
    pub pages: Vec<DocId>,
    pub subsections: Vec<DocId>,
    /// Set on a fallback copy: the document in the other language it shows.
    pub original: Option<DocId>,
}

/// A leaflet's bilingual edition: every language's version back to back, at `<key>/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    /// The leaflet's translation key (`leaflets/bontang-2025`).
    pub key: String,
    /// Its documents, in the site's language order.
    pub docs: Vec<DocId>,
}

/// Where a link to a content file goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    Doc(DocId),
    Missing { suggestion: Option<String> },
    Draft,
}

impl Doc {
    /// A leaflet in its own language: not a section, not a fallback copy.
    pub fn is_leaflet(&self) -> bool {
        self.kind == ContentType::Leaflet && !self.is_section && self.original.is_none()
    }
}

impl Site {
    /// What a root-relative address (`/images/x.png`, `/id/negara/`,
    /// `/sponsors/`: `path` without its `/`) names: a static file or a page;
    /// a page's address without a language (as a Hugo site's default
    /// language has) is the page in `lang`, else in another language. `None`
    /// when nothing in the site is there.
    pub fn root_target(&self, path: &str, lang: &str) -> Option<RootTarget> {
        if path.is_empty() {
            return Some(RootTarget::File(String::new()));
        }
        // A file: as written, else below a language's folder, where the
        // files beside pages are (`/documents/x.pdf`, as Hugo published
        // the default language's, is `id/documents/x.pdf`).
        let file = std::iter::once(path.to_string())
            .chain(self.languages_from(lang).map(|l| format!("{l}/{path}")));
        if let Some(found) = file.into_iter().find(|p| self.static_paths.contains(p)) {
            return Some(RootTarget::File(found));
        }
        // `x/`, `x`, `x/index.html`, or `x.html` (Hugo's `uglyURLs` and
        // older sites write pages so): the page at `x/`.
        let folder = if let Some(dir) = path.strip_suffix("index.html") {
            dir.to_string()
        } else if let Some(page) = path.strip_suffix(".html") {
            format!("{page}/")
        } else if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        };
        let by_url = self.by_url.get_or_init(|| {
            let urls = self.docs.iter().enumerate();
            urls.map(|(id, d)| (d.url.clone(), id)).collect()
        });
        let page = |url: &str| by_url.get(url).copied();
        page(&folder)
            .or_else(|| {
                self.languages_from(lang)
                    .find_map(|l| page(&format!("{l}/{folder}")))
            })
            .map(RootTarget::Page)
    }

    /// `lang`, then the site's other languages in their order.
    fn languages_from<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a str> {
        let others = self.config.languages.iter().map(String::as_str);
        std::iter::once(lang).chain(others.filter(move |l| *l != lang))
    }

    pub fn file(&self, doc: &Doc) -> &ContentFile {
        &self.files[doc.file]
    }

    /// The document for a translation key in a language, if the site has one.
    pub fn doc_for(&self, key: &str, lang: &str) -> Option<DocId> {
        self.by_key.get(key).and_then(|m| m.get(lang)).copied()
    }

    /// The files left out as drafts (`content/`-relative), sorted.
    pub fn drafts(&self) -> Vec<String> {
        let mut drafts: Vec<String> = self.drafts.iter().cloned().collect();
        drafts.sort();
        drafts
    }

    /// The pages made from content, as `build` and `serve` count them: every
    /// document in every language, and the root language chooser.
    pub fn page_count(&self) -> usize {
        self.docs.len() + 1
    }

    /// The real translations of a document (not fallback copies), itself included,
    /// in the site's language order.
    pub fn translations(&self, id: DocId) -> Vec<DocId> {
        let doc = &self.docs[id];
        let source = doc.original.unwrap_or(id);
        let key = &self.docs[source].key;
        self.config
            .languages
            .iter()
            .filter_map(|l| self.doc_for(key, l))
            .filter(|&d| self.docs[d].original.is_none())
            .collect()
    }

    /// Where the switcher sends a reader of `id` who picks `lang`: the
    /// translation, else the nearest section above that exists in `lang`,
    /// else the root chooser (`None`).
    pub fn switch_target(&self, id: DocId, lang: &str) -> Option<DocId> {
        let doc = &self.docs[id];
        if let Some(t) = self.doc_for(&doc.key, lang) {
            return Some(t);
        }
        ancestors(&self.file(doc).dir).find_map(|dir| self.doc_for(&join(dir, "_index"), lang))
    }

    /// Resolves a link to a content file, `rel` being its path under `content/`,
    /// read by a reader of `lang`: the target's translation in `lang` if it has one.
    /// A link without a language code (`japan.md`) names the page in any language.
    pub fn link_target(&self, rel: &str, lang: &str) -> LinkTarget {
        let found = self
            .by_rel
            .get(rel)
            .map(|&d| self.docs[d].key.clone())
            .or_else(|| {
                let key = rel.strip_suffix(".md").unwrap_or(rel);
                // A page bundle's `index` file names the bundle's page.
                let key = crate::content::bundle_of(key, &self.config).unwrap_or(key);
                // Language codes ignore case, as in file names.
                let key = key
                    .rsplit_once('.')
                    .filter(|(_, code)| {
                        self.config
                            .languages
                            .iter()
                            .any(|l| l.eq_ignore_ascii_case(code))
                    })
                    .map_or(key, |(key, _)| key);
                self.config
                    .languages
                    .iter()
                    .any(|l| self.doc_for(key, l).is_some())
                    .then(|| key.to_string())
            });
        match found {
            Some(key) => {
                let in_lang = self.doc_for(&key, lang);
                let any = || {
                    self.config
                        .languages
                        .iter()
                        .find_map(|l| self.doc_for(&key, l))
                };
                LinkTarget::Doc(
                    in_lang
                        .or_else(any)
                        .expect("the key was found in some language"),
                )
            }
            None if self.drafts.contains(rel) => LinkTarget::Draft,
            None => LinkTarget::Missing {
                suggestion: self.similar_file(rel),
            },
        }
    }
}

impl Site {
    /// The page a front-matter field links to (`../languages/korean.md`), read
    /// by the reader of `id`; an error message and help otherwise.
    pub fn field_link(&self, id: DocId, href: &str) -> Result<DocId, (String, String)> {
        let file = self.file(&self.docs[id]);
        match crate::links::parse_href(href, file.folder()) {
            crate::links::Href::Content { rel, .. } => {
                match self.link_target(&rel, &self.docs[id].lang) {
                    LinkTarget::Doc(target) => Ok(target),
                    LinkTarget::Draft => Err((
                        format!("`{href}` is a draft, which this build leaves out"),
                        "publish it, build with `--drafts`, or remove the link".into(),
                    )),
                    LinkTarget::Missing { suggestion } => Err((
                        format!("`{href}` names a missing file"),
                        match suggestion {
                            Some(s) => format!("did you mean `content/{s}`? name the file relative to this one"),
                            None => "name a content file relative to this one, such as `../languages/korean.md`".into(),
                        },
                    )),
                }
            }
            _ => Err((
                format!("`{href}` is not a link to a content file"),
                "name a Markdown file relative to this one, such as `../languages/korean.md`"
                    .into(),
            )),
        }
    }

    /// The pages a leaflet binds, in its reader's language and its order
    /// (links that do not resolve are reported by `check::check_field_links`).
    pub fn booklet_parts(&self, id: DocId) -> Vec<DocId> {
        self.booklet_choices(id)
            .into_iter()
            .map(|(d, _)| d)
            .collect()
    }

    /// The documents of leaflet `id`'s bilingual edition, in the site's
    /// language order, when it has one: when the leaflet is read in more than
    /// one language (fallback copies are no translation). The one rule of
    /// which leaflets get one, at `<key>/`.
    pub fn bilingual_edition(&self, id: DocId) -> Option<Vec<DocId>> {
        let docs: Vec<DocId> = self
            .translations(id)
            .into_iter()
            .filter(|&t| self.docs[t].is_leaflet())
            .collect();
        (docs.len() > 1).then_some(docs)
    }

    /// Every leaflet's bilingual edition ([`Site::bilingual_edition`]),
    /// sorted by key. The plan holds this list
    /// ([`crate::plan::Plan::editions`]); the rest of the site reads it there.
    pub fn bilingual_editions(&self) -> Vec<Edition> {
        let mut editions: Vec<Edition> = (0..self.docs.len())
            .filter(|&id| self.docs[id].is_leaflet())
            .filter_map(|id| {
                let docs = self.bilingual_edition(id)?;
                // Once, from its first language's document.
                (docs[0] == id).then(|| Edition {
                    key: self.docs[id].key.clone(),
                    docs,
                })
            })
            .collect();
        editions.sort_by(|a, b| a.key.cmp(&b.key));
        editions
    }

    /// "Bekerja … / Working …": a bilingual edition's title, from its
    /// documents' (see [`Site::bilingual_editions`]).
    pub fn bilingual_title(&self, ids: &[DocId]) -> String {
        ids.iter()
            .map(|&id| self.file(&self.docs[id]).common().title.as_str())
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// The paper document `id` prints on: a leaflet's own, else the site's.
    pub fn paper(&self, id: DocId) -> crate::config::Paper {
        let file = self.file(&self.docs[id]);
        file.typed()
            .and_then(|t| t.leaflet())
            .and_then(|l| l.paper)
            .unwrap_or(self.config.paper)
    }

    /// [`Site::booklet_parts`], each with the sections the leaflet chose of
    /// it (`x.md#signs,steps`; none: the type's compact part).
    pub fn booklet_choices(&self, id: DocId) -> Vec<(DocId, Vec<&str>)> {
        let file = self.file(&self.docs[id]);
        match file.typed().and_then(|t| t.leaflet()) {
            Some(leaflet) => leaflet
                .pages
                .iter()
                .filter_map(|href| {
                    let target = self.field_link(id, href).ok()?;
                    let sections = crate::types::chosen_sections(href);
                    Some((target, sections.into_iter().map(|(_, s)| s).collect()))
                })
                .collect(),
            None => Vec::new(),
        }
    }

    /// A content file whose name is close to `rel`'s: the file name must be
    /// close, not only the folders (`nope.md` is no `japan.en.md`).
    fn similar_file(&self, rel: &str) -> Option<String> {
        let name = |path: &str| path.rsplit('/').next().unwrap_or(path).to_string();
        let wanted = name(rel);
        let close = self
            .by_rel
            .keys()
            .map(String::as_str)
            .filter(|c| crate::diagnostic::did_you_mean(&wanted, [name(c).as_str()]).is_some());
        crate::diagnostic::did_you_mean(rel, close).map(str::to_string)
    }
}

/// Resolves the loaded content into a site. Problems that would make two
/// pages collide are errors; missing translations are warnings.
pub fn resolve_site(config: Config, content: Content) -> (Site, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let files = content.files;
    let mut site = Site {
        config,
        docs: Vec::with_capacity(files.len()),
        files: Vec::new(),
        by_rel: HashMap::with_capacity(files.len()),
        by_key: HashMap::with_capacity(files.len()),
        drafts: content.drafts.into_iter().collect(),
        static_paths: Default::default(),
        by_url: Default::default(),
        attachments: Default::default(),
    };

    // Sections first: their types and slugs shape their pages' URLs.
    // Sorted, so a folder's type is found the same way on every run.
    let sections: BTreeMap<(String, String), usize> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.is_section())
        .map(|(i, f)| ((f.dir.clone(), f.lang.clone()), i))
        .collect();

    for (index, file) in files.iter().enumerate() {
        let key = file.translation_key();
        if let Some(other) = site.doc_for(&key, &file.lang) {
            let first = &files[site.docs[other].file];
            let bare = |f: &ContentFile| f.rel.strip_suffix(".md") == Some(key.as_str());
            let why = if file.folder() != first.folder() {
                "a page bundle's `x/index.md` is the page `x`, as `x.md` is"
            } else if bare(file) || bare(first) {
                "a bare `x.md` is the default language"
            } else {
                "language codes ignore case (`x.EN.md` is `x.en.md`)"
            };
            problems.push(
                Diagnostic::error(format!(
                    "two files are the `{}` version of the same page",
                    file.lang
                ))
                .in_file(&file.source.path)
                .help(format!(
                    "`{}` is the same page: {why}, so delete or rename one of them",
                    first.source.path.display()
                )),
            );
            continue;
        }
        let sort_by = match &file.front {
            Front::Section { sort_by, .. } => *sort_by,
            Front::Page { .. } => SortBy::Weight,
        };
        let kind = file.kind();
        let doc = Doc {
            file: index,
            lang: file.lang.clone(),
            key: key.clone(),
            is_section: file.is_section(),
            kind,
            sort_by,
            url: url_of(&site.config, &files, &sections, file, &file.lang),
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            original: None,
        };
        site.by_rel.insert(file.rel.clone(), site.docs.len());
        site.by_key
            .entry(key)
            .or_default()
            .insert(file.lang.clone(), site.docs.len());
        site.docs.push(doc);
    }

    add_translation_warnings_and_fallbacks(&mut site, &files, &sections, &mut problems);
    if !site.by_key.contains_key("_index") {
        let lang = &site.config.default_language;
        problems.push(
            Diagnostic::warning("the site has no home page")
                .in_file(std::path::Path::new(&format!("content/_index.{lang}.md")))
                .help(format!(
                    "create `content/_index.{lang}.md` with a `title`: the language chooser at `/` links to it"
                )),
        );
    }
    site.files = files;
    check_url_collisions(&site, &mut problems);
    link_tree(&mut site);
    site.attachments = crate::attachments::place(&site, content.attachments);
    (site, problems)
}

/// `id/negara/jepang/`: the language, each folder's slug in that language
/// (its `_index` file's `slug`, else the folder name), then the page's slug.
/// A page of a section with a permalink pattern (`site.yaml`) is at the
/// language, then the pattern (`en/2015/07/01/report/`); without the date
/// its pattern needs, at the usual address (`check_file` reports it).
fn url_of(
    config: &Config,
    files: &[ContentFile],
    sections: &BTreeMap<(String, String), usize>,
    file: &ContentFile,
    lang: &str,
) -> String {
    let pattern = config.permalinks.for_dir(&file.dir);
    if let Some(url) = pattern
        .filter(|_| !file.is_section())
        .and_then(|p| p.expand(file.common().date, &slugify(own_segment(file))))
    {
        return format!("{lang}/{url}");
    }
    let mut url = format!("{lang}/");
    let mut prefix = String::new();
    for part in file.dir.split('/').filter(|p| !p.is_empty()) {
        prefix = join(&prefix, part);
        let slug = sections
            .get(&(prefix.clone(), lang.to_string()))
            .and_then(|&i| files[i].common().slug.as_deref())
            .unwrap_or(part);
        url.push_str(&slugify(slug));
        url.push('/');
    }
    if !file.is_section() {
        url.push_str(&slugify(own_segment(file)));
        url.push('/');
    }
    url
}

/// What a page's last URL segment is made of: its `slug`, else its file name.
fn own_segment(file: &ContentFile) -> &str {
    file.common().slug.as_deref().unwrap_or(&file.stem)
}

fn add_translation_warnings_and_fallbacks(
    site: &mut Site,
    files: &[ContentFile],
    sections: &BTreeMap<(String, String), usize>,
    problems: &mut Vec<Diagnostic>,
) {
    let mut groups: BTreeMap<&str, Vec<DocId>> = BTreeMap::new();
    for (id, doc) in site.docs.iter().enumerate() {
        groups.entry(&doc.key).or_default().push(id);
    }
    let mut fallbacks = Vec::new();
    for (key, ids) in groups {
        for lang in &site.config.languages {
            if ids.iter().any(|&d| &site.docs[d].lang == lang) {
                continue;
            }
            // The version in the first of the language's fallback languages
            // that has one (`ms → id → en`), else the first there is.
            let in_lang = |l: &String| ids.iter().copied().find(|&d| &site.docs[d].lang == l);
            let chain = site.config.fallback_chain(lang);
            let original = chain.iter().find_map(in_lang).unwrap_or(ids[0]);
            let doc = &site.docs[original];
            let file = &files[doc.file];
            let help = if site.config.fallback {
                format!(
                    "add `{}`; until then readers of `{lang}` see the `{}` page with a notice",
                    expected_path(file, lang),
                    doc.lang
                )
            } else {
                format!(
                    "add `{}`, or set `fallback: true` in site.yaml to show the `{}` page to `{lang}` readers",
                    expected_path(file, lang),
                    doc.lang
                )
            };
            problems.push(
                Diagnostic::warning(format!("no `{lang}` translation of this page"))
                    .in_file(&file.source.path)
                    .help(help),
            );
            if site.config.fallback {
                let mut copy = doc.clone();
                copy.lang = lang.clone();
                copy.url = url_of(&site.config, files, sections, file, lang);
                copy.original = Some(original);
                fallbacks.push((key.to_string(), lang.clone(), copy));
            }
        }
    }
    for (key, lang, doc) in fallbacks {
        site.by_key
            .entry(key)
            .or_default()
            .insert(lang, site.docs.len());
        site.docs.push(doc);
    }
}

fn expected_path(file: &ContentFile, lang: &str) -> String {
    format!("content/{}.{lang}.md", file.translation_key())
}

fn check_url_collisions(site: &Site, problems: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, DocId> = HashMap::with_capacity(site.docs.len());
    for (id, doc) in site.docs.iter().enumerate() {
        if let Some(&first) = seen.get(doc.url.as_str()) {
            let (a, b) = (site.file(&site.docs[first]), site.file(doc));
            let (a, b) = if a.source.path <= b.source.path {
                (a, b)
            } else {
                (b, a)
            };
            let (a_own, b_own) = (own_segment(a), own_segment(b));
            // Names that differ only where URLs do not (case, spaces, Unicode form).
            let help = if a_own != b_own && slugify(a_own) == slugify(b_own) {
                // `café` and `café` can look the same: say what differs.
                use unicode_normalization::UnicodeNormalization;
                let rule = if a_own.nfc().eq(b_own.nfc()) {
                    "the names are the same letters in two Unicode forms (composed and decomposed accents), which URLs treat as one"
                } else {
                    "URLs are lowercase, with `-` for spaces"
                };
                format!(
                    "`{}` has it too: {rule}, so `{a_own}` and `{b_own}` are one; rename one of the files or give it another `slug`",
                    a.source.path.display()
                )
            } else {
                format!(
                    "`{}` has it too: give one of them another `slug`",
                    a.source.path.display()
                )
            };
            let error =
                Diagnostic::error(format!("two pages have the same URL `/{}`", doc.url)).help(help);
            // Point at the slug that made the URL, when there is one.
            problems.push(match b.common().slug {
                Some(_) => error.at(
                    &b.source,
                    crate::front_matter::locate_value(&b.source, &b.split, "slug"),
                ),
                None => error.in_file(&b.source.path),
            });
        } else {
            seen.insert(&doc.url, id);
        }
    }
}

/// Fills in parents, section page lists (sorted) and subsections.
fn link_tree(site: &mut Site) {
    for id in 0..site.docs.len() {
        let parent = parent_section(site, id);
        site.docs[id].parent = parent;
        if let Some(p) = parent {
            if site.docs[id].is_section {
                site.docs[p].subsections.push(id);
            } else {
                site.docs[p].pages.push(id);
            }
        }
    }
    let sorted: Vec<(Vec<DocId>, Vec<DocId>)> = (0..site.docs.len())
        .map(|id| (site.sorted_pages(id), site.sorted_subsections(id)))
        .collect();
    for (doc, (pages, subsections)) in site.docs.iter_mut().zip(sorted) {
        doc.pages = pages;
        doc.subsections = subsections;
    }
}

impl Site {
    /// A section's pages in the section's order (`sort_by`).
    fn sorted_pages(&self, section: DocId) -> Vec<DocId> {
        let meta = |d: DocId| self.files[self.docs[d].file].common();
        let url = |d: DocId| &self.docs[d].url;
        let doc = &self.docs[section];
        let mut pages = doc.pages.clone();
        match doc.sort_by {
            SortBy::Weight => pages.sort_by(|&a, &b| {
                (meta(a).weight.unwrap_or(0), &meta(a).title, url(a)).cmp(&(
                    meta(b).weight.unwrap_or(0),
                    &meta(b).title,
                    url(b),
                ))
            }),
            // Newest first.
            SortBy::Date => pages.sort_by(|&a, &b| {
                (meta(b).date, &meta(a).title, url(a)).cmp(&(meta(a).date, &meta(b).title, url(b)))
            }),
            SortBy::Title => {
                pages.sort_by_cached_key(|&d| (meta(d).title.to_lowercase(), url(d).clone()))
            }
        }
        pages
    }

    fn sorted_subsections(&self, section: DocId) -> Vec<DocId> {
        let meta = |d: DocId| self.files[self.docs[d].file].common();
        let mut subsections = self.docs[section].subsections.clone();
        subsections.sort_by_key(|&d| (meta(d).weight.unwrap_or(0), self.docs[d].url.clone()));
        subsections
    }

    /// The documents shown from file `index`: its own and the fallback copies of it.
    /// Found through its translation key (a copy shares it), so checking
    /// every file does not scan every document for each.
    pub fn docs_of_file(&self, index: usize) -> Vec<DocId> {
        let Some(&own) = self.by_rel.get(&self.files[index].rel) else {
            return Vec::new();
        };
        let mut docs: Vec<DocId> = self.by_key[&self.docs[own].key]
            .values()
            .copied()
            .filter(|&d| self.docs[d].file == index)
            .collect();
        docs.sort_unstable();
        docs
    }

    /// The file index of a content file, by its path under `content/`.
    pub fn file_index(&self, rel: &str) -> Option<usize> {
        self.by_rel.get(rel).map(|&d| self.docs[d].file)
    }

    /// Puts a new version of page file `index` in place of the old one, when
    /// the edit leaves every document where it was: a page still, of the same
    /// type, at the same URL, not a draft. Returns the old version; `None`
    /// (and nothing replaced) when the site must be resolved again instead.
    pub fn replace_page(&mut self, index: usize, new: ContentFile) -> Option<ContentFile> {
        let old = &self.files[index];
        let same_place = !old.is_section()
            && !new.is_section()
            && old.rel == new.rel
            && old.kind() == new.kind()
            && old.common().slug == new.common().slug
            && !new.common().draft;
        if !same_place {
            return None;
        }
        let old = std::mem::replace(&mut self.files[index], new);
        // Its title, weight or date may move it within its section.
        for doc in self.docs_of_file(index) {
            if let Some(parent) = self.docs[doc].parent {
                self.docs[parent].pages = self.sorted_pages(parent);
            }
        }
        Some(old)
    }

    /// The pages document `id`'s typed fields link to or bind (a country's
    /// language pages, a leaflet's pages): what its rendering shows of others.
    pub fn field_targets(&self, id: DocId) -> Vec<DocId> {
        let file = self.file(&self.docs[id]);
        let mut targets = self.booklet_parts(id);
        if let Some(country) = file.typed().and_then(|t| t.country()) {
            targets.extend(
                country
                    .programmes
                    .iter()
                    .filter_map(|p| p.language.as_deref())
                    .filter_map(|href| self.field_link(id, href).ok()),
            );
        }
        targets
    }
}

/// The nearest section above a document, in its language.
fn parent_section(site: &Site, id: DocId) -> Option<DocId> {
    let doc = &site.docs[id];
    let file = site.file(doc);
    if doc.key == "_index" {
        return None;
    }
    // A section's parent is above its own folder.
    let skip = usize::from(doc.is_section);
    ancestors(&file.dir)
        .skip(skip)
        .find_map(|dir| site.doc_for(&join(dir, "_index"), &doc.lang))
}

#[cfg(test)]
mod tests;
