use super::*;

#[test]
fn a_missing_chromium_names_the_package() {
    let e = find_chromium(None, Some(std::ffi::OsStr::new("/nonexistent"))).unwrap_err();
    assert_eq!(e.message, "no Chromium found to print with");
    assert!(e.help.unwrap().contains("apt-get install chromium"));
}

#[test]
fn unknown_leaflet_names_get_a_suggestion() {
    let p = Printable {
        name: "bontang-2025".into(),
        edition: "id".into(),
        path: "id/x/".into(),
        title: "Bontang".into(),
        paper: crate::config::Paper::A5,
        outline: Vec::new(),
    };
    let e = select(std::slice::from_ref(&p), &["bontang-2052".into()]).unwrap_err();
    assert_eq!(e[0].help.as_deref(), Some("did you mean `bontang-2025`?"));
    // No names: every leaflet, also when pages are printed too (`--page`).
    assert_eq!(select(std::slice::from_ref(&p), &[]).unwrap().len(), 1);
}

#[test]
fn refused_addresses_are_named_by_their_host() {
    assert_eq!(host_of("http://127.0.0.1:8099/x"), "127.0.0.1");
    assert_eq!(host_of("accounts.google.com:443"), "accounts.google.com");
    assert_eq!(host_of("http://[::1]:80/"), "::1");
    assert_eq!(host_of("https://example.org"), "example.org");
}

#[test]
fn pages_print_to_files_named_after_their_path() {
    assert_eq!(
        Printable::page("/id/negara/jepang/", crate::config::Paper::A4).file_name(),
        "id-negara-jepang.pdf"
    );
    assert_eq!(
        Printable::page("/id/negara/jepang/", crate::config::Paper::A4).path,
        "id/negara/jepang/"
    );
}
