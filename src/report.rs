//! The status report of `lembar check`: `Site` → [`Report`]. Pages missing a
//! translation, translations older than their original, UI strings a language
//! lacks, overdue reviews, and files in `content/` that are never published.
//! [`load_report`] reads the disk (the site, a walk of `content/`, and `git`
//! for the dates of files); the comparisons are pure functions of their inputs.
//!
//! Longer than the ~400-line bound: the report's parts (translations, UI strings,
//! reviews, unpublished files) share its types and its JSON form.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::Path;
use std::process::Command;

use serde::Serialize;
use walkdir::WalkDir;

use crate::config::Config;
use crate::content::{self, CONTENT_DIR, ContentFile};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, DiagnosticRecord, Severity};
use crate::i18n::Strings;
use crate::site::{DocId, Site};
use crate::{config, i18n, site, theme};

/// The version of the JSON document; it changes only when a field changes
/// meaning or goes away (new fields may appear without a new version).
pub const JSON_VERSION: u32 = 1;

/// At most this many entries of one list are printed in the human format; the
/// JSON has them all.
const MAX_LISTED: usize = 50;

/// What `lembar check` reports besides diagnostics. Paths are relative to the
/// site root, with `/` separators; every list is sorted by path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The language originals are written in (`default_language`).
    pub default_language: String,
    /// Whether file dates could be read from git, and why not.
    pub git: GitState,
    pub missing_translations: Vec<MissingTranslation>,
    pub outdated_translations: Vec<OutdatedTranslation>,
    /// Translations whose age could not be compared: it or its original has
    /// no `updated` and no date from git.
    pub undated_translations: Vec<UndatedTranslation>,
    pub missing_ui_strings: Vec<MissingString>,
    pub overdue_reviews: Vec<OverdueReview>,
    pub unpublished_files: Vec<Unpublished>,
    /// Facts of `data/facts.yaml` that no page shows and the footer does not.
    pub unused_facts: Vec<UnusedFact>,
}

/// A fact nothing shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnusedFact {
    pub name: String,
    /// `data/facts.yaml:12:1`: where it is defined.
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GitState {
    pub available: bool,
    /// Why git gave no dates (not installed, not a repository, …).
    pub reason: Option<String>,
}

/// A page (or section) that has no file in `language`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingTranslation {
    /// The original: the default language's file, else the page's first file.
    pub path: String,
    pub language: String,
    /// The file to create.
    pub expected: String,
}

/// A translation dated before its original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutdatedTranslation {
    pub path: String,
    pub language: String,
    pub date: Date,
    pub date_from: DateSource,
    pub original: String,
    pub original_date: Date,
    pub original_date_from: DateSource,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UndatedTranslation {
    pub path: String,
    pub language: String,
    pub original: String,
}

/// Where a file's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// The front matter's `updated`.
    Updated,
    /// The last commit that changed the file.
    Git,
    /// The file has changes git has not committed (or is untracked): dated today.
    Uncommitted,
}

/// A UI string the default language has and `language` lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingString {
    pub language: String,
    pub key: String,
    /// The site's file to add it to.
    pub path: String,
}

/// A page whose `reviewed` date is `review_after_months` or more ago.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverdueReview {
    pub path: String,
    pub reviewed: Date,
    /// The first day the review counted as overdue.
    pub due: Date,
}

/// A file under `content/` that the build does not publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unpublished {
    pub path: String,
    pub reason: UnpublishedReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnpublishedReason {
    /// `draft: true`, and `--drafts` was not given; or a file in a draft's
    /// page bundle.
    Draft,
    /// An editor's backup or temporary file (`x~`, `#x#`, `x.swp`), or inside
    /// a folder named like one: the walk of `content/` skips it.
    Ignored,
    /// A Markdown file that did not become a page: it has errors (reported as
    /// diagnostics), or it is a second file for the same page and language.
    NotLoaded,
}

impl UnpublishedReason {
    fn describe(self) -> &'static str {
        match self {
            UnpublishedReason::Draft => "a draft (`draft: true`); `--drafts` includes it",
            UnpublishedReason::Ignored => {
                "named like an editor's backup or temporary file, so the build skips it"
            }
            UnpublishedReason::NotLoaded => {
                "it did not become a page: see the diagnostics about it"
            }
        }
    }
}

/// The report on the site the build resolved (`prepared`), or, when the build
/// stopped before resolving it (a file that did not load), on what loads of
/// it; `None` when `site.yaml` cannot be read, which the build's diagnostics
/// already say. Never fails otherwise: what did not load is left out, and
/// missing git only makes dates unknown. Reads `content/` and git's dates.
pub fn load_report(
    prepared: Option<&crate::build::Prepared>,
    root: &Path,
    drafts: bool,
    today: Date,
) -> Option<Report> {
    let on_disk = walk_content(root);
    let dates = load_git_dates(root);
    let report = |site: &Site, strings: Option<&Strings>| {
        let left_out = site.drafts();
        compute_report(site, strings, &left_out, &on_disk, &dates, today)
    };
    if let Some(prepared) = prepared {
        return Some(report(&prepared.site, Some(prepared.templates.strings())));
    }
    let mut config = config::load_config(root, None).ok()?;
    crate::facts::attach(&mut config);
    let (loaded, _) = content::load_content(&config, drafts);
    let strings = theme::load_theme(&config)
        .ok()
        .map(|theme| i18n::load_strings(&config, &theme.strings).0);
    let (site, _) = site::resolve_site(config, loaded);
    Some(report(&site, strings.as_ref()))
}

/// The whole report from its inputs: the site, its UI strings (if the theme
/// loaded), the drafts left out, the files under `content/` and their git dates.
pub fn compute_report(
    site: &Site,
    strings: Option<&Strings>,
    drafts: &[String],
    on_disk: &[String],
    dates: &GitDates,
    today: Date,
) -> Report {
    let (outdated_translations, undated_translations) = compare_translations(site, dates, today);
    Report {
        default_language: site.config.default_language.clone(),
        git: match dates {
            GitDates::Unavailable(reason) => GitState {
                available: false,
                reason: Some(reason.clone()),
            },
            GitDates::Known { .. } => GitState {
                available: true,
                reason: None,
            },
        },
        missing_translations: missing_translations(site),
        outdated_translations,
        undated_translations,
        missing_ui_strings: strings
            .map(|s| missing_strings(&site.config, s))
            .unwrap_or_default(),
        overdue_reviews: overdue_reviews(site, today),
        unpublished_files: unpublished_files(site, drafts, on_disk),
        unused_facts: unused_facts(site),
    }
}

/// A file's path relative to the site root: `content/about.id.md`.
fn root_path(file: &ContentFile) -> String {
    format!("{CONTENT_DIR}/{}", file.rel)
}

/// Each page's real documents (no fallback copies), by translation key, in
/// document order (sorted by path).
fn pages(site: &Site) -> BTreeMap<&str, Vec<DocId>> {
    let mut pages: BTreeMap<&str, Vec<DocId>> = BTreeMap::new();
    for (id, doc) in site.docs.iter().enumerate() {
        if doc.original.is_none() {
            pages.entry(&doc.key).or_default().push(id);
        }
    }
    pages
}

/// Every page or section that lacks a language, named by its original (the
/// default language's file, else its first file, as the build's warning does).
pub fn missing_translations(site: &Site) -> Vec<MissingTranslation> {
    let mut missing = Vec::new();
    for (key, ids) in pages(site) {
        let original = ids
            .iter()
            .copied()
            .find(|&d| site.docs[d].lang == site.config.default_language)
            .unwrap_or(ids[0]);
        for lang in &site.config.languages {
            if ids.iter().any(|&d| &site.docs[d].lang == lang) {
                continue;
            }
            missing.push(MissingTranslation {
                path: root_path(site.file(&site.docs[original])),
                language: lang.clone(),
                expected: format!("{CONTENT_DIR}/{key}.{lang}.md"),
            });
        }
    }
    missing.sort_by(|a, b| (&a.path, &a.language).cmp(&(&b.path, &b.language)));
    missing
}

/// Translations dated before their original (the default language's file),
/// and those that could not be compared for want of a date. A translation of
/// the same day is current: dates are days.
pub fn compare_translations(
    site: &Site,
    dates: &GitDates,
    today: Date,
) -> (Vec<OutdatedTranslation>, Vec<UndatedTranslation>) {
    let mut outdated = Vec::new();
    let mut undated = Vec::new();
    for ids in pages(site).values() {
        let Some(original) = ids
            .iter()
            .map(|&d| site.file(&site.docs[d]))
            .find(|f| f.lang == site.config.default_language)
        else {
            continue;
        };
        let original_date = file_date(original, dates, today);
        for &id in ids {
            let file = site.file(&site.docs[id]);
            if file.lang == site.config.default_language {
                continue;
            }
            match (file_date(file, dates, today), original_date) {
                (Some((date, from)), Some((original_date, original_from))) => {
                    if date < original_date {
                        outdated.push(OutdatedTranslation {
                            path: root_path(file),
                            language: file.lang.clone(),
                            date,
                            date_from: from,
                            original: root_path(original),
                            original_date,
                            original_date_from: original_from,
                        });
                    }
                }
                _ => undated.push(UndatedTranslation {
                    path: root_path(file),
                    language: file.lang.clone(),
                    original: root_path(original),
                }),
            }
        }
    }
    outdated.sort_by(|a, b| a.path.cmp(&b.path));
    undated.sort_by(|a, b| a.path.cmp(&b.path));
    (outdated, undated)
}

/// A file's date: its `updated`, else its last commit, else today if git has
/// not committed its current text; `None` when there is no way to tell.
fn file_date(file: &ContentFile, dates: &GitDates, today: Date) -> Option<(Date, DateSource)> {
    if let Some(updated) = file.common().updated {
        return Some((updated, DateSource::Updated));
    }
    let GitDates::Known {
        committed,
        uncommitted,
    } = dates
    else {
        return None;
    };
    if uncommitted.contains(&file.rel) {
        return Some((today, DateSource::Uncommitted));
    }
    committed.get(&file.rel).map(|&d| (d, DateSource::Git))
}

/// The UI strings each language lacks that the default language has (theme
/// defaults and the site's overrides together), to be added to the site's
/// `i18n/<lang>.yaml`.
pub fn missing_strings(config: &Config, strings: &Strings) -> Vec<MissingString> {
    config
        .languages
        .iter()
        .filter(|l| *l != &config.default_language)
        .flat_map(|lang| {
            strings
                .missing_keys(lang)
                .into_iter()
                .map(move |key| MissingString {
                    language: lang.clone(),
                    key: key.to_string(),
                    path: i18n::site_strings_file(lang).display().to_string(),
                })
        })
        .collect()
}

/// Pages whose review is overdue, by the same rule as the build's warning:
/// `reviewed` is `review_after_months` whole months or more before today.
pub fn overdue_reviews(site: &Site, today: Date) -> Vec<OverdueReview> {
    let months = site.config.review_after_months;
    let mut overdue: Vec<OverdueReview> = site
        .docs
        .iter()
        .filter(|d| d.original.is_none())
        .filter_map(|doc| {
            let file = site.file(doc);
            let reviewed = file.common().reviewed?;
            (reviewed <= today && reviewed.months_until(today) >= i64::from(months)).then(|| {
                OverdueReview {
                    path: root_path(file),
                    reviewed,
                    due: due_date(reviewed, months),
                }
            })
        })
        .collect();
    overdue.sort_by(|a, b| a.path.cmp(&b.path));
    overdue
}

/// The first day on which a page reviewed on `reviewed` is `months` whole
/// months old ([`Date::months_until`]): the same day `months` later, or the
/// first of the next month when that month is too short (31 January + 1 month
/// is due on 1 March, since 28 February is not yet a whole month).
pub fn due_date(reviewed: Date, months: u32) -> Date {
    use chrono::{Days, Months, NaiveDate};
    let as_date = |d: NaiveDate| Date::parse(&d.format("%Y-%m-%d").to_string());
    let start = NaiveDate::from_ymd_opt(reviewed.year(), reviewed.month(), reviewed.day());
    let mut day = start.and_then(|d| d.checked_add_months(Months::new(months)));
    // At most three days past a short month's end (31 → 28 February).
    for _ in 0..4 {
        match day.and_then(|d| as_date(d).map(|date| (d, date))) {
            Some((_, date)) if reviewed.months_until(date) >= i64::from(months) => return date,
            Some((d, _)) => day = d.checked_add_days(Days::new(1)),
            None => break,
        }
    }
    // Only for dates near the end of the calendar: the review date itself.
    reviewed
}

/// The facts no content file names and the footer does not show.
pub fn unused_facts(site: &Site) -> Vec<UnusedFact> {
    let facts = &site.config.facts;
    let used: HashSet<usize> = site
        .files
        .iter()
        .flat_map(|f| f.facts.iter().map(|u| u.fact))
        .collect();
    let Some(file) = &facts.file else {
        return Vec::new();
    };
    facts
        .all()
        .iter()
        .enumerate()
        .filter(|(i, f)| !f.footer && !used.contains(i))
        .map(|(_, f)| {
            let at = file.position(f.name_at);
            UnusedFact {
                name: f.name.clone(),
                at: format!("{}:{}:{}", file.path().display(), at.line, at.column),
            }
        })
        .collect()
}

/// The files under `content/` the build leaves out: drafts, files the walk
/// skips, Markdown files that did not load, and other files no event page
/// shows as a photo. `on_disk` is every file under `content/` (relative to it).
pub fn unpublished_files(site: &Site, drafts: &[String], on_disk: &[String]) -> Vec<Unpublished> {
    let mut published: HashSet<String> = HashSet::new();
    for doc in site.docs.iter().filter(|d| d.original.is_none()) {
        let file = site.file(doc);
        published.insert(file.rel.clone());
        if let Some(event) = file.typed().and_then(|t| t.event()) {
            published.extend(
                event
                    .photos
                    .iter()
                    .map(|p| content::join(file.folder(), &p.src)),
            );
        }
    }
    published.extend(site.attachments.keys().cloned());
    let drafts: HashSet<&str> = drafts.iter().map(String::as_str).collect();
    let mut unpublished: Vec<Unpublished> = on_disk
        .iter()
        .filter_map(|rel| {
            let reason = if rel.split('/').any(content::is_ignored) {
                UnpublishedReason::Ignored
            } else if published.contains(rel) {
                return None;
            } else if drafts.contains(rel.as_str()) || !rel.ends_with(".md") {
                // A file beside pages is published unless it is in a draft's bundle.
                UnpublishedReason::Draft
            } else {
                UnpublishedReason::NotLoaded
            };
            Some(Unpublished {
                path: format!("{CONTENT_DIR}/{rel}"),
                reason,
            })
        })
        .collect();
    unpublished.sort_by(|a, b| a.path.cmp(&b.path));
    unpublished
}

/// Every file under `content/`, relative to it with `/` separators, except
/// hidden ones (`.gitkeep`, `.DS_Store`, a `.git` folder): they are never
/// meant to be pages. Folders it cannot read are skipped here; the build's
/// own walk reports them.
pub fn walk_content(root: &Path) -> Vec<String> {
    let dir = root.join(CONTENT_DIR);
    let mut files: Vec<String> = WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(&dir).ok()?;
            let parts: Vec<String> = rel
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            Some(parts.join("/"))
        })
        .collect();
    files.sort();
    files
}

/// The dates git knows for files under `content/`, keyed by their path under
/// `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitDates {
    /// Why there are none: git is missing, the site is not in a repository, …
    Unavailable(String),
    Known {
        /// The day (UTC) of the last commit that changed each file.
        committed: HashMap<String, Date>,
        /// Files whose working-tree text differs from the last commit (changed,
        /// staged or untracked): they are dated today.
        uncommitted: HashSet<String>,
    },
}

/// Asks git, in three processes whatever the number of files: the site's
/// place in its repository, one `git log` over `content/` (newest first: a
/// file's first appearance is its last change), and one `git status`.
/// Never fails: anything that goes wrong makes the dates unknown, with why.
pub fn load_git_dates(root: &Path) -> GitDates {
    let prefix = match run_git(root, &["rev-parse", "--show-prefix"]) {
        Ok(text) => text.trim_end_matches(['\n', '\r']).to_string(),
        Err(reason) => return GitDates::Unavailable(reason),
    };
    let log = match run_git(
        root,
        &[
            "log",
            "-z",
            "--no-renames",
            "--format=%x01%ct",
            "--name-only",
            "--",
            CONTENT_DIR,
        ],
    ) {
        Ok(text) => text,
        Err(reason) => return GitDates::Unavailable(reason),
    };
    let status = match run_git(
        root,
        &[
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--",
            CONTENT_DIR,
        ],
    ) {
        Ok(text) => text,
        Err(reason) => return GitDates::Unavailable(reason),
    };
    let content_prefix = format!("{prefix}{CONTENT_DIR}/");
    GitDates::Known {
        committed: parse_git_log(&log, &content_prefix),
        uncommitted: parse_git_status(&status, &content_prefix),
    }
}

/// The variables that point git at another repository, index or object store
/// than the folder it runs in (`git rev-parse --local-env-vars`). A git hook
/// runs with `GIT_DIR` and `GIT_INDEX_FILE` set: git run in the site's folder
/// from there must not read the hook's repository.
pub const GIT_LOCAL_ENV: &[&str] = &[
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_OBJECT_DIRECTORY",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_IMPLICIT_WORK_TREE",
    "GIT_GRAFT_FILE",
    "GIT_INDEX_FILE",
    "GIT_NO_REPLACE_OBJECTS",
    "GIT_REPLACE_REF_BASE",
    "GIT_PREFIX",
    "GIT_SHALLOW_FILE",
    "GIT_COMMON_DIR",
];

/// Runs git in `root` with settings that keep its output in the shape parsed
/// here whatever the user's configuration, and without taking the index lock
/// (`check` writes nothing, not even git's index). Returns stdout or why not.
fn run_git(root: &Path, args: &[&str]) -> Result<String, String> {
    let mut git = Command::new("git");
    for name in GIT_LOCAL_ENV {
        git.env_remove(name);
    }
    let output = git
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "log.showSignature=false",
            "-c",
            "diff.relative=false",
            "-c",
            "core.quotepath=false",
        ])
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "git is not installed".to_string(),
            _ => format!("git could not run: {e}"),
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().next().unwrap_or("").trim();
        let first = first.strip_prefix("fatal: ").unwrap_or(first);
        return Err(if first.is_empty() {
            format!("`git {}` failed", args[0])
        } else {
            format!("git: {first}")
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Parses `git log -z --format=%x01%ct --name-only`: each commit is `\x01`
/// and its Unix time, then the paths it changed, each ended by NUL (the first
/// after a newline). Newest first, so a path's first date is its last change.
/// Paths are kept relative to `content/` (`prefix` is `content/` below the
/// repository root).
pub fn parse_git_log(log: &str, prefix: &str) -> HashMap<String, Date> {
    let mut dates = HashMap::new();
    let mut current: Option<Date> = None;
    for token in log.split('\0') {
        let token = token.strip_prefix('\n').unwrap_or(token);
        if let Some(time) = token.strip_prefix('\u{1}') {
            current = time
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(Date::from_unix_seconds);
        } else if let (Some(rel), Some(date)) = (token.strip_prefix(prefix), current) {
            dates.entry(rel.to_string()).or_insert(date);
        }
    }
    dates
}

/// Parses `git status --porcelain=v1 -z`: entries `XY path`, NUL-ended; a
/// rename or copy is followed by its old path, which is skipped. Every entry
/// is a file whose text is not the committed one.
pub fn parse_git_status(status: &str, prefix: &str) -> HashSet<String> {
    let mut changed = HashSet::new();
    let mut tokens = status.split('\0');
    while let Some(entry) = tokens.next() {
        let (Some(code), Some(path)) = (entry.get(..2), entry.get(3..)) else {
            continue;
        };
        if code.contains(['R', 'C']) {
            tokens.next();
        }
        if let Some(rel) = path.strip_prefix(prefix) {
            changed.insert(rel.to_string());
        }
    }
    changed
}

/// Writes one list of the human report: a heading with the count, then the
/// entries (at most [`MAX_LISTED`]), or "none".
fn list<T>(
    f: &mut fmt::Formatter<'_>,
    heading: &str,
    items: &[T],
    line: impl Fn(&T) -> String,
) -> fmt::Result {
    if items.is_empty() {
        return writeln!(f, "  {heading}: none");
    }
    writeln!(f, "  {heading}: {}", items.len())?;
    for item in items.iter().take(MAX_LISTED) {
        writeln!(f, "    {}", line(item))?;
    }
    if items.len() > MAX_LISTED {
        writeln!(
            f,
            "    … and {} more (`--format json` lists them all)",
            items.len() - MAX_LISTED
        )?;
    }
    Ok(())
}

/// The human report, printed after the diagnostics.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "translation status (originals in `{}`):",
            self.default_language
        )?;
        list(f, "missing translations", &self.missing_translations, |m| {
            format!(
                "{}: no `{}` translation; add {}",
                m.path, m.language, m.expected
            )
        })?;
        let from = |source: DateSource| match source {
            DateSource::Updated => "updated",
            DateSource::Git => "last commit",
            DateSource::Uncommitted => "uncommitted, today",
        };
        list(
            f,
            "outdated translations",
            &self.outdated_translations,
            |o| {
                format!(
                    "{}: {} ({}) is older than {}: {} ({})",
                    o.path,
                    o.date,
                    from(o.date_from),
                    o.original,
                    o.original_date,
                    from(o.original_date_from)
                )
            },
        )?;
        if !self.undated_translations.is_empty() {
            list(
                f,
                "translations without a date to compare",
                &self.undated_translations,
                |u| format!("{} (original {})", u.path, u.original),
            )?;
        }
        list(f, "missing UI strings", &self.missing_ui_strings, |m| {
            format!("`{}` in `{}`; add it to {}", m.key, m.language, m.path)
        })?;
        match &self.git.reason {
            Some(reason) => writeln!(
                f,
                "  dates: `updated:`, else unknown ({reason}); give translations and originals `updated:` to compare them"
            )?,
            None => writeln!(f, "  dates: `updated:`, else the file's last git commit")?,
        }
        writeln!(f, "reviews:")?;
        list(f, "overdue", &self.overdue_reviews, |r| {
            format!("{}: reviewed {}, due {}", r.path, r.reviewed, r.due)
        })?;
        writeln!(f, "content files:")?;
        list(f, "never published", &self.unpublished_files, |u| {
            format!("{}: {}", u.path, u.reason.describe())
        })?;
        writeln!(f, "facts ({}):", crate::facts::FACTS_FILE)?;
        list(f, "unused", &self.unused_facts, |u| {
            format!(
                "{}: `{}` is shown by no page; use it or remove it",
                u.at, u.name
            )
        })
    }
}

/// The whole JSON document of `lembar check --format json`: every diagnostic
/// (sorted, duplicates removed), the report (`null` when `site.yaml` could
/// not be read), and the counts.
pub fn render_json(diagnostics: &[Diagnostic], report: Option<&Report>) -> String {
    #[derive(Serialize)]
    struct Summary {
        errors: usize,
        warnings: usize,
    }
    #[derive(Serialize)]
    struct Document<'a> {
        version: u32,
        diagnostics: Vec<DiagnosticRecord>,
        report: Option<&'a Report>,
        summary: Summary,
    }
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let document = Document {
        version: JSON_VERSION,
        diagnostics: diagnostics.iter().map(DiagnosticRecord::from).collect(),
        report,
        summary: Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
        },
    };
    serde_json::to_string_pretty(&document)
        .expect("the report serialises: it has no maps with non-string keys")
}

#[cfg(test)]
mod tests;
