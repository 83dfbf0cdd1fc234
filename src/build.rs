//! The `build` command's driver: runs the stages in order, collects every
//! diagnostic, and writes the output only when there is no error.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostics;
use crate::markdown::{CalloutLabels, Rendered, render_markdown};
use crate::output::{OutputTree, write_output};
use crate::{check, config, content, i18n, render, site, theme};

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
}

impl BuildOptions {
    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// A finished run: the site (when it has no error) and every diagnostic.
#[derive(Debug)]
pub struct Built {
    pub output: Option<OutputTree>,
    pub diagnostics: Diagnostics,
    pub documents: usize,
}

/// Runs every stage but `write`: the site as a value, or the diagnostics that stop it.
pub fn render_output(options: &BuildOptions) -> Built {
    let mut clock = Clock::new(options.timings);
    let mut all = Diagnostics::default();
    let stop = |all: Diagnostics| Built {
        output: None,
        diagnostics: all,
        documents: 0,
    };

    let config = match config::load_config(&options.root, options.base_url.as_deref()) {
        Ok(c) => c,
        Err(problems) => {
            all.extend(problems);
            return stop(all);
        }
    };
    let (loaded, problems) = content::load_content(&config, options.drafts);
    all.extend(problems);
    clock.lap("load");
    let theme = match theme::load_theme(&config) {
        Ok(t) => Some(t),
        Err(problems) => {
            all.extend(problems);
            None
        }
    };
    // A file that did not load would show up again as "missing" in every link to it.
    let Some(theme) = theme.filter(|_| !all.has_errors()) else {
        return stop(all);
    };

    let (strings, problems) = i18n::load_strings(&config, &theme.strings);
    all.extend(problems);
    let strings = Arc::new(strings);
    let (site, problems) = site::resolve_site(config, loaded);
    all.extend(problems);
    clock.lap("resolve");
    if all.has_errors() {
        return stop(all);
    }

    let labels: Vec<(String, CalloutLabels)> = site
        .config
        .languages
        .iter()
        .map(|l| {
            let get = |k: &str| strings.get(l, k).unwrap_or(k).to_string();
            (
                l.clone(),
                ["note", "tip", "important", "warning", "caution"]
                    .map(|k| get(&format!("callout_{k}"))),
            )
        })
        .collect();
    let bodies: Vec<Rendered> = (0..site.docs.len())
        .into_par_iter()
        .map(|id| {
            let lang = &site.docs[id].lang;
            let labels = &labels
                .iter()
                .find(|(l, _)| l == lang)
                .expect("every document's language is configured")
                .1;
            render_markdown(&site, id, labels)
        })
        .collect();
    for body in &bodies {
        all.extend(body.problems.iter().cloned());
    }
    clock.lap("markdown");
    all.extend(check::check_anchors(&site, &bodies));
    clock.lap("check");

    let templates = match render::compile_templates(&theme, Arc::clone(&strings)) {
        Ok(t) => t,
        Err(problems) => {
            all.extend(problems);
            return stop(all);
        }
    };
    all.extend(render::check_templates(&site, &templates));
    if all.has_errors() {
        return stop(all);
    }
    clock.lap("templates");
    let (mut tree, problems) = render::render_site(&site, bodies, &templates);
    all.extend(problems);
    clock.lap("render");
    tree.add_missing(theme.statics);
    let documents = site.docs.len();
    if options.strict {
        all.promote_warnings();
    }
    let output = (!all.has_errors()).then_some(tree);
    Built {
        output,
        diagnostics: all,
        documents,
    }
}

/// Runs the whole pipeline and writes the output when the site has no error.
pub fn build_site(options: &BuildOptions) -> Built {
    let mut built = render_output(options);
    let mut clock = Clock::new(options.timings);
    if let Some(tree) = &built.output {
        if let Err(d) = write_output(tree, &options.out_dir()) {
            built.diagnostics.push(d);
            built.output = None;
        }
    }
    clock.lap("write");
    built
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
