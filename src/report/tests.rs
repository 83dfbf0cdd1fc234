use super::*;
use crate::content::{Content, parse_content_file};
use crate::front_matter::ContentType;
use crate::source::SourceFile;

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

/// A resolved site from `(path under content/, text)` pairs; sections
/// (`_index`) are parsed first, so `events/` can be of type event.
fn site_of(files: &[(&str, &str)], drafts: &[&str]) -> Site {
    let config = config::parse_config(
        &SourceFile::new(
            "site.yaml",
            "title: {id: A, en: B}\nbase_url: https://x.org/\nreview_after_months: 12\n".into(),
        ),
        Path::new("."),
        None,
    )
    .unwrap();
    let mut content = Content::default();
    for (rel, text) in files {
        let kind = if rel.starts_with("events/") && !rel.contains("_index") {
            ContentType::Event
        } else {
            ContentType::Page
        };
        let source = SourceFile::new(Path::new(CONTENT_DIR).join(rel), text.to_string());
        content
            .files
            .push(parse_content_file(&config, rel, source, kind).unwrap());
    }
    content.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    content.drafts = drafts.iter().map(|d| d.to_string()).collect();
    site::resolve_site(config, content).0
}

fn page(title: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\n{extra}---\n\nText.\n")
}

fn no_git() -> GitDates {
    GitDates::Unavailable("git is not installed".into())
}

#[test]
fn a_page_without_a_file_in_a_language_is_missing_that_translation() {
    let site = site_of(
        &[
            ("about.id.md", &page("Tentang", "")),
            ("both.id.md", &page("Dua", "")),
            ("both.en.md", &page("Two", "")),
            ("only-en.en.md", &page("English", "")),
        ],
        &[],
    );
    let missing = missing_translations(&site);
    assert_eq!(
        missing,
        vec![
            MissingTranslation {
                path: "content/about.id.md".into(),
                language: "en".into(),
                expected: "content/about.en.md".into(),
            },
            MissingTranslation {
                path: "content/only-en.en.md".into(),
                language: "id".into(),
                expected: "content/only-en.id.md".into(),
            },
        ]
    );
}

#[test]
fn a_translation_updated_before_its_original_is_outdated() {
    let site = site_of(
        &[
            ("old.id.md", &page("Lama", "updated: 2026-06-01\n")),
            ("old.en.md", &page("Old", "updated: 2026-01-15\n")),
            ("same.id.md", &page("Sama", "updated: 2026-06-01\n")),
            ("same.en.md", &page("Same", "updated: 2026-06-01\n")),
            ("newer.id.md", &page("Baru", "updated: 2026-01-01\n")),
            ("newer.en.md", &page("New", "updated: 2026-02-01\n")),
        ],
        &[],
    );
    let (outdated, undated) = compare_translations(&site, &no_git(), date("2026-11-27"));
    assert_eq!(
        outdated,
        vec![OutdatedTranslation {
            path: "content/old.en.md".into(),
            language: "en".into(),
            date: date("2026-01-15"),
            date_from: DateSource::Updated,
            original: "content/old.id.md".into(),
            original_date: date("2026-06-01"),
            original_date_from: DateSource::Updated,
        }]
    );
    assert!(undated.is_empty());
}

#[test]
fn git_dates_stand_in_for_updated_and_uncommitted_files_are_dated_today() {
    let site = site_of(
        &[
            ("a.id.md", &page("A", "")),
            ("a.en.md", &page("A", "")),
            ("b.id.md", &page("B", "")),
            ("b.en.md", &page("B", "")),
            ("c.id.md", &page("C", "updated: 2026-05-01\n")),
            ("c.en.md", &page("C", "")),
        ],
        &[],
    );
    let dates = GitDates::Known {
        committed: [
            ("a.id.md", "2026-03-01"),
            ("a.en.md", "2026-01-10"),
            ("b.id.md", "2026-03-01"),
            ("b.en.md", "2026-01-10"),
            ("c.en.md", "2026-04-30"),
        ]
        .into_iter()
        .map(|(p, d)| (p.to_string(), date(d)))
        .collect(),
        uncommitted: ["b.en.md".to_string()].into(),
    };
    let today = date("2026-11-27");
    let (outdated, undated) = compare_translations(&site, &dates, today);
    let found: Vec<(&str, DateSource, DateSource)> = outdated
        .iter()
        .map(|o| (o.path.as_str(), o.date_from, o.original_date_from))
        .collect();
    assert_eq!(
        found,
        vec![
            ("content/a.en.md", DateSource::Git, DateSource::Git),
            ("content/c.en.md", DateSource::Git, DateSource::Updated),
        ]
    );
    assert!(undated.is_empty());
}

#[test]
fn without_git_a_translation_without_updated_cannot_be_compared() {
    let site = site_of(
        &[
            ("a.id.md", &page("A", "updated: 2026-05-01\n")),
            ("a.en.md", &page("A", "")),
        ],
        &[],
    );
    let (outdated, undated) = compare_translations(&site, &no_git(), date("2026-11-27"));
    assert!(outdated.is_empty());
    assert_eq!(
        undated,
        vec![UndatedTranslation {
            path: "content/a.en.md".into(),
            language: "en".into(),
            original: "content/a.id.md".into(),
        }]
    );
}

#[test]
fn overdue_reviews_say_when_they_were_due() {
    let site = site_of(
        &[
            ("old.id.md", &page("Lama", "reviewed: 2024-05-10\n")),
            ("fresh.id.md", &page("Baru", "reviewed: 2026-01-10\n")),
            ("future.id.md", &page("Nanti", "reviewed: 2027-01-10\n")),
        ],
        &[],
    );
    assert_eq!(
        overdue_reviews(&site, date("2026-11-27")),
        vec![OverdueReview {
            path: "content/old.id.md".into(),
            reviewed: date("2024-05-10"),
            due: date("2025-05-10"),
        }]
    );
}

#[test]
fn a_review_is_due_on_the_first_day_it_is_a_whole_period_old() {
    assert_eq!(due_date(date("2025-01-10"), 12), date("2026-01-10"));
    assert_eq!(due_date(date("2025-01-31"), 1), date("2025-03-01"));
    assert_eq!(due_date(date("2024-02-29"), 12), date("2025-03-01"));
    for (reviewed, months) in [("2025-01-31", 1), ("2024-02-29", 12), ("2025-08-06", 6)] {
        let due = due_date(date(reviewed), months);
        let before = Date::parse(&format!(
            "{}",
            chrono::NaiveDate::parse_from_str(&due.to_string(), "%Y-%m-%d").unwrap()
                - chrono::Days::new(1)
        ))
        .unwrap();
        assert!(date(reviewed).months_until(due) >= i64::from(months));
        assert!(date(reviewed).months_until(before) < i64::from(months));
    }
}

#[test]
fn unpublished_files_are_drafts_skipped_names_and_failed_pages() {
    let event = "---\ntitle: Acara\ndate: 2025-08-06\nplace: Bontang\norganisers: [Disnaker]\nphotos:\n  - src: photos/open.jpg\n    alt: Pembukaan\n---\n";
    let mut site = site_of(
        &[
            ("_index.id.md", &page("Beranda", "")),
            ("events/_index.id.md", &page("Acara", "type: event\n")),
            ("events/day.id.md", event),
        ],
        &["plans/index.id.md"],
    );
    let on_disk: Vec<String> = [
        "_index.id.md",
        "broken.id.md",
        "events/_index.id.md",
        "events/day.id.md",
        "events/photos/open.jpg",
        "events/photos/spare.jpg",
        "notes.txt",
        "old~/page.id.md",
        "plans/index.id.md",
        "plans/map.png",
        "x.id.md~",
    ]
    .map(String::from)
    .to_vec();
    // What the walk of `content/` finds besides Markdown and editors' files.
    let beside = [
        "events/photos/open.jpg",
        "events/photos/spare.jpg",
        "notes.txt",
        "plans/map.png",
    ];
    site.attachments = crate::attachments::place(&site, beside.map(String::from).to_vec());
    let found: Vec<(String, UnpublishedReason)> =
        unpublished_files(&site, &["plans/index.id.md".to_string()], &on_disk)
            .into_iter()
            .map(|u| (u.path, u.reason))
            .collect();
    use UnpublishedReason::*;
    // The photo is published resized, the other files beside pages as they
    // are; the draft bundle's map is left out with its page.
    assert_eq!(
        found,
        vec![
            ("content/broken.id.md".into(), NotLoaded),
            ("content/old~/page.id.md".into(), Ignored),
            ("content/plans/index.id.md".into(), Draft),
            ("content/plans/map.png".into(), Draft),
            ("content/x.id.md~".into(), Ignored),
        ]
    );
}

#[test]
fn git_log_gives_each_file_its_newest_commit_below_the_prefix() {
    // Two commits, newest first, in a repository where the site is `site/`.
    let log = "\u{1}1772366400\0\nsite/content/a.md\0\0\u{1}1768046400\0\nsite/content/a.md\0site/content/sub/b c.md\0other/content/x.md\0";
    let dates = parse_git_log(log, "site/content/");
    assert_eq!(dates.len(), 2);
    assert_eq!(dates["a.md"], date("2026-03-01"));
    assert_eq!(dates["sub/b c.md"], date("2026-01-10"));
    assert!(parse_git_log("", "content/").is_empty());
}

#[test]
fn git_status_lists_changed_staged_untracked_and_renamed_files() {
    let status = " M content/a.md\0?? content/new.md\0R  content/moved.md\0content/old.md\0A  content/added.md\0 M site.yaml\0";
    let changed = parse_git_status(status, "content/");
    let mut changed: Vec<&str> = changed.iter().map(String::as_str).collect();
    changed.sort();
    assert_eq!(changed, vec!["a.md", "added.md", "moved.md", "new.md"]);
}

#[test]
fn missing_ui_strings_name_the_language_key_and_file() {
    let config = config::parse_config(
        &SourceFile::new(
            "site.yaml",
            "title: {id: A, en: B}\nbase_url: https://x.org/\n".into(),
        ),
        Path::new("."),
        None,
    )
    .unwrap();
    let files = [
        theme::ThemeFile {
            name: "id.yaml".into(),
            path: "i18n/id.yaml".into(),
            text: "home: Beranda\nextra_key: Tambahan\n".into(),
        },
        theme::ThemeFile {
            name: "en.yaml".into(),
            path: "i18n/en.yaml".into(),
            text: "home: Home\n".into(),
        },
    ];
    let (strings, _) = i18n::load_strings(&config, &files);
    assert_eq!(
        missing_strings(&config, &strings),
        vec![MissingString {
            language: "en".into(),
            key: "extra_key".into(),
            path: "i18n/en.yaml".into(),
        }]
    );
}

#[test]
fn json_has_the_documented_shape() {
    let site = site_of(&[("about.id.md", &page("Tentang", ""))], &[]);
    let report = compute_report(&site, None, &[], &[], &no_git(), date("2026-11-27"));
    let diagnostics = [Diagnostic::warning("w").help("h"), Diagnostic::error("e")];
    let json: serde_json::Value =
        serde_json::from_str(&render_json(&diagnostics, Some(&report))).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(json["summary"]["warnings"], 1);
    assert_eq!(json["diagnostics"][0]["severity"], "warning");
    assert_eq!(json["diagnostics"][0]["help"], "h");
    assert!(json["diagnostics"][1]["line"].is_null());
    assert_eq!(json["report"]["git"]["available"], false);
    assert_eq!(
        json["report"]["missing_translations"][0]["expected"],
        "content/about.en.md"
    );
    let none: serde_json::Value = serde_json::from_str(&render_json(&[], None)).unwrap();
    assert!(none["report"].is_null());
}
