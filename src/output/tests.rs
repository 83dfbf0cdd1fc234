use super::*;

/// Writes `tree` to `out`, replacing what lembar wrote there before.
fn write_output(tree: &OutputTree, out: &Path) -> Result<(), Diagnostic> {
    let mut staging = Staging::new(out);
    staging.open()?;
    tree.files
        .iter()
        .try_for_each(|(path, bytes)| staging.put(path.clone(), bytes.clone()))?;
    staging.commit().map(|_| ())
}

fn tree() -> OutputTree {
    let mut t = OutputTree::default();
    t.insert("index.html".into(), b"root".to_vec());
    t.insert("id/negara/jepang/index.html".into(), b"jepang".to_vec());
    t
}

#[test]
fn writes_then_replaces_its_own_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    write_output(&tree(), &out).unwrap();
    assert_eq!(
        std::fs::read(out.join("id/negara/jepang/index.html")).unwrap(),
        b"jepang"
    );
    let mut t = OutputTree::default();
    t.insert("index.html".into(), b"new".to_vec());
    write_output(&t, &out).unwrap();
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"new");
    assert!(!out.join("id").exists(), "stale files are gone");
    // no staging or old folders are left beside it
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[cfg(unix)]
#[test]
fn a_linked_output_folder_is_replaced_where_it_really_is() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("www");
    write_output(&tree(), &real).unwrap();
    let link = tmp.path().join("public");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let mut t = OutputTree::default();
    t.insert("index.html".into(), b"new".to_vec());
    write_output(&t, &link).unwrap();
    assert!(link.is_symlink(), "the link stays a link");
    assert_eq!(std::fs::read(real.join("index.html")).unwrap(), b"new");
}

#[test]
fn leftovers_of_killed_builds_are_cleaned_up() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    // No process has this pid (above the kernel's maximum).
    let stale = tmp.path().join(".public.lembar-staging-99999999");
    std::fs::create_dir_all(stale.join("id")).unwrap();
    // A crash between the two renames left the previous output aside.
    let aside = tmp.path().join(".public.lembar-old-99999998");
    std::fs::create_dir_all(&aside).unwrap();
    std::fs::write(aside.join(MARKER), "").unwrap();
    std::fs::write(aside.join("index.html"), "previous").unwrap();
    let mut staging = Staging::new(&out);
    staging.open().unwrap();
    assert!(!stale.exists());
    assert_eq!(
        std::fs::read(out.join("index.html")).unwrap(),
        b"previous",
        "put back"
    );
    drop(staging);
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "only public/ is left"
    );
}

#[test]
fn failed_writes_of_one_kind_are_one_error() {
    let tmp = tempfile::tempdir().unwrap();
    let mut staging = Staging::new(&tmp.path().join("public"));
    staging.open().unwrap();
    // A file where a folder must go fails every page below it the same way.
    staging.put("id".into(), b"x".to_vec()).unwrap();
    for page in ["id/b/index.html", "id/a/index.html", "id/c/index.html"] {
        staging.put(page.into(), b"page".to_vec()).unwrap();
    }
    let failures = staging.write_failures();
    assert_eq!(failures.len(), 1, "{failures:?}");
    let e = &failures[0];
    assert!(e.message.starts_with("cannot write 3 files into `"), "{e}");
    assert!(
        e.help
            .as_deref()
            .unwrap()
            .starts_with("the first was `id/a/index.html`"),
        "{e}"
    );
}

#[test]
fn the_marker_lists_what_lembar_wrote_and_strays_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    write_output(&tree(), &out).unwrap();
    let marker = std::fs::read_to_string(out.join(MARKER)).unwrap();
    assert!(marker.ends_with("Files written:\nid/negara/jepang/index.html\nindex.html\n"));
    std::fs::write(out.join("notes.txt"), "by hand").unwrap();
    let mut staging = Staging::new(&out);
    staging.open().unwrap();
    staging.put("index.html".into(), b"new".to_vec()).unwrap();
    let warnings = staging.commit().unwrap();
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        warnings[0].message,
        "removed 1 file from the previous output that lembar did not write: `notes.txt`"
    );
    // An old marker without a list says nothing.
    std::fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
    std::fs::write(out.join("notes.txt"), "by hand").unwrap();
    let mut staging = Staging::new(&out);
    staging.open().unwrap();
    assert!(staging.commit().unwrap().is_empty());
}

#[cfg(unix)]
#[test]
fn a_read_only_previous_output_is_removed() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    write_output(&tree(), &out).unwrap();
    let locked = out.join("id/negara");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores permissions, so check the mode `make_writable` gives
    // back as well as the result.
    make_writable(&out);
    let mode = std::fs::metadata(&locked).unwrap().permissions().mode();
    assert_eq!(mode & 0o700, 0o700, "write permission given back");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    write_output(&tree(), &out).unwrap();
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "no `.public.lembar-old-*` is left"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn exchange_swaps_two_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    std::fs::create_dir(&a).unwrap();
    std::fs::create_dir(&b).unwrap();
    std::fs::write(a.join("x"), "a").unwrap();
    exchange(&a, &b).unwrap();
    assert!(b.join("x").exists() && !a.join("x").exists());
}

#[test]
fn an_output_inside_an_input_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir(root.join("static")).unwrap();
    let (message, _) = check_out_dir(root, &root.join("static/public")).unwrap_err();
    assert!(message.contains("is inside `static/`"), "{message}");
    assert!(check_out_dir(root, &root.join("static/../public")).is_ok());
    assert!(check_out_dir(root, &root.join("public")).is_ok());
}

#[test]
fn refuses_a_folder_it_did_not_make() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let e = write_output(&tree(), tmp.path()).unwrap_err();
    assert!(e.message.contains("refusing to replace"), "{e}");
    assert_eq!(
        std::fs::read(tmp.path().join("notes.txt")).unwrap(),
        b"mine"
    );
}
