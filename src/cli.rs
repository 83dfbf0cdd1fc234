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
