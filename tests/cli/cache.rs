//! The build cache: a build after an edit reuses unchanged pages and writes
//! exactly what a clean build writes (every file's bytes, every diagnostic).

use crate::support::{Run, Site, list_files, snapshot_tree};

/// Builds `site` into `public/` with the cache, and into a fresh folder with
/// `--no-cache`; asserts that both write the same bytes and say the same
/// things. Returns the cached build's run and how many of how many
/// documents' pages it reused.
#[track_caller]
fn same_as_clean(site: &Site) -> (Run, (usize, usize)) {
    let run = site.build(&["--timings"]);
    let clean_dir = tempfile::tempdir().unwrap();
    let clean_out = clean_dir.path().join("public");
    let clean = site.build(&["--no-cache", "--out", clean_out.to_str().unwrap()]);
    assert_eq!(
        run.code, clean.code,
        "{}\n---\n{}",
        run.stderr, clean.stderr
    );
    assert_eq!(diagnostics(&run), diagnostics(&clean));
    if run.code == 0 {
        let (cached, fresh) = (
            snapshot_tree(&site.path("public")),
            snapshot_tree(&clean_out),
        );
        let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&cached), names(&fresh));
        for ((name, a), (_, b)) in cached.iter().zip(&fresh) {
            assert!(a == b, "`{name}` differs from a clean build's");
        }
        assert!(
            !clean_dir.path().join(".public.lembar-cache").exists(),
            "--no-cache keeps no cache"
        );
    }
    let counts = reused(&run);
    (run, counts)
}

/// The run's stderr without timings and the summary line (it names the folder).
fn diagnostics(run: &Run) -> String {
    run.stderr
        .lines()
        .filter(|l| !l.starts_with("timing:") && !l.starts_with("built "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// "timing: reused 3 of 30 pages" → (3, 30).
fn reused(run: &Run) -> (usize, usize) {
    let line = run
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("timing: reused "))
        .unwrap_or_else(|| panic!("no reuse count:\n{}", run.stderr));
    let words: Vec<&str> = line.split(' ').collect();
    (words[0].parse().unwrap(), words[2].parse().unwrap())
}

fn append(site: &Site, rel: &str, text: &str) {
    let mut source = site.read(rel);
    source.push_str(text);
    site.write(rel, source);
}

/// A first build: nothing to reuse yet; the cache lives beside the output.
fn first_build() -> Site {
    let site = Site::copy("base");
    let (_, (reused, _)) = same_as_clean(&site);
    assert_eq!(reused, 0);
    assert!(site.path(".public.lembar-cache/pages").is_file());
    assert!(
        !list_files(&site.path("public"))
            .iter()
            .any(|f| f.contains("lembar-cache")),
        "nothing of the cache is published"
    );
    site
}

#[test]
fn an_unchanged_site_reuses_every_page() {
    let site = first_build();
    let (_, (reused, all)) = same_as_clean(&site);
    assert!(all > 20);
    assert_eq!(reused, all);
}

#[test]
fn a_body_edit_renders_that_page_and_the_leaflet_that_binds_it() {
    let site = Site::copy("base");
    // The leaflet shows a section of the page's body.
    let leaflet = site
        .read("content/leaflets/bontang.id.md")
        .replace("../countries/japan.md\n", "../countries/japan.md#visa\n");
    site.write("content/leaflets/bontang.id.md", leaflet);
    same_as_clean(&site);
    append(
        &site,
        "content/countries/japan.id.md",
        "\nKalimat baru di akhir halaman.\n",
    );
    let (_, (reused, all)) = same_as_clean(&site);
    // The page and the Indonesian leaflet that binds it.
    assert_eq!(reused, all - 2);
    let leaflet = site.read("public/id/lembar/bontang/index.html");
    assert!(leaflet.contains("Kalimat baru di akhir halaman."));
}

#[test]
fn a_title_edit_of_a_bound_page_is_everywhere_it_shows() {
    let site = first_build();
    let rel = "content/procedures/departure.id.md";
    let source = site.read(rel);
    let title = source
        .lines()
        .find(|l| l.starts_with("title:"))
        .expect("a title")
        .to_string();
    site.write(rel, source.replacen(&title, "title: Judul yang baru", 1));
    same_as_clean(&site);
    assert!(
        site.read("public/id/lembar/bontang/index.html")
            .contains("Judul yang baru")
    );
}

#[test]
fn a_template_override_renders_every_page_again() {
    let site = first_build();
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"default/page.html\" %}\n{% block content %}<p class=\"mark\">x</p>{{ super() }}{% endblock content %}\n",
    );
    let (_, (reused, _)) = same_as_clean(&site);
    assert_eq!(reused, 0);
    assert!(
        site.read("public/id/negara/jepang/index.html")
            .contains("<p class=\"mark\">x</p>")
    );
    site.write("i18n/en.yaml", "home: Front page\n");
    let (_, (reused, _)) = same_as_clean(&site);
    assert_eq!(reused, 0, "a UI string changes every page");
}

#[test]
fn a_translation_added_or_removed_is_what_a_clean_build_makes() {
    let site = first_build();
    let english = site.read("content/about.en.md");
    std::fs::remove_file(site.path("content/about.en.md")).unwrap();
    same_as_clean(&site);
    site.write("content/about.en.md", &english);
    same_as_clean(&site);
    site.write(
        "content/contact.id.md",
        "---\ntitle: Kontak\n---\n\nTeks.\n",
    );
    same_as_clean(&site);
}

#[test]
fn a_failed_build_leaves_output_and_cache_and_the_next_build_is_right() {
    let site = first_build();
    let before = snapshot_tree(&site.path("public"));
    let cache = std::fs::read(site.path(".public.lembar-cache/pages")).unwrap();
    let rel = "content/countries/japan.en.md";
    let good = site.read(rel);
    append(&site, rel, "\nSee [nothing](missing.md).\n");
    let (run, _) = same_as_clean(&site);
    assert_eq!(run.code, 1);
    assert_eq!(
        snapshot_tree(&site.path("public")),
        before,
        "output untouched"
    );
    assert!(std::fs::read(site.path(".public.lembar-cache/pages")).unwrap() == cache);
    site.write(rel, good);
    let (_, (reused, all)) = same_as_clean(&site);
    assert_eq!(reused, all);
}

#[test]
fn a_changed_output_file_or_a_damaged_cache_is_not_trusted() {
    let site = first_build();
    // Changed in place, same length: a new modification time.
    let page = site.path("public/id/negara/jepang/index.html");
    let html = std::fs::read(&page).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&page, vec![b'x'; html.len()]).unwrap();
    let (_, (reused, all)) = same_as_clean(&site);
    assert_eq!(reused, all - 1);
    // Made read-only: a clean build would write it writable.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let page = site.path("public/en/countries/japan/index.html");
        std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o444)).unwrap();
        let (_, (reused, all)) = same_as_clean(&site);
        assert_eq!(reused, all - 1);
        let mode = std::fs::metadata(&page).unwrap().permissions().mode();
        assert_eq!(mode & 0o200, 0o200, "written afresh");
    }
    for damage in [&b""[..], b"lembar page cache 2\n\xff\xff", b"\0\0\0\0"] {
        std::fs::write(site.path(".public.lembar-cache/pages"), damage).unwrap();
        let (run, (reused, _)) = same_as_clean(&site);
        assert_eq!(reused, 0);
        assert!(!run.stderr.contains("cache"), "{}", run.stderr);
    }
    // Without the output it describes, the cache reuses nothing.
    std::fs::remove_dir_all(site.path("public")).unwrap();
    let (_, (reused, _)) = same_as_clean(&site);
    assert_eq!(reused, 0);
}

#[test]
fn no_cache_removes_the_cache() {
    let site = first_build();
    site.build(&["--no-cache"]).success();
    assert!(!site.path(".public.lembar-cache").exists());
}
