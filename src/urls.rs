//! URL paths as they go on the wire: the one place a path is percent-encoded.
//! Pure.

/// Characters percent-encoded in a URL path: the ones RFC 3986 does not allow
/// there (non-ASCII is always encoded), so sitemaps, feeds, redirects and
/// printed addresses carry valid URIs. `/` is kept.
const PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'[')
    .add(b']')
    .add(b'%');

/// `id/café/` → `id/caf%C3%A9/`.
pub fn encode_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_encoded_where_rfc_3986_requires() {
        assert_eq!(encode_path("id/koréa/"), "id/kor%C3%A9a/");
        assert_eq!(
            encode_path("a b/\"<>`{}|\\^[]%?#/"),
            "a%20b/%22%3C%3E%60%7B%7D%7C%5C%5E%5B%5D%25%3F%23/"
        );
        assert_eq!(encode_path("id/negara/jepang/"), "id/negara/jepang/");
    }
}
