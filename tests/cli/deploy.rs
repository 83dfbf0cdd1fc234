//! The deploy recipes in `docs/deploy/`: each file has the shape its host needs
//! (read as YAML with serde_yaml, netlify.toml line by line), builds with
//! `--base-url` and publishes `public/`, and the README shows each file as it is.

use std::path::Path;

use serde_yaml::Value;

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn yaml(rel: &str) -> Value {
    serde_yaml::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel} is not YAML: {e}"))
}

/// `value[key]` as a string, or "" when missing or not a string.
fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// Every step of every job of a GitHub workflow, with its job's name.
fn steps(workflow: &Value) -> Vec<(&str, &Value)> {
    let jobs = workflow["jobs"].as_mapping().expect("`jobs` is a mapping");
    jobs.iter()
        .flat_map(|(name, job)| {
            let name = name.as_str().unwrap_or_default();
            let steps = job["steps"].as_sequence().map_or(&[][..], Vec::as_slice);
            steps.iter().map(move |s| (name, s))
        })
        .collect()
}

/// The one step whose `uses` names `action` (any version), with its job's name.
fn step_using<'a>(steps: &[(&'a str, &'a Value)], action: &str) -> (&'a str, &'a Value) {
    let found: Vec<_> = steps
        .iter()
        .filter(|(_, s)| text(s, "uses").starts_with(&format!("{action}@")))
        .collect();
    assert_eq!(found.len(), 1, "one step uses {action}: {found:?}");
    *found[0]
}

#[test]
fn github_pages_workflow_builds_with_the_pages_address_and_deploys_public() {
    let workflow = yaml("docs/deploy/github-pages.yml");

    // `on` stays a string key (YAML 1.2), not the boolean of YAML 1.1.
    let on = workflow.get("on").expect("an `on` trigger");
    assert!(on.get("push").is_some(), "runs on push: {on:?}");
    assert_eq!(text(&workflow["permissions"], "pages"), "write");
    assert_eq!(text(&workflow["permissions"], "id-token"), "write");
    assert!(
        workflow["concurrency"].get("group").is_some(),
        "one deployment at a time"
    );

    let steps = steps(&workflow);
    let (build_job, configure) = step_using(&steps, "actions/configure-pages");
    assert_eq!(text(configure, "id"), "pages");
    let builds: Vec<&str> = steps
        .iter()
        .map(|(_, s)| text(s, "run"))
        .filter(|run| run.contains("lembar build"))
        .collect();
    assert_eq!(
        builds,
        ["lembar build --pdf --base-url \"${{ steps.pages.outputs.base_url }}/\""]
    );
    // `--pdf` needs Chromium: installed, and named to lembar.
    let (chrome_job, chrome) = step_using(&steps, "browser-actions/setup-chrome");
    assert_eq!(chrome_job, build_job);
    let chrome_id = text(chrome, "id");
    let (_, build) = steps
        .iter()
        .find(|(_, s)| text(s, "run").contains("lembar build"))
        .expect("the build step");
    assert_eq!(
        text(&build["env"], "CHROMIUM"),
        format!("${{{{ steps.{chrome_id}.outputs.chrome-path }}}}")
    );
    assert!(
        steps
            .iter()
            .any(|(_, s)| text(s, "run").contains("cargo install --locked")),
        "installs lembar"
    );

    let (upload_job, upload) = step_using(&steps, "actions/upload-pages-artifact");
    assert_eq!(text(&upload["with"], "path"), "public");
    assert_eq!(upload_job, build_job);
    let (deploy_job, _) = step_using(&steps, "actions/deploy-pages");
    let deploy = &workflow["jobs"][deploy_job];
    assert_eq!(deploy["needs"].as_str(), Some(build_job));
    assert_eq!(text(&deploy["environment"], "name"), "github-pages");
}

#[test]
fn gitlab_pages_job_builds_with_the_pages_address_and_keeps_public() {
    let ci = yaml("docs/deploy/gitlab-ci.yml");
    let pages = ci.get("pages").expect("a `pages` job");
    let paths: Vec<&str> = pages["artifacts"]["paths"]
        .as_sequence()
        .expect("artifacts.paths is a list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(paths.contains(&"public"), "{paths:?}");
    let script: Vec<&str> = pages["script"]
        .as_sequence()
        .expect("script is a list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let builds: Vec<&&str> = script
        .iter()
        .filter(|l| l.contains("lembar build"))
        .collect();
    assert_eq!(
        builds,
        [&".lembar/bin/lembar build --pdf --base-url \"$CI_PAGES_URL/\""]
    );
    let chromium = script
        .iter()
        .position(|l| l.contains("apt-get install") && l.contains("chromium"))
        .expect("installs Chromium for --pdf");
    let build = script
        .iter()
        .position(|l| l.contains("lembar build"))
        .unwrap();
    assert!(chromium < build, "Chromium before the build: {script:?}");
    assert!(
        script[0].starts_with("cargo install --locked"),
        "installs lembar first: {script:?}"
    );
}

/// netlify.toml as (table, key, string value), for the subset of TOML the recipe
/// uses: `[table]` headers, `key = "basic string"` and comments. Anything else
/// is an error, so the recipe cannot grow syntax this reading would get wrong.
fn toml_strings(text: &str) -> Vec<(String, String, String)> {
    let mut table = String::new();
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            table = name.to_string();
            continue;
        }
        let (key, value) = line
            .split_once(" = ")
            .unwrap_or_else(|| panic!("line {}: not `key = value`: {line}", n + 1));
        let inner = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or_else(|| panic!("line {}: not a one-line string: {value}", n + 1));
        assert!(
            !inner.replace("\\\"", "").contains(['"', '\\']),
            "line {}: only \\\" escapes are read: {inner}",
            n + 1
        );
        entries.push((table.clone(), key.to_string(), inner.replace("\\\"", "\"")));
    }
    entries
}

fn toml_get<'a>(entries: &'a [(String, String, String)], table: &str, key: &str) -> &'a str {
    entries
        .iter()
        .find(|(t, k, _)| t == table && k == key)
        .map(|(_, _, v)| v.as_str())
        .unwrap_or_else(|| panic!("netlify.toml has no {table}.{key}"))
}

#[test]
fn netlify_builds_each_context_with_its_address_and_publishes_public() {
    let entries = toml_strings(&read("docs/deploy/netlify.toml"));
    assert_eq!(toml_get(&entries, "build", "publish"), "public");
    assert!(toml_get(&entries, "build.environment", "LEMBAR_REPO").starts_with("https://"));
    for (table, address) in [
        ("build", "$DEPLOY_PRIME_URL/"),
        ("context.production", "$URL/"),
    ] {
        let command = toml_get(&entries, table, "command");
        assert!(
            command.starts_with("cargo install --locked --git \"$LEMBAR_REPO\""),
            "{command}"
        );
        assert!(
            command.ends_with(&format!(
                ".lembar/bin/lembar build --pdf --base-url \"{address}\""
            )),
            "{table}: {command}"
        );
        // `--pdf` needs Chromium: fetched, and named to lembar.
        assert!(
            command.contains("@puppeteer/browsers install chrome-headless-shell")
                && command.contains("CHROMIUM=$(ls .lembar/chrome/"),
            "{table}: {command}"
        );
    }
}

#[test]
fn toml_reading_rejects_what_it_does_not_understand() {
    let bad = std::panic::catch_unwind(|| toml_strings("[build]\npublish = 'public'\n"));
    assert!(bad.is_err(), "a literal string is not read as a basic one");
    let ok = toml_strings("# c\n[a.b]\nk = \"x \\\"y\\\"\"\n");
    assert_eq!(ok, [("a.b".into(), "k".into(), "x \"y\"".into())]);
}

#[test]
fn readme_shows_each_recipe_exactly_as_the_file_is() {
    let readme = read("README.md");
    for (file, lang) in [
        ("docs/deploy/github-pages.yml", "yaml"),
        ("docs/deploy/gitlab-ci.yml", "yaml"),
        ("docs/deploy/netlify.toml", "toml"),
    ] {
        let block = format!("```{lang}\n{}```\n", read(file));
        assert!(
            readme.contains(&block),
            "README.md does not show {file} as it is; copy the file into its fenced block"
        );
        assert!(
            readme.contains(&format!("]({file})")),
            "README.md links {file}"
        );
    }
}
