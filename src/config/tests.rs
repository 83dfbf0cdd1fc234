use super::*;

fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    parse_config(
        &SourceFile::new(CONFIG_FILE, text.into()),
        Path::new("."),
        None,
    )
}

#[test]
fn reads_the_benchmark_config() {
    let c = parse("title:\n  id: \"A\"\n  en: \"B\"\nbase_url: https://x.org\ndefault_language: id\nlanguages: [en, id]\n").unwrap();
    assert_eq!(c.languages, ["id", "en"]);
    assert_eq!(c.base_url, "https://x.org/");
    assert_eq!(c.review_after_months, 12);
    assert!(!c.fallback);
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let e = parse("title: {id: A, en: B}\nbase_url: https://x.org/\nfalback: true\n").unwrap_err();
    let text = e[0].to_string();
    assert!(
        text.starts_with("site.yaml:3:1: error: unknown `site.yaml` key `falback`"),
        "{text}"
    );
    assert!(text.contains("did you mean `fallback`?"), "{text}");
}

#[test]
fn default_language_must_be_listed() {
    let e = parse(
            "title: {id: A, en: B}\nbase_url: https://x.org/\ndefault_language: fr\nlanguages: [id, en]\n",
        )
        .unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].to_string()
            .starts_with("site.yaml:3:19: error: the default language `fr` is not in `languages`"),
        "{}",
        e[0]
    );
}

#[test]
fn every_language_needs_a_title() {
    let e = parse(
        "title: {id: A}\nbase_url: https://x.org/\ndefault_language: id\nlanguages: [id, fr]\n",
    )
    .unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].message, "the site has no title in `fr`");
}

#[test]
fn language_codes_are_two_or_three_lowercase_letters() {
    for good in ["id", "en", "ace"] {
        assert!(is_language_code(good), "{good}");
    }
    for bad in ["", "i", "indo", "english", "ID", "En", "i1", "zh-tw"] {
        assert!(!is_language_code(bad), "{bad}");
    }
}

#[test]
fn a_theme_is_one_plain_folder_name() {
    for good in ["default", "bontang-2025", "tema saya"] {
        assert!(is_folder_name(good), "{good}");
    }
    for bad in ["", ".", "..", ".hidden", "a/b", "a\\b", "c:x", "a\u{7}b"] {
        assert!(!is_folder_name(bad), "{bad:?}");
    }
}

#[test]
fn a_language_listed_twice_is_an_error() {
    let e = parse("title: {id: A, en: B}\nbase_url: https://x.org/\nlanguages: [id, en, id]\n")
        .unwrap_err();
    assert_eq!(e[0].message, "`id` is listed twice in `languages`");
    // Located at the key, its whole name marked, on the first line too.
    let e = parse("languages: [id, id]\ntitle: {id: A}\nbase_url: https://x.org/\n").unwrap_err();
    let p = e[0].position.unwrap();
    assert_eq!((p.line, p.column), (1, 1));
    assert_eq!(e[0].frame.as_deref().unwrap().1, "languages".len());
}

#[test]
fn base_url_override_wins() {
    let file = SourceFile::new(
        CONFIG_FILE,
        "title: {id: A, en: B}\nbase_url: https://x.org/\n".into(),
    );
    let c = parse_config(&file, Path::new("."), Some("https://y.org/bontang")).unwrap();
    assert_eq!(c.base_url, "https://y.org/bontang/");
    assert_eq!(c.base_path(), "/bontang/");
    assert_eq!(c.permalink("id/"), "https://y.org/bontang/id/");
}

#[test]
fn base_urls_are_absolute_http_addresses_without_extras() {
    for (raw, base) in [
        ("https://x.org", "https://x.org/"),
        ("http://x.org/bontang", "http://x.org/bontang/"),
        ("https://X.org:443/a/", "https://x.org/a/"),
        ("http://127.0.0.1:1111/", "http://127.0.0.1:1111/"),
        ("http://[::1]:8080/", "http://[::1]:8080/"),
    ] {
        assert_eq!(parse_base_url(raw).as_deref(), Ok(base), "{raw}");
    }
    for (raw, what) in [
        ("https:///", "has no host"),
        ("https://%2e/", "has no host"),
        ("https://", "has no host"),
        ("example.org", "is not an absolute http(s) URL"),
        ("ftp://x.org/", "is not an http(s) URL"),
        ("https://x.org/?ref=1", "has a query (`?ref=1`)"),
        ("https://x.org/?", "has a query (`?`)"),
        ("https://x.org/#top", "has a fragment (`#top`)"),
        (
            "https://me:pw@x.org/",
            "has a user name or password before the host",
        ),
        (
            "https://me@x.org/",
            "has a user name or password before the host",
        ),
        ("https://x.org/\n", "has white space in it"),
        (
            "https://x.org:99999/",
            "is not a valid URL: invalid port number",
        ),
    ] {
        assert_eq!(
            parse_base_url(raw).map_err(|e| e.what),
            Err(what.into()),
            "{raw}"
        );
    }
}

#[test]
fn an_empty_base_url_is_named_at_its_key() {
    let e = parse("title: {id: A, en: B}\nbase_url:\n").unwrap_err();
    assert!(
        e[0].to_string()
            .starts_with("site.yaml:2:1: error: `base_url` is empty"),
        "{}",
        e[0]
    );
}

#[test]
fn a_bad_base_url_is_located_at_its_value() {
    let e = parse("title: {id: A, en: B}\nbase_url:  \"https:///\"\n").unwrap_err();
    assert!(
        e[0].to_string()
            .starts_with("site.yaml:2:12: error: `https:///` has no host"),
        "{}",
        e[0]
    );
}

#[test]
fn a_byte_order_mark_is_no_part_of_the_first_key() {
    let text = "title: {id: A, en: B}\nbase_url: https://x.org/\nlanguages: [id, en]\ndefault_language: id\n";
    let config = parse(&format!("\u{feff}{text}")).expect("Notepad's site.yaml builds");
    assert_eq!(config.base_url, "https://x.org/");
    // Flow style, with the mark: the error has a place, and nothing panics.
    let problems = parse("\u{feff}{title: {id: A, en: B}, base_url: \"https:///\"}\n").unwrap_err();
    assert!(problems.iter().any(|d| d.message.contains("has no host")));
}

#[test]
fn a_languages_fallbacks_come_before_the_default_language() {
    let c = parse("title: {en: A, id: B, ms: C, ja: D}\nbase_url: https://x.org/\ndefault_language: en\nlanguages: [en, id, ms, ja]\nfallback_languages:\n  ms: [id]\n").unwrap();
    assert_eq!(c.fallback_chain("ms"), ["id", "en"]);
    assert_eq!(c.fallback_chain("ja"), ["en"]);
    assert!(c.fallback_chain("en").is_empty());
    let e = parse("title: {en: A, ms: C}\nbase_url: https://x.org/\ndefault_language: en\nlanguages: [en, ms]\nfallback_languages:\n  ms: [ms]\n").unwrap_err();
    assert!(
        e[0].to_string()
            .starts_with("site.yaml:6:3: error: `ms` is its own fallback language"),
        "{}",
        e[0]
    );
}
