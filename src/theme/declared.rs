//! What a theme declares about its own templates (`theme.yaml`), which
//! lembar needs while it renders: the ids the templates give elements, which
//! headings must not take, and the `sizes` of event photos, which follows the
//! theme's stylesheet. The default theme's file is embedded with it; a site
//! theme's `themes/<name>/theme.yaml` replaces the keys it sets. Pure: the
//! caller reads the site's file.

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// The declaration's file name in a theme's folder.
pub const DECLARED_FILE: &str = "theme.yaml";

/// The keys of [`DECLARED_FILE`], for did-you-mean.
const FIELDS: &[&str] = &["reserved_ids", "leaflet_ids", "photo_sizes"];

/// What the theme declares, with every key filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// Ids the templates give elements around a page's body.
    pub reserved_ids: Vec<String>,
    /// Ids a leaflet's article adds around the leaflet's own text.
    pub leaflet_ids: Vec<String>,
    /// The `sizes` attribute of event photos.
    pub photo_sizes: String,
}

/// One theme's file: the keys it sets.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    reserved_ids: Option<Vec<String>>,
    leaflet_ids: Option<Vec<String>>,
    photo_sizes: Option<String>,
}

/// Parses a theme's `theme.yaml`; errors are located in it.
pub fn parse_layer(file: &SourceFile) -> Result<Layer, Diagnostic> {
    let at = crate::yaml::Anchor::whole_file(file, "`theme.yaml` key", "to the file");
    crate::yaml::parse(file, &at, FIELDS)
}

impl Declared {
    /// This declaration with the keys `layer` sets replaced.
    pub fn overlay(self, layer: Layer) -> Declared {
        Declared {
            reserved_ids: layer.reserved_ids.unwrap_or(self.reserved_ids),
            leaflet_ids: layer.leaflet_ids.unwrap_or(self.leaflet_ids),
            photo_sizes: layer.photo_sizes.unwrap_or(self.photo_sizes),
        }
    }
}

impl Default for Declared {
    /// The embedded default theme's declaration, which sets every key.
    fn default() -> Declared {
        let text = super::DEFAULT_THEME
            .get_file(DECLARED_FILE)
            .and_then(|f| f.contents_utf8())
            .expect("the default theme has a theme.yaml");
        let file = SourceFile::new("themes/default/theme.yaml", text.to_string());
        let layer = parse_layer(&file).expect("the default theme's theme.yaml parses");
        let missing = "the default theme's theme.yaml sets every key";
        Declared {
            reserved_ids: layer.reserved_ids.expect(missing),
            leaflet_ids: layer.leaflet_ids.expect(missing),
            photo_sizes: layer.photo_sizes.expect(missing),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(text: &str) -> Result<Layer, Diagnostic> {
        parse_layer(&SourceFile::new("themes/mine/theme.yaml", text.into()))
    }

    #[test]
    fn the_default_theme_declares_every_key() {
        let declared = Declared::default();
        assert!(declared.reserved_ids.iter().any(|i| i == "main"));
        assert!(declared.leaflet_ids.iter().any(|i| i == "leaflet-title"));
        assert!(declared.photo_sizes.contains("45.125em"));
    }

    #[test]
    fn a_site_theme_replaces_only_the_keys_it_sets() {
        let mine = layer("photo_sizes: 100vw\n").unwrap();
        let declared = Declared::default().overlay(mine);
        assert_eq!(declared.photo_sizes, "100vw");
        assert_eq!(declared.reserved_ids, Declared::default().reserved_ids);
    }

    #[test]
    fn a_misspelt_key_is_a_located_error_with_a_suggestion() {
        let problem = layer("reserved_id: [main]\n").unwrap_err().to_string();
        assert!(
            problem.starts_with("themes/mine/theme.yaml:1:1: error:"),
            "{problem}"
        );
        assert!(problem.contains("`reserved_ids`"), "{problem}");
        let problem = layer("photo_sizes: [1, 2]\n").unwrap_err().to_string();
        assert!(problem.contains("themes/mine/theme.yaml:1:"), "{problem}");
    }
}
