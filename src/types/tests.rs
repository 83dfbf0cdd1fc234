use super::*;

fn parse(kind: ContentType, yaml: &str) -> Result<(Common, Typed), Vec<Diagnostic>> {
    let file = SourceFile::new("content/x.id.md", format!("---\n{yaml}---\n"));
    let split = front_matter::split(&file).unwrap();
    parse_page(&file, &split, kind)
}

const COUNTRY: &str = "title: Korea\nreviewed: 2026-11-27\nsources: [{title: A, url: https://a.id}]\niso: KR\nprogrammes:\n  - name: EPS\n    scheme: g2g\n";

#[test]
fn a_country_parses_with_its_programmes() {
    let (_, typed) = parse(ContentType::Country, COUNTRY).unwrap();
    let country = typed.country().unwrap();
    assert_eq!(country.programmes[0].name, "EPS");
    assert!(matches!(country.programmes[0].scheme, Scheme::G2g));
}

#[test]
fn nested_unknown_keys_suggest_the_nested_field() {
    let e = parse(ContentType::Country, &COUNTRY.replace("scheme:", "sceme:")).unwrap_err();
    assert_eq!(e[0].message, "unknown front-matter field `sceme`");
    assert_eq!(e[0].position.map(|p| (p.line, p.column)), Some((8, 5)));
    assert!(
        e[0].help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `scheme`?"),
        "{}",
        e[0]
    );
}

#[test]
fn country_pages_need_sources_and_reviewed_and_a_real_code() {
    let e = parse(ContentType::Country, "title: X\niso: kor\nprogrammes: []\n").unwrap_err();
    let messages: Vec<&str> = e.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages.contains(&"a country page needs `sources`"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"a country page needs `reviewed`"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"`kor` is not an ISO 3166-1 country code"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"a country page needs at least one programme"),
        "{messages:?}"
    );
}

#[test]
fn photos_stay_in_the_page_folder() {
    assert!(check_photo_path("opening.jpg").is_ok());
    assert!(check_photo_path("photos/a.jpg").is_ok());
    for bad in [
        "",
        "/etc/passwd",
        "../x.jpg",
        "a/../../b.jpg",
        "https://x.id/a.jpg",
        "a//b.jpg",
        "a b.jpg",
        "p%20q.jpg",
        "a#b.jpg",
        "index.html",
    ] {
        assert!(check_photo_path(bad).is_err(), "{bad}");
    }
}

#[test]
fn an_event_needs_its_date_place_and_organisers() {
    let e = parse(
        ContentType::Event,
        "title: X\nplace: Bontang\norganisers: [Disnaker]\n",
    )
    .unwrap_err();
    assert_eq!(e[0].message, "an event page needs `date`");
}
