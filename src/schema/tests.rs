use super::*;
use crate::front_matter;
use crate::source::SourceFile;

/// Whether lembar accepts `yaml` as the front matter of a page of `kind`
/// (`None`: a section's `_index`), with every check a content file gets.
fn parses(kind: Option<ContentType>, yaml: &str) -> bool {
    let name = if kind.is_some() {
        "x.id.md"
    } else {
        "_index.id.md"
    };
    let file = SourceFile::new(format!("content/{name}"), format!("---\n{yaml}---\n"));
    let split = front_matter::split(&file).unwrap();
    let common = match kind {
        Some(kind) => crate::types::parse_page(&file, &split, kind).map(|(c, _)| c),
        None => front_matter::parse_section(&file, &split).map(|(c, _)| c),
    };
    common.is_ok_and(|c| {
        c.slug
            .as_deref()
            .is_none_or(|s| crate::content::check_slug(s).is_ok())
    })
}

/// Whether `yaml`, read as JSON the way an editor reads it, passes the schema.
fn valid(kind: Option<ContentType>, yaml: &str) -> bool {
    let schema = kind.map_or_else(section_schema, page_schema);
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("a valid schema");
    let instance: Value = serde_yaml::from_str(yaml).expect("YAML");
    validator.is_valid(&instance)
}

/// Asserts that lembar and the schema agree on every case, and that the
/// case is `expected` (so a case cannot pass by both being wrong).
#[track_caller]
fn agree(kind: Option<ContentType>, cases: &[(&str, bool)]) {
    for (yaml, expected) in cases {
        assert_eq!(parses(kind, yaml), *expected, "lembar on {kind:?}:\n{yaml}");
        assert_eq!(valid(kind, yaml), *expected, "schema of {kind:?}:\n{yaml}");
    }
}

#[test]
fn the_common_fields_agree_with_the_parser() {
    agree(
        Some(ContentType::Page),
        &[
            ("title: A\n", true),
            ("description: no title\n", false),
            ("title: A\nreviwed: 2026-01-10\n", false),
            ("title: A\ndate: 2025-08-06\nupdated: 2026-01-01\n", true),
            ("title: A\ndate: 2025-02-30\n", false),
            ("title: A\ndate: 2014-11-18T00:00:00Z\n", true),
            ("title: A\nupdated: 2025-08-06T09:30:00+08:00\n", true),
            ("title: A\ndate: 2014-11-18T25:00:00Z\n", false),
            ("title: A\ndate: 6 Agustus 2025\n", false),
            ("title: A\ndate:\n", true),
            ("title: A\nweight: 3\ndraft: true\n", true),
            ("title: A\nweight: heavy\n", false),
            ("title: A\nweight: 1.5\n", false),
            ("title: A\ndraft: yes\n", false),
            ("title: A\ntags: [a, b]\n", true),
            ("title: A\ntags: a\n", false),
            ("title: A\nsources: [{title: S, url: https://s.id}]\n", true),
            ("title: A\nsources: [{title: S}]\n", false),
            ("title: A\nsources: [{title: S, url: u, note: n}]\n", false),
            ("title: A\nextra: {anything: [1, {b: c}]}\n", true),
            ("title: A\nextra: [1]\n", false),
            ("title: A\nslug: jepang\n", true),
            ("title: A\nslug: a/b\n", false),
            ("title: A\nslug: .hidden\n", false),
            ("title: A\nslug: two words\n", false),
            ("title: A\nslug: Index.HTML\n", false),
            ("title: A\nslug: ''\n", false),
            ("title: A\ntemplate: page.html\n", true),
            ("title: '  '\n", false),
            ("title: ''\n", false),
            (
                "title: A\nsources: [{title: S, url: HTTP://s.id/a b}]\n",
                true,
            ),
            ("title: A\nsources: [{title: S, url: s.id}]\n", false),
            (
                "title: A\nsources: [{title: S, url: 'javascript:x'}]\n",
                false,
            ),
            (
                "title: A\nsources: [{title: S, url: ' https://s.id'}]\n",
                false,
            ),
            (
                "title: A\nsources: [{title: S, url: 'https:///x'}]\n",
                false,
            ),
        ],
    );
}

#[test]
fn section_fields_agree_with_the_parser() {
    agree(
        None,
        &[
            ("title: A\ntype: country\nsort_by: date\n", true),
            ("title: A\ntype: contry\n", false),
            ("title: ' '\n", false),
            (
                "title: A\nsources: [{title: S, url: kemnaker.go.id}]\n",
                false,
            ),
            ("title: A\nsort_by: newest\n", false),
            ("title: A\niso: KR\n", false),
        ],
    );
}

const COUNTRY: &str = "title: Korea\nreviewed: 2026-11-27\nsources: [{title: A, url: https://a.id}]\niso: KR\nprogrammes:\n  - name: EPS\n    scheme: g2g\n";

#[test]
fn country_fields_and_checks_agree_with_the_parser() {
    let with = |from: &str, to: &str| COUNTRY.replace(from, to);
    let wage = "wages:\n  - {amount: 2060780, currency: KRW, period: month, as_of: 2025-01-01, source: MoEL}\n";
    agree(
        Some(ContentType::Country),
        &[
            (COUNTRY, true),
            (&with("reviewed: 2026-11-27\n", ""), false),
            (&with("reviewed: 2026-11-27\n", "reviewed:\n"), false),
            (&with("[{title: A, url: https://a.id}]", "[]"), false),
            (&with("iso: KR", "iso: kor"), false),
            (&with("iso: KR", "iso: kr"), false),
            (&with("scheme: g2g", "scheme: g3g"), false),
            (&with("scheme:", "sceme:"), false),
            (
                &with(
                    "    scheme: g2g\n",
                    "    scheme: p2p\n    language: ../languages/korean.md\n    sectors: [manufaktur]\n",
                ),
                true,
            ),
            (&format!("{COUNTRY}{wage}"), true),
            (
                &format!("{COUNTRY}{}", wage.replace("2060780", "-5")),
                false,
            ),
            (&format!("{COUNTRY}{}", wage.replace("2060780", "0")), false),
            (
                &format!("{COUNTRY}{}", wage.replace("2060780", "lots")),
                false,
            ),
            (
                &format!("{COUNTRY}{}", wage.replace("month", "fortnight")),
                false,
            ),
            (
                &format!("{COUNTRY}{}", wage.replace("2025-01-01", "2025-13-01")),
                false,
            ),
            (
                &format!("{COUNTRY}{}", wage.replace(", source: MoEL", "")),
                false,
            ),
            (
                &format!("{COUNTRY}mission: {{name: KBRI Seoul, phone: '+82'}}\n"),
                true,
            ),
            (&format!("{COUNTRY}mission: {{phone: '+82'}}\n"), false),
            (&format!("{COUNTRY}mission:\n"), true),
            (
                "title: X\niso: KR\nreviewed: 2026-11-27\nsources: [{title: A, url: https://a.id}]\nprogrammes: []\n",
                false,
            ),
        ],
    );
}

#[test]
fn procedure_and_language_fields_agree_with_the_parser() {
    let head = "title: X\nreviewed: 2026-11-27\nsources: [{title: A, url: https://a.id}]\n";
    agree(
        Some(ContentType::Procedure),
        &[
            (
                &format!(
                    "{head}steps:\n  - {{title: T, what: W, where: Disnaker, documents: [KTP]}}\n"
                ),
                true,
            ),
            (
                &format!("{head}steps:\n  - {{title: T, what: W, place: Disnaker}}\n"),
                false,
            ),
            (&format!("{head}steps:\n  - {{title: T}}\n"), false),
            ("title: X\nreviewed: 2026-11-27\n", false),
        ],
    );
    agree(
        Some(ContentType::Language),
        &[
            (
                &format!(
                    "{head}language: Korean\ntests:\n  - name: EPS-TOPIK\n    required_for: [{{programme: EPS, level: pass}}]\n    where: HRD Korea\nlearn: [{{name: LPK}}]\n"
                ),
                true,
            ),
            (&format!("{head}tests: []\n"), false),
            (
                &format!(
                    "{head}language: Korean\ntests:\n  - name: T\n    required_for: [{{programme: EPS}}]\n"
                ),
                false,
            ),
        ],
    );
}

#[test]
fn event_and_leaflet_fields_agree_with_the_parser() {
    let event = "title: X\ndate: 2025-08-06\nplace: Bontang\norganisers: [Disnaker]\n";
    let photo =
        |src: &str, alt: &str| format!("{event}photos:\n  - {{src: '{src}', alt: '{alt}'}}\n");
    agree(
        Some(ContentType::Event),
        &[
            (event, true),
            (&event.replace("date: 2025-08-06\n", ""), false),
            (
                &event.replace("organisers: [Disnaker]", "organisers: []"),
                false,
            ),
            (&event.replace("place: Bontang\n", ""), false),
            (&format!("{event}speakers: [{{name: A, role: B}}]\n"), true),
            (&format!("{event}speakers: [{{name: A}}]\n"), false),
            (&photo("photos/opening.jpg", "The opening"), true),
            (&photo("opening.jpg", ""), false),
            (&photo("opening.jpg", "   "), false),
            (&photo("../opening.jpg", "x"), false),
            (&photo("a b.jpg", "x"), false),
            (&photo("https://x.id/a.jpg", "x"), false),
            (&photo("INDEX.html", "x"), false),
        ],
    );
    let leaflet = "title: L\npages: [../procedures/legal-departure.md]\n";
    agree(
        Some(ContentType::Leaflet),
        &[
            (leaflet, true),
            (
                &format!("{leaflet}paper: A5\nsubtitle: S\nevent: E\n"),
                true,
            ),
            (&format!("{leaflet}paper: A3\n"), false),
            (&format!("{leaflet}paper: a5\n"), false),
            ("title: L\npages: []\n", false),
            ("title: L\n", false),
        ],
    );
}

#[test]
fn scalars_and_empty_values_agree_with_the_parser() {
    agree(
        Some(ContentType::Page),
        &[
            ("title: 2025\ndescription: true\n", true),
            // An empty title built an empty `<h1>`.
            ("title:\n", false),
            // (`title: ~` reads as the text "~", but an editor sees null,
            // as for `title:`: the one case where they differ.)
            ("title: A\nslug: ~\nweight:\n", true),
            ("title: A\ntags:\nsources:\nextra:\n", true),
            ("title: A\ntags: [1, true, ~]\n", true),
            ("title: A\nsources: [{title: 1, url: https://s.id}]\n", true),
            ("title: A\nsources: [{title: S, url: 2}]\n", false),
            ("title: A\nslug: 12\n", true),
            ("title: []\n", false),
            ("title: {a: b}\n", false),
            ("title: A\ntags: [[a]]\n", false),
            ("title: A\ndraft:\n", false),
            ("title: A\ndraft: 1\n", false),
            ("title: A\ndraft: 'true'\n", false),
            ("title: A\nweight: '3'\n", false),
        ],
    );
    let event = "title: X\ndate: 2025-08-06\nplace: 5\n";
    agree(
        Some(ContentType::Event),
        &[
            (&format!("{event}organisers:\n"), false),
            (&format!("{event}organisers: [1, true]\n"), true),
            (
                &format!("{event}organisers: [a]\nphotos: [{{src: 2025, alt: 1}}]\n"),
                true,
            ),
            (
                &format!("{event}organisers: [a]\nphotos:\n  - src: a.jpg\n    alt:\n"),
                false,
            ),
            (
                &format!("{event}organisers: [a]\nphotos:\n  - src:\n    alt: A\n"),
                false,
            ),
        ],
    );
    agree(
        Some(ContentType::Country),
        &[
            (&COUNTRY.replace("iso: KR", "iso: 12"), false),
            (&COUNTRY.replace("iso: KR", "iso:"), false),
            (
                &COUNTRY.replace(
                    "programmes:\n  - name: EPS\n    scheme: g2g\n",
                    "programmes:\n",
                ),
                false,
            ),
            (
                &COUNTRY.replace("sources: [{title: A, url: https://a.id}]", "sources:"),
                false,
            ),
            (&COUNTRY.replace("scheme: g2g", "scheme: 1"), false),
        ],
    );
    agree(Some(ContentType::Leaflet), &[("title: X\npages:\n", false)]);
}

/// Where the schema cannot say what lembar does: JSON has one kind of
/// number (`1.0` is an integer to it, not to lembar), and lembar's dates
/// also take forms the schema's `YYYY-MM-DD` and RFC 3339 do not (a time
/// without an offset, as Hugo writes some). If either side
/// changes, this test says so.
#[test]
fn known_differences() {
    let page = Some(ContentType::Page);
    let yaml = "title: A\nweight: 1.0\n";
    assert!(!parses(page, yaml) && valid(page, yaml), "{yaml}");
    for yaml in [
        "title: A\ndate: 2025-8-6\n",
        "title: A\ndate: +2025-08-06\n",
        "title: A\ndate: ' 2025-08-06'\n",
        "title: A\ndate: 2025-08-06T09:30\n",
    ] {
        assert!(parses(page, yaml) && !valid(page, yaml), "{yaml}");
    }
}

#[test]
fn the_photo_pattern_is_check_photo_path() {
    let validator = jsonschema::validator_for(&json!({"type": "string", "pattern": PHOTO_PATH}))
        .expect("a valid pattern");
    for src in [
        "opening.jpg",
        "photos/a.jpg",
        "a.b/c..d.jpg",
        "index.html.jpg",
        "x/index.htm",
        "",
        "/etc/passwd",
        "../x.jpg",
        "./x.jpg",
        "a/./b.jpg",
        "a/../../b.jpg",
        "a/..",
        "https://x.id/a.jpg",
        "a//b.jpg",
        "a/",
        "a b.jpg",
        "p%20q.jpg",
        "a#b.jpg",
        "a?b.jpg",
        "a\"b.jpg",
        "a\\b.jpg",
        "index.html",
        "photos/Index.HTML",
        "a\nb/../c.jpg",
    ] {
        assert_eq!(
            validator.is_valid(&json!(src)),
            crate::types::check_photo_path(src).is_ok(),
            "{src:?}"
        );
    }
}

#[test]
fn every_type_has_a_schema_file_then_sections_and_facts() {
    let names: Vec<String> = schemas().into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "page.schema.json",
            "country.schema.json",
            "procedure.schema.json",
            "language.schema.json",
            "event.schema.json",
            "leaflet.schema.json",
            "section.schema.json",
            "facts.schema.json"
        ]
    );
    for (name, schema) in schemas() {
        assert_eq!(
            schema["$schema"], "http://json-schema.org/draft-07/schema#",
            "{name}"
        );
        if name == FACTS_SCHEMA {
            // Any name is a fact; each fact's keys are all known.
            let fact = &schema["definitions"]["RawFact"];
            assert_eq!(fact["additionalProperties"], false);
            assert!(fact["properties"]["as_of"]["description"].is_string());
            continue;
        }
        assert_eq!(schema["additionalProperties"], false, "{name}");
        assert!(
            schema["properties"]["title"]["description"].is_string(),
            "{name}"
        );
    }
}

#[test]
fn paths_are_made_relative_to_the_site() {
    assert_eq!(
        relative_path(Path::new("/s/site"), Path::new("/s/site/.lembar/schemas")),
        ".lembar/schemas"
    );
    assert_eq!(
        relative_path(Path::new("/s/site"), Path::new("/s/other/schemas")),
        "../other/schemas"
    );
    assert_eq!(relative_path(Path::new("/s"), Path::new("/s")), ".");
    assert_eq!(
        relative_path(Path::new("."), Path::new("./.lembar/schemas")),
        ".lembar/schemas"
    );
}
