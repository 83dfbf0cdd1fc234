//! The `build` command's driver: runs the stages in order, collects every
//! diagnostic, and writes the output only when there is no error.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::cache::PageCache;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{CalloutLabels, render_markdown};
use crate::output::{MemorySink, OutputTree, Sink, Staging};
use crate::{check, config, content, facts, feed, i18n, photos, publish, render, site, theme};

/// What `lembar build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub strict: bool,
    /// Print how long each stage took (for profiling).
    pub timings: bool,
    /// The day reviews are counted to (overdue after `review_after_months`).
    pub today: Date,
    /// The leaflets' PDFs to publish with the site (`build --pdf` prints
    /// them first); empty otherwise.
    pub printed: Arc<crate::printed::Printed>,
    /// Reuse the previous build's unchanged pages (`build_site` only; see
    /// [`crate::cache`]); off, the cache is neither read nor kept.
    pub cache: bool,
}

impl BuildOptions {
    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// A finished run: whether the site was built, and every diagnostic.
#[derive(Debug)]
pub struct Built {
    pub ok: bool,
    pub diagnostics: Diagnostics,
    /// Pages made from content ([`Site::page_count`]).
    pub pages: usize,
    pub files: usize,
    /// Pages reused from the previous build by the cache.
    pub reused: usize,
    /// The leaflet editions the site has, for `lembar pdf`.
    pub printables: Vec<Printable>,
    /// The path part of the site's address (`/`, `/bontang/`).
    pub base_path: String,
    /// The site's address (`https://lembar.example.org/`).
    pub site_url: String,
    /// The paper pages print on, unless their own says otherwise.
    pub paper: crate::config::Paper,
}

/// One edition of a leaflet: its name (the file name: `bontang-2025`), its
/// edition (a language code, or `bilingual`) and its URL path below the base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printable {
    pub name: String,
    pub edition: String,
    pub path: String,
    /// The PDF's title (its document properties).
    pub title: String,
    /// The paper its pages print on.
    pub paper: crate::config::Paper,
    /// Its bound pages, each by its anchor and title: the PDF's bookmarks,
    /// and the parts its contents number.
    pub outline: Vec<(String, String)>,
}

/// Runs every stage, keeping the output in memory: the site as a value (when
/// it has no error) and the run's diagnostics.
pub fn render_output(options: &BuildOptions) -> (Built, Option<OutputTree>) {
    let mut sink = MemorySink::default();
    let built = run(options, &mut sink, None);
    let tree = sink.0.into_inner().unwrap_or_else(|e| e.into_inner());
    let output = built.ok.then_some(tree);
    (built, output)
}

/// Runs the whole pipeline, writing pages into a staging folder as they are
/// rendered; the staging folder replaces the output only if the site has no error.
pub fn build_site(options: &BuildOptions) -> Built {
    let out = options.out_dir();
    let mut staging = Staging::new(&out);
    let mut cache = options.cache.then(|| PageCache::open(&out));
    let mut built = run(options, &mut staging, cache.as_mut());
    let failures = staging.write_failures();
    built.ok &= failures.is_empty();
    built.diagnostics.extend(failures);
    if built.ok {
        let mut clock = Clock::new(options.timings);
        match staging.commit() {
            Ok(warnings) => {
                built.diagnostics.extend(warnings);
                // The cache describes the output now in place, or goes.
                match cache {
                    Some(cache) => built.diagnostics.extend(cache.save()),
                    None => crate::cache::remove(&out),
                }
            }
            Err(d) => {
                built.diagnostics.push(d);
                built.ok = false;
            }
        }
        clock.lap("swap");
    }
    built
}

/// Everything a run has before rendering: the resolved site, its templates,
/// the callout titles per language and the static files (those no page hides).
pub struct Prepared {
    pub site: site::Site,
    pub templates: render::Templates,
    pub labels: Vec<(String, CalloutLabels)>,
    pub statics: Vec<(String, theme::Static)>,
}

impl Prepared {
    /// The callout titles in `lang`, a configured language.
    pub fn labels(&self, lang: &str) -> &CalloutLabels {
        &self
            .labels
            .iter()
            .find(|(l, _)| l == lang)
            .expect("every document's language is configured")
            .1
    }
}

/// The stages before rendering: config, load, theme, resolve, the checks that
/// need no rendered page, templates. `None` when a stage found errors (the
/// diagnostics say which); warnings are returned either way.
pub fn prepare(
    options: &BuildOptions,
    photo_cache: &photos::PhotoCache,
) -> (Option<Prepared>, Diagnostics) {
    let mut clock = Clock::new(options.timings);
    let mut all = Diagnostics::default();
    let mut config = match config::load_config(&options.root, options.base_url.as_deref()) {
        Ok(c) => c,
        Err(problems) => {
            all.extend(problems);
            return (None, all);
        }
    };
    let theme = match theme::load_theme(&config) {
        Ok(t) => Some(t),
        Err(problems) => {
            all.extend(problems);
            None
        }
    };
    // Facts are shown in each language's words, so they come after the UI
    // strings and before the content that names them.
    let (strings, problems) = match &theme {
        Some(theme) => i18n::load_strings(&config, &theme.strings),
        None => Default::default(),
    };
    all.extend(problems);
    let (facts, problems) = facts::load_facts(&config, &strings);
    all.extend(problems);
    config.facts = Arc::new(facts);
    let (aliases, problems) = crate::search::load_aliases(&config);
    all.extend(problems);
    config.search_aliases = Arc::new(aliases);
    let (loaded, problems) = content::load_content(&config, options.drafts);
    all.extend(problems);
    clock.lap("load");
    // A file that did not load would show up again as "missing" in every link to it.
    let Some(mut theme) = theme.filter(|_| !all.has_errors()) else {
        return (None, all);
    };
    let strings = Arc::new(strings);
    let (site, problems) = site::resolve_site(config, loaded);
    all.extend(problems);
    all.extend(check::check_field_links(&site));
    all.extend(check::check_reviews(&site, options.today));
    all.extend(check::check_facts(&site, options.today));
    all.extend(check::check_qr_addresses(&site));
    all.extend(check::check_todos(&site));
    all.extend(check::check_control_chars(&site));
    clock.lap("resolve");
    if all.has_errors() {
        return (None, all);
    }

    let labels: Vec<(String, CalloutLabels)> = site
        .config
        .languages
        .iter()
        .map(|l| (l.clone(), crate::markdown::callout_labels(&strings, l)))
        .collect();
    let (photos, problems) = photos::load_photos(&site, photo_cache);
    all.extend(problems);
    clock.lap("photos");
    let (statics, hidden) = visible_statics(&site, &photos, std::mem::take(&mut theme.statics));
    all.extend(hidden);
    let feeds = feed::find_feeds(&site);
    let assets = match render::make_assets(&site, &statics, feeds, photos) {
        Ok(a) => render::Assets {
            printed: Arc::clone(&options.printed),
            ..a
        },
        Err(d) => {
            all.push(d);
            return (None, all);
        }
    };
    if all.has_errors() {
        return (None, all);
    }
    let templates = match render::compile_templates(&theme, Arc::clone(&strings), assets) {
        Ok(t) => t,
        Err(problems) => {
            all.extend(problems);
            return (None, all);
        }
    };
    all.extend(render::check_templates(&site, &templates));
    all.extend(publish::check_site_files(&site, &templates, &statics));
    if all.has_errors() {
        return (None, all);
    }
    clock.lap("templates");
    let prepared = Prepared {
        site,
        templates,
        labels,
        statics,
    };
    (Some(prepared), all)
}

/// The static files a page does not hide (a page, and each photo it shows,
/// wins over a static file of the same name; the root `index.html` is the
/// language chooser's), and a warning for each hidden one, naming both.
fn visible_statics(
    site: &site::Site,
    photos: &photos::Photos,
    statics: BTreeMap<String, theme::Static>,
) -> (Vec<(String, theme::Static)>, Vec<Diagnostic>) {
    let source = |d: &site::Doc| site.file(d).source.path().display().to_string();
    let mut pages: HashMap<String, String> = site
        .docs
        .iter()
        .map(|d| {
            let what = format!("the page `{}`", source(d));
            (format!("{}index.html", d.url), what)
        })
        .collect();
    pages.insert("index.html".into(), "the language chooser".into());
    pages.insert(
        crate::output::MARKER.into(),
        "the marker lembar keeps in its output folder".into(),
    );
    // A photo's resized files are written below its page's folder
    // (`en/events/bontang/photos/x-800w.jpg`): its page is the deepest one.
    let by_url: HashMap<&str, &site::Doc> = site.docs.iter().map(|d| (d.url.as_str(), d)).collect();
    for (path, _) in photos.outputs(site) {
        let mut folders = path.match_indices('/').rev();
        if let Some(doc) = folders.find_map(|(i, _)| by_url.get(&path[..=i])) {
            let what = format!("a photo of the page `{}`", source(doc));
            pages.insert(path, what);
        }
    }
    let mut hidden = Vec::new();
    let visible = statics
        .into_iter()
        .filter_map(|(path, file)| match pages.get(&path) {
            None => Some((path, file)),
            Some(page) => {
                hidden.push(
                    Diagnostic::warning(format!(
                        "`{}` is not published: {page} has the same address, `{path}`",
                        file.path.display()
                    ))
                    .in_file(&file.path)
                    .help("rename or remove the static file; a page wins over a static file"),
                );
                None
            }
        })
        .collect();
    (visible, hidden)
}

/// The stages in order; rendered files go to `sink`.
fn run(options: &BuildOptions, sink: &mut dyn Sink, mut cache: Option<&mut PageCache>) -> Built {
    let stop = |mut all: Diagnostics| {
        if options.strict {
            all.promote_warnings();
        }
        Built {
            ok: false,
            diagnostics: all,
            pages: 0,
            files: 0,
            reused: 0,
            printables: Vec::new(),
            base_path: String::from("/"),
            site_url: String::new(),
            paper: Default::default(),
        }
    };
    let (prepared, mut all) = prepare(options, &photos::PhotoCache::default());
    let Some(prepared) = prepared else {
        return stop(all);
    };
    let mut clock = Clock::new(options.timings);
    if let Err(d) = sink.open() {
        all.push(d);
        return stop(all);
    }
    if let Some(cache) = cache.as_deref_mut() {
        cache.bind(options, &prepared);
    }
    let cache = cache.as_deref();
    let sink = &*sink;
    let Prepared {
        site,
        templates,
        statics,
        ..
    } = &prepared;

    // Markdown, template and write for each document in one pass: its body is
    // dropped as soon as its page exists, and the page once it is written.
    let results: Vec<_> = (0..site.docs.len())
        .into_par_iter()
        .map(|id| {
            if let Some(body) = cache.and_then(|c| c.reuse(id, sink)) {
                return (Ok(()), body);
            }
            let labels = prepared.labels(&site.docs[id].lang);
            let mut body = render_markdown(site, id, labels, &site.booklet_parts(id));
            let page = render::render_doc(site, templates, id, &body);
            let written = page.and_then(|(path, bytes)| {
                sink.put(path.clone(), bytes)?;
                if let Some(cache) = cache {
                    cache.record(id, &path, &mut body, sink);
                }
                Ok(())
            });
            body.html = String::new();
            body.text.shrink_to_fit();
            (written, body)
        })
        .collect();
    clock.lap("render");
    let reused = cache.map_or(0, PageCache::hits);
    if options.timings && cache.is_some() {
        eprintln!("timing: reused {reused} of {} pages", site.docs.len());
    }
    let chooser =
        render::render_chooser(site, templates).and_then(|(path, bytes)| sink.put(path, bytes));
    let mut files = site.docs.len() + 1;
    for (path, file) in statics {
        files += 1;
        if let Err(d) = sink.put_static(path.clone(), file) {
            all.push(d);
        }
    }
    for (path, bytes) in templates.assets().photos.outputs(site) {
        files += 1;
        if let Err(d) = sink.put(path, bytes.to_vec()) {
            all.push(d);
        }
    }
    let mut bodies = Vec::with_capacity(results.len());
    let mut failed = Vec::new();
    for (id, (written, body)) in results.into_iter().enumerate() {
        if let Err(d) = written {
            failed.push((site.file(&site.docs[id]).source.path.as_path(), d));
        }
        all.extend(body.problems.iter().cloned());
        bodies.push(body);
    }
    all.extend(render::report_once(failed));
    let (mut printables, editions) = bind_editions(site, templates, sink, &mut all);
    files += editions;
    if let Err(d) = chooser {
        all.push(d);
    }
    let texts = match cache {
        Some(cache) => cache.texts(&bodies),
        None => crate::search::BodyText::all(&bodies),
    };
    let made: Vec<_> = publish::site_files(site, templates, statics)
        .into_par_iter()
        .map(|(path, file)| {
            let started = std::time::Instant::now();
            let made = publish::render_site_file(site, templates, &file, &texts);
            if options.timings {
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                eprintln!("timing:   {path:<24} {ms:>8.1} ms");
            }
            made.and_then(|bytes| sink.put(path, bytes))
        })
        .collect();
    files += made.len();
    all.extend(made.into_iter().filter_map(Result::err));
    clock.lap("publish");
    all.extend(check::check_anchors(site, &bodies));
    clock.lap("check");
    if options.strict {
        all.promote_warnings();
    }
    printables.sort_by(|a, b| (&a.name, &a.edition).cmp(&(&b.name, &b.edition)));
    Built {
        ok: !all.has_errors(),
        diagnostics: all,
        pages: site.page_count(),
        files,
        reused,
        printables,
        base_path: site.config.base_path(),
        site_url: site.config.base_url.clone(),
        paper: site.config.paper,
    }
}

/// The leaflets' printable editions: each language's page, and a bilingual
/// edition (rendered and written here) for every leaflet in more than one
/// language. Returns them with the number of files written.
fn bind_editions(
    site: &site::Site,
    templates: &render::Templates,
    sink: &dyn Sink,
    all: &mut Diagnostics,
) -> (Vec<Printable>, usize) {
    let mut printables: Vec<Printable> = site
        .docs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.is_leaflet())
        .map(|(id, _)| {
            let doc = &site.docs[id];
            Printable {
                name: site.file(doc).stem.clone(),
                edition: doc.lang.clone(),
                path: doc.url.clone(),
                title: site.file(doc).common().title.clone(),
                paper: site.paper(id),
                outline: outline(site, id, ""),
            }
        })
        .collect();
    let mut files = 0;
    for (key, editions) in site.bilingual_editions() {
        printables.push(Printable {
            name: site.file(&site.docs[editions[0]]).stem.clone(),
            edition: "bilingual".into(),
            path: format!("{key}/"),
            title: site.bilingual_title(&editions),
            paper: site.paper(editions[0]),
            outline: editions
                .iter()
                .flat_map(|&id| {
                    let lang = &site.docs[id].lang;
                    outline(site, id, &format!("{lang}-"))
                        .into_iter()
                        .map(move |(a, t)| (a, format!("{} · {t}", lang.to_uppercase())))
                })
                .collect(),
        });
        files += 1;
        if let Err(d) = render::render_bilingual(site, templates, key, &editions)
            .and_then(|(path, bytes)| sink.put(path, bytes))
        {
            all.push(d);
        }
    }
    (printables, files)
}

/// Leaflet `id`'s parts as the edition with id prefix `pre` anchors them.
fn outline(site: &site::Site, id: usize, pre: &str) -> Vec<(String, String)> {
    site.booklet_parts(id)
        .iter()
        .enumerate()
        .map(|(n, &part)| {
            let title = site.file(&site.docs[part]).common().title.clone();
            (format!("{pre}{}", crate::markdown::part_anchor(n)), title)
        })
        .collect()
}

/// Stage timings on stderr, when asked for with `--timings`.
struct Clock {
    last: Option<std::time::Instant>,
}

impl Clock {
    fn new(on: bool) -> Self {
        Clock {
            last: on.then(std::time::Instant::now),
        }
    }

    fn lap(&mut self, stage: &str) {
        if let Some(last) = self.last {
            eprintln!(
                "timing: {stage:<10} {:>8.1} ms",
                last.elapsed().as_secs_f64() * 1000.0
            );
            self.last = Some(std::time::Instant::now());
        }
    }
}
