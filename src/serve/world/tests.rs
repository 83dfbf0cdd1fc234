//! A world patched by edits must serve exactly what a fresh build of the
//! edited sources writes: no stale page, no missing one.

use std::path::{Path, PathBuf};

use super::*;
use crate::date::Date;

/// A copy of the shipped site, to edit.
fn shipped_copy() -> (tempfile::TempDir, BuildOptions) {
    let dir = tempfile::tempdir().expect("temp dir");
    let from = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&from.join("content"), &dir.path().join("content"));
    copy_dir(&from.join("static"), &dir.path().join("static"));
    copy_dir(&from.join("data"), &dir.path().join("data"));
    std::fs::copy(from.join("site.yaml"), dir.path().join("site.yaml")).expect("site.yaml");
    let options = BuildOptions {
        root: dir.path().to_path_buf(),
        out: None,
        base_url: None,
        drafts: false,
        strict: false,
        timings: false,
        today: Date::parse("2026-12-06").expect("a date"),
        printed: Default::default(),
        cache: false,
    };
    (dir, options)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// Rewrites a content file with `edit`.
fn edit(options: &BuildOptions, rel: &str, edit: impl FnOnce(String) -> String) {
    let path = options.root.join("content").join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    let changed = edit(text.clone());
    assert_ne!(text, changed, "the edit of {rel} changes it");
    std::fs::write(path, changed).expect("write");
}

fn fresh_build(options: &BuildOptions) -> OutputTree {
    let (built, tree) = crate::render_output(options);
    assert!(built.ok, "{:?}", built.diagnostics.sorted());
    tree.expect("a site")
}

/// Serves every page once (so the cache holds them), as a reader would.
fn served(world: &World) -> OutputTree {
    world.render_all().expect("every page renders")
}

fn assert_same(world: &World, options: &BuildOptions) {
    let built = fresh_build(options);
    let served = served(world);
    let paths: Vec<&str> = built.paths().collect();
    assert_eq!(paths, served.paths().collect::<Vec<_>>());
    for path in paths {
        assert!(
            built.get(path) == served.get(path),
            "`{path}` differs from a fresh build"
        );
    }
}

fn applied(edit: Edit) {
    match edit {
        Edit::Applied { .. } => {}
        other => panic!("expected the edit to apply in place, got {other:?}"),
    }
}

#[test]
fn an_unedited_world_serves_what_build_writes() {
    let (_dir, options) = shipped_copy();
    let (world, _) =
        World::make(&options, &PhotoCache::default()).expect("the shipped site has no errors");
    assert_same(&world, &options);
}

#[test]
fn edited_pages_and_everything_that_shows_them_are_rendered_again() {
    let (_dir, options) = shipped_copy();
    let (mut world, _) =
        World::make(&options, &PhotoCache::default()).expect("the shipped site has no errors");
    served(&world);

    // A country bound in the leaflet: its title shows in its section's list,
    // in the leaflet and its bilingual edition.
    edit(&options, "countries/japan.id.md", |t| {
        t.replacen("title: ", "title: Baru ", 1)
            .replacen("\n---\n", "\n---\n\nParagraf baru.\n", 1)
    });
    applied(world.edit_page("countries/japan.id.md", &options));
    assert_same(&world, &options);

    // A language page: countries show its title through `language:` links.
    edit(&options, "languages/japanese.en.md", |t| {
        t.replacen("title: ", "title: Renamed ", 1)
    });
    applied(world.edit_page("languages/japanese.en.md", &options));
    assert_same(&world, &options);

    // A weight that moves a page within its section.
    edit(&options, "procedures/warning-signs.id.md", |t| {
        t.replacen("weight: ", "weight: 9", 1)
    });
    applied(world.edit_page("procedures/warning-signs.id.md", &options));
    assert_same(&world, &options);
}

#[test]
fn an_edit_with_errors_is_undone_and_its_fix_applies() {
    let (_dir, options) = shipped_copy();
    let (mut world, _) =
        World::make(&options, &PhotoCache::default()).expect("the shipped site has no errors");
    let before = served(&world);

    edit(&options, "countries/japan.en.md", |t| {
        t.replacen("title: ", "titel: ", 1)
    });
    match world.edit_page("countries/japan.en.md", &options) {
        Edit::Rejected(problems) => assert!(problems.has_errors()),
        other => panic!("expected the edit to be refused, got {other:?}"),
    }
    assert_eq!(served(&world), before, "the last good site is kept");

    edit(&options, "countries/japan.en.md", |t| {
        t.replacen("titel: ", "title: ", 1).replacen(
            "\n---\n",
            "\n---\n\nSee [the steps](../procedures/legal-departure.md#no-such-step).\n",
            1,
        )
    });
    match world.edit_page("countries/japan.en.md", &options) {
        Edit::Rejected(problems) => {
            let text = format!("{:?}", problems.sorted());
            assert!(text.contains("no-such-step"), "{text}");
        }
        other => panic!("a link to a missing anchor is an error, got {other:?}"),
    }
    assert_eq!(served(&world), before);

    edit(&options, "countries/japan.en.md", |t| {
        t.replacen("#no-such-step", "", 1)
    });
    applied(world.edit_page("countries/japan.en.md", &options));
    assert_same(&world, &options);
}

#[test]
fn an_edit_that_drops_an_anchor_other_pages_link_to_is_refused() {
    let (_dir, options) = shipped_copy();
    let (mut world, _) =
        World::make(&options, &PhotoCache::default()).expect("the shipped site has no errors");
    let before = served(&world);
    // `languages/japanese.en.md` links to `japan.en.md#programmes`; the
    // edited page itself has no link to it.
    edit(&options, "countries/japan.en.md", |t| {
        t.replacen("{#programmes}", "{#routes}", 1)
    });
    match world.edit_page("countries/japan.en.md", &options) {
        Edit::Rejected(problems) => {
            let problems = problems.sorted();
            assert!(
                problems.iter().any(|d| {
                    d.path.as_deref() == Some(Path::new("content/languages/japanese.en.md"))
                        && d.message == "the anchor `#programmes` does not exist"
                }),
                "{problems:?}"
            );
        }
        other => panic!("the link into the page breaks, got {other:?}"),
    }
    assert_eq!(served(&world), before, "the last good site is kept");
}

#[test]
fn an_edit_that_breaks_a_field_link_is_refused() {
    let (_dir, options) = shipped_copy();
    let (mut world, _) =
        World::make(&options, &PhotoCache::default()).expect("the shipped site has no errors");
    edit(&options, "countries/japan.en.md", |t| {
        t.replacen(
            "language: ../languages/japanese.md",
            "language: ../languages/japanes.md",
            1,
        )
    });
    match world.edit_page("countries/japan.en.md", &options) {
        Edit::Rejected(problems) => {
            let problems = problems.sorted();
            assert!(
                problems.iter().any(|d| d.path.as_deref()
                    == Some(Path::new("content/countries/japan.en.md"))
                    && d.message.contains("japanes.md")),
                "{problems:?}"
            );
            assert_eq!(problems.len(), 1, "as build says it: {problems:?}");
        }
        other => panic!("a programme's language link to no page is an error, got {other:?}"),
    }
}

#[test]
fn an_edit_that_moves_a_page_asks_for_a_new_world() {
    let (_dir, options) = shipped_copy();
    let (mut world, _) =
        World::make(&options, &PhotoCache::default()).expect("the shipped site has no errors");
    edit(&options, "countries/japan.en.md", |t| {
        t.replacen("slug: japan", "slug: nippon", 1)
    });
    assert!(matches!(
        world.edit_page("countries/japan.en.md", &options),
        Edit::Wide
    ));
    assert!(matches!(
        world.edit_page("countries/_index.en.md", &options),
        Edit::Wide
    ));
    assert!(matches!(
        world.edit_page("countries/new.en.md", &options),
        Edit::Wide
    ));
}
