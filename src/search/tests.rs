use super::*;
use crate::content::{Content, parse_content_file};
use crate::front_matter::ContentType;
use crate::markdown::Heading;
use crate::source::SourceFile;

/// A site of `files` (path under `content/`, text), `fallback` on; pages
/// under `procedures/` are procedures.
fn site_of(files: &[(&str, &str)]) -> Site {
    site_with_aliases(files, Aliases::default())
}

fn site_with_aliases(files: &[(&str, &str)], aliases: Aliases) -> Site {
    let yaml = "title: {id: A, en: B}\nbase_url: https://x.org/\nfallback: true\n";
    let mut config = crate::config::parse_config(
        &SourceFile::new("site.yaml", yaml.to_string()),
        std::path::Path::new("."),
        None,
    )
    .expect("config");
    config.search_aliases = std::sync::Arc::new(aliases);
    let mut files: Vec<_> = files
        .iter()
        .map(|(rel, text)| {
            let source = SourceFile::new(format!("content/{rel}"), text.to_string());
            let kind = match rel.starts_with("procedures/") && !rel.contains("_index") {
                true => ContentType::Procedure,
                false => ContentType::Page,
            };
            parse_content_file(&config, rel, source, kind).expect("file")
        })
        .collect();
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    let content = Content {
        files,
        drafts: Vec::new(),
        attachments: Vec::new(),
    };
    crate::site::resolve_site(config, content).0
}

fn page(title: &str, description: &str) -> String {
    format!("---\ntitle: {title}\ndescription: {description}\n---\n")
}

/// The shipped-like test site: a home and a section in both languages,
/// a page only in Indonesian (so `en` gets a fallback copy).
fn sample() -> Site {
    site_of(&[
        ("_index.id.md", &page("Beranda", "Bekerja ke luar negeri")),
        ("_index.en.md", &page("Home", "Working abroad")),
        (
            "countries/_index.id.md",
            "---\ntitle: Negara\nslug: negara\n---\n",
        ),
        ("countries/_index.en.md", "---\ntitle: Countries\n---\n"),
        (
            "countries/japan.id.md",
            &page("Jepang", "Pekerjaan di Jepang"),
        ),
        ("countries/japan.en.md", &page("Japan", "Jobs in Japan")),
        (
            "countries/korea.id.md",
            &page("Korea Selatan", "Program EPS"),
        ),
    ])
}

/// Texts by site document id: `(key, lang, text)`.
fn texts<'a>(site: &Site, bodies: &[(&str, &str, &'a str)]) -> Vec<BodyText<'a>> {
    let mut texts = vec![BodyText::default(); site.docs.len()];
    for (key, lang, text) in bodies {
        texts[site.doc_for(key, lang).expect("a document")].text = text;
    }
    texts
}

/// What the search files read, counted from `texts`.
fn input(site: &Site, texts: &[BodyText]) -> SearchInput {
    SearchInput::from_texts(site, texts)
}

/// The index script's JSON.
fn parse(bytes: &[u8]) -> serde_json::Value {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let json = text
        .strip_prefix("window.lembarSearch=")
        .and_then(|t| t.strip_suffix(";\n"))
        .expect("one assignment");
    serde_json::from_str(json).expect("JSON")
}

/// Packed postings → numbers, as `search.js` reads them.
fn unpack(packed: &str) -> Vec<u32> {
    let mut numbers = Vec::new();
    let mut n = 0;
    for c in packed.bytes() {
        let digit = DIGITS.iter().position(|&d| d == c).expect("a digit") as u32;
        n = n * 32 + digit % 32;
        if digit < 32 {
            numbers.push(n);
            n = 0;
        }
    }
    assert_eq!(n, 0, "a number is cut off in {packed}");
    numbers
}

/// A stem group as read back: its words (the stem first) and its
/// (document id, score) pairs.
type ReadGroup = (Vec<String>, Vec<(u64, f64)>);

/// The index's stem groups.
fn groups(index: &serde_json::Value) -> Vec<ReadGroup> {
    index["g"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            let (words, packed) = g.as_str().unwrap().split_once([':', '*']).expect("a colon");
            let mut next = 0;
            let scores = index["w"].as_array().expect("level scores");
            let postings = unpack(packed)
                .into_iter()
                .map(|n| {
                    let doc = next + u64::from(n / LEVELS);
                    next = doc + 1;
                    (doc, scores[(n % LEVELS) as usize].as_f64().unwrap())
                })
                .collect();
            (words.split(' ').map(String::from).collect(), postings)
        })
        .collect()
}

#[test]
fn numbers_pack_into_digits_and_back() {
    let numbers = [0, 1, 7, 31, 32, 33, 1023, 1024, 123_456, u32::MAX];
    let mut packed = String::new();
    for n in numbers {
        push_number(&mut packed, n);
    }
    assert_eq!(unpack(&packed), numbers);
    let mut one = String::new();
    push_number(&mut one, 33);
    assert_eq!(one, "X1", "most significant digit first, continued");
}

#[test]
fn scores_are_quantized_to_the_nearest_level() {
    let scores = level_scores();
    assert_eq!(scores.len(), LEVELS as usize);
    assert_eq!(scores[0], 0.02);
    let top = scores[LEVELS as usize - 1];
    assert!(top > 18.0 && top < 25.0, "{top}");
    assert_eq!(level(0.0), 0);
    assert_eq!(level(1000.0), LEVELS - 1);
    for score in [0.05, 0.3, 1.0, 2.7, 7.5] {
        let got = scores[level(score) as usize];
        assert!((got / score - 1.0).abs() < 0.27, "{score} → {got}");
    }
    assert!(level(1.0) < level(1.7), "scores apart keep their order");
}

fn group_with<'g>(groups: &'g [ReadGroup], word: &str) -> &'g ReadGroup {
    groups
        .iter()
        .find(|(w, _)| w[1..].iter().any(|w| w == word))
        .unwrap_or_else(|| panic!("no group has `{word}`"))
}

/// The score of `word`'s group for the document titled `title` (0: none).
fn score(index: &serde_json::Value, word: &str, title: &str) -> f64 {
    let groups = groups(index);
    let (_, postings) = group_with(&groups, word);
    let doc = doc_titled(index, title);
    postings.iter().find(|p| p.0 == doc).map_or(0.0, |p| p.1)
}

/// The index id of the document titled `title`.
fn doc_titled(index: &serde_json::Value, title: &str) -> u64 {
    index["d"]
        .as_array()
        .unwrap()
        .iter()
        .position(|d| d[1] == title)
        .unwrap_or_else(|| panic!("no document `{title}`")) as u64
}

/// Pages `a.id.md` … with these titles, descriptions and bodies, and their index.
fn index_of(pages: &[(&str, &str, &str)]) -> serde_json::Value {
    let files: Vec<(String, String)> = pages
        .iter()
        .enumerate()
        .map(|(n, (title, about, _))| (format!("p{n}.id.md"), page(title, about)))
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = site_of(&refs);
    let keys: Vec<String> = (0..pages.len()).map(|n| format!("p{n}")).collect();
    let bodies: Vec<(&str, &str, &str)> = pages
        .iter()
        .zip(&keys)
        .map(|((_, _, body), key)| (key.as_str(), "id", *body))
        .collect();
    parse(&render_index(
        &site,
        "id",
        &input(&site, &texts(&site, &bodies)),
    ))
}

#[test]
fn bm25_weighs_fields_rarity_and_length() {
    let filler = "gaji kontrak visa ".repeat(30);
    let long = format!("pabrik {filler}");
    let index = index_of(&[
        ("Pabrik", "", "Kerja di sana."),
        ("Dua", "Tentang pabrik", "Kerja di sana."),
        ("Tiga", "", "Kerja di pabrik."),
        ("Empat", "", &long),
        ("Lima", "", "Kerja di kebun."),
    ]);
    // The title outweighs the description, which outweighs the body.
    let (title, about, body) = (
        score(&index, "pabrik", "Pabrik"),
        score(&index, "pabrik", "Dua"),
        score(&index, "pabrik", "Tiga"),
    );
    assert!(
        title > about && about > body && body > 0.0,
        "{title} {about} {body}"
    );
    // Once in a short body outweighs once in a long one.
    let in_long = score(&index, "pabrik", "Empat");
    assert!(body > in_long && in_long > 0.0, "{body} {in_long}");
    // A word on one page outweighs a word on every page, in the same place.
    let rare = score(&index, "kebun", "Lima");
    let everywhere = score(&index, "kerja", "Lima");
    assert!(rare > everywhere, "{rare} {everywhere}");
    assert_eq!(score(&index, "pabrik", "Lima"), 0.0);
}

#[test]
fn stop_words_are_indexed_only_in_titles_and_shipped() {
    let index = index_of(&[
        (
            "Apa itu PMI",
            "",
            "Pekerja yang bekerja di luar negeri dan untuk upah.",
        ),
        ("Lain", "", "Yang lain dan di sini."),
    ]);
    let groups = groups(&index);
    let all_words: Vec<&str> = groups
        .iter()
        .flat_map(|(w, _)| w[1..].iter().map(String::as_str))
        .collect();
    for stop in ["yang", "dan", "di", "untuk"] {
        assert!(
            !all_words.contains(&stop),
            "`{stop}` is indexed: {all_words:?}"
        );
    }
    // In a title it is there, for a query of stop words alone.
    let (_, itu) = group_with(&groups, "itu");
    assert_eq!(itu.len(), 1);
    assert_eq!(itu[0].0, doc_titled(&index, "Apa itu PMI"));
    let shipped: Vec<&str> = index["x"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(shipped, Language::new("id").stop_words);
    assert!(index["p"].as_array().unwrap().contains(&"pen>t".into()));
    assert!(index["f"].as_array().unwrap().contains(&"kan".into()));
}

#[test]
fn word_forms_share_a_group_with_their_stem_and_hidden_roots() {
    let index = index_of(&[
        ("Pelatihan", "", "Pelatihan sebelum keberangkatan."),
        (
            "Awas",
            "",
            "Waspadai penipuan dan laporkan lewat pengaduan.",
        ),
        ("Jadwal", "", "Calon pekerja dilatih lalu diberangkatkan."),
    ]);
    let groups = groups(&index);
    let (latih, postings) = group_with(&groups, "pelatihan");
    assert_eq!(latih[0], "latih", "the stem comes first: {latih:?}");
    assert!(latih.contains(&"dilatih".to_string()), "{latih:?}");
    assert_eq!(postings.len(), 2);
    let (angkat, _) = group_with(&groups, "keberangkatan");
    assert_eq!(angkat[0], "angkat");
    assert!(angkat.contains(&"diberangkatkan".to_string()), "{angkat:?}");
    // "penipuan" stems to "ipu"; readers type "tipu".
    let (ipu, _) = group_with(&groups, "penipuan");
    assert_eq!(ipu[0], "ipu");
    assert!(ipu.contains(&"tipu".to_string()), "{ipu:?}");
    let (adu, _) = group_with(&groups, "pengaduan");
    assert_eq!(adu[0], "adu");
}

#[test]
fn typed_fields_and_headings_are_indexed_without_links() {
    let procedure = "---\ntitle: Dokumen\nreviewed: 2026-01-01\nsources:\n  - {title: S, url: 'https://sumber.example/'}\nsteps:\n  - title: Siapkan berkas\n    what: Fotokopi kartu identitas.\n    documents: [KTP, Kartu Keluarga]\n    cost: Gratis\n    where: 'https://kantor.example/alamat'\n---\n";
    let site = site_of(&[
        ("procedures/_index.id.md", "---\ntitle: Prosedur\n---\n"),
        ("procedures/dokumen.id.md", procedure),
        ("lain.id.md", &page("Lain", "Halaman lain")),
    ]);
    let mut texts = texts(&site, &[("lain", "id", "Isi tentang paspor.")]);
    let headings = [Heading {
        level: 2,
        id: "paspor".into(),
        title: "Paspor".into(),
        nested: false,
    }];
    texts[site.doc_for("procedures/dokumen", "id").unwrap()].headings = &headings;
    let index = parse(&render_index(&site, "id", &input(&site, &texts)));
    assert!(score(&index, "ktp", "Dokumen") > 0.0);
    assert!(score(&index, "keluarga", "Dokumen") > 0.0);
    assert!(score(&index, "gratis", "Dokumen") > 0.0);
    // Links and paths are no words of the page.
    let groups = groups(&index);
    assert!(
        groups
            .iter()
            .all(|(w, _)| !w.contains(&"kantor".to_string()) && !w.contains(&"sumber".to_string())),
        "a link's words are indexed"
    );
    // A heading counts above the same word in a body.
    assert!(
        score(&index, "paspor", "Dokumen") > score(&index, "paspor", "Lain"),
        "{:?}",
        group_with(&groups, "paspor")
    );
}

#[test]
fn the_sites_aliases_are_shipped_in_their_language_only() {
    let files = [
        ("_index.id.md", "---\ntitle: Beranda\n---\n"),
        ("_index.en.md", "---\ntitle: Home\n---\n"),
    ];
    let (aliases, problems) = aliases::parse_aliases(
        &["id".to_string(), "en".to_string()],
        &SourceFile::new(
            "data/search.yaml",
            "id:\n  TKW: [PMI, pekerja migran]\n".into(),
        ),
    );
    assert!(problems.is_empty());
    let site = site_with_aliases(&files, aliases);
    let id = parse(&render_index(&site, "id", &input(&site, &[])));
    assert_eq!(
        id["a"],
        serde_json::json!({"tkw": ["pmi", "pekerja migran"]})
    );
    let en = parse(&render_index(&site, "en", &input(&site, &[])));
    assert!(en["a"].is_null(), "{}", en["a"]);
    // Changing an alias changes the index's address.
    let plain = site_of(&files);
    assert_ne!(
        index_fingerprint(&site, "id", &input(&site, &[])),
        index_fingerprint(&plain, "id", &input(&plain, &[]))
    );
}

#[test]
fn the_index_describes_each_document() {
    let site = sample();
    let index = parse(&render_index(&site, "id", &input(&site, &[])));
    assert_eq!(index["v"], 3);
    let jepang = doc_titled(&index, "Jepang");
    // URLs are relative to the language home; pages name their section.
    let d = &index["d"][jepang as usize];
    assert_eq!(d[0], "negara/japan/");
    assert_eq!(index["s"][d[3].as_u64().unwrap() as usize], "Negara");
    assert_eq!(index["d"][0][0], "", "the home page comes first");
    assert_eq!(index["d"][0][3], -1, "the home page is in no section");
}

#[test]
fn a_stem_on_most_pages_keeps_only_its_title_and_description_pages() {
    let site = sample();
    let texts = texts(
        &site,
        &[
            ("_index", "id", "Bekerja dengan aman."),
            ("countries/japan", "id", "Banyak pekerja di pabrik."),
            ("countries/korea", "id", "Syarat kerja dan ujian."),
        ],
    );
    // The `id` index has 4 pages; "kerja" is on all of them.
    let index = parse(&index_with(&site, "id", &input(&site, &texts), 4));
    let kerja = index["g"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .find(|g| g.starts_with("kerja "))
        .expect("the kerja group");
    assert!(kerja.contains('*'), "{kerja}");
    let groups = groups(&index);
    let (_, postings) = group_with(&groups, "kerja");
    // Left: the home ("Bekerja" in its description) and Jepang ("Pekerjaan").
    let pages: Vec<u64> = postings.iter().map(|p| p.0).collect();
    assert_eq!(
        pages,
        [doc_titled(&index, "Beranda"), doc_titled(&index, "Jepang")]
    );
    // Below the threshold nothing is common.
    let all = parse(&index_with(&site, "id", &input(&site, &texts), 5));
    assert!(
        all["g"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| !g.as_str().unwrap().contains('*'))
    );
}

#[test]
fn fallback_copies_stay_out_and_english_is_stemmed_as_english() {
    let site = sample();
    let texts = texts(
        &site,
        &[("countries/japan", "en", "Workers work in factories.")],
    );
    let index = parse(&render_index(&site, "en", &input(&site, &texts)));
    let titles: Vec<&str> = index["d"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d[1].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Home", "Countries", "Japan"],
        "no Korea Selatan copy"
    );
    let groups = groups(&index);
    let (words, _) = group_with(&groups, "work");
    assert!(words.contains(&"working".to_string()), "{words:?}");
    assert!(
        groups
            .iter()
            .all(|(w, _)| !w.contains(&"program".to_string()))
    );
    assert!(index["p"].as_array().unwrap().is_empty());
    assert!(index["x"].as_array().unwrap().contains(&"the".into()));
}

#[test]
fn the_index_is_deterministic_and_smaller_than_its_text() {
    let site = sample();
    let body = "Calon pekerja migran wajib mengikuti pelatihan dan memeriksa \
                kesehatan sebelum berangkat ke negara tujuan. "
        .repeat(40);
    let texts = texts(
        &site,
        &[
            ("countries/japan", "id", &body),
            ("countries/korea", "id", &body),
        ],
    );
    let first = render_index(&site, "id", &input(&site, &texts));
    assert_eq!(first, render_index(&site, "id", &input(&site, &texts)));
    assert!(
        first.len() < body.len() / 2,
        "{} bytes for {} bytes of text",
        first.len(),
        2 * body.len()
    );
}

#[test]
fn the_plain_text_of_a_body_keeps_words_apart_and_whole() {
    let body = "# Judul\n## Sub\nPara **Pe**kerjaan `kode`\nbaris\n\n- satu\n- dua\n\n```\nfn x\n```\n\n| a | b |\n|---|---|\n| c | d |\n";
    let site = site_of(&[("a.id.md", &format!("---\ntitle: A\n---\n{body}"))]);
    let id = site.doc_for("a", "id").unwrap();
    let labels = ["N", "T", "I", "W", "C", "B"].map(String::from);
    let text = crate::markdown::render_markdown(&site, id, &labels, &[]).text;
    assert_eq!(
        text.split_whitespace().collect::<Vec<_>>(),
        [
            "Judul",
            "Sub",
            "Para",
            "Pekerjaan",
            "kode",
            "baris",
            "satu",
            "dua",
            "fn",
            "x",
            "a",
            "b",
            "c",
            "d"
        ],
        "{text:?}"
    );
}

#[test]
fn normalizing_folds_case_and_accents() {
    assert_eq!(normalize("Ä"), "a");
    assert_eq!(normalize("Pekerjaan"), "pekerjaan");
    assert_eq!(normalize("ÉTÉ Crème"), "ete creme");
    // Precomposed and decomposed forms meet.
    assert_eq!(normalize("caf\u{e9}"), normalize("cafe\u{301}"));
    assert_eq!(normalize("İstanbul"), "istanbul");
}

#[test]
fn words_are_runs_of_letters_and_digits() {
    let text = normalize("Gaji: Rp 5.000.000/bulan — (UMR) e-KTP, ½ hari!");
    let found: Vec<&str> = words(&text).collect();
    assert_eq!(
        found,
        [
            "gaji", "rp", "5", "000", "000", "bulan", "umr", "e", "ktp", "½", "hari"
        ]
    );
    assert_eq!(words("  ,; ").count(), 0);
}

#[test]
fn paths_and_urls_sit_under_the_language_home() {
    let site = sample();
    assert_eq!(page_path(&site, "id", "cari"), "id/cari/index.html");
    let mut below = sample();
    below.config.base_url = "https://example.org/sub/".into();
    assert_eq!(page_url(&below, "en", "search"), "/sub/en/search/");
    assert_eq!(index_path(&site, "id"), "id/search-index.js");
    // A language without a home still gets its own folder.
    assert_eq!(index_path(&site, "de"), "de/search-index.js");
}

#[test]
fn words_one_by_one_are_the_words_of_the_normalized_text() {
    for text in [
        "Pekerja MIGRAN, Bekerja!",
        "Café e\u{301}tude ÄRZTE — naïve",
        " \u{301}lone mark, ΣΟΦΟΣ σοφός",
        "e-KTP 0800-1000 UU 18/2017",
        "",
    ] {
        let normalized = normalize(text);
        let whole: Vec<&str> = words(&normalized).collect();
        let mut one_by_one = Vec::new();
        each_word(text, |w| one_by_one.push(w.to_string()));
        assert_eq!(one_by_one, whole, "{text}");
    }
}

#[test]
fn the_search_page_lists_every_page_by_section() {
    let site = sample();
    let context = search_context(&site, "en", "search");
    assert_eq!(context.url, "/en/search/");
    assert_eq!(context.index_url, "/en/search-index.js");
    assert_eq!(context.script_url, "/search.js");
    let listed: Vec<(&str, Vec<&str>)> = context
        .sections
        .iter()
        .map(|s| {
            (
                s.title.as_str(),
                s.entries.iter().map(|e| e.url.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("Home", vec![]),
            ("Countries", vec!["/en/countries/japan/"])
        ]
    );
    assert_eq!(context.count, 3);
    let id = search_context(&site, "id", "cari");
    assert_eq!(id.count, 4);
    assert_eq!(id.sections[1].entries[1].title, "Korea Selatan");
    assert_eq!(id.sections[1].url, "/id/negara/");
}

#[test]
fn kana_keep_their_voicing_and_cjk_text_is_split_into_pairs() {
    assert_eq!(normalize("インドネシア"), "インドネシア");
    assert_eq!(normalize("ガイド"), "ガイド");
    assert_eq!(normalize("Café ÉTAT"), "cafe etat");
    let found: Vec<&str> = words("インドネシアの労働者 visa2025 労").collect();
    assert_eq!(
        found,
        [
            "イン", "ンド", "ドネ", "ネシ", "シア", "アの", "の労", "労働", "働者", "visa2025",
            "労"
        ]
    );
    // Latin and CJK in one run are split where the script changes.
    let found: Vec<&str> = words("ssw特定技能").collect();
    assert_eq!(found, ["ssw", "特定", "定技", "技能"]);
}
