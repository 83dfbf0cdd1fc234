//! Stage `write`: [`OutputTree`] → the output folder, atomically. Writes the disk.
//!
//! Everything is written into a staging folder beside the output, then swapped
//! in with renames: a failed build never touches the previous output. A folder
//! that lembar did not make (no marker file) is never replaced.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

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
    pub fn insert(&mut self, path: String, bytes: Vec<u8>) {
        self.files.insert(path, bytes);
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

    /// Adds every file of `other` that this tree does not have.
    pub fn add_missing(&mut self, other: BTreeMap<String, Vec<u8>>) {
        for (path, bytes) in other {
            self.files.entry(path).or_insert(bytes);
        }
    }
}

/// Writes `tree` to `out`, replacing what lembar wrote there before.
pub fn write_output(tree: &OutputTree, out: &Path) -> Result<(), Diagnostic> {
    let shown = out.display().to_string();
    let fail = |what: String| {
        Diagnostic::error(what)
            .in_file(out)
            .help("check that the output folder's parent exists and is writable; the previous output is untouched")
    };
    if out.exists() {
        if !out.is_dir() {
            return Err(
                Diagnostic::error(format!("the output `{shown}` is a file, not a folder"))
                    .in_file(out)
                    .help("choose another `--out` folder"),
            );
        }
        let empty = std::fs::read_dir(out)
            .map_err(|e| fail(format!("cannot read `{shown}`: {e}")))?
            .next()
            .is_none();
        if !empty && !out.join(MARKER).is_file() {
            return Err(Diagnostic::error(format!("refusing to replace `{shown}`: it is not empty and lembar did not make it"))
                .in_file(out)
                .help("choose an empty or new `--out` folder; lembar only replaces folders it wrote (they hold a `.lembar-output` file)"));
        }
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|e| fail(format!("cannot create `{}`: {e}", parent.display())))?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.lembar-staging-{pid}"));
    let old = parent.join(format!(".{name}.lembar-old-{pid}"));

    let _ = std::fs::remove_dir_all(&staging);
    if let Err(e) = write_tree(tree, &staging) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(fail(format!("cannot write the new output: {e}")));
    }
    let had_old = out.exists();
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
        if let Err(e) = std::fs::rename(out, &old) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(fail(format!("cannot move the previous output aside: {e}")));
        }
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(fail(format!("cannot move the new output into place: {e}")));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

/// Writes every file under `dir`: folders first, then the files in parallel.
fn write_tree(tree: &OutputTree, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut folders: Vec<&str> = tree
        .files
        .keys()
        .filter_map(|p| p.rsplit_once('/').map(|(d, _)| d))
        .collect();
    folders.dedup();
    for folder in folders {
        std::fs::create_dir_all(dir.join(folder))?;
    }
    tree.files
        .par_iter()
        .try_for_each(|(path, bytes)| std::fs::write(dir.join(path), bytes))?;
    std::fs::write(
        dir.join(MARKER),
        "This folder was written by lembar, which may replace it on the next build.\n",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
