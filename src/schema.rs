//! `lembar schema`: a JSON Schema (draft-07, what editors support) for each
//! content type's front matter, derived from the structs the parser fills
//! (`schemars`, which follows their serde attributes), plus the rules
//! `types::parse_page` checks after serde (required `sources` and `reviewed`,
//! an event's `date`), so a file passes its schema exactly when its front
//! matter parses. Also the editor configuration that maps a site's folders to
//! the schemas. Pure except [`write_schemas`].

use std::path::{Component, Path, PathBuf};

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use crate::config::Config;
use crate::content::{CONTENT_DIR, Content};
use crate::diagnostic::Diagnostic;
use crate::front_matter::patterns::{NOT_BLANK, PHOTO_PATH, SLUG};
use crate::front_matter::{ContentType, SectionFront};
use crate::types::{
    CountryFront, EventFront, LanguageFront, LeafletFront, PageFront, ProcedureFront,
};

/// The schema file of `_index` files.
pub const SECTION_SCHEMA: &str = "section.schema.json";

/// The schema file name of a type's pages: `country.schema.json`.
pub fn file_name(kind: ContentType) -> String {
    format!("{}.schema.json", kind.name())
}

/// The schema of the front matter of a page of type `kind`.
pub fn page_schema(kind: ContentType) -> Value {
    let mut schema = match kind {
        ContentType::Page => generate::<PageFront>(),
        ContentType::Country => generate::<CountryFront>(),
        ContentType::Procedure => generate::<ProcedureFront>(),
        ContentType::Language => generate::<LanguageFront>(),
        ContentType::Event => generate::<EventFront>(),
        ContentType::Leaflet => generate::<LeafletFront>(),
    };
    // What `types::check_page` requires beyond serde.
    match kind {
        ContentType::Country | ContentType::Procedure | ContentType::Language => {
            require(&mut schema, "sources");
            require(&mut schema, "reviewed");
            schema["properties"]["sources"]["minItems"] = json!(1);
        }
        ContentType::Event => require(&mut schema, "date"),
        ContentType::Page | ContentType::Leaflet => {}
    }
    // A wage is a money fact, or written out in full (`types::check_wage`).
    if kind == ContentType::Country {
        let figure = ["amount", "currency", "period", "as_of", "source"];
        schema["definitions"]["Wage"]["oneOf"] = json!([
            {
                "required": ["fact"],
                "not": { "anyOf": figure.map(|k| json!({ "required": [k] })) }
            },
            { "required": figure, "not": { "required": ["fact"] } }
        ]);
    }
    let article = if kind == ContentType::Event {
        "an"
    } else {
        "a"
    };
    schema["title"] = json!(format!(
        "lembar: front matter of {article} {} page",
        kind.name()
    ));
    schema
}

/// The schema of a section's `_index` front matter.
pub fn section_schema() -> Value {
    let mut schema = generate::<SectionFront>();
    schema["title"] = json!("lembar: front matter of a section's _index file");
    schema["description"] =
        json!("A section: the common fields, the type of its pages and how they are sorted.");
    schema
}

/// The schema file of the site's data file, `data/facts.yaml`.
pub const FACTS_SCHEMA: &str = "facts.schema.json";

/// The schema of `data/facts.yaml`: fact names, each fact's keys.
pub fn facts_schema() -> Value {
    let mut schema = generate::<crate::facts::RawFacts>();
    schema["title"] = json!("lembar: the site's facts, data/facts.yaml");
    schema["description"] = json!(
        "Named facts written once, each with its as-of date and source; pages show them with {{ name }}."
    );
    // What `facts::parse_facts` checks of a name.
    schema["propertyNames"] = json!({ "pattern": "^[a-z][a-z0-9_]*$" });
    schema
}

/// Every schema, by file name: one per type, the sections', the facts'.
pub fn schemas() -> Vec<(String, Value)> {
    ContentType::ALL
        .iter()
        .map(|&kind| (file_name(kind), page_schema(kind)))
        .chain([
            (SECTION_SCHEMA.to_string(), section_schema()),
            (FACTS_SCHEMA.to_string(), facts_schema()),
        ])
        .collect()
}

fn generate<T: JsonSchema>() -> Value {
    let schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut value = schema.to_value();
    tidy(&mut value);
    value
}

/// Adjusts what schemars derives to what the YAML parser does:
///
/// - schemars marks Rust number types with formats such as `int64` and
///   `double`, which no JSON Schema draft defines; strict validators (ajv)
///   refuse unknown formats, and `type` already says enough (the formats
///   kept are those of dates: `date` and `date-time`);
/// - `writeOnly` (of a field that is read but not passed on) means nothing to
///   someone writing;
/// - the parser reads any scalar into a text field (`title: 2025` is the title
///   "2025", `title:` is ""), and an empty value (null) as an empty list or
///   map, so the schema allows them too — except where the text has a shape
///   that a number, `true` or an empty value never has.
fn tidy(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("writeOnly");
            if map
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| !matches!(f, "date" | "date-time"))
            {
                map.remove("format");
            }
            one_of_constants_to_enum(map);
            widen(map);
            map.values_mut().for_each(tidy);
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// schemars writes an enum with documented values as `oneOf` constants;
/// validators then report one error per value. `enum` gives one error that
/// lists the values (and fixes to pick from); `enumDescriptions` (VS Code's
/// keyword) keeps the values' descriptions.
fn one_of_constants_to_enum(map: &mut serde_json::Map<String, Value>) {
    let Some(Value::Array(options)) = map.get("oneOf") else {
        return;
    };
    let constants: Option<Vec<(Value, Value)>> = options
        .iter()
        .map(|o| {
            let text = o.get("const").filter(|c| c.is_string())?;
            let description = o.get("description").cloned().unwrap_or(json!(""));
            Some((text.clone(), description))
        })
        .collect();
    let Some(constants) = constants else {
        return;
    };
    let (values, descriptions): (Vec<Value>, Vec<Value>) = constants.into_iter().unzip();
    map.remove("oneOf");
    map.insert("type".into(), json!("string"));
    map.insert("enum".into(), json!(values));
    map.insert("enumDescriptions".into(), json!(descriptions));
}

fn widen(map: &mut serde_json::Map<String, Value>) {
    let types: Vec<&str> = match map.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return,
    };
    let also: &[&str] = match types.first() {
        Some(&"string")
            if !["format", "const", "enum"]
                .iter()
                .any(|k| map.contains_key(*k)) =>
        {
            match map.get("pattern").and_then(Value::as_str) {
                None => &["number", "boolean", "null"],
                // Every number's and boolean's text matches these; an empty
                // value is "" (rejected) or "~" (accepted): leave it out.
                Some(p) if [SLUG, PHOTO_PATH, NOT_BLANK].contains(&p) => &["number", "boolean"],
                Some(_) => &[],
            }
        }
        // An empty list is refused where one is needed (`minItems`).
        Some(&"array") if !map.contains_key("minItems") => &["null"],
        // `extra:`, the only map with free keys.
        Some(&"object") if map.get("additionalProperties") == Some(&Value::Bool(true)) => &["null"],
        _ => &[],
    };
    if also.is_empty() {
        return;
    }
    let mut all: Vec<String> = types.iter().map(|t| t.to_string()).collect();
    for t in also {
        if !all.iter().any(|a| a == t) {
            all.push(t.to_string());
        }
    }
    map.insert("type".into(), json!(all));
}

/// Makes an optional property required and not null.
fn require(schema: &mut Value, key: &str) {
    let required = schema["required"]
        .as_array_mut()
        .expect("`title` is always required");
    if !required.iter().any(|k| k == key) {
        required.push(json!(key));
    }
    let property = schema["properties"][key]
        .as_object_mut()
        .expect("a common field");
    property.remove("default");
    if let Some(Value::Array(types)) = property.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            property.insert("type".into(), only);
        }
    }
    // schemars writes an optional value whose own schema has an `anyOf`
    // (a date: a day, or a date and time) as `anyOf: [it, null]`.
    if let Some(Value::Array(choices)) = property.get_mut("anyOf") {
        choices.retain(|c| c != &json!({"type": "null"}));
        if let [Value::Object(only)] = choices.as_slice() {
            let only = only.clone();
            property.remove("anyOf");
            property.extend(only);
        }
    }
}

/// Writes every schema into `dir` (created if missing); returns the files written.
pub fn write_schemas(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let fail = |path: &Path, e: std::io::Error| {
        Diagnostic::error(format!("cannot write `{}`: {e}", path.display()))
            .help("choose another folder with `--out DIR`")
    };
    std::fs::create_dir_all(dir).map_err(|e| fail(dir, e))?;
    let mut written = Vec::new();
    for (name, schema) in schemas() {
        let path = dir.join(name);
        let mut text = serde_json::to_string_pretty(&schema).expect("a JSON value");
        text.push('\n');
        std::fs::write(&path, text).map_err(|e| fail(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// Which files each schema applies to: for every folder of `content/` with
/// files, the type its pages get (from the nearest section `_index` above
/// them, in the default language first), as globs relative to the site's
/// root. `_index` files come last, so they win over their folder's glob in
/// tools where the last match wins.
pub fn associations(config: &Config, content: &Content) -> Vec<(String, Vec<String>)> {
    let mut folders: Vec<&str> = content.files.iter().map(|f| f.dir.as_str()).collect();
    folders.sort_unstable();
    folders.dedup();
    let section_kind = |dir: &str| {
        let mut sections = content.files.iter().filter(|f| f.is_section());
        let in_default = sections
            .clone()
            .find(|f| f.dir == dir && f.lang == config.default_language);
        in_default
            .or_else(|| sections.find(|f| f.dir == dir))
            .map(|f| f.kind())
    };
    let mut by_kind: Vec<(String, Vec<String>)> = ContentType::ALL
        .iter()
        .map(|&kind| (file_name(kind), Vec::new()))
        .collect();
    for dir in folders {
        let kind = crate::content::ancestors(dir)
            .find_map(section_kind)
            .unwrap_or_default();
        let glob = if dir.is_empty() {
            format!("{CONTENT_DIR}/*.md")
        } else {
            format!("{CONTENT_DIR}/{dir}/*.md")
        };
        let at = ContentType::ALL
            .iter()
            .position(|&k| k == kind)
            .expect("every type");
        by_kind[at].1.push(glob);
    }
    by_kind.retain(|(_, globs)| !globs.is_empty());
    by_kind.push((
        SECTION_SCHEMA.to_string(),
        vec![
            format!("{CONTENT_DIR}/**/_index.md"),
            format!("{CONTENT_DIR}/**/_index.*.md"),
        ],
    ));
    by_kind
}

/// A `.remarkrc.mjs` for the site's root that has remark-lint-frontmatter-schema
/// check every content file's front matter against its schema: in VS Code
/// with the remark extension (`unifiedjs.vscode-remark`), and with `npx remark`.
/// `schema_dir` is the schemas' folder relative to the site's root.
pub fn remark_config(schema_dir: &str, associations: &[(String, Vec<String>)]) -> String {
    let mut out = String::new();
    out.push_str("import remarkFrontmatter from 'remark-frontmatter';\n");
    out.push_str("import frontmatterSchema from 'remark-lint-frontmatter-schema';\n\n");
    out.push_str(
        "// Written by `lembar schema`: each folder's files and their front-matter schema.\n",
    );
    out.push_str("// The last match wins, so `_index` files get the section schema.\n");
    out.push_str("const schemas = {\n");
    for (schema, globs) in associations {
        let path = format!("{schema_dir}/{schema}");
        let globs: Vec<String> = globs.iter().map(|g| js_string(g)).collect();
        out.push_str(&format!(
            "  {}: [{}],\n",
            js_string(&path),
            globs.join(", ")
        ));
    }
    out.push_str("};\n\n");
    out.push_str(
        "export default {\n  plugins: [remarkFrontmatter, [frontmatterSchema, { schemas }]],\n};\n",
    );
    out
}

fn js_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string")
}

/// `to` relative to `from` with `/` separators, when both are absolute or
/// both relative to the same folder; `to` as it is otherwise.
pub fn relative_path(from: &Path, to: &Path) -> String {
    let absolute = from.is_absolute();
    let from: Vec<Component> = from
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    let to_parts: Vec<Component> = to
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    if absolute != to.is_absolute() || from.contains(&Component::ParentDir) {
        return to.to_string_lossy().replace('\\', "/");
    }
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let parts: Vec<String> = std::iter::repeat_n("..".to_string(), from.len() - common)
        .chain(
            to_parts[common..]
                .iter()
                .map(|c| c.as_os_str().to_string_lossy().into_owned()),
        )
        .collect();
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests;
