//! UI strings a page borrows from another language (a Malay page's
//! Indonesian menu label, where the site has no Malay one) carry that
//! language's `lang`, and its `dir` where it differs, so screen readers
//! pronounce them and browsers lay them out as written. `t()` cannot add an
//! element itself (its text also goes into attributes and `<title>`), so it
//! wraps a borrowed text in private-use marks ([`mark`]); after the page is
//! rendered, [`place`] makes each mark in element text a
//! `<span lang="…">` and removes those in tags and in elements whose text is
//! not HTML (`<title>`, `<style>`, `<script>`, `<textarea>`). A page that
//! borrows nothing is left as it is. Pure.

/// Opens a borrowed text: then its language code, [`TEXT`], the text, [`END`].
const START: char = '\u{E000}';
const TEXT: char = '\u{E001}';
const END: char = '\u{E002}';

/// `text`, borrowed from language `from`, marked for [`place`].
pub fn mark(text: &str, from: &str) -> String {
    format!("{START}{from}{TEXT}{text}{END}")
}

/// The page with every mark placed: a `<span lang>` around the text in
/// element content (with `dir` when `dir_of` the language differs from
/// `page_dir`), nothing elsewhere.
pub fn place(html: String, page_dir: &str, dir_of: &dyn Fn(&str) -> &'static str) -> String {
    if !html.contains(START) {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html.as_str();
    while let Some(at) = rest.find(['<', START]) {
        let (before, from_here) = rest.split_at(at);
        out.push_str(before);
        if from_here.starts_with(START) {
            match parse(from_here) {
                // Right inside an element that says the language already.
                Some((lang, text, len)) if out.ends_with(&format!(" lang=\"{lang}\">")) => {
                    out.push_str(text);
                    rest = &from_here[len..];
                }
                Some((lang, text, len)) => {
                    let dir = dir_of(lang);
                    match dir == page_dir {
                        true => out.push_str(&format!("<span lang=\"{lang}\">{text}</span>")),
                        false => out.push_str(&format!(
                            "<span lang=\"{lang}\" dir=\"{dir}\">{text}</span>"
                        )),
                    }
                    rest = &from_here[len..];
                }
                None => {
                    out.push(START);
                    rest = &from_here[START.len_utf8()..];
                }
            }
            continue;
        }
        // A tag (or comment): copied without marks, to its end.
        let end = match from_here.starts_with("<!--") {
            true => from_here.find("-->").map_or(from_here.len(), |e| e + 3),
            false => from_here.find('>').map_or(from_here.len(), |e| e + 1),
        };
        let tag = &from_here[..end];
        out.push_str(&strip(tag));
        rest = &from_here[end..];
        // An element whose text is not HTML: without marks to its end tag.
        if let Some(end_tag) = raw_text_end(tag) {
            let stop = find_ignoring_case(rest, end_tag).unwrap_or(rest.len());
            out.push_str(&strip(&rest[..stop]));
            rest = &rest[stop..];
        }
    }
    out.push_str(rest);
    out
}

/// The language, the text and the length of a well-formed mark at the
/// start of `s`.
fn parse(s: &str) -> Option<(&str, &str, usize)> {
    let body = &s[START.len_utf8()..];
    let (lang, after) = body.split_once(TEXT)?;
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '-';
    if lang.is_empty() || lang.len() > 12 || !lang.chars().all(plain) {
        return None;
    }
    let (text, _) = after.split_once(END)?;
    if text.contains(START) {
        return None;
    }
    let len = START.len_utf8() + lang.len() + TEXT.len_utf8() + text.len() + END.len_utf8();
    Some((lang, text, len))
}

/// `s` without marks: each borrowed text as plain text.
fn strip(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find(START) {
        out.push_str(&rest[..at]);
        match parse(&rest[at..]) {
            Some((_, text, len)) => {
                out.push_str(text);
                rest = &rest[at + len..];
            }
            None => {
                out.push(START);
                rest = &rest[at + START.len_utf8()..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The end tag to look for after `tag` when it opens an element whose text
/// is not HTML.
fn raw_text_end(tag: &str) -> Option<&'static str> {
    let name: String = tag
        .trim_start_matches('<')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    match name.as_str() {
        "title" => Some("</title"),
        "style" => Some("</style"),
        "script" => Some("</script"),
        "textarea" => Some("</textarea"),
        _ => None,
    }
}

fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_of(lang: &str) -> &'static str {
        if lang == "ar" { "rtl" } else { "ltr" }
    }

    #[test]
    fn a_borrowed_text_gets_its_language_in_text_and_nothing_elsewhere() {
        let menu = mark("Menu", "id");
        let html = format!(
            "<title>{t} · X</title><style>a{{content:\"{t}\"}}</style><nav aria-label=\"{t}\"><summary>{t}</summary></nav><!-- {t} --><script>var x=\"{t}\"</script>",
            t = menu
        );
        assert_eq!(
            place(html, "ltr", &dir_of),
            "<title>Menu · X</title><style>a{content:\"Menu\"}</style><nav aria-label=\"Menu\"><summary><span lang=\"id\">Menu</span></summary></nav><!-- Menu --><script>var x=\"Menu\"</script>"
        );
        // Another direction is said; a page that borrows nothing is as it was.
        assert_eq!(
            place(format!("<p>{}</p>", mark("Cari", "id")), "rtl", &dir_of),
            "<p><span lang=\"id\" dir=\"ltr\">Cari</span></p>"
        );
        assert_eq!(place("<p>x</p>".into(), "ltr", &dir_of), "<p>x</p>");
        // Not twice: an element that says the language already.
        assert_eq!(
            place(
                format!(
                    "<p lang=\"id\">{}</p><a hreflang=\"id\">{}</a>",
                    mark("Cari", "id"),
                    mark("Buka", "id")
                ),
                "ltr",
                &dir_of
            ),
            "<p lang=\"id\">Cari</p><a hreflang=\"id\"><span lang=\"id\">Buka</span></a>"
        );
        // A stray mark in content is left alone.
        assert_eq!(
            place("<p>\u{E000}x</p>".into(), "ltr", &dir_of),
            "<p>\u{E000}x</p>"
        );
    }
}
