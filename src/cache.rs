//! The build cache: pages of the previous build reused when nothing they are
//! made from changed. Reads and writes the cache folder; links files of the
//! previous output into the staging folder.
//!
//! **Where.** Beside the output folder, as the staging folder is:
//! `public/` has `.public.lembar-cache/`, holding one file, `pages`. It is
//! never inside the output (nothing of it is published), and on the same file
//! system, so a page is reused by a hard link. It is written, atomically
//! (written aside, then renamed), only after a build whose output was swapped
//! in, and describes that output. A missing, damaged or other-format cache is
//! ignored: the pages are rendered, as in a clean build. `--no-cache`
//! neither reads nor writes it, and removes it (it would no longer describe
//! the output).
//!
//! **What a page is made from** (found by reading `markdown.rs`,
//! `render/context.rs` and `render/mod.rs`): its file's whole source (for a
//! fallback copy, the other language's file); the front matter, place and
//! URL of *any* document (summaries of a section's pages, links in typed
//! fields, translations, breadcrumbs, the switcher, link targets in the
//! Markdown, a leaflet's bound pages' titles and `updated` dates); the bodies
//! of the pages a leaflet binds (`Site::booklet_parts`, rendered again with
//! `markdown::render_bound`); and site-wide inputs: the program, `site.yaml`,
//! `--base-url`, `--drafts`, the printed PDFs, `data/`, the theme's and the
//! site's templates, UI strings and static files (`themes/`, `i18n/`,
//! `static/`, by their bytes), photos as resized. Nothing else of another
//! document is read: no page shows another's body or headings except through
//! a binding. `today` is read only by checks that run before the pages (not
//! cached), so a new day reuses pages.
//!
//! **The key** of a page ([`key::page_keys`]) hashes (xxh3, 128 bits) the
//! site-wide inputs, the skeleton (every file's path, language and front
//! matter text; every document's URL, kind and place in the tree), its id,
//! its own source and its bound pages' sources. A front-matter edit thus
//! renders every page again, which is conservative and rare next to body
//! edits.
//!
//! **What is kept** per page: its output path and the stamp of its file as
//! written (length, modification time, inode, permissions), what the build keeps of
//! its body ([`Rendered`]'s landmarks and diagnostics) and the words search counted in it ([`DocWords`], by number:
//! the file starts with the build's word list, and the next build numbers
//! words from it, so the numbers keep their meaning), so checks, warnings,
//! the sitemap, feeds and search indexes are what a clean build makes. On a hit the file of the
//! previous output is hard-linked into the staging folder if its stamp still
//! holds (the previous output's files are never changed in place: a build
//! writes a new folder and swaps it in), else the page is rendered. Bilingual
//! editions, the chooser, static files and the site-wide files are made
//! every time.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::build::{BuildOptions, Prepared};
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::output::Sink;
use crate::search::{DocWords, WordTable};

mod codec;
mod key;

use codec::{Reader, Stamp, Writer};

/// A page's entry: the previous build's, reused (where it is in `old`), or a
/// new one.
enum Entry {
    Old(Range<usize>),
    New(Vec<u8>),
}

/// The first bytes of the cache file; another start is another format.
const MAGIC: &[u8] = b"lembar page cache 4\n";

/// The cache folder of the output folder `out`: `.public.lembar-cache` beside it.
pub fn folder(out: &Path) -> PathBuf {
    crate::output::beside(out, "cache")
}

/// Removes the cache of the output folder `out`, if it has one.
pub fn remove(out: &Path) {
    let _ = std::fs::remove_dir_all(folder(out));
}

/// The previous build's pages (read when the build starts) and this build's
/// (kept as the pages are made, saved when the build succeeds).
pub struct PageCache {
    dir: PathBuf,
    out: PathBuf,
    /// The cache file as read; `index` points into it.
    old: Vec<u8>,
    index: HashMap<u128, (usize, usize)>,
    /// The words of the previous build by number, which its entries' words
    /// refer to: this build numbers them the same (the table [`PageCache::bind`]
    /// gives), and none of its entries names a number from `word_count` on.
    words: Vec<Box<str>>,
    word_count: usize,
    /// This build's words by number, once its pages are counted.
    kept_words: OnceLock<Vec<Box<str>>>,
    keys: Vec<u128>,
    /// This build's entries, by document id.
    fresh: Vec<OnceLock<Entry>>,
    hits: AtomicUsize,
}

impl PageCache {
    /// The cache of the output folder `out`; empty if it has none that can be read.
    pub fn open(out: &Path) -> PageCache {
        let dir = folder(out);
        let old = std::fs::read(dir.join("pages")).unwrap_or_default();
        let (words, index) = read_index(&old).unwrap_or_default();
        PageCache {
            dir,
            out: out.to_path_buf(),
            old,
            index,
            word_count: words.len(),
            words,
            kept_words: OnceLock::new(),
            keys: Vec::new(),
            fresh: Vec::new(),
            hits: AtomicUsize::new(0),
        }
    }

    /// Works out every page's key, once the site is prepared; returns the
    /// table this build numbers words with: the previous build's words keep
    /// their numbers, so the counts its entries hold stay true.
    pub fn bind(&mut self, options: &BuildOptions, prepared: &Prepared) -> WordTable {
        let docs = prepared.site.docs.len();
        self.keys = key::page_keys(options, prepared).unwrap_or_default();
        self.fresh = (0..docs).map(|_| OnceLock::new()).collect();
        // `read_index` refuses a list with a word twice, which cannot seed a
        // table; should one get here, no entry is used.
        WordTable::seeded(std::mem::take(&mut self.words)).unwrap_or_else(|| {
            self.index.clear();
            WordTable::default()
        })
    }

    /// Keeps this build's words (by number) for [`PageCache::save`].
    pub fn keep_words(&self, words: Vec<Box<str>>) {
        let _ = self.kept_words.set(words);
    }

    /// How many pages were reused.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// Document `id`'s body and words as the previous build kept them, its
    /// page linked from the previous output into `sink`; `None` (and nothing
    /// put) when it has to be rendered.
    pub fn reuse(&self, id: usize, sink: &dyn Sink) -> Option<(Rendered, DocWords)> {
        let &(start, end) = self.index.get(self.keys.get(id)?)?;
        let entry = &self.old[start..end];
        let (stamp, body, words) = codec::decode(entry, self.word_count)?;
        let previous = self.out.join(&stamp.path);
        if Stamp::of(&stamp.path, &previous)? != stamp {
            return None;
        }
        if !sink.reuse(&stamp.path, &previous).ok()? {
            return None;
        }
        let _ = self.fresh[id].set(Entry::Old(start..end));
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some((body, words))
    }

    /// Keeps document `id`'s page, just put at `path` in `sink`, with its
    /// body's results and its counted words, for the next build.
    pub fn record(
        &self,
        id: usize,
        path: &str,
        body: &Rendered,
        words: &DocWords,
        sink: &dyn Sink,
    ) {
        let Some(stamp) = sink.staged(path).and_then(|f| Stamp::of(path, &f)) else {
            return;
        };
        if let Some(slot) = self.fresh.get(id) {
            let _ = slot.set(Entry::New(codec::encode(&stamp, body, words)));
        }
    }

    /// Writes this build's entries, replacing the previous cache; call once
    /// the output they describe is in place. A failure is a warning: the
    /// next build renders every page.
    pub fn save(self) -> Option<Diagnostic> {
        let aside = self.dir.join(format!("pages.{}", std::process::id()));
        let written = std::fs::create_dir_all(&self.dir)
            .and_then(|()| self.write(&aside))
            .and_then(|()| std::fs::rename(&aside, self.dir.join("pages")));
        let e = written.err()?;
        // The previous cache would still be safe (its stamps no longer match
        // the pages rendered again), but it describes another output.
        let _ = std::fs::remove_dir_all(&self.dir);
        Some(
            Diagnostic::warning(format!("cannot save the build cache: {e}"))
                .in_file(&self.dir)
                .help("the site was built; the next build renders every page again"),
        )
    }
}

impl PageCache {
    /// Writes the cache file to `path`: this build's words, then its entries.
    /// Without the words (a run that stopped before counting them) it keeps
    /// no entry: their words' numbers would mean nothing.
    fn write(&self, path: &Path) -> std::io::Result<()> {
        use std::io::Write;
        let words = self.kept_words.get().map_or(&[][..], Vec::as_slice);
        let entries: Vec<(u128, &[u8])> = self
            .keys
            .iter()
            .zip(&self.fresh)
            .filter(|_| self.kept_words.get().is_some())
            .filter_map(|(k, e)| match e.get()? {
                Entry::Old(entry) => Some((*k, &self.old[entry.clone()])),
                Entry::New(bytes) => Some((*k, bytes.as_slice())),
            })
            .collect();
        let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
        let mut w = Writer(MAGIC.to_vec());
        w.u64(words.len() as u64);
        words.iter().for_each(|word| w.str(word));
        w.u64(entries.len() as u64);
        file.write_all(&w.0)?;
        for (key, entry) in entries {
            file.write_all(&key.to_le_bytes())?;
            file.write_all(&(entry.len() as u64).to_le_bytes())?;
            file.write_all(entry)?;
        }
        // Not synced: after a crash a cut or empty file fails `read_index`
        // and is ignored, which costs one clean build, never a wrong page.
        file.flush()
    }
}

/// A cache file's words by number, and where each entry is, by key; `None`
/// for a file that is not a whole cache of this format, or lists a word twice.
type Index = (Vec<Box<str>>, HashMap<u128, (usize, usize)>);

fn read_index(bytes: &[u8]) -> Option<Index> {
    let mut r = Reader(bytes.strip_prefix(MAGIC)?);
    let count = r.usize()?;
    let mut words = Vec::with_capacity(count.min(bytes.len()));
    let mut seen = std::collections::HashSet::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        let word: Box<str> = std::str::from_utf8(r.bytes()?).ok()?.into();
        if !seen.insert(word.clone()) {
            return None;
        }
        words.push(word);
    }
    let count = r.usize()?;
    let mut index = HashMap::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        let key = u128::from_le_bytes(r.take(16)?.try_into().ok()?);
        let entry = r.bytes()?;
        let start = entry.as_ptr() as usize - bytes.as_ptr() as usize;
        codec::decode_stamp(entry)?;
        index.insert(key, (start, start + entry.len()));
    }
    r.0.is_empty().then_some((words, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_folder_is_beside_the_output() {
        assert_eq!(
            folder(Path::new("site/public")),
            Path::new("site/.public.lembar-cache")
        );
        assert_eq!(folder(Path::new("out")), Path::new("./.out.lembar-cache"));
    }

    #[test]
    fn a_damaged_cache_file_is_no_cache() {
        assert!(read_index(b"").is_none());
        assert!(read_index(b"lembar page cache 1\n").is_none());
        let mut w = Writer(MAGIC.to_vec());
        w.u64(2);
        w.str("kerja");
        w.str("paspor");
        w.u64(1);
        w.0.extend_from_slice(&7u128.to_le_bytes());
        let stamp = Stamp {
            path: "a/index.html".into(),
            len: 1,
            mtime: 1,
            ino: 1,
            mode: 1,
        };
        let body = Rendered {
            html: String::new(),
            headings: Vec::new(),
            landmarks: Default::default(),
            problems: Vec::new(),
            text: String::new(),
        };
        let entry = codec::encode(&stamp, &body, &DocWords::default());
        w.u64(entry.len() as u64);
        w.0.extend_from_slice(&entry);
        let (words, whole) = read_index(&w.0).unwrap();
        assert_eq!(whole.len(), 1);
        assert_eq!(words, ["kerja".into(), "paspor".into()]);
        // A word listed twice would give two numbers one meaning.
        let mut twice = Writer(MAGIC.to_vec());
        twice.u64(2);
        twice.str("kerja");
        twice.str("kerja");
        twice.u64(0);
        assert!(read_index(&twice.0).is_none());
        for cut in 0..w.0.len() {
            assert!(read_index(&w.0[..cut]).is_none());
        }
        // A huge count is refused, not allocated.
        let mut huge = MAGIC.to_vec();
        huge.extend_from_slice(&u64::MAX.to_le_bytes());
        assert!(read_index(&huge).is_none());
    }
}
