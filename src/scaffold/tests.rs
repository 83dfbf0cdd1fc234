use super::*;

#[test]
fn every_type_has_a_template_in_both_languages() {
    let file = crate::source::SourceFile::new(
        "site.yaml",
        "title: {id: A, en: B}\nbase_url: https://x.org/\n".into(),
    );
    let config = config::parse_config(&file, Path::new("/nonexistent"), None).unwrap();
    for kind in TYPES {
        for lang in ["id", "en"] {
            let t = theme::load_new_template(&config, kind.name(), lang)
                .unwrap()
                .unwrap();
            assert_eq!(t.name, format!("{}.{lang}.md", kind.name()));
            assert!(t.text.contains("{{title}}") && t.text.contains("{{today}}"));
            assert!(t.text.contains("TODO"), "{}", t.name);
        }
        // A language without its own template gets the default language's.
        let ms = theme::load_new_template(&config, kind.name(), "ms")
            .unwrap()
            .unwrap();
        assert_eq!(ms.name, format!("{}.id.md", kind.name()));
    }
}

#[test]
fn unknown_types_suggest_the_closest() {
    let e = parse_kind("contry").unwrap_err();
    assert_eq!(e.message, "unknown content type `contry`");
    assert!(
        e.help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `country`?")
    );
    assert_eq!(parse_kind("event").unwrap(), ContentType::Event);
    assert!(
        parse_kind("xyz")
            .unwrap_err()
            .help
            .unwrap()
            .starts_with("the types are")
    );
}

#[test]
fn names_are_slugs_with_an_optional_folder() {
    assert_eq!(parse_name("malaysia").unwrap(), (None, "malaysia".into()));
    assert_eq!(
        parse_name("content/countries/malaysia").unwrap(),
        (Some("countries".into()), "malaysia".into())
    );
    for bad in [
        "", "a b", "../x", "x/", "/x", ".hidden", "x.md", "_index", "a//b", "x~", "a?b",
    ] {
        assert!(parse_name(bad).is_err(), "{bad:?} should be refused");
    }
}

#[test]
fn titles_and_placeholders() {
    assert_eq!(title_of("south-korea"), "South Korea");
    assert_eq!(title_of("job-fair_2026"), "Job Fair 2026");
    assert_eq!(
        fill(
            "# T: {{translations}}\ntitle: {{title}}\n",
            &[("{{translations}}", ""), ("{{title}}", "X")]
        ),
        "title: X\n"
    );
}
