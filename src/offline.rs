//! Reading offline: what a reader who presses "Save for offline" keeps of
//! one language, as the list `<lang>/offline.json` names it, and the web app
//! manifest that lets the site be added to a phone's home screen. Pure.
//!
//! Nothing is saved unless the reader asks (data costs money). The theme's
//! `offline.js` fetches the list, stores each file it names in one cache per
//! language, and later fetches only the files whose version changed; the
//! service worker `sw.js`, registered only then, answers from that cache when
//! the network does not. A file's version is a hash of its bytes as written,
//! so a rebuild that changed one page changes one version.

use rayon::prelude::*;

use crate::build::Prepared;
use crate::diagnostic::Diagnostic;
use crate::plan::Make;
use crate::publish::SiteFile;

/// The list of a language's files to save, in its folder.
pub const LIST_FILE: &str = "offline.json";
/// The web app manifest of a language, in its folder.
pub const MANIFEST_FILE: &str = "manifest.webmanifest";
/// The service worker, at the top of the site: it may only answer for
/// addresses below its own.
pub const WORKER_FILE: &str = "sw.js";
/// The script behind the save control, a static file of the theme.
pub const SCRIPT_FILE: &str = "offline.js";

/// The static files every page loads (or the home screen shows), saved with
/// each language: the stylesheets, the scripts, the icon. Pictures,
/// downloads and feeds are not saved: they cost most of the data.
const PAGE_STATICS: &[&str] = &["style.css", "print.css", "search.js", SCRIPT_FILE, ICON];

/// The home screen's icon, saved with the pages.
const ICON: &str = "icon-192.png";

/// The icons the manifest names, with their sizes and types, when the site
/// publishes them (the default theme has all three).
const ICONS: &[(&str, &str, &str)] = &[
    (ICON, "192x192", "image/png"),
    ("icon-512.png", "512x512", "image/png"),
    ("icon.svg", "any", "image/svg+xml"),
];

/// A file's version and size, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digest {
    pub hash: u64,
    pub len: u64,
}

impl Digest {
    pub fn of(bytes: &[u8]) -> Digest {
        Digest {
            hash: xxhash_rust::xxh3::xxh3_64(bytes),
            len: bytes.len() as u64,
        }
    }
}

/// The outputs a reader of `lang` saves, by their index in the plan, each
/// with the address pages ask for it by (a page's folder, not its
/// `index.html`): the language's pages (leaflets and fallback copies
/// included), its search page and index, its manifest, and the static files
/// every page loads.
pub fn saved_outputs(prepared: &Prepared, lang: &str) -> Vec<(usize, String)> {
    let site = &prepared.site;
    let address = |path: &str| {
        let folder = path.strip_suffix("index.html").unwrap_or(path);
        site.config.link(&crate::urls::encode_path(folder))
    };
    prepared
        .plan
        .outputs()
        .iter()
        .enumerate()
        .filter(|(_, output)| match &output.make {
            Make::Page(id) => site.docs[*id].lang == lang,
            Make::Site(
                SiteFile::SearchPage(l) | SiteFile::SearchIndex(l) | SiteFile::Manifest(l),
            ) => l == lang,
            Make::Static(_) => PAGE_STATICS.contains(&output.path.as_str()),
            _ => false,
        })
        .map(|(i, output)| (i, address(&output.path)))
        .collect()
}

/// The list `<lang>/offline.json`: `{"v":1,"lang":…,"bytes":…,"files":[[address,
/// version, bytes],…]}`, the files as [`saved_outputs`] names them, each
/// measured by `digest` (the output as written, by its path).
pub fn render_list(
    prepared: &Prepared,
    lang: &str,
    digest: &(dyn Fn(usize) -> Result<Digest, Diagnostic> + Sync),
) -> Result<Vec<u8>, Diagnostic> {
    // Read back in parallel: a large site's language has thousands of pages.
    let saved = saved_outputs(prepared, lang);
    let digests: Vec<Digest> = saved
        .par_iter()
        .map(|(i, _)| digest(*i))
        .collect::<Result<_, _>>()?;
    let total: u64 = digests.iter().map(|d| d.len).sum();
    let files: Vec<serde_json::Value> = saved
        .iter()
        .zip(&digests)
        .map(|((_, address), d)| serde_json::json!([address, format!("{:016x}", d.hash), d.len]))
        .collect();
    let list = serde_json::json!({"v": 1, "lang": lang, "bytes": total, "files": files});
    Ok(serde_json::to_vec(&list).expect("a JSON value serializes"))
}

/// The web app manifest of `lang`: the site's name in that language, its
/// home page as the start, the icons the site publishes.
pub fn render_manifest(prepared: &Prepared, lang: &str) -> Vec<u8> {
    let site = &prepared.site;
    let config = &site.config;
    let title = config.title.get(lang).map_or("", String::as_str);
    let home = crate::search::home(site, lang);
    let icons: Vec<serde_json::Value> = ICONS
        .iter()
        .filter(|(name, _, _)| prepared.statics.iter().any(|(p, _)| p == name))
        .map(|(name, sizes, kind)| {
            serde_json::json!({"src": config.link(name), "sizes": sizes, "type": kind})
        })
        .collect();
    let manifest = serde_json::json!({
        "name": title,
        "short_name": title,
        "lang": lang,
        "start_url": config.link(&crate::urls::encode_path(&home)),
        "scope": config.base_path(),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b0c0c",
        "icons": icons,
    });
    serde_json::to_vec_pretty(&manifest).expect("a JSON value serializes")
}
