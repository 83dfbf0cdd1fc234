use super::*;
use crate::types::PageFront;

fn file(text: &str) -> SourceFile {
    SourceFile::new("content/a.id.md", text.to_string())
}

#[test]
fn splits_yaml_and_body() {
    let f = file("---\ntitle: A\n---\nbody\n---\nmore");
    let s = split(&f).unwrap();
    assert_eq!(&f.text[s.yaml.clone()], "title: A\n");
    assert_eq!(&f.text[s.body.clone()], "body\n---\nmore");
}

#[test]
fn splits_crlf_files_and_empty_front_matter() {
    let f = file("---\r\n---\r\nbody");
    let s = split(&f).unwrap();
    assert_eq!(&f.text[s.yaml], "");
    assert_eq!(&f.text[s.body], "body");
}

#[test]
fn missing_and_unclosed_fences_are_located_errors() {
    let e = split(&file("title: A\n")).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("content/a.id.md:1:1: error: missing front matter")
    );
    let e = split(&file("---\ntitle: A\n")).unwrap_err();
    assert!(e.to_string().contains("front matter is not closed"));
}

#[test]
fn unknown_key_is_located_in_the_file_with_a_suggestion() {
    let f = file("---\ntitle: A\nreviwed: 2026-01-10\n---\n");
    let s = split(&f).unwrap();
    let e = parse::<PageFront>(&f, &s).unwrap_err();
    let text = e[0].to_string();
    assert!(
        text.starts_with("content/a.id.md:3:1: error: unknown front-matter field `reviwed`"),
        "{text}"
    );
    assert!(text.contains("did you mean `reviewed`?"), "{text}");
}

#[test]
fn wrong_type_is_located_at_the_value() {
    let f = file("---\ntitle: A\nweight: heavy\n---\n");
    let s = split(&f).unwrap();
    let e = &parse::<PageFront>(&f, &s).unwrap_err()[0];
    assert_eq!(e.position.map(|p| (p.line, p.column)), Some((3, 9)), "{e}");
}

#[test]
fn missing_title_points_at_the_fence() {
    let f = file("---\ndescription: x\n---\n");
    let s = split(&f).unwrap();
    let e = &parse::<PageFront>(&f, &s).unwrap_err()[0];
    assert!(
        e.to_string()
            .starts_with("content/a.id.md:1:1: error: missing required front-matter field `title`"),
        "{e}"
    );
}

#[test]
fn every_mistake_of_a_front_matter_is_reported_at_its_own_line() {
    // Three typos and a wrong value: one run reports all four, each where
    // it is, and the blanked `date` is not reported missing too.
    let f = file(
        "---\ntitle: A\nreviwed: 2026-01-10\ndescriptoin: x\nweight: heavy\ndate: 2025-02-30\ntgas: [a]\n---\n",
    );
    let s = split(&f).unwrap();
    let e = parse::<PageFront>(&f, &s).unwrap_err();
    let found: Vec<(usize, String)> = e
        .iter()
        .map(|d| (d.position.unwrap().line, d.message.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (3, "unknown front-matter field `reviwed`".to_string()),
            (4, "unknown front-matter field `descriptoin`".to_string()),
            (5, "invalid value: weight: invalid type: text \"heavy\", expected a whole number".to_string()),
            (6, "invalid value: invalid date `2025-02-30`, expected a real day written YYYY-MM-DD (a time may follow: 2025-08-06T09:30:00+08:00)".to_string()),
            (7, "unknown front-matter field `tgas`".to_string()),
        ],
        "{e:?}"
    );
    // A missing title is still reported, after the rest.
    let f = file("---\ndescriptoin: x\n---\n");
    let e = parse::<PageFront>(&f, &split(&f).unwrap()).unwrap_err();
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[1].message
            .contains("missing required front-matter field `title`")
    );
}

#[test]
fn section_fields_include_type() {
    assert!(SectionFront::FIELDS.contains(&"type"));
    let f = file("---\ntitle: A\ntype: country\nsort_by: date\n---\n");
    let s = split(&f).unwrap();
    let (_, fm) = parse::<SectionFront>(&f, &s).unwrap().into_parts();
    assert_eq!(fm.kind, ContentType::Country);
    assert_eq!(fm.sort_by, SortBy::Date);
}

#[test]
fn locates_a_value_after_parsing() {
    let f = file("---\ntitle: A\nslug:  a/b\n---\n");
    let s = split(&f).unwrap();
    let r = locate_value(&f, &s, "slug");
    assert_eq!(&f.text[r], "a/b");
}
