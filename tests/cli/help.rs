//! The command line surface: help, version and usage errors.

use crate::support::run_in;

#[test]
fn version_names_the_tool() {
    let run = run_in(std::env::temp_dir().as_path(), &["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout.trim(),
        format!("lembar {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn build_help_shows_an_example() {
    let run = run_in(std::env::temp_dir().as_path(), &["help", "build"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("Examples:\n  lembar build"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("--base-url <URL>"), "{}", run.stdout);
}

#[test]
fn usage_errors_exit_with_2() {
    let run = run_in(std::env::temp_dir().as_path(), &["build", "--no-such-flag"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unexpected argument '--no-such-flag'"),
        "{}",
        run.stderr
    );
    let run = run_in(std::env::temp_dir().as_path(), &["frobnicate"]);
    assert_eq!(run.code, 2);
}
