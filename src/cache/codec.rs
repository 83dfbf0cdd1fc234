//! The cache's on-disk form of one page: where its file is and what the build
//! kept of its body ([`Rendered`] without the HTML). A small length-prefixed
//! binary format, read without trusting it: any short or malformed entry
//! decodes to `None` (a miss), never a panic.

use std::ops::Range;

use crate::search::DocWords;
use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Severity};
use crate::markdown::{AnchorRef, Landmarks, Rendered};
use crate::source::Position;

/// A page file as it was when the build wrote it: a file whose length,
/// modification time, inode or permissions differ was changed since (or is
/// another file), and is not reused: a clean build would write another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The output path (`id/negara/jepang/index.html`).
    pub path: String,
    pub len: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime: i128,
    /// The inode (0 where the system has none).
    pub ino: u64,
    /// The permission bits (0 where the system has none): a reused page keeps
    /// its file's, which a clean build gives afresh.
    pub mode: u32,
}

impl Stamp {
    /// `file`'s stamp, if it is a regular file.
    pub fn of(path: &str, file: &std::path::Path) -> Option<Stamp> {
        let meta = std::fs::symlink_metadata(file).ok()?;
        if !meta.is_file() {
            return None;
        }
        let mtime = match meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        };
        #[cfg(unix)]
        let (ino, mode) = {
            use std::os::unix::fs::MetadataExt;
            (meta.ino(), meta.mode())
        };
        #[cfg(not(unix))]
        let (ino, mode) = (0, 0);
        Some(Stamp {
            path: path.to_string(),
            len: meta.len(),
            mtime,
            ino,
            mode,
        })
    }
}

/// Encodes a page's stamp, body (all but its HTML and text) and the words
/// search counted in it.
pub fn encode(stamp: &Stamp, body: &Rendered, words: &DocWords) -> Vec<u8> {
    let (packed, text_hash) = words.packed();
    let mut w = Writer(Vec::with_capacity(size(stamp, body) + 8 + packed.len()));
    w.str(&stamp.path);
    w.u64(stamp.len);
    w.0.extend_from_slice(&stamp.mtime.to_le_bytes());
    w.u64(stamp.ino);
    w.u64(u64::from(stamp.mode));
    let marks = &body.landmarks;
    w.str(marks.ids_text());
    w.u64(marks.links.len() as u64);
    for a in &marks.links {
        w.u64(a.target as u64);
        w.str(&a.anchor);
        w.u64(a.span.start as u64);
        w.u64(a.span.end as u64);
        w.0.push(u8::from(a.section));
    }
    w.u64(body.problems.len() as u64);
    for d in &body.problems {
        w.0.push(match d.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
        });
        w.opt(d.path.as_ref(), |w, p| w.str(&p.to_string_lossy()));
        w.opt(d.position.as_ref(), |w, p| {
            w.u64(p.line as u64);
            w.u64(p.column as u64);
        });
        w.opt(d.frame.as_deref(), |w, (line, width)| {
            w.str(line);
            w.u64(*width as u64);
        });
        w.str(&d.message);
        w.opt(d.help.as_ref(), |w, h| w.str(h));
    }
    w.u64(text_hash);
    w.u64(packed.len() as u64);
    w.0.extend_from_slice(packed);
    w.0
}

/// The length of [`encode`]'s result but the words' hash and bytes (their
/// length is counted), so it is allocated once.
fn size(stamp: &Stamp, body: &Rendered) -> usize {
    let strings = |s: &mut dyn Iterator<Item = usize>| s.map(|n| n + 8).sum::<usize>();
    let marks = &body.landmarks;
    let ids = marks.ids_text().len() + 8;
    let anchors = strings(&mut marks.links.iter().map(|a| a.anchor.len() + 25));
    let problems = strings(&mut body.problems.iter().map(|d| {
        let path = d.path.as_ref().map_or(0, |p| p.to_string_lossy().len() + 8);
        let position = d.position.map_or(0, |_| 16);
        let frame = d.frame.as_ref().map_or(0, |f| f.0.len() + 16);
        let help = d.help.as_ref().map_or(0, |h| h.len() + 8);
        5 + path + position + frame + d.message.len() + help
    }));
    let fixed = 8 + 8 + 16 + 8 + 8 + 2 * 8 + 8;
    fixed + stamp.path.len() + ids + anchors + problems
}

/// Only the stamp of an encoded page (cheap: the body is not read).
pub fn decode_stamp(bytes: &[u8]) -> Option<Stamp> {
    stamp(&mut Reader(bytes))
}

/// An encoded page: its stamp, its body with empty HTML and empty text, and
/// its words, whose numbers must be below `words` (the cache's word list).
pub fn decode(bytes: &[u8], words: usize) -> Option<(Stamp, Rendered, DocWords)> {
    let mut r = Reader(bytes);
    let stamp = stamp(&mut r)?;
    let ids = r.string()?;
    let anchors = r.list(|r| {
        Some(AnchorRef {
            target: r.usize()?,
            anchor: r.string()?,
            span: Range {
                start: r.usize()?,
                end: r.usize()?,
            },
            section: r.bool()?,
        })
    })?;
    let problems = r.list(|r| {
        let severity = match r.u8()? {
            0 => Severity::Error,
            1 => Severity::Warning,
            _ => return None,
        };
        Some(Diagnostic {
            severity,
            path: r.opt(|r| r.string().map(PathBuf::from))?,
            position: r.opt(|r| {
                Some(Position {
                    line: r.usize()?,
                    column: r.usize()?,
                })
            })?,
            frame: r.opt(|r| Some(Box::new((r.string()?, r.usize()?))))?,
            message: r.string()?,
            help: r.opt(Reader::string)?,
        })
    })?;
    let text_hash = r.u64()?;
    let packed = r.bytes()?;
    if !r.0.is_empty() {
        return None;
    }
    let counted = DocWords::from_packed(packed.to_vec(), text_hash, words)?;
    Some((
        stamp,
        Rendered {
            html: String::new(),
            headings: Vec::new(),
            landmarks: Landmarks::from_parts(anchors, ids),
            problems,
            text: String::new(),
        },
        counted,
    ))
}

fn stamp(r: &mut Reader) -> Option<Stamp> {
    Some(Stamp {
        path: r.string()?,
        len: r.u64()?,
        mtime: i128::from_le_bytes(r.take(16)?.try_into().ok()?),
        ino: r.u64()?,
        mode: u32::try_from(r.u64()?).ok()?,
    })
}

pub(super) struct Writer(pub Vec<u8>);

impl Writer {
    pub fn u64(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    pub fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    fn opt<T>(&mut self, v: Option<T>, f: impl FnOnce(&mut Self, T)) {
        match v {
            None => self.0.push(0),
            Some(v) => {
                self.0.push(1);
                f(self, v);
            }
        }
    }
}

pub(super) struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    pub fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.usize()?;
        self.take(n)
    }

    fn string(&mut self) -> Option<String> {
        std::str::from_utf8(self.bytes()?).ok().map(str::to_string)
    }

    /// A count, then that many items; a count larger than the bytes left
    /// could hold is refused before anything is allocated.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.usize()?;
        if n > self.0.len() {
            return None;
        }
        (0..n).map(|_| item(self)).collect()
    }

    fn opt<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.u8()? {
            0 => Some(None),
            1 => f(self).map(Some),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Heading;

    /// Words 0 and 2 of a list of three, as the build counted them.
    fn words() -> DocWords {
        let packed = vec![0, 0b10000, 5, 2, 0b00011, 1, 1];
        DocWords::from_packed(packed, 42, 3).unwrap()
    }

    fn body() -> Rendered {
        let headings = vec![
            Heading {
                level: 2,
                id: "syarat".into(),
                title: "Syarat".into(),
                nested: true,
            },
            Heading {
                level: 2,
                id: "biaya".into(),
                title: "Biaya".into(),
                nested: false,
            },
        ];
        let links = vec![AnchorRef {
            target: 7,
            anchor: "langkah".into(),
            span: 10..20,
            section: true,
        }];
        Rendered {
            html: "<p>dropped</p>".into(),
            landmarks: Landmarks::new(&headings, &[], &["1".into()], links),
            headings,
            problems: vec![
                Diagnostic::warning("a warning")
                    .in_file(std::path::Path::new("content/a.md"))
                    .help("do this"),
                Diagnostic {
                    position: Some(Position { line: 3, column: 4 }),
                    frame: Some(Box::new(("the line".into(), 2))),
                    ..Diagnostic::error("an error")
                },
            ],
            text: "Teks halaman ini".into(),
        }
    }

    #[test]
    fn a_page_comes_back_as_it_was_without_its_html() {
        let stamp = Stamp {
            path: "id/a/index.html".into(),
            len: 1234,
            mtime: -5,
            ino: 99,
            mode: 0o644,
        };
        let bytes = encode(&stamp, &body(), &words());
        assert_eq!(bytes.capacity(), bytes.len(), "allocated once");
        let (back, r, counted) = decode(&bytes, 3).unwrap();
        assert_eq!(back, stamp);
        assert_eq!(decode_stamp(&bytes).unwrap(), stamp);
        let want = body();
        assert_eq!((r.html.as_str(), r.text.as_str()), ("", ""));
        assert_eq!(counted.packed(), words().packed());
        assert!(decode(&bytes, 2).is_none(), "a word the list does not have");
        assert_eq!(r.problems, want.problems);
        let (marks, want) = (&r.landmarks, &want.landmarks);
        assert_eq!(marks.ids_text(), want.ids_text());
        assert_eq!(marks.sections().collect::<Vec<_>>(), ["biaya"]);
        assert_eq!(marks.ids().collect::<Vec<_>>(), ["syarat", "biaya"]);
        assert_eq!(marks.footnotes().collect::<Vec<_>>(), ["1"]);
        assert_eq!(format!("{:?}", marks.links), format!("{:?}", want.links));
    }

    #[test]
    fn damaged_entries_are_misses_not_panics() {
        let stamp = Stamp {
            path: "x".into(),
            len: 1,
            mtime: 2,
            ino: 3,
            mode: 4,
        };
        let bytes = encode(&stamp, &body(), &words());
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut], 3).is_none(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, 3).is_none());
        // Every byte flipped in turn: decoding may succeed or not, never panic.
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0xff;
            let _ = decode(&bad, 3);
        }
    }
}
