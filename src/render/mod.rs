//! Stage `render`: [`Site`] + a document's [`Rendered`] body + templates → its
//! HTML page. Compiles the templates once; the driver renders documents in
//! parallel, each right after its Markdown. Pure.

use std::path::PathBuf;
use std::sync::Arc;

use tera::{Context, Kwargs, State, Tera};

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::i18n::Strings;
use crate::markdown::Rendered;
use crate::site::{DocId, Site};
use crate::theme::{DEFAULT_PREFIX, Theme, ThemeFile};

mod assets;
mod borrowed;
mod context;
mod errors;

pub use assets::{Assets, make_assets};

pub use errors::report_once;
use errors::{located_reports, template_error};

/// The compiled templates, with where each came from for error reports, and
/// what their pages link to besides other pages.
#[derive(Debug)]
pub struct Templates {
    tera: Tera,
    files: Vec<ThemeFile>,
    strings: Arc<Strings>,
    assets: Assets,
}

impl Templates {
    pub fn assets(&self) -> &Assets {
        &self.assets
    }

    pub fn strings(&self) -> &Strings {
        &self.strings
    }
}

/// Compiles the theme's templates and registers `t()` and the `date` filter.
pub fn compile_templates(
    theme: &Theme,
    strings: Arc<Strings>,
    assets: Assets,
) -> Result<Templates, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.set_escape_fn(escape_html);
    // `page.html` resolves to the site's own template if it has one, else the default;
    // a site template can still extend `default/page.html`.
    tera.set_fallback_prefixes([DEFAULT_PREFIX])
        .expect("set before any template is added");
    let files: Vec<ThemeFile> = theme
        .default_templates
        .iter()
        .chain(&theme.site_templates)
        .cloned()
        .collect();
    let strings_t = Arc::clone(&strings);
    let strings_d = Arc::clone(&strings);
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let key: &str = kwargs.must_get("key")?;
            let lang: String = state.get("lang")?.unwrap_or_default();
            let Some((text, from)) = strings_t.find(&lang, key) else {
                // The same words on every page and in every language, so
                // the mistake is reported once.
                let default = strings_t.default_language();
                return Err(tera::Error::message(format!(
                    "the UI string `{key}` exists in no language; add it to `{}` (the default language's), then to the other languages' files",
                    crate::i18n::site_strings_file(default).display()
                )));
            };
            // `{language}`: the reader's language by its own name, so a
            // borrowed text ("not available in {language}") is right.
            let text = match text.contains("{language}") {
                true => text.replace(
                    "{language}",
                    strings_t.get(&lang, "language_name").unwrap_or(&lang),
                ),
                false => text.to_string(),
            };
            Ok(match from {
                None => text,
                Some(from) => borrowed::mark(&text, from),
            })
        },
    );
    let strings_l = Arc::clone(&strings);
    tera.register_function(
        "t_lang",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            // The language `t(key)`'s text is written in: the page's, or the
            // fallback language's that stands in for it.
            let key: &str = kwargs.must_get("key")?;
            let lang: String = state.get("lang")?.unwrap_or_default();
            Ok(strings_l.language_of(&lang, key).to_string())
        },
    );
    tera.register_filter(
        "date",
        move |value: &str, _: Kwargs, state: &State| -> tera::TeraResult<String> {
            let lang: String = state.get("lang")?.unwrap_or_default();
            let date = Date::parse(value).ok_or_else(|| {
                tera::Error::message(format!("`{value}` is not a date YYYY-MM-DD"))
            })?;
            Ok(strings_d.format_date(&lang, date))
        },
    );
    let strings_n = Arc::clone(&strings);
    tera.register_filter(
        "number",
        move |value: f64, _: Kwargs, state: &State| -> tera::TeraResult<String> {
            let lang: String = state.get("lang")?.unwrap_or_default();
            let get = |key: &str, default: &'static str| {
                strings_n.get(&lang, key).unwrap_or(default).to_string()
            };
            Ok(crate::i18n::format_number(
                value,
                &get("thousands_separator", ","),
                &get("decimal_separator", "."),
            ))
        },
    );
    // Text inside a CSS string in a <style> element: escape what ends the string
    // or the element.
    tera.register_filter(
        "css_string",
        |value: &str, _: Kwargs, _: &State| -> String {
            value
                .chars()
                .map(|c| match c {
                    '"' | '\\' | '<' | '>' | '&' => format!("\\{:x} ", c as u32),
                    c if c.is_control() => " ".to_string(),
                    c => c.to_string(),
                })
                .collect()
        },
    );
    let sources = files.iter().map(|f| (f.name.as_str(), f.text.as_str()));
    if let Err(e) = tera.add_raw_templates(sources) {
        // Tera reports some problems (unknown functions, filters, includes) as
        // ready-made text with several errors in it: split and locate each.
        if let tera::ErrorKind::Msg(text) = e.kind() {
            let located = located_reports(&files, text);
            if !located.is_empty() {
                return Err(located);
            }
        }
        return Err(vec![template_error(&files, &e, None)]);
    }
    Ok(Templates {
        tera,
        files,
        strings,
        assets,
    })
}

/// Renders document `id`, whose Markdown body is `body` (its path is the plan's).
pub fn render_doc(
    site: &Site,
    templates: &Templates,
    id: DocId,
    body: &Rendered,
) -> Result<Vec<u8>, Diagnostic> {
    let context = context::doc_context(site, body, templates, id);
    let doc = &site.docs[id];
    let path = &site.file(doc).source.path;
    let context = Context::from_serialize(&context)
        .map_err(|e| template_error(&templates.files, &e, Some(path)))?;
    let html = render_one(templates, &template_name(site, id), &context, path)?;
    Ok(html.into_bytes())
}

/// Tera's HTML escaping, without the control characters a front-matter value
/// can hold through a YAML escape (`"\x01"`): no page may carry one.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    tera::escape_html(&crate::source::without_stray_controls(input), out)
}

fn render_one(
    templates: &Templates,
    name: &str,
    context: &Context,
    page: &PathBuf,
) -> Result<String, Diagnostic> {
    let html = templates
        .tera
        .render(name, context)
        .map_err(|e| template_error(&templates.files, &e, Some(page)))?;
    // Borrowed UI strings get their language (`borrowed`); a page in no one
    // language (the chooser, 404) is laid out in the default language's direction.
    let dirs = &templates.assets.dirs;
    let dir = |lang: &str| dirs.get(lang).copied().unwrap_or("ltr");
    let lang = context.get("lang").and_then(|v| v.as_str());
    let lang = lang.unwrap_or(templates.strings.default_language());
    Ok(borrowed::place(html, dir(lang), &dir))
}

/// The page's own `template:`, else by kind: home, section or page.
fn template_name(site: &Site, id: DocId) -> String {
    let doc = &site.docs[id];
    if let Some(t) = &site.file(doc).common().template {
        return t.clone();
    }
    match (doc.key.as_str(), doc.is_section, doc.kind) {
        ("_index", _, _) => "index.html".into(),
        (_, true, _) => "section.html".into(),
        (_, false, crate::front_matter::ContentType::Leaflet) => "leaflet.html".into(),
        _ => "page.html".into(),
    }
}

/// Checks that every `template:` names an existing template.
pub fn check_templates(site: &Site, templates: &Templates) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for file in &site.files {
        if let Some(name) = &file.common().template {
            let known = templates
                .tera
                .get_template_names()
                .any(|n| n == name || n.strip_prefix(DEFAULT_PREFIX) == Some(name));
            if !known {
                let at = crate::front_matter::locate_value(&file.source, &file.split, "template");
                let mut names: Vec<&str> = templates
                    .tera
                    .get_template_names()
                    .map(|n| n.trim_start_matches(DEFAULT_PREFIX))
                    // Partials are pieces of pages, not page templates.
                    .filter(|n| !n.contains('/'))
                    .collect();
                names.sort();
                names.dedup();
                problems.push(
                    Diagnostic::error(format!("there is no template `{name}`"))
                        .at(&file.source, at)
                        .help(format!(
                            "use one of {}, or add `themes/{}/templates/{name}`",
                            names.join(", "),
                            site.config.theme
                        )),
                );
            }
        }
    }
    problems
}

/// The root page: one link per language to its home, no redirect.
pub fn render_chooser(site: &Site, templates: &Templates) -> Result<Vec<u8>, Diagnostic> {
    let context = context::chooser_context(site, templates);
    let path = PathBuf::from(crate::config::CONFIG_FILE);
    let context = Context::from_serialize(&context)
        .map_err(|e| template_error(&templates.files, &e, Some(&path)))?;
    let html = render_one(templates, "chooser.html", &context, &path)?;
    Ok(html.into_bytes())
}

/// A leaflet's editions in every language, back to back, in one printable
/// page, built from their data.
pub fn render_bilingual(
    site: &Site,
    templates: &Templates,
    edition: &crate::site::Edition,
) -> Result<Vec<u8>, Diagnostic> {
    let (key, ids) = (edition.key.as_str(), edition.docs.as_slice());
    let title = site.bilingual_title(ids);
    let context = context::bilingual_context(site, templates, key, ids, &title);
    let path = site.file(&site.docs[ids[0]]).source.path.clone();
    let context = Context::from_serialize(&context)
        .map_err(|e| template_error(&templates.files, &e, Some(&path)))?;
    let html = render_one(templates, "leaflet-bilingual.html", &context, &path)?;
    Ok(html.into_bytes())
}

/// `404.html` at the root of the output: the message in every language (hosts
/// show it for any missing address, so it has no single language).
pub fn render_not_found(site: &Site, templates: &Templates) -> Result<Vec<u8>, Diagnostic> {
    let context = context::not_found_context(site, templates);
    let path = PathBuf::from(crate::config::CONFIG_FILE);
    let context = Context::from_serialize(&context)
        .map_err(|e| template_error(&templates.files, &e, Some(&path)))?;
    let html = render_one(templates, "404.html", &context, &path)?;
    Ok(html.into_bytes())
}

/// The search page of `lang` (`id/cari/index.html`): every page of the
/// language listed, and the script that searches them. `texts[id]` is
/// what search reads of document `id`'s body, which the index's address
/// fingerprints.
pub fn render_search(
    site: &Site,
    templates: &Templates,
    lang: &str,
    input: &crate::search::SearchInput,
) -> Result<Vec<u8>, Diagnostic> {
    let strings = &templates.strings;
    let slug = crate::search::slug(strings, lang);
    let title = strings.get(lang, "nav_search").unwrap_or("Search");
    let mut search = crate::search::search_context(site, lang, slug);
    search.script_url = templates.assets.script_url.clone();
    let fingerprint = crate::search::index_fingerprint(site, lang, input);
    search.index_url = format!("{}?h={fingerprint}", search.index_url);
    let context = context::search_page_context(site, templates, lang, title, search);
    let path = PathBuf::from(crate::config::CONFIG_FILE);
    let context = Context::from_serialize(&context)
        .map_err(|e| template_error(&templates.files, &e, Some(&path)))?;
    let html = render_one(templates, "search.html", &context, &path)?;
    Ok(html.into_bytes())
}
