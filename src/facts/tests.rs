use super::*;

fn config() -> Config {
    let yaml = "title: {id: A, en: A}\nbase_url: https://a.id/\ndefault_language: id\nlanguages: [id, en]\nreview_after_months: 12\n";
    crate::config::parse_config(
        &SourceFile::new("site.yaml", yaml.into()),
        Path::new("/site"),
        None,
    )
    .unwrap()
}

fn strings() -> Strings {
    let config = config();
    let files: Vec<crate::theme::ThemeFile> = crate::theme::load_theme(&config)
        .map(|t| t.strings)
        .unwrap_or_default();
    crate::i18n::load_strings(&config, &files).0
}

fn facts(yaml: &str) -> (Facts, Vec<Diagnostic>) {
    parse_facts(
        &config(),
        &strings(),
        SourceFile::new(FACTS_FILE, yaml.into()),
    )
}

const SOURCE: &str = "  as_of: 2025-09-30\n  source: {title: Gov, url: https://gov.hk/}\n";

fn one(body: &str) -> Facts {
    let (facts, problems) = facts(&format!("x:\n{body}{SOURCE}"));
    assert!(problems.is_empty(), "{problems:?}");
    facts
}

fn text(facts: &Facts, reference: &str, lang: &str) -> String {
    facts.expand(reference, lang)
}

#[test]
fn references_are_found_with_their_filters_and_other_braces_are_not() {
    let found: Vec<_> =
        references("a {{ hotline }}, {{x|dated}} {{< shortcode >}} {{ two words }} {{ a.b-c }}")
            .map(|r| (r.name, r.filter))
            .collect();
    assert_eq!(
        found,
        [("hotline", None), ("x", Some("dated")), ("a.b-c", None)]
    );
    assert_eq!(references("{{ unclosed").count(), 0);
    let r = references("ab{{ x }}").next().unwrap();
    assert_eq!(r.range, 2..9);
}

#[test]
fn money_takes_each_languages_separators_and_a_date_is_in_words() {
    let money = one("  kind: money\n  value: 5100\n  currency: HK$\n  period: month\n");
    assert_eq!(text(&money, "{{ x }}", "id"), "HK$5.100");
    assert_eq!(text(&money, "{{ x }}", "en"), "HK$5,100");
    assert_eq!(
        text(&money, "{{ x | dated }}", "id"),
        "HK$5.100 (per 30 September 2025)"
    );
    assert_eq!(
        text(&money, "{{ x | dated }}", "en"),
        "HK$5,100 (as of 30 September 2025)"
    );
    assert_eq!(text(&money, "{{ x | as_of }}", "id"), "30 September 2025");
    let date = one("  kind: date\n  value: 2025-02-01\n");
    assert_eq!(text(&date, "dari {{ x }}", "id"), "dari 1 Februari 2025");
    assert_eq!(text(&date, "from {{ x }}", "en"), "from 1 February 2025");
}

#[test]
fn a_phone_number_is_a_link_that_does_not_break_except_inside_a_link() {
    let phone = one(
        "  kind: phone\n  value: \"+62 21 2924 4800\"\n  label: {id: Dari luar negeri, en: From abroad}\n",
    );
    let use_ = Use {
        fact: 0,
        filter: Filter::Value,
    };
    assert_eq!(
        phone.html(use_, "id", true),
        "<a class=\"fact-phone\" href=\"tel:+622129244800\">+62 21 2924 4800</a>"
    );
    assert_eq!(
        phone.html(use_, "id", false),
        "<span class=\"fact-phone\">+62 21 2924 4800</span>"
    );
    assert_eq!(text(&phone, "{{ x | label }}", "en"), "From abroad");
    let wa = one("  kind: phone\n  value: \"0811-8080-141\"\n  whatsapp: true\n");
    assert_eq!(
        wa.shown(0, "id").whatsapp.as_deref(),
        Some("https://wa.me/628118080141")
    );
}

#[test]
fn per_language_text_is_chosen_by_the_pages_language() {
    let office = one(
        "  value: {id: Dinas Ketenagakerjaan Kota Bontang, en: Bontang City Manpower Office}\n",
    );
    assert_eq!(
        text(&office, "{{ x }}", "id"),
        "Dinas Ketenagakerjaan Kota Bontang"
    );
    assert_eq!(
        text(&office, "{{ x }}", "en"),
        "Bontang City Manpower Office"
    );
}

#[test]
fn unknown_names_and_filters_are_refused_with_a_suggestion() {
    let f = one("  value: A\n");
    let refused = |s: &str| f.resolve(&references(s).next().unwrap()).unwrap_err();
    let (message, help) = refused("{{ y }}");
    assert_eq!(message, "unknown fact `y`");
    assert!(help.contains("data/facts.yaml"), "{help}");
    let (message, help) = refused("{{ x | dates }}");
    assert_eq!(message, "unknown fact filter `dates`");
    assert_eq!(help, "did you mean `dated`?");
    let (message, _) = refused("{{ x | label }}");
    assert_eq!(message, "the fact `x` has no `label`");
    let (message, help) = Facts::default()
        .resolve(&references("{{ hotline }}").next().unwrap())
        .unwrap_err();
    assert_eq!(message, "unknown fact `hotline`");
    assert!(help.starts_with("define it in `data/facts.yaml`"), "{help}");
    assert!(
        !refused("{{ y }}").1.starts_with("define it"),
        "with facts, the help lists them"
    );
    // An unknown reference stays as written: it is reported where the file loads.
    assert_eq!(text(&f, "{{ y }} {{ x }}", "id"), "{{ y }} A");
}

#[test]
fn a_value_must_fit_its_kind_and_every_language() {
    let refused = |body: &str| {
        let (_, problems) = facts(&format!("x:\n{body}{SOURCE}"));
        assert_eq!(problems.len(), 1, "{body}: {problems:?}");
        problems[0].to_string()
    };
    assert!(
        refused("  kind: phone\n  value: 0800-HALO\n")
            .contains("`0800-HALO` is not a phone number: it has `H`")
    );
    assert!(refused("  kind: phone\n  value: 1500630\n").contains("in quotes"));
    assert!(refused("  kind: money\n  value: HK$5,100\n").contains("needs a plain number"));
    assert!(refused("  kind: date\n  value: 2025-02-30\n").contains("is not a date"));
    assert!(refused("  value: {id: A}\n").contains("has no `value` in `en`"));
    assert!(
        refused("  value: {id: A, en: B, ms: C}\n").contains("`ms` is not a language of this site")
    );
    assert!(refused("  value: A\n  currency: RM\n").contains("only money has a `currency`"));
    assert!(refused("  value: A\n  whatsapp: true\n").contains("only a phone number"));
    let (_, problems) = facts(&format!("Hot-Line:\n  value: A\n{SOURCE}"));
    let shown = problems[0].to_string();
    assert!(
        shown.contains("`hot_line`") && shown.contains("| ^^^^^^^^\n"),
        "the name is marked whole: {shown}"
    );
    let (_, problems) = facts(&format!(
        "x:\n  value: A\n{SOURCE}1x:\n  value: A\n{SOURCE}"
    ));
    assert!(
        problems[0].to_string().contains("`fact_1x`"),
        "a name starts with a letter: {problems:?}"
    );
    let (_, problems) =
        facts("x:\n  value: A\n  as_of: 2025-09-30\n  source: {title: Gov, url: gov.hk}\n");
    assert!(
        problems[0].to_string().contains("data/facts.yaml:4:"),
        "{problems:?}"
    );
}

#[test]
fn a_fact_is_stale_after_review_after_months_from_its_source_or_its_review() {
    let config = config();
    let day = |s: &str| Date::parse(s).unwrap();
    let f = one("  value: A\n");
    assert!(!is_stale(f.get(0), &config, day("2026-09-29")));
    assert!(is_stale(f.get(0), &config, day("2026-09-30")));
    let reviewed = one("  value: A\n  reviewed: 2026-06-01\n");
    assert!(!is_stale(reviewed.get(0), &config, day("2026-12-06")));
    let future = check_stale(&reviewed, &config, day("2026-05-31"));
    assert!(
        future[0]
            .to_string()
            .contains("`x` has a review date in the future, 2026-06-01"),
        "{}",
        future[0]
    );
    let warnings = check_stale(&f, &config, day("2026-12-06"));
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0]
            .to_string()
            .starts_with("data/facts.yaml:3:10: warning: the fact `x` is as of 2025-09-30"),
        "{}",
        warnings[0]
    );
}

#[test]
fn a_source_without_a_day_gives_a_month_and_is_stale_from_its_first_day() {
    let (f, problems) =
        facts("x:\n  value: A\n  as_of: 2025-12\n  source: {title: Gov, url: https://gov.id/}\n");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(text(&f, "{{ x | as_of }}", "id"), "Desember 2025");
    assert_eq!(text(&f, "{{ x | dated }}", "en"), "A (as of December 2025)");
    let config = config();
    assert!(is_stale(
        f.get(0),
        &config,
        Date::parse("2026-12-01").unwrap()
    ));
    assert!(!is_stale(
        f.get(0),
        &config,
        Date::parse("2026-11-30").unwrap()
    ));
    let (_, problems) =
        facts("x:\n  value: A\n  as_of: 2025-13\n  source: {title: Gov, url: https://gov.id/}\n");
    assert!(
        problems[0].to_string().contains("invalid date `2025-13`"),
        "{problems:?}"
    );
}

#[test]
fn each_reference_is_found_where_it_is_written_and_code_is_left_alone() {
    let f = one("  value: A\n");
    let text = "---\ntitle: \"{{ y }}\"\n---\n\nA {{ y }} and {{ y }}, *b* {{ x }} {{ z }}\\_ `{{ q }}`\n\n```\n{{ q }}\n```\n";
    let file = SourceFile::new("content/a.id.md", text.into());
    let split = crate::front_matter::split(&file).unwrap();
    let (uses, problems) = find_uses(&f, &file, &split);
    let at: Vec<String> = problems
        .iter()
        .map(|d| d.to_string().lines().next().unwrap().to_string())
        .collect();
    assert_eq!(
        at,
        [
            "content/a.id.md:2:9: error: unknown fact `y`",
            "content/a.id.md:5:3: error: unknown fact `y`",
            "content/a.id.md:5:15: error: unknown fact `y`",
            "content/a.id.md:5:36: error: unknown fact `z`",
        ]
    );
    assert_eq!(uses.len(), 1);
    assert_eq!(&text[uses[0].span.clone()], "{{ x }}");
}

#[test]
fn problems_point_at_the_key_of_the_fact_they_are_about() {
    // Where a problem is: the line and column of the value, in flow style
    // too, of the fact it concerns (here the second one).
    let first = format!("x:\n  value: A\n{SOURCE}");
    let at = |second: &str| {
        let (_, problems) = facts(&format!("{first}y:\n{second}"));
        assert_eq!(problems.len(), 1, "{problems:?}");
        let shown = problems[0].to_string();
        let position = shown.lines().next().unwrap().split(": ").next().unwrap();
        let carets = shown.lines().nth(2).unwrap().matches('^').count();
        format!("{position} {carets}")
    };
    assert_eq!(
        at("  value: A\n  as_of: 2025-09-30\n  source: {url: gov.hk, title: Gov}\n"),
        "data/facts.yaml:8:17 6"
    );
    assert_eq!(
        at("  value: A\n  as_of: 2025-09-30\n  source: {title: Gov,url: gov.hk}\n"),
        "data/facts.yaml:8:28 6"
    );
    assert_eq!(
        at(
            "  kind: phone\n  value: \"12\"\n  as_of: 2025-09-30\n  source: {title: Gov, url: https://gov.id/}\n"
        ),
        "data/facts.yaml:7:10 4"
    );
    // Three digits are a number (the police: 110).
    let (_, problems) = facts(
        "x:\n  kind: phone\n  value: \"110\"\n  as_of: 2025-09-30\n  source: {title: Gov, url: https://gov.id/}\n",
    );
    assert!(problems.is_empty(), "{problems:?}");
}
