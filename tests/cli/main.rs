//! The integration tests: the real `lembar` binary on small fixture sites.
//! One folder per feature, and one per error case with exactly one mistake
//! (laid over the `base` fixture).

mod build;
mod check;
mod errors;
mod help;
mod new;
mod print;
mod schema;
mod serve;
mod shipped;
mod support;
