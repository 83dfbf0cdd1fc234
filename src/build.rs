//! The `build` command's driver: runs the stages in order, collects every
//! diagnostic, and writes the output only when there is no error.
//!
//! The driver is longer than the ~400 lines DESIGN.md suggests: it is the order
//! of the stages and what stops each one, read best in one place.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::cache::PageCache;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{BodyLabels, Rendered, render_markdown};
use crate::output::{MemorySink, OutputTree, Sink, Staging};
use crate::plan::{Make, Plan};
use crate::publish::SiteFile;
use crate::search::{SearchInput, WordCounter, WordTable};
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
    pub printables: Vec<crate::plan::Printable>,
    /// The path part of the site's address (`/`, `/bontang/`).
    pub base_path: String,
    /// The site's address (`https://lembar.example.org/`).
    pub site_url: String,
    /// The paper pages print on, unless their own says otherwise.
    pub paper: crate::config::Paper,
    /// What the run resolved, when it got to rendering: `check` reports on it.
    pub prepared: Option<Prepared>,
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
/// the callout titles per language, the static files (those no page hides)
/// and the plan of every output.
#[derive(Debug)]
pub struct Prepared {
    pub site: site::Site,
    pub templates: render::Templates,
    pub labels: Vec<(String, BodyLabels)>,
    pub statics: Vec<(String, theme::Static)>,
    pub plan: Plan,
}

impl Prepared {
    /// The callout titles in `lang`, a configured language.
    pub fn labels(&self, lang: &str) -> &BodyLabels {
        &self
            .labels
            .iter()
            .find(|(l, _)| l == lang)
            .expect("every document's language is configured")
            .1
    }

    /// Document `id`'s Markdown, rendered.
    pub fn markdown(&self, id: site::DocId) -> Rendered {
        let site = &self.site;
        let labels = self.labels(&site.docs[id].lang);
        render_markdown(site, id, labels, &site.booklet_parts(id))
    }

    /// The bytes of an output of the plan; `body(id)` is document `id`'s
    /// Markdown (a page's HTML); `search` gives the words of every document,
    /// asked for only by the search files; `digest(i)` output `i` as written,
    /// asked for only by the offline lists.
    pub fn render<'a>(
        &'a self,
        make: &Make,
        body: &dyn Fn(site::DocId) -> &'a Rendered,
        search: &dyn Fn() -> &'a SearchInput,
        digest: &(dyn Fn(usize) -> Result<crate::offline::Digest, Diagnostic> + Sync),
    ) -> Result<Vec<u8>, Diagnostic> {
        let (site, templates) = (&self.site, &self.templates);
        match make {
            Make::Page(id) => render::render_doc(site, templates, *id, body(*id)),
            Make::Chooser => render::render_chooser(site, templates),
            Make::Static(i) => self.statics[*i].1.read(),
            Make::Photo(bytes) => Ok(bytes.to_vec()),
            Make::Edition(i) => {
                render::render_bilingual(site, templates, &self.plan.editions()[*i])
            }
            Make::Site(file) => publish::render_site_file(self, file, search, digest),
        }
    }
}

/// The stages before rendering: config, load, theme, resolve, the checks that
/// need no rendered page, templates, the plan. `None` when a stage found
/// errors (the diagnostics say which); warnings are returned either way, and
/// so are outputs that want one path: the run goes on to report the rest.
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
    config.theme_declared = Arc::clone(&theme.declared);
    let strings = Arc::new(strings);
    let (mut site, problems) = site::resolve_site(config, loaded);
    all.extend(problems);
    all.extend(check::check_site(&site, options.today));
    clock.lap("resolve");
    if all.has_errors() {
        return (None, all);
    }

    let labels: Vec<(String, BodyLabels)> = site
        .config
        .languages
        .iter()
        .map(|l| (l.clone(), crate::markdown::body_labels(&strings, l)))
        .collect();
    let (photos, problems) = photos::load_photos(&site, photo_cache);
    all.extend(problems);
    clock.lap("photos");
    all.extend(crate::attachments::add_statics(&site, &mut theme.statics));
    let (statics, hidden) =
        crate::plan::visible_statics(&site, &photos, std::mem::take(&mut theme.statics));
    all.extend(hidden);
    site.static_paths = statics.iter().map(|(path, _)| path.clone()).collect();
    let feeds = feed::find_feeds(&site);
    let assets = match render::make_assets(&site, &strings, &statics, feeds, photos) {
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
    let (plan, collisions) = Plan::make(&site, &templates, &statics);
    all.extend(publish::check_site_files(
        &site,
        &templates,
        &statics,
        plan.editions(),
    ));
    if all.has_errors() {
        return (None, all);
    }
    all.extend(collisions);
    clock.lap("templates");
    let prepared = Prepared {
        site,
        templates,
        labels,
        statics,
        plan,
    };
    (Some(prepared), all)
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
            prepared: None,
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
    let words = match cache.as_deref_mut() {
        Some(cache) => cache.bind(options, &prepared),
        None => WordTable::default(),
    };
    let cache = cache.as_deref();
    let sink = &*sink;
    let Prepared { site, plan, .. } = &prepared;

    // Markdown, template, search words and write for each document in one
    // pass: its body is dropped as soon as its page exists and its words are
    // counted, and the page once it is written. A page the cache has is
    // linked from the previous output, its body's results and words read back.
    let results: Vec<_> = plan
        .pages()
        .par_iter()
        .enumerate()
        .map_init(
            || WordCounter::new(&words),
            |counter, (id, page)| {
                if let Some((body, counted)) = cache.and_then(|c| c.reuse(id, sink)) {
                    return (Ok(()), (body.landmarks, body.problems), counted);
                }
                let body = prepared.markdown(id);
                let bytes = render::render_doc(site, &prepared.templates, id, &body);
                let counted = counter.count(site, id, (&body).into());
                let written = bytes.and_then(|bytes| {
                    sink.put(page.path.clone(), bytes)?;
                    if let Some(cache) = cache {
                        cache.record(id, &page.path, &body, &counted, sink);
                    }
                    Ok(())
                });
                // Of the body, only what the anchor check needs is kept.
                let Rendered {
                    landmarks,
                    problems,
                    ..
                } = body;
                (written, (landmarks, problems), counted)
            },
        )
        .collect();
    clock.lap("render");
    let reused = cache.map_or(0, PageCache::hits);
    if options.timings && cache.is_some() {
        eprintln!("timing: reused {reused} of {} pages", site.docs.len());
    }
    // The rest of the plan: files copied now, pages made from the whole site
    // (which read every body) once every body exists.
    let mut rest = Vec::new();
    let mut lists = Vec::new();
    for output in &plan.outputs()[plan.pages().len()..] {
        let copied = match &output.make {
            Make::Static(i) => sink.put_static(output.path.clone(), &prepared.statics[*i].1),
            Make::Photo(bytes) => sink.put(output.path.clone(), bytes.to_vec()),
            // The offline lists hold the versions of the other outputs: last.
            Make::Site(SiteFile::OfflineList(_)) => {
                lists.push(output);
                continue;
            }
            _ => {
                rest.push(output);
                continue;
            }
        };
        all.extend(copied.err());
    }
    let mut marks = Vec::with_capacity(results.len());
    let mut counted = Vec::with_capacity(results.len());
    let mut failed = Vec::new();
    for (id, (written, (landmarks, problems), words)) in results.into_iter().enumerate() {
        if let Err(d) = written {
            failed.push((site.file(&site.docs[id]).source.path.as_path(), d));
        }
        all.extend(problems);
        marks.push(landmarks);
        counted.push(words);
    }
    all.extend(render::report_once(failed));
    let search = SearchInput::new(words, counted);
    // The rest shows no document's own body (a leaflet edition renders the
    // parts it binds itself).
    let no_body = Rendered::default();
    let made: Vec<_> = rest
        .into_par_iter()
        .map(|output| {
            let started = std::time::Instant::now();
            let made = match &output.make {
                // Tens of megabytes on a large site: written as it is made.
                Make::Site(SiteFile::Sitemap) => sink.put_written(output.path.clone(), &mut |w| {
                    crate::sitemap::write_sitemap(site, plan.editions(), w)
                }),
                make => prepared
                    .render(make, &|_| &no_body, &|| &search, &|_| {
                        unreachable!("only the offline lists read other outputs")
                    })
                    .and_then(|bytes| sink.put(output.path.clone(), bytes)),
            };
            if options.timings && matches!(output.make, Make::Site(_)) {
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                eprintln!("timing:   {:<24} {ms:>8.1} ms", output.path);
            }
            made
        })
        .collect();
    all.extend(made.into_iter().filter_map(Result::err));
    let digest = |i: usize| sink.digest(&plan.outputs()[i].path);
    // After an error the lists would only add follow-on errors.
    if all.has_errors() {
        lists.clear();
    }
    for output in lists {
        let made = prepared
            .render(&output.make, &|_| &no_body, &|| &search, &digest)
            .and_then(|bytes| sink.put(output.path.clone(), bytes));
        all.extend(made.err());
    }
    clock.lap("publish");
    if let Some(cache) = cache {
        cache.keep_words(search.into_words());
    }
    all.extend(check::check_anchors(site, &|id| &marks[id]));
    clock.lap("check");
    if options.strict {
        all.promote_warnings();
    }
    Built {
        ok: !all.has_errors(),
        diagnostics: all,
        pages: site.page_count(),
        files: plan.outputs().len(),
        reused,
        printables: plan.printables(site),
        base_path: site.config.base_path().into(),
        site_url: site.config.base_url.clone(),
        paper: site.config.paper,
        prepared: Some(prepared),
    }
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
                "timing: {stage:<10} {:>8.1} ms{}",
                last.elapsed().as_secs_f64() * 1000.0,
                memory()
            );
            self.last = Some(std::time::Instant::now());
        }
    }
}

/// The process's resident memory now and at its peak, where the system
/// says (Linux: `/proc/self/status`), for `--timings`.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let mib = |key: &str| {
        let line = status.lines().find(|l| l.starts_with(key))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024)
    };
    match (mib("VmRSS:"), mib("VmHWM:")) {
        (Some(now), Some(peak)) => format!("  (memory {now} MiB, peak {peak} MiB)"),
        _ => String::new(),
    }
}
