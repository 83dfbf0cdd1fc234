//! What the search files read of each document: its words, counted per
//! field while the build's per-document pass has the body in hand, so the
//! body's plain text is dropped with its HTML instead of being kept for
//! the index (at 10,000 pages it was a third of the build's memory), and
//! the costly part of indexing (finding words, normalizing) runs on every
//! thread instead of one per language at the end.
//!
//! Words are numbered once for the whole site ([`WordTable`], shared by the
//! pass's threads); each thread remembers the numbers it has seen
//! ([`WordCounter`]), so the table's locks are taken about once per word
//! per thread. Stemming and stop words, which depend on the language, are
//! left to the index ([`super::index_with`]), once per distinct word.

use std::hash::BuildHasher;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use rustc_hash::FxHashMap;

use super::{ABOUT, BODY, FIELDS, HEADINGS, TITLE, TYPED, each_word, typed_text};
use crate::markdown::{Heading, Rendered};
use crate::site::{DocId, Site};

/// The table is split so that threads seldom wait for each other.
const SHARDS: usize = 16;

/// Every word of the indexed documents, each with one number.
#[derive(Default)]
pub struct WordTable {
    shards: [Mutex<FxHashMap<Box<str>, u32>>; SHARDS],
    next: AtomicU32,
}

impl WordTable {
    fn number(&self, word: &str) -> u32 {
        let shard = rustc_hash::FxBuildHasher.hash_one(word) as usize % SHARDS;
        let mut map = self.shards[shard].lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&n) = map.get(word) {
            return n;
        }
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        map.insert(word.into(), n);
        n
    }

    /// A table that gives `words` their numbers there (the build cache's, so
    /// that the words it kept of each page keep their meaning); `None` if a
    /// word is listed twice.
    pub fn seeded(words: Vec<Box<str>>) -> Option<WordTable> {
        let mut table = WordTable::default();
        let count = words.len();
        for (n, word) in words.into_iter().enumerate() {
            let shard = rustc_hash::FxBuildHasher.hash_one(&*word) as usize % SHARDS;
            let map = table.shards[shard]
                .get_mut()
                .unwrap_or_else(|e| e.into_inner());
            if map.insert(word, n as u32).is_some() {
                return None;
            }
        }
        table.next.store(count as u32, Ordering::Relaxed);
        Some(table)
    }

    /// The words by number.
    fn into_words(self) -> Vec<Box<str>> {
        let mut words = vec![Box::<str>::default(); self.next.into_inner() as usize];
        for shard in self.shards {
            for (word, n) in shard.into_inner().unwrap_or_else(|e| e.into_inner()) {
                words[n as usize] = word;
            }
        }
        words
    }
}

/// One thread's view of the [`WordTable`]: the numbers it has looked up, and
/// a scratch table of counts reused from one document to the next.
pub struct WordCounter<'t> {
    table: &'t WordTable,
    seen: FxHashMap<Box<str>, u32>,
    /// Word number → occurrences per field in the current document.
    tf: Vec<[u16; FIELDS]>,
    touched: Vec<u32>,
}

/// A document's words: each once, by number, with its occurrences per field,
/// packed (a 10,000-page site has four million of these pairs: kept as
/// structs they took as much memory as the text they replace); and a hash of its text (for the index's fingerprint: the body's text
/// and headings, the typed fields' text).
#[derive(Debug, Default)]
pub struct DocWords {
    /// Per word, by increasing number: the difference from the previous
    /// word's number, a byte with a bit per field that has it, then its
    /// occurrences in each of those fields; numbers as LEB128 varints.
    packed: Vec<u8>,
    pub(super) text_hash: u64,
}

/// What a document's body gives search: its plain text and its headings.
#[derive(Debug, Clone, Copy, Default)]
pub struct BodyText<'a> {
    /// The plain text ([`Rendered::text`]).
    pub text: &'a str,
    pub headings: &'a [Heading],
}

impl<'a> From<&'a Rendered> for BodyText<'a> {
    fn from(body: &'a Rendered) -> Self {
        BodyText {
            text: &body.text,
            headings: &body.headings,
        }
    }
}

impl<'t> WordCounter<'t> {
    pub fn new(table: &'t WordTable) -> Self {
        WordCounter {
            table,
            seen: FxHashMap::default(),
            tf: Vec::new(),
            touched: Vec::new(),
        }
    }

    /// Document `id`'s words in every field: title, description and tags
    /// from its front matter, headings, typed fields, body. Documents no
    /// index lists (a fallback copy, whose text is another language's) have none.
    pub fn count(&mut self, site: &Site, id: DocId, body: BodyText) -> DocWords {
        if site.docs[id].original.is_some() {
            return DocWords::default();
        }
        let meta = site.file(&site.docs[id]).common();
        self.add(&meta.title, TITLE);
        self.add(meta.description.as_deref().unwrap_or(""), ABOUT);
        for tag in &meta.tags {
            self.add(tag, ABOUT);
        }
        for heading in body.headings {
            self.add(&heading.title, HEADINGS);
        }
        let typed = typed_text(site, id);
        self.add(&typed.headings, HEADINGS);
        self.add(&typed.text, TYPED);
        self.add(body.text, BODY);
        let mut hash = xxhash_rust::xxh3::Xxh3::new();
        let parts = body.headings.iter().map(|h| h.title.as_str());
        for part in [body.text, &typed.headings, &typed.text]
            .into_iter()
            .chain(parts)
        {
            hash.update(part.as_bytes());
            hash.update(&[0]);
        }
        self.touched.sort_unstable();
        let mut packed = Vec::with_capacity(self.touched.len() * 4);
        let mut previous = 0;
        for n in self.touched.drain(..) {
            let tf = std::mem::take(&mut self.tf[n as usize]);
            push_varint(&mut packed, n - previous);
            previous = n;
            let mask = (0..FIELDS)
                .filter(|&f| tf[f] > 0)
                .fold(0u8, |m, f| m | 1 << f);
            packed.push(mask);
            for count in tf.into_iter().filter(|&c| c > 0) {
                push_varint(&mut packed, u32::from(count));
            }
        }
        packed.shrink_to_fit();
        DocWords {
            packed,
            text_hash: hash.digest(),
        }
    }

    fn add(&mut self, text: &str, field: usize) {
        let WordCounter {
            table,
            seen,
            tf,
            touched,
        } = self;
        each_word(text, |word| {
            let n = match seen.get(word) {
                Some(&n) => n,
                None => {
                    let n = table.number(word);
                    seen.insert(word.into(), n);
                    n
                }
            };
            let i = n as usize;
            if i >= tf.len() {
                tf.resize(i + 1, [0; FIELDS]);
            }
            if tf[i] == [0; FIELDS] {
                touched.push(n);
            }
            tf[i][field] = tf[i][field].saturating_add(1);
        });
    }
}

/// What the search files are made from: every document's words (by
/// document id) and the words by number.
#[derive(Default)]
pub struct SearchInput {
    pub(super) words: Vec<Box<str>>,
    pub(super) docs: Vec<DocWords>,
}

impl SearchInput {
    /// `docs` counted with counters of `table`, by document id.
    pub fn new(table: WordTable, docs: Vec<DocWords>) -> Self {
        SearchInput {
            words: table.into_words(),
            docs,
        }
    }

    /// Counts every document's words from its body (`serve`, tests); `texts`
    /// by document id, missing ones empty.
    pub fn from_texts(site: &Site, texts: &[BodyText]) -> Self {
        use rayon::prelude::*;
        let table = WordTable::default();
        let docs = (0..site.docs.len())
            .into_par_iter()
            .map_init(
                || WordCounter::new(&table),
                |counter, id| counter.count(site, id, texts.get(id).copied().unwrap_or_default()),
            )
            .collect();
        SearchInput::new(table, docs)
    }

    /// The words by number, for the build cache to keep.
    pub fn into_words(self) -> Vec<Box<str>> {
        self.words
    }

    pub(super) fn doc(&self, id: DocId) -> Option<&DocWords> {
        self.docs.get(id)
    }
}

impl DocWords {
    /// What the build cache keeps: the packed counts and the text's hash.
    pub fn packed(&self) -> (&[u8], u64) {
        (&self.packed, self.text_hash)
    }

    /// Counts the build cache kept ([`DocWords::packed`]); `None` unless they
    /// read back as [`WordCounter::count`] writes them: whole, each word once
    /// (numbers increasing) and below `words`, each count at least one.
    pub fn from_packed(packed: Vec<u8>, text_hash: u64, words: usize) -> Option<DocWords> {
        let mut bytes = packed.iter().copied();
        let mut word: u32 = 0;
        let mut first = true;
        while bytes.len() > 0 {
            let step = read_varint(&mut bytes)?;
            if step == 0 && !first {
                return None;
            }
            first = false;
            word = word.checked_add(step)?;
            let mask = bytes.next()?;
            if word as usize >= words || mask == 0 || mask >> FIELDS != 0 {
                return None;
            }
            for _ in 0..mask.count_ones() {
                let count = u16::try_from(read_varint(&mut bytes)?).ok()?;
                if count == 0 {
                    return None;
                }
            }
        }
        Some(DocWords { packed, text_hash })
    }

    /// Each word's number with its occurrences per field.
    pub(super) fn counts(&self) -> impl Iterator<Item = (u32, [u16; FIELDS])> + '_ {
        let mut bytes = self.packed.iter().copied();
        let mut word = 0;
        std::iter::from_fn(move || {
            word += read_varint(&mut bytes)?;
            let mask = bytes.next()?;
            let mut tf = [0; FIELDS];
            for (f, count) in tf.iter_mut().enumerate() {
                if mask & 1 << f != 0 {
                    *count = read_varint(&mut bytes)? as u16;
                }
            }
            Some((word, tf))
        })
    }
}

fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_varint(bytes: &mut impl Iterator<Item = u8>) -> Option<u32> {
    let mut n = 0;
    for shift in (0..35).step_by(7) {
        let byte = bytes.next()?;
        n |= u32::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_counts_that_the_counter_cannot_write_are_refused() {
        // Word 1 once in the title: fine.
        assert!(DocWords::from_packed(vec![1, 0b1, 1], 0, 2).is_some());
        // The same word twice (a step of 0 after the first).
        assert!(DocWords::from_packed(vec![1, 0b1, 1, 0, 0b1, 1], 0, 2).is_none());
        // A count of 0, a word beyond the list, a field that does not exist.
        assert!(DocWords::from_packed(vec![1, 0b1, 0], 0, 2).is_none());
        assert!(DocWords::from_packed(vec![2, 0b1, 1], 0, 2).is_none());
        assert!(DocWords::from_packed(vec![1, 0b100000, 1], 0, 2).is_none());
        // Cut short.
        assert!(DocWords::from_packed(vec![1, 0b11, 1], 0, 2).is_none());
    }

    #[test]
    fn packed_counts_read_back_as_counted() {
        let mut words = DocWords::default();
        let counts = [
            (3, [1, 0, 0, 0, 200]),
            (130, [0, 0, 0, 0, 1]),
            (20_000, [0, 2, 0, 65_535, 0]),
        ];
        let mut previous = 0;
        for (n, tf) in counts {
            push_varint(&mut words.packed, n - previous);
            previous = n;
            let mask = (0..FIELDS)
                .filter(|&f| tf[f] > 0)
                .fold(0u8, |m, f| m | 1 << f);
            words.packed.push(mask);
            tf.iter()
                .filter(|&&c| c > 0)
                .for_each(|&c| push_varint(&mut words.packed, u32::from(c)));
        }
        assert_eq!(words.counts().collect::<Vec<_>>(), counts);
    }
}
