//! Each page's cache key: a 128-bit hash of everything its file and its
//! per-document results are made from (the rule is in the [module
//! doc](super)). Reads the site's input folders besides `content/`.

use std::path::Path;

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use crate::build::{BuildOptions, Prepared};
use crate::output::INPUT_DIRS;

/// Bumped whenever what the cache holds, or how a key is made, changes.
const FORMAT: u32 = 1;

/// The key of every document, by document id; `None` when the running
/// program cannot be identified (then nothing is reused).
pub fn page_keys(options: &BuildOptions, prepared: &Prepared) -> Option<Vec<u128>> {
    let site = &prepared.site;
    let mut h = Xxh3::new();
    add(&mut h, program()?.as_bytes());
    add_site_wide(&mut h, options, prepared);
    // The skeleton: every file's place and front matter, every document's
    // URL and place in the tree. A front-matter edit changes every key.
    for file in &site.files {
        add(&mut h, file.source.path.to_string_lossy().as_bytes());
        add(&mut h, file.rel.as_bytes());
        add(&mut h, file.lang.as_bytes());
        let front = file.split.body.start.min(file.source.text.len());
        add(&mut h, &file.source.text.as_bytes()[..front]);
    }
    for doc in &site.docs {
        add(&mut h, format!("{doc:?}").as_bytes());
    }
    let global = h.digest128().to_le_bytes();
    let keys = (0..site.docs.len())
        .into_par_iter()
        .map(|id| {
            let mut h = Xxh3::new();
            add(&mut h, &global);
            add(&mut h, &(id as u64).to_le_bytes());
            // Its own source (a fallback copy's is the other language's
            // file), then the sources of the pages whose bodies it shows.
            let own = site.docs[id].file;
            add(&mut h, site.files[own].source.text.as_bytes());
            for part in site.booklet_parts(id) {
                add(&mut h, &(part as u64).to_le_bytes());
                add(&mut h, site.file(&site.docs[part]).source.text.as_bytes());
            }
            h.digest128()
        })
        .collect();
    Some(keys)
}

/// What every page may read: the build's options, `site.yaml`, the site's
/// data, theme, UI strings and static files (whole, as bytes), the static
/// files' places, photos as resized, the callout titles.
fn add_site_wide(h: &mut Xxh3, options: &BuildOptions, prepared: &Prepared) {
    let site = &prepared.site;
    add(h, format!("lembar-cache {FORMAT}").as_bytes());
    add(h, format!("{:?}", options.base_url).as_bytes());
    add(h, &[u8::from(options.drafts)]);
    add(h, format!("{:?}", options.printed).as_bytes());
    add(h, site.config.base_url.as_bytes());
    add(h, site.config.source.text.as_bytes());
    for dir in INPUT_DIRS.iter().filter(|d| **d != "content") {
        add_folder(h, &site.config.root, dir);
    }
    for (path, file) in &prepared.statics {
        add(h, path.as_bytes());
        add(h, file.path.to_string_lossy().as_bytes());
    }
    for (path, bytes) in prepared.templates.assets().photos.outputs(site) {
        add(h, path.as_bytes());
        add(h, &bytes);
    }
    add(h, format!("{:?}", prepared.labels).as_bytes());
}

/// Every entry under `root/dir`, by name, files by their bytes, following
/// links as the loaders do (a linked theme or static folder is read through
/// its link, so an edit inside it must change the key). A link that leads
/// outside the site is not followed: the loaders refuse it with an error,
/// and a build with an error keeps no cache.
fn add_folder(h: &mut Xxh3, root: &Path, dir: &str) {
    let walk = walkdir::WalkDir::new(root.join(dir))
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            !e.path_is_symlink() || crate::files::check_inside(root, e.path()).is_ok()
        });
    for entry in walk {
        let Ok(entry) = entry else {
            add(h, b"unreadable");
            continue;
        };
        add(h, entry.path().to_string_lossy().as_bytes());
        if entry.path_is_symlink() {
            let target = std::fs::read_link(entry.path()).unwrap_or_default();
            add(h, target.to_string_lossy().as_bytes());
        }
        if entry.file_type().is_file() {
            match std::fs::read(entry.path()) {
                Ok(bytes) => add(h, &bytes),
                Err(e) => add(h, e.to_string().as_bytes()),
            }
        }
    }
}

/// The running program: its version, and its file's length and time, so
/// a rebuilt lembar (another embedded theme, other rendering code) never
/// reuses pages of the previous one.
fn program() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(exe).ok()?;
    Some(format!(
        "{} {} {:?}",
        env!("CARGO_PKG_VERSION"),
        meta.len(),
        meta.modified().ok()?
    ))
}

/// Adds `bytes` with its length first, so no two sequences of parts run
/// together into the same stream.
fn add(h: &mut Xxh3, bytes: &[u8]) {
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_hash(root: &Path) -> u64 {
        let mut h = Xxh3::new();
        add_folder(&mut h, root, "static");
        h.digest()
    }

    #[cfg(unix)]
    #[test]
    fn a_file_edited_inside_a_linked_folder_changes_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("assets/css")).unwrap();
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::write(root.join("assets/css/style.css"), "body { color: black }").unwrap();
        std::os::unix::fs::symlink("../assets/css", root.join("static/css")).unwrap();
        let before = folder_hash(root);
        assert_eq!(folder_hash(root), before);
        // Same length, in place: the link and its folder are as they were.
        std::fs::write(root.join("assets/css/style.css"), "body { color: white }").unwrap();
        assert_ne!(
            folder_hash(root),
            before,
            "the linked file's bytes are hashed"
        );
    }
}
