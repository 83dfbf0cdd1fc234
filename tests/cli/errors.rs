//! Error cases: each folder under `tests/fixtures/errors/` holds one mistake
//! laid over the `base` site. The build must fail with exit 1, print exactly
//! the snapshotted diagnostics, and leave the previous output byte-identical.

use crate::support::{Run, Site, snapshot_tree};

/// Builds the good site, breaks it with `mistake`, builds again; returns the
/// failed run after checking that `public/` did not change.
fn build_broken(site: &Site, args: &[&str], mistake: impl FnOnce(&Site)) -> Run {
    site.build(&[]).success();
    let before = snapshot_tree(&site.path("public"));
    mistake(site);
    let run = site.build(args);
    assert_eq!(
        run.code, 1,
        "expected exit 1, got {}:\n{}",
        run.code, run.stderr
    );
    assert_eq!(
        snapshot_tree(&site.path("public")),
        before,
        "the previous output changed"
    );
    run
}

#[test]
fn every_error_fixture_is_located_helpful_and_harmless() {
    insta::glob!("../fixtures/errors", "*/case.txt", |case: &Path| {
        let dir = case.parent().unwrap();
        let args_file = std::fs::read_to_string(dir.join("args")).unwrap_or_default();
        let args: Vec<&str> = args_file.split_whitespace().collect();
        let site = Site::copy("base");
        let run = build_broken(&site, &args, |s| crate::support::copy_tree(dir, s.root()));
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(
            run.stderr.contains("help: "),
            "every diagnostic says what to do:\n{}",
            run.stderr
        );
        insta::assert_snapshot!(run.stderr);
    });
}

#[test]
fn invalid_utf8_is_located() {
    let site = Site::copy("base");
    let run = build_broken(&site, &[], |s| {
        s.write(
            "content/countries/japan.en.md",
            b"---\ntitle: Jap\xe9n\n---\n",
        );
    });
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn huge_files_are_refused() {
    let site = Site::copy("base");
    let run = build_broken(&site, &[], |s| {
        let mut text = b"---\ntitle: Big\n---\n".to_vec();
        text.resize(9 * 1024 * 1024, b'a');
        s.write("content/countries/big.en.md", text);
    });
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn a_site_yaml_over_a_mebibyte_is_refused_and_a_long_one_is_not() {
    // Comments make a long site.yaml (notes for the next editor): 100 KB builds.
    let site = Site::copy("base");
    let notes = "# a note for the next editor\n".repeat(100 * 1024 / 29);
    site.write("site.yaml", site.read("site.yaml") + &notes);
    site.build(&[]).success();
    let run = build_broken(&site, &[], |s| {
        let pasted = "# pasted by mistake\n".repeat(1024 * 1024 / 20 + 1);
        s.write("site.yaml", s.read("site.yaml") + &pasted);
    });
    assert!(
        run.stderr.starts_with("site.yaml: error: "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("too large"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported() {
    let site = Site::copy("base");
    let run = build_broken(&site, &[], |s| {
        std::os::unix::fs::symlink("..", s.path("content/countries/loop")).unwrap();
    });
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let site = Site::copy("base");
    // Not an input folder (that is a usage error): the editor's own notes.
    site.write("notes/plan.md", "mine");
    let before = snapshot_tree(&site.path("notes"));
    let run = site.build(&["--out", "notes"]);
    assert_eq!(run.code, 1);
    assert_eq!(snapshot_tree(&site.path("notes")), before);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn a_missing_site_yaml_says_where_to_run() {
    let dir = tempfile::tempdir().unwrap();
    let run = crate::support::run_in(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("site.yaml: error: cannot read `site.yaml`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--root DIR"), "{}", run.stderr);
}
