//! Tests of `lembar schema` and `lembar completions`.

use std::path::{Path, PathBuf};

use serde_json::Value;
use walkdir::WalkDir;

use crate::support::run_in;

const TYPES: [&str; 6] = [
    "page",
    "country",
    "procedure",
    "language",
    "event",
    "leaflet",
];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `lembar schema` on the shipped site into a temporary folder.
fn shipped_schemas() -> (tempfile::TempDir, crate::support::Run) {
    let out = tempfile::tempdir().unwrap();
    let run = run_in(repo(), &["schema", "--out", out.path().to_str().unwrap()]);
    run.success();
    (out, run)
}

fn validator(dir: &Path, name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(dir.join(format!("{name}.schema.json"))).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{name}.schema.json is not a valid schema: {e}"))
}

/// The YAML between the `---` fences, as the JSON an editor validates.
fn front_matter(text: &str) -> Value {
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("closing fence");
    serde_yaml::from_str(&rest[..end + 1]).expect("YAML")
}

/// The language of `name.<lang>.md`, or the default language `id`.
fn language(file: &Path) -> String {
    let stem = file.file_stem().unwrap().to_str().unwrap();
    match stem.rsplit_once('.') {
        Some((_, lang)) => lang.to_string(),
        None => "id".to_string(),
    }
}

/// The type a page gets: `type:` of the nearest section `_index` above it,
/// in its language, else in the default language.
fn page_type(content: &Path, file: &Path) -> String {
    let lang = language(file);
    for dir in file.parent().unwrap().ancestors() {
        if !dir.starts_with(content) {
            break;
        }
        for name in [
            format!("_index.{lang}.md"),
            "_index.id.md".into(),
            "_index.md".into(),
        ] {
            let index = dir.join(name);
            if index.is_file() {
                let yaml = front_matter(&std::fs::read_to_string(&index).unwrap());
                return yaml["type"].as_str().unwrap_or("page").to_string();
            }
        }
    }
    "page".to_string()
}

#[test]
fn writes_one_schema_per_type_and_one_for_sections() {
    let (out, run) = shipped_schemas();
    let mut expected: Vec<String> = TYPES.iter().map(|t| format!("{t}.schema.json")).collect();
    expected.push("section.schema.json".into());
    expected.push("facts.schema.json".into());
    expected.sort();
    assert_eq!(crate::support::list_files(out.path()), expected);
    for name in &expected {
        let path = out.path().join(name);
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(schema["type"], "object", "{name}");
        if name != "facts.schema.json" {
            assert_eq!(schema["additionalProperties"], false, "{name}");
        }
        assert!(
            jsonschema::meta::is_valid(&schema),
            "{name} is not a valid JSON Schema"
        );
        assert!(
            run.stderr.contains(&format!("wrote {}", path.display())),
            "{}",
            run.stderr
        );
    }
    let country: Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("country.schema.json")).unwrap(),
    )
    .unwrap();
    let required: Vec<&str> = country["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for key in ["title", "iso", "programmes", "sources", "reviewed"] {
        assert!(required.contains(&key), "{key} in {required:?}");
    }
    assert!(
        country["properties"]["iso"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("ISO 3166-1")),
        "fields carry their doc comments: {}",
        country["properties"]["iso"]
    );
}

#[test]
fn the_shipped_facts_pass_their_schema_and_a_misspelt_key_does_not() {
    let (out, _) = shipped_schemas();
    let validator = validator(out.path(), "facts");
    let text = std::fs::read_to_string(repo().join("data/facts.yaml")).unwrap();
    let mut facts: Value = serde_yaml::from_str(&text).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&facts)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    facts["hotline"]["asof"] = facts["hotline"]["as_of"].take();
    facts["hotline"].as_object_mut().unwrap().remove("as_of");
    assert!(!validator.is_valid(&facts));
    for as_of in ["2025-13-01x", "soon", "2025"] {
        let mut dated = serde_yaml::from_str::<Value>(&text).unwrap();
        dated["hotline"]["as_of"] = Value::from(as_of);
        assert!(!validator.is_valid(&dated), "as_of: {as_of}");
    }
    let mut month = serde_yaml::from_str::<Value>(&text).unwrap();
    month["hotline"]["as_of"] = Value::from("2025-12");
    assert!(
        validator.is_valid(&month),
        "a month is a date the parser takes"
    );
    let mut named = serde_yaml::from_str::<Value>(&text).unwrap();
    named["Hot-Line"] = named["hotline"].clone();
    assert!(
        !validator.is_valid(&named),
        "names are checked as the parser checks them"
    );
}

#[test]
fn the_default_folder_is_inside_the_site() {
    let site = crate::support::Site::copy("base");
    let run = run_in(site.root(), &["schema"]);
    run.success();
    assert_eq!(site.files(".lembar/schemas").len(), 8, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("\".lembar/schemas/section.schema.json\""),
        "{}",
        run.stdout
    );
}

#[test]
fn prints_editor_settings_that_map_each_folder_to_its_type() {
    let (_out, run) = shipped_schemas();
    let lines: Vec<&str> = run.stdout.lines().collect();
    let line_of = |schema: &str| {
        lines
            .iter()
            .find(|l| l.contains(&format!("/{schema}.schema.json\":")))
            .unwrap_or_else(|| panic!("no line for {schema}:\n{}", run.stdout))
            .to_string()
    };
    assert!(line_of("country").contains("[\"content/countries/*.md\"]"));
    assert!(line_of("procedure").contains("\"content/procedures/*.md\""));
    assert!(line_of("event").contains("\"content/events/*.md\""));
    assert!(line_of("page").contains("\"content/*.md\""));
    assert!(line_of("section").contains("\"content/**/_index.*.md\""));
    // The section schema comes last: the last match wins for `_index` files.
    let last = lines
        .iter()
        .rposition(|l| l.contains(".schema.json\":") && !l.starts_with("//"))
        .unwrap();
    assert!(lines[last].contains("section.schema.json"));
    // The data file is YAML, for the YAML extension.
    assert!(
        run.stdout
            .contains("/facts.schema.json\": \"data/facts.yaml\""),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("remark-lint-frontmatter-schema"));
}

#[test]
fn every_shipped_content_file_passes_its_schema() {
    let (out, _) = shipped_schemas();
    let content = repo().join("content");
    let mut checked: Vec<String> = Vec::new();
    let mut failures = Vec::new();
    let files: Vec<PathBuf> = WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    for file in &files {
        let is_section = file
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("_index.");
        let kind = if is_section {
            "section".to_string()
        } else {
            page_type(&content, file)
        };
        let yaml = front_matter(&std::fs::read_to_string(file).unwrap());
        let validator = validator(out.path(), &kind);
        for error in validator.iter_errors(&yaml) {
            failures.push(format!(
                "{} ({kind}): {} at {}",
                file.display(),
                error,
                error.instance_path()
            ));
        }
        checked.push(kind);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Not vacuous: every type and the sections were checked.
    for kind in TYPES.iter().chain(&["section"]) {
        assert!(
            checked.iter().any(|k| k == kind),
            "no {kind} file in {checked:?}"
        );
    }
    assert!(checked.len() >= 40, "{} files", checked.len());
}

/// A shipped country page with one change.
fn japan_with(from: &str, to: &str) -> Value {
    let text = std::fs::read_to_string(repo().join("content/countries/japan.id.md")).unwrap();
    assert!(text.contains(from), "{from}");
    front_matter(&text.replacen(from, to, 1))
}

#[test]
fn typical_mistakes_are_rejected() {
    let (out, _) = shipped_schemas();
    let country = validator(out.path(), "country");
    let original = japan_with("", "");
    assert!(country.is_valid(&original));
    let reviewed = original["reviewed"].as_str().unwrap().to_string();
    let cases = [
        (
            japan_with("\nreviewed:", "\nreviwed:"),
            "reviwed",
            "a misspelt key",
        ),
        (
            japan_with(&format!("reviewed: {reviewed}"), "reviewed: 2026-02-30"),
            "2026-02-30",
            "a day that does not exist",
        ),
        (
            japan_with(
                &format!("reviewed: {reviewed}"),
                "reviewed: 27 November 2026",
            ),
            "27 November 2026",
            "a date in words",
        ),
        (
            japan_with("\niso: JP", ""),
            "iso",
            "a missing required field",
        ),
        (
            japan_with("scheme: ", "scheme: x"),
            "scheme",
            "an unknown scheme",
        ),
    ];
    for (yaml, needle, what) in cases {
        let errors: Vec<String> = country
            .iter_errors(&yaml)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(!errors.is_empty(), "{what} was accepted");
        assert!(
            errors.iter().any(|e| e.contains(needle)),
            "{what}: {errors:?}"
        );
    }
    // A section's `type` is checked too.
    let section = validator(out.path(), "section");
    let index = front_matter(
        &std::fs::read_to_string(repo().join("content/countries/_index.en.md")).unwrap(),
    );
    assert!(section.is_valid(&index));
    let mut wrong = index.clone();
    wrong["type"] = "contry".into();
    assert!(!section.is_valid(&wrong));
}

#[test]
fn a_folder_that_cannot_be_written_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "").unwrap();
    let run = run_in(repo(), &["schema", "--out", file.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("the schemas were not written"),
        "{}",
        run.stderr
    );
}

#[test]
fn completions_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = run_in(repo(), &["completions", shell]);
        run.success();
        for command in [
            "build",
            "serve",
            "check",
            "new",
            "schema",
            "completions",
            "pdf",
        ] {
            assert!(
                run.stdout.contains(command),
                "{shell} completions lack `{command}`"
            );
        }
        assert!(run.stdout.contains("lembar"), "{shell}");
    }
    // Options of a subcommand are completed too.
    let bash = run_in(repo(), &["completions", "bash"]);
    assert!(bash.stdout.contains("--base-url"));
    let unknown = run_in(repo(), &["completions", "tcsh"]);
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
}
