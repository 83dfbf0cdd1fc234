//! What lembar knows of a language without being told: its name in itself,
//! its locale (`ms_MY`), how it writes numbers and dates, its direction. A
//! Malay page must not borrow Indonesian day names or Indonesian number
//! separators (where "1.700" is 1700 and a Malay reader reads 1.7) just
//! because its UI strings fall back to Indonesian.
//!
//! The likely region and the direction of writing come from CLDR through
//! `icu_locale` (its compiled data: `ms` is `ms-Latn-MY`, `ar` is written
//! right to left); names, months, weekdays and separators from the GNU C
//! library's locale data through `pure-rust-locales`, for that region. A
//! site's or a theme's UI strings for the language win over both
//! (`i18n::Strings`). Pure; the data is compiled in.

use icu_locale::{LanguageIdentifier, LocaleDirectionality, LocaleExpander};
use pure_rust_locales::{Locale, locale_match};

/// The UI strings a language's own data gives, as `(key, value)`: the keys
/// `language_name`, `locale`, `thousands_separator`, `decimal_separator`,
/// `month_1`…`month_12`, `weekday_1` (Monday)…`weekday_7`, `date_format`, and
/// `direction` (`ltr` or `rtl`). Empty for a code neither source knows.
pub fn language_strings(lang: &str) -> Vec<(String, String)> {
    let Ok(mut id) = lang.parse::<LanguageIdentifier>() else {
        return Vec::new();
    };
    let mut strings = Vec::new();
    let rtl = LocaleDirectionality::new_common().is_right_to_left(&id);
    LocaleExpander::new_common().maximize(&mut id);
    let region = id.region.map(|r| r.to_string());
    let locale = region
        .as_deref()
        .and_then(|r| Locale::try_from(format!("{lang}_{r}").as_str()).ok());
    if let Some(locale) = locale {
        strings.extend(locale_strings(locale));
    }
    // Known to CLDR, whatever the C library has.
    if id.script.is_some() {
        strings.push(("direction".into(), if rtl { "rtl" } else { "ltr" }.into()));
    }
    strings
}

/// The strings of one C-library locale.
fn locale_strings(locale: Locale) -> Vec<(String, String)> {
    let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
    let mut strings = vec![pair("locale", &locale.to_string())];
    if let Some(name) = locale_match!(locale => LC_ADDRESS::LANG_NAME) {
        strings.push(pair("language_name", name));
    }
    let thousands = locale_match!(locale => LC_NUMERIC::THOUSANDS_SEP);
    let decimal = locale_match!(locale => LC_NUMERIC::DECIMAL_POINT);
    if !decimal.is_empty() {
        strings.push(pair("decimal_separator", decimal));
        strings.push(pair("thousands_separator", thousands));
    }
    let months: &[&str] = locale_match!(locale => LC_TIME::MON);
    for (i, month) in months.iter().enumerate().take(12) {
        strings.push(pair(&format!("month_{}", i + 1), month));
    }
    // The C library's week starts on Sunday; `weekday_1` is Monday.
    let days: &[&str] = locale_match!(locale => LC_TIME::DAY);
    if days.len() == 7 {
        for n in 1..=7 {
            strings.push(pair(&format!("weekday_{n}"), days[n % 7]));
        }
    }
    strings.push(pair(
        "date_format",
        &date_format(locale_match!(locale => LC_TIME::D_FMT)),
    ));
    strings
}

/// A C-library date format (`%A %d %b %Y`, `%Y年%m月%d日`) as a `date_format`
/// UI string (`{weekday} {day} {month} {year}`): a month's name where the
/// format names it, its number where it numbers it; other fields dropped.
pub fn date_format(format: &str) -> String {
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let field = match chars.next() {
            Some('A' | 'a') => "{weekday}",
            Some('d' | 'e') => "{day}",
            Some('B' | 'b' | 'h') => "{month}",
            Some('m') => "{month_number}",
            Some('Y' | 'y') => "{year}",
            Some('%') => "%",
            _ => "",
        };
        out.push_str(field);
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get<'a>(strings: &'a [(String, String)], key: &str) -> Option<&'a str> {
        strings
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn malay_japanese_and_arabic_have_their_own_names_numbers_and_dates() {
        let ms = language_strings("ms");
        assert_eq!(get(&ms, "locale"), Some("ms_MY"));
        assert_eq!(get(&ms, "language_name"), Some("Melayu"));
        assert_eq!(get(&ms, "thousands_separator"), Some(","));
        assert_eq!(get(&ms, "decimal_separator"), Some("."));
        assert_eq!(get(&ms, "month_8"), Some("Ogos"));
        assert_eq!(get(&ms, "weekday_3"), Some("Rabu"));
        assert_eq!(get(&ms, "weekday_7"), Some("Ahad"));
        assert_eq!(get(&ms, "direction"), Some("ltr"));
        let ja = language_strings("ja");
        assert_eq!(get(&ja, "language_name"), Some("日本語"));
        assert_eq!(
            get(&ja, "date_format"),
            Some("{year}年{month_number}月{day}日")
        );
        let ar = language_strings("ar");
        assert_eq!(get(&ar, "language_name"), Some("العربية"));
        assert_eq!(get(&ar, "direction"), Some("rtl"));
        assert!(
            language_strings("xx").is_empty() || get(&language_strings("xx"), "locale").is_none()
        );
    }

    #[test]
    fn c_date_formats_become_date_patterns() {
        assert_eq!(date_format("%A %d %b %Y"), "{weekday} {day} {month} {year}");
        assert_eq!(date_format("%d %b, %Y"), "{day} {month}, {year}");
        assert_eq!(
            date_format("%Y年%m月%d日"),
            "{year}年{month_number}月{day}日"
        );
    }
}
