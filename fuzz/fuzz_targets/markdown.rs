#![no_main]
//! Body: `lembar::fuzzing::Markdown` (also replayed over the corpus by `cargo test --lib fuzzing`).

use std::path::Path;
use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use lembar::fuzzing::Markdown;

/// The fixture site, loaded once per process: loading it for every input
/// would be most of the time spent. A `Mutex` because `run` swaps a page's
/// body in; libFuzzer calls the target from one thread.
static TARGET: OnceLock<Mutex<Markdown>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let target = TARGET.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/base");
        Mutex::new(Markdown::new(&root))
    });
    // A previous input's panic poisons the lock; libFuzzer stops on it anyway.
    let mut target = target.lock().unwrap_or_else(|e| e.into_inner());
    target.run(data);
});
