use super::*;

fn config() -> Config {
    let file = SourceFile::new(
        "site.yaml",
        "title: {id: A, en: B}\nbase_url: https://x.org/\n".into(),
    );
    crate::config::parse_config(&file, Path::new("."), None).unwrap()
}

#[test]
fn language_comes_from_the_file_name() {
    let c = config();
    assert_eq!(
        parse_file_name("japan.id.md", &c).unwrap(),
        ("japan", "id".to_string())
    );
    assert_eq!(
        parse_file_name("japan.en.md", &c).unwrap(),
        ("japan", "en".to_string())
    );
    assert_eq!(
        parse_file_name("japan.md", &c).unwrap(),
        ("japan", "id".to_string())
    );
    assert_eq!(
        parse_file_name("_index.en.md", &c).unwrap(),
        ("_index", "en".to_string())
    );
    // a dot that is not a language code stays in the name
    assert_eq!(
        parse_file_name("v1.2.md", &c).unwrap(),
        ("v1.2", "id".to_string())
    );
    let e = parse_file_name("japan.fr.md", &c).unwrap_err();
    assert!(e.message.contains("unknown language `fr`"));
}

#[test]
fn language_codes_ignore_case() {
    let c = config();
    assert_eq!(
        parse_file_name("kontak.EN.md", &c).unwrap(),
        ("kontak", "en".to_string())
    );
    assert_eq!(
        parse_file_name("kontak.Id.md", &c).unwrap(),
        ("kontak", "id".to_string())
    );
    let e = parse_file_name("kontak.FR.md", &c).unwrap_err();
    assert!(e.message.contains("unknown language `fr`"), "{e}");
}

#[test]
fn slugs_are_lowercase_nfc_with_dashes_for_spaces() {
    assert_eq!(slugify("jepang"), "jepang");
    assert_eq!(slugify("kontak kami"), "kontak-kami");
    assert_eq!(slugify(" Kontak \t  Kami "), "kontak-kami");
    assert_eq!(slugify("Kontak"), "kontak");
    assert_eq!(slugify("v1.2_final"), "v1.2_final");
    // Accents stay; the decomposed spelling becomes the composed one.
    assert_eq!(slugify("Cafe\u{301}"), "caf\u{e9}");
    assert_eq!(slugify("caf\u{e9}"), "caf\u{e9}");
    assert_eq!(slugify("\u{c9}TAT"), "\u{e9}tat");
}

#[test]
fn slugs_stay_inside_their_folder() {
    assert!(check_slug("jepang").is_ok());
    assert!(check_slug("work-visa-2025").is_ok());
    for bad in [
        "", ".", "..", "a/b", "..\\x", "/etc", "a b", ".hidden", "a?b",
    ] {
        assert!(check_slug(bad).is_err(), "{bad:?} should be refused");
    }
}

#[test]
fn editor_files_are_ignored() {
    assert!(is_ignored(".japan.id.md.swp"));
    assert!(is_ignored("japan.id.md~"));
    assert!(is_ignored("#japan.id.md#"));
    assert!(!is_ignored("japan.id.md"));
}
