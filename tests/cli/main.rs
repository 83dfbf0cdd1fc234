//! The integration tests: the real `lembar` binary on small fixture sites.
//! One folder per feature, and one per error case with exactly one mistake
//! (laid over the `base` fixture).

mod build;
mod cache;
mod check;
mod deploy;
mod errors;
mod facts;
mod help;
mod languages;
mod migrate;
mod new;
mod offline;
mod photos;
mod print;
mod publish;
mod schema;
mod search;
mod serve;
mod sharing;
mod shipped;
mod support;
mod trust;
mod usage;
