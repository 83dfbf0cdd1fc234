//! Tests of `lembar check`: the build's diagnostics without writing anything,
//! and the status report (translations, UI strings, reviews, unpublished files).
//!
//! The `check` fixture has one of each: `about` has no English translation and
//! an overdue review, `guide.en.md` is `updated` before `guide.id.md`, the site's
//! `i18n/id.yaml` has a string `en` lacks, `plans` is a draft, `notes.txt` and
//! `events/spare.jpg` are files no page uses (`events/opening.jpg` is a photo).
//! `news` and `faq` have no `updated`: only git can date them.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{Run, Site, Tool, have, snapshot_tree};

/// The fixture, plus files git or editors leave that are awkward to commit as
/// fixtures: a hidden file (never listed) and an editor's backup (listed).
fn check_site() -> Site {
    let site = Site::copy("check");
    site.write("content/.gitkeep", "");
    site.write(
        "content/about.id.md~",
        "---\ntitle: Tentang (cadangan)\n---\n",
    );
    site
}

/// `lembar check` in the site's folder, as `support::run_in` runs commands,
/// but with git kept from looking above the site's folder: whether the
/// temporary folder happens to sit inside a repository must not matter.
fn check(site: &Site, args: &[&str]) -> Run {
    let root = site.root();
    let output = Command::new(env!("CARGO_BIN_EXE_lembar"))
        .arg("check")
        .args(args)
        .current_dir(root)
        .env_remove("RUST_LOG")
        .env("SOURCE_DATE_EPOCH", "1796515200")
        .env("NO_COLOR", "1")
        .env("GIT_CEILING_DIRECTORIES", root.parent().unwrap_or(root))
        .output()
        .expect("lembar runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `check --format json` and parses stdout, which must be only the JSON.
fn check_json(site: &Site, args: &[&str]) -> (Run, Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let run = check(site, &all);
    let json: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{}", run.stdout));
    (run, json)
}

/// The `path` fields of a report list.
fn paths(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|e| e["path"].as_str().expect("a path"))
        .collect()
}

/// Runs git in `dir` with a fixed identity and day, ignoring the user's config.
fn git(dir: &Path, day: &str, args: &[&str]) {
    let stamp = format!("{day}T12:00:00Z");
    let mut git = Command::new("git");
    // Inside a git hook `GIT_DIR` and friends name the hook's repository: the
    // commits below must go to the test's own.
    for name in lembar::report::GIT_LOCAL_ENV {
        git.env_remove(name);
    }
    let out = git
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The line about where dates come from names git's own words when git gives
/// none ("not a git repository …", "git is not installed"): they vary by
/// machine, so the snapshot shows a placeholder.
fn stable_dates_line(stdout: &str) -> String {
    stdout
        .lines()
        .map(|line| match line.strip_prefix("  dates: `updated:`, else unknown (") {
            Some(_) => "  dates: `updated:`, else unknown ([why git gave no dates]); give translations and originals `updated:` to compare them",
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn human_output_prints_the_diagnostics_then_the_report() {
    let site = check_site();
    let run = check(&site, &[]);
    assert_eq!(run.code, 0, "warnings alone pass:\n{}", run.stderr);
    insta::assert_snapshot!("check_stderr", run.stderr);
    insta::assert_snapshot!("check_stdout", stable_dates_line(&run.stdout));
}

#[test]
fn diagnostics_are_printed_exactly_as_build_prints_them() {
    let site = check_site();
    // A broken link: an error, located, so neither command succeeds.
    site.write(
        "content/news.en.md",
        "---\ntitle: News\n---\n\nSee [the guide](guide-old.en.md).\n",
    );
    let checked = check(&site, &[]);
    assert_eq!(checked.code, 1, "{}", checked.stderr);
    assert!(
        checked.stderr.contains("content/news.en.md:5:5: error:"),
        "{}",
        checked.stderr
    );
    let built = site.build(&[]);
    assert_eq!(built.code, 1);
    // Everything but each command's own summary line is the same.
    let body = |s: &str| {
        s.trim_end()
            .rsplit_once('\n')
            .map(|(b, _)| b.to_string())
            .unwrap()
    };
    assert_eq!(body(&checked.stderr), body(&built.stderr));
    assert!(
        checked
            .stderr
            .trim_end()
            .ends_with("error: the site has problems: 1 error, 3 warnings"),
        "{}",
        checked.stderr
    );
    // The report is still made: the error does not hide the translation status.
    assert!(
        checked.stdout.contains("missing translations: 1"),
        "{}",
        checked.stdout
    );
}

#[test]
fn json_lists_every_diagnostic_and_the_report() {
    let site = check_site();
    let (run, json) = check_json(&site, &[]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr, "",
        "with --format json only the JSON is printed"
    );
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["summary"]["warnings"], 3);

    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 3);
    let review = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("last reviewed"))
        .expect("the overdue review is a warning");
    assert_eq!(review["severity"], "warning");
    assert_eq!(review["path"], "content/about.id.md");
    assert_eq!(review["line"], 3);
    assert_eq!(review["column"], 11);
    assert!(review["help"].as_str().unwrap().contains("reviewed:"));
    let missing = diagnostics
        .iter()
        .find(|d| d["message"] == "no `en` translation of this page")
        .expect("the missing translation is a warning");
    assert_eq!(missing["path"], "content/about.id.md");
    assert!(missing["line"].is_null() && missing["column"].is_null());

    let report = &json["report"];
    assert_eq!(report["default_language"], "id");
    assert_eq!(
        report["missing_translations"],
        serde_json::json!([{
            "path": "content/about.id.md",
            "language": "en",
            "expected": "content/about.en.md"
        }])
    );
    assert_eq!(
        report["outdated_translations"],
        serde_json::json!([{
            "path": "content/guide.en.md",
            "language": "en",
            "date": "2026-01-15",
            "date_from": "updated",
            "original": "content/guide.id.md",
            "original_date": "2026-06-01",
            "original_date_from": "updated"
        }])
    );
    assert_eq!(
        report["missing_ui_strings"],
        serde_json::json!([{"language": "en", "key": "extra_note", "path": "i18n/en.yaml"}])
    );
    assert_eq!(
        report["overdue_reviews"],
        serde_json::json!([{
            "path": "content/about.id.md",
            "reviewed": "2024-05-10",
            "due": "2025-05-10"
        }])
    );
    assert_eq!(
        report["unpublished_files"],
        serde_json::json!([
            {"path": "content/about.id.md~", "reason": "ignored"},
            {"path": "content/plans.id.md", "reason": "draft"}
        ]),
        "the photo a page shows, the files beside pages (published as they are) and the hidden .gitkeep are not listed"
    );
}

#[test]
fn without_git_the_dates_of_files_without_updated_are_unknown() {
    let site = check_site();
    let (run, json) = check_json(&site, &[]);
    assert_eq!(run.code, 0, "no git is never an error");
    let report = &json["report"];
    assert_eq!(report["git"]["available"], false);
    assert!(
        report["git"]["reason"]
            .as_str()
            .is_some_and(|r| !r.is_empty())
    );
    assert_eq!(
        paths(&report["undated_translations"]),
        vec![
            "content/_index.en.md",
            "content/events/_index.en.md",
            "content/events/fair.en.md",
            "content/faq.en.md",
            "content/news.en.md",
        ],
        "every translation without `updated`, sections too; guide has `updated`"
    );
    let human = check(&site, &[]);
    assert!(
        human
            .stdout
            .contains("translations without a date to compare: 5"),
        "{}",
        human.stdout
    );
}

#[test]
fn git_dates_a_translation_by_its_last_commit_and_uncommitted_files_today() {
    if !have(&[Tool::Git]) {
        return;
    }
    let site = check_site();
    let root = site.root();
    git(root, "2026-01-10", &["init", "-q"]);
    git(root, "2026-01-10", &["add", "-A"]);
    git(root, "2026-01-10", &["commit", "-q", "-m", "first"]);
    // The originals change later; `news.en.md` is left behind.
    for page in ["news", "faq"] {
        let rel = format!("content/{page}.id.md");
        site.write(&rel, format!("{}\nLebih banyak.\n", site.read(&rel)));
    }
    git(
        root,
        "2026-03-01",
        &["commit", "-q", "-a", "-m", "originals"],
    );
    // `faq.en.md` is being translated right now: uncommitted, so dated today.
    site.write("content/faq.en.md", "---\ntitle: Questions\n---\n\nMore.\n");

    let before = snapshot_tree(root);
    let (run, json) = check_json(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        snapshot_tree(root),
        before,
        "check wrote something (git's index?)"
    );

    let report = &json["report"];
    assert_eq!(report["git"]["available"], true);
    assert!(report["git"]["reason"].is_null());
    assert_eq!(report["undated_translations"], serde_json::json!([]));
    let outdated = report["outdated_translations"].as_array().unwrap();
    assert_eq!(
        paths(&report["outdated_translations"]),
        vec!["content/guide.en.md", "content/news.en.md"],
        "faq.en.md is uncommitted, so it is today's: not outdated"
    );
    assert_eq!(
        outdated[1],
        serde_json::json!({
            "path": "content/news.en.md",
            "language": "en",
            "date": "2026-01-10",
            "date_from": "git",
            "original": "content/news.id.md",
            "original_date": "2026-03-01",
            "original_date_from": "git"
        })
    );
    // `updated:` wins over git: guide's dates are its front matter's.
    assert_eq!(outdated[0]["date_from"], "updated");

    let human = check(&site, &[]);
    assert!(
        human.stdout.contains(
            "content/news.en.md: 2026-01-10 (last commit) is older than content/news.id.md: 2026-03-01 (last commit)"
        ),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("dates: `updated:`, else the file's last git commit")
    );
}

#[test]
fn strict_turns_warnings_into_errors_and_fails() {
    let site = check_site();
    let run = check(&site, &["--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/about.id.md:3:11: error: the page was last reviewed")
    );
    assert!(
        run.stderr
            .trim_end()
            .ends_with("error: the site has problems: 3 errors")
    );

    let (run, json) = check_json(&site, &["--strict"]);
    assert_eq!(run.code, 1);
    assert_eq!(json["summary"]["errors"], 3);
    assert_eq!(json["summary"]["warnings"], 0);
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] == "error")
    );
}

#[test]
fn a_clean_site_passes_even_strict() {
    let site = Site::copy("base");
    let run = check(&site, &["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "checked 25 pages: no problems\n");
    assert!(run.stdout.contains("missing translations: none"));
}

#[test]
fn check_writes_nothing() {
    let site = check_site();
    let before = snapshot_tree(site.root());
    for args in [&[][..], &["--format", "json"], &["--strict"], &["--drafts"]] {
        check(&site, args);
    }
    assert!(!site.path("public").exists(), "check made public/");
    assert_eq!(
        snapshot_tree(site.root()),
        before,
        "check changed the site's files"
    );
}

#[test]
fn drafts_are_published_with_the_drafts_flag() {
    let site = check_site();
    let (_, json) = check_json(&site, &["--drafts"]);
    let report = &json["report"];
    assert!(!paths(&report["unpublished_files"]).contains(&"content/plans.id.md"));
    // Now a page, it is missing its translation like any other.
    assert!(paths(&report["missing_translations"]).contains(&"content/plans.id.md"));
}

#[test]
fn without_site_yaml_the_report_is_null_and_the_error_is_listed() {
    let site = check_site();
    std::fs::remove_file(site.path("site.yaml")).unwrap();
    let (run, json) = check_json(&site, &[]);
    assert_eq!(run.code, 1);
    assert!(json["report"].is_null());
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(json["diagnostics"][0]["path"], "site.yaml");
    assert_eq!(json["diagnostics"][0]["severity"], "error");
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let site = check_site();
    let run = check(&site, &["--format", "xml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("human") && run.stderr.contains("json"),
        "{}",
        run.stderr
    );
}
