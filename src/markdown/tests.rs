use super::*;

#[test]
fn slugs_are_lowercase_words() {
    assert_eq!(slugify("Program yang terbuka"), "program-yang-terbuka");
    assert_eq!(slugify("Visa & izin: 2025!"), "visa-izin-2025");
    assert_eq!(slugify("  ¿?  "), "section");
    assert_eq!(slugify("Über uns"), "über-uns");
}

#[test]
fn repeated_ids_get_numbers() {
    let mut ids = Ids::default();
    assert_eq!(ids.claim("a"), "a");
    assert_eq!(ids.claim("a"), "a-1");
    assert_eq!(ids.claim("a"), "a-2");
}

#[test]
fn numbers_skip_ids_taken_otherwise() {
    let mut ids = Ids::default();
    ids.taken.insert("main".into());
    // `{#a-2}` written by hand, before and after the numbering reaches it.
    let got: Vec<String> = ["main", "a", "a-2", "a", "a", "a", "a-1", "a-1", "a"]
        .iter()
        .map(|w| ids.claim(w))
        .collect();
    assert_eq!(
        got,
        [
            "main-1", "a", "a-2", "a-1", "a-3", "a-4", "a-1-1", "a-1-2", "a-5"
        ]
    );
}

#[test]
fn many_headings_of_one_text_get_every_number_once() {
    let mut ids = Ids::default();
    let got: Vec<String> = (0..5000).map(|_| ids.claim("catatan")).collect();
    assert_eq!(got[0], "catatan");
    assert_eq!(got[1], "catatan-1");
    assert_eq!(got[4999], "catatan-4999");
    let unique: HashSet<&String> = got.iter().collect();
    assert_eq!(unique.len(), got.len());
}

fn render(body: &str, raw_html: RawHtml) -> Rendered {
    let text = format!("---\ntitle: A\n---\n{body}");
    let mut site = crate::sitemap::tests::site_of("https://x.org/", false, &[("a.id.md", &text)]);
    site.config.raw_html = raw_html;
    let labels = BodyLabels::default();
    render_markdown(&site, 0, &labels, &[])
}

/// Each problem's column and message.
fn located(r: &Rendered) -> Vec<(usize, &str)> {
    r.problems
        .iter()
        .map(|d| (d.position.unwrap().column, d.message.as_str()))
        .collect()
}

#[test]
fn links_that_run_code_are_located_errors_and_left_out() {
    let r = render(
        "x [a](javascript:alert(1)) ![b](data:text/html,x) <vbscript:y>\n",
        RawHtml::Allow,
    );
    assert_eq!(
        located(&r),
        [
            (
                3,
                "the link `javascript:alert(1)` uses `javascript:`, which can run code in the reader's browser"
            ),
            (
                28,
                "the image `data:text/html,x` uses `data:`, which can run code in the reader's browser"
            ),
            (
                51,
                "the link `vbscript:y` uses `vbscript:`, which can run code in the reader's browser"
            ),
        ]
    );
    // An autolink keeps its text, as text.
    assert_eq!(
        r.html,
        "<p>x <a href=\"\">a</a> <img src=\"\" alt=\"b\" /> <a href=\"\">vbscript:y</a></p>\n"
    );
}

#[test]
fn inline_images_and_web_links_are_kept() {
    let r = render(
        "![m](data:image/png;base64,iVBOR) [w](https://a.id/)\n",
        RawHtml::Allow,
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(
        r.html.contains("src=\"data:image/png;base64,iVBOR\""),
        "{}",
        r.html
    );
}

#[test]
fn body_cells_carry_their_column_heading_for_phones() {
    let r = render(
        "| Dokumen | `Dari` | |\n| --- | :-: | --- |\n| KTP | Dukcapil | x |\n| Paspor | Imigrasi | |\n",
        RawHtml::Allow,
    );
    assert!(
            r.html.contains(
                "<tr><td data-label=\"Dokumen\">KTP</td><td data-label=\"Dari\" style=\"text-align: center\">Dukcapil</td><td>x</td></tr>"
            ),
            "{}",
            r.html
        );
    // Labels come from the head only, not from the first body row.
    assert!(
        r.html.contains("<td data-label=\"Dokumen\">Paspor</td>"),
        "{}",
        r.html
    );
    // The head keeps its own cells.
    assert!(r.html.contains("<thead><tr><th>Dokumen</th>"), "{}", r.html);
}

#[test]
fn tel_links_must_hold_a_number() {
    let r = render(
        "[a](tel:+62-21-2924-4800) [b](tel:0800%201000) [c](tel:BONTANG) [d](tel:)\n",
        RawHtml::Allow,
    );
    assert_eq!(
        located(&r),
        [
            (
                48,
                "the link `tel:BONTANG`: `BONTANG` is not a phone number: it has `B`"
            ),
            (
                65,
                "the link `tel:`: `` is not a phone number: it has fewer than three digits"
            ),
        ]
    );
}

#[test]
fn escaped_raw_html_is_text_in_headings_too() {
    let r = render("## A <i>b</i>\n\n<!-- c -->\n", RawHtml::Escape);
    assert_eq!(
        r.html,
        "<h2 id=\"a-b\">A &lt;i&gt;b&lt;/i&gt;</h2>\n<p>&lt;!-- c --&gt;\n</p>\n"
    );
}
