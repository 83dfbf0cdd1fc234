//! The site root is the trust boundary: nothing outside it is read or
//! published (links are followed only inside), only regular files are read,
//! and the output folder is never an input. Every run has a timeout, so a
//! build that hangs on a FIFO fails the test instead of hanging it.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::support::{Run, Site, run_bounded, snapshot_tree};

/// `lembar build` in `site`, killed after 20 seconds (a hang is a failure).
fn build(site: &Site, args: &[&str]) -> Run {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    run_bounded(site.root(), &all, Duration::from_secs(20))
}

/// Builds the good site, applies `mistake`, builds again: the run must fail
/// with exit 1 and leave `public/` as it was.
fn build_broken(site: &Site, mistake: impl FnOnce(&Site)) -> Run {
    build(site, &[]).success();
    let before = snapshot_tree(&site.path("public"));
    mistake(site);
    let run = build(site, &[]);
    assert_eq!(run.code, 1, "expected exit 1:\n{}", run.stderr);
    assert_eq!(
        snapshot_tree(&site.path("public")),
        before,
        "public/ changed"
    );
    run
}

/// One way to break a site.
type Mistake = dyn Fn(&Site);

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(ok.success());
}

#[test]
fn links_to_secrets_outside_the_site_are_refused() {
    let site = Site::copy("base");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("id_ed25519"), "SECRET KEY").unwrap();
    let run = build_broken(&site, |s| {
        s.write("static/ok.txt", "fine");
        symlink(outside.path().join("id_ed25519"), s.path("static/key.txt")).unwrap();
        symlink("/proc/self/environ", s.path("static/env.txt")).unwrap();
    });
    let shown = run
        .stderr
        .replace(&outside.path().display().to_string(), "[OUTSIDE]");
    insta::assert_snapshot!(shown);
}

#[test]
fn a_linked_folder_outside_is_refused_inside_is_followed() {
    let site = Site::copy("base");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("notes.txt"), "private").unwrap();
    site.write("shared/logo.txt", "logo");
    std::fs::create_dir_all(site.path("static")).unwrap();
    symlink("../shared", site.path("static/shared")).unwrap();
    build(&site, &[]).success();
    assert_eq!(site.read("public/shared/logo.txt"), "logo");

    let run = build_broken(&site, |s| {
        symlink(outside.path(), s.path("content/private")).unwrap();
    });
    let shown = run
        .stderr
        .replace(&outside.path().display().to_string(), "[OUTSIDE]");
    assert_eq!(
        shown,
        "content/private: error: `content/private` is a link to `[OUTSIDE]`, outside the site's folder\n   \
         = help: copy the file into the site instead of linking to it: lembar reads nothing outside the site's folder\n\n\
         error: the site was not built: 1 error; the previous output is untouched\n"
    );
}

#[test]
fn a_static_folder_that_links_to_itself_does_not_hang() {
    let site = Site::copy("base");
    let run = build_broken(&site, |s| {
        s.write("static/a.txt", "a");
        symlink(".", s.path("static/loop")).unwrap();
    });
    assert!(run.stderr.contains("static/loop"), "{}", run.stderr);
}

#[test]
fn a_fifo_as_photo_content_static_or_config_is_refused_at_once() {
    let photo = |s: &Site| {
        let page = s.read("content/events/bontang.en.md");
        s.write(
            "content/events/bontang.en.md",
            page.replacen("---\n", "---\nphotos: [{src: pembukaan.jpg, alt: x}]\n", 1),
        );
        mkfifo(&s.path("content/events/pembukaan.jpg"));
    };
    let cases: [(&str, &Mistake); 4] = [
        ("content/events/pembukaan.jpg", &photo),
        ("content/countries/pipe.en.md", &|s| {
            mkfifo(&s.path("content/countries/pipe.en.md"))
        }),
        ("static/pipe.txt", &|s| {
            std::fs::create_dir_all(s.path("static")).unwrap();
            mkfifo(&s.path("static/pipe.txt"))
        }),
        ("site.yaml", &|s| {
            std::fs::remove_file(s.path("site.yaml")).unwrap();
            mkfifo(&s.path("site.yaml"))
        }),
    ];
    for (path, mistake) in cases {
        let site = Site::copy("base");
        let run = build_broken(&site, mistake);
        assert!(
            run.stderr.contains(&format!(
                "`{path}` is a named pipe (FIFO), not a regular file"
            )),
            "{path}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn dotfiles_in_static_are_published_but_not_vcs_or_editor_files() {
    let site = Site::copy("base");
    site.write("static/.well-known/security.txt", "Contact: x");
    site.write("static/.nojekyll", "");
    site.write("static/_headers", "/*\n");
    site.write("static/.git/config", "[core]");
    site.write("static/notes.txt~", "backup");
    site.write("static/.notes.txt.swp", "swap");
    build(&site, &[]).success();
    let files = site.files("public");
    for published in [".well-known/security.txt", ".nojekyll", "_headers"] {
        assert!(
            files.iter().any(|f| f == published),
            "{published}: {files:?}"
        );
    }
    for left_out in [".git/config", "notes.txt~", ".notes.txt.swp"] {
        assert!(
            !files.iter().any(|f| f == left_out),
            "{left_out}: {files:?}"
        );
    }
}

#[test]
fn an_output_inside_static_is_a_usage_error() {
    let site = Site::copy("base");
    std::fs::create_dir_all(site.path("static")).unwrap();
    let run = build(&site, &["--out", "static/public"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: the output folder `static/public` is inside `static/`, which lembar reads: every build would publish the previous one\n  \
         = help: choose an output folder outside `content/`, `static/`, `themes/` and `i18n/`, such as `public`\n"
    );
    assert!(!site.path("static/public").exists());
}

#[test]
fn an_output_reached_through_a_link_is_never_an_input() {
    let site = Site::copy("base");
    std::fs::create_dir_all(site.path("static")).unwrap();
    build(&site, &[]).success();
    let files = site.files("public").len();
    // A link into the output: each build would publish the one before it.
    symlink("../public", site.path("static/pub")).unwrap();
    let run = build(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "static/pub: error: `static/pub` is an output folder of lembar: every build would publish the previous one"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        site.files("public").len(),
        files,
        "nothing was published twice"
    );
    // `static` itself a link to the output: a usage error, like `--out static/public`.
    std::fs::remove_dir_all(site.path("static")).unwrap();
    symlink("public", site.path("static")).unwrap();
    let run = build(&site, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is inside `static/`"), "{}", run.stderr);
}

#[test]
fn files_added_by_hand_to_the_output_are_named_before_they_go() {
    let site = Site::copy("base");
    build(&site, &[]).success();
    site.write("public/google123.html", "verification");
    let run = build(&site, &[]);
    run.success();
    assert!(
        run.stderr.starts_with(
            "./public: warning: removed 1 file from the previous output that lembar did not write: `google123.html`\n   \
             = help: put files to publish in `static/`"
        ),
        "{}",
        run.stderr
    );
    // The next build has nothing to say.
    let again = build(&site, &[]);
    assert!(!again.stderr.contains("warning"), "{}", again.stderr);
}

#[test]
fn a_static_file_hidden_by_a_page_is_named() {
    let site = Site::copy("base");
    site.write("static/id/index.html", "stale copy");
    let run = build(&site, &[]);
    run.success();
    assert!(
        run.stderr.starts_with(
            "static/id/index.html: warning: `static/id/index.html` is not published: \
             the page `content/_index.id.md` has the same address, `id/index.html`\n   \
             = help: rename or remove the static file; a page wins over a static file\n"
        ),
        "{}",
        run.stderr
    );
    assert_ne!(site.read("public/id/index.html"), "stale copy");
}

#[test]
fn a_large_static_file_is_copied_intact() {
    let site = Site::copy("base");
    // Bytes of every value, in an order that repeats only every 251 bytes, so
    // a dropped or doubled block of any power-of-two size shows.
    let big: Vec<u8> = (0..6_000_000u32).map(|i| (i % 251) as u8).collect();
    site.write("static/downloads/big.bin", &big);
    build(&site, &[]).success();
    let copied = std::fs::read(site.path("public/downloads/big.bin")).unwrap();
    assert!(copied == big, "{} bytes of {}", copied.len(), big.len());
}

#[test]
fn a_static_file_named_like_the_output_marker_is_named_and_left_out() {
    let site = Site::copy("base");
    site.write("static/.lembar-output", "not lembar's");
    let run = build(&site, &[]);
    run.success();
    assert!(
        run.stderr.contains(
            "static/.lembar-output: warning: `static/.lembar-output` is not published: the marker lembar keeps in its output folder has the same address"
        ),
        "{}",
        run.stderr
    );
    assert!(
        site.read("public/.lembar-output")
            .contains("Files written:")
    );
}
