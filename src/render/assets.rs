//! What pages link to besides other pages: the stylesheets (their addresses
//! carry a hash of their bytes, so a changed stylesheet is fetched again and
//! an unchanged one stays cached), the feeds, the processed photos, the
//! picture a shared link shows, and each language's save-for-offline links
//! and direction. Made once per run from what earlier stages read; pure.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::feed::Feed;
use crate::i18n::Strings;
use crate::photos::Photos;
use crate::site::Site;
use crate::theme::Static;

/// Everything rendering needs besides the site and the templates.
#[derive(Debug)]
pub struct Assets {
    /// `/style.css?h=…`, base-path-absolute.
    pub style_url: String,
    pub print_url: String,
    /// The search page's script, `/search.js?h=…`.
    pub script_url: String,
    /// The save-for-offline control's script, `/offline.js?h=…`.
    pub offline_url: String,
    pub feeds: Vec<Feed>,
    pub photos: Photos,
    /// The site's `share_image`, when it has one.
    pub share_image: Option<ShareImage>,
    /// The leaflets' PDFs, when the build prints them (`build --pdf`).
    pub printed: std::sync::Arc<crate::printed::Printed>,
    /// What each language's pages link to for reading offline.
    pub offline: BTreeMap<String, Offline>,
    /// Each language's direction of writing (`ltr`, `rtl`).
    pub dirs: BTreeMap<String, &'static str>,
}

/// Where the save-for-offline control finds what it needs (`offline.rs`),
/// in one language.
#[derive(Debug, serde::Serialize)]
pub struct Offline {
    /// The language's list of files to save.
    list_url: String,
    manifest_url: String,
    /// The service worker, and the addresses it answers for (the site's).
    worker_url: String,
    scope: String,
    script_url: String,
    /// The month names, comma-separated, for the saved copy's day.
    months: String,
}

impl Offline {
    fn new(site: &Site, strings: &Strings, script_url: &str, lang: &str) -> Offline {
        let config = &site.config;
        let folder = crate::search::home(site, lang);
        let at = |file: &str| config.link(&crate::urls::encode_path(&format!("{folder}{file}")));
        Offline {
            list_url: at(crate::offline::LIST_FILE),
            manifest_url: at(crate::offline::MANIFEST_FILE),
            worker_url: config.link(crate::offline::WORKER_FILE),
            scope: config.base_path().to_string(),
            script_url: script_url.to_string(),
            months: (1..=12)
                .map(|m| strings.get(lang, &format!("month_{m}")).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(","),
        }
    }
}

/// A picture for link previews: its absolute address and size (WhatsApp and
/// Facebook draw the card before the picture arrives when they know the size).
#[derive(Debug)]
pub struct ShareImage {
    pub url: String,
    pub width: u32,
    pub height: u32,
}

/// The assets of `site`, whose static files are `statics`: only the few
/// named here are read. Errors: a `share_image` that is not a static file or
/// not a picture, a static file that cannot be read.
pub fn make_assets(
    site: &Site,
    strings: &Strings,
    statics: &[(String, Static)],
    feeds: Vec<Feed>,
    photos: Photos,
) -> Result<Assets, Diagnostic> {
    let read = |name: &str| {
        let file = statics.iter().find(|(p, _)| p == name).map(|(_, f)| f);
        file.map(Static::read).transpose()
    };
    let hashed = |name: &str| -> Result<String, Diagnostic> {
        Ok(match read(name)? {
            Some(bytes) => format!("{}?h={}", site.config.link(name), content_hash(&bytes)),
            None => site.config.link(name),
        })
    };
    let share_image = match &site.config.share_image {
        None => None,
        Some(name) => Some(share_image(site, name, read(name)?.as_deref())?),
    };
    let offline_url = hashed(crate::offline::SCRIPT_FILE)?;
    let languages = site.config.languages.iter();
    Ok(Assets {
        style_url: hashed("style.css")?,
        print_url: hashed("print.css")?,
        script_url: hashed("search.js")?,
        offline: languages
            .clone()
            .map(|l| (l.clone(), Offline::new(site, strings, &offline_url, l)))
            .collect(),
        dirs: languages
            .map(|l| (l.clone(), strings.direction(l)))
            .collect(),
        offline_url,
        feeds,
        photos,
        share_image,
        printed: Default::default(),
    })
}

fn share_image(site: &Site, name: &str, bytes: Option<&[u8]>) -> Result<ShareImage, Diagnostic> {
    let config = &site.config;
    let at = |message: String, help: &str| {
        Diagnostic::error(message)
            .at(&config.source, config.at("share_image"))
            .help(help)
    };
    let bytes = bytes.ok_or_else(|| {
        at(
            format!("`share_image: {name}` is not a static file"),
            "put the picture in the site's `static/` folder (1200×630 pixels suits link previews), or remove `share_image`",
        )
    })?;
    let size = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_dimensions().ok());
    let Some((width, height)) = size else {
        return Err(at(
            format!("`share_image: {name}` is not a PNG or JPEG picture"),
            "use a PNG or JPEG file; link previews on WhatsApp and Facebook do not show SVG",
        ));
    };
    Ok(ShareImage {
        // Link previews fetch it as it is written: no raw spaces or accents.
        url: crate::sitemap::absolute_url(site, name),
        width,
        height,
    })
}

/// A short, stable fingerprint of a file's bytes, for cache busting.
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))[..10].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_follows_the_bytes() {
        assert_eq!(content_hash(b"body{}"), content_hash(b"body{}"));
        assert_ne!(content_hash(b"body{}"), content_hash(b"body{ }"));
        assert_eq!(content_hash(b"").len(), 10);
    }
}
