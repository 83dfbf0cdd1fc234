#![no_main]
//! Body: `lembar::fuzzing::front_matter` (also replayed over the corpus by `cargo test --lib fuzzing`).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| lembar::fuzzing::front_matter(data));
