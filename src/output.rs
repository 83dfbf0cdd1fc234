//! Stage `write`: rendered files → the output folder, atomically (or into an
//! in-memory [`OutputTree`]). Writes the disk.
//!
//! Everything is written into a staging folder beside the output, then swapped
//! in with renames: a failed build never touches the previous output. A folder
//! that lembar did not make (no marker file) is never replaced.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostic::Diagnostic;

/// The file lembar leaves in every output folder it writes, so it knows the
/// folder is its own to replace.
pub const MARKER: &str = ".lembar-output";

/// The built site: output path (with `/`) → bytes, sorted.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OutputTree {
    files: BTreeMap<String, Vec<u8>>,
}

impl OutputTree {
    /// Adds a file; `false` if the tree already had one at that path (kept).
    pub fn insert(&mut self, path: String, bytes: Vec<u8>) -> bool {
        match self.files.entry(path) {
            std::collections::btree_map::Entry::Occupied(_) => false,
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(bytes);
                true
            }
        }
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// Where a build puts its files as it renders them.
pub trait Sink: Sync {
    /// Called once, right before the first file: the place to refuse an output
    /// folder before anything is written.
    fn open(&mut self) -> Result<(), Diagnostic>;
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostic>;
}

/// Keeps the output in memory (for `serve` and for tests).
#[derive(Debug, Default)]
pub struct MemorySink(pub Mutex<OutputTree>);

impl Sink for MemorySink {
    fn open(&mut self) -> Result<(), Diagnostic> {
        Ok(())
    }

    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        let mut tree = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if tree.insert(path.clone(), bytes) {
            Ok(())
        } else {
            Err(collision(&path))
        }
    }
}

/// Two outputs want the same file (a photo named like a page, a static file
/// in a page's place): the second is refused, not written over the first.
fn collision(path: &str) -> Diagnostic {
    Diagnostic::error(format!("two outputs want the file `{path}`"))
        .help("rename the photo or static file that has the same path as a page or another file")
}

/// An output folder being replaced: files go into a staging folder beside it,
/// which [`Staging::commit`] swaps in. Dropped without a commit, the staging
/// folder is removed and the previous output is untouched.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: Option<PathBuf>,
    /// What was written, so a second file at the same path is refused.
    written: Mutex<std::collections::HashSet<String>>,
}

impl Staging {
    pub fn new(out: &Path) -> Staging {
        Staging {
            out: out.to_path_buf(),
            dir: None,
            written: Mutex::default(),
        }
    }

    /// Moves the staged files into place, replacing the previous output.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let Some(staging) = self.dir.take() else {
            return Err(self.fail("nothing was staged".into()));
        };
        let result = self.swap(&staging);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        result
    }

    fn swap(&self, staging: &Path) -> Result<(), Diagnostic> {
        let out = &self.out;
        std::fs::write(
            staging.join(MARKER),
            "This folder was written by lembar, which may replace it on the next build.\n",
        )
        .map_err(|e| self.fail(format!("cannot write the new output: {e}")))?;
        let old = sibling(out, "old");
        let had_old = out.exists();
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
            std::fs::rename(out, &old)
                .map_err(|e| self.fail(format!("cannot move the previous output aside: {e}")))?;
        }
        if let Err(e) = std::fs::rename(staging, out) {
            if had_old {
                let _ = std::fs::rename(&old, out);
            }
            return Err(self.fail(format!("cannot move the new output into place: {e}")));
        }
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }

    fn fail(&self, what: String) -> Diagnostic {
        Diagnostic::error(what).in_file(&self.out).help(
            "check that the output folder's parent exists and is writable; the previous output is untouched",
        )
    }
}

impl Sink for Staging {
    fn open(&mut self) -> Result<(), Diagnostic> {
        // A linked output folder (`public -> /srv/www/site`) is replaced where it
        // really is, so the web server sees the new site and the link stays.
        if self.out.is_symlink() {
            if let Ok(real) = std::fs::canonicalize(&self.out) {
                self.out = real;
            }
        }
        clean_up_after_crashes(&self.out);
        let out = &self.out;
        let shown = out.display().to_string();
        if out.exists() {
            if !out.is_dir() {
                return Err(Diagnostic::error(format!(
                    "the output `{shown}` is a file, not a folder"
                ))
                .in_file(out)
                .help("choose another `--out` folder"));
            }
            let empty = std::fs::read_dir(out)
                .map_err(|e| self.fail(format!("cannot read `{shown}`: {e}")))?
                .next()
                .is_none();
            if !empty && !out.join(MARKER).is_file() {
                return Err(Diagnostic::error(format!(
                    "refusing to replace `{shown}`: it is not empty and lembar did not make it"
                ))
                .in_file(out)
                .help("choose an empty or new `--out` folder; lembar only replaces folders it wrote (they hold a `.lembar-output` file)"));
            }
        }
        let staging = sibling(out, "staging");
        let _ = std::fs::remove_dir_all(&staging);
        std::fs::create_dir_all(&staging)
            .map_err(|e| self.fail(format!("cannot create `{}`: {e}", staging.display())))?;
        self.dir = Some(staging);
        Ok(())
    }

    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        let fresh = self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.clone());
        if !fresh {
            return Err(collision(&path));
        }
        let dir = self.dir.as_ref().expect("open() comes before put()");
        let target = dir.join(&path);
        let write = || {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, &bytes)
        };
        write().map_err(|e| self.fail(format!("cannot write `{path}`: {e}")))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Removes staging folders left by builds that were killed, and puts back an
/// output folder that a crash left moved aside. Only folders whose process is
/// gone are touched (known on systems with `/proc`; elsewhere nothing is done).
fn clean_up_after_crashes(out: &Path) {
    let proc = Path::new("/proc");
    if !proc.is_dir() {
        return;
    }
    let Some(parent) = sibling(out, "x").parent().map(Path::to_path_buf) else {
        return;
    };
    let Some(name) = out.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&format!(".{name}.lembar-")) else {
            continue;
        };
        let Some((what, pid)) = rest.rsplit_once('-') else {
            continue;
        };
        if pid.parse::<u32>().is_err() || proc.join(pid).exists() {
            continue;
        }
        match what {
            "old" if !out.exists() => {
                let _ = std::fs::rename(entry.path(), out);
            }
            "old" | "staging" => {
                let _ = std::fs::remove_dir_all(entry.path());
            }
            _ => {}
        }
    }
}

/// `.public.lembar-staging-<pid>` beside `public`, on the same file system so
/// that renames are atomic.
fn sibling(out: &Path, what: &str) -> PathBuf {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    parent.join(format!(".{name}.lembar-{what}-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `tree` to `out`, replacing what lembar wrote there before.
    fn write_output(tree: &OutputTree, out: &Path) -> Result<(), Diagnostic> {
        let mut staging = Staging::new(out);
        staging.open()?;
        tree.files
            .iter()
            .try_for_each(|(path, bytes)| staging.put(path.clone(), bytes.clone()))?;
        staging.commit()
    }

    fn tree() -> OutputTree {
        let mut t = OutputTree::default();
        t.insert("index.html".into(), b"root".to_vec());
        t.insert("id/negara/jepang/index.html".into(), b"jepang".to_vec());
        t
    }

    #[test]
    fn writes_then_replaces_its_own_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_output(&tree(), &out).unwrap();
        assert_eq!(
            std::fs::read(out.join("id/negara/jepang/index.html")).unwrap(),
            b"jepang"
        );
        let mut t = OutputTree::default();
        t.insert("index.html".into(), b"new".to_vec());
        write_output(&t, &out).unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"new");
        assert!(!out.join("id").exists(), "stale files are gone");
        // no staging or old folders are left beside it
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_output_folder_is_replaced_where_it_really_is() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("www");
        write_output(&tree(), &real).unwrap();
        let link = tmp.path().join("public");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut t = OutputTree::default();
        t.insert("index.html".into(), b"new".to_vec());
        write_output(&t, &link).unwrap();
        assert!(link.is_symlink(), "the link stays a link");
        assert_eq!(std::fs::read(real.join("index.html")).unwrap(), b"new");
    }

    #[test]
    fn leftovers_of_killed_builds_are_cleaned_up() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        // No process has this pid (above the kernel's maximum).
        let stale = tmp.path().join(".public.lembar-staging-99999999");
        std::fs::create_dir_all(stale.join("id")).unwrap();
        // A crash between the two renames left the previous output aside.
        let aside = tmp.path().join(".public.lembar-old-99999998");
        std::fs::create_dir_all(&aside).unwrap();
        std::fs::write(aside.join(MARKER), "").unwrap();
        std::fs::write(aside.join("index.html"), "previous").unwrap();
        let mut staging = Staging::new(&out);
        staging.open().unwrap();
        assert!(!stale.exists());
        assert_eq!(
            std::fs::read(out.join("index.html")).unwrap(),
            b"previous",
            "put back"
        );
        drop(staging);
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "only public/ is left"
        );
    }

    #[test]
    fn refuses_a_folder_it_did_not_make() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
        let e = write_output(&tree(), tmp.path()).unwrap_err();
        assert!(e.message.contains("refusing to replace"), "{e}");
        assert_eq!(
            std::fs::read(tmp.path().join("notes.txt")).unwrap(),
            b"mine"
        );
    }
}
