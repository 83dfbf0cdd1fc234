//! Watching the site's sources (notify): turns file events into batches of
//! changed paths, once each write is finished. Reads the file system's events.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{Event, EventKind, RecursiveMode, Watcher};

/// The folders whose files make the site (besides `site.yaml`); an edit in
/// `data` (the facts pages show) rebuilds the world.
const WATCHED: &[&str] = crate::output::INPUT_DIRS;

/// After the last event, how long to wait for more before rebuilding: short
/// when every file's write is known to be finished (closed, renamed into
/// place, removed), longer while a write may still be going on.
const SETTLED_QUIET: Duration = Duration::from_millis(3);
const WRITING_QUIET: Duration = Duration::from_millis(60);
/// A stream of events never holds a rebuild back longer than this.
const MAX_WAIT: Duration = Duration::from_millis(300);

/// What changed, for the server to act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A Markdown file under `content/` that exists: its path under `content/`.
    Page(String),
    /// A stylesheet of the theme or the site's `static/`.
    Stylesheet,
    /// Anything else that makes the site: config, templates, strings, other
    /// static files, photos, added or removed pages.
    Other,
}

/// Watches `root`; batches of changed paths arrive on the receiver. The
/// watcher stops when the receiver is dropped.
pub fn watch(root: &Path, out: &Path) -> notify::Result<Receiver<Vec<Change>>> {
    // Events name absolute paths: compare them with absolute ones.
    let absolute = |p: &Path| std::path::absolute(p).map_err(notify::Error::io);
    let (root, out) = (absolute(root)?, absolute(out)?);
    let root = root.as_path();
    let (raw_tx, raw_rx) = channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(raw_tx)?;
    // The root itself only for `site.yaml` and new top folders: it may hold
    // `target/` or `.git/`, busy folders that are none of the site's business.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED {
        let dir = root.join(dir);
        if dir.is_dir() {
            watcher.watch(&dir, RecursiveMode::Recursive)?;
        }
    }
    let (tx, rx) = channel();
    let root = root.to_path_buf();
    let out = out.to_path_buf();
    std::thread::spawn(move || batch_events(watcher, &raw_rx, &tx, &root, &out));
    Ok(rx)
}

/// What the watcher would see of the site, file by file: modification time
/// and length. `serve` takes one before its first load and starts watching
/// after it (the watcher hears every file a load opens: thousands of events
/// competing with the load); comparing a second one then finds an edit saved
/// meanwhile. Times alone would not do: a file's time comes from a coarser
/// clock than the one a program reads.
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot(std::collections::BTreeMap<PathBuf, (Option<std::time::SystemTime>, u64)>);

impl Snapshot {
    /// `site.yaml`, and every file and folder in the folders the watcher
    /// watches (not the root's other files: a log written there would
    /// look like a change).
    pub fn take(root: &Path) -> Snapshot {
        let mut files = std::collections::BTreeMap::new();
        let mut add = |path: &Path, meta: std::fs::Metadata| {
            files.insert(path.to_path_buf(), (meta.modified().ok(), meta.len()));
        };
        let config = root.join(crate::config::CONFIG_FILE);
        if let Ok(meta) = std::fs::metadata(&config) {
            add(&config, meta);
        }
        for dir in WATCHED {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                if let Ok(meta) = entry.metadata() {
                    add(entry.path(), meta);
                }
            }
        }
        Snapshot(files)
    }
}

/// Collects events until the writes settle, then sends the batch.
fn batch_events(
    mut watcher: notify::RecommendedWatcher,
    raw: &Receiver<notify::Result<Event>>,
    tx: &Sender<Vec<Change>>,
    root: &Path,
    out: &Path,
) {
    loop {
        let Ok(first) = raw.recv() else { return };
        let started = Instant::now();
        let mut pending: Vec<Pending> = Vec::new();
        let note = |event: notify::Result<Event>, pending: &mut Vec<Pending>| {
            let Ok(event) = event else { return };
            let Some(settled) = settles(&event.kind) else {
                return;
            };
            let created = matches!(event.kind, EventKind::Create(_));
            for path in event.paths {
                if !is_source(root, out, &path) {
                    continue;
                }
                match pending.iter_mut().find(|p| p.path == path) {
                    Some(entry) => entry.settled = settled,
                    None => pending.push(Pending {
                        path,
                        settled,
                        created,
                    }),
                }
            }
        };
        note(first, &mut pending);
        loop {
            let quiet = if pending.iter().all(|p| p.settled) {
                SETTLED_QUIET
            } else {
                WRITING_QUIET
            };
            if started.elapsed() > MAX_WAIT {
                break;
            }
            match raw.recv_timeout(quiet) {
                Ok(event) => note(event, &mut pending),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        // A file made and gone within the batch was a tool's temporary file
        // (`sed -i`, editors' atomic saves): nothing of the site.
        pending.retain(|p| !p.created || p.path.exists());
        if pending.is_empty() {
            continue;
        }
        // A top folder made after the start is watched from now on.
        for dir in WATCHED {
            let dir = root.join(dir);
            if pending.iter().any(|p| p.path == dir) && dir.is_dir() {
                let _ = watcher.watch(&dir, RecursiveMode::Recursive);
            }
        }
        let changes = pending.iter().map(|p| classify(root, &p.path)).collect();
        if tx.send(changes).is_err() {
            return;
        }
    }
}

/// A changed path in the batch being collected.
struct Pending {
    path: PathBuf,
    /// Its last event ended a write.
    settled: bool,
    /// Its first event in the batch made it.
    created: bool,
}

/// Whether an event ends a write (`Some(true)`), may be in the middle of one
/// (`Some(false)`), or is no change at all (`None`: opening, reading).
fn settles(kind: &EventKind) -> Option<bool> {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(true),
        EventKind::Access(_) => None,
        EventKind::Remove(_) => Some(true),
        EventKind::Modify(ModifyKind::Name(_)) => Some(true),
        EventKind::Create(CreateKind::Folder) => Some(true),
        EventKind::Create(_) | EventKind::Modify(_) => Some(false),
        EventKind::Any | EventKind::Other => Some(false),
    }
}

/// Whether a path is one of the site's sources: `site.yaml` or a file in a
/// watched folder, not in the output, not an editor's temporary file, and
/// not left out of the site by the build's own rule (dotfiles count in
/// static folders: `static/.well-known/` is published).
pub fn is_source(root: &Path, out: &Path, path: &Path) -> bool {
    if path.starts_with(out) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(top) = parts.next() else {
        return false;
    };
    if rel.components().count() == 1 {
        return top == "site.yaml" || WATCHED.contains(&top.as_ref());
    }
    let in_static = in_static(rel);
    WATCHED.contains(&top.as_ref())
        && rel.components().all(|c| {
            let name = c.as_os_str().to_string_lossy();
            !is_temporary(&name) && !crate::theme::is_left_out(&name, in_static)
        })
}

/// Whether `rel` (from the root) is in a static folder: the site's
/// `static/` or a theme's `themes/<name>/static/`.
fn in_static(rel: &Path) -> bool {
    rel.starts_with("static")
        || rel
            .strip_prefix("themes")
            .ok()
            .and_then(|r| r.components().nth(1))
            .is_some_and(|c| c.as_os_str() == "static")
}

/// Editors' temporary files that the build's rule does not name, since
/// they only live while a file is saved.
fn is_temporary(name: &str) -> bool {
    name == "4913" // vim's test of whether it may write the folder
        || [".swx", ".swo", ".tmp", ".kate-swp", ".crswap", ".part"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// What a changed source is, for the server.
fn classify(root: &Path, path: &Path) -> Change {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let is = |ext: &str| path.extension().is_some_and(|x| x == ext);
    if let Ok(content) = rel.strip_prefix(crate::content::CONTENT_DIR)
        && is("md")
        && path.is_file()
        && let Some(rel) = content.to_str()
    {
        return Change::Page(rel.replace('\\', "/"));
    }
    if in_static(rel) && is("css") {
        return Change::Stylesheet;
    }
    Change::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_sees_edits_additions_and_removals_of_the_sites_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/countries")).unwrap();
        std::fs::write(root.join("content/countries/japan.en.md"), "a").unwrap();
        std::fs::write(root.join("site.yaml"), "a").unwrap();
        std::fs::create_dir_all(root.join("target")).unwrap();
        let before = Snapshot::take(root);
        assert_eq!(Snapshot::take(root), before, "nothing changed");
        std::fs::write(root.join("target/build.log"), "busy").unwrap();
        std::fs::write(root.join("serve.log"), "serving").unwrap();
        assert_eq!(Snapshot::take(root), before, "not the site's files");
        std::fs::write(root.join("content/countries/japan.en.md"), "bb").unwrap();
        assert_ne!(Snapshot::take(root), before, "an edited page");

        let before = Snapshot::take(root);
        std::fs::write(root.join("site.yaml"), "bb").unwrap();
        assert_ne!(Snapshot::take(root), before, "site.yaml");

        let before = Snapshot::take(root);
        std::fs::remove_file(root.join("content/countries/japan.en.md")).unwrap();
        assert_ne!(Snapshot::take(root), before, "a removed page");
    }

    #[test]
    fn only_the_sites_sources_count() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        let yes = [
            "/site/site.yaml",
            "/site/content/countries/japan.id.md",
            "/site/themes/default/templates/page.html",
            "/site/static/logo.svg",
            "/site/i18n/id.yaml",
            "/site/data/facts.yaml",
        ];
        let no = [
            "/site/public/index.html",
            "/site/target/debug/lembar",
            "/site/Cargo.toml",
            "/site/content/.japan.id.md.swp",
            "/site/content/japan.id.md~",
            "/site/content/4913",
            "/site/content/#japan.id.md#",
            "/site/content/.git/index",
            "/elsewhere/site.yaml",
        ];
        for p in yes {
            assert!(is_source(root, out, Path::new(p)), "{p} is a source");
        }
        for p in no {
            assert!(!is_source(root, out, Path::new(p)), "{p} is not a source");
        }
    }

    #[test]
    fn dotfiles_in_static_folders_are_sources_as_the_build_publishes_them() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        for p in [
            "/site/static/.well-known/security.txt",
            "/site/static/.nojekyll",
            "/site/themes/mine/static/.well-known/x",
        ] {
            assert!(is_source(root, out, Path::new(p)), "{p} is published");
        }
        for p in [
            "/site/static/.git/config",
            "/site/static/notes.txt~",
            "/site/static/.notes.txt.swp",
            "/site/themes/mine/templates/.page.html",
            "/site/i18n/.en.yaml",
        ] {
            assert!(!is_source(root, out, Path::new(p)), "{p} is not published");
        }
    }

    #[test]
    fn stylesheets_and_other_files_are_told_apart() {
        let root = Path::new("/nonexistent-site");
        assert_eq!(
            classify(root, &root.join("themes/default/static/style.css")),
            Change::Stylesheet
        );
        assert_eq!(
            classify(root, &root.join("static/print.css")),
            Change::Stylesheet
        );
        assert_eq!(classify(root, &root.join("site.yaml")), Change::Other);
        // A page that no longer exists (removed) means the site is made again.
        assert_eq!(
            classify(root, &root.join("content/japan.id.md")),
            Change::Other
        );
    }

    #[test]
    fn a_write_settles_when_the_file_is_closed() {
        assert_eq!(
            settles(&EventKind::Access(AccessKind::Close(AccessMode::Write))),
            Some(true)
        );
        assert_eq!(
            settles(&EventKind::Modify(ModifyKind::Data(
                notify::event::DataChange::Any
            ))),
            Some(false)
        );
        assert_eq!(
            settles(&EventKind::Access(AccessKind::Open(
                notify::event::AccessMode::Any
            ))),
            None
        );
    }
}
