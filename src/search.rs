//! Stage `publish` (search): a language's documents and their text → its
//! search index (`id/search-index.js`, a script assigning compact JSON, so it
//! also loads from a `file://` copy), and what the search page lists without
//! JavaScript. Pure.
//!
//! Ranking is BM25 over fields, computed here so the browser only adds
//! numbers: each of a document's fields — title, description and tags,
//! headings, typed front matter (procedure steps, programmes, tests: every
//! text but links and paths) and body — gets BM25's saturating, length-
//! normalized term frequency, and these are summed with the fields' weights
//! ([`FIELD_WEIGHTS`], as Lunr and Elasticsearch's field boosts do: summed
//! before saturation, as BM25F does, a title word counted barely more than a
//! word once in a short body). Each (stem, document) pair gets one score,
//! quantized to one of [`LEVELS`] levels on a log scale. Stop words ([`language`]) are indexed
//! only in titles.
//!
//! The browser needs no stemmer: the index holds the site's vocabulary
//! (normalized words) grouped by Snowball stem, with the stem, plus the roots
//! a nasal prefix hides (`penipuan` → `tipu`). `search.js` looks a query word
//! up as a word, then as a stem after stripping the language's affixes
//! (shipped in the index: `melatih` → `latih`), the last word also as a
//! prefix, a word of five letters or more within one edit; it expands the
//! site's aliases (`data/search.yaml`, [`aliases`]), drops stop words unless
//! the query has nothing else, and ranks the documents that match every
//! remaining word first, then by summed score.
//!
//! The format, version 3 (`window.lembarSearch={...};`):
//!
//! ```text
//! {"v":3,
//!  "w":[0.02,0.0244,…],                     the score of each level
//!  "s":["Negara",…],                        section titles
//!  "d":[["negara/jepang/","Jepang","…",0],…] documents: URL relative to the
//!                                           language home, title, description,
//!                                           index in "s" (-1: none)
//!  "x":["dan","di",…],                      stop words
//!  "p":["meng","meng>k",…], "f":["kah",…]   prefixes and suffixes to strip
//!                                           (`>`: what replaces them)
//!  "a":{"tkw":["pmi","pekerja migran"],…}   aliases (null: none)
//!  "g":["kerja bekerja kerja pekerjaan:4Wb…",…]}  stem groups: the stem, its
//!                                           words, a colon, then postings; `*`
//!                                           instead of the colon marks a common
//!                                           stem (see COMMON_FROM_PAGES), which
//!                                           matches every page
//! ```
//!
//! A posting is one number, (document id − the previous posting's − 1, or
//! the id for the first) × `LEVELS` plus the level, written in base 32, most
//! significant digit first: the last digit from `0-9A-V`, the ones before it
//! from `W-Za-z-_`. A posting for the page after the previous one is one digit.
//!
//! Tokenizing is the same in `search.js`: NFD, drop combining marks,
//! lowercase, then runs of alphabetic or numeric characters
//! (`char::is_alphanumeric`, `/[\p{Alphabetic}\p{N}]+/gu`).
//!
//! Longer than the ~400-line bound: the index format (above), its BM25 constants
//! and its encoder are one definition; languages, aliases and word counting are apart.

pub mod aliases;
pub mod language;
mod words;

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

pub use aliases::{Aliases, load_aliases};
pub use language::Language;
pub use words::{BodyText, DocWords, SearchInput, WordCounter, WordTable};

use crate::site::{DocId, Site};

/// The format's version, for `search.js` to refuse an index it cannot read.
const VERSION: u32 = 3;
/// The fields of a document, in this order: title, description and tags,
/// headings, typed front matter, body.
const FIELDS: usize = 5;
const TITLE: usize = 0;
const ABOUT: usize = 1;
const HEADINGS: usize = 2;
const TYPED: usize = 3;
const BODY: usize = 4;
/// How much each field counts: a word in the title five times one in the
/// body, in a heading (or a step's title) four times: a heading names what
/// a part of the page is about. The score is divided by the title's weight,
/// so a word once in a title scores about its idf. Chosen with
/// `tools/site-check/search-queries.mjs` on the shipped site.
const FIELD_WEIGHTS: [f64; FIELDS] = [5.0, 3.0, 4.0, 1.5, 1.0];
/// How much each field's length lowers its words' weight (BM25's `b`); none
/// for headings, which are many short fields, not one long one (a procedure
/// of thirteen steps is no less about each step).
const FIELD_B: [f64; FIELDS] = [0.5, 0.5, 0.0, 0.5, 0.5];
/// BM25's `k1`: how soon more occurrences stop adding.
const K1: f64 = 1.5;
/// Scores are quantized to this many levels, each `STEP` times the one
/// below, from `LOWEST`: within 26 %, from 0.02 to 23 (an idf of ln 10,000
/// is 9.2; a word in every field of a page scores up to 2.5 times its idf).
/// Sixteen, not 32: a posting for one of the next two pages is then one
/// digit, which kept a 5,000-page index under 300 KB gzipped (32 levels:
/// 303 KB); the shipped site's query set ranks the same.
const LEVELS: u32 = 16;
const LOWEST: f64 = 0.02;
const STEP: f64 = 1.6;
/// A stem on more than half the pages of a language with at least this many
/// pages is common: like a stop word, it ranks the pages with it in their
/// title, description or tags but no longer narrows a search, and its other
/// postings are left out (they made most of a large site's index).
const COMMON_FROM_PAGES: usize = 100;
/// The digits of packed postings: the last digit of a number from the first
/// half, the ones before it from the second. None needs escaping in JSON.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
/// The name of the script's global.
const GLOBAL: &str = "window.lembarSearch";

/// The language home's URL below the base: `id/` (the language code and a
/// slash when the site has no home in `lang`).
pub fn home(site: &Site, lang: &str) -> String {
    site.doc_for("_index", lang)
        .map_or_else(|| format!("{lang}/"), |h| site.docs[h].url.clone())
}

/// The search page's folder name in `lang`: the UI string `search_slug`.
pub fn slug<'a>(strings: &'a crate::i18n::Strings, lang: &str) -> &'a str {
    strings
        .get(lang, crate::i18n::SEARCH_SLUG)
        .unwrap_or("search")
}

/// The search page's folder: `id/cari/`.
fn page_folder(site: &Site, lang: &str, slug: &str) -> String {
    format!("{}{slug}/", home(site, lang))
}

/// The search page's output path: `id/cari/index.html`.
pub fn page_path(site: &Site, lang: &str, slug: &str) -> String {
    crate::urls::index_file(&page_folder(site, lang, slug))
}

/// The search page's address, base-path-absolute: `/id/cari/`.
pub fn page_url(site: &Site, lang: &str, slug: &str) -> String {
    site.config.link(&page_folder(site, lang, slug))
}

/// The index script's output path: `id/search-index.js`.
pub fn index_path(site: &Site, lang: &str) -> String {
    format!("{}search-index.js", home(site, lang))
}

/// Text → normalized text: NFD, combining marks dropped, lowercase
/// (`Ä` → `a`, `Pekerjaan` → `pekerjaan`). The kana voicing marks stay
/// (`ド` is not `ト`: they are different sounds and words), composed again.
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let folded: String = text
        .nfd()
        .filter(|&c| !is_combining_mark(c) || is_kana_voicing(c))
        .nfc()
        .collect();
    folded.to_lowercase()
}

/// The combining (han)dakuten, which make `ト` `ド` and `ハ` `パ`.
fn is_kana_voicing(c: char) -> bool {
    matches!(c, '\u{3099}' | '\u{309A}')
}

/// The words of normalized text: runs of alphabetic or numeric characters;
/// in a run of Chinese, Japanese or Korean script, which has no spaces
/// between words, each two characters side by side (a lone one alone), so
/// `労働者` is found by `労働` and `働者`. `search.js` splits queries alike.
pub fn words(normalized: &str) -> impl Iterator<Item = &str> {
    normalized
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .flat_map(|w| {
            // Most words have no CJK letter: they go through whole, unallocated.
            let pieces = (!w.is_ascii() && w.chars().any(is_cjk)).then(|| cjk_pieces(w));
            let whole = pieces.is_none().then_some(w);
            whole.into_iter().chain(pieces.into_iter().flatten())
        })
}

/// Chinese, Japanese and Korean letters: Han (the basic planes), kana
/// (with the prolonged sound mark), Hangul. `search.js` has the same ranges,
/// all in the Basic Multilingual Plane, so a pair is two UTF-16 units there.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF66}'..='\u{FF9F}'
        | '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// The pieces of a word with CJK letters: the parts in other scripts whole,
/// each CJK part as its overlapping pairs of characters.
fn cjk_pieces(word: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let starts: Vec<(usize, char)> = word.char_indices().collect();
    let mut i = 0;
    while i < starts.len() {
        let cjk = is_cjk(starts[i].1);
        let mut j = i;
        while j < starts.len() && is_cjk(starts[j].1) == cjk {
            j += 1;
        }
        let at = |k: usize| starts.get(k).map_or(word.len(), |s| s.0);
        if !cjk || j - i == 1 {
            pieces.push(&word[at(i)..at(j)]);
        } else {
            pieces.extend((i..j - 1).map(|k| &word[at(k)..at(k + 2)]));
        }
        i = j;
    }
    pieces
}

/// The text of a document's typed front matter (steps, programmes, tests,
/// wages …): every string in it but links and paths, one per line; the
/// titles and names (a step's title, a test's name), which pages show as
/// headings, apart from the rest.
pub fn typed_text(site: &Site, id: DocId) -> TypedText {
    let mut out = TypedText::default();
    let Some(typed) = site.file(&site.docs[id]).typed() else {
        return out;
    };
    fn walk(key: &str, value: &serde_json::Value, out: &mut TypedText) {
        match value {
            serde_json::Value::String(s) => {
                let link = !s.contains(char::is_whitespace)
                    && (s.contains('/') || s.contains("://") || s.ends_with(".md"));
                let to = match key {
                    "title" | "name" => &mut out.headings,
                    _ => &mut out.text,
                };
                if !link {
                    to.push_str(s);
                    to.push('\n');
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(key, v, out)),
            serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| walk(k, v, out)),
            _ => {}
        }
    }
    if let Ok(value) = serde_json::to_value(typed) {
        walk("", &value, &mut out);
    }
    out
}

/// What [`typed_text`] finds.
#[derive(Debug, Default)]
pub struct TypedText {
    pub headings: String,
    pub text: String,
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

/// The language's view of the site's words: each stemmed once, when a page
/// of the language first uses it, by word number.
struct Lexicon<'a> {
    language: &'a Language,
    words: &'a [Box<str>],
    /// word number → (stem number, stop word), once looked up.
    of_word: Vec<Option<(u32, bool)>>,
    stem_numbers: FxHashMap<String, u32>,
    /// stem number → stem.
    stem_names: Vec<String>,
}

impl Lexicon<'_> {
    fn stem_of(&mut self, word: u32) -> (u32, bool) {
        if let Some(found) = self.of_word[word as usize] {
            return found;
        }
        let text = &self.words[word as usize];
        let stem = self.language.stem(text);
        let n = match self.stem_numbers.get(stem.as_ref()) {
            Some(&n) => n,
            None => {
                let n = self.stem_names.len() as u32;
                self.stem_numbers.insert(stem.to_string(), n);
                self.stem_names.push(stem.into_owned());
                n
            }
        };
        let found = (n, self.language.is_stop_word(text));
        self.of_word[word as usize] = Some(found);
        found
    }
}

/// One document's occurrences per stem and field: a page's words `kerja`
/// and `bekerja` add up in the stem `kerja`. Reused from one page to the next.
#[derive(Default)]
struct StemCounts {
    tf: Vec<[u16; FIELDS]>,
    touched: Vec<u32>,
}

impl StemCounts {
    /// Counts `words` by stem; returns the fields' lengths. Stop words count
    /// only in titles.
    fn count(&mut self, words: Option<&DocWords>, lexicon: &mut Lexicon) -> [u32; FIELDS] {
        let mut length = [0u32; FIELDS];
        for (word, counts) in words.into_iter().flat_map(|w| w.counts()) {
            let (stem, stop) = lexicon.stem_of(word);
            let i = stem as usize;
            if i >= self.tf.len() {
                self.tf.resize(i + 1, [0; FIELDS]);
            }
            for f in 0..FIELDS {
                if counts[f] == 0 || (stop && f != TITLE) {
                    continue;
                }
                if self.tf[i] == [0; FIELDS] {
                    self.touched.push(stem);
                }
                self.tf[i][f] = self.tf[i][f].saturating_add(counts[f]);
                length[f] = length[f].saturating_add(u32::from(counts[f]));
            }
        }
        length
    }

    /// Each stem counted, with its occurrences per field; the table is left empty.
    fn drain(&mut self) -> impl Iterator<Item = (u32, [u16; FIELDS])> + '_ {
        let tf = &mut self.tf;
        self.touched
            .drain(..)
            .map(|stem| (stem, std::mem::take(&mut tf[stem as usize])))
    }
}

/// A fingerprint of everything `lang`'s index is made from (the format, each
/// indexed page's address, fields, section and text, the aliases), for the
/// index's address: a browser fetches a changed index again. Hashing the
/// inputs costs a few milliseconds where building the index costs far more.
pub fn index_fingerprint(site: &Site, lang: &str, input: &SearchInput) -> String {
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    let mut add = |part: &str| {
        hash.update(part.as_bytes());
        hash.update(&[0]);
    };
    add(&format!("{VERSION} {COMMON_FROM_PAGES}"));
    add(&format!("{:?}", site.config.search_aliases.of(lang)));
    let groups = listing(site, lang);
    for (id, group) in index_docs(site, &groups) {
        let doc = &site.docs[id];
        let meta = site.file(doc).common();
        add(&doc.url);
        add(&meta.title);
        add(meta.description.as_deref().unwrap_or(""));
        meta.tags.iter().for_each(|t| add(t));
        add(&format!("{group:?}"));
        // The body's text and headings and the typed fields' text, hashed
        // when they were counted.
        add(&format!(
            "{:016x}",
            input.doc(id).map_or(0, |w| w.text_hash)
        ));
    }
    for group in groups.iter().filter(|g| g.section != usize::MAX) {
        add(&site.file(&site.docs[group.section]).common().title);
    }
    format!("{:016x}", hash.digest())[..10].to_string()
}

/// The index of every document in `lang` (not fallback copies; drafts only
/// when built with them, since otherwise they are not in the site).
/// `texts[id]` is site document `id`'s body; missing entries count as empty.
pub fn render_index(site: &Site, lang: &str, input: &SearchInput) -> Vec<u8> {
    index_with(site, lang, input, COMMON_FROM_PAGES)
}

/// One stem group of the finished index.
struct StemGroup {
    words: BTreeSet<String>,
    /// On most pages: `postings` holds only those with it in a title,
    /// description or tag, and the word matches every page.
    common: bool,
    /// `index document id * LEVELS + level`, ids increasing.
    postings: Vec<u32>,
}

/// [`render_index`], with stems common from `common_from` pages on.
fn index_with(site: &Site, lang: &str, input: &SearchInput, common_from: usize) -> Vec<u8> {
    let groups = listing(site, lang);
    let docs = index_docs(site, &groups);
    let language = Language::new(lang);
    let mut lexicon = Lexicon {
        language: &language,
        words: &input.words,
        of_word: vec![None; input.words.len()],
        stem_numbers: FxHashMap::default(),
        stem_names: Vec::new(),
    };
    // Two passes over the documents' words, so that no table of every
    // (stem, page) pair with its counts is ever held: the first counts the
    // fields' lengths and each stem's pages, the second scores each pair.
    let mut stems = StemCounts::default();
    let mut lengths: Vec<[u32; FIELDS]> = Vec::with_capacity(docs.len());
    // stem number → the number of pages with it.
    let mut df: Vec<u32> = Vec::new();
    for &(id, _) in &docs {
        let length = stems.count(input.doc(id), &mut lexicon);
        df.resize(lexicon.stem_names.len(), 0);
        for (stem, _) in stems.drain() {
            df[stem as usize] += 1;
        }
        lengths.push(length);
    }
    let total = docs.len().max(1) as f64;
    // A field's average length over the documents that have it: most pages
    // have no typed fields or headings, and would make every one look long.
    let mut average = [0.0; FIELDS];
    for f in 0..FIELDS {
        let having: Vec<f64> = lengths
            .iter()
            .filter(|l| l[f] > 0)
            .map(|l| f64::from(l[f]))
            .collect();
        if !having.is_empty() {
            average[f] = having.iter().sum::<f64>() / having.len() as f64;
        }
    }
    let common_share = if docs.len() >= common_from {
        docs.len() / 2
    } else {
        usize::MAX
    };
    let common = |stem: u32| df[stem as usize] as usize > common_share;
    let idf: Vec<f64> = df
        .iter()
        .map(|&df| {
            let df = f64::from(df);
            (1.0 + (total - df + 0.5) / (df + 0.5)).ln()
        })
        .collect();
    // stem number → its postings, ids increasing, each `id * LEVELS + level`
    // (half the memory of a pair). A common stem keeps only a few of its
    // pages: room is made for all only for the others.
    let mut postings: Vec<Vec<u32>> = (0..df.len() as u32)
        .map(|stem| match common(stem) {
            true => Vec::new(),
            false => Vec::with_capacity(df[stem as usize] as usize),
        })
        .collect();
    for (n, &(id, _)) in docs.iter().enumerate() {
        stems.count(input.doc(id), &mut lexicon);
        for (stem, tf) in stems.drain() {
            if common(stem) && tf[TITLE] == 0 && tf[ABOUT] == 0 {
                continue;
            }
            let fields: f64 = (0..FIELDS)
                .filter(|&f| tf[f] > 0)
                .map(|f| {
                    let length = f64::from(lengths[n][f]);
                    let norm = if average[f] > 0.0 {
                        1.0 - FIELD_B[f] + FIELD_B[f] * length / average[f]
                    } else {
                        1.0
                    };
                    let tf = f64::from(tf[f]);
                    FIELD_WEIGHTS[f] * tf * (K1 + 1.0) / (tf + K1 * norm)
                })
                .sum();
            let score = idf[stem as usize] * fields / FIELD_WEIGHTS[TITLE] / (K1 + 1.0);
            postings[stem as usize].push(n as u32 * LEVELS + level(score));
        }
    }
    let mut index: BTreeMap<String, StemGroup> = BTreeMap::new();
    for (stem, (name, postings)) in lexicon.stem_names.iter().zip(postings).enumerate() {
        index.insert(
            name.clone(),
            StemGroup {
                words: BTreeSet::new(),
                common: common(stem as u32),
                postings,
            },
        );
    }
    for (word, found) in input.words.iter().zip(&lexicon.of_word) {
        let Some((stem, _)) = found else { continue };
        let name = &lexicon.stem_names[*stem as usize];
        let roots = language.hidden_roots(word);
        if let Some(group) = index.get_mut(name) {
            group.words.insert(word.to_string());
            group.words.extend(roots);
        }
    }
    encode(site, lang, &groups, &docs, &language, index)
}

/// The level of a score: the nearest of `LOWEST × STEP^level`.
fn level(score: f64) -> u32 {
    if score <= LOWEST {
        return 0;
    }
    let level = ((score / LOWEST).ln() / STEP.ln()).round();
    (level as u32).min(LEVELS - 1)
}

/// The score of each level, to three significant digits.
fn level_scores() -> Vec<f64> {
    (0..LEVELS)
        .map(|l| {
            let score = LOWEST * STEP.powi(l as i32);
            let scale = 10f64.powi(2 - score.log10().floor() as i32);
            (score * scale).round() / scale
        })
        .collect()
}

/// The index as the script `search.js` loads.
fn encode(
    site: &Site,
    lang: &str,
    groups: &[Group],
    docs: &[(DocId, Option<usize>)],
    language: &Language,
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
        .into_iter()
        .filter(|(_, group)| !group.postings.is_empty() || group.common)
        .map(|(stem, group)| {
            let mut packed = stem;
            for word in group.words {
                packed.push(' ');
                packed.push_str(&word);
            }
            packed.push(if group.common { '*' } else { ':' });
            // The gap to the previous posting less one: a run of pages
            // then takes one digit a posting.
            let mut next = 0;
            for posting in group.postings {
                let (doc, level) = (posting / LEVELS, posting % LEVELS);
                push_number(&mut packed, (doc - next) * LEVELS + level);
                next = doc + 1;
            }
            packed
        })
        .collect();
    #[derive(Serialize)]
    struct Index<'a> {
        v: u32,
        w: Vec<f64>,
        s: Vec<&'a str>,
        d: Vec<(&'a str, &'a str, &'a str, i64)>,
        x: &'a [&'a str],
        p: &'a [&'a str],
        f: &'a [&'a str],
        a: Option<&'a BTreeMap<String, Vec<String>>>,
        g: Vec<String>,
    }
    let json = serde_json::to_string(&Index {
        v: VERSION,
        w: level_scores(),
        s: sections,
        d: documents,
        x: language.stop_words,
        p: language.prefixes,
        f: language.suffixes,
        a: site.config.search_aliases.of(lang),
        g: stem_groups,
    })
    .expect("the index serializes");
    // JSON allows U+2028 and U+2029 in strings; older JavaScript does not.
    let json = json
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!("{GLOBAL}={json};\n").into_bytes()
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

/// The search page's listing and script addresses; `slug` is the page's slug
/// in `lang` (the UI string `search_slug`).
pub fn search_context(site: &Site, lang: &str, slug: &str) -> SearchContext {
    let entry = |id: DocId| {
        let doc = &site.docs[id];
        let meta = site.file(doc).common();
        Entry {
            title: meta.title.clone(),
            url: site.config.link(&doc.url),
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
        url: page_url(site, lang, slug),
        index_url: site.config.link(&index_path(site, lang)),
        script_url: site.config.link("search.js"),
        count,
        sections,
    }
}

#[cfg(test)]
mod tests;
