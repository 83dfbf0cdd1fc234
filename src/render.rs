//! Stage `render`: [`Site`] + a document's [`Rendered`] body + templates → its
//! HTML page. Compiles the templates once; the driver renders documents in
//! parallel, each right after its Markdown. Pure.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera};

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::front_matter::Source;
use crate::i18n::Strings;
use crate::markdown::{Heading, Rendered};
use crate::site::{DocId, Site};
use crate::source::SourceFile;
use crate::theme::{DEFAULT_PREFIX, Theme, ThemeFile};
use crate::types::Typed;

/// The compiled templates, with where each came from for error reports.
pub struct Templates {
    tera: Tera,
    files: Vec<ThemeFile>,
    strings: Arc<Strings>,
}

/// Compiles the theme's templates and registers `t()` and the `date` filter.
pub fn compile_templates(
    theme: &Theme,
    strings: Arc<Strings>,
) -> Result<Templates, Vec<Diagnostic>> {
    let mut tera = Tera::new();
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
            strings_t
                .get(&lang, key)
                .map(str::to_string)
                .ok_or_else(|| {
                    tera::Error::message(format!(
                        "the UI string `{key}` exists in no language; add it to `i18n/{lang}.yaml`"
                    ))
                })
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
            Ok(format_number(
                value,
                &get("thousands_separator", ","),
                &get("decimal_separator", "."),
            ))
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
    })
}

/// A Tera error as a diagnostic at the template's line, naming the page being rendered.
fn template_error(files: &[ThemeFile], error: &tera::Error, page: Option<&PathBuf>) -> Diagnostic {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let mut message = report.map_or_else(|| error.to_string(), |r| r.message().to_string());
    let mut cause = std::error::Error::source(error);
    while let Some(c) = cause {
        message = format!("{message}: {c}");
        cause = c.source();
    }
    let help = match page {
        Some(p) => format!("this happened while rendering `{}`; fix the template, or the page data it uses", p.display()),
        None => "fix the template's syntax; templates use Tera 2 (`{{ value }}`, `{% if %}`, `{% for %}`, `{% block %}`)".to_string(),
    };
    let message = match page {
        Some(_) => format!("template error: {message}"),
        None => format!("template syntax error: {message}"),
    };
    let file = report.and_then(|r| {
        files
            .iter()
            .find(|f| f.name == r.filename())
            .map(|f| (f, r))
    });
    match file {
        Some((f, r)) => {
            let source = SourceFile::new(&f.path, f.text.clone());
            Diagnostic::error(message)
                .at(&source, r.span().range.clone())
                .help(help)
        }
        None => Diagnostic::error(message).help(help),
    }
}

/// `2060780` → "2.060.780" (id) / "2,060,780" (en); up to two decimals.
fn format_number(value: f64, thousands: &str, decimal: &str) -> String {
    let text = format!("{:.2}", value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push_str(thousands);
        }
        grouped.push(digit);
    }
    let sign = if value < 0.0 { "-" } else { "" };
    match fraction.trim_end_matches('0') {
        "" => format!("{sign}{grouped}"),
        f => format!("{sign}{grouped}{decimal}{f}"),
    }
}

/// Turns Tera's own reports (`error: …` then ` --> name:line:col` and a caret
/// line) into located diagnostics.
fn located_reports(files: &[ThemeFile], text: &str) -> Vec<Diagnostic> {
    let help = "fix the template: check the names of functions, filters and included templates";
    let mut found = Vec::new();
    let mut message: Option<&str> = None;
    let mut place: Option<(&ThemeFile, usize, usize)> = None;
    let mut finish =
        |message: Option<&str>, place: Option<(&ThemeFile, usize, usize)>, width: usize| {
            if let (Some(m), Some((f, line, col))) = (message, place) {
                let source = SourceFile::new(&f.path, f.text.clone());
                let start = source.line_start(line)
                    + source
                        .line_text(line)
                        .chars()
                        .take(col.saturating_sub(1))
                        .map(char::len_utf8)
                        .sum::<usize>();
                found.push(
                    Diagnostic::error(format!("template error: {m}"))
                        .at(&source, start..start + width.max(1))
                        .help(help),
                );
            }
        };
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
            place = None;
        } else if let Some(at) = line.trim_start().strip_prefix("--> ") {
            let mut parts = at.rsplitn(3, ':');
            let (col, line_no, name) = (parts.next(), parts.next(), parts.next());
            let number = |p: Option<&str>| p.and_then(|n| n.trim().parse::<usize>().ok());
            place = match (name, number(line_no), number(col)) {
                (Some(name), Some(l), Some(c)) => {
                    files.iter().find(|f| f.name == name).map(|f| (f, l, c))
                }
                _ => None,
            };
        } else if line.contains('^') && line.trim_start_matches([' ', '|']).starts_with('^') {
            let width = line.chars().filter(|&c| c == '^').count();
            finish(message.take(), place.take(), width);
        }
    }
    found
}

#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    default_language: &'a str,
    languages: &'a [String],
}

impl<'a> SiteContext<'a> {
    fn new(config: &'a crate::config::Config, lang: &str, base: &'a str) -> Self {
        SiteContext {
            title: config.title.get(lang).map_or("", String::as_str),
            description: config.description.get(lang).map_or("", String::as_str),
            base_url: &config.base_url,
            base_path: base,
            default_language: &config.default_language,
            languages: &config.languages,
        }
    }
}

#[derive(Serialize)]
struct Summary<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    date: Option<Date>,
    reviewed: Option<Date>,
    weight: Option<i64>,
    /// The page's own typed fields, for listings with key facts.
    data: Option<&'a Typed>,
}

/// A page a front-matter field links to.
#[derive(Serialize)]
struct LinkView<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct PageContext<'a> {
    title: &'a str,
    description: Option<&'a str>,
    date: Option<Date>,
    updated: Option<Date>,
    reviewed: Option<Date>,
    tags: &'a [String],
    sources: &'a [Source],
    extra: &'a crate::front_matter::Extra,
    kind: &'static str,
    is_section: bool,
    is_home: bool,
    url: String,
    permalink: String,
    /// The type's own fields (`iso`, `programmes`, `steps`, …).
    data: Option<&'a Typed>,
    /// Pages that typed fields link to, by the link as written.
    links: BTreeMap<&'a str, LinkView<'a>>,
    /// The date the "as of" line shows: reviewed, else updated, else date.
    as_of: Option<Date>,
    content: &'a str,
    headings: &'a [Heading],
    source_path: String,
    pages: Vec<Summary<'a>>,
    subsections: Vec<Summary<'a>>,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    href: String,
}

#[derive(Serialize)]
struct Switch {
    lang: String,
    /// The language's name in itself: "Bahasa Indonesia", "English".
    name: String,
    url: String,
    current: bool,
    /// The same page in that language (else a section above it, or the chooser).
    translated: bool,
}

#[derive(Serialize)]
struct NavItem<'a> {
    title: &'a str,
    url: String,
    /// `"page"` when the reader is on this section, `"true"` when below it, else empty.
    current: &'static str,
}

#[derive(Serialize)]
struct Fallback {
    lang: String,
    url: String,
}

#[derive(Serialize)]
struct DocContext<'a> {
    lang: &'a str,
    content_lang: &'a str,
    site: SiteContext<'a>,
    page: PageContext<'a>,
    alternates: Vec<Alternate>,
    x_default: String,
    canonical: String,
    switcher: Vec<Switch>,
    fallback: Option<Fallback>,
    breadcrumbs: Vec<Summary<'a>>,
    nav: Vec<NavItem<'a>>,
    home_url: String,
    style_url: String,
    print_url: String,
    chooser_url: String,
}

/// Renders document `id`, whose Markdown body is `body`: its output path and bytes.
pub fn render_doc(
    site: &Site,
    templates: &Templates,
    id: DocId,
    body: &Rendered,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let base = site.config.base_path();
    let context = doc_context(site, body, &templates.strings, id, &base);
    let doc = &site.docs[id];
    let path = &site.file(doc).source.path;
    let context = Context::from_serialize(&context)
        .map_err(|e| template_error(&templates.files, &e, Some(path)))?;
    let html = render_one(templates, &template_name(site, id), &context, path)?;
    Ok((format!("{}index.html", doc.url), html.into_bytes()))
}

fn render_one(
    templates: &Templates,
    name: &str,
    context: &Context,
    page: &PathBuf,
) -> Result<String, Diagnostic> {
    templates
        .tera
        .render(name, context)
        .map_err(|e| template_error(&templates.files, &e, Some(page)))
}

/// The page's own `template:`, else by kind: home, section or page.
fn template_name(site: &Site, id: DocId) -> String {
    let doc = &site.docs[id];
    if let Some(t) = &site.file(doc).common().template {
        return t.clone();
    }
    match (doc.key.as_str(), doc.is_section) {
        ("_index", _) => "index.html".into(),
        (_, true) => "section.html".into(),
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

fn summary<'a>(site: &'a Site, id: DocId, base: &str) -> Summary<'a> {
    let doc = &site.docs[id];
    let meta = site.file(doc).common();
    Summary {
        title: &meta.title,
        description: meta.description.as_deref(),
        url: format!("{base}{}", doc.url),
        date: meta.date,
        reviewed: meta.reviewed,
        weight: meta.weight,
        data: site.file(doc).typed(),
    }
}

/// The pages a document's typed fields link to, in its reader's language.
/// (Broken links were reported by `check::check_field_links`.)
fn field_links<'a>(site: &'a Site, id: DocId, base: &str) -> BTreeMap<&'a str, LinkView<'a>> {
    let file = site.file(&site.docs[id]);
    let Some(country) = file.typed().and_then(|t| t.country()) else {
        return BTreeMap::new();
    };
    country
        .programmes
        .iter()
        .filter_map(|p| p.language.as_deref())
        .filter_map(|href| {
            let target = site.field_link(id, href).ok()?;
            let doc = &site.docs[target];
            Some((
                href,
                LinkView {
                    title: &site.file(doc).common().title,
                    url: format!("{base}{}", doc.url),
                },
            ))
        })
        .collect()
}

fn doc_context<'a>(
    site: &'a Site,
    body: &'a Rendered,
    strings: &Strings,
    id: DocId,
    base: &'a str,
) -> DocContext<'a> {
    let config = &site.config;
    let doc = &site.docs[id];
    let file = site.file(doc);
    let meta = file.common();
    let original = doc.original.map(|o| &site.docs[o]);
    let canonical_doc = original.unwrap_or(doc);

    let alternates = site
        .translations(id)
        .into_iter()
        .map(|t| Alternate {
            lang: site.docs[t].lang.clone(),
            href: config.permalink(&site.docs[t].url),
        })
        .collect();
    let switcher = config
        .languages
        .iter()
        .map(|lang| {
            let target = site.switch_target(id, lang);
            Switch {
                lang: lang.clone(),
                name: strings
                    .get(lang, "language_name")
                    .unwrap_or(lang)
                    .to_string(),
                url: target.map_or_else(
                    || base.to_string(),
                    |t| format!("{base}{}", site.docs[t].url),
                ),
                current: lang == &doc.lang,
                // A fallback copy is not a translation: the reader is told so.
                translated: target.is_some_and(|t| {
                    site.docs[t].key == doc.key && site.docs[t].original.is_none()
                }),
            }
        })
        .collect();
    let mut breadcrumbs = Vec::new();
    let mut up = doc.parent;
    while let Some(p) = up {
        breadcrumbs.push(summary(site, p, base));
        up = site.docs[p].parent;
    }
    breadcrumbs.reverse();
    let home = site.doc_for("_index", &doc.lang);
    let nav = home
        .map(|h| site.docs[h].subsections.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|&s| NavItem {
            title: &site.file(&site.docs[s]).common().title,
            url: format!("{base}{}", site.docs[s].url),
            current: if doc.url == site.docs[s].url {
                "page"
            } else if doc.url.starts_with(&site.docs[s].url) {
                "true"
            } else {
                ""
            },
        })
        .collect();

    DocContext {
        lang: &doc.lang,
        content_lang: &file.lang,
        site: SiteContext::new(config, &doc.lang, base),
        page: PageContext {
            title: &meta.title,
            description: meta.description.as_deref(),
            date: meta.date,
            updated: meta.updated,
            reviewed: meta.reviewed,
            tags: &meta.tags,
            sources: &meta.sources,
            extra: &meta.extra,
            kind: doc.kind.name(),
            is_section: doc.is_section,
            is_home: doc.key == "_index",
            url: format!("{base}{}", doc.url),
            permalink: config.permalink(&doc.url),
            data: file.typed(),
            links: field_links(site, id, base),
            as_of: meta.reviewed.or(meta.updated).or(meta.date),
            content: &body.html,
            headings: &body.headings,
            source_path: file.source.path.to_string_lossy().replace('\\', "/"),
            pages: doc.pages.iter().map(|&p| summary(site, p, base)).collect(),
            subsections: doc
                .subsections
                .iter()
                .map(|&p| summary(site, p, base))
                .collect(),
        },
        alternates,
        x_default: config.base_url.clone(),
        canonical: config.permalink(&canonical_doc.url),
        switcher,
        fallback: original.map(|o| Fallback {
            lang: o.lang.clone(),
            url: format!("{base}{}", o.url),
        }),
        breadcrumbs,
        nav,
        home_url: home.map_or_else(
            || base.to_string(),
            |h| format!("{base}{}", site.docs[h].url),
        ),
        style_url: format!("{base}style.css"),
        print_url: format!("{base}print.css"),
        chooser_url: base.to_string(),
    }
}

#[derive(Serialize)]
struct ChooserLanguage<'a> {
    lang: &'a str,
    /// "Pilih bahasa" / "Choose a language", each in its own language.
    heading: &'a str,
    name: &'a str,
    title: &'a str,
    description: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ChooserContext<'a> {
    lang: &'a str,
    site: SiteContext<'a>,
    choices: Vec<ChooserLanguage<'a>>,
    alternates: Vec<Alternate>,
    canonical: String,
    style_url: String,
    print_url: String,
}

/// The root page: one link per language to its home, no redirect.
pub fn render_chooser(site: &Site, templates: &Templates) -> Result<(String, Vec<u8>), Diagnostic> {
    let base = &site.config.base_path();
    let config = &site.config;
    // Only languages that have a home page get a card.
    let choices = config
        .languages
        .iter()
        .filter_map(|lang| Some((lang, site.doc_for("_index", lang)?)))
        .map(|(lang, home)| ChooserLanguage {
            lang,
            heading: templates.strings.get(lang, "chooser_heading").unwrap_or(""),
            name: templates.strings.get(lang, "language_name").unwrap_or(lang),
            title: config.title.get(lang).map_or("", String::as_str),
            description: config.description.get(lang).map_or("", String::as_str),
            url: format!("{base}{}", site.docs[home].url),
        })
        .collect();
    let context = ChooserContext {
        lang: &config.default_language,
        site: SiteContext::new(config, &config.default_language, base),
        choices,
        alternates: config
            .languages
            .iter()
            .filter_map(|l| site.doc_for("_index", l))
            .map(|d| Alternate {
                lang: site.docs[d].lang.clone(),
                href: config.permalink(&site.docs[d].url),
            })
            .collect(),
        canonical: config.base_url.clone(),
        style_url: format!("{base}style.css"),
        print_url: format!("{base}print.css"),
    };
    let path = PathBuf::from(crate::config::CONFIG_FILE);
    let context = Context::from_serialize(&context)
        .map_err(|e| template_error(&templates.files, &e, Some(&path)))?;
    let html = render_one(templates, "chooser.html", &context, &path)?;
    Ok(("index.html".to_string(), html.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn numbers_are_grouped_in_the_languages_way() {
        assert_eq!(format_number(2_060_780.0, ".", ","), "2.060.780");
        assert_eq!(format_number(2_060_780.0, ",", "."), "2,060,780");
        assert_eq!(format_number(5100.5, ",", "."), "5,100.5");
        assert_eq!(format_number(950.0, ",", "."), "950");
    }
}
