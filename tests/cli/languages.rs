//! A site in Indonesian, English, Malay, Japanese and Arabic: each language
//! with its own name, locale, numbers, dates and direction, whatever
//! language its missing UI strings are borrowed from.

use crate::support::{Site, fixtures};

fn five_languages() -> Site {
    let site = Site::overlay(&fixtures().join("languages"));
    site.build(&[]).success();
    site
}

#[test]
fn each_language_has_its_own_name_locale_numbers_and_dates() {
    let site = five_languages();
    let japan = site.read("public/ms/negara/jepang/index.html");
    // The switcher names each language once, in itself.
    assert_eq!(
        japan
            .matches("<span class=\"lang-name\">Bahasa Indonesia</span>")
            .count(),
        1
    );
    for name in ["Melayu", "日本語", "العربية", "English"] {
        assert!(
            japan.contains(&format!("<span class=\"lang-name\">{name}</span>")),
            "{name}"
        );
    }
    assert!(
        japan.contains("<meta property=\"og:locale\" content=\"ms_MY\">"),
        "{japan}"
    );
    // 1700 is "1,700" to a Malay reader, not Indonesian "1.700".
    assert!(japan.contains("MYR 1,700"), "{japan}");
    // Malay day and month names, in Malay's order, on a page borrowed from Indonesian.
    let event = site.read("public/ms/events/bontang/index.html");
    assert!(event.contains("Rabu 6 Ogos 2025"), "{event}");
    let event_ja = site.read("public/ja/events/bontang/index.html");
    assert!(event_ja.contains("2025年8月6日"), "{event_ja}");
}

#[test]
fn a_borrowed_page_and_notice_say_which_language_they_are_in() {
    let site = five_languages();
    // Malay readers get the Indonesian original (ms → id), and the notice,
    // borrowed from Indonesian too, names their language, not Indonesian.
    let event = site.read("public/ms/events/bontang/index.html");
    assert!(
        event.contains("<main id=\"main\" tabindex=\"-1\" lang=\"id\">"),
        "{event}"
    );
    assert!(
        event.contains("<p class=\"notice\" lang=\"id\">Halaman ini belum tersedia dalam Melayu."),
        "{event}"
    );
    // Japanese readers get the English original (ja → en).
    let event_ja = site.read("public/ja/events/bontang/index.html");
    assert!(
        event_ja.contains("lang=\"en\">This page is not available in 日本語 yet."),
        "{event_ja}"
    );
}

#[test]
fn arabic_is_written_right_to_left_and_the_rest_left_to_right_beside_it() {
    let site = five_languages();
    let home = site.read("public/ar/index.html");
    assert!(home.contains("<html lang=\"ar\" dir=\"rtl\">"), "{home}");
    // On paper too, the page's address in its margin reads left to right.
    assert!(
        home.contains(r#"@bottom-left{content:"\2066" "example.org/ar/" "\2069"}"#),
        "{home}"
    );
    // On an Arabic page the other languages' names run left to right.
    assert!(
        home.contains("hreflang=\"id\" lang=\"id\" dir=\"ltr\""),
        "{home}"
    );
    // Borrowed English content inside an Arabic page.
    let japan = site.read("public/ar/countries/japan/index.html");
    assert!(japan.contains("<main id=\"main\" tabindex=\"-1\" lang=\"en\" dir=\"ltr\">"));
    // On a left-to-right page, Arabic's name runs right to left.
    let id = site.read("public/id/index.html");
    assert!(
        id.contains("hreflang=\"ar\" lang=\"ar\" dir=\"rtl\""),
        "{id}"
    );
    assert!(id.contains("<html lang=\"id\">"));
}

#[test]
fn missing_ui_strings_are_one_warning_per_language_and_fallbacks_are_checked() {
    let site = Site::overlay(&fixtures().join("languages"));
    let run = site.build(&[]);
    run.success();
    assert!(
        run.stderr.contains("UI strings are missing in `ms`")
            && run
                .stderr
                .contains("until then the `id` text is shown instead"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("until then the `en` text is shown instead")
    );
    // Malay's own data fills what Indonesian would get wrong: no warning for them.
    assert!(!run.stderr.contains("`month_8`"), "{}", run.stderr);
    let yaml = site.read("site.yaml");
    site.write("site.yaml", yaml.replace("ms: [id]", "ms: [jv]"));
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: `fallback_languages` names `jv`, which is not in `languages`"),
        "{}",
        run.stderr
    );
}

#[test]
fn ui_strings_borrowed_from_another_language_carry_its_lang() {
    let site = five_languages();
    // Malay has no UI strings of its own here: they are Indonesian, and say so.
    let japan = site.read("public/ms/negara/jepang/index.html");
    assert!(japan.contains("<span lang=\"id\">Cari</span>"), "{japan}");
    assert!(
        japan.contains("<summary><span lang=\"id\">Menu</span></summary>"),
        "{japan}"
    );
    // Where an element cannot hold one (the title, attributes), plain text.
    assert!(japan.contains("<title>Jepun · Laman Ujian</title>"));
    assert!(japan.contains("aria-label=\"Pilih bahasa\""));
    assert!(!japan.contains('\u{E000}') && !japan.contains('\u{E002}'));
    // English borrowed into an Arabic page runs left to right.
    let home = site.read("public/ar/index.html");
    assert!(
        home.contains("<span lang=\"en\" dir=\"ltr\">Search</span>"),
        "{home}"
    );
    // A language's own strings are not marked.
    let id = site.read("public/id/index.html");
    assert!(!id.contains("<span lang=\"id\">"));
}
