//! lembar: a static-site generator for bilingual information leaflets.
//!
//! The pipeline, one typed stage after another; only the two ends touch the disk:
//!
//! | stage    | function                           | shape                                      | I/O   | parallel |
//! |----------|------------------------------------|--------------------------------------------|-------|----------|
//! | config   | [`config::load_config`]            | `site.yaml` → `Config`                     | read  |          |
//! | load     | [`content::load_content`]          | `Config` → `Content`                       | read  | yes      |
//! | theme    | [`theme::load_theme`]              | embedded + site files → `Theme`            | read  |          |
//! | resolve  | [`site::resolve_site`]             | `Content` → `Site`                         |       |          |
//! | check    | [`check::check_site`]              | `Site` → diagnostics (per file, site-wide) |       | yes      |
//! | plan     | [`plan::Plan::make`]               | `Site` + templates → every output path     |       |          |
//! | markdown | [`markdown::render_markdown`]      | one document → `Rendered`                  |       | yes      |
//! | render   | [`render::render_doc`]             | `Site` + one body + templates → HTML page  |       | yes      |
//! | write    | [`output::Sink`]                   | the plan's outputs → staging folder        | write | yes      |
//! | check    | [`check::check_anchors`]           | `Site` + bodies → diagnostics              |       |          |
//!
//! `build` walks the plan: Markdown, render and write run as one parallel
//! pass per document ([`build_site`]); [`render_output`] keeps the pages in
//! memory instead; `serve` renders the same plan lazily.

pub mod attachments;
pub mod cache;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostic;
pub mod facts;
pub mod feed;
pub mod files;
pub mod front_matter;
#[doc(hidden)]
pub mod fuzzing;
pub mod http_server;
pub mod i18n;
pub mod language;
pub mod links;
pub mod markdown;
pub mod offline;
pub mod output;
pub mod pdf;
pub mod permalinks;
pub mod photos;
pub mod plan;
pub mod printed;
pub mod publish;
pub mod qr;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod sitemap;
pub mod source;
pub mod theme;
pub mod types;
pub mod urls;
pub mod yaml;

mod build;
pub use build::{BuildOptions, Built, build_site, render_output};
pub use plan::Printable;
