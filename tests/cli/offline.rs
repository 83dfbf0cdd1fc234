//! Reading offline in real Chromium (`tools/site-check/offline.mjs`): save the
//! Indonesian pages from the home page, lose the network, read every saved
//! page and search; rebuild with one page changed and update. Skipped only
//! without Chromium or playwright-core (see `support::have`).

use crate::support::{Site, Tool, have, site_check};

#[test]
fn a_saved_language_opens_offline_and_an_update_fetches_only_what_changed() {
    if !have(&[Tool::Chromium, Tool::Playwright]) {
        return;
    }
    let site = Site::copy("base");
    let run = std::process::Command::new("node")
        .arg(site_check().join("offline.mjs"))
        .arg(env!("CARGO_BIN_EXE_lembar"))
        .arg(site.root())
        .args(["id", "content/about.id.md", "tentang"])
        .env("CHROMIUM_PATH", Tool::Chromium.find().unwrap())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let saved = &report["saved"];
    // Nothing was cached before the reader asked.
    assert_eq!(saved["control_shown"], true, "{report}");
    assert_eq!(saved["worker_before"], 0, "{report}");
    assert_eq!(saved["files"], saved["listed"], "{report}");
    assert!(saved["status"].as_str().unwrap().starts_with("Tersimpan"));
    // Every saved page opened offline and said it is the saved copy.
    let offline = report["offline"].as_array().unwrap();
    assert!(offline.len() >= 12, "{report}");
    for page in offline {
        assert_eq!(page["ok"], true, "{page}");
        assert_eq!(page["note"], true, "{page}");
    }
    assert!(
        report["search"]["results"].as_u64().unwrap() >= 1,
        "{report}"
    );
    // The update brought every saved file to the new build's version,
    // fetching the changed page and the search files that list it only.
    assert_eq!(report["update"]["current"], true, "{report}");
    let fetched: Vec<&str> = report["update"]["fetched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(
        fetched,
        ["/id/tentang/", "/id/cari/", "/id/search-index.js"],
        "{report}"
    );
    // Removing the copy leaves no cache and no worker.
    assert_eq!(report["removed"]["caches"], 0, "{report}");
    assert_eq!(report["removed"]["workers"], 0, "{report}");
}

#[test]
fn the_build_lists_each_languages_files_with_their_versions() {
    let site = Site::copy("base");
    site.build(&["--base-url", "https://example.org/bontang/"])
        .success();
    let list: serde_json::Value =
        serde_json::from_str(&site.read("public/id/offline.json")).unwrap();
    let files = list["files"].as_array().unwrap();
    let addresses: Vec<&str> = files.iter().map(|f| f[0].as_str().unwrap()).collect();
    // The language's pages by their folder, under the base path, and what
    // every page loads; not the other language, not print-only or big files.
    assert!(addresses.contains(&"/bontang/id/tentang/"));
    assert!(addresses.contains(&"/bontang/style.css"));
    assert!(addresses.contains(&"/bontang/id/search-index.js"));
    assert!(!addresses.iter().any(|a| a.starts_with("/bontang/en/")));
    assert!(
        !addresses
            .iter()
            .any(|a| a.ends_with(".pdf") || a.ends_with("sw.js"))
    );
    // Each version is the hash of the bytes as written, and the sizes add up.
    let about = site.read("public/id/tentang/index.html");
    let entry = files
        .iter()
        .find(|f| f[0] == "/bontang/id/tentang/")
        .unwrap();
    assert_eq!(
        entry[1],
        format!("{:016x}", xxhash_rust::xxh3::xxh3_64(about.as_bytes()))
    );
    assert_eq!(entry[2], about.len());
    let total: u64 = files.iter().map(|f| f[2].as_u64().unwrap()).sum();
    assert_eq!(list["bytes"], total);
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read("public/en/manifest.webmanifest")).unwrap();
    assert_eq!(manifest["start_url"], "/bontang/en/");
    assert_eq!(manifest["scope"], "/bontang/");
    assert_eq!(manifest["lang"], "en");
    assert!(site.path("public/sw.js").is_file());
    let page = site.read("public/en/about/index.html");
    assert!(page.contains("<link rel=\"manifest\" href=\"/bontang/en/manifest.webmanifest\">"));
    assert!(page.contains("data-offline-worker=\"/bontang/sw.js\""));
}
