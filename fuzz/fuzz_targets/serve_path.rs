#![no_main]
//! Body: `lembar::fuzzing::serve_path` (also replayed over the corpus by `cargo test --lib fuzzing`).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| lembar::fuzzing::serve_path(data));
