//! Site data: facts written once in `data/facts.yaml`, shown by name in
//! Markdown and front matter, in each language, with their sources.

use crate::support::Site;

const FACTS: &str = r#"hotline:
  kind: phone
  value: "0800-1000"
  label: {id: Pusat panggilan, en: Call centre}
  as_of: 2026-04-10
  source: {title: Kementerian P2MI, url: "https://kp2mi.go.id/"}
  footer: true
hk_wage:
  kind: money
  value: 5100
  currency: HK$
  period: month
  as_of: 2025-09-30
  reviewed: 2026-11-01
  source: {title: Pemerintah Hong Kong, url: "https://www.gov.hk/wage"}
office:
  value:
    id: Dinas Ketenagakerjaan (Disnaker) Kota Bontang
    en: Bontang City Manpower Office
  as_of: 2026-01-05
  source: {title: pranala.co, url: "https://pranala.co/disnaker"}
"#;

fn site_with_facts() -> Site {
    let site = Site::copy("base");
    site.write("data/facts.yaml", FACTS);
    site.write(
        "content/about.id.md",
        "---\ntitle: Tentang\nslug: tentang\ndescription: \"Telepon {{ hotline }} jika ragu.\"\n---\n\n## Tentang situs {#tentang}\n\nTelepon {{ hotline }} atau tanya ke {{ office }}. Upah minimum {{ hk_wage | dated }}.\n\nDalam [tautan {{ hotline }}](https://kp2mi.go.id/) dan `{{ hotline }}` dalam kode.\n\n```\n{{ hotline }} {{ not_a_fact }}\n```\n",
    );
    site.write(
        "content/about.en.md",
        "---\ntitle: About\n---\n\n## About the site {#about}\n\nCall {{ hotline }} or ask the {{ office }}. Minimum wage {{ hk_wage | dated }}.\n",
    );
    let japan = site.read("content/countries/japan.id.md").replace(
        "  - amount: 1500\n    currency: JPY\n    period: hour\n    as_of: 2025-10-01\n    source: Contoh sumber upah\n",
        "  - fact: hk_wage\n    note: contoh\n",
    );
    site.write("content/countries/japan.id.md", japan);
    site.write(
        "content/events/bontang.id.md",
        site.read("content/events/bontang.id.md").replace(
            "place: Bontang\n",
            "place: Bontang\nsummary: \"Oleh {{ office }}.\"\n",
        ),
    );
    site
}

#[test]
fn facts_show_in_each_language_with_their_sources_everywhere_a_page_goes() {
    let site = site_with_facts();
    let run = site.build(&["--strict"]);
    run.success();
    let id = site.read("public/id/tentang/index.html");
    let en = site.read("public/en/about/index.html");
    // The value in the page's language; a phone number is a link that does not break.
    assert!(id.contains(r#"Telepon <a class="fact-phone" href="tel:08001000">0800-1000</a> atau tanya ke <span class="fact-text">Dinas Ketenagakerjaan (Disnaker) Kota Bontang</span>"#), "{id}");
    assert!(
        id.contains("<span class=\"fact-money\">HK$5.100</span> (per 30 September 2025)"),
        "{id}"
    );
    assert!(
        en.contains("<span class=\"fact-money\">HK$5,100</span> (as of 30 September 2025)"),
        "{en}"
    );
    assert!(
        en.contains("ask the <span class=\"fact-text\">Bontang City Manpower Office</span>"),
        "{en}"
    );
    // No link inside a link; code stays as written.
    assert!(
        id.contains(r#"tautan <span class="fact-phone">0800-1000</span></a>"#),
        "{id}"
    );
    assert!(id.contains("<code>{{ hotline }}</code>"), "{id}");
    assert!(
        id.contains("<pre><code>{{ hotline }} {{ not_a_fact }}\n</code></pre>"),
        "a code block is not searched for facts: {id}"
    );
    // Front matter: the description in the page's head.
    assert!(
        id.contains(r#"content="Telepon 0800-1000 jika ragu.""#),
        "{id}"
    );
    // The page's sources gain the sources of the facts it shows, once each.
    for source in [
        "https://kp2mi.go.id/",
        "https://www.gov.hk/wage",
        "https://pranala.co/disnaker",
    ] {
        assert_eq!(
            id.matches(&format!("<li><a href=\"{source}\">")).count(),
            1,
            "{source}: {id}"
        );
    }
    // The footer's contacts, on every page.
    for page in [
        "public/id/index.html",
        "public/en/index.html",
        "public/id/negara/jepang/index.html",
    ] {
        let html = site.read(page);
        assert!(
            html.contains(r#"<ul class="contacts"><li>"#)
                && html.contains(r#"href="tel:08001000">0800-1000</a>"#),
            "{page}"
        );
    }
    // A wage taken from a money fact: amount, period, date and source.
    let japan = site.read("public/id/negara/jepang/index.html");
    assert!(
        japan.contains("<strong>HK$5.100</strong> per bulan"),
        "{japan}"
    );
    assert!(
        japan.contains("30 September 2025") && japan.contains("Pemerintah Hong Kong"),
        "{japan}"
    );
    // Search finds a page by a fact's value; the feed carries the summary's.
    let index = site.read("public/id/search-index.js");
    assert!(index.contains("0800"), "the search index has the hotline");
    let feed = crate::support::list_files(&site.path("public/id"))
        .iter()
        .filter(|p| p.ends_with(".xml"))
        .map(|p| site.read(&format!("public/id/{p}")))
        .collect::<String>();
    assert!(
        feed.contains("Dinas Ketenagakerjaan (Disnaker) Kota Bontang"),
        "{feed}"
    );
}

#[test]
fn check_lists_the_facts_no_page_shows() {
    let site = site_with_facts();
    site.write(
        "data/facts.yaml",
        format!("{FACTS}unused_fee:\n  value: Rp0\n  as_of: 2025-01-01\n  reviewed: 2026-12-01\n  source: {{title: A, url: \"https://a.id/\"}}\n"),
    );
    let run = crate::support::run_in(site.root(), &["check"]);
    assert!(
        run.stdout
            .contains("facts (data/facts.yaml):\n  unused: 1\n    data/facts.yaml:")
            && run.stdout.contains("`unused_fee` is shown by no page"),
        "{}",
        run.stdout
    );
    // A footer fact counts as used even where no page names it.
    assert!(!run.stdout.contains("`hotline`"), "{}", run.stdout);
}
