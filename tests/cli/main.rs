//! The integration tests: the real `lembar` binary on small fixture sites.
//! One folder per feature, and one per error case with exactly one mistake
//! (laid over the `base` fixture).

mod build;
mod errors;
mod help;
mod print;
mod shipped;
mod support;
