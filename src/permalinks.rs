//! Permalink patterns: the pages of a section at addresses made from their
//! date and slug (`post: /:year/:month/:day/:slug/` in `site.yaml`), as
//! Hugo's `permalinks` make them. Pure; no I/O.

use std::collections::BTreeMap;

use crate::date::Date;

/// The patterns of `site.yaml`, by section folder (`post`, `news/2025`).
#[derive(Debug, Clone, Default)]
pub struct Permalinks(BTreeMap<String, Pattern>);

/// One pattern: literal text and the page's parts, segment by segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    segments: Vec<Vec<Part>>,
    written: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Year,
    Month,
    Day,
    Slug,
}

/// The parts a pattern may name.
pub const NAMES: &str = "`:year`, `:month`, `:day` (from the page's `date`) and `:slug`";

impl Permalinks {
    /// Parses `site.yaml`'s `permalinks` map; on a bad entry, says what is
    /// wrong with it (the section and the problem) and what to do.
    pub fn parse(raw: &BTreeMap<String, String>) -> Result<Self, (String, String)> {
        let mut patterns = BTreeMap::new();
        for (section, written) in raw {
            let folder = section.trim_matches('/');
            if folder.is_empty()
                || folder
                    .split('/')
                    .any(|s| s.is_empty() || s == "." || s == "..")
            {
                return Err((
                    format!("`{section}` under `permalinks` is not a folder of `content/`"),
                    "name a section by its folder under `content/`, such as `post` or `news/2025`"
                        .into(),
                ));
            }
            let pattern = Pattern::parse(written)
                .map_err(|what| (format!("the permalink pattern of `{section}`: {what}"), format!("write the address from the language's root with {NAMES}, such as `/:year/:month/:slug/`")))?;
            patterns.insert(folder.to_string(), pattern);
        }
        Ok(Permalinks(patterns))
    }

    /// The pattern for a page in folder `dir` (under `content/`): its
    /// section's, or the nearest section's above it.
    pub fn for_dir(&self, dir: &str) -> Option<&Pattern> {
        let mut dir = dir;
        loop {
            if let Some(pattern) = self.0.get(dir) {
                return Some(pattern);
            }
            dir = dir.rsplit_once('/')?.0;
        }
    }
}

impl Pattern {
    fn parse(written: &str) -> Result<Pattern, String> {
        let body = written.trim().trim_matches('/');
        if body.is_empty() {
            return Err("it is empty".into());
        }
        let mut segments = Vec::new();
        for segment in body.split('/') {
            if segment.is_empty() || segment == "." || segment == ".." {
                return Err(format!("`{written}` has an empty, `.` or `..` segment"));
            }
            segments.push(parse_segment(segment)?);
        }
        let pattern = Pattern {
            segments,
            written: written.to_string(),
        };
        if !pattern.uses(&Part::Slug) {
            return Err(format!(
                "`{written}` has no `:slug`, so every page of the section would have one address"
            ));
        }
        Ok(pattern)
    }

    fn uses(&self, part: &Part) -> bool {
        self.segments.iter().flatten().any(|p| p == part)
    }

    /// Whether the pattern needs the page's `date`.
    pub fn needs_date(&self) -> bool {
        [Part::Year, Part::Month, Part::Day]
            .iter()
            .any(|p| self.uses(p))
    }

    /// The pattern as `site.yaml` writes it.
    pub fn written(&self) -> &str {
        &self.written
    }

    /// The page's address below its language's root, ending in `/`
    /// (`2015/07/01/legal-transparency-report/`); `None` when the pattern
    /// needs a date the page does not have.
    pub fn expand(&self, date: Option<Date>, slug: &str) -> Option<String> {
        let mut url = String::new();
        for segment in &self.segments {
            for part in segment {
                match part {
                    Part::Text(text) => url.push_str(text),
                    Part::Year => url.push_str(&format!("{:04}", date?.year())),
                    Part::Month => url.push_str(&format!("{:02}", date?.month())),
                    Part::Day => url.push_str(&format!("{:02}", date?.day())),
                    Part::Slug => url.push_str(slug),
                }
            }
            url.push('/');
        }
        Some(url)
    }
}

/// One segment: text and `:name`s, such as `:year` or `post-:slug`.
fn parse_segment(segment: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut rest = segment;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix(':') {
            let end = after
                .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .unwrap_or(after.len());
            let part = match &after[..end] {
                "year" => Part::Year,
                "month" => Part::Month,
                "day" => Part::Day,
                "slug" => Part::Slug,
                "title" => return Err("`:title` is not a part lembar knows: use `:slug`, which is the page's `slug`, else its file name".into()),
                other => return Err(format!("`:{other}` is not a part lembar knows")),
            };
            parts.push(part);
            rest = &after[end..];
        } else {
            let end = rest.find(':').unwrap_or(rest.len());
            let text = &rest[..end];
            if let Some(c) = text
                .chars()
                .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
            {
                return Err(format!(
                    "`{c}` cannot be part of an address; use letters, digits, `-`, `_` or `.`"
                ));
            }
            parts.push(Part::Text(text.to_lowercase()));
            rest = &rest[end..];
        }
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(pairs: &[(&str, &str)]) -> Result<Permalinks, (String, String)> {
        let raw = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Permalinks::parse(&raw)
    }

    #[test]
    fn a_dated_pattern_gives_each_year_its_own_address() {
        let p = patterns(&[("post", "/:year/:month/:day/:slug/")]).unwrap();
        let pattern = p.for_dir("post").unwrap();
        assert!(pattern.needs_date());
        let day = Date::parse("2015-7-1");
        assert_eq!(
            pattern.expand(day, "legal-transparency-report").as_deref(),
            Some("2015/07/01/legal-transparency-report/")
        );
        assert_eq!(pattern.expand(None, "x"), None);
        assert_eq!(p.for_dir("post/2016").unwrap(), pattern, "a folder below");
        assert!(p.for_dir("posts").is_none() && p.for_dir("").is_none());
        let q = patterns(&[("news", "berita-:year/:slug")]).unwrap();
        assert_eq!(
            q.for_dir("news").unwrap().expand(day, "a").as_deref(),
            Some("berita-2015/a/")
        );
    }

    #[test]
    fn bad_patterns_say_what_is_wrong() {
        for (section, pattern, says) in [
            ("post", "/:year/:title/", "`:title` is not a part"),
            ("post", "/:year/", "no `:slug`"),
            ("post", "", "empty"),
            ("post", "/a//:slug/", "empty, `.` or `..`"),
            ("post", "../:slug", "empty, `.` or `..`"),
            ("post", "/a b/:slug/", "` ` cannot be part"),
            ("../x", "/:slug/", "not a folder"),
        ] {
            let (what, _) = patterns(&[(section, pattern)]).unwrap_err();
            assert!(what.contains(says), "{pattern}: {what}");
        }
    }
}
