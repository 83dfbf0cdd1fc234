//! Stage `publish` (search): a language's documents and their plain text →
//! its search index (`id/search-index.js`, a script assigning compact JSON,
//! so it also loads from a `file://` copy), and what the search page lists
//! without JavaScript. Pure.
//!
//! The browser needs no stemmer: the index holds the site's vocabulary
//! (normalized words), grouped by stem; a stem group lists the documents
//! that use any of its words, with a weight. `search.js` matches each query
//! word as a prefix of vocabulary words, takes their groups, keeps the
//! documents every query word found, and ranks them by summed weight.
//!
//! The format, version 2 (`window.lembarSearch={...};`): arrays, small
//! integers and postings packed into strings, which made the shipped
//! site's `id` index 30 KB (13 KB gzipped) instead of 52 KB (15 KB) with
//! postings as JSON number pairs.
//!
//! ```text
//! {"v":2,
//!  "w":[1,2,3,4,6,9,14,22],                 the weight of each weight class
//!  "s":["Negara",…],                        section titles
//!  "d":[["negara/jepang/","Jepang","…",0],…] documents: URL relative to the
//!                                           language home, title, description,
//!                                           index in "s" (-1: none)
//!  "g":["bekerja kerja pekerjaan:4Wb…",…]}  stem groups: their words, a colon,
//!                                           then their postings; `*` instead of
//!                                           the colon marks a common stem (see
//!                                           COMMON_FROM_PAGES), which matches
//!                                           every page
//! ```
//!
//! A posting is one number, (document id − the previous posting's) × 8 +
//! weight class, written in base 32, most significant digit first: the
//! last digit from `0-9A-V`, the ones before it from `W-Za-z-_`.
//!
//! Tokenizing is the same in `search.js`: NFD, drop combining marks,
//! lowercase, then runs of alphabetic or numeric characters
//! (`char::is_alphanumeric`, `/[\p{Alphabetic}\p{N}]+/gu`).

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use serde::Serialize;
use snowball_stemmers_rs::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::site::{DocId, Site};

/// The format's version, for `search.js` to refuse an index it cannot read.
const VERSION: u32 = 2;
/// A word in the title counts this many times a word in the body.
const TITLE_WEIGHT: u32 = 8;
/// A word in the description or a tag counts this many times.
const DESCRIPTION_WEIGHT: u32 = 3;
/// Body occurrences beyond this add nothing: a long page that repeats a
/// word should not bury a page with the word in its title.
const BODY_CAP: u32 = 8;
/// A stem on more than half the pages of a language with at least this many
/// pages is common: like a stop word, it ranks the pages with it in their
/// title or description but no longer narrows a search, and its body
/// postings are left out (they made most of a large site's index).
const COMMON_FROM_PAGES: usize = 100;
/// The weights a posting can carry: three bits, rounded down to these
/// (ranking needs the order of magnitude, not the count).
const WEIGHT_CLASSES: [u32; 8] = [1, 2, 3, 4, 6, 9, 14, 22];
/// The digits of packed postings: the last digit of a number from the first
/// half, the ones before it from the second. None needs escaping in JSON.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
/// The name of the script's global.
const GLOBAL: &str = "window.lembarSearch";

/// The language home's URL below the base: `id/` (the language code and a
/// slash when the site has no home in `lang`).
fn home(site: &Site, lang: &str) -> String {
    site.doc_for("_index", lang)
        .map_or_else(|| format!("{lang}/"), |h| site.docs[h].url.clone())
}

/// The search page's folder name in `lang`: the UI string `search_slug`.
pub fn slug<'a>(strings: &'a crate::i18n::Strings, lang: &str) -> &'a str {
    strings.get(lang, "search_slug").unwrap_or("search")
}

/// The search page's output path: `id/cari/index.html`.
pub fn page_path(site: &Site, lang: &str, slug: &str) -> String {
    format!("{}{slug}/index.html", home(site, lang))
}

/// The search page's address, base-path-absolute: `/id/cari/`.
pub fn page_url(site: &Site, lang: &str, slug: &str, base: &str) -> String {
    format!("{base}{}{slug}/", home(site, lang))
}

/// The index script's output path: `id/search-index.js`.
pub fn index_path(site: &Site, lang: &str) -> String {
    format!("{}search-index.js", home(site, lang))
}

/// Text → normalized text: NFD, combining marks dropped, lowercase
/// (`Ä` → `a`, `Pekerjaan` → `pekerjaan`).
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let folded: String = text.nfd().filter(|&c| !is_combining_mark(c)).collect();
    folded.to_lowercase()
}

/// The words of normalized text: runs of alphabetic or numeric characters.
pub fn words(normalized: &str) -> impl Iterator<Item = &str> {
    normalized
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A language's stemmer: Indonesian and English; other languages keep words whole.
pub struct Stems {
    stemmer: Option<Stemmer>,
}

impl Stems {
    pub fn new(lang: &str) -> Self {
        let algorithm = match lang {
            "id" => Some(Algorithm::Indonesian),
            "en" => Some(Algorithm::English),
            _ => None,
        };
        Stems {
            stemmer: algorithm.map(Stemmer::create),
        }
    }

    /// The stem of a normalized word.
    pub fn stem<'w>(&self, word: &'w str) -> std::borrow::Cow<'w, str> {
        match &self.stemmer {
            Some(s) => s.stem(word),
            None => word.into(),
        }
    }
}

/// The documents of `lang` the index and the search page list, in the
/// page's order: each section, then its pages, sections depth first.
/// Fallback copies are left out (their text is in another language), but
/// a fallback section still heads its own pages.
fn listing(site: &Site, lang: &str) -> Vec<Group> {
    let in_lang = |id: DocId| site.docs[id].lang == lang;
    let own = |id: DocId| in_lang(id) && site.docs[id].original.is_none();
    let mut groups = Vec::new();
    let mut stack: Vec<DocId> = (0..site.docs.len())
        .filter(|&d| in_lang(d) && site.docs[d].is_section && site.docs[d].parent.is_none())
        .rev()
        .collect();
    while let Some(section) = stack.pop() {
        let doc = &site.docs[section];
        let pages: Vec<DocId> = doc.pages.iter().copied().filter(|&p| own(p)).collect();
        if own(section) || !pages.is_empty() {
            groups.push(Group {
                section,
                own: own(section),
                pages,
            });
        }
        stack.extend(
            doc.subsections
                .iter()
                .rev()
                .copied()
                .filter(|&s| in_lang(s)),
        );
    }
    let orphans: Vec<DocId> = (0..site.docs.len())
        .filter(|&d| own(d) && !site.docs[d].is_section && site.docs[d].parent.is_none())
        .collect();
    if !orphans.is_empty() {
        groups.push(Group {
            section: usize::MAX,
            own: false,
            pages: orphans,
        });
    }
    groups
}

/// A section and the pages listed under it.
struct Group {
    /// `usize::MAX` for pages outside any section.
    section: DocId,
    /// Whether the section itself is listed (not a fallback copy).
    own: bool,
    pages: Vec<DocId>,
}

/// The documents in index order (index id → site id) and, for each, the
/// group whose section it is shown under: a page its own group, a section
/// the group of its parent section (`None` for the home page).
fn index_docs(site: &Site, groups: &[Group]) -> Vec<(DocId, Option<usize>)> {
    let group_of = |section: DocId| groups.iter().position(|g| g.section == section);
    let mut docs = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        if group.own {
            let parent = site.docs[group.section].parent.and_then(group_of);
            docs.push((group.section, parent));
        }
        docs.extend(group.pages.iter().map(|&p| (p, Some(g))));
    }
    docs
}

/// One stem group while the index is built.
#[derive(Default)]
struct StemGroup {
    words: BTreeSet<String>,
    /// On most pages: `postings` holds only those with it in a title,
    /// description or tag, and the word matches every page.
    common: bool,
    /// Index document id → weight, ids increasing.
    postings: Vec<(u32, u32)>,
}

/// Calls `f` with each word of `text`, as `words(&normalize(text))` gives
/// them, but normalizing word by word: most words are ASCII and need only
/// lowercasing, which a text with one accent anywhere would otherwise lose.
fn each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut lower = String::new();
    let raw = text
        .split(|c: char| !(c.is_alphanumeric() || is_combining_mark(c)))
        .filter(|w| !w.is_empty());
    for word in raw {
        if word.is_ascii() {
            lower.clear();
            lower.push_str(word);
            lower.make_ascii_lowercase();
            f(&lower);
        } else {
            let normalized = normalize(word);
            words(&normalized).for_each(&mut f);
        }
    }
}

/// The words seen so far, each stemmed once, with its stem's number: pages
/// count their words by number, so the word loop neither allocates nor hashes
/// strings twice.
struct Lexicon<'a> {
    stems: &'a Stems,
    /// word → stem number.
    words: FxHashMap<String, u32>,
    stem_numbers: FxHashMap<String, u32>,
    /// stem number → stem.
    stem_names: Vec<String>,
}

impl Lexicon<'_> {
    fn stem_of(&mut self, word: &str) -> u32 {
        if let Some(&n) = self.words.get(word) {
            return n;
        }
        let stem = self.stems.stem(word);
        let n = match self.stem_numbers.get(stem.as_ref()) {
            Some(&n) => n,
            None => {
                let n = self.stem_names.len() as u32;
                self.stem_numbers.insert(stem.to_string(), n);
                self.stem_names.push(stem.into_owned());
                n
            }
        };
        self.words.insert(word.to_string(), n);
        n
    }
}

/// One page's weight per stem number, reset between pages.
#[derive(Default)]
struct Counts {
    weight: Vec<u32>,
    touched: Vec<u32>,
}

impl Counts {
    fn add(&mut self, stem: u32, weight: u32) {
        let i = stem as usize;
        if i >= self.weight.len() {
            self.weight.resize(i + 1, 0);
        }
        if self.weight[i] == 0 {
            self.touched.push(stem);
        }
        self.weight[i] += weight;
    }

    /// The stem's weight so far, now zero.
    fn take(&mut self, stem: u32) -> u32 {
        self.weight.get_mut(stem as usize).map_or(0, std::mem::take)
    }
}

/// Counts the words of one field, each occurrence `weight`, capped at `cap` per stem.
fn count(text: &str, weight: u32, cap: u32, lexicon: &mut Lexicon, counts: &mut Counts) {
    if cap == u32::MAX {
        each_word(text, |word| counts.add(lexicon.stem_of(word), weight));
        return;
    }
    let mut field = Counts::default();
    each_word(text, |word| field.add(lexicon.stem_of(word), weight));
    for &stem in &field.touched {
        counts.add(stem, field.weight[stem as usize].min(cap));
    }
}

/// A fingerprint of everything `lang`'s index is made from (the format, each
/// indexed page's address, title, description, tags, section and text), for
/// the index's address: a browser fetches a changed index again. Hashing the
/// inputs costs a few milliseconds where building the index costs far more.
pub fn index_fingerprint(site: &Site, lang: &str, texts: &[&str]) -> String {
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    let mut add = |part: &str| {
        hash.update(part.as_bytes());
        hash.update(&[0]);
    };
    add(&format!("{VERSION} {COMMON_FROM_PAGES}"));
    let groups = listing(site, lang);
    for (id, group) in index_docs(site, &groups) {
        let doc = &site.docs[id];
        let meta = site.file(doc).common();
        add(&doc.url);
        add(&meta.title);
        add(meta.description.as_deref().unwrap_or(""));
        meta.tags.iter().for_each(|t| add(t));
        add(&format!("{group:?}"));
        add(texts.get(id).copied().unwrap_or(""));
    }
    for group in groups.iter().filter(|g| g.section != usize::MAX) {
        add(&site.file(&site.docs[group.section]).common().title);
    }
    format!("{:016x}", hash.digest())[..10].to_string()
}

/// The index of every document in `lang` (not fallback copies; drafts only
/// when built with them, since otherwise they are not in the site).
/// `texts[id]` is the plain text of site document `id`'s body
/// ([`crate::markdown::Rendered::text`]); missing entries count as empty.
pub fn render_index(site: &Site, lang: &str, texts: &[&str]) -> Vec<u8> {
    index_with(site, lang, texts, COMMON_FROM_PAGES)
}

/// [`render_index`], with stems common from `common_from` pages on.
fn index_with(site: &Site, lang: &str, texts: &[&str], common_from: usize) -> Vec<u8> {
    let groups = listing(site, lang);
    let docs = index_docs(site, &groups);
    let stems = Stems::new(lang);
    let mut lexicon = Lexicon {
        stems: &stems,
        words: FxHashMap::default(),
        stem_numbers: FxHashMap::default(),
        stem_names: Vec::new(),
    };
    // stem number → (index document id, weight, in a title, description or tag),
    // ids increasing.
    let mut postings: Vec<Vec<(u32, u32, bool)>> = Vec::new();
    let (mut body, mut fields) = (Counts::default(), Counts::default());
    for (n, &(id, _)) in docs.iter().enumerate() {
        let meta = site.file(&site.docs[id]).common();
        let text = texts.get(id).copied().unwrap_or("");
        count(text, 1, BODY_CAP, &mut lexicon, &mut body);
        count(
            &meta.title,
            TITLE_WEIGHT,
            u32::MAX,
            &mut lexicon,
            &mut fields,
        );
        let about = meta.description.as_deref().unwrap_or("");
        count(
            about,
            DESCRIPTION_WEIGHT,
            u32::MAX,
            &mut lexicon,
            &mut fields,
        );
        for tag in &meta.tags {
            count(tag, DESCRIPTION_WEIGHT, u32::MAX, &mut lexicon, &mut fields);
        }
        postings.resize_with(lexicon.stem_names.len(), Vec::new);
        for stem in body.touched.drain(..) {
            let weight = std::mem::take(&mut body.weight[stem as usize]);
            let named = fields.take(stem);
            postings[stem as usize].push((n as u32, weight + named, named > 0));
        }
        for stem in fields.touched.drain(..) {
            let named = std::mem::take(&mut fields.weight[stem as usize]);
            if named > 0 {
                postings[stem as usize].push((n as u32, named, true));
            }
        }
    }
    let common_share = if docs.len() >= common_from {
        docs.len() / 2
    } else {
        usize::MAX
    };
    let mut index: BTreeMap<String, StemGroup> = BTreeMap::new();
    for (stem, mut postings) in lexicon.stem_names.iter().zip(postings) {
        let common = postings.len() > common_share;
        if common {
            postings.retain(|p| p.2);
        }
        index.insert(
            stem.clone(),
            StemGroup {
                words: BTreeSet::new(),
                common,
                postings: postings.into_iter().map(|(d, w, _)| (d, w)).collect(),
            },
        );
    }
    for (word, stem) in lexicon.words {
        if let Some(group) = index.get_mut(&lexicon.stem_names[stem as usize]) {
            group.words.insert(word);
        }
    }
    encode(site, lang, &groups, &docs, index)
}

/// The index as the script `search.js` loads.
fn encode(
    site: &Site,
    lang: &str,
    groups: &[Group],
    docs: &[(DocId, Option<usize>)],
    index: BTreeMap<String, StemGroup>,
) -> Vec<u8> {
    let prefix = home(site, lang);
    let title = |id: DocId| site.file(&site.docs[id]).common().title.as_str();
    let sections: Vec<&str> = groups
        .iter()
        .map(|g| {
            if g.section == usize::MAX {
                ""
            } else {
                title(g.section)
            }
        })
        .collect();
    let documents: Vec<(&str, &str, &str, i64)> = docs
        .iter()
        .map(|&(id, group)| {
            let doc = &site.docs[id];
            let meta = site.file(doc).common();
            (
                doc.url.strip_prefix(prefix.as_str()).unwrap_or(&doc.url),
                meta.title.as_str(),
                meta.description.as_deref().unwrap_or(""),
                group.map_or(-1, |g| g as i64),
            )
        })
        .collect();
    let stem_groups: Vec<String> = index
        .into_values()
        .map(|group| {
            let words: Vec<String> = group.words.into_iter().collect();
            let mut packed = words.join(" ");
            packed.push_str(if group.common { "*" } else { ":" });
            let mut previous = 0;
            for (doc, weight) in group.postings {
                push_number(&mut packed, (doc - previous) * 8 + weight_class(weight));
                previous = doc;
            }
            packed
        })
        .collect();
    #[derive(Serialize)]
    struct Index<'a> {
        v: u32,
        w: [u32; 8],
        s: Vec<&'a str>,
        d: Vec<(&'a str, &'a str, &'a str, i64)>,
        g: Vec<String>,
    }
    let json = serde_json::to_string(&Index {
        v: VERSION,
        w: WEIGHT_CLASSES,
        s: sections,
        d: documents,
        g: stem_groups,
    })
    .expect("the index serializes");
    // JSON allows U+2028 and U+2029 in strings; older JavaScript does not.
    let json = json
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!("{GLOBAL}={json};\n").into_bytes()
}

/// The class of a weight: the largest class not above it.
fn weight_class(weight: u32) -> u32 {
    WEIGHT_CLASSES
        .iter()
        .rposition(|&c| c <= weight)
        .unwrap_or(0) as u32
}

/// Appends `n` in base 32, most significant digit first (see the module doc).
fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 7];
    let mut len = 0;
    loop {
        digits[len] = (n % 32) as u8;
        len += 1;
        n /= 32;
        if n == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        let continued = if i > 0 { 32 } else { 0 };
        out.push(DIGITS[usize::from(digits[i] + continued)] as char);
    }
}

/// What the search page shows: every page of the language, grouped by
/// section, and where its scripts are.
#[derive(Debug, Serialize)]
pub struct SearchContext {
    /// The search page itself (the form's `action`).
    pub url: String,
    /// The language's index script (`/id/search-index.js`).
    pub index_url: String,
    /// The search script (`/search.js`).
    pub script_url: String,
    /// How many pages the listing holds.
    pub count: usize,
    pub sections: Vec<SectionEntries>,
}

/// A section and its pages; `title`/`url` are empty for pages outside any section.
#[derive(Debug, Serialize)]
pub struct SectionEntries {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    /// The section itself is a page of this language (not a fallback copy).
    pub own: bool,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Serialize)]
pub struct Entry {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
}

/// The search page's listing and script addresses; `base` is the base path
/// (`/`), `slug` the page's slug in `lang` (the UI string `search_slug`).
pub fn search_context(site: &Site, lang: &str, base: &str, slug: &str) -> SearchContext {
    let entry = |id: DocId| {
        let doc = &site.docs[id];
        let meta = site.file(doc).common();
        Entry {
            title: meta.title.clone(),
            url: format!("{base}{}", doc.url),
            description: meta.description.clone(),
        }
    };
    let groups = listing(site, lang);
    let count = groups
        .iter()
        .map(|g| g.pages.len() + usize::from(g.own))
        .sum();
    let sections = groups
        .iter()
        .map(|g| {
            let (title, url, description) = if g.section == usize::MAX {
                (String::new(), String::new(), None)
            } else {
                let e = entry(g.section);
                (e.title, e.url, e.description)
            };
            SectionEntries {
                title,
                url,
                description,
                own: g.own,
                entries: g.pages.iter().map(|&p| entry(p)).collect(),
            }
        })
        .collect();
    SearchContext {
        url: page_url(site, lang, slug, base),
        index_url: format!("{base}{}", index_path(site, lang)),
        script_url: format!("{base}search.js"),
        count,
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Content, parse_content_file};
    use crate::front_matter::ContentType;
    use crate::source::SourceFile;

    /// A site of `files` (path under `content/`, text), `fallback` on.
    fn site_of(files: &[(&str, &str)]) -> Site {
        let yaml = "title: {id: A, en: B}\nbase_url: https://x.org/\nfallback: true\n";
        let config = crate::config::parse_config(
            &SourceFile::new("site.yaml", yaml.to_string()),
            std::path::Path::new("."),
            None,
        )
        .expect("config");
        let mut files: Vec<_> = files
            .iter()
            .map(|(rel, text)| {
                let source = SourceFile::new(format!("content/{rel}"), text.to_string());
                parse_content_file(&config, rel, source, ContentType::Page).expect("file")
            })
            .collect();
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        let content = Content {
            files,
            drafts: Vec::new(),
        };
        crate::site::resolve_site(config, content).0
    }

    fn page(title: &str, description: &str) -> String {
        format!("---\ntitle: {title}\ndescription: {description}\n---\n")
    }

    /// The shipped-like test site: a home and a section in both languages,
    /// a page only in Indonesian (so `en` gets a fallback copy).
    fn sample() -> Site {
        site_of(&[
            ("_index.id.md", &page("Beranda", "Bekerja ke luar negeri")),
            ("_index.en.md", &page("Home", "Working abroad")),
            (
                "countries/_index.id.md",
                "---\ntitle: Negara\nslug: negara\n---\n",
            ),
            ("countries/_index.en.md", "---\ntitle: Countries\n---\n"),
            (
                "countries/japan.id.md",
                &page("Jepang", "Pekerjaan di Jepang"),
            ),
            ("countries/japan.en.md", &page("Japan", "Jobs in Japan")),
            (
                "countries/korea.id.md",
                &page("Korea Selatan", "Program EPS"),
            ),
        ])
    }

    /// Texts by site document id: `(key, lang, text)`.
    fn texts<'a>(site: &Site, bodies: &[(&str, &str, &'a str)]) -> Vec<&'a str> {
        let mut texts = vec![""; site.docs.len()];
        for (key, lang, text) in bodies {
            texts[site.doc_for(key, lang).expect("a document")] = text;
        }
        texts
    }

    /// The index script's JSON.
    fn parse(bytes: &[u8]) -> serde_json::Value {
        let text = std::str::from_utf8(bytes).expect("UTF-8");
        let json = text
            .strip_prefix("window.lembarSearch=")
            .and_then(|t| t.strip_suffix(";\n"))
            .expect("one assignment");
        serde_json::from_str(json).expect("JSON")
    }

    /// Packed postings → numbers, as `search.js` reads them.
    fn unpack(packed: &str) -> Vec<u32> {
        let mut numbers = Vec::new();
        let mut n = 0;
        for c in packed.bytes() {
            let digit = DIGITS.iter().position(|&d| d == c).expect("a digit") as u32;
            n = n * 32 + digit % 32;
            if digit < 32 {
                numbers.push(n);
                n = 0;
            }
        }
        assert_eq!(n, 0, "a number is cut off in {packed}");
        numbers
    }

    /// A stem group as read back: its words and its (document id, weight) pairs.
    type ReadGroup = (Vec<String>, Vec<(u64, u64)>);

    /// The index's stem groups.
    fn groups(index: &serde_json::Value) -> Vec<ReadGroup> {
        index["g"]
            .as_array()
            .expect("groups")
            .iter()
            .map(|g| {
                let (words, packed) = g.as_str().unwrap().split_once([':', '*']).expect("a colon");
                let mut doc = 0;
                let postings = unpack(packed)
                    .into_iter()
                    .map(|n| {
                        doc += u64::from(n / 8);
                        (doc, u64::from(WEIGHT_CLASSES[(n % 8) as usize]))
                    })
                    .collect();
                (words.split(' ').map(String::from).collect(), postings)
            })
            .collect()
    }

    #[test]
    fn numbers_pack_into_digits_and_back() {
        let numbers = [0, 1, 7, 31, 32, 33, 1023, 1024, 123_456, u32::MAX];
        let mut packed = String::new();
        for n in numbers {
            push_number(&mut packed, n);
        }
        assert_eq!(unpack(&packed), numbers);
        let mut one = String::new();
        push_number(&mut one, 33);
        assert_eq!(one, "X1", "most significant digit first, continued");
        assert_eq!(weight_class(1), 0);
        assert_eq!(weight_class(5), 3);
        assert_eq!(weight_class(100), 7);
    }

    fn group_with<'g>(groups: &'g [ReadGroup], word: &str) -> &'g ReadGroup {
        groups
            .iter()
            .find(|(w, _)| w.iter().any(|w| w == word))
            .unwrap_or_else(|| panic!("no group has `{word}`"))
    }

    /// The index id of the document titled `title`.
    fn doc_titled(index: &serde_json::Value, title: &str) -> u64 {
        index["d"]
            .as_array()
            .unwrap()
            .iter()
            .position(|d| d[1] == title)
            .unwrap_or_else(|| panic!("no document `{title}`")) as u64
    }

    #[test]
    fn the_plain_text_of_a_body_keeps_words_apart_and_whole() {
        let body = "# Judul\n## Sub\nPara **Pe**kerjaan `kode`\nbaris\n\n- satu\n- dua\n\n```\nfn x\n```\n\n| a | b |\n|---|---|\n| c | d |\n";
        let site = site_of(&[("a.id.md", &format!("---\ntitle: A\n---\n{body}"))]);
        let id = site.doc_for("a", "id").unwrap();
        let labels = ["N", "T", "I", "W", "C"].map(String::from);
        let text = crate::markdown::render_markdown(&site, id, &labels, &[]).text;
        assert_eq!(
            text.split_whitespace().collect::<Vec<_>>(),
            [
                "Judul",
                "Sub",
                "Para",
                "Pekerjaan",
                "kode",
                "baris",
                "satu",
                "dua",
                "fn",
                "x",
                "a",
                "b",
                "c",
                "d"
            ],
            "{text:?}"
        );
    }

    #[test]
    fn normalizing_folds_case_and_accents() {
        assert_eq!(normalize("Ä"), "a");
        assert_eq!(normalize("Pekerjaan"), "pekerjaan");
        assert_eq!(normalize("ÉTÉ Crème"), "ete creme");
        // Precomposed and decomposed forms meet.
        assert_eq!(normalize("caf\u{e9}"), normalize("cafe\u{301}"));
        assert_eq!(normalize("İstanbul"), "istanbul");
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let text = normalize("Gaji: Rp 5.000.000/bulan — (UMR) e-KTP, ½ hari!");
        let found: Vec<&str> = words(&text).collect();
        assert_eq!(
            found,
            [
                "gaji", "rp", "5", "000", "000", "bulan", "umr", "e", "ktp", "½", "hari"
            ]
        );
        assert_eq!(words("  ,; ").count(), 0);
    }

    #[test]
    fn indonesian_forms_of_a_word_share_a_stem() {
        let id = Stems::new("id");
        for word in ["bekerja", "pekerja", "pekerjaan", "kerja"] {
            assert_eq!(id.stem(word), "kerja", "{word}");
        }
        let en = Stems::new("en");
        assert_eq!(en.stem("working"), en.stem("works"));
        // Other languages keep words whole.
        assert_eq!(Stems::new("jv").stem("nyambut"), "nyambut");
    }

    #[test]
    fn paths_and_urls_sit_under_the_language_home() {
        let site = sample();
        assert_eq!(page_path(&site, "id", "cari"), "id/cari/index.html");
        assert_eq!(page_url(&site, "en", "search", "/sub/"), "/sub/en/search/");
        assert_eq!(index_path(&site, "id"), "id/search-index.js");
        // A language without a home still gets its own folder.
        assert_eq!(index_path(&site, "de"), "de/search-index.js");
    }

    #[test]
    fn the_index_groups_word_forms_and_weighs_titles_above_bodies() {
        let site = sample();
        let texts = texts(
            &site,
            &[
                ("countries/japan", "id", "Banyak pekerja bekerja di pabrik."),
                ("countries/korea", "id", "Syarat kerja: lulus ujian bahasa."),
            ],
        );
        let index = parse(&render_index(&site, "id", &texts));
        assert_eq!(index["v"], 2);
        assert_eq!(index["w"], serde_json::json!(WEIGHT_CLASSES));
        let groups = groups(&index);
        let (words, postings) = group_with(&groups, "kerja");
        assert_eq!(words, &["bekerja", "kerja", "pekerja", "pekerjaan"]);
        let jepang = doc_titled(&index, "Jepang");
        let korea = doc_titled(&index, "Korea Selatan");
        // Jepang: "pekerja", "bekerja" in the body, "Pekerjaan" in the description.
        let weight = u64::from(WEIGHT_CLASSES[weight_class(2 + DESCRIPTION_WEIGHT) as usize]);
        assert!(postings.contains(&(jepang, weight)), "{postings:?}");
        assert!(postings.contains(&(korea, 1)), "{postings:?}");
        let (_, jepang_title) = group_with(&groups, "jepang");
        let title_weight = jepang_title.iter().find(|p| p.0 == jepang).unwrap().1;
        assert!(
            title_weight >= 6 && title_weight > weight,
            "{jepang_title:?}"
        );
        // URLs are relative to the language home; pages name their section.
        let d = &index["d"][jepang as usize];
        assert_eq!(d[0], "negara/japan/");
        assert_eq!(index["s"][d[3].as_u64().unwrap() as usize], "Negara");
        assert_eq!(index["d"][0][0], "", "the home page comes first");
        assert_eq!(index["d"][0][3], -1, "the home page is in no section");
    }

    #[test]
    fn words_one_by_one_are_the_words_of_the_normalized_text() {
        for text in [
            "Pekerja MIGRAN, Bekerja!",
            "Café e\u{301}tude ÄRZTE — naïve",
            " \u{301}lone mark, ΣΟΦΟΣ σοφός",
            "e-KTP 0800-1000 UU 18/2017",
            "",
        ] {
            let normalized = normalize(text);
            let whole: Vec<&str> = words(&normalized).collect();
            let mut one_by_one = Vec::new();
            each_word(text, |w| one_by_one.push(w.to_string()));
            assert_eq!(one_by_one, whole, "{text}");
        }
    }

    #[test]
    fn a_stem_on_most_pages_keeps_only_its_title_and_description_pages() {
        let site = sample();
        let texts = texts(
            &site,
            &[
                ("_index", "id", "Bekerja dengan aman."),
                ("countries/japan", "id", "Banyak pekerja di pabrik."),
                ("countries/korea", "id", "Syarat kerja dan ujian."),
            ],
        );
        // The `id` index has 4 pages; "kerja" is on all of them.
        let common = std::str::from_utf8(&index_with(&site, "id", &texts, 4))
            .unwrap()
            .to_string();
        let index = parse(common.as_bytes());
        let kerja = index["g"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g.as_str().unwrap())
            .find(|g| g.starts_with("bekerja "))
            .expect("the kerja group");
        assert!(kerja.contains('*'), "{kerja}");
        let groups = groups(&index);
        let (_, postings) = group_with(&groups, "kerja");
        // Left: the home ("Bekerja" in its description) and Jepang ("Pekerjaan").
        let pages: Vec<u64> = postings.iter().map(|p| p.0).collect();
        assert_eq!(
            pages,
            [doc_titled(&index, "Beranda"), doc_titled(&index, "Jepang")]
        );
        // Below the threshold nothing is common.
        let all = parse(&index_with(&site, "id", &texts, 5));
        assert!(
            all["g"]
                .as_array()
                .unwrap()
                .iter()
                .all(|g| !g.as_str().unwrap().contains('*'))
        );
    }

    #[test]
    fn fallback_copies_stay_out_and_english_is_stemmed_as_english() {
        let site = sample();
        let texts = texts(
            &site,
            &[("countries/japan", "en", "Workers work in factories.")],
        );
        let index = parse(&render_index(&site, "en", &texts));
        let titles: Vec<&str> = index["d"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d[1].as_str().unwrap())
            .collect();
        assert_eq!(
            titles,
            ["Home", "Countries", "Japan"],
            "no Korea Selatan copy"
        );
        let groups = groups(&index);
        let (words, _) = group_with(&groups, "work");
        assert!(words.contains(&"working".to_string()), "{words:?}");
        assert!(
            groups
                .iter()
                .all(|(w, _)| !w.contains(&"program".to_string()))
        );
    }

    #[test]
    fn the_index_is_deterministic_and_smaller_than_its_text() {
        let site = sample();
        let body = "Calon pekerja migran wajib mengikuti pelatihan dan memeriksa \
                    kesehatan sebelum berangkat ke negara tujuan. "
            .repeat(40);
        let texts = texts(
            &site,
            &[
                ("countries/japan", "id", &body),
                ("countries/korea", "id", &body),
            ],
        );
        let first = render_index(&site, "id", &texts);
        assert_eq!(first, render_index(&site, "id", &texts));
        assert!(
            first.len() < body.len() / 4,
            "{} bytes for {} bytes of text",
            first.len(),
            2 * body.len()
        );
    }

    #[test]
    fn the_search_page_lists_every_page_by_section() {
        let site = sample();
        let context = search_context(&site, "en", "/", "search");
        assert_eq!(context.url, "/en/search/");
        assert_eq!(context.index_url, "/en/search-index.js");
        assert_eq!(context.script_url, "/search.js");
        let listed: Vec<(&str, Vec<&str>)> = context
            .sections
            .iter()
            .map(|s| {
                (
                    s.title.as_str(),
                    s.entries.iter().map(|e| e.url.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            listed,
            [
                ("Home", vec![]),
                ("Countries", vec!["/en/countries/japan/"])
            ]
        );
        assert_eq!(context.count, 3);
        let id = search_context(&site, "id", "/", "cari");
        assert_eq!(id.count, 4);
        assert_eq!(id.sections[1].entries[1].title, "Korea Selatan");
        assert_eq!(id.sections[1].url, "/id/negara/");
    }
}
