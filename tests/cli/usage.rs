//! Usage errors: a bad flag value or environment variable stops lembar before
//! it reads the site, with exit 2, a message naming what to fix, and nothing
//! written.

use std::process::Command;

use crate::support::Site;

/// `lembar build` in a copy of the base site with `env` set; returns the exit
/// code and stderr after checking that no output was written.
fn build_with(args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let site = Site::copy("base");
    let mut command = Command::new(env!("CARGO_BIN_EXE_lembar"));
    command
        .arg("build")
        .args(args)
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", "1796515200")
        .env("NO_COLOR", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("lembar runs");
    assert!(!site.path("public").exists(), "a usage error wrote output");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output.status.code().unwrap_or(-1), stderr)
}

#[test]
fn a_base_url_flag_without_a_host_is_a_usage_error() {
    // An empty variable in CI: `--base-url "https://$HOST/"`.
    let (code, stderr) = build_with(&["--base-url", "https:///"], &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("'--base-url <URL>'"), "{stderr}");
    assert!(stderr.contains("has no host"), "{stderr}");
}

#[test]
fn a_base_url_flag_with_a_query_is_a_usage_error() {
    let (code, stderr) = build_with(&["--base-url", "https://x.org/?ref=1"], &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("'--base-url <URL>'"), "{stderr}");
    assert!(stderr.contains("`?ref=1`"), "{stderr}");
}

#[test]
fn a_source_date_epoch_that_is_not_a_number_is_a_usage_error() {
    let (code, stderr) = build_with(&[], &[("SOURCE_DATE_EPOCH", "abc")]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("SOURCE_DATE_EPOCH"), "{stderr}");
    assert!(stderr.contains("seconds since 1970"), "{stderr}");
}
