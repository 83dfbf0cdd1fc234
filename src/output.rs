//! Stage `write`: rendered files → the output folder, atomically (or into an
//! in-memory [`OutputTree`]). Writes the disk.
//!
//! Everything is written into a staging folder beside the output, then swapped
//! in with renames: a failed build never touches the previous output. A folder
//! that lembar did not make (no marker file) is never replaced.
//!
//! Longer than the ~400-line bound: the staging folder, the atomic swap and the
//! marker that keeps lembar from replacing a folder it did not make are one
//! protocol, each step checking the others' assumptions.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostic::Diagnostic;
use crate::theme::Static;

/// The file lembar leaves in every output folder it writes, so it knows the
/// folder is its own to replace.
pub const MARKER: &str = ".lembar-output";
const MARKER_TEXT: &str =
    "This folder was written by lembar, which may replace it on the next build.\n";
/// Whether `dir` is an output folder of lembar: its marker is there and says
/// so (a static file of that name is not enough).
pub fn is_output_folder(dir: &Path) -> bool {
    use std::io::Read;
    let marker = dir.join(MARKER);
    if !marker.is_file() {
        return false;
    }
    let mut start = Vec::with_capacity(MARKER_TEXT.len());
    std::fs::File::open(marker)
        .and_then(|f| f.take(MARKER_TEXT.len() as u64).read_to_end(&mut start))
        .is_ok_and(|_| start == MARKER_TEXT.as_bytes())
}

/// The line after which the marker lists the files lembar wrote (older
/// markers have no list: their folders are replaced without a word).
const MARKER_LIST: &str = "Files written:\n";

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
    /// A file `write` makes in pieces: a sink that writes files writes them
    /// as they come, so a large one (the sitemap) is never whole in memory.
    fn put_written(
        &self,
        path: String,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        // Writing into memory cannot fail.
        let _ = write(&mut bytes);
        self.put(path, bytes)
    }
    /// A static file, copied as it is (read only if the sink keeps bytes).
    fn put_static(&self, path: String, file: &Static) -> Result<(), Diagnostic>;
    /// Puts the previous output's file `from` at `path` as it is (a hard
    /// link, for the build cache); `Ok(false)`, with nothing put, when it
    /// cannot.
    fn reuse(&self, _path: &str, _from: &Path) -> Result<bool, Diagnostic> {
        Ok(false)
    }
    /// The file on disk that [`Sink::put`] wrote for `path`, if it writes one.
    fn staged(&self, _path: &str) -> Option<PathBuf> {
        None
    }
    /// The version and size of the file put at `path`, read back as written.
    fn digest(&self, path: &str) -> Result<crate::offline::Digest, Diagnostic> {
        let staged = self.staged(path);
        let bytes = staged.as_deref().map(std::fs::read);
        match bytes {
            Some(Ok(bytes)) => Ok(crate::offline::Digest::of(&bytes)),
            _ => Err(
                Diagnostic::error(format!("cannot read back `{path}`, just written"))
                    .help("check that nothing else writes to the output folder during the build"),
            ),
        }
    }
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

    fn put_static(&self, path: String, file: &Static) -> Result<(), Diagnostic> {
        self.put(path, file.read()?)
    }

    fn digest(&self, path: &str) -> Result<crate::offline::Digest, Diagnostic> {
        let tree = self.0.lock().unwrap_or_else(|e| e.into_inner());
        tree.get(path)
            .map(crate::offline::Digest::of)
            .ok_or_else(|| {
                Diagnostic::error(format!("`{path}` was not made"))
                    .help("this is a bug in lembar; please report it")
            })
    }
}

/// Two outputs want the same file: the second is refused, not written over
/// the first. A static file in a page's or a photo's place is left out with a
/// warning before this (`build::visible_statics`), so this is a last guard.
pub fn collision(path: &str) -> Diagnostic {
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
    /// What was written, so a second file at the same path is refused, and
    /// the marker lists it for the next build.
    written: Mutex<std::collections::HashSet<String>>,
    /// Files that could not be written, by error: reported once per kind
    /// (a full disk fails every file the same way).
    failed: Mutex<BTreeMap<String, (usize, String)>>,
    /// Files of the previous output that lembar did not write (someone put
    /// them there): this build replaces them, with a warning.
    strays: Vec<String>,
}

impl Staging {
    pub fn new(out: &Path) -> Staging {
        Staging {
            out: out.to_path_buf(),
            dir: None,
            written: Mutex::default(),
            failed: Mutex::default(),
            strays: Vec::new(),
        }
    }

    /// The files that could not be written, one error per kind of failure;
    /// empty when every file was written.
    pub fn write_failures(&self) -> Vec<Diagnostic> {
        let failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
        failed
            .iter()
            .map(|(error, (count, first))| match count {
                1 => self.fail(format!("cannot write `{first}`: {error}")),
                n => Diagnostic::error(format!(
                    "cannot write {n} files into `{}`: {error}",
                    self.out.display()
                ))
                .in_file(&self.out)
                .help(format!(
                    "the first was `{first}`; check that the disk has room and the output folder's parent is writable; the previous output is untouched"
                )),
            })
            .collect()
    }

    /// Moves the staged files into place, replacing the previous output.
    /// Returns warnings: files someone had put in the previous output, an
    /// old output that could not be removed.
    pub fn commit(mut self) -> Result<Vec<Diagnostic>, Diagnostic> {
        let Some(staging) = self.dir.take() else {
            return Err(self.fail("nothing was staged".into()));
        };
        let result = self.swap(&staging);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        let mut warnings = result?;
        warnings.extend(self.strays_warning());
        Ok(warnings)
    }

    fn swap(&self, staging: &Path) -> Result<Vec<Diagnostic>, Diagnostic> {
        let out = &self.out;
        std::fs::write(staging.join(MARKER), self.marker_text())
            .map_err(|e| self.fail(format!("cannot write the new output: {e}")))?;
        let old = if out.exists() {
            self.put_aside(staging)?
        } else {
            std::fs::rename(staging, out)
                .map_err(|e| self.fail(format!("cannot move the new output into place: {e}")))?;
            return Ok(Vec::new());
        };
        Ok(remove_old_output(&old).into_iter().collect())
    }

    /// Puts the staging folder in the output's place and the previous output
    /// aside; returns where the previous output is now. One atomic exchange
    /// where the system has it (so `public/` never is missing), else two renames.
    fn put_aside(&self, staging: &Path) -> Result<PathBuf, Diagnostic> {
        let out = &self.out;
        if exchange(staging, out).is_ok() {
            return Ok(staging.to_path_buf());
        }
        let old = sibling(out, "old");
        let _ = std::fs::remove_dir_all(&old);
        std::fs::rename(out, &old)
            .map_err(|e| self.fail(format!("cannot move the previous output aside: {e}")))?;
        if let Err(e) = std::fs::rename(staging, out) {
            let _ = std::fs::rename(&old, out);
            return Err(self.fail(format!("cannot move the new output into place: {e}")));
        }
        Ok(old)
    }

    /// The marker's text: what it is, then every file this build wrote.
    fn marker_text(&self) -> String {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let mut files: Vec<&str> = written.iter().map(String::as_str).collect();
        files.sort_unstable();
        let mut text = format!("{MARKER_TEXT}{MARKER_LIST}");
        for f in files {
            text.push_str(f);
            text.push('\n');
        }
        text
    }

    fn strays_warning(&self) -> Option<Diagnostic> {
        let shown = self.strays.iter().take(10).map(|s| format!("`{s}`"));
        let mut list = shown.collect::<Vec<_>>().join(", ");
        match self.strays.len() {
            0 => return None,
            n if n > 10 => list.push_str(&format!(" and {} more", n - 10)),
            _ => {}
        }
        Some(
            Diagnostic::warning(format!(
                "removed {} from the previous output that lembar did not write: {list}",
                plural(self.strays.len(), "file")
            ))
            .in_file(&self.out)
            .help("put files to publish in `static/`: lembar replaces the whole output folder on every build"),
        )
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
        self.strays = strays(&self.out);
        let out = &self.out;
        let staging = sibling(out, "staging");
        let _ = std::fs::remove_dir_all(&staging);
        std::fs::create_dir_all(&staging)
            .map_err(|e| self.fail(format!("cannot create `{}`: {e}", staging.display())))?;
        self.dir = Some(staging);
        Ok(())
    }

    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.claim(&path)?;
        self.write(path, |target| std::fs::write(target, &bytes));
        Ok(())
    }

    fn put_written(
        &self,
        path: String,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        self.claim(&path)?;
        self.write(path, |target| {
            let mut file = std::io::BufWriter::new(std::fs::File::create(target)?);
            write(&mut file)?;
            std::io::Write::flush(&mut file)
        });
        Ok(())
    }

    fn put_static(&self, path: String, file: &Static) -> Result<(), Diagnostic> {
        self.claim(&path)?;
        // Copied in pieces: a big download never sits in memory.
        let mut source = file.open()?;
        self.write(path, |target| {
            std::io::copy(&mut source, &mut std::fs::File::create(target)?).map(drop)
        });
        Ok(())
    }

    // Claimed before it is linked: no other file may be written through the
    // link, which would change the previous output's file.
    fn reuse(&self, path: &str, from: &Path) -> Result<bool, Diagnostic> {
        self.claim(path)?;
        let dir = self.dir.as_ref().expect("open() comes before reuse()");
        let target = dir.join(path);
        let folder = target.parent().unwrap_or(dir);
        let linked =
            std::fs::create_dir_all(folder).and_then(|()| std::fs::hard_link(from, &target));
        if linked.is_err() {
            let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
            written.remove(path);
        }
        Ok(linked.is_ok())
    }

    fn staged(&self, path: &str) -> Option<PathBuf> {
        Some(self.dir.as_ref()?.join(path))
    }
}

impl Staging {
    /// Takes `path` for one file; a second file at the same path is refused.
    fn claim(&self, path: &str) -> Result<(), Diagnostic> {
        let fresh = self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string());
        if fresh { Ok(()) } else { Err(collision(path)) }
    }

    /// Writes the file at `path` in the staging folder with `write`, making
    /// its folders first. A failure is kept for `write_failures`, not
    /// reported per file: a full disk fails every file the same way.
    fn write(&self, path: String, write: impl FnOnce(&Path) -> std::io::Result<()>) {
        let dir = self.dir.as_ref().expect("open() comes before put()");
        let target = dir.join(&path);
        let folder = target.parent().unwrap_or(dir);
        let written = std::fs::create_dir_all(folder).and_then(|()| write(&target));
        if let Err(e) = written {
            let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
            let entry = failed.entry(e.to_string()).or_insert((0, path.clone()));
            entry.0 += 1;
            if path < entry.1 {
                entry.1 = path;
            }
        }
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

/// The folders of a site that lembar reads (besides `site.yaml`): an output
/// inside one of them would be read, and published again, by the next build,
/// and `serve` watches them.
pub const INPUT_DIRS: &[&str] = &["content", "static", "themes", "i18n", "data"];

/// A usage error (message, help) when the output folder `out` is inside one
/// of the site's input folders.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<(), (String, String)> {
    let (root, out_real) = (real_path(root), real_path(out));
    for dir in INPUT_DIRS {
        // Both resolved: `static -> public` is as much a loop as `--out static/public`.
        if out_real.starts_with(real_path(&root.join(dir))) {
            return Err((
                format!(
                    "the output folder `{}` is inside `{dir}/`, which lembar reads: every build would publish the previous one",
                    out.display()
                ),
                "choose an output folder outside `content/`, `static/`, `themes/` and `i18n/`, such as `public`".into(),
            ));
        }
    }
    Ok(())
}

/// `path` with links resolved as far as it exists (an output folder may not yet).
fn real_path(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        if let Ok(real) = std::fs::canonicalize(at) {
            return rest.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// The files in the output folder `out` that its marker does not list;
/// none when the marker has no list.
fn strays(out: &Path) -> Vec<String> {
    let Ok(marker) = std::fs::read_to_string(out.join(MARKER)) else {
        return Vec::new();
    };
    let Some((_, list)) = marker.split_once(MARKER_LIST) else {
        return Vec::new();
    };
    let listed: std::collections::HashSet<&str> = list.lines().collect();
    let mut found: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(out).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .filter(|rel| rel != MARKER && !listed.contains(rel.as_str()))
        .collect();
    found.sort();
    found
}

/// Swaps two folders in one step (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Removes a previous output. A read-only folder in it (a deployment that
/// marks files read-only) cannot be emptied, so write permission is given
/// back to its folders first. Returns a warning when it still cannot be removed.
fn remove_old_output(old: &Path) -> Option<Diagnostic> {
    if std::fs::remove_dir_all(old).is_ok() {
        return None;
    }
    make_writable(old);
    let e = std::fs::remove_dir_all(old).err()?;
    Some(
        Diagnostic::warning(format!(
            "the new output is in place, but the previous one could not be removed: {e}"
        ))
        .in_file(old)
        .help(format!("remove it by hand: `rm -rf {}`", old.display())),
    )
}

/// Gives the owner write permission on every folder under `dir` (files need
/// none to be removed).
fn make_writable(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_dir() {
            continue;
        }
        if let Ok(meta) = entry.metadata() {
            let mut perms = meta.permissions();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                perms.set_mode(perms.mode() | 0o700);
            }
            #[cfg(not(unix))]
            perms.set_readonly(false);
            let _ = std::fs::set_permissions(entry.path(), perms);
        }
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `.public.lembar-staging-<pid>` beside `public`, on the same file system so
/// that renames are atomic.
fn sibling(out: &Path, what: &str) -> PathBuf {
    beside(out, &format!("{what}-{}", std::process::id()))
}

/// `.public.lembar-<what>` beside the output folder `public` (the build
/// cache's folder is `.public.lembar-cache`).
pub fn beside(out: &Path, what: &str) -> PathBuf {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    parent.join(format!(".{name}.lembar-{what}"))
}

#[cfg(test)]
mod tests;
