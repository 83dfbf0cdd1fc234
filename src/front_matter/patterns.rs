//! The checks front matter gets after serde, as regular expressions (ECMA 262,
//! as editors run them) for the JSON Schemas the fields carry
//! (`#[schemars(regex(...))]`). They live beside the types that use them, so
//! the types never depend on the `lembar schema` command. Pure.

/// What `types::check_photo_path` accepts: segments of allowed characters
/// joined by `/`, none of them `.` or `..`, the last not `index.html`.
pub const PHOTO_PATH: &str = r#"^(?![\s\S]*(?:^|/)\.\.?(?:/|$))(?!(?:[\s\S]*/)?[iI][nN][dD][eE][xX]\.[hH][tT][mM][lL]$)[^/\\#?%" ]+(?:/[^/\\#?%" ]+)*$"#;

/// Text with something other than white space (as `str::trim` sees it).
pub const NOT_BLANK: &str = r"\S";

/// What `links::check_web_url` accepts: `http://` or `https://`, any case,
/// then the first character of a host name.
pub const WEB_URL: &str = r"^[hH][tT][tT][pP][sS]?://[^/?#\s]";

/// What `content::check_slug` accepts: one path segment, not starting with
/// `.`, without spaces, control characters or `?#%"<>:*|`, not `index.html`.
pub const SLUG: &str = r#"^(?![iI][nN][dD][eE][xX]\.[hH][tT][mM][lL]$)[^./\\?#%"<>:*|\s\x00-\x1f\x7f-\x9f][^/\\?#%"<>:*|\s\x00-\x1f\x7f-\x9f]*$"#;
