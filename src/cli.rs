//! The command line (clap, derive): parsing only; `main.rs` runs the commands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::BuildOptions;

/// lembar turns Markdown leaflets in Indonesian and English into a static
/// website with a print view.
#[derive(Debug, Parser)]
#[command(name = "lembar", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: public/)
    #[command(
        after_help = "Examples:\n  lembar build\n  lembar build --root my-site --out /tmp/site --base-url https://example.org/bontang/"
    )]
    Build(BuildArgs),
    /// Print the leaflets to PDF with headless Chromium
    #[command(
        after_help = "Examples:\n  lembar pdf\n  lembar pdf bontang-2025 --out /tmp/leaflets\n  lembar pdf --page id/negara/jepang/\n\nWrites <name>-<language>.pdf and <name>-bilingual.pdf. Chromium is found as\n`chromium`, `chromium-browser` or `google-chrome` on PATH, or in $CHROMIUM."
    )]
    Pdf(PdfArgs),
}

#[derive(Debug, Args)]
pub struct PdfArgs {
    /// The site folder, holding site.yaml and content/
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Where to write the PDFs [default: <root>/pdf]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The leaflets to print, by file name (`bontang-2025`) [default: all]
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    /// Also print a built page, by its URL path (`id/negara/jepang/`)
    #[arg(long = "page", value_name = "PATH")]
    pub pages: Vec<String>,
}

impl PdfArgs {
    /// The options for building the site to print from, on `today`.
    pub fn into_options(self, today: crate::date::Date) -> BuildOptions {
        BuildOptions {
            root: self.root,
            out: None,
            base_url: None,
            drafts: false,
            strict: false,
            timings: false,
            today,
        }
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site folder, holding site.yaml and content/
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: <root>/public]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Publish at this address instead of site.yaml's base_url
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Treat warnings as errors
    #[arg(long)]
    pub strict: bool,
    /// Print how long each stage takes
    #[arg(long, hide = true)]
    pub timings: bool,
}

impl BuildArgs {
    /// The options for a build on `today`.
    pub fn into_options(self, today: crate::date::Date) -> BuildOptions {
        let a = self;
        BuildOptions {
            today,
            root: a.root,
            out: a.out,
            base_url: a.base_url,
            drafts: a.drafts,
            strict: a.strict,
            timings: a.timings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_valid() {
        Cli::command().debug_assert();
    }
}
