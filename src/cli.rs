//! The command line (clap, derive): parsing only; `commands` runs the commands.

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
        after_help = "Examples:\n  lembar build\n  lembar build --root my-site --out /tmp/site --base-url https://example.org/bontang/\n  lembar build --pdf    (needs Chromium, as lembar pdf does)"
    )]
    Build(BuildArgs),
    /// Print the leaflets to PDF with headless Chromium
    #[command(
        after_help = "Examples:\n  lembar pdf\n  lembar pdf bontang-2025 --out /tmp/leaflets\n  lembar pdf --page id/negara/jepang/\n  lembar pdf --booklet\n\nWrites <name>-<language>.pdf and <name>-bilingual.pdf (with --booklet also\n<name>-<language>-booklet.pdf and <name>-bilingual-booklet.pdf), and <path>.pdf for each --page. Chromium is found as\n`chromium`, `chromium-browser` or `google-chrome` on PATH, or in $CHROMIUM."
    )]
    Pdf(PdfArgs),
    /// Serve the site from memory, rebuilding and reloading on every change
    #[command(
        after_help = "Examples:\n  lembar serve\n  lembar serve --port 0 --open\n  lembar serve --bind 0.0.0.0    (preview on a phone in the same network)"
    )]
    Serve(ServeArgs),
    /// Check the site without writing it, with a translation status report
    #[command(
        after_help = "Examples:\n  lembar check\n  lembar check --strict --format json > report.json"
    )]
    Check(CheckArgs),
    /// Create a new page in both languages from its type's template
    #[command(
        after_help = "Examples:\n  lembar new country malaysia\n  lembar new event job-fair-2026"
    )]
    New(NewArgs),
    /// Write a JSON Schema for each content type's front matter
    #[command(
        after_help = "Examples:\n  lembar schema\n  lembar schema --out .vscode/lembar-schemas"
    )]
    Schema(SchemaArgs),
    /// Print shell completions
    #[command(
        after_help = "Examples:\n  lembar completions bash > ~/.local/share/bash-completion/completions/lembar"
    )]
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder, holding site.yaml and content/
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on; 0.0.0.0 lets phones in the same network in
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// The port to listen on; 0 picks a free one
    #[arg(long, value_name = "N", default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the web browser
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Also answer requests for this host name (behind a proxy or tunnel;
    /// `*` for any). IP addresses and `localhost` are always answered
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// Close connections idle for this many seconds (tests shorten it)
    #[arg(long, value_name = "SECONDS", default_value_t = 30, hide = true)]
    pub idle_timeout: u64,
    /// Print how long each stage of a rebuild takes
    #[arg(long, hide = true)]
    pub timings: bool,
}

/// How `lembar check` prints what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site folder, holding site.yaml and content/
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Treat warnings as errors
    #[arg(long)]
    pub strict: bool,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// `human` (diagnostics and a report) or `json` (one object, for CI annotators)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The content type: country, procedure, language, event, leaflet or page
    #[arg(value_name = "TYPE")]
    pub kind: String,
    /// The file name, without language and extension (`malaysia`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The site folder, holding site.yaml and content/
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Where to write the schemas [default: <root>/.lembar/schemas]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The site folder, holding site.yaml and content/ (its folders decide which
    /// files each schema applies to)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
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
    /// Also write each leaflet as a booklet: its A5 pages two to an A4 sheet,
    /// in the order that folds into a booklet (`<name>-<language>-booklet.pdf`)
    #[arg(long)]
    pub booklet: bool,
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
            printed: Default::default(),
            cache: false,
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
    #[arg(long, value_name = "URL", value_parser = base_url)]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Treat warnings as errors
    #[arg(long)]
    pub strict: bool,
    /// Print the leaflets with Chromium and publish their PDFs (and booklets)
    /// beside their pages, linked from them
    #[arg(long)]
    pub pdf: bool,
    /// Print how long each stage takes
    #[arg(long, hide = true)]
    pub timings: bool,
    /// Render every page, reusing nothing of the previous build, and keep
    /// no cache (it lives beside the output: `.public.lembar-cache/`)
    #[arg(long)]
    pub no_cache: bool,
}

impl BuildArgs {
    /// The options for a build on `today`.
    pub fn into_options(self, today: crate::date::Date) -> BuildOptions {
        let a = self;
        BuildOptions {
            today,
            printed: Default::default(),
            root: a.root,
            out: a.out,
            base_url: a.base_url,
            drafts: a.drafts,
            strict: a.strict,
            timings: a.timings,
            cache: !a.no_cache,
        }
    }
}

/// `--base-url` follows the same rule as `base_url` in site.yaml; a bad value
/// is a usage error that names the flag.
fn base_url(raw: &str) -> Result<String, String> {
    crate::config::parse_base_url(raw)
        .map_err(|bad| format!("the address {}\n\n  = help: {}", bad.what, bad.help))
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
