//! UI strings: the theme's `i18n/<lang>.yaml` overlaid by the site's, looked up
//! in the page's language, then the default language. Also dates in words.
//! Pure; the files come from [`crate::theme`].

use std::collections::{BTreeMap, BTreeSet};

use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::theme::ThemeFile;
use crate::yaml;

/// Strings by language, then key.
type Layer = BTreeMap<String, BTreeMap<String, String>>;

/// Every UI string of every language.
#[derive(Debug, Default)]
pub struct Strings {
    /// From the theme's and the site's files.
    by_lang: Layer,
    /// What each language's own data gives (`language::language_strings`):
    /// its name, locale, numbers, dates, direction.
    own_data: Layer,
    /// Where each language's readers get a string its files lack
    /// (`Config::fallback_chain`).
    chains: BTreeMap<String, Vec<String>>,
    default_language: String,
}

impl Strings {
    /// The string for `key` in `lang`: its files', else its own data's, else
    /// the first of its fallback languages' files that has it.
    pub fn get(&self, lang: &str, key: &str) -> Option<&str> {
        self.find(lang, key).map(|(text, _)| text)
    }

    /// The language a string for `key` shown to readers of `lang` is written
    /// in: `lang`, or the fallback language whose text stands in for it.
    pub fn language_of<'a>(&'a self, lang: &'a str, key: &str) -> &'a str {
        self.find(lang, key)
            .and_then(|(_, from)| from)
            .unwrap_or(lang)
    }

    /// The text for `key` in `lang`, and the fallback language it comes
    /// from (`None`: `lang`'s own).
    pub fn find(&self, lang: &str, key: &str) -> Option<(&str, Option<&str>)> {
        fn in_map<'m>(map: &'m Layer, l: &str, key: &str) -> Option<&'m str> {
            map.get(l)?.get(key).map(String::as_str)
        }
        let in_map = |map, l: &str| in_map(map, l, key);
        if let Some(own) = in_map(&self.by_lang, lang).or_else(|| in_map(&self.own_data, lang)) {
            return Some((own, None));
        }
        let chain = self.chains.get(lang).into_iter().flatten();
        let mut chain = chain.chain(std::iter::once(&self.default_language));
        chain.find_map(|l| in_map(&self.by_lang, l).map(|text| (text, Some(l.as_str()))))
    }

    /// The direction `lang` is written in: `rtl` where its data (or a UI
    /// string `direction`) says so.
    pub fn direction(&self, lang: &str) -> &'static str {
        match self.get(lang, "direction") {
            Some("rtl") => "rtl",
            _ => "ltr",
        }
    }

    /// The language whose text stands in for a string another one lacks.
    pub fn default_language(&self) -> &str {
        &self.default_language
    }

    /// The keys the default language has and `lang` lacks, in its files and
    /// its own data (its readers see another language's text for them), sorted.
    pub fn missing_keys(&self, lang: &str) -> Vec<&str> {
        self.by_lang
            .get(&self.default_language)
            .into_iter()
            .flat_map(|m| m.keys())
            .filter(|k| self.lacks(lang, k))
            .map(String::as_str)
            .collect()
    }

    /// Whether `lang` has no text of its own for `key`, in its files or its
    /// own data.
    fn lacks(&self, lang: &str, key: &str) -> bool {
        let has = |map: &Layer| map.get(lang).is_some_and(|m| m.contains_key(key));
        !has(&self.by_lang) && !has(&self.own_data)
    }

    /// "Rabu, 6 Agustus 2025" / "Wednesday, 6 August 2025": the names are UI strings.
    pub fn format_date(&self, lang: &str, date: Date) -> String {
        let get = |key: String| self.get(lang, &key).unwrap_or("").to_string();
        let pattern = self
            .get(lang, "date_format")
            .unwrap_or("{weekday}, {day} {month} {year}");
        pattern
            .replace("{weekday}", &get(format!("weekday_{}", date.weekday())))
            .replace("{day}", &date.day().to_string())
            .replace("{month}", &get(format!("month_{}", date.month())))
            .replace("{month_number}", &date.month().to_string())
            .replace("{year}", &date.year().to_string())
    }
}

/// `2060780` → "2.060.780" (id) / "2,060,780" (en); up to two decimals.
pub fn format_number(value: f64, thousands: &str, decimal: &str) -> String {
    let text = format!("{:.2}", value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push_str(thousands);
        }
        grouped.push(digit);
    }
    let sign = if value < 0.0 { "-" } else { "" };
    match fraction.trim_end_matches('0') {
        "" => format!("{sign}{grouped}"),
        f => format!("{sign}{grouped}{decimal}{f}"),
    }
}

/// The site's own strings file for `lang`, where an editor adds a UI string:
/// it overrides the theme's, and the default theme's files are inside lembar.
pub fn site_strings_file(lang: &str) -> std::path::PathBuf {
    std::path::Path::new("i18n").join(format!("{lang}.yaml"))
}

/// The UI string `search_slug` names the search page's folder: it must be a
/// URL segment. An error at its value in the file that sets it.
fn check_search_slug(
    source: &SourceFile,
    map: &BTreeMap<String, String>,
    lang: &str,
) -> Option<Diagnostic> {
    let slug = map.get(SEARCH_SLUG)?;
    let (what, help) = crate::content::check_slug(slug).err()?;
    let at = yaml::value_span(&source.text, 0..source.text.len(), SEARCH_SLUG);
    let problem = Diagnostic::error(format!("the UI string `{SEARCH_SLUG}` in `{lang}`: {what}"))
        .help(format!("{help}; it is the search page's address"));
    Some(match at {
        Some(at) => problem.at(source, at),
        None => problem.in_file(source.path()),
    })
}

/// The UI string that names the search page's folder.
pub const SEARCH_SLUG: &str = "search_slug";

/// Parses the string files (file name `<lang>.yaml`) and reports keys that a
/// language lacks (a warning: the default language's text is shown).
pub fn load_strings(config: &Config, files: &[ThemeFile]) -> (Strings, Vec<Diagnostic>) {
    let mut strings = Strings {
        by_lang: BTreeMap::new(),
        own_data: BTreeMap::new(),
        chains: BTreeMap::new(),
        default_language: config.default_language.clone(),
    };
    let mut problems = Vec::new();
    for file in files {
        let Some(lang) = file.name.strip_suffix(".yaml") else {
            continue;
        };
        if !config.languages.iter().any(|l| l == lang) {
            continue;
        }
        let source = SourceFile::new(&file.path, file.text.clone());
        problems.extend(crate::check::check_control_chars_in(&source));
        let anchor = yaml::Anchor::whole_file(&source, "UI string", "to the file");
        match yaml::parse::<BTreeMap<String, String>>(&source, &anchor, &[]) {
            Ok(map) => {
                problems.extend(check_search_slug(&source, &map, lang));
                strings
                    .by_lang
                    .entry(lang.to_string())
                    .or_default()
                    .extend(map);
            }
            Err(d) => problems.push(d),
        }
    }
    for lang in &config.languages {
        let data: BTreeMap<String, String> = crate::language::language_strings(lang)
            .into_iter()
            .collect();
        strings.own_data.insert(lang.clone(), data);
        strings
            .chains
            .insert(lang.clone(), config.fallback_chain(lang));
    }
    let all: BTreeSet<&String> = strings.by_lang.values().flat_map(|m| m.keys()).collect();
    for lang in &config.languages {
        let missing: Vec<&str> = all
            .iter()
            .filter(|k| strings.lacks(lang, k))
            .map(|k| k.as_str())
            .collect();
        if let Some(problem) = missing_strings(config, &strings, lang, &missing) {
            problems.push(problem);
        }
    }
    (strings, problems)
}

/// One warning for the UI strings `lang` lacks (`missing`, sorted), naming
/// the first few, in the file where the site adds them.
fn missing_strings(
    config: &Config,
    strings: &Strings,
    lang: &str,
    missing: &[&str],
) -> Option<Diagnostic> {
    let first = *missing.first()?;
    let path = site_strings_file(lang);
    let fallback = if lang == config.default_language {
        "pages that use them will fail to render".to_string()
    } else {
        format!(
            "the `{}` text is shown instead",
            strings.language_of(lang, first)
        )
    };
    let message = match missing {
        [key] => format!("the UI string `{key}` is missing in `{lang}`"),
        _ => {
            let shown: Vec<String> = missing.iter().take(4).map(|k| format!("`{k}`")).collect();
            let more = match missing.len() - shown.len() {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            format!(
                "{} UI strings are missing in `{lang}`: {}{more}",
                missing.len(),
                shown.join(", ")
            )
        }
    };
    let add = match missing {
        [_] => format!("add `{first}: …` to `{}`", path.display()),
        _ => format!(
            "add them to `{}` (`lembar check` lists them all)",
            path.display()
        ),
    };
    Some(
        Diagnostic::warning(message)
            .in_file(&path)
            .help(format!("{add}; until then {fallback}")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> Strings {
        let mut s = Strings {
            default_language: "id".into(),
            ..Default::default()
        };
        let id = [
            ("weekday_3", "Rabu"),
            ("month_8", "Agustus"),
            ("home", "Beranda"),
        ];
        let en = [("weekday_3", "Wednesday"), ("month_8", "August")];
        s.by_lang.insert(
            "id".into(),
            id.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        s.by_lang.insert(
            "en".into(),
            en.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        s
    }

    #[test]
    fn numbers_are_grouped_in_the_languages_way() {
        assert_eq!(format_number(2_060_780.0, ".", ","), "2.060.780");
        assert_eq!(format_number(2_060_780.0, ",", "."), "2,060,780");
        assert_eq!(format_number(5100.5, ",", "."), "5,100.5");
        assert_eq!(format_number(950.0, ",", "."), "950");
    }

    #[test]
    fn dates_in_words_in_each_language() {
        let d = Date::parse("2025-08-06").unwrap();
        assert_eq!(strings().format_date("id", d), "Rabu, 6 Agustus 2025");
        assert_eq!(strings().format_date("en", d), "Wednesday, 6 August 2025");
    }

    #[test]
    fn missing_keys_are_the_default_languages_keys_a_language_lacks() {
        let s = strings();
        assert_eq!(s.missing_keys("en"), vec!["home"]);
        assert!(s.missing_keys("id").is_empty());
        // A language without any strings lacks them all.
        assert_eq!(s.missing_keys("ms"), vec!["home", "month_8", "weekday_3"]);
    }

    #[test]
    fn missing_strings_fall_back_to_the_default_language() {
        assert_eq!(strings().get("en", "home"), Some("Beranda"));
        assert_eq!(strings().get("en", "nope"), None);
    }
}
