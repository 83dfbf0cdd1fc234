//! Site data, stage `load` (after the UI strings, before content):
//! `data/facts.yaml` → [`Facts`], named facts written once, each with its
//! as-of date and source and already formatted for every site language; and
//! the one parser of the `{{ name | filter }}` references that Markdown text
//! and front-matter values make to them. Reads one file; the rest is pure.
//!
//! Longer than the ~400-line bound: the kinds of facts, their checks and their
//! formatting per language are one table of cases, and the reference parser is the
//! one Markdown shares.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::front_matter::{Source, Split};
use crate::i18n::{Strings, format_number};
use crate::source::SourceFile;
use crate::types::Period;

/// The data file, relative to the site root.
pub const FACTS_FILE: &str = "data/facts.yaml";

/// A data file larger than this is not a list of facts.
const MAX_BYTES: u64 = 1024 * 1024;

/// What a fact is, where that changes how it is shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Words, the same in every language or one text per language.
    #[default]
    Text,
    /// A telephone number, as printed (`0800-1000`, `+62 21 2924 4800`): a
    /// `tel:` link that never breaks inside the number.
    Phone,
    /// An amount of money: a plain number, shown with the language's separators.
    Money,
    /// A day, `YYYY-MM-DD`, shown in words.
    Date,
}

/// Text that may differ per language.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Localized {
    /// The same in every language.
    One(String),
    /// One per site language: `id: …`, `en: …`.
    PerLanguage(BTreeMap<String, String>),
}

/// A fact's value as written.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Value {
    /// A money amount.
    Number(f64),
    /// Text, a phone number or a date.
    Text(String),
    /// Text per site language.
    PerLanguage(BTreeMap<String, String>),
}

/// When a source states a fact: a day (`2025-04-10`), or only a month
/// (`2025-12`) when the source gives no day; readers see no more than the
/// source says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsOf {
    /// The day, or the first day of the month.
    pub date: Date,
    pub month_only: bool,
}

impl std::fmt::Display for AsOf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.month_only {
            true => write!(f, "{:04}-{:02}", self.date.year(), self.date.month()),
            false => write!(f, "{}", self.date),
        }
    }
}

impl<'de> Deserialize<'de> for AsOf {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let invalid = || serde::de::Error::custom(format!("invalid date `{text}`"));
        let text = text.trim();
        if let Some(date) = Date::parse(text) {
            return Ok(AsOf {
                date,
                month_only: false,
            });
        }
        let date = Date::parse(&format!("{text}-01"))
            .filter(|_| text.len() == 7)
            .ok_or_else(invalid)?;
        Ok(AsOf {
            date,
            month_only: true,
        })
    }
}

impl JsonSchema for AsOf {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AsOf".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": r"^\d{4}-\d{2}(-\d{2})?$",
            "description": "YYYY-MM-DD, or YYYY-MM when the source gives no day"
        })
    }
}

/// One fact of `data/facts.yaml`, as written.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFact {
    /// `text` (the default), `phone`, `money` or `date`.
    #[serde(default)]
    pub kind: Kind,
    /// The fact: text (or one per language), a phone number as printed, a
    /// plain number for money, a date YYYY-MM-DD.
    pub value: Value,
    /// What the fact is, per language, for lists such as the footer's contacts.
    #[serde(default)]
    pub label: Option<Localized>,
    /// Money: written right before the amount, such as `HK$` or `Rp`.
    #[serde(default)]
    pub currency: Option<String>,
    /// Money: the time the amount is paid for.
    #[serde(default)]
    pub period: Option<Period>,
    /// The date of the latest source that states the fact (`YYYY-MM` when
    /// it gives no day). Readers see it.
    pub as_of: AsOf,
    /// The day an editor last compared the fact with its sources. A fact is
    /// stale `review_after_months` after the later of this and `as_of`.
    #[serde(default)]
    pub reviewed: Option<Date>,
    /// Where the fact comes from; pages that use it list it among their sources.
    pub source: Source,
    /// Show it in every page's footer (contacts such as hotlines).
    #[serde(default)]
    pub footer: bool,
    /// A phone number that also takes WhatsApp messages: a `https://wa.me/` link too.
    #[serde(default)]
    pub whatsapp: bool,
}

/// The whole data file, as written.
pub type RawFacts = BTreeMap<String, RawFact>;

/// A fact as one language shows it.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Shown {
    /// The value as text: `0800-1000`, `HK$5.100`, `1 Februari 2025`.
    pub text: String,
    /// The value as HTML: a phone number is a link.
    pub html: String,
    pub label: Option<String>,
    /// The as-of date in words.
    pub as_of: String,
    /// `tel:` (and WhatsApp) addresses of a phone number.
    pub tel: Option<String>,
    pub whatsapp: Option<String>,
}

/// A fact, checked, with how each language shows it.
#[derive(Debug, Clone)]
pub struct Fact {
    pub name: String,
    pub kind: Kind,
    /// Counted from for staleness (a month-only date: its first day).
    pub as_of: AsOf,
    pub reviewed: Option<Date>,
    pub source: Source,
    pub footer: bool,
    /// Money: what a `wages:` entry takes from it.
    pub amount: Option<f64>,
    pub currency: Option<String>,
    pub period: Option<Period>,
    /// Where the fact's name and its `as_of` are written in the data file.
    pub name_at: usize,
    pub as_of_span: Range<usize>,
    /// In the order of the site's languages.
    shown: Vec<Shown>,
    has_label: bool,
}

impl Fact {
    /// The day the fact is counted stale from.
    pub fn checked(&self) -> Date {
        self.reviewed
            .map_or(self.as_of.date, |r| r.max(self.as_of.date))
    }
}

/// Every fact of the site, by name; empty when the site has no data file.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    facts: Vec<Fact>,
    languages: Vec<String>,
    /// Words the `dated` filter puts around a date: "(per {date})".
    dated: Vec<String>,
    /// The data file, for warnings that point into it.
    pub file: Option<SourceFile>,
}

/// How a reference shows its fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// `{{ name }}`: the value.
    Value,
    /// `{{ name | dated }}`: the value and its as-of date.
    Dated,
    /// `{{ name | label }}`: what the fact is.
    Label,
    /// `{{ name | as_of }}`: the as-of date alone.
    AsOf,
}

const FILTERS: [(&str, Filter); 3] = [
    ("dated", Filter::Dated),
    ("label", Filter::Label),
    ("as_of", Filter::AsOf),
];

/// A `{{ name | filter }}` in some text, at `range` of that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference<'t> {
    pub range: Range<usize>,
    pub name: &'t str,
    pub filter: Option<&'t str>,
}

/// A reference checked against the facts: which fact, shown how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Use {
    pub fact: usize,
    pub filter: Filter,
}

/// A file's use of a fact, at `span` of the file (for warnings on the page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactUse {
    pub fact: usize,
    pub span: Range<usize>,
}

/// The facts a content file uses, in its front matter and in its Markdown
/// text (not in code), and an error for each reference to an unknown fact or
/// filter.
pub fn find_uses(
    facts: &Facts,
    file: &SourceFile,
    split: &Split,
) -> (Vec<FactUse>, Vec<Diagnostic>) {
    let mut uses = Vec::new();
    let mut problems = Vec::new();
    let mut check = |r: &Reference, span: Range<usize>| match facts.resolve(r) {
        Ok(use_) => uses.push(FactUse {
            fact: use_.fact,
            span,
        }),
        Err((message, help)) => problems.push(Diagnostic::error(message).at(file, span).help(help)),
    };
    let yaml = &file.text[split.yaml.clone()];
    for r in references(yaml) {
        let span = split.yaml.start + r.range.start..split.yaml.start + r.range.end;
        check(&r, span);
    }
    let body = &file.text[split.body.clone()];
    if body.contains("{{") {
        for (text, range) in crate::markdown::text_runs(body) {
            let written = &body[range.clone()];
            for r in references(&text) {
                // The text differs from what is written where it has escapes
                // or entities; then find the reference itself.
                let at = if *written == *text {
                    Some(r.range.start)
                } else {
                    written.find(&text[r.range.clone()])
                };
                let span = match at {
                    Some(i) => range.start + i..range.start + i + r.range.len(),
                    None => range.clone(),
                };
                check(
                    &r,
                    split.body.start + span.start..split.body.start + span.end,
                );
            }
        }
    }
    (uses, problems)
}

/// Every `{{ … }}` of `text` that has the shape of a reference: a name of
/// letters, digits, `_`, `-` and `.` (so a misspelt name is still reported),
/// then optionally `|` and a filter. Anything else between braces (Hugo's
/// `{{< … >}}`, a template example) is not a reference.
pub fn references(text: &str) -> impl Iterator<Item = Reference<'_>> {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(i) = text[from..].find("{{") {
            let start = from + i;
            from = start + 2;
            if let Some(found) = reference_at(text, start) {
                from = found.range.end;
                return Some(found);
            }
        }
        None
    })
}

fn reference_at(text: &str, start: usize) -> Option<Reference<'_>> {
    let close = text[start + 2..].find("}}")? + start + 2;
    let inner = &text[start + 2..close];
    let (name, filter) = match inner.split_once('|') {
        Some((n, f)) => (n.trim(), Some(f.trim())),
        None => (inner.trim(), None),
    };
    let word = |w: &str, extra: &[char]| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
    };
    if !word(name, &['_', '-', '.']) || filter.is_some_and(|f| !word(f, &['_', '-'])) {
        return None;
    }
    Some(Reference {
        range: start..close + 2,
        name,
        filter,
    })
}

/// Whether a fact's name has the allowed shape.
fn is_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl Facts {
    pub fn all(&self) -> &[Fact] {
        &self.facts
    }

    pub fn get(&self, index: usize) -> &Fact {
        &self.facts[index]
    }

    /// How `lang`, a site language, shows fact `index`.
    pub fn shown(&self, index: usize, lang: &str) -> &Shown {
        let i = self.languages.iter().position(|l| l == lang).unwrap_or(0);
        &self.facts[index].shown[i]
    }

    /// The fact named `name`, or what is wrong (message, help).
    pub fn find(&self, name: &str) -> Result<usize, (String, String)> {
        self.facts
            .binary_search_by(|f| f.name.as_str().cmp(name))
            .map_err(|_| {
                let names = self.facts.iter().map(|f| f.name.as_str());
                let help = match did_you_mean(name, names) {
                    Some(best) => {
                        format!("did you mean `{best}`? facts are defined in `{FACTS_FILE}`")
                    }
                    None if self.facts.is_empty() => format!(
                        "define it in `{FACTS_FILE}` (a name, then its `value`, `as_of` and `source`), or write `{{{{` inside `code` to show it as text"
                    ),
                    None => format!("the facts are defined in `{FACTS_FILE}`; define `{name}` there"),
                };
                (format!("unknown fact `{name}`"), help)
            })
    }

    /// Checks a reference: the fact it names and its filter, or what is wrong
    /// with it (message, help).
    pub fn resolve(&self, reference: &Reference) -> Result<Use, (String, String)> {
        let fact = self.find(reference.name)?;
        let filter = match reference.filter {
            None => Filter::Value,
            Some(name) => {
                match FILTERS.iter().find(|(n, _)| *n == name) {
                    Some((_, f)) => *f,
                    None => {
                        let known = FILTERS.map(|(n, _)| n);
                        let help = match did_you_mean(name, known) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => "use `dated` (the value and its date), `label`, `as_of`, or no filter".into(),
                    };
                        return Err((format!("unknown fact filter `{name}`"), help));
                    }
                }
            }
        };
        if filter == Filter::Label && !self.facts[fact].has_label {
            return Err((
                format!("the fact `{}` has no `label`", reference.name),
                format!(
                    "add a `label:` to `{}` in `{FACTS_FILE}`, or leave out `| label`",
                    reference.name
                ),
            ));
        }
        Ok(Use { fact, filter })
    }

    /// What `use_` shows in `lang`, as text.
    pub fn text(&self, use_: Use, lang: &str) -> String {
        let shown = self.shown(use_.fact, lang);
        match use_.filter {
            Filter::Value => shown.text.clone(),
            Filter::Label => shown.label.clone().unwrap_or_default(),
            Filter::AsOf => shown.as_of.clone(),
            Filter::Dated => format!("{} {}", shown.text, self.dated(lang, &shown.as_of)),
        }
    }

    /// What `use_` shows in `lang`, as HTML (`link`: a phone number may be a
    /// link here, which it cannot be inside another link).
    pub fn html(&self, use_: Use, lang: &str, link: bool) -> String {
        let shown = self.shown(use_.fact, lang);
        let value = if link {
            shown.html.clone()
        } else {
            format!(
                "<span class=\"fact-{}\">{}</span>",
                kind_class(self.facts[use_.fact].kind),
                escape(&shown.text)
            )
        };
        match use_.filter {
            Filter::Value => value,
            Filter::Dated => format!("{value} {}", escape(&self.dated(lang, &shown.as_of))),
            Filter::Label | Filter::AsOf => escape(&self.text(use_, lang)),
        }
    }

    fn dated(&self, lang: &str, date: &str) -> String {
        let i = self.languages.iter().position(|l| l == lang).unwrap_or(0);
        self.dated
            .get(i)
            .map_or_else(|| format!("({date})"), |w| w.replace("{date}", date))
    }

    /// `text` with every known reference replaced by its text in `lang`.
    /// Unknown references are left as written: they are reported where the
    /// file is loaded.
    pub fn expand(&self, text: &str, lang: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for r in references(text) {
            if let Ok(use_) = self.resolve(&r) {
                out.push_str(&text[last..r.range.start]);
                out.push_str(&self.text(use_, lang));
                last = r.range.end;
            }
        }
        out.push_str(&text[last..]);
        out
    }

    /// The facts shown in every page's footer, as `lang` shows them.
    pub fn footer(&self, lang: &str) -> Vec<&Shown> {
        (0..self.facts.len())
            .filter(|&i| self.facts[i].footer)
            .map(|i| self.shown(i, lang))
            .collect()
    }
}

fn kind_class(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "text",
        Kind::Phone => "phone",
        Kind::Money => "money",
        Kind::Date => "date",
    }
}

fn escape(text: &str) -> String {
    crate::markdown::escape(text)
}

/// Reads and checks `data/facts.yaml` (no file: no facts), formatting every
/// fact for every site language with `strings` (number separators, month
/// names, the words of `dated`).
pub fn load_facts(config: &Config, strings: &Strings) -> (Facts, Vec<Diagnostic>) {
    let path = Path::new(FACTS_FILE);
    if !config.root.join(path).exists() {
        return (Facts::default(), Vec::new());
    }
    let text = match crate::files::read_file(&config.root, path, MAX_BYTES) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(refused) => return (Facts::default(), vec![refused.diagnostic(path)]),
    };
    parse_facts(config, strings, SourceFile::new(path, text))
}

/// Loads the facts into `config` for a command that reads the content
/// without building it (`check`'s report, `new`): problems are left to the
/// build to report.
pub fn attach(config: &mut Config) {
    let strings = crate::theme::load_theme(config)
        .ok()
        .map(|theme| crate::i18n::load_strings(config, &theme.strings).0)
        .unwrap_or_default();
    config.facts = std::sync::Arc::new(load_facts(config, &strings).0);
}

/// [`load_facts`] on the file's text.
pub fn parse_facts(
    config: &Config,
    strings: &Strings,
    file: SourceFile,
) -> (Facts, Vec<Diagnostic>) {
    let at = crate::yaml::Anchor::whole_file(&file, "fact key", "under the fact's name");
    const FIELDS: &[&str] = &[
        "kind", "value", "label", "currency", "period", "as_of", "reviewed", "source", "footer",
        "whatsapp",
    ];
    let raw: RawFacts = match crate::yaml::parse(&file, &at, FIELDS) {
        Ok(raw) => raw,
        Err(d) => return (Facts::default(), vec![d]),
    };
    let mut problems = Vec::new();
    let mut facts = Vec::new();
    for (name, raw) in raw {
        let block = fact_block(&file.text, &name);
        let locate = |key: &str| {
            nested_value(&file.text, block.clone(), key)
                .unwrap_or(block.start..block.start + name.len().max(1))
        };
        let mut error = |key: &str, message: String, help: String| {
            problems.push(Diagnostic::error(message).at(&file, locate(key)).help(help));
        };
        if !is_name(&name) {
            error(
                "",
                format!("the fact name `{name}` is not a name references can use"),
                format!(
                    "use lower-case letters, digits and `_`, starting with a letter: `{}`",
                    suggest_name(&name)
                ),
            );
            continue;
        }
        if let Err((message, help)) = crate::links::check_web_url(&raw.source.url) {
            error("url", message, help);
        }
        match check_fact(config, strings, &name, &raw) {
            Ok(shown) => facts.push(Fact {
                name_at: block.start,
                as_of_span: locate("as_of"),
                has_label: raw.label.is_some(),
                name,
                kind: raw.kind,
                as_of: raw.as_of,
                reviewed: raw.reviewed,
                source: raw.source,
                footer: raw.footer,
                // Only money has a `period`, so only money fills a wage.
                amount: match raw.value {
                    Value::Number(n) => Some(n),
                    _ => None,
                },
                currency: raw.currency,
                period: raw.period,
                shown,
            }),
            Err((key, message, help)) => error(key, message, help),
        }
    }
    let dated = config
        .languages
        .iter()
        .map(|l| {
            strings
                .get(l, "fact_dated")
                .unwrap_or("({date})")
                .to_string()
        })
        .collect();
    let facts = Facts {
        facts,
        languages: config.languages.clone(),
        dated,
        file: Some(file),
    };
    (facts, problems)
}

/// A bad key of a fact: which key, what is wrong, what to do.
type Bad = (&'static str, String, String);

/// Checks what serde cannot (the value fits the kind, every language has its
/// text) and formats the fact for each language.
fn check_fact(
    config: &Config,
    strings: &Strings,
    name: &str,
    raw: &RawFact,
) -> Result<Vec<Shown>, Bad> {
    let languages = &config.languages;
    let per_language = |key: &'static str, map: &BTreeMap<String, String>| -> Result<(), Bad> {
        if let Some(other) = map.keys().find(|l| !languages.contains(l)) {
            return Err((
                key,
                format!("`{other}` is not a language of this site"),
                format!("the site's languages are {}", list(languages)),
            ));
        }
        if let Some(missing) = languages.iter().find(|l| !map.contains_key(*l)) {
            return Err((
                key,
                format!("the fact `{name}` has no `{key}` in `{missing}`"),
                format!(
                    "add `{missing}: …` under `{key}:`, one line per language ({})",
                    list(languages)
                ),
            ));
        }
        Ok(())
    };
    if let Some(Localized::PerLanguage(map)) = &raw.label {
        per_language("label", map)?;
    }
    if raw.kind != Kind::Money && (raw.currency.is_some() || raw.period.is_some()) {
        let key = if raw.currency.is_some() {
            "currency"
        } else {
            "period"
        };
        return Err((
            key,
            format!("only money has a `{key}`"),
            format!("add `kind: money` to `{name}`, or remove `{key}`"),
        ));
    }
    if raw.whatsapp && raw.kind != Kind::Phone {
        return Err((
            "whatsapp",
            "only a phone number takes WhatsApp messages".into(),
            format!("add `kind: phone` to `{name}`, or remove `whatsapp`"),
        ));
    }
    let text_of = |lang: &str| -> Result<String, Bad> {
        match (&raw.value, raw.kind) {
            (Value::Number(n), Kind::Money) => {
                let get = |k: &str, d: &'static str| strings.get(lang, k).unwrap_or(d).to_string();
                let amount = format_number(*n, &get("thousands_separator", ","), &get("decimal_separator", "."));
                Ok(format!("{}{amount}", raw.currency.as_deref().unwrap_or("")))
            }
            (_, Kind::Money) => Err(("value", format!("the money fact `{name}` needs a plain number"), "write the amount without currency or separators, such as `value: 5100`, and the currency as `currency: HK$`".into())),
            (Value::Text(t), Kind::Date) => match Date::parse(t) {
                Some(date) => Ok(in_words(strings, lang, AsOf { date, month_only: false })),
                None => Err(("value", format!("`{t}` is not a date"), "write the date as YYYY-MM-DD, such as `2025-02-01`".into())),
            },
            (_, Kind::Date) => Err(("value", format!("the date fact `{name}` needs one date"), "write the date as YYYY-MM-DD, such as `2025-02-01`".into())),
            (Value::Text(t), Kind::Phone) => {
                check_phone(t).map_err(|m| ("value", m, "write the number as it is dialled, in quotes: digits, spaces, `-`, and `+` before a country code, such as `\"+62 21 2924 4800\"`".into()))?;
                Ok(t.clone())
            }
            (Value::Number(_), Kind::Phone) => Err(("value", format!("write the phone number of `{name}` in quotes"), "a number without quotes loses its leading zeros: `value: \"0800-1000\"`".into())),
            (Value::PerLanguage(_), Kind::Phone) => Err(("value", format!("the phone number of `{name}` is the same in every language"), "write one number; put what differs in `label:`".into())),
            (Value::Text(t), Kind::Text) => Ok(t.clone()),
            (Value::PerLanguage(map), Kind::Text) => Ok(map.get(lang).cloned().unwrap_or_default()),
            (Value::Number(n), Kind::Text) => Ok(n.to_string()),
        }
    };
    if let Value::PerLanguage(map) = &raw.value {
        per_language("value", map)?;
    }
    languages
        .iter()
        .map(|lang| {
            let text = text_of(lang)?;
            let (tel, whatsapp) = match raw.kind {
                Kind::Phone => {
                    let digits: String = text
                        .chars()
                        .filter(|c| c.is_ascii_digit() || *c == '+')
                        .collect();
                    let wa = raw
                        .whatsapp
                        .then(|| format!("https://wa.me/{}", international(&digits)));
                    (Some(format!("tel:{digits}")), wa)
                }
                _ => (None, None),
            };
            let html = match &tel {
                Some(tel) => format!(
                    "<a class=\"fact-phone\" href=\"{tel}\">{}</a>",
                    escape(&text)
                ),
                None => format!(
                    "<span class=\"fact-{}\">{}</span>",
                    kind_class(raw.kind),
                    escape(&text)
                ),
            };
            let label = raw.label.as_ref().map(|l| match l {
                Localized::One(t) => t.clone(),
                Localized::PerLanguage(map) => map.get(lang).cloned().unwrap_or_default(),
            });
            Ok(Shown {
                as_of: in_words(strings, lang, raw.as_of),
                text,
                html,
                label,
                tel,
                whatsapp,
            })
        })
        .collect()
}

/// "1 Februari 2025": a day without its weekday; "Desember 2025" for a month.
fn in_words(strings: &Strings, lang: &str, as_of: AsOf) -> String {
    let date = as_of.date;
    let month = strings
        .get(lang, &format!("month_{}", date.month()))
        .unwrap_or("");
    match as_of.month_only {
        true => format!("{month} {}", date.year()),
        false => format!("{} {month} {}", date.day(), date.year()),
    }
}

/// A number as it is dialled: digits with spaces, `-`, `.` or brackets
/// between them, and `+` only in front.
/// Whether `number` is written as a phone dials it (also the rule for `tel:` links).
pub(crate) fn check_phone(number: &str) -> Result<(), String> {
    let body = number.strip_prefix('+').unwrap_or(number);
    if let Some(bad) = body
        .chars()
        .find(|c| !(c.is_ascii_digit() || " -.()".contains(*c)))
    {
        return Err(format!("`{number}` is not a phone number: it has `{bad}`"));
    }
    if body.chars().filter(char::is_ascii_digit).count() < 3 {
        return Err(format!(
            "`{number}` is not a phone number: it has fewer than three digits"
        ));
    }
    Ok(())
}

/// wa.me wants the international number without `+`: an Indonesian number
/// written `0811…` is `62811…`.
fn international(digits: &str) -> String {
    match digits.strip_prefix('+') {
        Some(rest) => rest.to_string(),
        None => match digits.strip_prefix('0') {
            Some(rest) => format!("62{rest}"),
            None => digits.to_string(),
        },
    }
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|l| format!("`{l}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn suggest_name(name: &str) -> String {
    let s: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if s.starts_with(|c: char| c.is_ascii_lowercase()) {
        s
    } else {
        format!("fact_{s}")
    }
}

/// The bytes of fact `name`'s block: from its `name:` line (at the start of
/// a line) to the next line that starts a top-level key.
pub(crate) fn fact_block(text: &str, name: &str) -> Range<usize> {
    let mut start = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let top = line.starts_with(|c: char| !c.is_whitespace() && c != '#');
        if top {
            if let Some(s) = start {
                return s..at;
            }
            let key = line
                .split(':')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\'']);
            if key == name {
                start = Some(at);
            }
        }
        at += line.len();
    }
    start.map_or(0..0, |s| s..text.len())
}

/// Where the value of `key` is in `text[block]`: the first `key:` at the
/// start of a line (any indentation) or inside a flow map (`{title: …,
/// url: …}`). An empty key means the fact's name: `None`.
fn nested_value(text: &str, block: Range<usize>, key: &str) -> Option<Range<usize>> {
    if key.is_empty() {
        return None;
    }
    let mut at = block.start;
    for line in text.get(block)?.split_inclusive('\n') {
        let found = line.match_indices(&format!("{key}:")).find(|(i, _)| {
            line[..*i]
                .chars()
                .next_back()
                .is_none_or(|c| c == ' ' || c == '{' || c == ',')
        });
        if let Some((i, _)) = found {
            let rest = &line[i + key.len() + 1..];
            let value = rest.trim_start();
            let len = value
                .find([',', '}', '\n'])
                .map_or(value.trim_end().len(), |end| value[..end].trim_end().len());
            let start = at + i + key.len() + 1 + (rest.len() - value.len());
            return Some(if len == 0 {
                at + i..at + i + key.len()
            } else {
                start..start + len
            });
        }
        at += line.len();
    }
    None
}

/// The stale facts, and review dates in the future: warnings on the data
/// file. Each page using a stale fact gets its own warning from `check`.
pub fn check_stale(facts: &Facts, config: &Config, today: Date) -> Vec<Diagnostic> {
    let Some(file) = &facts.file else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for f in facts.all() {
        if let Some(reviewed) = f.reviewed.filter(|r| *r > today) {
            let block = fact_block(&file.text, &f.name);
            let at = nested_value(&file.text, block, "reviewed")
                .unwrap_or(f.name_at..f.name_at + f.name.len());
            problems.push(
                Diagnostic::warning(format!(
                    "the fact `{}` has a review date in the future, {reviewed}",
                    f.name
                ))
                .at(file, at)
                .help("set `reviewed:` to the day you compared the fact with its sources"),
            );
        } else if is_stale(f, config, today) {
            problems.push(
                Diagnostic::warning(format!(
                    "the fact `{}` is as of {}, {} months or more ago",
                    f.name, f.as_of, config.review_after_months
                ))
                .at(file, f.as_of_span.clone())
                .help("check it against its source or a newer one; update `value`, `as_of` and `source`, or set `reviewed:` to the day you checked"),
            );
        }
    }
    problems
}

pub fn is_stale(fact: &Fact, config: &Config, today: Date) -> bool {
    fact.checked().months_until(today) >= i64::from(config.review_after_months)
}

#[cfg(test)]
mod tests;
