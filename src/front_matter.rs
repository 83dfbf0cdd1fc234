//! Front matter: split the YAML block from a Markdown file and parse it into
//! typed fields, with YAML positions shifted into the file. Pure; no I/O.
//!
//! Every key is known (`deny_unknown_fields`); free-form data goes under `extra`.
//! Each content type declares its own struct with [`front_matter!`], which adds
//! the common fields, so a type adds fields without `#[serde(flatten)]` (which
//! would defeat `deny_unknown_fields` and the error positions).

use std::ops::Range;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::yaml;

pub mod patterns;

/// Where the YAML and the Markdown body are in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The line of the opening fence (0-based byte range of that line).
    pub fence: Range<usize>,
    pub yaml: Range<usize>,
    pub body: Range<usize>,
}

/// Finds the `---` fences by scanning lines. The closing fence may also be `...`.
pub fn split(file: &SourceFile) -> Result<Split, Diagnostic> {
    let text = &file.text;
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() == "+++" {
        return Err(Diagnostic::error("the front matter is TOML (`+++`), which lembar does not read")
            .at(file, 0..3)
            .help("write it in YAML between `---` lines: `title = \"Visa\"` becomes `title: Visa`, `[params]` keys go under `extra:`; see docs/migrating.md"));
    }
    if text[..first_end].trim_end() != "---" {
        return Err(Diagnostic::error("missing front matter")
            .at(file, 0..first_end.clamp(1, 3))
            .help("start the file with a line `---`, then `title: …`, then another `---`"));
    }
    let mut start = first_end;
    while start < text.len() {
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        let line = text[start..end].trim_end();
        if line == "---" || line == "..." {
            return Ok(Split {
                fence: 0..first_end,
                yaml: first_end..start,
                body: end..text.len(),
            });
        }
        start = end;
    }
    Err(Diagnostic::error("front matter is not closed")
        .at(file, 0..3)
        .help("add a line `---` after the last front-matter field"))
}

/// Parses the YAML of `split` as `T`'s front matter; errors (all of them,
/// see [`yaml::parse_all`]) are located in the file.
pub fn parse<T: FrontMatter>(file: &SourceFile, split: &Split) -> Result<T, Vec<Diagnostic>> {
    let at = yaml::Anchor {
        span: split.yaml.clone(),
        missing: split.fence.start..split.fence.start + 3,
        noun: "front-matter field",
        hint: "between the `---` fences",
        free_form: Some("put your own data under `extra:`"),
    };
    yaml::parse_all(file, &at, T::FIELDS)
}

/// Parses a section's `_index` front matter and checks its common fields.
pub fn parse_section(
    file: &SourceFile,
    split: &Split,
) -> Result<(Common, SectionFields), Vec<Diagnostic>> {
    let (common, fields) = parse::<SectionFront>(file, split)?.into_parts();
    let problems = check_common(file, split, &common, &[]);
    if problems.is_empty() {
        Ok((common, fields))
    } else {
        Err(problems)
    }
}

/// What the fields every file has must hold beyond their types: a title with
/// text in it, and sources — like the type's own `urls` — at web addresses.
pub fn check_common(
    file: &SourceFile,
    split: &Split,
    common: &Common,
    urls: &[&str],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if common.title.trim().is_empty() {
        problems.push(
            Diagnostic::error("the title is empty")
                .at(file, locate_value(file, split, "title"))
                .help("write the page's title after `title:`: it is the page's heading and its name in lists, links and search results"),
        );
    }
    let sources = common.sources.iter().map(|s| s.url.as_str());
    let all: Vec<&str> = sources.chain(urls.iter().copied()).collect();
    for (i, url) in all.iter().enumerate() {
        if let Err((message, help)) = crate::links::check_web_url(url) {
            // The same address written earlier: point at this one.
            let earlier = all[..i].iter().filter(|u| *u == url).count();
            let at = locate_nth(file, split, url, earlier);
            problems.push(Diagnostic::error(message).at(file, at).help(help));
        }
    }
    problems
}

/// The byte range of `key`'s value in the front matter (for checks made after
/// parsing, such as a slug's shape), or of the opening fence if not found.
pub fn locate_value(file: &SourceFile, split: &Split, key: &str) -> Range<usize> {
    match crate::yaml::value_span(&file.text, split.yaml.clone(), key) {
        Some(value) => value.start..value.start + value.len().max(1),
        None => split.fence.clone(),
    }
}

/// The `n`th (0-based) `- ` entry of the top-level list `key`: the range of
/// its first line's text after `- `; the key's value if not found.
pub fn locate_entry(file: &SourceFile, split: &Split, key: &str, n: usize) -> Range<usize> {
    let yaml = &file.text[split.yaml.clone()];
    let mut at = split.yaml.start;
    let mut inside = false;
    let mut seen = 0;
    for line in yaml.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if inside && !line.starts_with([' ', '-']) && !trimmed.is_empty() {
            break;
        }
        if line.starts_with(&format!("{key}:")) {
            inside = true;
        } else if inside && trimmed.starts_with("- ") {
            if seen == n {
                let start = at + (line.len() - trimmed.len()) + 2;
                return start..start + trimmed[2..].trim_end().len().max(1);
            }
            seen += 1;
        }
        at += line.len();
    }
    locate_value(file, split, key)
}

/// The byte range of `text` where it first appears in the front matter (for
/// checks of nested values made after parsing), or of the opening fence.
pub fn locate_text(file: &SourceFile, split: &Split, text: &str) -> Range<usize> {
    locate_nth(file, split, text, 0)
}

/// Like [`locate_text`], for the `n`th (0-based) appearance of `text`.
pub fn locate_nth(file: &SourceFile, split: &Split, text: &str, n: usize) -> Range<usize> {
    match file.text[split.yaml.clone()]
        .match_indices(text)
        .nth(n)
        .map(|(i, _)| i)
    {
        Some(i) if !text.is_empty() => {
            let start = split.yaml.start + i;
            start..start + text.len()
        }
        _ => split.fence.clone(),
    }
}

/// Free-form data under `extra:`. Its keys are text, so templates can reach them.
pub type Extra = std::collections::BTreeMap<String, serde_yaml::Value>;

/// A source listed on a page: where its facts come from.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The source's name: a law, a ministry's page, a report.
    pub title: String,
    /// Where to read it: a full web address, `https://…`.
    #[schemars(regex(pattern = crate::front_matter::patterns::WEB_URL))]
    pub url: String,
}

/// A type's front matter, as [`front_matter!`] declares it.
pub trait FrontMatter: DeserializeOwned {
    /// The type's own fields, without the common ones.
    type Fields;
    /// Every key, for did-you-mean help.
    const FIELDS: &[&str];
    /// The fields every content file has, and the type's own.
    fn into_parts(self) -> (Common, Self::Fields);
}

/// Declares a type's front matter: `$front` has the common fields plus the
/// type's own and is what YAML is parsed into (every key known); `$fields` holds
/// only the type's own fields, for later stages. `FIELDS` lists every key, for
/// did-you-mean help.
macro_rules! front_matter {
    ($(#[$meta:meta])* pub struct $front:ident => $fields:ident {
        $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, serde::Serialize, schemars::JsonSchema)]
        pub struct $fields {
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        $(#[$meta])*
        #[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $front {
            /// The page's title (required, not blank).
            #[schemars(regex(pattern = $crate::front_matter::patterns::NOT_BLANK))]
            pub title: String,
            /// One or two sentences under the title, also the search-result snippet.
            #[serde(default)]
            pub description: Option<String>,
            /// The page's day, YYYY-MM-DD; for an event, the day it took place (required there).
            #[serde(default)]
            pub date: Option<$crate::date::Date>,
            /// The day the page was last changed, YYYY-MM-DD.
            #[serde(default)]
            pub updated: Option<$crate::date::Date>,
            /// The day its facts were last checked, YYYY-MM-DD (required on country, procedure and language pages).
            #[serde(default)]
            pub reviewed: Option<$crate::date::Date>,
            /// true: left out of the site unless built with `--drafts`.
            #[serde(default)]
            pub draft: bool,
            /// The page's place in its section's list: lower comes first.
            #[serde(default)]
            pub weight: Option<i64>,
            /// The last part of the page's URL in this language (default: the file name).
            #[serde(default)]
            #[schemars(regex(pattern = $crate::front_matter::patterns::SLUG))]
            pub slug: Option<String>,
            /// A theme template to render the page with instead of the usual one, such as `page.html`.
            #[serde(default)]
            pub template: Option<String>,
            /// Keywords for the page.
            #[serde(default)]
            pub tags: Vec<String>,
            /// Where the page's facts come from (at least one on country, procedure and language pages).
            #[serde(default)]
            pub sources: Vec<$crate::front_matter::Source>,
            /// Your own data, any keys; templates see it as `page.extra`.
            #[serde(default)]
            #[schemars(with = "std::collections::BTreeMap<String, serde_json::Value>")]
            pub extra: $crate::front_matter::Extra,
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl $crate::front_matter::FrontMatter for $front {
            type Fields = $fields;

            const FIELDS: &[&str] = &[
                "title", "description", "date", "updated", "reviewed", "draft", "weight",
                "slug", "template", "tags", "sources", "extra", $(front_matter!(@key $field)),*
            ];

            fn into_parts(self) -> ($crate::front_matter::Common, $fields) {
                let common = $crate::front_matter::Common {
                    title: self.title,
                    description: self.description,
                    date: self.date,
                    updated: self.updated,
                    reviewed: self.reviewed,
                    draft: self.draft,
                    weight: self.weight,
                    slug: self.slug,
                    template: self.template,
                    tags: self.tags,
                    sources: self.sources,
                    extra: self.extra,
                };
                (common, $fields { $($field: self.$field),* })
            }
        }
    };
    (@key kind) => { "type" };
    (@key $field:ident) => { stringify!($field) };
}
pub(crate) use front_matter;

/// The fields every page and section has, whatever its type.
#[derive(Debug, Clone, Default)]
pub struct Common {
    pub title: String,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub reviewed: Option<Date>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub slug: Option<String>,
    pub template: Option<String>,
    pub tags: Vec<String>,
    pub sources: Vec<Source>,
    pub extra: Extra,
}

/// The type of a section's pages: it decides their typed fields and templates.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ContentType {
    /// Only the common fields (the default).
    #[default]
    Page,
    /// A destination country: code, programmes, wages, mission.
    Country,
    /// Numbered steps.
    Procedure,
    /// A language requirement: its tests and where to learn.
    Language,
    /// An event report: place, organisers, speakers, photos.
    Event,
    /// A printable booklet binding chosen pages.
    Leaflet,
}

impl ContentType {
    /// Every content type, in the order the schemas are listed.
    pub const ALL: [ContentType; 6] = [
        ContentType::Page,
        ContentType::Country,
        ContentType::Procedure,
        ContentType::Language,
        ContentType::Event,
        ContentType::Leaflet,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ContentType::Page => "page",
            ContentType::Country => "country",
            ContentType::Procedure => "procedure",
            ContentType::Language => "language",
            ContentType::Event => "event",
            ContentType::Leaflet => "leaflet",
        }
    }
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// By `weight`, lower first (the default).
    #[default]
    Weight,
    /// By `date`, newest first.
    Date,
    /// By title, alphabetically.
    Title,
}

front_matter! {
    /// The fields a section's `_index` file adds.
    pub struct SectionFront => SectionFields {
        /// The type of the section's pages, which decides their fields (default: page).
        #[serde(default, rename = "type")]
        kind: ContentType,
        /// How the section lists its pages (default: weight).
        #[serde(default, skip_serializing)]
        sort_by: SortBy,
    }
}

#[cfg(test)]
mod tests;
